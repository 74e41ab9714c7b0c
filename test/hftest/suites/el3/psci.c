/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "driver/psci.h"

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/cpu.h"
#include "el3_helpers.h"
#include "hftest/hftest.h"
#include "nwd_common.h"

/*
 * PSCI as the EL3 test firmware implements it for QEMU `virt` (TF-A's
 * QEMU port): version, features, AFFINITY_INFO, CPU_ON and CPU_OFF, with
 * the SPMD's per-core state (CPU_ON starts the SPMC on the core, CPU_OFF
 * goes through the SPMC's framework message) visible in test_api.h items.
 */

#define PSCI_CPU_SUSPEND_32 0x84000001U
#define PSCI_CPU_ON_32 0x84000003U
#define PSCI_AFFINITY_INFO_32 0x84000004U
#define SMCCC_VERSION 0x80000000U
/* PSCI v1.1: (major << 16) | minor. */
#define PSCI_VERSION_1_1 0x00010001U

SET_UP(psci)
{
	nwd_use_version(FFA_VERSION_1_2);
}

TEST(psci, version_and_features)
{
	EXPECT_EQ(psci_version(), PSCI_VERSION_1_1);
	EXPECT_EQ(psci_features(PSCI_VERSION), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_CPU_ON_64), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_CPU_ON_32), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_CPU_OFF), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_AFFINITY_INFO_64), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_SYSTEM_OFF), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(PSCI_SYSTEM_RESET), PSCI_E_SUCCESS);
	EXPECT_EQ(psci_features(SMCCC_VERSION), PSCI_E_SUCCESS);
	/* Not offered by the QEMU port, or not PSCI at all. */
	EXPECT_EQ(psci_features(PSCI_CPU_SUSPEND_32), PSCI_E_NOT_SUPPORTED);
	EXPECT_EQ(psci_features(PSCI_CPU_SUSPEND_64), PSCI_E_NOT_SUPPORTED);
	EXPECT_EQ(psci_features(FFA_VERSION_32), PSCI_E_NOT_SUPPORTED);
	EXPECT_EQ(psci_features(0xFFFFFFFFU), PSCI_E_NOT_SUPPORTED);
}

TEST(psci, affinity_info)
{
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(0), 0), PSCI_AFF_ON);
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(1), 0), PSCI_AFF_OFF);
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(3), 0), PSCI_AFF_OFF);
	/* Only level 0; no such core (Aff0 16, cluster 1 beyond 8 cores). */
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(0), 1),
		  PSCI_E_INVALID_PARAMS);
	EXPECT_EQ(psci_affinity_info(0x10, 0), PSCI_E_INVALID_PARAMS);
	EXPECT_EQ(psci_affinity_info(0x100, 0), PSCI_E_INVALID_PARAMS);
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(0), 0), PSCI_AFF_ON);
}

static volatile uint32_t cpu1_running;
static volatile uint32_t cpu1_release;

static void cpu1_wait(uintptr_t arg)
{
	(void)arg;
	__asm__ volatile("dmb sy" : : : "memory");
	cpu1_running = 1;
	while (cpu1_release == 0) {
	}
}

/*
 * CPU_ON: only an OFF core, with a non-secure entry point; the core comes
 * up with the SPMC initialised on it. CPU_OFF (when the function returns)
 * goes through the SPMC and leaves the core OFF at EL3 and PSCI.
 */
TEST(psci, cpu_on_and_off)
{
	EXPECT_EQ(psci_cpu_on(nwd_cpu_mpidr(0), 0x60000000, 0),
		  PSCI_E_ALREADY_ON);
	EXPECT_EQ(psci_cpu_on(0x10, 0x60000000, 0), PSCI_E_INVALID_PARAMS);
	/* Secure memory, and below non-secure DRAM. */
	EXPECT_EQ(psci_cpu_on(nwd_cpu_mpidr(1), 0x0e100000, 0),
		  PSCI_E_INVALID_ADDRESS);
	EXPECT_EQ(psci_cpu_on(nwd_cpu_mpidr(1), 0x1000, 0),
		  PSCI_E_INVALID_ADDRESS);
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(1), 0), PSCI_AFF_OFF);

	ASSERT_EQ(nwd_cpu_start(1, cpu1_wait, 0), PSCI_E_SUCCESS);
	while (cpu1_running == 0) {
	}
	EXPECT_EQ(psci_affinity_info(nwd_cpu_mpidr(1), 0), PSCI_AFF_ON);
	EXPECT_EQ(psci_cpu_on(nwd_cpu_mpidr(1), 0x60000000, 0),
		  PSCI_E_ALREADY_ON);
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMD_STATE, 1),
		  EL3FW_SPMD_STATE_ON);
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMC_INIT_RESULT, 1), 0);

	cpu1_release = 1;
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMD_STATE, 1),
		  EL3FW_SPMD_STATE_OFF);
	/* And it can be turned on again. */
	cpu1_running = 0;
	cpu1_release = 1;
	ASSERT_EQ(nwd_cpu_start(1, cpu1_wait, 0), PSCI_E_SUCCESS);
	while (cpu1_running == 0) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMC_INIT_RESULT, 1), 0);
}

static volatile uint32_t cpu_ran[4];

static void note_cpu(uintptr_t cpu)
{
	__asm__ volatile("dmb sy" : : : "memory");
	cpu_ran[cpu] = 1;
}

/* All three secondaries at once; AFFINITY_INFO in its SMC32 form too. */
TEST(psci, cpu_on_all_cores)
{
	uint32_t cpu;

	for (cpu = 1; cpu < 4; cpu++) {
		struct ffa_value ret = ffa_call((struct ffa_value){
		    .x = { PSCI_AFFINITY_INFO_32, nwd_cpu_mpidr(cpu), 0 } });

		EXPECT_EQ((int32_t)ret.x[0], PSCI_AFF_OFF);
	}
	for (cpu = 1; cpu < 4; cpu++) {
		ASSERT_EQ(nwd_cpu_start(cpu, note_cpu, cpu), PSCI_E_SUCCESS);
	}
	for (cpu = 1; cpu < 4; cpu++) {
		while (cpu_ran[cpu] == 0) {
		}
		while (psci_affinity_info(nwd_cpu_mpidr(cpu), 0) !=
		       PSCI_AFF_OFF) {
		}
		EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMC_INIT_RESULT, cpu), 0);
		EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMD_STATE, cpu),
			  EL3FW_SPMD_STATE_OFF);
	}
}
