/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/fip.h"

/*
 * libFuzzer target for the FIP ToC reader. The input is copied into a heap
 * buffer of exactly its size, so ASan reports any read past it. On success
 * every entry is fetched, found again by UUID and its payload read in full.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Reads every byte of the entry's payload and returns their sum. */
static uint8_t touch(const struct fip *fip, const struct fip_entry *e)
{
	const uint8_t *p = fip_entry_data(fip, e);
	uint8_t sum = 0;
	uint64_t i;

	for (i = 0; i < e->size; i++) {
		sum = (uint8_t)(sum + p[i]);
	}
	return sum;
}

/** Checks the invariants a successful `fip_init` promises. */
static void check_fip(const struct fip *fip, size_t size)
{
	struct fip_entry e;
	struct fip_entry found;
	volatile uint8_t sink;
	uint32_t i;

	if (fip->entry_count > FIP_MAX_ENTRIES || fip->end > size ||
	    fip->toc_end > fip->end) {
		__builtin_trap();
	}
	for (i = 0; i < fip->entry_count; i++) {
		if (!fip_entry_get(fip, i, &e) || e.size == 0 ||
		    e.offset < fip->toc_end || e.offset > fip->end ||
		    e.size > fip->end - e.offset) {
			__builtin_trap();
		}
		if (!fip_find(fip, &e.uuid, &found) ||
		    found.offset != e.offset) {
			__builtin_trap();
		}
		sink = touch(fip, &e);
	}
	if (fip_entry_get(fip, fip->entry_count, &e)) {
		__builtin_trap();
	}
	(void)sink;
}

/** libFuzzer entry point: reads one input; never fails the run itself. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct fip fip;
	enum fip_error err;

	if (buf == NULL) {
		return 0;
	}
	if (size > 0) {
		memcpy(buf, data, size);
	}
	err = fip_init(&fip, size ? buf : NULL, size);
	if (fip_error_name(err) == NULL) {
		__builtin_trap();
	}
	if (err == FIP_ERROR_SUCCESS) {
		check_fip(&fip, size);
	}
	free(buf);
	return 0;
}
