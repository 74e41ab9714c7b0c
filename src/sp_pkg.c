/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/sp_pkg.h"

#include "spmc/checked.h"
#include "spmc/memiter.h"
#include "spmc/std.h"

/*
 * Facts: tfa-spmd-interface §2.3 (SPKG v1/v2 and the Transfer List
 * package) and the Firmware Handoff specification v1.0/v2.0, "Transfer
 * list" (header and entry layout, checksum, 8-byte entry stride).
 */

static const char *const sp_pkg_error_names[] = {
#define SP_PKG_ERROR_NAME(name, desc) "SP_PKG_ERROR_" #name,
	SP_PKG_ERRORS(SP_PKG_ERROR_NAME)
#undef SP_PKG_ERROR_NAME
};

static const char *const sp_pkg_error_descs[] = {
#define SP_PKG_ERROR_DESC(name, desc) desc,
	SP_PKG_ERRORS(SP_PKG_ERROR_DESC)
#undef SP_PKG_ERROR_DESC
};

static_assert(ARRAY_SIZE(sp_pkg_error_names) == SP_PKG_ERROR_COUNT);
static_assert(ARRAY_SIZE(sp_pkg_error_descs) == SP_PKG_ERROR_COUNT);

/** Returns the name of `e`, or NULL if it is not an `enum sp_pkg_error`. */
const char *sp_pkg_error_name(enum sp_pkg_error e)
{
	if ((unsigned int)e >= SP_PKG_ERROR_COUNT) {
		return NULL;
	}
	return sp_pkg_error_names[e];
}

/** Returns the description of `e`, or NULL if it is out of range. */
const char *sp_pkg_error_describe(enum sp_pkg_error e)
{
	if ((unsigned int)e >= SP_PKG_ERROR_COUNT) {
		return NULL;
	}
	return sp_pkg_error_descs[e];
}

/** The 24-byte SPKG header, as read. */
struct spkg_header {
	uint32_t version;
	uint32_t pm_offset;
	uint32_t pm_size;
	uint32_t img_offset;
	uint32_t img_size;
};

/** The Transfer List header fields we use, as read. */
struct tl_header {
	uint8_t version;
	uint8_t hdr_size;
	uint8_t alignment;
	uint32_t used_size;
	uint32_t total_size;
	uint32_t flags;
};

/** The entries the scan found, with a flag saying whether each was seen. */
struct tl_parts {
	bool has_manifest;
	bool has_hob;
	bool has_binary;
	struct sp_pkg_range manifest;
	struct sp_pkg_range hob;
	struct sp_pkg_range binary;
};

/** Reads a big-endian u32 from the next four bytes of `it`. */
static bool read_be32(struct memiter *it, uint32_t *out)
{
	const void *p;
	const uint8_t *b;

	if (!memiter_consume(it, sizeof(*out), &p)) {
		return false;
	}
	b = p;
	*out = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | (uint32_t)b[3];
	return true;
}

/**
 * Checks that the manifest range, already known to lie inside the package,
 * starts with a DTB header whose totalsize fits in the range. The full DTB
 * check is the manifest parser's job.
 */
