/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/plat/console.h"

/*
 * Report of an unexpected exception, called from the vector table in
 * entry.S. It writes straight to the console, without dlog: the exception
 * may have hit while this CPU held the dlog lock or was part-way through a
 * line, and a panic must not depend on the state it is reporting.
 */

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
[[noreturn]] void arch_panic_exception(uint64_t esr, uint64_t elr,
				       uint64_t far);

static void panic_puts(const char *s)
{
	while (*s != '\0') {
		plat_console_putchar(*s++);
	}
}

static void panic_put_hex(uint64_t v)
{
	int shift;

	panic_puts("0x");
	for (shift = 60; shift >= 0; shift -= 4) {
		plat_console_putchar("0123456789abcdef"[(v >> shift) & 0xf]);
	}
}

/**
 * Logs an exception taken to S-EL2 that the SPMC does not handle yet (every
 * exception, for now) with its syndrome, return address and fault address,
 * then parks the CPU. Never returns. Error class (c): a broken invariant.
 */
void arch_panic_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	uint64_t cpu;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(cpu));

	panic_puts("\n[SPMC PANIC] unexpected exception on CPU ");
	panic_put_hex(cpu);
	panic_puts("\n  ESR_EL2 ");
	panic_put_hex(esr);
	panic_puts("\n  ELR_EL2 ");
	panic_put_hex(elr);
	panic_puts("\n  FAR_EL2 ");
	panic_put_hex(far);
	panic_puts("\n");

	for (;;) {
		__asm__ volatile("wfe");
	}
}
