/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Cold and secondary entry of the SPMC at S-EL2, and the per-CPU stacks.
 *
 * TF-A's SPMD enters `image_entry` on the primary CPU and, once the SPMC
 * registered it with FFA_SECONDARY_EP_REGISTER, `arch_secondary_entry` on
 * every CPU that PSCI CPU_ON brings up (tfa-spmd-interface §1.4.2, §1.5):
 *   x0 = SPMC manifest (TOS_FW_CONFIG) physical address,
 *   x1..x3 = 0, x4 = linear core ID,
 *   MMU and caches off, all exceptions masked, SP_EL2 not set up,
 *   running at the link address (the image is not relocated).
 * Should the SPMD enter `image_entry` on a secondary CPU (registration
 * failed), it is sent down the secondary path too.
 */

#include "stack.S.h"

/* MPIDR_EL1 affinity fields: Aff0..2 in [23:0], Aff3 in [39:32]. */
#define MPIDR_AFF_MASK_LO 0xFFFFFF
#define MPIDR_AFF3_SHIFT 32

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
	/* A CPU arriving after the cold boot started is a secondary. */
	adrp	x5, arch_cold_boot_started
	ldr	w6, [x5, :lo12:arch_cold_boot_started]
	cbnz	w6, arch_secondary_entry

	mov	w6, #1
	str	w6, [x5, :lo12:arch_cold_boot_started]
	/* Other CPUs read the flag with their caches off. */
	add	x5, x5, :lo12:arch_cold_boot_started
	dc	civac, x5
	dsb	sy

	/*
	 * Keep the manifest address and core ID in callee-saved registers;
	 * x0..x4 are scratch until the C call.
	 */
	mov	x19, x0
	mov	x20, x4

	/* The primary CPU is index 0; arch_cpu_index() reads it here. */
	msr	tpidr_el2, xzr

	/* Zero .bss. The linker script aligns both ends to 16 bytes. */
	adrp	x0, bss_begin
	add	x0, x0, :lo12:bss_begin
	adrp	x1, bss_end
	add	x1, x1, :lo12:bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:
	set_cpu_stack x0, x1

	/* Exceptions from now on go to the vectors. */
	adrp	x0, arch_vectors
	add	x0, x0, :lo12:arch_vectors
	msr	vbar_el2, x0
	isb

	/* spmc_cold_boot(manifest_pa, core_id) */
	mov	x0, x19
	mov	x1, x20
	bl	spmc_cold_boot

	/* spmc_cold_boot must not return; park the CPU if it does. */
4:	wfe
	b	4b
	.size image_entry, . - image_entry

/*
 * Secondary entry: find this CPU's index by its MPIDR in the table the
 * primary filled (arch_cpu_mpidr, cleaned to memory), then continue in C.
 */
	.global arch_secondary_entry
	.type arch_secondary_entry, %function
arch_secondary_entry:
	mov	x20, x4
	mrs	x1, mpidr_el1
	and	x2, x1, #MPIDR_AFF_MASK_LO
	lsr	x3, x1, #MPIDR_AFF3_SHIFT
	and	x3, x3, #0xFF
	orr	x1, x2, x3, lsl #MPIDR_AFF3_SHIFT

	adrp	x2, arch_cpu_mpidr
	add	x2, x2, :lo12:arch_cpu_mpidr
	mov	x3, #0
5:	cmp	x3, #PLAT_MAX_CPUS
	b.hs	7f
	ldr	x4, [x2, x3, lsl #3]
	cmp	x4, x1
	b.eq	6f
	add	x3, x3, #1
	b	5b

6:	msr	tpidr_el2, x3
	set_cpu_stack x0, x1
	adrp	x0, arch_vectors
	add	x0, x0, :lo12:arch_vectors
	msr	vbar_el2, x0
	isb
	mov	x0, x20
	bl	spmc_secondary_boot
	b	8f

	/* Not a CPU of the manifest: refuse to start it (x2 != 0). */
7:	ldr	w0, =0x84000060
	mov	x1, #0
	mov	x2, #-2
	and	x2, x2, #0xFFFFFFFF
	smc	#0
8:	wfe
	b	8b
	.size arch_secondary_entry, . - arch_secondary_entry

	.section .data.arch_cold_boot_started, "aw", %progbits
	.balign 64
	.global arch_cold_boot_started
arch_cold_boot_started:
	.word 0
	.balign 64

/* Per-CPU stacks: CPU n's stack is the n-th STACK_SIZE bytes. */
	.section .stacks, "aw", %nobits
	.balign 4096
	.global arch_stacks
arch_stacks:
	.space PLAT_MAX_CPUS * STACK_SIZE
	.size arch_stacks, . - arch_stacks
