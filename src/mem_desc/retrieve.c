/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_RETRIEVE_REQ descriptors (DEN0140 §1.11.2, Table 1.22): the same
 * header and access descriptors as a send, no composite, and retrieve
 * flags. Whether the handle exists, whether the caller is a receiver and
 * whether the request matches the send are the handler's checks.
 */

#include "spmc/mem_desc.h"

#include "internal.h"

#define MD_RETRIEVE_FLAGS_VALID                                   \
	(FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE |           \
	 FFA_MEM_FLAG_CLEAR_RELINQUISH | FFA_MEM_FLAG_TYPE_MASK | \
	 FFA_MEM_FLAG_HINT_MASK | FFA_MEM_FLAG_HINT_VALID |       \
	 FFA_MEM_FLAG_BYPASS_BORROWERS)

/**
 * Retrieve flags: no reserved bit; the bypass bit from v1.2 callers only;
 * a hint only with its valid bit; no zeroing of shared memory.
 */
static enum mem_desc_error check_flags(const struct mem_desc_in *in,
				       uint32_t flags)
{
	uint32_t type =
	    (flags & FFA_MEM_FLAG_TYPE_MASK) >> FFA_MEM_FLAG_TYPE_SHIFT;

	if ((flags & ~MD_RETRIEVE_FLAGS_VALID) != 0) {
		return MEM_DESC_ERROR_FLAGS_INVALID;
	}
	if ((flags & FFA_MEM_FLAG_BYPASS_BORROWERS) != 0 &&
	    in->version < FFA_VERSION_1_2) {
		return MEM_DESC_ERROR_BYPASS_NOT_SUPPORTED;
	}
	if ((flags & FFA_MEM_FLAG_HINT_MASK) != 0 &&
	    (flags & FFA_MEM_FLAG_HINT_VALID) == 0) {
		return MEM_DESC_ERROR_HINT_WITHOUT_VALID;
	}
	if (type == FFA_MEM_FLAG_TYPE_SHARE &&
	    (flags & (FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_CLEAR_RELINQUISH)) !=
		0) {
		return MEM_DESC_ERROR_CLEAR_ON_SHARE;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * A hypervisor retrieve request (from the normal world only): no
 * receivers, nothing but the handle set.
 */
static enum mem_desc_error check_hyp_request(const struct mem_desc_in *in,
					     const struct md_header *h)
{
	if (!in->caller_is_nwd || h->sender != 0 || h->attributes != 0 ||
	    h->flags != 0 || h->tag != 0) {
		return MEM_DESC_ERROR_HYP_RETRIEVE_INVALID;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/** Receivers: only the non-retrieval flag, never a composite offset. */
static enum mem_desc_error check_receivers(const struct md_receivers *rs)
{
	uint32_t i;

	for (i = 0; i < rs->count; i++) {
		if ((rs->r[i].flags & ~FFA_MEM_RECV_FLAG_NON_RETRIEVAL) != 0) {
			return MEM_DESC_ERROR_RECEIVER_FLAGS_INVALID;
		}
		if (rs->composite_offset[i] != 0) {
			return MEM_DESC_ERROR_RETRIEVE_COMPOSITE_SET;
		}
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/** Header-level rules of a retrieve request. */
static enum mem_desc_error check_header(const struct mem_desc_in *in,
					const struct md_header *h)
{
	if (h->receivers_end != in->total_length) {
		return MEM_DESC_ERROR_LENGTH_INVALID;
	}
	if (h->handle == FFA_MEM_HANDLE_INVALID) {
		return MEM_DESC_ERROR_HANDLE_INVALID;
	}
	if (h->receiver_count == 0) {
		return check_hyp_request(in, h);
	}
	return check_flags(in, h->flags);
}

/** Copies the checked request into the normalized form. */
static void fill(const struct md_header *h, const struct md_receivers *rs,
		 struct mem_retrieve_req *out)
{
	uint32_t i;

	out->layout = h->layout;
	out->sender = h->sender;
	out->flags = h->flags;
	out->type = (uint8_t)((h->flags & FFA_MEM_FLAG_TYPE_MASK) >>
			      FFA_MEM_FLAG_TYPE_SHIFT);
	out->hint_valid = (h->flags & FFA_MEM_FLAG_HINT_VALID) != 0;
	out->hint = (uint8_t)((h->flags & FFA_MEM_FLAG_HINT_MASK) >>
			      FFA_MEM_FLAG_HINT_SHIFT);
	out->handle = h->handle;
	out->handle_from_hyp = (h->handle & FFA_MEM_HANDLE_ALLOCATOR_HYP) != 0;
	out->tag = h->tag;
	out->hyp_request = rs->count == 0;
	out->receiver_count = rs->count;
	for (i = 0; i < rs->count; i++) {
		out->receivers[i] = rs->r[i];
	}
}

/** See inc/spmc/mem_desc.h. */
enum mem_desc_error mem_desc_parse_retrieve(const struct mem_desc_in *in,
					    struct mem_retrieve_req *out)
{
	struct md_header h;
	struct md_receivers rs;
	enum mem_desc_error e;

	if (in->fragment_length != in->total_length) {
		return MEM_DESC_ERROR_LENGTH_INVALID;
	}
	e = md_parse_header(in, &h);
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = check_header(in, &h);
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = md_parse_receivers(in, &h, &rs);
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = check_receivers(&rs);
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		e = md_decode_attr(&h, &out->attr);
	}
	if (e != MEM_DESC_ERROR_SUCCESS) {
		return e;
	}
	fill(&h, &rs, out);
	return MEM_DESC_ERROR_SUCCESS;
}
