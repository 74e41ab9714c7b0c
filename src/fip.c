/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/fip.h"

#include "spmc/checked.h"
#include "spmc/memiter.h"
#include "spmc/std.h"

/*
 * Facts: tfa-spmd-interface §2.1 (ToC layout, end marker) and §2.2
 * (UUIDs and the FF-A word byte order).
 */

static const char *const fip_error_names[] = {
#define FIP_ERROR_NAME(name, desc) "FIP_ERROR_" #name,
	FIP_ERRORS(FIP_ERROR_NAME)
#undef FIP_ERROR_NAME
};

static const char *const fip_error_descs[] = {
#define FIP_ERROR_DESC(name, desc) desc,
	FIP_ERRORS(FIP_ERROR_DESC)
#undef FIP_ERROR_DESC
};

static_assert(ARRAY_SIZE(fip_error_names) == FIP_ERROR_COUNT);
static_assert(ARRAY_SIZE(fip_error_descs) == FIP_ERROR_COUNT);

/* BL2: 5ff9ec0b-4d22-3e4d-a544-c39d81c73f0a */
const struct fip_uuid fip_uuid_tb_fw = { { 0x5f, 0xf9, 0xec, 0x0b, 0x4d, 0x22,
					   0x3e, 0x4d, 0xa5, 0x44, 0xc3, 0x9d,
					   0x81, 0xc7, 0x3f, 0x0a } };

/* BL31: 47d4086d-4cfe-9846-9b95-2950cbbd5a00 */
const struct fip_uuid fip_uuid_soc_fw = { { 0x47, 0xd4, 0x08, 0x6d, 0x4c, 0xfe,
					    0x98, 0x46, 0x9b, 0x95, 0x29, 0x50,
					    0xcb, 0xbd, 0x5a, 0x00 } };

/* BL32: 05d0e189-53dc-1347-8d2b-500a4b7a3e38 */
const struct fip_uuid fip_uuid_tos_fw = { { 0x05, 0xd0, 0xe1, 0x89, 0x53, 0xdc,
					    0x13, 0x47, 0x8d, 0x2b, 0x50, 0x0a,
					    0x4b, 0x7a, 0x3e, 0x38 } };

/* BL33: d6d0eea7-fcea-d54b-9782-9934f234b6e4 */
const struct fip_uuid fip_uuid_nt_fw = { { 0xd6, 0xd0, 0xee, 0xa7, 0xfc, 0xea,
					   0xd5, 0x4b, 0x97, 0x82, 0x99, 0x34,
					   0xf2, 0x34, 0xb6, 0xe4 } };

/* RMM: 6c0762a6-12f2-4b56-92cb-ba8f633606d9 */
const struct fip_uuid fip_uuid_rmm_fw = { { 0x6c, 0x07, 0x62, 0xa6, 0x12, 0xf2,
					    0x4b, 0x56, 0x92, 0xcb, 0xba, 0x8f,
					    0x63, 0x36, 0x06, 0xd9 } };

/* FW_CONFIG: 5807e16a-8459-47be-8ed5-648e8dddab0e */
const struct fip_uuid fip_uuid_fw_config = {
	{ 0x58, 0x07, 0xe1, 0x6a, 0x84, 0x59, 0x47, 0xbe, 0x8e, 0xd5, 0x64,
	  0x8e, 0x8d, 0xdd, 0xab, 0x0e }
};

/* HW_CONFIG: 08b8f1d9-c9cf-9349-a962-6fbc6b7265cc */
const struct fip_uuid fip_uuid_hw_config = {
	{ 0x08, 0xb8, 0xf1, 0xd9, 0xc9, 0xcf, 0x93, 0x49, 0xa9, 0x62, 0x6f,
	  0xbc, 0x6b, 0x72, 0x65, 0xcc }
};

