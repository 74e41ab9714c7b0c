/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "boot.h"

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/cpu.h"
#include "driver/psci.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/boot_info.h"
#include "vmlib/ffa.h"

/*
 * Partition boot: order (boot-order, not IDs), what initialisation may
 * and may not do, the boot information blob, a partition whose
 * initialisation fails, and an MP partition's execution contexts on the
 * secondary CPUs.
 */

/* DIRECT_REQ2 to `sp` with x4 = `first`; its payload x4..x17. */
static struct ffa_value records(uint16_t sp, uint64_t first)
{
	struct ffa_direct2_args args = { .x = { first } };

	return req2_payload(sp, NULL, &args);
}

static uint64_t prober(enum prober_record r)
{
	return records(BOOT_PROBER, r).x[0];
}

SET_UP(boot)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/*
 * The prober (third) reached the first partition during its own
 * initialisation; the reply comes from its service loop (no service
 * selected yet). The MP partition (last) reached the prober.
 */
TEST(boot, earlier_partition_serves_during_init)
{
	EXPECT_EQ(prober(PROBE_EARLY_FID), FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(prober(PROBE_EARLY_PAYLOAD), HFTEST_SERVICE_NONE);
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_PROBER_FID],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

/* A partition that boots later is not ready yet: BUSY, both ABIs. */
TEST(boot, later_partition_busy_during_init)
{
	EXPECT_EQ(prober(PROBE_LATE_REQ), (uint32_t)FFA_BUSY);
	EXPECT_EQ(prober(PROBE_LATE_REQ2), (uint32_t)FFA_BUSY);
	/* Now that all booted, it is served. */
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_VCPU], 0);
}

/* Initialisation may not yield, run others or answer anyone. */
TEST(boot, init_refuses_cycle_abis)
{
	EXPECT_EQ(prober(PROBE_YIELD), (uint32_t)FFA_DENIED);
	EXPECT_EQ(prober(PROBE_RUN), (uint32_t)FFA_DENIED);
	EXPECT_EQ(prober(PROBE_RESP), (uint32_t)FFA_DENIED);
	/* A UP partition may not register a secondary entry point at all. */
	EXPECT_EQ(prober(PROBE_EP_REGISTER), (uint32_t)FFA_NOT_SUPPORTED);
}

/* Discovery and IDs work during initialisation. */
TEST(boot, init_discovery)
{
	EXPECT_EQ(prober(PROBE_ID), BOOT_PROBER);
	EXPECT_EQ(prober(PROBE_PINFO_COUNT), BOOT_PARTITIONS);
	EXPECT_EQ(prober(PROBE_COLD), 1);
}

/* The partition that failed its initialisation is aborted. */
TEST(boot, init_failure_aborts_partition)
{
	EXPECT_EQ(prober(PROBE_FAIL_REQ), (uint32_t)FFA_ABORTED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, BOOT_FAIL, NULL),
			 FFA_ABORTED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_32(0, BOOT_FAIL, NULL),
			 FFA_ABORTED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, BOOT_FAIL, NULL, NULL),
			 FFA_ABORTED);
	EXPECT_FFA_ERROR(ffa_run(BOOT_FAIL, 0), FFA_ABORTED);
	/* Still refused on a second try. */
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, BOOT_FAIL, NULL),
			 FFA_ABORTED);
}

/* The other partitions booted and serve, before and after it. */
TEST(boot, init_failure_others_serve)
{
	struct ffa_direct_args args = { .x = { 0x5150 } };

	hftest_service_select(BOOT_EARLY, "echo");
	EXPECT_EQ(req64_payload(BOOT_EARLY, &args).x[0], 0x5150);
	EXPECT_EQ(prober(PROBE_ID), BOOT_PROBER);
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_INITS], 1);
	/* A partition asking the aborted one gets ABORTED too. */
	hftest_service_select(BOOT_EARLY, "proxy");
	EXPECT_FFA_ERROR(proxy(BOOT_EARLY, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(BOOT_EARLY, BOOT_FAIL), 0, 0, 0, 0,
			       0, 0),
			 FFA_ABORTED);
}

