/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Constituents (DEN0140 Table 1.14), from the first fragment and from each
 * FFA_MEM_FRAG_TX fragment: non-empty, 4 KiB aligned, no overflow, no
 * overlap, and pages adding up to the composite's total page count.
 */

#include "spmc/checked.h"
#include "spmc/mem_desc.h"

#include "internal.h"

#define MD_CONSTITUENT_SIZE 16U

/**
 * True if `[base, end)` overlaps one of the first `n` constituents. While
 * constituents come in ascending order (the usual case) the running
 * maximum end answers in O(1); otherwise every earlier one is compared.
 */
static bool overlaps(const struct mem_desc *d, uint32_t n, uint64_t max_end,
		     uint64_t base, uint64_t end)
{
	uint32_t i;

	if (base >= max_end) {
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct mem_desc_constituent *c = &d->constituents[i];

		if (ranges_overlap(base, end, c->base,
				   c->base + (uint64_t)c->page_count *
						 FFA_MEM_PAGE_SIZE)) {
			return true;
		}
	}
	return false;
}

/** Checks one raw constituent against the rules and those before it. */
static enum mem_desc_error check_one(const struct mem_desc *d, uint32_t n,
				     uint64_t max_end, const uint8_t *p,
				     uint64_t *end)
{
	uint64_t base = md_le64(p);
	uint32_t pages = md_le32(p + 8);

	if (md_le32(p + 12) != 0) {
		return MEM_DESC_ERROR_CONSTITUENT_MBZ;
	}
	if (pages == 0) {
		return MEM_DESC_ERROR_CONSTITUENT_EMPTY;
	}
	if (!is_aligned(base, FFA_MEM_PAGE_SIZE)) {
		return MEM_DESC_ERROR_CONSTITUENT_UNALIGNED;
	}
	/* pages * 4 KiB fits in 44 bits; only the addition can overflow. */
	if (!checked_range_end(base, (uint64_t)pages * FFA_MEM_PAGE_SIZE,
			       end)) {
		return MEM_DESC_ERROR_CONSTITUENT_OVERFLOW;
	}
	if (overlaps(d, n, max_end, base, *end)) {
		return MEM_DESC_ERROR_CONSTITUENT_OVERLAP;
	}
	return MEM_DESC_ERROR_SUCCESS;
}

/**
 * Takes the `n` bytes at `p` (a whole number of constituents that the
 * caller has checked fit the declared count) into `d`. The counters of `d`
 * change only on success; slots past `constituent_done` are scratch.
 */
enum mem_desc_error md_take_constituents(struct mem_desc *d, const uint8_t *p,
					 uint32_t n)
{
	uint32_t done = d->constituent_done;
	uint64_t sum = d->page_sum;
	uint64_t max_end = d->max_end;
	uint64_t end;
	enum mem_desc_error e;

	for (; n >= MD_CONSTITUENT_SIZE; n -= MD_CONSTITUENT_SIZE) {
		e = check_one(d, done, max_end, p, &end);
		if (e != MEM_DESC_ERROR_SUCCESS) {
			return e;
		}
		d->constituents[done].base = md_le64(p);
		d->constituents[done].page_count = md_le32(p + 8);
		sum += d->constituents[done].page_count;
		if (sum > d->total_page_count) {
			return MEM_DESC_ERROR_PAGE_COUNT_MISMATCH;
		}
		max_end = end > max_end ? end : max_end;
		done++;
		p += MD_CONSTITUENT_SIZE;
	}
	if (done == d->constituent_count && sum != d->total_page_count) {
		return MEM_DESC_ERROR_PAGE_COUNT_MISMATCH;
	}
	d->received += (done - d->constituent_done) * MD_CONSTITUENT_SIZE;
	d->constituent_done = done;
	d->page_sum = sum;
	d->max_end = max_end;
	return MEM_DESC_ERROR_SUCCESS;
}

/** See inc/spmc/mem_desc.h. */
enum mem_desc_error mem_desc_add_fragment(struct mem_desc *d, const void *buf,
					  uint32_t length)
{
	if (mem_desc_is_complete(d)) {
		return MEM_DESC_ERROR_ALREADY_COMPLETE;
	}
	if (length == 0 || !is_aligned(length, MD_CONSTITUENT_SIZE)) {
		return MEM_DESC_ERROR_FRAGMENT_SPLIT;
	}
	if (length > d->total_length - d->received) {
		return MEM_DESC_ERROR_FRAGMENT_TOO_LONG;
	}
	return md_take_constituents(d, buf, length);
}

/** See inc/spmc/mem_desc.h. */
bool mem_desc_is_complete(const struct mem_desc *d)
{
	return d->received == d->total_length &&
	       d->constituent_done == d->constituent_count;
}