/* TB_FW_CONFIG: 6c0458ff-af6b-7d4f-82ed-aa27bc69bfd2 */
const struct fip_uuid fip_uuid_tb_fw_config = {
	{ 0x6c, 0x04, 0x58, 0xff, 0xaf, 0x6b, 0x7d, 0x4f, 0x82, 0xed, 0xaa,
	  0x27, 0xbc, 0x69, 0xbf, 0xd2 }
};

/* SOC_FW_CONFIG: 9979814b-0376-fb46-8c8e-8d267f7859e0 */
const struct fip_uuid fip_uuid_soc_fw_config = {
	{ 0x99, 0x79, 0x81, 0x4b, 0x03, 0x76, 0xfb, 0x46, 0x8c, 0x8e, 0x8d,
	  0x26, 0x7f, 0x78, 0x59, 0xe0 }
};

/* TOS_FW_CONFIG: 26257c1a-dbc6-7f47-8d96-c4c4b0248021 */
const struct fip_uuid fip_uuid_tos_fw_config = {
	{ 0x26, 0x25, 0x7c, 0x1a, 0xdb, 0xc6, 0x7f, 0x47, 0x8d, 0x96, 0xc4,
	  0xc4, 0xb0, 0x24, 0x80, 0x21 }
};

/* NT_FW_CONFIG: 28da9815-93e8-7e44-ac66-1aaf801550f9 */
const struct fip_uuid fip_uuid_nt_fw_config = {
	{ 0x28, 0xda, 0x98, 0x15, 0x93, 0xe8, 0x7e, 0x44, 0xac, 0x66, 0x1a,
	  0xaf, 0x80, 0x15, 0x50, 0xf9 }
};

/** Returns the name of `e`, or NULL if it is not an `enum fip_error`. */
const char *fip_error_name(enum fip_error e)
{
	if ((unsigned int)e >= FIP_ERROR_COUNT) {
		return NULL;
	}
	return fip_error_names[e];
}

/** Returns the description of `e`, or NULL if it is out of range. */
const char *fip_error_describe(enum fip_error e)
{
	if ((unsigned int)e >= FIP_ERROR_COUNT) {
		return NULL;
	}
	return fip_error_descs[e];
}

/** The ToC header, as read. */
struct fip_header {
	uint32_t name;
	uint32_t serial;
	uint64_t flags;
};

/** True if `uuid` is the all-zero UUID of the end marker. */
static bool fip_uuid_is_null(const struct fip_uuid *uuid)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < FIP_UUID_SIZE; i++) {
		acc |= uuid->b[i];
	}
	return acc == 0;
}

/**
 * Reads ToC entry `index` (the end marker has index `entry_count`) from the
 * FIP bytes `all`. Returns false if the entry does not fit.
 */
static bool fip_read_entry(const struct memiter *all, uint32_t index,
			   struct fip_entry *e)
{
	struct memiter it;
	const void *uuid;
	/* `index` is at most FIP_MAX_ENTRIES: this cannot overflow. */
	size_t off = FIP_HEADER_SIZE + (size_t)index * FIP_ENTRY_SIZE;

	if (!memiter_slice(all, off, FIP_ENTRY_SIZE, &it) ||
	    !memiter_consume(&it, FIP_UUID_SIZE, &uuid)) {
		return false;
	}
	memcpy(e->uuid.b, uuid, FIP_UUID_SIZE);
	return memiter_read_le64(&it, &e->offset) &&
	       memiter_read_le64(&it, &e->size) &&
	       memiter_read_le64(&it, &e->flags);
}

/** Reads and checks the 16-byte ToC header. */
static enum fip_error fip_check_header(struct memiter *it, struct fip_header *h)
{
	if (!memiter_read_le32(it, &h->name) ||
	    !memiter_read_le32(it, &h->serial) ||
	    !memiter_read_le64(it, &h->flags)) {
		return FIP_ERROR_TRUNCATED_HEADER;
	}
	if (h->name != FIP_TOC_NAME) {
		return FIP_ERROR_BAD_NAME;
	}
	if (h->serial == 0) {
		return FIP_ERROR_BAD_SERIAL;
	}
	if ((h->flags & ~FIP_FLAGS_PLAT_MASK) != 0) {
		return FIP_ERROR_RESERVED_FLAGS;
	}
	return FIP_ERROR_SUCCESS;
}

