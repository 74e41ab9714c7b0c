/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Entry, stacks and exception vectors of the normal-world image at NS-EL2.
 *
 * The primary CPU enters `image_entry` (0x60000000) from EL3 with the MMU
 * off; x0..x3 carry nothing the image uses. Secondary CPUs enter
 * `nwd_secondary_entry` through PSCI CPU_ON with x0 = the context ID, here
 * the address of the CPU's struct nwd_cpu_start (cpu.c): its stack top and
 * index.
 */

#include "driver/nwd.h"

/* Offsets in struct nwd_cpu_start (static_assert'ed in cpu.c). */
#define START_STACK 0
#define START_INDEX 8

/* HCR_EL2: RW (lower ELs are AArch64); E2H = TGE = 0, so no VHE layouts. */
#define HCR_EL2_VALUE (1 << 31)
/* SCTLR_EL2 = 0x30c50830: RES1 bits (non-VHE); M, C, A, SA, I clear. */
#define SCTLR_EL2_HI 0x30c5
#define SCTLR_EL2_LO 0x0830
/* CPTR_EL2 RES1 bits [13:12], [9:0] but TZ (8): SVE traps, FP does not. */
#define CPTR_EL2_VALUE 0x33ff

/* The system registers every CPU sets before running C. */
.macro cpu_setup tmp
	mov	\tmp, #HCR_EL2_VALUE
	msr	hcr_el2, \tmp
	mov	\tmp, #SCTLR_EL2_LO
	movk	\tmp, #SCTLR_EL2_HI, lsl #16
	msr	sctlr_el2, \tmp
	mov	\tmp, #CPTR_EL2_VALUE
	msr	cptr_el2, \tmp
	adrp	\tmp, nwd_vectors
	add	\tmp, \tmp, :lo12:nwd_vectors
	msr	vbar_el2, \tmp
	isb
.endm

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
	msr	tpidr_el2, xzr
	cpu_setup x0

	/* Zero .bss. The linker script aligns both ends to 16 bytes. */
	adrp	x0, bss_begin
	add	x0, x0, :lo12:bss_begin
	adrp	x1, bss_end
	add	x1, x1, :lo12:bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	/* CPU 0 runs on the first stack. */
	adrp	x0, nwd_stacks
	add	x0, x0, :lo12:nwd_stacks
	add	x0, x0, #NWD_STACK_SIZE
	mov	sp, x0
	bl	nwd_boot
	b	.
	.size image_entry, . - image_entry

	.section .text.nwd_secondary_entry, "ax", %progbits
	.global nwd_secondary_entry
	.type nwd_secondary_entry, %function
	.balign 4
nwd_secondary_entry:
	ldr	x1, [x0, #START_STACK]
	mov	sp, x1
	ldr	x1, [x0, #START_INDEX]
	msr	tpidr_el2, x1
	cpu_setup x1
	/* nwd_cpu_secondary_main(start) never returns. */
	bl	nwd_cpu_secondary_main
	b	.
	.size nwd_secondary_entry, . - nwd_secondary_entry

/*
 * Exception vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes, 2 KiB
 * aligned. None is expected: each calls nwd_exception(vector, esr, elr,
 * far) on the CPU's stack, reset first in case SP is the problem.
 */
.macro fatal_vector index
	.balign 0x80
	mrs	x0, tpidr_el2
	add	x0, x0, #1
	mov	x1, #NWD_STACK_SIZE
	mul	x0, x0, x1
	adrp	x1, nwd_stacks
	add	x1, x1, :lo12:nwd_stacks
	add	x1, x1, x0
	mov	sp, x1
	mov	x0, #\index
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	bl	nwd_exception
	b	.
.endm

	.section .text.nwd_vectors, "ax", %progbits
	.balign 0x800
	.global nwd_vectors
nwd_vectors:
	fatal_vector 0
	fatal_vector 1
	fatal_vector 2
	fatal_vector 3
	fatal_vector 4
	fatal_vector 5
	fatal_vector 6
	fatal_vector 7
	fatal_vector 8
	fatal_vector 9
	fatal_vector 10
	fatal_vector 11
	fatal_vector 12
	fatal_vector 13
	fatal_vector 14
	fatal_vector 15
	.size nwd_vectors, . - nwd_vectors

/* CPU n's stack is the (n + 1)-th NWD_STACK_SIZE bytes, growing down. */
	.section .stacks, "aw", %nobits
	.balign 4096
	.global nwd_stacks
nwd_stacks:
	.space NWD_MAX_CPUS * NWD_STACK_SIZE
	.size nwd_stacks, . - nwd_stacks
