/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdarg.h>
#include <stddef.h>

/**
 * The normal world's console: PL011 UART0. Each call writes its text
 * under a lock, so calls from several CPUs never interleave within a
 * call; "\n" goes out as "\r\n". Formatting follows `dlog` (d i u x X p s
 * c %, l ll z h, width, 0, -); one call formats at most NWD_PRINTF_MAX - 1
 * characters, and a cut line keeps its final newline.
 */

#define NWD_PRINTF_MAX 512

#ifdef __cplusplus
extern "C" {
#endif

void nwd_console_write(const char *chars, size_t len);
void nwd_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nwd_vprintf(const char *fmt, va_list args);

#ifdef __cplusplus
}
#endif