static enum sp_pkg_error check_manifest_fdt(const struct memiter *pkg_it,
					    const struct sp_pkg_range *pm)
{
	struct memiter it;
	uint32_t magic;
	uint32_t total;

	if (pm->size < SP_PKG_FDT_HEADER_MIN ||
	    !memiter_slice(pkg_it, pm->offset, SP_PKG_FDT_HEADER_MIN, &it) ||
	    !read_be32(&it, &magic) || magic != SP_PKG_FDT_MAGIC) {
		return SP_PKG_ERROR_MANIFEST_NOT_FDT;
	}
	if (!read_be32(&it, &total) || total > pm->size) {
		return SP_PKG_ERROR_MANIFEST_FDT_TOO_BIG;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/** Reads the SPKG header fields after the magic. */
static bool spkg_read_header(struct memiter *it, struct spkg_header *h)
{
	return memiter_read_le32(it, &h->version) &&
	       memiter_read_le32(it, &h->pm_offset) &&
	       memiter_read_le32(it, &h->pm_size) &&
	       memiter_read_le32(it, &h->img_offset) &&
	       memiter_read_le32(it, &h->img_size);
}

/**
 * Checks where the manifest may start: right after the header for v1; for
 * v2 on a page boundary past the header page, which becomes the
 * boot-information area.
 */
static enum sp_pkg_error spkg_check_pm_offset(const struct spkg_header *h)
{
	if (h->version == SP_PKG_VERSION_1) {
		if (h->pm_offset != SP_PKG_HEADER_SIZE) {
			return SP_PKG_ERROR_SPKG_V1_PM_OFFSET;
		}
		return SP_PKG_ERROR_SUCCESS;
	}
	if (!is_aligned(h->pm_offset, SP_PKG_PAGE_SIZE)) {
		return SP_PKG_ERROR_MANIFEST_UNALIGNED;
	}
	if (h->pm_offset < SP_PKG_PAGE_SIZE) {
		return SP_PKG_ERROR_SPKG_PM_IN_HEADER_PAGE;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/**
 * Checks the layout rules of SPKG v1 and v2 (§2.3) and computes the package
 * size, `img_offset + img_size`, into `*pkg_size`.
 */
static enum sp_pkg_error spkg_check_layout(const struct spkg_header *h,
					   uint64_t *pkg_size)
{
	enum sp_pkg_error err;
	uint64_t pm_end;
	uint64_t img_min;

	if (h->pm_size == 0) {
		return SP_PKG_ERROR_MANIFEST_EMPTY;
	}
	if (h->img_size == 0) {
		return SP_PKG_ERROR_IMAGE_EMPTY;
	}
	err = spkg_check_pm_offset(h);
	if (err != SP_PKG_ERROR_SUCCESS) {
		return err;
	}
	if (!is_aligned(h->img_offset, SP_PKG_PAGE_SIZE)) {
		return SP_PKG_ERROR_IMAGE_UNALIGNED;
	}
	if (h->pm_offset >= h->img_offset) {
		return SP_PKG_ERROR_SPKG_PM_AFTER_IMAGE;
	}
	/* 32-bit fields summed in 64 bits: these cannot overflow. */
	if (!checked_range_end(h->pm_offset, h->pm_size, &pm_end) ||
	    !checked_range_end(h->img_offset, h->img_size, pkg_size)) {
		return SP_PKG_ERROR_PACKAGE_TRUNCATED;
	}
	img_min = pm_end;
	if (h->version == SP_PKG_VERSION_1 &&
	    !checked_align_up(pm_end, SP_PKG_PAGE_SIZE, &img_min)) {
		return SP_PKG_ERROR_PACKAGE_TRUNCATED;
	}
	if (h->img_offset < img_min) {
		return SP_PKG_ERROR_SPKG_PM_OVERLAPS_IMAGE;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/** Parses an SPKG v1 or v2 package; `it` is past the magic. */
static enum sp_pkg_error spkg_parse(const struct memiter *pkg_it,
				    struct memiter *it, struct sp_pkg *out)
{
	struct spkg_header h;
	struct sp_pkg pkg = { 0 };
	enum sp_pkg_error err;

	if (!spkg_read_header(it, &h)) {
		return SP_PKG_ERROR_TRUNCATED_HEADER;
	}
	if (h.version != SP_PKG_VERSION_1 && h.version != SP_PKG_VERSION_2) {
		return SP_PKG_ERROR_SPKG_VERSION;
	}
	err = spkg_check_layout(&h, &pkg.size);
	if (err != SP_PKG_ERROR_SUCCESS) {
		return err;
	}
	if (pkg.size > memiter_remaining(pkg_it)) {
		return SP_PKG_ERROR_PACKAGE_TRUNCATED;
	}
	pkg.format = SP_PKG_FORMAT_SPKG;
	pkg.version = h.version;
	pkg.manifest = (struct sp_pkg_range){ h.pm_offset, h.pm_size };
	pkg.image = (struct sp_pkg_range){ h.img_offset, h.img_size };
	if (h.version == SP_PKG_VERSION_2) {
		pkg.boot_info = (struct sp_pkg_range){ 0, h.pm_offset };
	}
	err = check_manifest_fdt(pkg_it, &pkg.manifest);
	if (err != SP_PKG_ERROR_SUCCESS) {
		return err;
	}
	*out = pkg;
	return SP_PKG_ERROR_SUCCESS;
}

/** Reads the Transfer List header fields after the signature. */
static bool tl_read_header(struct memiter *it, struct tl_header *h)
{
	uint8_t checksum;

	return memiter_read_u8(it, &checksum) &&
	       memiter_read_u8(it, &h->version) &&
	       memiter_read_u8(it, &h->hdr_size) &&
	       memiter_read_u8(it, &h->alignment) &&
	       memiter_read_le32(it, &h->used_size) &&
	       memiter_read_le32(it, &h->total_size) &&
	       memiter_read_le32(it, &h->flags);
}

/**
 * Validates the Transfer List header against the spec's "Validating a TL
 * header" steps, all of them mandatory here, and against `avail` bytes.
 */
static enum sp_pkg_error tl_check_header(const struct tl_header *h,
					 size_t avail)
{
	/* Version 0 is illegal; later versions stay readable (spec). */
	if (h->version == 0) {
		return SP_PKG_ERROR_TL_VERSION;
	}
	if (h->hdr_size < SP_PKG_TL_HEADER_SIZE) {
		return SP_PKG_ERROR_TL_HEADER_SIZE;
	}
	if (h->hdr_size > avail) {
		return SP_PKG_ERROR_TRUNCATED_HEADER;
	}
	if ((h->flags & ~SP_PKG_TL_FLAG_HAS_CHECKSUM) != 0) {
		return SP_PKG_ERROR_TL_FLAGS;
	}
	if (h->alignment < SP_PKG_TL_MIN_ALIGN_LOG2 ||
	    h->alignment > SP_PKG_TL_MAX_ALIGN_LOG2) {
		return SP_PKG_ERROR_TL_ALIGNMENT;
	}
	if (!is_aligned(h->used_size, SP_PKG_TL_GRANULE) ||
	    !is_aligned(h->total_size, SP_PKG_TL_GRANULE)) {
		return SP_PKG_ERROR_TL_SIZE_UNALIGNED;
	}
	if (h->used_size < h->hdr_size || h->used_size > h->total_size) {
		return SP_PKG_ERROR_TL_SIZE_INVALID;
	}
	if (h->total_size > avail) {
		return SP_PKG_ERROR_PACKAGE_TRUNCATED;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/**
 * True if the bytes `[0, used)` of the list add up to 0 modulo 256 (the
 * checksum byte included), as the spec defines `has_checksum`.
 */
static bool tl_checksum_ok(const struct memiter *pkg_it, uint32_t used)
{
	struct memiter it;
	const void *p;
	const uint8_t *b;
	uint8_t sum = 0;
	uint32_t i;

	if (!memiter_slice(pkg_it, 0, used, &it) ||
	    !memiter_consume(&it, used, &p)) {
		return false;
	}
	b = p;
	for (i = 0; i < used; i++) {
		sum = (uint8_t)(sum + b[i]);
	}
	return sum == 0;
}

/** Reads one transfer entry header: a 24-bit tag, hdr_size, data_size. */
static bool tl_read_entry(struct memiter *it, uint32_t *tag, uint8_t *hdr_size,
			  uint32_t *data_size)
{
	uint16_t tag_lo;
	uint8_t tag_hi;

	if (!memiter_read_le16(it, &tag_lo) || !memiter_read_u8(it, &tag_hi) ||
	    !memiter_read_u8(it, hdr_size) ||
	    !memiter_read_le32(it, data_size)) {
		return false;
	}
	*tag = (uint32_t)tag_lo | ((uint32_t)tag_hi << 16);
	return true;
}

/**
 * Records an entry the package needs; each may appear once. Unknown tags
 * are skipped, as the spec tells readers to.
 */
static enum sp_pkg_error tl_record(struct tl_parts *parts, uint32_t tag,
				   struct sp_pkg_range data)
{
	bool *seen;
	struct sp_pkg_range *range;

	switch (tag) {
	case SP_PKG_TL_TAG_FFA_MANIFEST:
		seen = &parts->has_manifest;
		range = &parts->manifest;
		break;
	case SP_PKG_TL_TAG_HOB_LIST:
		seen = &parts->has_hob;
		range = &parts->hob;
		break;
	case SP_PKG_TL_TAG_SP_BINARY:
		seen = &parts->has_binary;
		range = &parts->binary;
		break;
	default:
		return SP_PKG_ERROR_SUCCESS;
	}
	if (*seen) {
		return SP_PKG_ERROR_TL_DUPLICATE_ENTRY;
	}
	*seen = true;
	*range = data;
	return SP_PKG_ERROR_SUCCESS;
}

/** Rounds `v` up to the 8-byte transfer entry granule. */
static uint64_t tl_align8(uint64_t v)
{
	return (v + SP_PKG_TL_GRANULE - 1) & ~(uint64_t)(SP_PKG_TL_GRANULE - 1);
}

/**
 * Reads the transfer entry at `off` and checks that its header and data
 * lie inside `used_size`. Returns its tag and data range.
 */
static enum sp_pkg_error tl_read_bounded(const struct memiter *pkg_it,
					 uint32_t used, uint64_t off,
					 uint32_t *tag,
					 struct sp_pkg_range *data)
{
	struct memiter it;
	uint8_t te_hdr;
	uint32_t data_size;
	uint64_t end;

	/*
	 * `off` and `used` are multiples of 8, so a whole entry header always
	 * fits; checked anyway.
	 */
	if (used - off < SP_PKG_TL_ENTRY_HEADER_SIZE ||
	    !memiter_slice(pkg_it, off, SP_PKG_TL_ENTRY_HEADER_SIZE, &it) ||
	    !tl_read_entry(&it, tag, &te_hdr, &data_size)) {
		return SP_PKG_ERROR_TL_ENTRY_OUT_OF_BOUNDS;
	}
	if (te_hdr < SP_PKG_TL_ENTRY_HEADER_SIZE) {
		return SP_PKG_ERROR_TL_ENTRY_HEADER_SIZE;
	}
	*data = (struct sp_pkg_range){ off + te_hdr, data_size };
	if (!checked_range_end(data->offset, data->size, &end) || end > used) {
		return SP_PKG_ERROR_TL_ENTRY_OUT_OF_BOUNDS;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/**
 * Walks the transfer entries from `align8(hdr_size)` to `used_size`, each
 * at the 8-byte aligned offset after the previous one's data (spec,
 * "Reading a TL"), recording the ones the package needs.
 */
static enum sp_pkg_error tl_scan(const struct memiter *pkg_it,
				 const struct tl_header *h,
				 struct tl_parts *parts)
{
	uint64_t off = tl_align8(h->hdr_size);
	enum sp_pkg_error err;
	struct sp_pkg_range data;
	uint32_t tag;

	while (off < h->used_size) {
		err = tl_read_bounded(pkg_it, h->used_size, off, &tag, &data);
		if (err != SP_PKG_ERROR_SUCCESS) {
			return err;
		}
		/* The SP binary is the last entry: not even a void follows. */
		if (parts->has_binary) {
			return SP_PKG_ERROR_TL_BINARY_NOT_LAST;
		}
		if (tag != SP_PKG_TL_TAG_VOID) {
			err = tl_record(parts, tag, data);
			if (err != SP_PKG_ERROR_SUCCESS) {
				return err;
			}
		}
		off = tl_align8(data.offset + data.size);
	}
	return SP_PKG_ERROR_SUCCESS;
}

/**
 * Checks the entries the SPMC uses: present, non-empty and 4 KiB aligned,
 * so that none lies in the first page (the boot-information area).
 */
static enum sp_pkg_error tl_check_parts(const struct tl_parts *parts)
{
	if (!parts->has_manifest) {
		return SP_PKG_ERROR_TL_NO_MANIFEST;
	}
	if (!parts->has_binary) {
		return SP_PKG_ERROR_TL_NO_BINARY;
	}
	if (parts->manifest.size == 0) {
		return SP_PKG_ERROR_MANIFEST_EMPTY;
	}
	if (!is_aligned(parts->manifest.offset, SP_PKG_PAGE_SIZE)) {
		return SP_PKG_ERROR_MANIFEST_UNALIGNED;
	}
	if (parts->binary.size == 0) {
		return SP_PKG_ERROR_IMAGE_EMPTY;
	}
	if (!is_aligned(parts->binary.offset, SP_PKG_PAGE_SIZE)) {
		return SP_PKG_ERROR_IMAGE_UNALIGNED;
	}
	if (parts->has_hob && parts->hob.size == 0) {
		return SP_PKG_ERROR_TL_HOB_EMPTY;
	}
	if (parts->has_hob &&
	    !is_aligned(parts->hob.offset, SP_PKG_PAGE_SIZE)) {
		return SP_PKG_ERROR_TL_HOB_UNALIGNED;
	}
	return SP_PKG_ERROR_SUCCESS;
}

/** Parses a Transfer List package; `it` is past the signature. */
static enum sp_pkg_error tl_parse(const struct memiter *pkg_it,
				  struct memiter *it, struct sp_pkg *out)
{
	struct tl_header h;
	struct tl_parts parts = { 0 };
	enum sp_pkg_error err;

	if (!tl_read_header(it, &h)) {
		return SP_PKG_ERROR_TRUNCATED_HEADER;
	}
	err = tl_check_header(&h, memiter_remaining(pkg_it));
	if (err != SP_PKG_ERROR_SUCCESS) {
		return err;
	}
	if ((h.flags & SP_PKG_TL_FLAG_HAS_CHECKSUM) != 0 &&
	    !tl_checksum_ok(pkg_it, h.used_size)) {
		return SP_PKG_ERROR_TL_CHECKSUM;
	}
	err = tl_scan(pkg_it, &h, &parts);
	if (err == SP_PKG_ERROR_SUCCESS) {
		err = tl_check_parts(&parts);
	}
	if (err == SP_PKG_ERROR_SUCCESS) {
		err = check_manifest_fdt(pkg_it, &parts.manifest);
	}
	if (err != SP_PKG_ERROR_SUCCESS) {
		return err;
	}
	*out = (struct sp_pkg){
		.format = SP_PKG_FORMAT_TL,
		.version = h.version,
		.manifest = parts.manifest,
		.image = parts.binary,
		.hob = parts.has_hob ? parts.hob : (struct sp_pkg_range){ 0 },
		.boot_info = { 0, SP_PKG_PAGE_SIZE },
		.size = h.used_size,
	};
	return SP_PKG_ERROR_SUCCESS;
}

/**
 * Parses the package at `data` (`size` readable bytes), choosing the format
 * by its first little-endian word. Reads nothing outside `[data, data +
 * size)` and writes `*pkg` only on success. `data` may be NULL if `size` is
 * 0. Error class (b): returns the first broken rule as a named error.
 */
enum sp_pkg_error sp_pkg_parse(const void *data, size_t size,
			       struct sp_pkg *pkg)
{
	struct memiter pkg_it;
	struct memiter it;
	uint32_t magic;

	memiter_init(&pkg_it, data, size);
	it = pkg_it;
	if (!memiter_read_le32(&it, &magic)) {
		return SP_PKG_ERROR_TRUNCATED_HEADER;
	}
	switch (magic) {
	case SP_PKG_MAGIC:
		return spkg_parse(&pkg_it, &it, pkg);
	case SP_PKG_TL_SIGNATURE:
		return tl_parse(&pkg_it, &it, pkg);
	default:
		return SP_PKG_ERROR_UNKNOWN_FORMAT;
	}
}