/* The boot information blob in x0: header and FDT descriptor. */
TEST(boot, boot_info_blob)
{
	struct ffa_value a;

	hftest_service_select(BOOT_EARLY, "boot_info");
	a = req2_payload(BOOT_EARLY, NULL, NULL);
	ASSERT_EQ(a.x[BI_VALIDATE], VMLIB_BOOT_INFO_OK);
	/* Inside the partition's memory, 8-byte aligned. */
	EXPECT_GE(a.x[BI_BLOB], BOOT_EARLY_LOAD);
	EXPECT_LT(a.x[BI_BLOB], BOOT_EARLY_LOAD + BOOT_INFO_LIMIT);
	EXPECT_EQ(a.x[BI_BLOB] % 8, 0);
	EXPECT_EQ(a.x[BI_X1_TO_X3], 0);
	EXPECT_EQ(a.x[BI_SIGNATURE], FFA_BOOT_INFO_SIGNATURE);
	EXPECT_EQ(a.x[BI_VERSION], FFA_VERSION_1_2);
	EXPECT_EQ(a.x[BI_DESC_SIZE], sizeof(struct ffa_boot_info_desc));
	EXPECT_EQ(a.x[BI_DESC_COUNT], 1);
	EXPECT_EQ(a.x[BI_DESC_OFFSET], sizeof(struct ffa_boot_info_header));
	EXPECT_EQ(a.x[BI_BLOB_SIZE], sizeof(struct ffa_boot_info_header) +
					 sizeof(struct ffa_boot_info_desc));
	EXPECT_EQ(a.x[BI_FDT_ERROR], VMLIB_BOOT_INFO_OK);
	/* Content given as an address (flags [3:2] = 0). */
	EXPECT_EQ(a.x[BI_FDT_FLAGS] & FFA_BOOT_INFO_FLAG_CONTENT_VALUE, 0);
	EXPECT_GT(a.x[BI_FDT], BOOT_EARLY_LOAD);
	EXPECT_LT(a.x[BI_FDT] + a.x[BI_FDT_SIZE], BOOT_EARLY_LOAD + 0x100000);
}

/* The FDT descriptor points at this partition's own manifest. */
TEST(boot, boot_info_manifest)
{
	struct ffa_value a;

	hftest_service_select(BOOT_EARLY, "manifest");
	a = req2_payload(BOOT_EARLY, NULL, NULL);
	ASSERT_EQ(a.x[MF_HEADER], 0);
	EXPECT_EQ(a.x[MF_COMPATIBLE], 1);
	EXPECT_EQ(a.x[MF_DESCRIPTION], 1);
	EXPECT_EQ(a.x[MF_LOAD_ADDRESS], BOOT_EARLY_LOAD);
	EXPECT_EQ(a.x[MF_GP_REGISTER], 0);
	hftest_service_select(BOOT_EARLY, "boot_info");
	EXPECT_LE(a.x[MF_TOTALSIZE],
		  req2_payload(BOOT_EARLY, NULL, NULL).x[BI_FDT_SIZE]);
}

/* Without gp-register-num: no blob, x0..x3 zero. */
TEST(boot, boot_info_absent)
{
	struct ffa_value r = records(BOOT_PROBER, PROBE_X0);

	EXPECT_EQ(r.x[0], 0);
	EXPECT_EQ(r.x[1], 0);
	EXPECT_EQ(r.x[2], 0);
	EXPECT_EQ(r.x[3], 0);
}

/* gp-register-num = 1: the blob in x1, on the first boot only. */
TEST(boot, boot_info_in_x1)
{
	struct ffa_value r = records(BOOT_LATE, 0);

	EXPECT_EQ(r.x[LATE_X0], 0);
	EXPECT_GE(r.x[LATE_X1], BOOT_LATE_LOAD);
	EXPECT_LT(r.x[LATE_X1], BOOT_LATE_LOAD + BOOT_INFO_LIMIT);
	EXPECT_EQ(r.x[LATE_X2], 0);
	EXPECT_EQ(r.x[LATE_X3], 0);
	EXPECT_EQ(r.x[LATE_BOOT_INFO], VMLIB_BOOT_INFO_OK);
}

/* vCPU 0 registered its secondary entry point, after two refusals. */
TEST(boot, secondary_ep_register)
{
	struct ffa_value r = records(BOOT_LATE, 0);

	EXPECT_EQ(r.x[LATE_EP_BAD_RANGE], (uint32_t)FFA_INVALID_PARAMETERS);
	EXPECT_EQ(r.x[LATE_EP_UNALIGNED], (uint32_t)FFA_INVALID_PARAMETERS);
	EXPECT_EQ(r.x[LATE_EP_OK], FFA_SUCCESS_32);
	/* Only during initialisation: now DENIED (from the NWd: EL3). */
	EXPECT_FFA_ERROR(ffa_secondary_ep_register(BOOT_LATE_LOAD + 0x4000),
			 FFA_NOT_SUPPORTED);
}

/* What each secondary CPU's direct request reported. */
static volatile uint64_t cpu_answer[4][LATE_RECORDS];
static volatile uint32_t cpu_done[4];

