/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * An SPMC that ends initialisation with FFA_ERROR(NOT_SUPPORTED), as the
 * project's SPMC did before it could load partitions: EL3 must log "SPMC
 * initialisation failed" and boot the normal world without SPM
 * (tfa-spmd-interface §1.4.4). It answers FFA_ERROR to anything after.
 */

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
1:	mov	w0, #0x0060
	movk	w0, #0x8400, lsl #16	/* FFA_ERROR_32 */
	mov	x1, #0
	mov	w2, #0xFFFFFFFF		/* NOT_SUPPORTED, w2 */
	smc	#0
	b	1b
