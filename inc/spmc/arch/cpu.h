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

#ifdef __cplusplus
}
#endif
