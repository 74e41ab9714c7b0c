/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/cpu.h"

/**
 * Returns the calling CPU's index. The entry code stores it in TPIDR_EL2
 * before running any C code (cold boot: 0, the primary CPU); nothing else
 * writes that register, which EL3 preserves across world switches.
 */
uint32_t arch_cpu_index(void)
{
	uint64_t index;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(index));
	return (uint32_t)index;
}
