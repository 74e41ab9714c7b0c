/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/cpu.h"

#include <string.h>

#include "spmc/arch/cpu.h"

/* MPIDR_EL1 affinity fields: Aff0..2 in bits [23:0], Aff3 in [39:32]. */
#define MPIDR_AFFINITY_MASK 0xFF00FFFFFFULL

static struct cpu cpus[PLAT_MAX_CPUS];
static uint32_t cpus_count;

void cpu_module_init(const uint64_t *mpidr, uint32_t count)
{
	memset(cpus, 0, sizeof(cpus));
	cpus_count = count < PLAT_MAX_CPUS ? count : PLAT_MAX_CPUS;
	for (uint32_t i = 0; i < cpus_count; i++) {
		cpus[i].index = i;
		cpus[i].mpidr = mpidr[i] & MPIDR_AFFINITY_MASK;
		sl_init(&cpus[i].lock);
	}
	for (uint32_t i = 0; i < cpus_count; i++) {
		uint32_t rank = 0;

		for (uint32_t j = 0; j < cpus_count; j++) {
			rank += cpus[j].mpidr < cpus[i].mpidr ? 1 : 0;
		}
		cpus[i].vcpu_index = rank;
	}
}

uint32_t cpu_count(void)
{
	return cpus_count;
}

struct cpu *cpu_get(uint32_t index)
{
	return index < cpus_count ? &cpus[index] : NULL;
}

struct cpu *cpu_find(uint64_t mpidr)
{
	mpidr &= MPIDR_AFFINITY_MASK;
	for (uint32_t i = 0; i < cpus_count; i++) {
		if (cpus[i].mpidr == mpidr) {
			return &cpus[i];
		}
	}
	return NULL;
}

struct cpu *cpu_current(void)
{
	return &cpus[arch_cpu_index()];
}
