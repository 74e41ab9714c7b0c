/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/**
 * Test hooks of the fake arch (host builds only). The fake arch emulates one
 * CPU index per host thread and a console that captures its output in
 * memory; it does not emulate exceptions, page tables or real concurrency
 * between CPUs (see docs/design/fake-arch.md).
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Size of the console capture; characters beyond it are dropped. */
#define FAKE_CONSOLE_CAPTURE_SIZE 65536U

/**
 * Sets the index `arch_cpu_index` returns on the calling thread (0 until
 * set). Tests must keep it below PLAT_MAX_CPUS.
 */
void fake_cpu_set_index(uint32_t index);

/**
 * Copies the captured console output into `buf` (truncated to `size - 1`
 * characters and terminated when `size` > 0), then clears the capture.
 * Returns the number of characters that were captured, which may exceed
 * what fit in `buf`.
 */
size_t fake_console_take(char *buf, size_t size);

#ifdef __cplusplus
}
#endif