static void ask_late(uintptr_t cpu)
{
	struct ffa_value ret =
	    ffa_msg_send_direct_req2(0, BOOT_LATE, NULL, NULL);
	size_t i;

	if ((uint32_t)ret.x[0] == FFA_MSG_SEND_DIRECT_RESP2_64) {
		for (i = 0; i < LATE_RECORDS; i++) {
			cpu_answer[cpu][i] = ret.x[4 + i];
		}
	} else {
		cpu_answer[cpu][LATE_VCPU] = 0xE0000000U | (uint32_t)ret.x[2];
	}
	__asm__ volatile("dmb sy" : : : "memory");
	cpu_done[cpu] = 1;
}

/* Starts CPUs 1..3 at once, each asks the MP partition; waits for all. */
static void ask_from_secondaries(void)
{
	uint32_t cpu;

	for (cpu = 1; cpu < 4; cpu++) {
		cpu_done[cpu] = 0;
		ASSERT_EQ(nwd_cpu_start(cpu, ask_late, cpu), PSCI_E_SUCCESS);
	}
	for (cpu = 1; cpu < 4; cpu++) {
		while (cpu_done[cpu] == 0) {
		}
		while (psci_affinity_info(nwd_cpu_mpidr(cpu), 0) !=
		       PSCI_AFF_OFF) {
		}
	}
}

/*
 * A direct request from CPU n reaches the MP partition's vCPU n, which
 * booted (warm, at the registered entry, without boot information) when
 * CPU n came up.
 */
TEST(boot, mp_vcpu_per_cpu)
{
	uint32_t cpu;

	ask_from_secondaries();
	for (cpu = 1; cpu < 4; cpu++) {
		const volatile uint64_t *a = cpu_answer[cpu];

		EXPECT_EQ(a[LATE_VCPU], cpu);
		EXPECT_EQ(a[LATE_MPIDR_AFF0], cpu);
		EXPECT_EQ(a[LATE_INITS], 1);
		EXPECT_EQ(a[LATE_COLD], 0);
		EXPECT_EQ(a[LATE_X0] | a[LATE_X1] | a[LATE_X2] | a[LATE_X3], 0);
		/* Only vCPU 0 may register the secondary entry point. */
		EXPECT_EQ(a[LATE_EP_OK], (uint32_t)FFA_DENIED);
	}
	/* CPU 0 still reaches vCPU 0. */
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_VCPU], 0);
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_COLD], 1);
}

/*
 * CPU_OFF switches the vCPUs of the CPU off (the partition subscribed and
 * agreed); the next CPU_ON initialises them again.
 */
TEST(boot, mp_vcpu_off_and_on_again)
{
	uint32_t cpu;

	ask_from_secondaries();
	ask_from_secondaries();
	for (cpu = 1; cpu < 4; cpu++) {
		EXPECT_EQ(cpu_answer[cpu][LATE_VCPU], cpu);
		EXPECT_EQ(cpu_answer[cpu][LATE_INITS], 2);
	}
	EXPECT_EQ(records(BOOT_LATE, 0).x[LATE_INITS], 1);
}

/* An MP partition's vCPU n runs on CPU n only. */
TEST(boot, mp_vcpu_pinned)
{
	EXPECT_FFA_ERROR(ffa_run(BOOT_LATE, 1), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_run(BOOT_LATE, 3), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_run(BOOT_LATE, 4), FFA_INVALID_PARAMETERS);
	EXPECT_EQ((uint32_t)ffa_run(BOOT_LATE, 0).x[0], FFA_MSG_WAIT_32);
}

static volatile uint64_t up_answer[3];
static volatile uint32_t up_done;

static void ask_early(uintptr_t arg)
{
	struct ffa_value ret =
	    ffa_msg_send_direct_req2(0, BOOT_EARLY, NULL, NULL);

	(void)arg;
	up_answer[0] = (uint32_t)ret.x[0];
	up_answer[1] = ret.x[4 + SEEN_MPIDR_AFF0];
	up_answer[2] = ret.x[4 + SEEN_IDS];
	__asm__ volatile("dmb sy" : : : "memory");
	up_done = 1;
}

/* A UP partition serves any CPU, always as its one vCPU (index 0). */
TEST(boot, up_partition_on_secondary_cpu)
{
	select_req2(BOOT_EARLY, "seen");
	ASSERT_EQ(nwd_cpu_start(2, ask_early, 0), PSCI_E_SUCCESS);
	while (up_done == 0) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(2), 0) != PSCI_AFF_OFF) {
	}
	EXPECT_EQ(up_answer[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(up_answer[1], 0);
	EXPECT_EQ(up_answer[2], ffa_msg_ids(0, BOOT_EARLY));
}
