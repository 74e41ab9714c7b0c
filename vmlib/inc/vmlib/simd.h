/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * Direct access to the FP/SIMD registers for tests that check the state
 * survives a world switch. All C code is built with -mgeneral-regs-only,
 * so between `vmlib_simd_load` and `vmlib_simd_store` only the code under
 * test (the SPMC, another world) can change V0..V31, FPCR or FPSR. The two
 * functions are assembly (aarch64/simd.S); FP must not trap at the
 * caller's EL (vmlib and the NWd driver enable it at entry).
 *
 * FPCR and FPSR keep only their implemented bits: compare what
 * `vmlib_simd_store` reads back after loading, not what was loaded. Bits
 * that work on QEMU `-cpu max`: FPCR AHP/DN/FZ/RMode (bits 26..22), FPSR
 * QC and the cumulative flags (bits 27, 7, 4..0).
 */

/** V0..V31 (low doubleword first), then FPCR and FPSR. 528 bytes. */
struct vmlib_simd_state {
	uint64_t v[32][2];
	uint64_t fpcr;
	uint64_t fpsr;
};

#ifdef __cplusplus
extern "C" {
#endif

/** Loads V0..V31, FPCR and FPSR from `state`. */
void vmlib_simd_load(const struct vmlib_simd_state *state);

/** Stores V0..V31, FPCR and FPSR into `state`. */
void vmlib_simd_store(struct vmlib_simd_state *state);

/**
 * Fills `state` with a pattern unique to `seed` in every V register half,
 * and FPCR/FPSR values with implemented bits only.
 */
void vmlib_simd_fill(struct vmlib_simd_state *state, uint64_t seed);

#ifdef __cplusplus
}
#endif
