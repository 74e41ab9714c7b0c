/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * PSCI 1.1 for the normal world, as TF-A's `psci_smc_handler` and the QEMU
 * port answer it: VERSION, FEATURES, CPU_ON, CPU_OFF, AFFINITY_INFO,
 * SYSTEM_OFF and SYSTEM_RESET. Calls from the secure world get SMC_UNKNOWN,
 * like TF-A. CPU_ON and CPU_OFF run the SPMD power hooks (spmd.h).
 *
 * Plain C over `struct el3_cpu`, host-testable; powering cores up and down
 * goes through the platform hooks of plat.h.
 */

#include <stdbool.h>
#include <stdint.h>

#define PSCI_VERSION_1_1 0x00010001U
#define PSCI_CPU_ON_32 0x84000003U
#define PSCI_AFFINITY_INFO_32 0x84000004U
#define PSCI_FID_FIRST 0x00U
#define PSCI_FID_LAST 0x1FU

struct el3_cpu;
enum el3_next : int;

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Linear core ID for `mpidr` (TF-A `plat_core_pos_by_mpidr` for QEMU:
 * Aff1 * 16 + Aff0, Aff2/Aff3 zero, Aff1 < 2), or -1 if invalid or beyond
 * EL3_MAX_CPUS.
 */
int psci_core_pos(uint64_t mpidr);

/**
 * Handles PSCI function `fid` (SVE hint cleared) from the normal world on
 * `cpu`: writes the result to x0 (sign-extended) and returns where EL3
 * goes next. Arguments of SMC32 functions are truncated to 32 bits.
 */
enum el3_next psci_smc(struct el3_cpu *cpu, uint32_t fid);

/**
 * The warm-boot half of CPU_ON, on the core that was released: runs the
 * SPMD `svc_on_finish` hook (fresh SPMC context at the secondary entry
 * point) or, without an SPMC, enters the normal world at the CPU_ON entry
 * point with the context ID in x0.
 */
enum el3_next psci_cpu_on_finish(struct el3_cpu *cpu);

#ifdef __cplusplus
}
#endif
