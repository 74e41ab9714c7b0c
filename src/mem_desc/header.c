/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The parts every descriptor shares: the transaction header in its v1.0 or
 * v1.1+ layout, the endpoint memory access descriptors and the memory
 * region attributes (DEN0140 Tables 1.15, 1.16, 1.18, 1.20).
 */

#include "spmc/checked.h"
#include "spmc/mem_desc.h"

#include "internal.h"

#define MD_V1_0_HEADER_SIZE 32U
#define MD_HEADER_SIZE 48U
#define MD_ACCESS_SIZE_V1_1 16U
#define MD_ACCESS_SIZE_V1_2 32U

/** True if the `n` bytes at `p` are all zero. */
bool md_all_zero(const uint8_t *p, uint32_t n)
{
	uint8_t acc = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		acc |= p[i];
	}
	return acc == 0;
}

/** The v1.0 header (FF-A v1.0 Table 5.19): 8-bit attributes, no sizes. */
static enum mem_desc_error parse_v1_0(const uint8_t *p, struct md_header *h)
{
	if (p[3] != 0 || md_le32(p + 24) != 0) {
		return MEM_DESC_ERROR_HEADER_MBZ;
	}
	h->layout = FFA_VERSION_1_0;
	h->attributes = p[2];
	h->access_size = MD_ACCESS_SIZE_V1_1;
	h->receivers_offset = MD_V1_0_HEADER_SIZE;
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * The v1.1+ header (DEN0140 Table 1.20). The access descriptor size names
 * the layout, which must not be newer than the caller's version; the
 * receivers may start after the header, 8-byte aligned, with zeros between.
 */
static enum mem_desc_error parse_v1_1(const struct mem_desc_in *in,
				      const uint8_t *p, struct md_header *h)
{
	uint32_t off = md_le32(p + 32);

	h->attributes = md_le16(p + 2);
	h->access_size = md_le32(p + 24);
	if (h->access_size == MD_ACCESS_SIZE_V1_1) {
		h->layout = FFA_VERSION_1_1;
	} else if (h->access_size == MD_ACCESS_SIZE_V1_2) {
		h->layout = FFA_VERSION_1_2;
	} else {
		return MEM_DESC_ERROR_ACCESS_SIZE_INVALID;
	}
	if (h->layout > in->version) {
		return MEM_DESC_ERROR_ACCESS_SIZE_VERSION;
	}
	if (off < MD_HEADER_SIZE || !is_aligned(off, 8) ||
	    off > in->fragment_length) {
		return MEM_DESC_ERROR_RECEIVERS_OFFSET_INVALID;
	}
	if (!md_all_zero(p + 36, 12) ||
	    !md_all_zero(p + MD_HEADER_SIZE, off - MD_HEADER_SIZE)) {
		return MEM_DESC_ERROR_HEADER_MBZ;
	}
	h->receivers_offset = off;
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * Reads the header of the fragment in `in`, choosing the layout from the
 * caller's version: v1.0 callers use the v1.0 layout, later ones v1.1+.
 * Checks the lengths, the reserved fields, and that the receivers array
 * lies inside the fragment; the receiver count is only bounded here.
 */
enum mem_desc_error md_parse_header(const struct mem_desc_in *in,
				    struct md_header *h)
{
	const uint8_t *p = in->buf;
	bool v1_0 = in->version < FFA_VERSION_1_1;
	uint64_t end;
	enum mem_desc_error e;

	if (in->fragment_length == 0 ||
	    in->fragment_length > in->total_length) {
		return MEM_DESC_ERROR_LENGTH_INVALID;
	}
	if (in->fragment_length <
	    (v1_0 ? MD_V1_0_HEADER_SIZE : MD_HEADER_SIZE)) {
		return MEM_DESC_ERROR_TRUNCATED;
	}
	e = v1_0 ? parse_v1_0(p, h) : parse_v1_1(in, p, h);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		return e;
	}
	h->sender = md_le16(p);
	h->flags = md_le32(p + 4);
	h->handle = md_le64(p + 8);
	h->tag = md_le64(p + 16);
	h->receiver_count = md_le32(p + 28);
	if (h->receiver_count > PLAT_MAX_MEM_RECEIVERS) {
		return MEM_DESC_ERROR_TOO_MANY_RECEIVERS;
	}
	/* Cannot overflow: count <= PLAT_MAX_MEM_RECEIVERS, size <= 32. */
	end = (uint64_t)h->receivers_offset +
	      (uint64_t)h->receiver_count * h->access_size;
	if (end > in->fragment_length) {
		return MEM_DESC_ERROR_TRUNCATED;
	}
	h->receivers_end = (uint32_t)end;
	return MEM_DESC_ERROR_SUCCESS;
}

/** Decodes one access descriptor at `p`; checks its MBZ and reserved values. */
static enum mem_desc_error parse_access(const uint8_t *p, uint32_t size,
					struct mem_desc_receiver *r,
					uint32_t *composite_offset)
{
	uint8_t perm = p[2];

	if (md_le64(p + size - 8) != 0) {
		return MEM_DESC_ERROR_ACCESS_MBZ;
	}
	if ((perm & FFA_MEM_PERM_MBZ_MASK) != 0) {
		return MEM_DESC_ERROR_PERM_MBZ;
	}
	r->id = md_le16(p);
	r->data_access = perm & FFA_MEM_PERM_DATA_MASK;
	r->instr_access =
	    (perm & FFA_MEM_PERM_INSTR_MASK) >> FFA_MEM_PERM_INSTR_SHIFT;
	r->flags = p[3];
	if (r->data_access == FFA_DATA_ACCESS_RESERVED) {
		return MEM_DESC_ERROR_DATA_ACCESS_INVALID;
	}
	if (r->instr_access == FFA_INSTR_ACCESS_RESERVED) {
		return MEM_DESC_ERROR_INSTR_ACCESS_INVALID;
	}
	*composite_offset = md_le32(p + 4);
	for (uint32_t i = 0; i < sizeof(r->impdef); i++) {
		r->impdef[i] = size == MD_ACCESS_SIZE_V1_2 ? p[8 + i] : 0;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * Decodes every endpoint memory access descriptor of a header already
 * checked by `md_parse_header`; refuses a receiver listed twice.
 */
enum mem_desc_error md_parse_receivers(const struct mem_desc_in *in,
				       const struct md_header *h,
				       struct md_receivers *rs)
{
	const uint8_t *p = (const uint8_t *)in->buf + h->receivers_offset;
	enum mem_desc_error e;
	uint32_t i;
	uint32_t j;

	rs->count = h->receiver_count;
	for (i = 0; i < rs->count; i++) {
		e = parse_access(p + (size_t)i * h->access_size, h->access_size,
				 &rs->r[i], &rs->composite_offset[i]);
		if (e != MEM_DESC_ERROR_SUCCESS) {
			return e;
		}
		for (j = 0; j < i; j++) {
			if (rs->r[j].id == rs->r[i].id) {
				return MEM_DESC_ERROR_DUPLICATE_RECEIVER;
			}
		}
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * Decodes the memory region attributes and refuses what no ABI accepts in
 * a request: reserved bits (bits[7:6] in v1.0, bits[15:7] later), the NS
 * bit (responses only, DEN0140 §1.10.4.1), and reserved encodings.
 */
enum mem_desc_error md_decode_attr(const struct md_header *h,
				   struct mem_desc_attr *a)
{
	uint16_t raw = h->attributes;

	if ((raw & FFA_MEM_ATTR_MBZ_MASK) != 0 ||
	    (h->layout == FFA_VERSION_1_0 && (raw & FFA_MEM_ATTR_NS) != 0)) {
		return MEM_DESC_ERROR_ATTR_MBZ;
	}
	if ((raw & FFA_MEM_ATTR_NS) != 0) {
		return MEM_DESC_ERROR_ATTR_NS_SET;
	}
	a->type = (raw & FFA_MEM_ATTR_TYPE_MASK) >> FFA_MEM_ATTR_TYPE_SHIFT;
	a->cacheability =
	    (raw & FFA_MEM_ATTR_CACHE_MASK) >> FFA_MEM_ATTR_CACHE_SHIFT;
	a->shareability = raw & FFA_MEM_ATTR_SHARE_MASK;
	switch (a->type) {
	case FFA_MEM_TYPE_NOT_SPECIFIED:
		if (a->cacheability != 0 || a->shareability != 0) {
			return MEM_DESC_ERROR_ATTR_RESERVED_VALUE;
		}
		break;
	case FFA_MEM_TYPE_NORMAL:
		if (a->cacheability == FFA_MEM_CACHE_RESERVED ||
		    a->cacheability == FFA_MEM_CACHE_RESERVED_1 ||
		    a->shareability == FFA_MEM_SHARE_RESERVED) {
			return MEM_DESC_ERROR_ATTR_RESERVED_VALUE;
		}
		break;
	case FFA_MEM_TYPE_DEVICE:
		break;
	default:
		return MEM_DESC_ERROR_ATTR_RESERVED_VALUE;
	}
	return MEM_DESC_ERROR_SUCCESS;
}
