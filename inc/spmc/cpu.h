/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/arch/vcpu_regs.h"

#include "spmc/spinlock.h"

#include "vmapi/spmc/ffa.h"

/**
 * Physical CPUs as the SPMC manifest lists them: index 0 is the primary,
 * then the secondaries in the manifest's order. An MP partition's vCPU n
 * runs on the CPU whose `vcpu_index` is n: the CPU's rank in ascending
 * MPIDR order, which on QEMU and single-cluster systems is the linear core
 * ID the normal world uses for PSCI CPU_ON.
 */
struct cpu {
	/** Index in the manifest's /cpus list (arch_cpu_index()). */
	uint32_t index;
	/** Rank by MPIDR: the MP vCPU this CPU runs, and x4 at vCPU boot. */
	uint32_t vcpu_index;
	/** MPIDR_EL1 affinity fields of this CPU. */
	uint64_t mpidr;
	/** Set once the SPMC finished its boot on this CPU. */
	bool is_on;
	/**
	 * The normal world's registers across the SMC to EL3: what the SPMC
	 * returns on its next exit, then the request EL3 brings back.
	 */
	struct ffa_value nwd;
	/** vCPU that runs on this CPU, NULL while the normal world runs. */
	struct vcpu *current;
	/**
	 * Partition boot on this CPU (cold on the primary, MP vCPUs on a
	 * secondary): set while it runs, and the next boot-order position.
	 */
	bool booting;
	uint32_t boot_next;
	/**
	 * PSCI CPU_OFF relayed to subscribed partitions: set while it runs,
	 * the next boot-order position, and whether one of them refused.
	 */
	bool powering_off;
	uint32_t off_next;
	bool off_denied;
	/** Arch state kept for the normal world on this CPU. */
	struct arch_cpu arch;
	/** Protects `is_on`. */
	struct spinlock lock;
};

#ifdef __cplusplus
extern "C" {
#endif

/** Sets up the CPU table from the manifest's MPIDR list (primary first). */
void cpu_module_init(const uint64_t *mpidr, uint32_t count);

uint32_t cpu_count(void);

struct cpu *cpu_get(uint32_t index);

/** The CPU whose MPIDR affinity matches `mpidr`, or NULL. */
struct cpu *cpu_find(uint64_t mpidr);

/** The calling CPU. */
struct cpu *cpu_current(void);

#ifdef __cplusplus
}
#endif