/**
 * Counts the entries before the null-UUID end marker into `*count` and
 * returns the marker in `*marker`. At most FIP_MAX_ENTRIES entries are read.
 */
static enum fip_error fip_find_end_marker(const struct memiter *all,
					  uint32_t *count,
					  struct fip_entry *marker)
{
	uint32_t i;

	for (i = 0; i <= FIP_MAX_ENTRIES; i++) {
		if (!fip_read_entry(all, i, marker)) {
			return FIP_ERROR_NO_END_MARKER;
		}
		if (fip_uuid_is_null(&marker->uuid)) {
			*count = i;
			return FIP_ERROR_SUCCESS;
		}
	}
	return FIP_ERROR_TOO_MANY_ENTRIES;
}

/**
 * Checks one real entry: non-empty, no overflow, inside `[toc_end, end)`
 * where `end` is the end marker's offset (itself within the FIP).
 */
static enum fip_error fip_check_entry(const struct fip_entry *e,
				      uint64_t toc_end, uint64_t end)
{
	uint64_t e_end;

	if (e->size == 0) {
		return FIP_ERROR_ENTRY_EMPTY;
	}
	if (!checked_range_end(e->offset, e->size, &e_end)) {
		return FIP_ERROR_ENTRY_OVERFLOW;
	}
	if (e->offset < toc_end) {
		return FIP_ERROR_ENTRY_OVERLAPS_TOC;
	}
	if (e_end > end) {
		return FIP_ERROR_ENTRY_OUT_OF_BOUNDS;
	}
	return FIP_ERROR_SUCCESS;
}

/**
 * Checks entry `index` against those before it: distinct UUIDs and
 * disjoint payloads. Every entry was already checked by `fip_check_entry`,
 * so the ends cannot overflow.
 */
static enum fip_error fip_check_pairs(const struct memiter *all, uint32_t index,
				      const struct fip_entry *e)
{
	struct fip_entry other;
	uint32_t j;

	for (j = 0; j < index; j++) {
		if (!fip_read_entry(all, j, &other)) {
			return FIP_ERROR_NO_END_MARKER;
		}
		if (fip_uuid_equal(&e->uuid, &other.uuid)) {
			return FIP_ERROR_DUPLICATE_UUID;
		}
		if (ranges_overlap(e->offset, e->offset + e->size, other.offset,
				   other.offset + other.size)) {
			return FIP_ERROR_ENTRIES_OVERLAP;
		}
	}
	return FIP_ERROR_SUCCESS;
}

/** Checks every real entry alone, then against the entries before it. */
static enum fip_error fip_check_entries(const struct memiter *all,
					uint32_t count, uint64_t toc_end,
					uint64_t end)
{
	struct fip_entry e;
	enum fip_error err;
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (!fip_read_entry(all, i, &e)) {
			return FIP_ERROR_NO_END_MARKER;
		}
		err = fip_check_entry(&e, toc_end, end);
		if (err == FIP_ERROR_SUCCESS) {
			err = fip_check_pairs(all, i, &e);
		}
		if (err != FIP_ERROR_SUCCESS) {
			return err;
		}
	}
	return FIP_ERROR_SUCCESS;
}

/**
 * Validates the whole ToC of the FIP at `data` (`size` readable bytes):
 * header, end marker, then every entry. Fills `*fip` only on success; reads
 * nothing outside the buffer. Error class (b).
 */
enum fip_error fip_init(struct fip *fip, const void *data, size_t size)
{
	struct memiter all;
	struct memiter it;
	struct fip_header h;
	struct fip_entry marker;
	uint32_t count = 0;
	uint64_t toc_end;
	enum fip_error err;

