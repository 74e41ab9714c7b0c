/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * EL3 exception vectors and the world switch.
 *
 * While a lower EL runs, SP_EL3 points to that world's `struct
 * el3_world_ctx` on this core (context.h). An exception from a lower EL
 * saves x0-x30, SP_EL0, ELR_EL3 and SPSR_EL3 there, moves to the core's C
 * stack (SP_EL0, `runtime_sp`) and calls `el3_lower_entry`, which returns
 * the context to run next. `el3_exit` then switches the EL2 registers,
 * SCR_EL3 and CPTR_EL3 only if the world changes, restores the GP
 * registers and ERETs. Nothing else is saved: that is what TF-A saves with
 * SPMD_SPM_AT_SEL2=1 (tfa-spmd-interface §1.9).
 *
 * The SMC path costs the vector (17 instructions), about 10 to switch
 * stacks, the C dispatcher, 45 + 45 for the EL2 registers on a world
 * change and about 25 to return.
 */

#include "el3fw/context.h"
#include "el3fw/platform.h"

/* Exception kinds passed to el3_lower_entry (EL3_VEC_* in firmware.h). */
#define VEC_SYNC 0
#define VEC_IRQ 1
#define VEC_FIQ 2
#define VEC_SERROR 3
#define VEC_AARCH32 4

/* Saves x0-x30 at SP_EL3 (the current world's context). */
.macro save_gp_regs
	stp	x0, x1, [sp, #CTX_GP + 0]
	stp	x2, x3, [sp, #CTX_GP + 16]
	stp	x4, x5, [sp, #CTX_GP + 32]
	stp	x6, x7, [sp, #CTX_GP + 48]
	stp	x8, x9, [sp, #CTX_GP + 64]
	stp	x10, x11, [sp, #CTX_GP + 80]
	stp	x12, x13, [sp, #CTX_GP + 96]
	stp	x14, x15, [sp, #CTX_GP + 112]
	stp	x16, x17, [sp, #CTX_GP + 128]
	stp	x18, x19, [sp, #CTX_GP + 144]
	stp	x20, x21, [sp, #CTX_GP + 160]
	stp	x22, x23, [sp, #CTX_GP + 176]
	stp	x24, x25, [sp, #CTX_GP + 192]
	stp	x26, x27, [sp, #CTX_GP + 208]
	stp	x28, x29, [sp, #CTX_GP + 224]
	str	x30, [sp, #CTX_GP + 240]
.endm

/* A vector entry for an exception from a lower EL. */
.macro lower_vector kind
	.balign 0x80
	save_gp_regs
	mov	x1, #\kind
	b	el3_lower_common
.endm

/* A vector entry for an exception taken from EL3 itself: a crash. */
.macro crash_vector kind
	.balign 0x80
	mov	x0, #\kind
	b	el3_crash
.endm

/* Two EL2 registers, saved to or restored from [\base, #\off]. */
.macro el2_save_pair base, off, r0, r1
	mrs	x9, \r0
	mrs	x10, \r1
	stp	x9, x10, [\base, #\off]
.endm

.macro el2_restore_pair base, off, r0, r1
	ldp	x9, x10, [\base, #\off]
	msr	\r0, x9
	msr	\r1, x10
.endm

/* The EL2 register list, in `struct el3_el2_regs` order. */
.macro el2_regs op, base
	\op	\base, 0, actlr_el2, afsr0_el2
	\op	\base, 16, afsr1_el2, amair_el2
	\op	\base, 32, cnthctl_el2, cntvoff_el2
	\op	\base, 48, cptr_el2, elr_el2
	\op	\base, 64, esr_el2, far_el2
	\op	\base, 80, hacr_el2, hcr_el2
	\op	\base, 96, hpfar_el2, hstr_el2
	\op	\base, 112, icc_sre_el2, ich_hcr_el2
	\op	\base, 128, ich_vmcr_el2, mair_el2
	\op	\base, 144, mdcr_el2, sctlr_el2
	\op	\base, 160, spsr_el2, sp_el2
	\op	\base, 176, tcr_el2, tpidr_el2
	\op	\base, 192, ttbr0_el2, vbar_el2
	\op	\base, 208, vmpidr_el2, vpidr_el2
	\op	\base, 224, vtcr_el2, vttbr_el2
.endm

	.section .text.el3_vectors, "ax", %progbits
	.balign 0x800
	.global el3_vectors
el3_vectors:
	/* Current EL with SP_EL0. */
	crash_vector 0
	crash_vector 1
	crash_vector 2
	crash_vector 3
	/* Current EL with SP_ELx. */
	crash_vector 4
	crash_vector 5
	crash_vector 6
	crash_vector 7
	/* Lower EL, AArch64. */
	lower_vector VEC_SYNC
	lower_vector VEC_IRQ
	lower_vector VEC_FIQ
	lower_vector VEC_SERROR
	/* Lower EL, AArch32 (never used: SCR_EL3.RW is set). */
	lower_vector VEC_AARCH32
	lower_vector VEC_AARCH32
	lower_vector VEC_AARCH32
	lower_vector VEC_AARCH32
	.size el3_vectors, . - el3_vectors

/*
 * x1 = exception kind, GP registers saved. Finishes the save, moves to the
 * C stack and calls el3_lower_entry(ctx, kind, esr).
 */
el3_lower_common:
	mrs	x18, sp_el0
	mrs	x19, elr_el3
	mrs	x20, spsr_el3
	str	x18, [sp, #CTX_SP_EL0]
	stp	x19, x20, [sp, #CTX_ELR_EL3]
	mov	x19, sp
	ldr	x2, [x19, #CTX_RUNTIME_SP]
	msr	spsel, #0
	mov	sp, x2
	mov	x0, x19
	mrs	x2, esr_el3
	bl	el3_lower_entry
	b	el3_exit

/*
 * void el3_world_run(struct el3_world_ctx *next,
 *                    struct el3_world_ctx *prev)  [[noreturn]]
 *
 * Enters `next`. `prev` is the context whose EL2 registers are live, or
 * NULL if none is (boot): then only `next`'s are loaded.
 */
	.global el3_world_run
	.type el3_world_run, %function
el3_world_run:
	mov	x19, x1
	b	el3_exit
	.size el3_world_run, . - el3_world_run

/* x0 = context to enter, x19 = context of the world that ran last. */
el3_exit:
	cmp	x0, x19
	b.eq	2f
	cbz	x19, 1f
	add	x17, x19, #CTX_EL2
	el2_regs el2_save_pair, x17
1:	add	x17, x0, #CTX_EL2
	el2_regs el2_restore_pair, x17
	ldp	x1, x2, [x0, #CTX_SCR_EL3]
	msr	scr_el3, x1
	msr	cptr_el3, x2
	isb
2:	msr	spsel, #1
	mov	sp, x0
	ldr	x18, [sp, #CTX_SP_EL0]
	msr	sp_el0, x18
	ldp	x19, x20, [sp, #CTX_ELR_EL3]
	msr	elr_el3, x19
	msr	spsr_el3, x20
	ldp	x0, x1, [sp, #CTX_GP + 0]
	ldp	x2, x3, [sp, #CTX_GP + 16]
	ldp	x4, x5, [sp, #CTX_GP + 32]
	ldp	x6, x7, [sp, #CTX_GP + 48]
	ldp	x8, x9, [sp, #CTX_GP + 64]
	ldp	x10, x11, [sp, #CTX_GP + 80]
	ldp	x12, x13, [sp, #CTX_GP + 96]
	ldp	x14, x15, [sp, #CTX_GP + 112]
	ldp	x16, x17, [sp, #CTX_GP + 128]
	ldp	x18, x19, [sp, #CTX_GP + 144]
	ldp	x20, x21, [sp, #CTX_GP + 160]
	ldp	x22, x23, [sp, #CTX_GP + 176]
	ldp	x24, x25, [sp, #CTX_GP + 192]
	ldp	x26, x27, [sp, #CTX_GP + 208]
	ldp	x28, x29, [sp, #CTX_GP + 224]
	ldr	x30, [sp, #CTX_GP + 240]
	eret

/*
 * x0 = vector number: an exception at EL3 itself. SP may be anything, so
 * run on this core's crash stack and report.
 */
el3_crash:
	mov	x19, x0
	mrs	x20, mpidr_el1
	ubfx	x21, x20, #8, #8
	and	x20, x20, #0xFF
	add	x20, x20, x21, lsl #4
	cmp	x20, #EL3_MAX_CPUS
	csel	x20, xzr, x20, hs
	adrp	x21, el3_crash_stacks
	add	x21, x21, :lo12:el3_crash_stacks
	add	x20, x20, #1
	mov	x22, #EL3_CRASH_STACK_SIZE
	madd	x21, x20, x22, x21
	msr	spsel, #0
	mov	sp, x21
	mov	x0, x19
	mrs	x1, esr_el3
	mrs	x2, elr_el3
	mrs	x3, far_el3
	mrs	x4, spsr_el3
	bl	el3_panic_exception
1:	wfe
	b	1b
