/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/simd.h"

#include <stddef.h>

static_assert(offsetof(struct vmlib_simd_state, fpcr) == 512,
	      "simd.S SIMD_FPCR");
static_assert(offsetof(struct vmlib_simd_state, fpsr) == 520,
	      "simd.S: fpsr follows fpcr");

/* FPCR RMode = round towards zero (0b11 << 22), FZ (24), DN (25). */
#define VMLIB_SIMD_FPCR ((3U << 22) | (1U << 24) | (1U << 25))
/* FPSR QC (27), IXC (4), UFC (3), IOC (0). */
#define VMLIB_SIMD_FPSR ((1U << 27) | (1U << 4) | (1U << 3) | (1U << 0))

/**
 * Fills `state` so that every V register half differs from every other
 * one and from the same half under another seed: half h of Vn is
 * `seed * 0x100 + 2n + h` mixed by a multiplication. FPCR and FPSR get
 * fixed non-default values built from implemented bits (vmlib/simd.h).
 */
void vmlib_simd_fill(struct vmlib_simd_state *state, uint64_t seed)
{
	size_t n;
	size_t h;

	for (n = 0; n < 32; n++) {
		for (h = 0; h < 2; h++) {
			uint64_t k = (seed << 8) + 2 * n + h;

			state->v[n][h] = k * 0x9E3779B97F4A7C15ULL;
		}
	}
	state->fpcr = VMLIB_SIMD_FPCR;
	state->fpsr = VMLIB_SIMD_FPSR;
}
