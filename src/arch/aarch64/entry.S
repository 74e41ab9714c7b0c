/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Cold entry of the SPMC at S-EL2, its stacks and its exception vectors.
 *
 * TF-A's SPMD enters `image_entry` on the primary CPU (see
 * tfa-spmd-interface.md §1.4.2) with:
 *   x0 = SPMC manifest (TOS_FW_CONFIG) physical address,
 *   x1..x3 = 0, x4 = linear core ID,
 *   MMU and caches off, all exceptions masked, SP_EL2 not set up,
 *   running at the link address (the image is not relocated).
 */

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

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
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

	/* Exceptions from now on go to the panic vectors. */
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
 * Exception vectors (Arm ARM D1.10.2): 16 entries of 0x80 bytes, 2 KiB
 * aligned. Nothing is handled yet: every entry reports the exception and
 * parks the CPU. The stack is reset first so a fault caused by a bad SP can
 * still be reported.
 */
.macro panic_vector
	.balign 0x80
	set_cpu_stack x0, x1
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	arch_panic_exception
5:	wfe
	b	5b
.endm

	.section .text.arch_vectors, "ax", %progbits
	.balign 0x800
	.global arch_vectors
arch_vectors:
	/* Current EL with SP_EL0: sync, IRQ, FIQ, SError. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	/* Current EL with SP_ELx. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	/* Lower EL, AArch64. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	/* Lower EL, AArch32. */
	panic_vector
	panic_vector
	panic_vector
	panic_vector
	.size arch_vectors, . - arch_vectors

/* Per-CPU stacks: CPU n's stack is the n-th STACK_SIZE bytes. */
	.section .stacks, "aw", %nobits
	.balign 4096
	.global arch_stacks
arch_stacks:
	.space PLAT_MAX_CPUS * STACK_SIZE
	.size arch_stacks, . - arch_stacks
