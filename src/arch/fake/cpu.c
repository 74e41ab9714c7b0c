/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/cpu.h"

#include "spmc/arch/fake.h"

/* Each host thread plays one CPU; the main thread is CPU 0. */
static thread_local uint32_t fake_cpu_index;

/** Sets the CPU index of the calling thread. */
void fake_cpu_set_index(uint32_t index)
{
	fake_cpu_index = index;
}

/** Returns the CPU index the calling thread was given (default 0). */
uint32_t arch_cpu_index(void)
{
	return fake_cpu_index;
}

uint64_t arch_boot_entropy(void)
{
	/* Host tests want reproducible handles. */
	return UINT64_C(0x5eed);
}
