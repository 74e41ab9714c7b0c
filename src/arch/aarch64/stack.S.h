/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* Assembly helpers for the per-CPU stacks (entry.S, switch.S). */

/* Bytes of stack per CPU. */
#define STACK_SIZE 8192

/* Puts the top of the stack of the CPU whose index is in TPIDR_EL2 in SP. */
.macro set_cpu_stack tmp0, tmp1
	mrs	\tmp0, tpidr_el2
	cmp	\tmp0, #PLAT_MAX_CPUS
	b.lo	1f
	/* A corrupt index must not point SP outside the stacks. */
	mov	\tmp0, #0
1:	add	\tmp0, \tmp0, #1
	mov	\tmp1, #STACK_SIZE
	mul	\tmp0, \tmp0, \tmp1
	adrp	\tmp1, arch_stacks
	add	\tmp1, \tmp1, :lo12:arch_stacks
	add	\tmp1, \tmp1, \tmp0
	mov	sp, \tmp1
.endm
