/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * vmlib_simd_load / vmlib_simd_store: V0..V31, FPCR and FPSR to and from
 * a struct vmlib_simd_state (vmlib/simd.h). Assembly is built without
 * -mgeneral-regs-only, so these two are the only code that touches FP.
 */

/* Offset of fpcr in struct vmlib_simd_state (static_assert'ed in simd.c). */
#define SIMD_FPCR 512

	.section .text.vmlib_simd_load, "ax", %progbits
	.global vmlib_simd_load
	.type vmlib_simd_load, %function
	.balign 4
vmlib_simd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	ldr	x1, [x0, #SIMD_FPCR]
	ldr	x2, [x0, #SIMD_FPCR + 8]
	msr	fpcr, x1
	msr	fpsr, x2
	ret
	.size vmlib_simd_load, . - vmlib_simd_load

	.section .text.vmlib_simd_store, "ax", %progbits
	.global vmlib_simd_store
	.type vmlib_simd_store, %function
	.balign 4
vmlib_simd_store:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpcr
	mrs	x2, fpsr
	str	x1, [x0, #SIMD_FPCR]
	str	x2, [x0, #SIMD_FPCR + 8]
	ret
	.size vmlib_simd_store, . - vmlib_simd_store
