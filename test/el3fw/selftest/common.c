/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "common.h"

#define PL011_DR 0x000U
#define PL011_FR 0x018U
#define PL011_CR 0x030U
#define PL011_FR_TXFF (1U << 5)

static uintptr_t st_uart;
static const char *st_prefix = "";
static uint32_t st_check_count;
static uint32_t st_fail_count;

static volatile uint32_t *st_uart_reg(uintptr_t off)
{
	return (volatile uint32_t *)(st_uart + off);
}

void st_console_init(uintptr_t uart_base)
{
	st_uart = uart_base;
	*st_uart_reg(PL011_CR) |= (1U << 0) | (1U << 8);
}

void st_set_prefix(const char *prefix)
{
	st_prefix = prefix;
}

static void st_putc(char c)
{
	if (c == '\n') {
		st_putc('\r');
	}
	while ((*st_uart_reg(PL011_FR) & PL011_FR_TXFF) != 0) {
	}
	*st_uart_reg(PL011_DR) = (uint8_t)c;
}

void st_puts(const char *s)
{
	while (*s != '\0') {
		st_putc(*s++);
	}
}

void st_put_hex(uint64_t v)
{
	int shift = 60;

	st_puts("0x");
	while (shift > 0 && ((v >> shift) & 0xF) == 0) {
		shift -= 4;
	}
	for (; shift >= 0; shift -= 4) {
		st_putc("0123456789abcdef"[(v >> shift) & 0xF]);
	}
}

void st_print(const char *name, uint64_t v)
{
	st_puts(st_prefix);
	st_puts(name);
	st_puts(" = ");
	st_put_hex(v);
	st_puts("\n");
}

bool st_check(const char *name, uint64_t got, uint64_t want)
{
	st_check_count++;
	if (got == want) {
		return true;
	}
	st_fail_count++;
	st_puts(st_prefix);
	st_puts("FAIL ");
	st_puts(name);
	st_puts(": got ");
	st_put_hex(got);
	st_puts(", want ");
	st_put_hex(want);
	st_puts("\n");
	return false;
}

uint32_t st_checks(void)
{
	return st_check_count;
}

uint32_t st_failures(void)
{
	return st_fail_count;
}
