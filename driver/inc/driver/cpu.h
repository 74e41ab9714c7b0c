/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * Normal-world CPUs. CPU 0 is the primary; others start with
 * `nwd_cpu_start` (PSCI CPU_ON) on their own NWD_STACK_SIZE stack, run the
 * given function, and turn themselves off (PSCI CPU_OFF) when it returns.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** The calling CPU's index (0 = primary). */
uint32_t nwd_cpu_index(void);

/** The MPIDR of CPU `index` on QEMU `virt` (Aff1 = index / 16, Aff0). */
uint64_t nwd_cpu_mpidr(uint32_t index);

int32_t nwd_cpu_start(uint32_t index, void (*entry)(uintptr_t arg),
		      uintptr_t arg);

#ifdef __cplusplus
}
#endif
