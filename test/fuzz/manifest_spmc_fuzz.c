/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Fuzzes the SPMC manifest parser with arbitrary blobs. The input is copied
 * into a buffer of exactly its size so ASan sees any read past the end.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct manifest fuzz_manifest;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest_error_info err;
	struct manifest_range image = { 0x0e100000, 0x0e180000 };
	uint8_t *copy = malloc(size == 0 ? 1 : size);

	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	manifest_init(&fuzz_manifest, image);
	(void)manifest_parse_spmc(&fuzz_manifest, copy, size, &err);
	free(copy);
	return 0;
}
