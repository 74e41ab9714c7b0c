/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/** Arch interface: identity of the calling physical CPU. */

#ifdef __cplusplus
extern "C" {
#endif

/** The SPMC's index of the calling CPU, `0 .. PLAT_MAX_CPUS - 1`. */
uint32_t arch_cpu_index(void);

/**
 * 64 bits that differ from boot to boot, for keys that must not be
 * guessed from outside (memory-sharing handles): the RNDR random number
 * where the CPU has it, mixed with the physical counter.
 */
uint64_t arch_boot_entropy(void);

#ifdef __cplusplus
}
#endif
