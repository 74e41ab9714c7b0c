/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/smccc_asm.h"

/*
 * struct ffa_value ffa_call(struct ffa_value args)
 *
 * The FF-A conduit of partitions and the normal world: an SMCCC v1.2 SMC
 * with x0..x17 in and out. `struct ffa_value` is 144 bytes, so AAPCS64
 * passes `args` by reference in x0 (a copy the caller made) and the
 * address for the result in x8. Both are needed after x0..x17 are loaded:
 * x19 (callee-saved, and preserved across the SMC by SMCCC v1.2) holds the
 * argument pointer, the result pointer waits on the stack.
 *
 * A partition at S-EL1 reaches the SPMC this way (the SPMC traps SMC with
 * HCR_EL2.TSC); the normal world at NS-EL2 reaches EL3. An S-EL0 partition
 * would link an SVC variant of this file instead.
 */
	.section .text.ffa_call, "ax", %progbits
	.global ffa_call
	.type ffa_call, %function
	.balign 4
ffa_call:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	stp	x8, x19, [sp, #16]
	mov	x19, x0

	smccc_load_x0_x17 x19

	smc	#0

	ldr	x19, [sp, #16]
	smccc_store_x0_x17 x19

	ldr	x19, [sp, #24]
	ldp	x29, x30, [sp], #32
	ret
	.size ffa_call, . - ffa_call
