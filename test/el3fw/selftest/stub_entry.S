/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Entry of the stub SPMC (BL32 for the EL3 firmware's self-test), linked
 * at 0x0e100000. EL3 enters `image_entry` on the primary core and
 * `stub_secondary_entry` (the registered secondary entry point) after
 * PSCI CPU_ON. Before touching anything, both record x0..x4, DAIF, SPSel
 * and SP in stub_entry_regs[core] so the C code can check the entry state
 * (tfa-spmd-interface §1.4.2, §1.5).
 */

#define STUB_MAX_CPUS 8
#define STUB_STACK_SIZE 4096
/* Bytes per core in stub_entry_regs: x0..x4, DAIF, SPSel, SP. */
#define STUB_REGS_SIZE 64

.macro record_entry
	and	x9, x4, #(STUB_MAX_CPUS - 1)
	adrp	x10, stub_entry_regs
	add	x10, x10, :lo12:stub_entry_regs
	add	x10, x10, x9, lsl #6
	stp	x0, x1, [x10, #0]
	stp	x2, x3, [x10, #16]
	mrs	x11, daif
	stp	x4, x11, [x10, #32]
	mrs	x11, spsel
	mov	x12, sp
	stp	x11, x12, [x10, #48]
	/* SP = top of this core's stack. */
	adrp	x10, stub_stacks
	add	x10, x10, :lo12:stub_stacks
	add	x11, x9, #1
	mov	x12, #STUB_STACK_SIZE
	madd	x10, x11, x12, x10
	mov	sp, x10
.endm

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
	/* .bss first: record_entry writes into it. x0..x4 are kept. */
	adrp	x9, bss_begin
	add	x9, x9, :lo12:bss_begin
	adrp	x10, bss_end
	add	x10, x10, :lo12:bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:	record_entry
	and	x0, x4, #(STUB_MAX_CPUS - 1)
	bl	stub_main
3:	wfe
	b	3b

	.global stub_secondary_entry
	.type stub_secondary_entry, %function
stub_secondary_entry:
	record_entry
	and	x0, x4, #(STUB_MAX_CPUS - 1)
	bl	stub_secondary_main
4:	wfe
	b	4b

	.section .stacks, "aw", %nobits
	.balign 4096
stub_stacks:
	.space STUB_MAX_CPUS * STUB_STACK_SIZE
