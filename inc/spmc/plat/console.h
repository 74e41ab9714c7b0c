/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Console porting interface. One implementation is linked per build: the
 * PL011 UART on AArch64, an in-memory capture on the fake (host) arch.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Prepares the console. Called once on the primary CPU before logging. */
void plat_console_init(void);

/** Writes one character; blocks until the device accepts it. */
void plat_console_putchar(char c);

#ifdef __cplusplus
}
#endif
