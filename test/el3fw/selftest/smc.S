/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/smccc_asm.h"

/*
 * void st_smc(struct st_args *a): x0..x17 from `a`, `smc #0`, x0..x17
 * back into `a`. `a` stays in x19, which EL3 preserves.
 */
	.section .text.st_smc, "ax", %progbits
	.global st_smc
	.type st_smc, %function
st_smc:
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
	.size st_smc, . - st_smc
