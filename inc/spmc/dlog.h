/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Debug log. Output is buffered per CPU and emitted a whole line at a time
 * under one lock, so lines from several CPUs never interleave. Each line
 * starts with a prefix naming the CPU and, when set, the partition on whose
 * behalf the SPMC is logging: `[SPMC c0] ...` or `[8001 c1] ...`.
 *
 * Levels follow TF-A: a message is compiled in only when its level is at or
 * below the build's LOG_LEVEL. Rule of the project: input from a partition or
 * the normal world is logged at VERBOSE at most; ERROR is for bad
 * configuration and broken invariants.
 */

#define DLOG_LEVEL_NONE 0
#define DLOG_LEVEL_ERROR 1
#define DLOG_LEVEL_NOTICE 2
#define DLOG_LEVEL_WARNING 3
#define DLOG_LEVEL_INFO 4
#define DLOG_LEVEL_VERBOSE 5

#ifndef LOG_LEVEL
#define LOG_LEVEL DLOG_LEVEL_INFO
#endif

/** Bytes a CPU buffers before it must emit a line. */
#define DLOG_LINE_MAX 160

/** Partition ID meaning "the SPMC itself" in the prefix. */
#define DLOG_CONTEXT_SPMC 0

#ifdef __cplusplus
extern "C" {
#endif

/** Enables the lock (once secondary CPUs may log). */
void dlog_enable_lock(void);

/** Sets the partition the calling CPU now logs for (0: the SPMC). */
void dlog_set_context(uint16_t partition_id);

/** Formats like printf (subset: d i u x X p s c %, l ll z h, width, 0, -). */
void dlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vdlog(const char *fmt, va_list args);

/** Writes any partial line of the calling CPU. */
void dlog_flush(void);

/**
 * Formats into `buf` (always terminated when `size` > 0) and returns the
 * number of characters the full output needs, like snprintf.
 */
size_t dlog_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
size_t dlog_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

#ifdef __cplusplus
}
#endif

#define DLOG_AT(level, ...)                 \
	do {                                \
		if ((level) <= LOG_LEVEL) { \
			dlog(__VA_ARGS__);  \
		}                           \
	} while (0)

#define dlog_error(...) DLOG_AT(DLOG_LEVEL_ERROR, "ERROR: " __VA_ARGS__)
#define dlog_notice(...) DLOG_AT(DLOG_LEVEL_NOTICE, __VA_ARGS__)
#define dlog_warning(...) DLOG_AT(DLOG_LEVEL_WARNING, "WARNING: " __VA_ARGS__)
#define dlog_info(...) DLOG_AT(DLOG_LEVEL_INFO, __VA_ARGS__)
#define dlog_verbose(...) DLOG_AT(DLOG_LEVEL_VERBOSE, __VA_ARGS__)
