/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "bench_desc.h"

#include <stddef.h>
#include <string.h>

/* The header and the one access descriptor of `d`. */
static void bench_desc_head(void *buf, const struct bench_desc *d,
			    uint32_t composite_offset)
{
	struct ffa_mem_region *h = buf;
	struct ffa_mem_access *a =
	    (struct ffa_mem_access *)((char *)buf + BENCH_DESC_RECEIVER_OFFSET);

	memset(buf, 0, BENCH_DESC_COMPOSITE_OFFSET);
	h->sender = d->sender;
	h->attributes = d->attributes;
	h->flags = d->flags;
	h->handle = d->handle;
	h->access_desc_size = sizeof(struct ffa_mem_access);
	h->receiver_count = 1;
	h->receivers_offset = BENCH_DESC_RECEIVER_OFFSET;
	a->receiver = d->receiver;
	a->permissions = d->perm;
	a->composite_offset = composite_offset;
}

/**
 * Writes the send descriptor of `d` with `count` constituents into `buf`;
 * returns its length, or 0 if it needs more than `cap` bytes.
 */
uint32_t bench_desc_send(void *buf, uint32_t cap, const struct bench_desc *d,
			 const struct ffa_mem_constituent *constituents,
			 uint32_t count)
{
	uint32_t size = bench_desc_send_size(count);
	struct ffa_mem_composite *comp =
	    (struct ffa_mem_composite *)((char *)buf +
					 BENCH_DESC_COMPOSITE_OFFSET);
	uint32_t pages = 0;

	if (size > cap) {
		return 0;
	}
	bench_desc_head(buf, d, BENCH_DESC_COMPOSITE_OFFSET);
	for (uint32_t i = 0; i < count; i++) {
		pages += constituents[i].page_count;
	}
	*comp = (struct ffa_mem_composite){ .page_count = pages,
					    .constituent_count = count };
	memcpy((char *)buf + BENCH_DESC_CONSTITUENTS_OFFSET, constituents,
	       (size_t)count * sizeof(*constituents));
	return size;
}

/**
 * Writes the retrieve request of `d` (its handle, composite offset 0) into
 * `buf`; returns its length, or 0 if `cap` is too small.
 */
uint32_t bench_desc_retrieve(void *buf, uint32_t cap,
			     const struct bench_desc *d)
{
	if (cap < BENCH_DESC_COMPOSITE_OFFSET) {
		return 0;
	}
	bench_desc_head(buf, d, 0);
	return BENCH_DESC_COMPOSITE_OFFSET;
}

/* The relinquish descriptor (DEN0140 Table 1.23 with one endpoint). */
struct bench_relinquish {
	uint64_t handle;
	uint32_t flags;
	uint32_t count;
	uint16_t ids[1];
};

/** Writes the relinquish descriptor of `handle` for endpoint `id`. */
uint32_t bench_desc_relinquish(void *buf, uint32_t cap, uint64_t handle,
			       uint16_t id)
{
	struct bench_relinquish *r = buf;
	uint32_t size = offsetof(struct bench_relinquish, ids) + sizeof(id);

	if (cap < sizeof(*r)) {
		return 0;
	}
	*r = (struct bench_relinquish){ .handle = handle, .count = 1 };
	r->ids[0] = id;
	return size;
}

/**
 * Reads the constituent count of a v1.1+ retrieve response's first
 * fragment (`len` bytes) and the offset of its first constituent; false if
 * the response does not hold its composite header.
 */
bool bench_desc_resp_constituents(const void *buf, uint32_t len,
				  uint32_t *count, uint32_t *offset)
{
	const struct ffa_mem_region *h = buf;
	const struct ffa_mem_access *a;
	const struct ffa_mem_composite *comp;
	uint64_t end;

	if (len < sizeof(*h) || h->receiver_count == 0 ||
	    h->access_desc_size < sizeof(struct ffa_mem_access_v1_0)) {
		return false;
	}
	end = (uint64_t)h->receivers_offset + h->access_desc_size;
	if (end > len) {
		return false;
	}
	a = (const struct ffa_mem_access *)((const char *)buf +
					    h->receivers_offset);
	end = (uint64_t)a->composite_offset + sizeof(*comp);
	if (a->composite_offset == 0 || end > len) {
		return false;
	}
	comp = (const struct ffa_mem_composite *)((const char *)buf +
						  a->composite_offset);
	*count = comp->constituent_count;
	*offset = (uint32_t)end;
	return true;
}
