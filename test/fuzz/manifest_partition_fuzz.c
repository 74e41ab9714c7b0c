/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Fuzzes the FF-A partition manifest parser. A fixed, valid SPMC manifest
 * (compiled in from corpus/spmc_base.h) declares two partitions; the input
 * is parsed as vm1's manifest and, if accepted, again as vm2's so the
 * cross-partition checks run too. The input is copied into a buffer of
 * exactly its size so ASan sees any read past the end.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/manifest.h"

#include "spmc_base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct manifest fuzz_manifest;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest_error_info err;
	struct manifest_range image = { 0x0e100000, 0x0e180000 };
	uint8_t *copy;

	manifest_init(&fuzz_manifest, image);
	if (manifest_parse_spmc(&fuzz_manifest, spmc_base_dtb,
				sizeof(spmc_base_dtb),
				&err) != MANIFEST_SUCCESS) {
		abort(); /* The base manifest must always parse. */
	}
	copy = malloc(size == 0 ? 1 : size);
	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	if (manifest_add_partition(&fuzz_manifest, 0, copy, size, &err) ==
	    MANIFEST_SUCCESS) {
		(void)manifest_add_partition(&fuzz_manifest, 1, copy, size,
					     &err);
	}
	free(copy);
	return 0;
}
