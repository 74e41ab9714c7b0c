/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Entry, stacks and exception vectors of a secure partition at S-EL1.
 *
 * The SPMC enters `image_entry` (tfa-spmd-interface §5.3) with x0..x3 the
 * boot registers, x4 the linear core index (the vCPU index), the MMU off
 * and the image at its link address. The same code serves the first entry
 * and every later one (secondary execution contexts of an MP partition):
 * `vmlib_cold_done`, in .data so zeroing .bss cannot clear it, tells them
 * apart. Partitions boot one at a time on the primary core, so the first
 * entry has finished before any secondary context starts.
 */

#include "vmlib/vmlib.h"

/* Offsets in struct vmlib_boot (static_assert'ed in partition.c). */
#define BOOT_REGS 0
#define BOOT_VCPU 32
#define BOOT_COLD 36
#define BOOT_FRAME 48

/* CPACR_EL1.FPEN = 0b11: FP/SIMD at EL0 and EL1 does not trap to EL1. */
#define CPACR_EL1_FPEN (3 << 20)

/* SP = top of the stack of the vCPU whose index is in TPIDR_EL1. */
.macro set_vcpu_stack tmp0, tmp1
	mrs	\tmp0, tpidr_el1
	add	\tmp0, \tmp0, #1
	mov	\tmp1, #VMLIB_STACK_SIZE
	mul	\tmp0, \tmp0, \tmp1
	adrp	\tmp1, vmlib_stacks
	add	\tmp1, \tmp1, :lo12:vmlib_stacks
	add	\tmp1, \tmp1, \tmp0
	mov	sp, \tmp1
.endm

	.section .init.entry, "ax", %progbits
	.global image_entry
	.global vmlib_entry
	.type image_entry, %function
	.type vmlib_entry, %function
image_entry:
vmlib_entry:
	/* x0..x4 stay live in x19..x23 until they are stored for C. */
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	mov	x23, x4

	/*
	 * A core index without a stack is a broken SPMC invariant: report it
	 * with FFA_ERROR straight away, as nothing else can run.
	 */
	cmp	x23, #VMLIB_MAX_VCPUS
	b.lo	1f
	mov	x0, #0x60
	movk	x0, #0x8400, lsl #16	/* FFA_ERROR_32 */
	mov	x1, #0
	mov	w2, #-2			/* FFA_INVALID_PARAMETERS */
	smc	#0
	b	.
1:
	msr	tpidr_el1, x23
	set_vcpu_stack x0, x1

	/* Zero .bss on the first entry only. */
	mov	x24, #0
	adrp	x0, vmlib_cold_done
	ldr	w1, [x0, :lo12:vmlib_cold_done]
	cbnz	w1, 3f
	adrp	x1, bss_begin
	add	x1, x1, :lo12:bss_begin
	adrp	x2, bss_end
	add	x2, x2, :lo12:bss_end
2:	cmp	x1, x2
	b.hs	4f
	stp	xzr, xzr, [x1], #16
	b	2b
4:	mov	w1, #1
	str	w1, [x0, :lo12:vmlib_cold_done]
	mov	x24, #1
3:
	adrp	x0, vmlib_vectors
	add	x0, x0, :lo12:vmlib_vectors
	msr	vbar_el1, x0
	mrs	x0, cpacr_el1
	orr	x0, x0, #CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	isb

	/* struct vmlib_boot on the stack; vmlib_start(&boot) never returns. */
	sub	sp, sp, #BOOT_FRAME
	stp	x19, x20, [sp, #BOOT_REGS]
	stp	x21, x22, [sp, #BOOT_REGS + 16]
	str	w23, [sp, #BOOT_VCPU]
	strb	w24, [sp, #BOOT_COLD]
	mov	x0, sp
	bl	vmlib_start
	b	.
	.size image_entry, . - image_entry
	.size vmlib_entry, . - vmlib_entry

/*
 * Exception vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes, 2 KiB
 * aligned. No exception is expected: each entry resets the stack (the
 * fault may be a bad SP), collects the syndrome and calls
 * vmlib_exception(vector, esr, elr, far), which reports and ends the
 * partition.
 */
.macro fatal_vector index
	.balign 0x80
	set_vcpu_stack x0, x1
	mov	x0, #\index
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	vmlib_exception
	b	.
.endm

	.section .text.vmlib_vectors, "ax", %progbits
	.balign 0x800
	.global vmlib_vectors
vmlib_vectors:
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
	.size vmlib_vectors, . - vmlib_vectors

	.section .data.vmlib_cold_done, "aw", %progbits
	.balign 4
vmlib_cold_done:
	.word 0

/* vCPU n's stack is the (n + 1)-th VMLIB_STACK_SIZE bytes, growing down. */
	.section .stacks, "aw", %nobits
	.balign 4096
	.global vmlib_stacks
vmlib_stacks:
	.space VMLIB_MAX_VCPUS * VMLIB_STACK_SIZE
	.size vmlib_stacks, . - vmlib_stacks
