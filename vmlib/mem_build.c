/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/mem_build.h"

#include "spmc/std.h"

/*
 * FF-A memory descriptors (DEN0140 Tables 1.13-1.22; FF-A v1.0 Table 5.19
 * for the v1.0 header). Offsets are computed in 64 bits, so no sum can wrap
 * before it is compared with the capacity or the length.
 */

/** Size of the v1.0 relinquish descriptor with one endpoint. */
#define MEM_RELINQUISH_SIZE 18U

/** Header and access descriptor sizes of one layout. */
struct mem_layout {
	uint32_t header_size;
	uint32_t access_size;
};

/** The sizes of `layout`; false for a version this file does not know. */
static bool mem_layout_get(uint32_t layout, struct mem_layout *out)
{
	if (layout == FFA_VERSION_1_0) {
		out->header_size = sizeof(struct ffa_mem_region_v1_0);
		out->access_size = sizeof(struct ffa_mem_access_v1_0);
	} else if (layout == FFA_VERSION_1_1) {
		out->header_size = sizeof(struct ffa_mem_region);
		out->access_size = sizeof(struct ffa_mem_access_v1_0);
	} else if (layout >= FFA_VERSION_1_2 && layout <= FFA_VERSION_1_3) {
		out->header_size = sizeof(struct ffa_mem_region);
		out->access_size = sizeof(struct ffa_mem_access);
	} else {
		return false;
	}
	return true;
}

/** Checks what both builders need; fills `l` with the layout's sizes. */
static bool mem_build_valid(const struct mem_build *b, struct mem_layout *l)
{
	if (!mem_layout_get(b->layout, l)) {
		return false;
	}
	if (b->receiver_count > MEM_BUILD_MAX_RECEIVERS) {
		return false;
	}
	return b->layout != FFA_VERSION_1_0 || b->attributes <= 0xFFU;
}

/** Writes the header (v1.0 or v1.1+) of `b` at the start of `buf`. */
static void mem_write_header(void *buf, const struct mem_build *b,
			     const struct mem_layout *l)
{
	if (b->layout == FFA_VERSION_1_0) {
		struct ffa_mem_region_v1_0 *h = buf;

		h->sender = b->sender;
		h->attributes = (uint8_t)b->attributes;
		h->reserved_0 = 0;
		h->flags = b->flags;
		h->handle = b->handle;
		h->tag = b->tag;
		h->reserved_1 = 0;
		h->receiver_count = b->receiver_count;
		return;
	}

	struct ffa_mem_region *h = buf;

	memset(h, 0, sizeof(*h));
	h->sender = b->sender;
	h->attributes = b->attributes;
	h->flags = b->flags;
	h->handle = b->handle;
	h->tag = b->tag;
	h->access_desc_size = l->access_size;
	h->receiver_count = b->receiver_count;
	h->receivers_offset = l->header_size;
}

/**
 * Writes the access descriptors right after the header, each pointing at
 * `composite_offset`. Both access layouts start with the same 8 bytes.
 */
static void mem_write_receivers(uint8_t *buf, const struct mem_build *b,
				const struct mem_layout *l,
				uint32_t composite_offset)
{
	for (uint32_t i = 0; i < b->receiver_count; i++) {
		struct ffa_mem_access_v1_0 *a =
		    (void *)(buf + l->header_size + i * l->access_size);

		memset(a, 0, l->access_size);
		a->receiver = b->receivers[i].id;
		a->permissions = b->receivers[i].perm;
		a->flags = b->receivers[i].flags;
		a->composite_offset = composite_offset;
	}
}

uint32_t mem_build_send(void *buf, uint32_t cap, const struct mem_build *b)
{
	struct mem_layout l;

	if (!mem_build_valid(b, &l)) {
		return 0;
	}

	uint64_t composite =
	    l.header_size + (uint64_t)b->receiver_count * l.access_size;
	uint64_t total =
	    composite + sizeof(struct ffa_mem_composite) +
	    (uint64_t)b->constituent_count * sizeof(struct ffa_mem_constituent);

	if (total > cap) {
		return 0;
	}

	uint8_t *p = buf;
	struct ffa_mem_composite *c = (void *)(p + composite);
	struct ffa_mem_constituent *out = (void *)(c + 1);
	uint32_t pages = 0;

	mem_write_header(p, b, &l);
	mem_write_receivers(p, b, &l, (uint32_t)composite);
	for (uint32_t i = 0; i < b->constituent_count; i++) {
		out[i].address = b->constituents[i].address;
		out[i].page_count = b->constituents[i].page_count;
		out[i].reserved = b->constituents[i].reserved;
		pages += b->constituents[i].page_count;
	}
	c->page_count = pages;
	c->constituent_count = b->constituent_count;
	c->reserved = 0;
	return (uint32_t)total;
}

