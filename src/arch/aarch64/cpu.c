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

uint64_t arch_boot_entropy(void)
{
	uint64_t isar0;
	uint64_t cnt;
	uint64_t rnd = 0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	__asm__ volatile("mrs %0, cntpct_el0" : "=r"(cnt));
	/* ID_AA64ISAR0_EL1.RNDR, bits [63:60]: RNDR (s3_3_c2_c4_0) exists. */
	if ((isar0 >> 60) != 0) {
		__asm__ volatile("mrs %0, s3_3_c2_c4_0" : "=r"(rnd)::"cc");
	}
	return rnd ^ (cnt * UINT64_C(0x9E3779B97F4A7C15));
}
