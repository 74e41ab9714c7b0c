/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Entering and leaving a partition vCPU.
 *
 * uint64_t arch_vcpu_run(struct arch_gp_regs *regs)
 *
 * Saves the SPMC's callee-saved registers and `regs` on the CPU stack,
 * loads the vCPU's x0..x30, PC and PSTATE from `regs` and ERETs. The next
 * exception taken from the lower EL lands in the exit stubs below, which
 * store the vCPU's registers back into `regs` and return from
 * arch_vcpu_run with the exit kind (ARCH_RUN_*) in x0. SP_EL2 still
 * points at the frame pushed here when the exception comes in.
 */

#include "stack.S.h"

#define ARCH_GP_REGS_PC_OFFSET (31 * 8)

#define FRAME_SIZE 112
#define FRAME_REGS 96

/* Exit kinds returned by arch_vcpu_run (vcpu.c). */
#define ARCH_RUN_SYNC 0
#define ARCH_RUN_IRQ 1
#define ARCH_RUN_FIQ 2
#define ARCH_RUN_SERROR 3

	.section .text.arch_vcpu_run, "ax", %progbits
	.global arch_vcpu_run
	.type arch_vcpu_run, %function
	.balign 64
arch_vcpu_run:
	stp	x29, x30, [sp, #-FRAME_SIZE]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x0, [sp, #FRAME_REGS]

	ldp	x1, x2, [x0, #ARCH_GP_REGS_PC_OFFSET]
	msr	elr_el2, x1
	msr	spsr_el2, x2

	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	/* No speculation past the ERET. */
	dsb	nsh
	isb
	.size arch_vcpu_run, . - arch_vcpu_run

/*
 * Common exit path: x0 and x1 of the vCPU are on the stack (pushed by the
 * vector), x1 holds the exit kind.
 */
	.section .text.arch_vcpu_exit, "ax", %progbits
	.type arch_vcpu_exit, %function
	.balign 64
arch_vcpu_exit:
	/* The regs pointer sits above the 16 bytes the vector pushed. */
	ldr	x0, [sp, #16 + FRAME_REGS]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	mov	x2, x1
	ldp	x3, x4, [sp], #16
	stp	x3, x4, [x0, #0]
	mrs	x3, elr_el2
	mrs	x4, spsr_el2
	stp	x3, x4, [x0, #ARCH_GP_REGS_PC_OFFSET]

	mov	x0, x2
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #FRAME_SIZE
	ret
	.size arch_vcpu_exit, . - arch_vcpu_exit

.macro exit_vector kind
	.balign 0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	arch_vcpu_exit
.endm

/*
 * Panic entry: resets the stack (a bad SP may have caused the fault) and
 * reports the exception.
 */
.macro panic_body
	set_cpu_stack x0, x1
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	arch_panic_exception
5:	wfe
	b	5b
.endm

.macro panic_vector
	.balign 0x80
	panic_body
.endm

/* ESR_EL2: exception class, data abort from the current EL, fault codes. */
#define ESR_EC_SHIFT 26
#define ESR_EC_WIDTH 6
#define ESR_EC_DABT_CUR 0x25
#define ESR_DFSC_MASK 0x3f
#define DFSC_SEA 0x10
#define DFSC_GPF 0x28

/*
 * Synchronous exception taken at EL2 (SP_EL2). A data abort inside the
 * recoverable accesses (pa_access.S) whose fault code is a synchronous
 * external abort or a granule protection fault, both not on a table walk
 * (walks read the SPMC's own tables, in secure memory: a fault there is a
 * broken invariant), resumes at their fixup with every register but x0
 * and x1 as the fault left it. Anything else is fatal, as before. The
 * check uses no stack, so a fault caused by a bad SP still reaches the
 * panic report.
 */
	.section .text.arch_el2_sync, "ax", %progbits
	.type arch_el2_sync, %function
	.balign 64
arch_el2_sync:
	mrs	x0, elr_el2
	adrp	x1, arch_pa_access_begin
	add	x1, x1, :lo12:arch_pa_access_begin
	cmp	x0, x1
	b.lo	1f
	adrp	x1, arch_pa_access_end
	add	x1, x1, :lo12:arch_pa_access_end
	cmp	x0, x1
	b.hs	1f
	mrs	x0, esr_el2
	ubfx	x1, x0, #ESR_EC_SHIFT, #ESR_EC_WIDTH
	cmp	x1, #ESR_EC_DABT_CUR
	b.ne	1f
	and	x1, x0, #ESR_DFSC_MASK
	cmp	x1, #DFSC_SEA
	b.eq	2f
	cmp	x1, #DFSC_GPF
	b.ne	1f
2:	adrp	x0, arch_pa_access_fixup
	add	x0, x0, :lo12:arch_pa_access_fixup
	msr	elr_el2, x0
	eret
	/* No speculation past the ERET. */
	dsb	nsh
	isb
1:	panic_body
	.size arch_el2_sync, . - arch_el2_sync

.macro el2_sync_vector
	.balign 0x80
	b	arch_el2_sync
.endm

/*
 * Exception vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes, 2 KiB
 * aligned. Exceptions at EL2 itself are fatal, but for faults of the
 * recoverable accesses (arch_el2_sync); those from a partition (lower EL,
 * AArch64) leave arch_vcpu_run.
 */
	.section .text.arch_vectors, "ax", %progbits
	.balign 0x800
	.global arch_vectors
arch_vectors:
	/* Current EL with SP_EL0: sync, IRQ, FIQ, SError. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	/* Current EL with SP_ELx: sync may be a recoverable access. */
	el2_sync_vector
	panic_vector
	panic_vector
	panic_vector
	/* Lower EL, AArch64. */
	exit_vector ARCH_RUN_SYNC
	exit_vector ARCH_RUN_IRQ
	exit_vector ARCH_RUN_FIQ
	exit_vector ARCH_RUN_SERROR
	/* Lower EL, AArch32: partitions are AArch64 only. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	.size arch_vectors, . - arch_vectors