uint32_t mem_build_retrieve(void *buf, uint32_t cap, const struct mem_build *b)
{
	struct mem_layout l;

	if (!mem_build_valid(b, &l)) {
		return 0;
	}

	uint64_t total =
	    l.header_size + (uint64_t)b->receiver_count * l.access_size;

	if (total > cap) {
		return 0;
	}
	mem_write_header(buf, b, &l);
	mem_write_receivers(buf, b, &l, 0);
	return (uint32_t)total;
}

uint32_t mem_build_relinquish(void *buf, uint32_t cap, uint64_t handle,
			      uint32_t flags, uint16_t id)
{
	uint8_t *p = buf;

	if (cap < MEM_RELINQUISH_SIZE) {
		return 0;
	}
	*(uint64_t *)p = handle;
	*(uint32_t *)(p + 8) = flags;
	*(uint32_t *)(p + 12) = 1;
	*(uint16_t *)(p + 16) = id;
	return MEM_RELINQUISH_SIZE;
}

/**
 * Reads the header of a response: fills the header fields of `out` and
 * where the receivers start. False if the header does not fit or says a
 * size other than the layout's.
 */
static bool mem_parse_header(const uint8_t *buf, uint32_t len, uint32_t layout,
			     const struct mem_layout *l,
			     struct mem_resp_view *out, uint32_t *receivers)
{
	if (len < l->header_size) {
		return false;
	}
	if (layout == FFA_VERSION_1_0) {
		const struct ffa_mem_region_v1_0 *h = (const void *)buf;

		out->sender = h->sender;
		out->attributes = h->attributes;
		out->flags = h->flags;
		out->handle = h->handle;
		out->tag = h->tag;
		out->receiver_count = h->receiver_count;
		*receivers = l->header_size;
		return true;
	}

	const struct ffa_mem_region *h = (const void *)buf;

	out->sender = h->sender;
	out->attributes = h->attributes;
	out->flags = h->flags;
	out->handle = h->handle;
	out->tag = h->tag;
	out->receiver_count = h->receiver_count;
	*receivers = h->receivers_offset;
	return h->access_desc_size == l->access_size &&
	       h->receivers_offset >= l->header_size &&
	       (h->receivers_offset % 8) == 0;
}

bool mem_parse_resp(const void *buf, uint32_t len, uint32_t layout,
		    struct mem_resp_view *out)
{
	const uint8_t *p = buf;
	struct mem_layout l;
	uint32_t receivers;
	uint32_t composite = 0;

	memset(out, 0, sizeof(*out));
	if (!mem_layout_get(layout, &l) ||
	    !mem_parse_header(p, len, layout, &l, out, &receivers)) {
		return false;
	}
	if (out->receiver_count == 0 ||
	    out->receiver_count > MEM_BUILD_MAX_RECEIVERS) {
		return false;
	}

	uint64_t receivers_end =
	    receivers + (uint64_t)out->receiver_count * l.access_size;

	if (receivers_end > len) {
		return false;
	}
	for (uint32_t i = 0; i < out->receiver_count; i++) {
		const struct ffa_mem_access_v1_0 *a =
		    (const void *)(p + receivers + i * l.access_size);

		out->receivers[i].id = a->receiver;
		out->receivers[i].perm = a->permissions;
		out->receivers[i].flags = a->flags;
		if (i > 0 && a->composite_offset != composite) {
			return false;
		}
		composite = a->composite_offset;
	}
	if (composite < receivers_end || (composite % 8) != 0 ||
	    (uint64_t)composite + sizeof(struct ffa_mem_composite) > len) {
		return false;
	}

	const struct ffa_mem_composite *c = (const void *)(p + composite);

	out->total_page_count = c->page_count;
	out->constituent_count = c->constituent_count;
	out->constituents_offset = composite + sizeof(*c);
	return true;
}
