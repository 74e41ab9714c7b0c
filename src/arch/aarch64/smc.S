/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/smccc_asm.h"

/*
 * void arch_smc(struct ffa_value *args)
 *
 * SMCCC v1.2 call with x0..x17 in and out. `args` is kept in x19, which is
 * callee-saved (AAPCS64) and preserved by EL3 (SMCCC v1.2 §2.6), so it is
 * still valid after the SMC; x19 is saved and restored for our caller.
 */
	.section .text.arch_smc, "ax", %progbits
	.global arch_smc
	.type arch_smc, %function
	.balign 4
arch_smc:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0

	smccc_load_x0_x17 x19

	smc	#0

	smccc_store_x0_x17 x19

	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
	.size arch_smc, . - arch_smc
