/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

struct cpu;

/** Arch interface: bring-up of the platform and of each CPU at EL2. */

#ifdef __cplusplus
extern "C" {
#endif

/** Checks and sets up the interrupt controller (distributor at `gicd`). */
bool arch_gic_init(uintptr_t gicd);

/** Enables the secure side of the calling CPU's GIC CPU interface. */
void arch_gic_cpu_init(void);

/**
 * Sets up the calling CPU's EL2 state for running partitions: HCR_EL2,
 * the stage-2 controls, the traps (FP/SIMD lazy, SVE and SME trapped) and
 * the GIC CPU interface.
 */
void arch_cpu_init(struct cpu *c);

/**
 * Publishes the CPUs' MPIDRs to the secondary entry code, which runs with
 * its caches off.
 */
void arch_cpus_publish(const uint64_t *mpidr, uint32_t count);

/** The physical address of the secondary entry point. */
uint64_t arch_secondary_entry_address(void);

/** MPIDR_EL1 of the calling CPU. */
uint64_t arch_mpidr(void);

#ifdef __cplusplus
}
#endif
