/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/mem_desc.h"

/*
 * libFuzzer target for the send-descriptor path (FFA_MEM_SHARE / LEND /
 * DONATE, then FFA_MEM_FRAG_TX). Input: byte 0 picks the caller's version
 * (v1.0..v1.3), byte 1 the ABI (bits[1:0]) and a normal-world caller
 * (bit 2), bytes 2-3 the first fragment's length; the rest is the
 * descriptor, whose full length is the declared total. Each fragment is
 * copied into a heap buffer of exactly its size, so ASan sees any
 * over-read. On success the promised invariants are checked.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP 64U

static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1,
				     FFA_VERSION_1_2, FFA_VERSION_1_3 };

/** Checks what a successful parse promises about the constituents. */
static void check_desc(const struct mem_desc *d)
{
	uint64_t sum = 0;
	uint32_t i;
	uint32_t j;

	if (d->receiver_count == 0 ||
	    d->receiver_count > PLAT_MAX_MEM_RECEIVERS ||
	    d->constituent_done > d->constituent_count ||
	    d->constituent_count > d->constituent_cap) {
		__builtin_trap();
	}
	for (i = 0; i < d->constituent_done; i++) {
		const struct mem_desc_constituent *a = &d->constituents[i];

		if (a->page_count == 0 || (a->base & 0xFFF) != 0) {
			__builtin_trap();
		}
		sum += a->page_count;
		for (j = 0; j < i; j++) {
			const struct mem_desc_constituent *b =
			    &d->constituents[j];
			uint64_t ae = a->base + a->page_count * 4096ULL;
			uint64_t be = b->base + b->page_count * 4096ULL;

			if (a->base < be && b->base < ae) {
				__builtin_trap();
			}
		}
	}
	if (sum != d->page_sum || sum > d->total_page_count ||
	    (mem_desc_is_complete(d) && sum != d->total_page_count)) {
		__builtin_trap();
	}
}

/** Feeds the rest of the descriptor in fragments of the first's size. */
static void feed_fragments(struct mem_desc *d, const uint8_t *data,
			   uint32_t size, uint32_t frag)
{
	uint32_t off = frag;

	while (off < size && !mem_desc_is_complete(d)) {
		uint32_t n = size - off < frag ? size - off : frag;
		uint8_t *buf = malloc(n);
		enum mem_desc_error e;

		if (buf == NULL) {
			return;
		}
		memcpy(buf, data + off, n);
		e = mem_desc_add_fragment(d, buf, n);
		free(buf);
		if (e != MEM_DESC_ERROR_SUCCESS) {
			if (mem_desc_error_code(e) >= 0) {
				__builtin_trap();
			}
			return;
		}
		check_desc(d);
		off += n;
	}
}

/** libFuzzer entry point: reads one input; never fails the run itself. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mem_desc_constituent storage[CAP];
	struct mem_desc d = { .constituents = storage, .constituent_cap = CAP };
	struct mem_desc_in in;
	uint32_t total;
	uint32_t frag;
	uint8_t *buf;
	enum mem_desc_error e;

	if (size < 4 || size - 4 > UINT16_MAX) {
		return 0;
	}
	total = (uint32_t)(size - 4);
	frag = (uint32_t)(data[2] | (data[3] << 8));
	frag = frag == 0 || frag > total ? total : frag;
	buf = malloc(frag ? frag : 1);
	if (buf == NULL) {
		return 0;
	}
	memcpy(buf, data + 4, frag);
	in = (struct mem_desc_in){
		.buf = buf,
		.fragment_length = frag,
		.total_length = total,
		.version = versions[data[0] & 3],
		.caller_id = 0x8001,
		.caller_is_nwd = (data[1] & 4) != 0,
	};
	e = mem_desc_parse_send(&in, (enum mem_desc_abi)(data[1] % 3), &d);
	free(buf);
	if (mem_desc_error_name(e) == NULL ||
	    (e != MEM_DESC_ERROR_SUCCESS) != (mem_desc_error_code(e) < 0)) {
		__builtin_trap();
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		check_desc(&d);
		feed_fragments(&d, data + 4, total, frag);
	}
	return 0;
}
