/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>

/**
 * Arch interface: copies and zeroing that survive the faults memory of
 * another world can raise under the SPMC's feet (docs/design/pa_access.md).
 *
 * On AArch64, a synchronous data abort taken at EL2 while one of these
 * runs, with a granule protection fault (DFSC 0x28) or a synchronous
 * external abort (DFSC 0x10) on the access itself, resumes at a fixup
 * that makes the function return false. Any other fault there, and every
 * fault elsewhere, stays fatal. The addresses must be mapped as Normal
 * memory in the SPMC's stage 1 (DC ZVA faults on Device memory).
 *
 * The fake arch (host builds) copies and zeroes, and never fails.
 */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copies `len` bytes from `src` to `dst` (which must not overlap). Returns
 * false if an access faulted: `dst` may then be partly written.
 */
bool arch_copy_recoverable(void *dst, const void *src, size_t len);

/**
 * Zeroes `len` bytes at `dst`, with DC ZVA where DCZID_EL0 allows it.
 * Returns false if an access faulted: the range may then be partly zeroed.
 */
bool arch_zero_recoverable(void *dst, size_t len);

#ifdef __cplusplus
}
#endif
