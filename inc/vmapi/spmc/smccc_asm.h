/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/*
 * Assembly helpers for an SMCCC v1.2 call with x0..x17 in and out
 * (DEN0028 §2.6), laid out as `struct ffa_value` (18 x 8 bytes). Shared by
 * every image that makes such calls: the SPMC (arch_smc), partitions
 * (vmlib's ffa_call) and the EL3 test firmware's self-test.
 */

#ifdef __ASSEMBLER__

/* Assembler macros, not C: */
/* clang-format off */

/* Loads x0..x17 from the ffa_value at \base (not one of x0..x17). */
.macro smccc_load_x0_x17 base
	ldp	x0, x1, [\base, #0]
	ldp	x2, x3, [\base, #16]
	ldp	x4, x5, [\base, #32]
	ldp	x6, x7, [\base, #48]
	ldp	x8, x9, [\base, #64]
	ldp	x10, x11, [\base, #80]
	ldp	x12, x13, [\base, #96]
	ldp	x14, x15, [\base, #112]
	ldp	x16, x17, [\base, #128]
.endm

/* Stores x0..x17 into the ffa_value at \base (not one of x0..x17). */
.macro smccc_store_x0_x17 base
	stp	x0, x1, [\base, #0]
	stp	x2, x3, [\base, #16]
	stp	x4, x5, [\base, #32]
	stp	x6, x7, [\base, #48]
	stp	x8, x9, [\base, #64]
	stp	x10, x11, [\base, #80]
	stp	x12, x13, [\base, #96]
	stp	x14, x15, [\base, #112]
	stp	x16, x17, [\base, #128]
.endm

/* clang-format on */

#endif