	memiter_init(&all, data, size);
	it = all;
	err = fip_check_header(&it, &h);
	if (err == FIP_ERROR_SUCCESS) {
		err = fip_find_end_marker(&all, &count, &marker);
	}
	if (err != FIP_ERROR_SUCCESS) {
		return err;
	}
	/* The marker was read, so the ToC fits in `size`. */
	toc_end = FIP_HEADER_SIZE + ((uint64_t)count + 1) * FIP_ENTRY_SIZE;
	if (marker.size != 0 || marker.offset < toc_end ||
	    marker.offset > size) {
		return FIP_ERROR_END_MARKER_INVALID;
	}
	err = fip_check_entries(&all, count, toc_end, marker.offset);
	if (err != FIP_ERROR_SUCCESS) {
		return err;
	}
	*fip = (struct fip){
		.data = data,
		.size = size,
		.serial = h.serial,
		.flags = h.flags,
		.entry_count = count,
		.toc_end = toc_end,
		.end = marker.offset,
	};
	return FIP_ERROR_SUCCESS;
}

/**
 * Copies entry `index` of a FIP validated by `fip_init` to `*entry`.
 * Returns false, with `*entry` unchanged, if `index >= entry_count`.
 */
bool fip_entry_get(const struct fip *fip, uint32_t index,
		   struct fip_entry *entry)
{
	struct memiter all;
	struct fip_entry e;

	if (index >= fip->entry_count) {
		return false;
	}
	memiter_init(&all, fip->data, fip->size);
	if (!fip_read_entry(&all, index, &e)) {
		return false;
	}
	*entry = e;
	return true;
}

/**
 * Looks up `uuid` in a FIP validated by `fip_init`. Returns false, with
 * `*entry` unchanged, if no entry has it.
 */
bool fip_find(const struct fip *fip, const struct fip_uuid *uuid,
	      struct fip_entry *entry)
{
	struct fip_entry e;
	uint32_t i;

	for (i = 0; i < fip->entry_count; i++) {
		if (fip_entry_get(fip, i, &e) &&
		    fip_uuid_equal(&e.uuid, uuid)) {
			*entry = e;
			return true;
		}
	}
	return false;
}

/**
 * Returns a pointer to `entry`'s payload. `entry` must come from
 * `fip_entry_get` or `fip_find` on the same FIP, which guarantees that the
 * payload lies inside the buffer.
 */
const void *fip_entry_data(const struct fip *fip, const struct fip_entry *entry)
{
	return fip->data + entry->offset;
}

/** Compares the 16 bytes of two UUIDs. */
bool fip_uuid_equal(const struct fip_uuid *a, const struct fip_uuid *b)
{
	return memcmp(a->b, b->b, FIP_UUID_SIZE) == 0;
}

/**
 * Stores each FF-A word little-endian, word 0 first: the partition
 * manifest's `<w0 w1 w2 w3>` becomes the RFC byte string fiptool and BL2
 * use (§2.2: "byte-swap each 32-bit word and concatenate").
 */
void fip_uuid_from_ffa(const struct ffa_uuid *in, struct fip_uuid *out)
{
	size_t i;

	for (i = 0; i < FIP_UUID_SIZE; i++) {
		out->b[i] = (uint8_t)(in->w[i / 4] >> (8 * (i % 4)));
	}
}

/** Reassembles the FF-A words from their little-endian FIP image. */
void fip_uuid_to_ffa(const struct fip_uuid *in, struct ffa_uuid *out)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		out->w[i] = (uint32_t)in->b[4 * i] |
			    ((uint32_t)in->b[4 * i + 1] << 8) |
			    ((uint32_t)in->b[4 * i + 2] << 16) |
			    ((uint32_t)in->b[4 * i + 3] << 24);
	}
}

/** Formats `uuid` as "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into `buf`. */
void fip_uuid_format(const struct fip_uuid *uuid, char buf[FIP_UUID_STR_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	size_t pos = 0;

	for (i = 0; i < FIP_UUID_SIZE; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			buf[pos++] = '-';
		}
		buf[pos++] = hex[uuid->b[i] >> 4];
		buf[pos++] = hex[uuid->b[i] & 0xf];
	}
	buf[pos] = '\0';
}
