/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_SHARE / LEND / DONATE descriptors: the per-ABI rules on sender,
 * receivers, permissions, attributes and flags (DEN0140 §1.10, §1.11),
 * then the composite descriptor of the first fragment.
 */

#include "spmc/checked.h"
#include "spmc/mem_desc.h"

#include "internal.h"

#define MD_COMPOSITE_SIZE 16U
#define MD_CONSTITUENT_SIZE 16U

/*
 * Donate and lend to one borrower leave the memory type to the borrower;
 * share and lend to several must state it (DEN0140 §1.10.4.1).
 */
static bool type_left_to_borrower(enum mem_desc_abi abi, uint32_t count)
{
	return abi == MEM_DESC_DONATE || (abi == MEM_DESC_LEND && count == 1);
}

/**
 * Attributes a sender may give. Where the type must be stated, the SPMC
 * only accepts Normal, Write-Back, Inner Shareable memory: device memory
 * can only be lent to one borrower, and other attributes would give the
 * borrowers a mismatched view (DENIED, as the peer SPMC does).
 */
static enum mem_desc_error check_send_attr(const struct mem_desc_attr *a,
					   enum mem_desc_abi abi,
					   uint32_t count)
{
	if (type_left_to_borrower(abi, count)) {
		return a->type == FFA_MEM_TYPE_NOT_SPECIFIED
			   ? MEM_DESC_ERROR_SUCCESS
			   : MEM_DESC_ERROR_ATTR_TYPE_SPECIFIED;
	}
	if (a->type == FFA_MEM_TYPE_NOT_SPECIFIED) {
		return MEM_DESC_ERROR_ATTR_TYPE_MISSING;
	}
	if (a->type == FFA_MEM_TYPE_DEVICE) {
		return MEM_DESC_ERROR_ATTR_DEVICE_REFUSED;
	}
	if (a->cacheability != FFA_MEM_CACHE_WRITE_BACK ||
	    a->shareability != FFA_MEM_SHARE_INNER) {
		return MEM_DESC_ERROR_ATTR_NOT_WB_INNER;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * Permissions and flags of one receiver. Donate leaves both accesses to
 * the borrower; share and lend state the data access; share and lend to
 * several leave instruction access unstated (XN is implied). Receiver flags
 * only exist in retrieve requests and responses.
 */
static enum mem_desc_error
check_send_receiver(const struct mem_desc_receiver *r, enum mem_desc_abi abi,
		    uint32_t count, uint16_t sender)
{
	if (r->id == sender) {
		return MEM_DESC_ERROR_RECEIVER_IS_SENDER;
	}
	if (r->flags != 0) {
		return MEM_DESC_ERROR_RECEIVER_FLAGS_INVALID;
	}
	if ((abi == MEM_DESC_DONATE) !=
	    (r->data_access == FFA_DATA_ACCESS_NOT_SPECIFIED)) {
		return MEM_DESC_ERROR_DATA_ACCESS_INVALID;
	}
	if (!(abi == MEM_DESC_LEND && count == 1) &&
	    r->instr_access != FFA_INSTR_ACCESS_NOT_SPECIFIED) {
		return MEM_DESC_ERROR_INSTR_ACCESS_INVALID;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/** Header rules of a send: count, sender, handle, flags. */
static enum mem_desc_error check_send_header(const struct mem_desc_in *in,
					     const struct md_header *h,
					     enum mem_desc_abi abi)
{
	if (h->receiver_count == 0) {
		return MEM_DESC_ERROR_RECEIVER_COUNT_ZERO;
	}
	if (abi == MEM_DESC_DONATE && h->receiver_count != 1) {
		return MEM_DESC_ERROR_DONATE_MULTIPLE_RECEIVERS;
	}
	if (in->caller_is_nwd ? ffa_id_is_secure(h->sender)
			      : h->sender != in->caller_id) {
		return MEM_DESC_ERROR_SENDER_NOT_CALLER;
	}
	if (h->handle != 0) {
		return MEM_DESC_ERROR_HANDLE_NOT_ZERO;
	}
	if ((h->flags & ~FFA_MEM_SEND_FLAGS_VALID) != 0) {
		return MEM_DESC_ERROR_FLAGS_INVALID;
	}
	if (abi == MEM_DESC_SHARE && (h->flags & FFA_MEM_FLAG_CLEAR) != 0) {
		return MEM_DESC_ERROR_CLEAR_ON_SHARE;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/** Receivers, attributes and per-receiver rules into `out`. */
static enum mem_desc_error parse_send_body(const struct mem_desc_in *in,
					   const struct md_header *h,
					   enum mem_desc_abi abi,
					   struct md_receivers *rs,
					   struct mem_desc *out)
{
	enum mem_desc_error e;
	uint32_t i;

	e = md_parse_receivers(in, h, rs);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		return e;
	}
	for (i = 0; i < rs->count; i++) {
		e = check_send_receiver(&rs->r[i], abi, rs->count, h->sender);
		if (e != MEM_DESC_ERROR_SUCCESS) {
			return e;
		}
		if (rs->composite_offset[i] != rs->composite_offset[0]) {
			return MEM_DESC_ERROR_COMPOSITE_OFFSET_MISMATCH;
		}
		out->receivers[i] = rs->r[i];
	}
	e = md_decode_attr(h, &out->attr);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		return e;
	}
	return check_send_attr(&out->attr, abi, rs->count);
}

/**
 * The composite descriptor: after the receivers, 8-byte aligned, header in
 * the first fragment, zeros before it; the declared total length ends
 * exactly after the last constituent; the first fragment holds whole
 * constituents. Then takes the constituents the first fragment carries.
 */
static enum mem_desc_error parse_composite(const struct mem_desc_in *in,
					   const struct md_header *h,
					   uint32_t off, struct mem_desc *d)
{
	const uint8_t *p = in->buf;
	uint64_t start = (uint64_t)off + MD_COMPOSITE_SIZE;
	uint64_t end;

	if (off < h->receivers_end || !is_aligned(off, 8) ||
	    start > in->fragment_length) {
		return MEM_DESC_ERROR_COMPOSITE_OFFSET_INVALID;
	}
	if (!md_all_zero(p + h->receivers_end, off - h->receivers_end)) {
		return MEM_DESC_ERROR_HEADER_MBZ;
	}
	if (md_le64(p + off + 8) != 0) {
		return MEM_DESC_ERROR_COMPOSITE_MBZ;
	}
	d->total_page_count = md_le32(p + off);
	d->constituent_count = md_le32(p + off + 4);
	if (d->constituent_count == 0) {
		return MEM_DESC_ERROR_NO_CONSTITUENTS;
	}
	end = start + (uint64_t)d->constituent_count * MD_CONSTITUENT_SIZE;
	if (end != in->total_length) {
		return MEM_DESC_ERROR_LENGTH_INVALID;
	}
	if (d->constituent_count > d->constituent_cap) {
		return MEM_DESC_ERROR_TOO_MANY_CONSTITUENTS;
	}
	if (!is_aligned(in->fragment_length - start, MD_CONSTITUENT_SIZE)) {
		return MEM_DESC_ERROR_FRAGMENT_SPLIT;
	}
	d->received = (uint32_t)start;
	return md_take_constituents(d, p + start,
				    in->fragment_length - (uint32_t)start);
}

/** See inc/spmc/mem_desc.h. */
enum mem_desc_error mem_desc_parse_send(const struct mem_desc_in *in,
					enum mem_desc_abi abi,
					struct mem_desc *out)
{
	struct md_header h;
	struct md_receivers rs;
	enum mem_desc_error e;

	e = md_parse_header(in, &h);
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = check_send_header(in, &h, abi);
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = parse_send_body(in, &h, abi, &rs, out);
	}
	if (e != MEM_DESC_ERROR_SUCCESS) {
		return e;
	}
	out->layout = h.layout;
	out->sender = h.sender;
	out->flags = h.flags;
	out->tag = h.tag;
	out->receiver_count = rs.count;
	out->constituent_done = 0;
	out->page_sum = 0;
	out->max_end = 0;
	out->total_length = in->total_length;
	return parse_composite(in, &h, rs.composite_offset[0], out);
}
