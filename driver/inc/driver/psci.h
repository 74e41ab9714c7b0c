/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * PSCI calls of the normal world (DEN0022), made with SMC through the
 * SMCCC conduit `ffa_call`. Function IDs and return codes are in
 * vmapi/spmc/ffa.h (PSCI_*). Results are the PSCI return codes.
 */

#ifdef __cplusplus
extern "C" {
#endif

uint32_t psci_version(void);
int32_t psci_features(uint32_t fid);
int32_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
int32_t psci_cpu_off(void);
int32_t psci_affinity_info(uint64_t mpidr, uint32_t lowest_level);
[[noreturn]] void psci_system_off(void);
[[noreturn]] void psci_system_reset(void);

#ifdef __cplusplus
}
#endif
