/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Entry of the normal-world self-test image (BL33), linked at 0x60000000
 * and entered at NS-EL2 with the MMU off: the primary core at
 * `image_entry` with x0..x3 = 0, secondary cores at
 * `nwd_secondary_entry` through PSCI CPU_ON with their index in x0.
 */

#define NWD_MAX_CPUS 8
#define NWD_STACK_SIZE 4096

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
	/* Keep x0..x3 for nwd_main to check. */
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	adrp	x0, bss_begin
	add	x0, x0, :lo12:bss_begin
	adrp	x1, bss_end
	add	x1, x1, :lo12:bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	mov	x0, #0
	bl	nwd_set_stack
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	mov	x3, x22
	bl	nwd_main
3:	wfe
	b	3b

	.global nwd_secondary_entry
	.type nwd_secondary_entry, %function
nwd_secondary_entry:
	mov	x19, x0
	and	x0, x0, #(NWD_MAX_CPUS - 1)
	bl	nwd_set_stack
	mov	x0, x19
	bl	nwd_secondary_main
4:	wfe
	b	4b

/* SP = top of stack x0; VBAR_EL2 = the reporting vectors. */
nwd_set_stack:
	adrp	x1, nwd_stacks
	add	x1, x1, :lo12:nwd_stacks
	add	x0, x0, #1
	mov	x2, #NWD_STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	adrp	x1, nwd_vectors
	add	x1, x1, :lo12:nwd_vectors
	msr	vbar_el2, x1
	isb
	ret

/* Any exception at NS-EL2 is a test failure: report it. */
.macro nwd_vector
	.balign 0x80
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	b	nwd_exception
.endm

	.section .text.nwd_vectors, "ax", %progbits
	.balign 0x800
	.global nwd_vectors
nwd_vectors:
	.rept 16
	nwd_vector
	.endr

	.section .stacks, "aw", %nobits
	.balign 4096
nwd_stacks:
	.space NWD_MAX_CPUS * NWD_STACK_SIZE
