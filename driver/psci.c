/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "driver/psci.h"

#include "vmlib/ffa.h"

/*
 * PSCI (DEN0022) over the SMCCC v1.2 conduit. `ffa_call` is plain SMCCC:
 * x0 = function ID, x1.. arguments, x0 = result.
 */

static int32_t psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct ffa_value ret =
	    ffa_call((struct ffa_value){ .x = { fid, a1, a2, a3 } });

	return (int32_t)(uint32_t)ret.x[0];
}

/** PSCI_VERSION: (major << 16) | minor. */
uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

/** PSCI_FEATURES of function `fid`: its flags, or NOT_SUPPORTED. */
int32_t psci_features(uint32_t fid)
{
	return psci_call(PSCI_FEATURES, fid, 0, 0);
}

/**
 * CPU_ON (SMC64): starts the CPU `mpidr` at `entry` in the caller's
 * world and EL, with `context_id` in x0.
 */
int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	return psci_call(PSCI_CPU_ON_64, mpidr, entry, context_id);
}

/** CPU_OFF: returns only on failure (DENIED). */
int32_t psci_cpu_off(void)
{
	return psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

/** AFFINITY_INFO (SMC64): PSCI_AFF_ON, _OFF or _ON_PENDING, or an error. */
int32_t psci_affinity_info(uint64_t mpidr, uint32_t lowest_level)
{
	return psci_call(PSCI_AFFINITY_INFO_64, mpidr, lowest_level, 0);
}

/** SYSTEM_OFF. If EL3 ever returns, the CPU waits for good. */
void psci_system_off(void)
{
	for (;;) {
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		__asm__ volatile("wfi");
	}
}

/** SYSTEM_RESET. If EL3 ever returns, the CPU waits for good. */
void psci_system_reset(void)
{
	for (;;) {
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		__asm__ volatile("wfi");
	}
}
