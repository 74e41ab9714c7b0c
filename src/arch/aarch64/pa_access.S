/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Recoverable copy and zeroing (spmc/arch/pa_access.h).
 *
 * Every instruction between arch_pa_access_begin and arch_pa_access_end
 * may take a synchronous data abort at EL2 that the EL2 sync vector
 * (switch.S, arch_el2_sync) recovers: if the fault is a granule protection
 * fault or a synchronous external abort, it sets ELR_EL2 to
 * arch_pa_access_fixup and returns there, which returns false to our
 * caller. So that this is all the recovery needs, both routines are leaf
 * functions that keep nothing on the stack, leave x30 and SP alone, and
 * use only caller-saved registers; the vector may clobber x0 and x1.
 */

	.section .text.arch_pa_access, "ax", %progbits
	.balign 64
	.global arch_pa_access_begin
arch_pa_access_begin:

/*
 * bool arch_copy_recoverable(void *dst, const void *src, size_t len)
 *
 * 64 bytes per iteration, then 16, then single bytes. SCTLR_EL2.A is
 * clear, so unaligned LDP/STP to Normal memory are fine.
 */
	.global arch_copy_recoverable
	.type arch_copy_recoverable, %function
arch_copy_recoverable:
1:	cmp	x2, #64
	b.lo	2f
	ldp	x3, x4, [x1]
	ldp	x5, x6, [x1, #16]
	ldp	x7, x8, [x1, #32]
	ldp	x9, x10, [x1, #48]
	stp	x3, x4, [x0]
	stp	x5, x6, [x0, #16]
	stp	x7, x8, [x0, #32]
	stp	x9, x10, [x0, #48]
	add	x1, x1, #64
	add	x0, x0, #64
	sub	x2, x2, #64
	b	1b
2:	cmp	x2, #16
	b.lo	3f
	ldp	x3, x4, [x1], #16
	stp	x3, x4, [x0], #16
	sub	x2, x2, #16
	b	2b
3:	cbz	x2, 4f
	ldrb	w3, [x1], #1
	strb	w3, [x0], #1
	sub	x2, x2, #1
	b	3b
4:	mov	w0, #1
	ret
	.size arch_copy_recoverable, . - arch_copy_recoverable

/*
 * bool arch_zero_recoverable(void *dst, size_t len)
 *
 * With DC ZVA when DCZID_EL0.DZP is clear (DC ZVA is never trapped at EL2
 * with HCR_EL2.E2H = 0) and the range holds at least two blocks of
 * 4 << DCZID_EL0.BS bytes: stores up to the first block boundary, DC ZVA
 * per whole block, stores for the tail. Otherwise stores only.
 */
	.global arch_zero_recoverable
	.type arch_zero_recoverable, %function
arch_zero_recoverable:
	mrs	x2, dczid_el0
	tbnz	x2, #4, 3f
	and	x2, x2, #0xf
	mov	x3, #4
	lsl	x3, x3, x2
	cmp	x1, x3, lsl #1
	b.lo	3f
	sub	x4, x3, #1
	/* Head: bytes up to 16-byte alignment, then 16 at a time. */
1:	tst	x0, #15
	b.eq	2f
	strb	wzr, [x0], #1
	sub	x1, x1, #1
	b	1b
2:	tst	x0, x4
	b.eq	5f
	stp	xzr, xzr, [x0], #16
	sub	x1, x1, #16
	b	2b
5:	cmp	x1, x3
	b.lo	3f
	dc	zva, x0
	add	x0, x0, x3
	sub	x1, x1, x3
	b	5b
	/* Stores: 16 bytes at a time, then single bytes. */
3:	cmp	x1, #16
	b.lo	4f
	stp	xzr, xzr, [x0], #16
	sub	x1, x1, #16
	b	3b
4:	cbz	x1, 6f
	strb	wzr, [x0], #1
	sub	x1, x1, #1
	b	4b
6:	mov	w0, #1
	ret
	.size arch_zero_recoverable, . - arch_zero_recoverable

	.global arch_pa_access_end
arch_pa_access_end:

/* Where a recovered fault resumes: the interrupted routine returns false. */
	.global arch_pa_access_fixup
	.type arch_pa_access_fixup, %function
arch_pa_access_fixup:
	mov	w0, #0
	ret
	.size arch_pa_access_fixup, . - arch_pa_access_fixup
