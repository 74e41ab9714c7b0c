/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "driver/cpu.h"

#include <stddef.h>

#include "vmapi/spmc/ffa.h"

#include "driver/nwd.h"
#include "driver/psci.h"

/*
 * Secondary CPUs of the normal world. Each has a start record that the
 * primary fills before CPU_ON and passes as the context ID; the entry code
 * (aarch64/entry.S) takes the stack and index from it, then calls
 * `nwd_cpu_secondary_main`. The MMU is off, so the record is in memory
 * (Device-nGnRnE) by the time CPU_ON reaches EL3.
 */

/** What a secondary CPU starts with. Layout fixed by entry.S. */
struct nwd_cpu_start {
	uint64_t stack_top;
	uint64_t index;
	void (*entry)(uintptr_t arg);
	uintptr_t arg;
};

static_assert(offsetof(struct nwd_cpu_start, stack_top) == 0,
	      "entry.S START_STACK");
static_assert(offsetof(struct nwd_cpu_start, index) == 8,
	      "entry.S START_INDEX");

/* Defined in entry.S. */
extern char nwd_stacks[];
void nwd_secondary_entry(void);

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
[[noreturn]] void nwd_cpu_secondary_main(const struct nwd_cpu_start *start);

static struct nwd_cpu_start nwd_cpu_starts[NWD_MAX_CPUS];

/** Returns the calling CPU's index, which entry.S keeps in TPIDR_EL2. */
uint32_t nwd_cpu_index(void)
{
	uint64_t index;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(index));
	return (uint32_t)index;
}

/**
 * The MPIDR of CPU `index` on QEMU `virt` with GICv3: 16 CPUs per
 * cluster, Aff0 = index % 16, Aff1 = index / 16.
 */
uint64_t nwd_cpu_mpidr(uint32_t index)
{
	return ((uint64_t)(index / 16) << 8) | (index % 16);
}

/**
 * Starts CPU `index` (1 .. NWD_MAX_CPUS - 1): it runs `entry(arg)` on its
 * own stack and then turns itself off. Returns the PSCI result of CPU_ON
 * (PSCI_E_SUCCESS, PSCI_E_ALREADY_ON...), or PSCI_E_INVALID_PARAMS for an
 * index that is the primary or out of range. Do not restart a CPU before
 * its previous `entry` has returned.
 */
int32_t nwd_cpu_start(uint32_t index, void (*entry)(uintptr_t arg),
		      uintptr_t arg)
{
	struct nwd_cpu_start *start;

	if (index == 0 || index >= NWD_MAX_CPUS || entry == NULL) {
		return PSCI_E_INVALID_PARAMS;
	}
	start = &nwd_cpu_starts[index];
	start->stack_top =
	    (uintptr_t)nwd_stacks + ((uintptr_t)index + 1) * NWD_STACK_SIZE;
	start->index = index;
	start->entry = entry;
	start->arg = arg;
	__asm__ volatile("dsb sy" : : : "memory");

	return psci_cpu_on(nwd_cpu_mpidr(index), (uintptr_t)nwd_secondary_entry,
			   (uintptr_t)start);
}

/** Runs a secondary CPU's function, then turns the CPU off. */
void nwd_cpu_secondary_main(const struct nwd_cpu_start *start)
{
	start->entry(start->arg);
	for (;;) {
		psci_cpu_off();
		__asm__ volatile("wfi");
	}
}
