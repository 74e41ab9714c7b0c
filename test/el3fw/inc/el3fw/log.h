/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * EL3 log, with TF-A's level prefixes ("ERROR:   ", "NOTICE:  ", ...) so
 * the output reads like BL31's. The firmware writes whole lines to UART0
 * under a lock; the unit tests link a capturing implementation. Levels and
 * the build-time LOG_LEVEL filter are those of spmc/dlog.h.
 */

#include "spmc/dlog.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Formats one message (printf subset of dlog) at `level` and emits it. */
void el3_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif

#define EL3_LOG_AT(level, ...)                       \
	do {                                         \
		if ((level) <= LOG_LEVEL) {          \
			el3_log(level, __VA_ARGS__); \
		}                                    \
	} while (0)

#define el3_error(...) EL3_LOG_AT(DLOG_LEVEL_ERROR, __VA_ARGS__)
#define el3_notice(...) EL3_LOG_AT(DLOG_LEVEL_NOTICE, __VA_ARGS__)
#define el3_warn(...) EL3_LOG_AT(DLOG_LEVEL_WARNING, __VA_ARGS__)
#define el3_info(...) EL3_LOG_AT(DLOG_LEVEL_INFO, __VA_ARGS__)
#define el3_verbose(...) EL3_LOG_AT(DLOG_LEVEL_VERBOSE, __VA_ARGS__)
