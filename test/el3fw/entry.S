/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Reset entry of the EL3 test firmware, the hold pen and the warm entry.
 *
 * QEMU starts every CPU at EL3 at flash address 0 with the MMU off. The
 * image is linked at EL3_BL31_BASE (0x0E090000): until the primary CPU has
 * copied it there, only position-independent code runs (PC-relative `adr`,
 * literal-pool constants, no absolute data accesses). Secondary CPUs never
 * leave that code: they wait in the hold pen until PSCI CPU_ON writes the
 * warm entry address into their mailbox.
 *
 * Hold pen (EL3_HOLD_PEN_BASE): one 64-bit mailbox per linear core ID.
 * 0 means "wait"; anything else is an address the core jumps to after
 * clearing its mailbox.
 */

#include "el3fw/platform.h"

/* x\dst = linear core ID of this CPU (Aff1 * 16 + Aff0), or EL3_MAX_CPUS
 * if Aff2/Aff3 are set, Aff1 >= 2, or the ID is too large. */
.macro core_pos dst, tmp
	mrs	\tmp, mpidr_el1
	/* Aff3 (bits 39:32) and Aff2 (bits 23:16) must be zero. */
	tst	\tmp, #0xFF00000000
	b.ne	91f
	tst	\tmp, #0xFF0000
	b.ne	91f
	ubfx	\dst, \tmp, #8, #8
	cmp	\dst, #EL3_CLUSTER_COUNT
	b.hs	91f
	and	\tmp, \tmp, #0xFF
	cmp	\tmp, #EL3_CPUS_PER_CLUSTER
	b.hs	91f
	add	\dst, \tmp, \dst, lsl #4
	cmp	\dst, #EL3_MAX_CPUS
	b.lo	92f
91:	mov	\dst, #EL3_MAX_CPUS
92:
.endm

	.section .init.entry, "ax", %progbits
	.global image_entry
	.type image_entry, %function
image_entry:
	mrs	x0, mpidr_el1
	and	x1, x0, #0xFFFFFF
	ubfx	x2, x0, #32, #8
	orr	x1, x1, x2
	cbnz	x1, el3_secondary_cold

	/*
	 * Primary CPU: copy [image_begin, data_end) from where it runs (flash)
	 * to its link address, then continue there.
	 */
	adr	x0, image_entry
	ldr	x1, =image_begin
	ldr	x2, =data_end
	cmp	x0, x1
	b.eq	2f
1:	ldp	x3, x4, [x0], #16
	stp	x3, x4, [x1], #16
	cmp	x1, x2
	b.lo	1b
	dsb	sy
	ic	iallu
	dsb	sy
	isb
2:	ldr	x0, =el3_primary_relocated
	br	x0
	.size image_entry, . - image_entry

/* Secondary CPUs at reset: into the hold pen, still running from flash. */
el3_secondary_cold:
	core_pos x0, x1
	cmp	x0, #EL3_MAX_CPUS
	b.hs	el3_park
	b	el3_pen_wait

/* A CPU EL3 cannot use: parked for good. */
el3_park:
	wfe
	b	el3_park

/*
 * void el3_pen_wait(uint32_t core)  [[noreturn]]
 *
 * Waits for core `core`'s mailbox to hold an address, clears the mailbox
 * and jumps there. Position-independent: used from flash at reset and from
 * the running image after PSCI CPU_OFF.
 */
	.global el3_pen_wait
	.type el3_pen_wait, %function
el3_pen_wait:
	ldr	x1, =EL3_HOLD_PEN_BASE
	add	x1, x1, x0, lsl #3
1:	ldr	x2, [x1]
	cbnz	x2, 2f
	wfe
	b	1b
2:	str	xzr, [x1]
	dsb	sy
	br	x2
	.size el3_pen_wait, . - el3_pen_wait
	.ltorg

	.section .text.el3_entry, "ax", %progbits

/* Primary CPU, now at its link address: .bss, stack, vectors, C. */
el3_primary_relocated:
	adrp	x0, bss_begin
	add	x0, x0, :lo12:bss_begin
	adrp	x1, bss_end
	add	x1, x1, :lo12:bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	mov	x0, #0
	bl	el3_set_stack
	bl	el3_cold_boot_main
	b	el3_park

/*
 * PSCI CPU_ON released this CPU from the hold pen: stack, vectors, C.
 * el3_plat_cpu_release writes this address into the mailbox.
 */
	.global el3_warm_entry
	.type el3_warm_entry, %function
el3_warm_entry:
	core_pos x19, x1
	cmp	x19, #EL3_MAX_CPUS
	b.hs	el3_park
	mov	x0, x19
	bl	el3_set_stack
	mov	x0, x19
	bl	el3_warm_boot_main
	b	el3_park
	.size el3_warm_entry, . - el3_warm_entry

/*
 * Selects SP_EL0 (EL3's C code always runs on it; SP_EL3 points to the
 * current world's context) with the top of core x0's stack, and installs
 * the vectors. Keeps x30.
 */
el3_set_stack:
	msr	spsel, #0
	adrp	x1, el3_stacks
	add	x1, x1, :lo12:el3_stacks
	add	x0, x0, #1
	mov	x2, #EL3_STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	adrp	x1, el3_vectors
	add	x1, x1, :lo12:el3_vectors
	msr	vbar_el3, x1
	isb
	ret

/* Per-core EL3 stacks and crash stacks. */
	.section .stacks, "aw", %nobits
	.balign 4096
	.global el3_stacks
el3_stacks:
	.space EL3_MAX_CPUS * EL3_STACK_SIZE
	.size el3_stacks, . - el3_stacks
	.global el3_crash_stacks
el3_crash_stacks:
	.space EL3_MAX_CPUS * EL3_CRASH_STACK_SIZE
	.size el3_crash_stacks, . - el3_crash_stacks
