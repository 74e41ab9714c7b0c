/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdarg.h>
#include <stddef.h>

/**
 * Partition logging through FFA_CONSOLE_LOG (the SPMC writes it to its
 * console, UART1 on QEMU). Each vCPU buffers its own line and sends it
 * when a newline ends it or when it reaches FFA_CONSOLE_LOG_64_MAX_CHARS;
 * the newline is sent too. Formatting follows `dlog` (d i u x X p s c %,
 * l ll z h, width, 0, -). One call formats at most VMLIB_LOG_FORMAT_MAX
 * characters; a longer result is cut, keeping a final newline.
 *
 * vmlib tries the richest form first and falls back for the rest of the
 * partition's life if the SPMC refuses it: SMC64 with 128 characters
 * (FF-A v1.2), SMC64 with 48 (FF-A v1.1), then SMC32 with 24.
 */

#define VMLIB_LOG_FORMAT_MAX 256

#ifdef __cplusplus
extern "C" {
#endif

void vmlib_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vmlib_vlog(const char *fmt, va_list args);

/** Ends the calling vCPU's partial line, if any, with a newline. */
void vmlib_log_flush(void);

/** Sends `len` characters straight away, bypassing the line buffer. */
void vmlib_console_write(const char *chars, size_t len);

#ifdef __cplusplus
}
#endif
