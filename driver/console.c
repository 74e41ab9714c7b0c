/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "driver/console.h"

#include "spmc/dlog.h"
#include "spmc/plat/console.h"
#include "spmc/spinlock.h"
#include "spmc/std.h"

/*
 * Whole-call output on UART0 under one lock. The formatter is the SPMC's
 * `dlog_vsnprintf`; the lock is the SPMC's spinlock, which works with the
 * MMU off on QEMU (its exclusives and LSE atomics act on RAM whatever the
 * memory type).
 */

static struct spinlock nwd_console_lock = SPINLOCK_INIT;

/** Writes `len` characters as one block that other CPUs cannot split. */
void nwd_console_write(const char *chars, size_t len)
{
	size_t i;

	sl_lock(&nwd_console_lock);
	for (i = 0; i < len; i++) {
		plat_console_putchar(chars[i]);
	}
	sl_unlock(&nwd_console_lock);
}

/** Formats like `vprintf` (see driver/console.h for the limits). */
void nwd_vprintf(const char *fmt, va_list args)
{
	char buf[NWD_PRINTF_MAX];
	size_t fmt_len = strlen(fmt);
	size_t len;

	len = dlog_vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= sizeof(buf)) {
		len = sizeof(buf) - 1;
		/* A cut line still ends where the caller meant it to. */
		if (fmt_len > 0 && fmt[fmt_len - 1] == '\n') {
			buf[len - 1] = '\n';
		}
	}
	nwd_console_write(buf, len);
}

/** Formats like `printf`; see `nwd_vprintf`. */
void nwd_printf(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	nwd_vprintf(fmt, args);
	va_end(args);
}
