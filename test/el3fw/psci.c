/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/psci.h"

#include "spmc/spinlock.h"

#include "vmapi/spmc/ffa.h"

#include "el3fw/el3.h"
#include "el3fw/log.h"
#include "el3fw/plat.h"

/*
 * PSCI as TF-A's `psci_smc_handler` answers it for the QEMU port
 * (lib/psci/psci_main.c, plat/qemu/common/qemu_pm.c). Error class (a):
 * bad arguments get a PSCI error code.
 */

#define PSCI_MPIDR_AFFINITY_MASK 0xFF00FFFFFFULL
#define SMCCC_VERSION_FID 0x80000000U

/* Serialises PSCI state transitions of all cores (TF-A per-CPU locks). */
static struct spinlock psci_lock = SPINLOCK_INIT;

/** See psci.h. */
int psci_core_pos(uint64_t mpidr)
{
	uint64_t aff = mpidr & PSCI_MPIDR_AFFINITY_MASK;
	uint32_t cluster = (uint32_t)(aff >> 8) & 0xFFU;
	uint32_t cpu = (uint32_t)aff & 0xFFU;
	uint32_t pos;

	if ((aff & ~0xFFFFULL) != 0 || cluster >= EL3_CLUSTER_COUNT ||
	    cpu >= EL3_CPUS_PER_CLUSTER) {
		return -1;
	}
	pos = cluster * EL3_CPUS_PER_CLUSTER + cpu;
	return pos < EL3_MAX_CPUS ? (int)pos : -1;
}

/** PSCI_FEATURES: 0 for what is implemented, NOT_SUPPORTED otherwise. */
static int32_t psci_features(uint32_t fid)
{
	switch (fid) {
	case SMCCC_VERSION_FID:
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_E_SUCCESS;
	default:
		return PSCI_E_NOT_SUPPORTED;
	}
}

/**
 * CPU_ON (`psci_cpu_on`): the target must be a valid MPIDR, the entry
 * point inside non-secure DRAM (`qemu_validate_ns_entrypoint`), and the
 * target OFF. The target is released from the hold pen; the caller
 * returns at once.
 */
static int32_t psci_cpu_on(struct el3_system *sys, uint64_t target,
			   uint64_t entry, uint64_t context_id)
{
	int pos = psci_core_pos(target);
	struct el3_cpu *t;
	int32_t ret = PSCI_E_SUCCESS;

	if (pos < 0) {
		return PSCI_E_INVALID_PARAMS;
	}
	if (entry < EL3_NS_DRAM_BASE ||
	    entry - EL3_NS_DRAM_BASE >= EL3_NS_DRAM_SIZE) {
		return PSCI_E_INVALID_ADDRESS;
	}
	t = &sys->cpus[pos];
	sl_lock(&psci_lock);
	if (t->psci_state == PSCI_AFF_ON) {
		ret = PSCI_E_ALREADY_ON;
	} else if (t->psci_state == PSCI_AFF_ON_PENDING) {
		ret = PSCI_E_ON_PENDING;
	} else {
		t->psci_state = PSCI_AFF_ON_PENDING;
		t->nwd_entry = entry;
		t->nwd_arg0 = context_id;
	}
	sl_unlock(&psci_lock);
	if (ret == PSCI_E_SUCCESS) {
		el3_plat_cpu_release((uint32_t)pos);
	}
	return ret;
}

/** AFFINITY_INFO at level 0 (TF-A supports nothing higher). */
static int32_t psci_affinity_info(const struct el3_system *sys, uint64_t target,
				  uint64_t level)
{
	int pos;

	if (level > 0) {
		return PSCI_E_INVALID_PARAMS;
	}
	pos = psci_core_pos(target);
	if (pos < 0) {
		return PSCI_E_INVALID_PARAMS;
	}
	return __atomic_load_n(&sys->cpus[pos].psci_state, __ATOMIC_RELAXED);
}

/** See psci.h. */
enum el3_next psci_smc(struct el3_cpu *cpu, uint32_t fid)
{
	uint64_t *x = cpu->ctx[EL3_NWD].x;
	bool smc64 = (fid & 0x40000000U) != 0;
	uint64_t a1 = smc64 ? x[1] : (uint32_t)x[1];
	uint64_t a2 = smc64 ? x[2] : (uint32_t)x[2];
	uint64_t a3 = smc64 ? x[3] : (uint32_t)x[3];
	int32_t ret;

	switch (fid) {
	case PSCI_VERSION:
		ret = (int32_t)PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = psci_features((uint32_t)a1);
		break;
	case PSCI_CPU_OFF:
		return spmd_cpu_off(cpu);
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(cpu->sys, a1, a2, a3);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = psci_affinity_info(cpu->sys, a1, a2);
		break;
	case PSCI_SYSTEM_OFF:
		return EL3_NEXT_SYSTEM_OFF;
	case PSCI_SYSTEM_RESET:
		return EL3_NEXT_SYSTEM_RESET;
	default:
		/* Not in the QEMU port's capabilities: SMC_UNKNOWN. */
		el3_ret_unknown(&cpu->ctx[EL3_NWD]);
		return EL3_NEXT_NWD;
	}
	x[0] = (uint64_t)(int64_t)ret;
	return EL3_NEXT_NWD;
}

/** See psci.h. */
enum el3_next psci_cpu_on_finish(struct el3_cpu *cpu)
{
	return spmd_spmc_start(cpu, true);
}
