/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Helpers shared by the two self-test images of the EL3 test firmware (the
 * normal-world driver and the stub SPMC): a polled PL011 console, SMC
 * calls with x0..x17, and check bookkeeping. Bare metal, MMU off.
 */

#include <stdbool.h>
#include <stdint.h>

/** x0..x17 of an SMC, in and out (SMCCC v1.2). */
struct st_args {
	uint64_t x[18];
};

/** Issues `smc #0` with `a` in x0..x17 and stores x0..x17 back. */
void st_smc(struct st_args *a);

/** Selects the PL011 the image prints on (UART0 or UART1). */
void st_console_init(uintptr_t uart_base);
void st_puts(const char *s);
void st_put_hex(uint64_t v);

/** Prints "<prefix><name> = 0x<v>" on one line. */
void st_print(const char *name, uint64_t v);

/**
 * Counts a check of `name`: `got` must equal `want`. Prints a FAIL line
 * with both values when it does not. Returns whether it passed.
 */
bool st_check(const char *name, uint64_t got, uint64_t want);

/** Checks run and failed so far. */
uint32_t st_checks(void);
uint32_t st_failures(void);

/** The text every line starts with, e.g. "[nwd] ". */
void st_set_prefix(const char *prefix);
