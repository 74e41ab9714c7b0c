/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "direct.h"
#include "driver/cpu.h"
#include "driver/psci.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

/*
 * CPU cycles around direct messages: FFA_YIELD and FFA_RUN (from the
 * normal world and between partitions), a busy (preempted) target,
 * FFA_MSG_WAIT while serving a request, FFA_ERROR outside initialisation.
 * Partitions yield through the `proxy` service, so the normal world sends
 * the raw request and sees FFA_YIELD itself.
 */

/* FFA_YIELD/FFA_RUN target information of vCPU 0 of `id`. */
static uint64_t target0(uint16_t id)
{
	return (uint64_t)id << FFA_TARGET_ID_SHIFT;
}

/* Makes partition `sp` (proxy selected) yield with the given timeout. */
static struct ffa_value yield_in(uint16_t sp, uint32_t lo, uint32_t hi)
{
	struct ffa_direct2_args args = { .x = { FFA_YIELD_32, 0, lo, hi } };

	return ffa_msg_send_direct_req2(0, sp, NULL, &args);
}

/* Resumes `sp` and checks that its proxied FFA_YIELD returned SUCCESS. */
static void resume_after_yield(uint16_t sp)
{
	struct ffa_value ret = ffa_run(sp, 0);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(sp, 0));
	EXPECT_EQ((uint32_t)ret.x[4], FFA_SUCCESS_32);
}

/* The partition answers a harmless request (FFA_ID_GET by proxy). */
static void expect_serving(uint16_t sp)
{
	EXPECT_FFA_SUCCESS(proxy(sp, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 0), sp);
}

SET_UP(cycles)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(DM_A, "proxy");
	hftest_service_select(DM_B, "proxy");
}

/*
 * FFA_YIELD while serving our request: we get FFA_YIELD with the
 * partition's vCPU and its timeout; FFA_RUN resumes it, its FFA_YIELD
 * returns SUCCESS and the request completes.
 */
TEST(cycles, yield_then_run)
{
	struct ffa_value ret = yield_in(DM_A, 0x1234, 0x5678);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	EXPECT_EQ((uint32_t)ret.x[1], target0(DM_A));
	EXPECT_EQ((uint32_t)ret.x[2], 0x1234);
	EXPECT_EQ((uint32_t)ret.x[3], 0x5678);
	resume_after_yield(DM_A);
	expect_serving(DM_A);
}

/* A preempted target is BUSY for new requests, from us or a partition. */
TEST(cycles, busy_while_preempted)
{
	struct ffa_value ret = yield_in(DM_A, 0, 0);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, DM_A, NULL), FFA_BUSY);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, DM_A, NULL, NULL),
			 FFA_BUSY);
	EXPECT_FFA_ERROR(proxy(DM_B, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_B, DM_A), 0, 0, 0, 0, 0, 0),
			 FFA_BUSY);
	/* Only the origin of the preempted request (us) may resume it. */
	EXPECT_FFA_ERROR(
	    proxy(DM_B, FFA_RUN_32, target0(DM_A), 0, 0, 0, 0, 0, 0),
	    FFA_DENIED);
	resume_after_yield(DM_A);
	expect_serving(DM_A);
}

/* FFA_YIELD's x1 and x4..x7 are MBZ; refused, it returns to the caller. */
TEST(cycles, yield_mbz)
{
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_YIELD_32, 1, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_YIELD_32, 0, 0, 0, 1, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_YIELD_32, 0, 0, 0, 0, 0, 0, 1),
			 FFA_INVALID_PARAMETERS);
	expect_serving(DM_A);
}

/* FFA_RUN on a waiting partition: it runs until FFA_MSG_WAIT. */
TEST(cycles, run_idle_partition)
{
	struct ffa_value ret = ffa_run(DM_A, 0);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_WAIT_32);
	EXPECT_EQ((uint32_t)ret.x[1], target0(DM_A));
	expect_serving(DM_A);
	ret = ffa_run(DM_B, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_WAIT_32);
}

TEST(cycles, run_bad_target)
{
	struct ffa_value call = { .x = { FFA_RUN_32, target0(DM_A) } };
	int i;

	EXPECT_FFA_ERROR(ffa_run(0x8010, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_run(0x8000, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_run(0, 0), FFA_INVALID_PARAMETERS);
	/* UP partitions have vCPU 0 only. */
	EXPECT_FFA_ERROR(ffa_run(DM_A, 1), FFA_INVALID_PARAMETERS);
	for (i = 2; i < 8; i++) {
		struct ffa_value bad = call;

		bad.x[i] = 1;
		EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	}
	EXPECT_EQ((uint32_t)ffa_call(call).x[0], FFA_MSG_WAIT_32);
}

/* A partition may give its cycles to another, not to itself. */
TEST(cycles, run_from_partition)
{
	struct ffa_value ret;

	ret = proxy(DM_A, FFA_RUN_32, target0(DM_B), 0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_WAIT_32);
	EXPECT_EQ((uint32_t)ret.x[1], target0(DM_B));
	EXPECT_FFA_ERROR(
	    proxy(DM_A, FFA_RUN_32, target0(DM_A), 0, 0, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy(DM_A, FFA_RUN_32, target0(DM_B) | 1, 0, 0, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy(DM_A, FFA_RUN_32, target0(DM_B), 1, 0, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	expect_serving(DM_B);
}

/* NWd -> A -> B: B may not run A, which waits for B's response. */
TEST(cycles, run_blocked_origin_denied)
{
	struct ffa_value ret;

	ret = proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_A, DM_B),
		    0, 0, FFA_RUN_32, target0(DM_A), 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ((uint32_t)ret.x[4], FFA_ERROR_32);
	EXPECT_EQ((int32_t)ret.x[6], FFA_DENIED);
}

/*
 * NWd -> A -> B, B yields: the cycles go back to A (its origin), not to
 * us. The NWd sees A's answer; B stays preempted (BUSY for us) until A
 * runs it again, and then B's response reaches A.
 */
TEST(cycles, yield_between_partitions)
{
	struct ffa_value ret;

	ret = proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_A, DM_B),
		    0, 0, FFA_YIELD_32, 0, 0x42, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	EXPECT_EQ((uint32_t)ret.x[1], target0(DM_B));
	EXPECT_EQ((uint32_t)ret.x[2], 0x42);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, DM_B, NULL), FFA_BUSY);
	ret = proxy(DM_A, FFA_RUN_32, target0(DM_B), 0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_B, DM_A));
	EXPECT_EQ((uint32_t)ret.x[4], FFA_SUCCESS_32);
	expect_serving(DM_B);
}

/* FFA_MSG_WAIT while serving a request: DENIED (MBZ checks first). */
TEST(cycles, msg_wait_while_serving)
{
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_WAIT_32, 0, 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_WAIT_32, 0,
			       FFA_MSG_WAIT_FLAG_RETAIN_RX, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_WAIT_32, 0, 2, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_WAIT_32, 1, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_WAIT_32, 0, 0, 0, 0),
			 FFA_DENIED);
	expect_serving(DM_A);
}

/* The normal world may not wait, yield or end initialisation. */
TEST(cycles, partition_only_abis_from_nwd)
{
	EXPECT_FFA_ERROR(ffa_msg_wait(), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(ffa_yield(), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(ffa_error(FFA_ABORTED), FFA_NOT_SUPPORTED);
	expect_serving(DM_A);
}

/* FFA_ERROR ends initialisation only; later it is NOT_SUPPORTED. */
TEST(cycles, error_outside_init)
{
	EXPECT_FFA_ERROR(
	    proxy(DM_A, FFA_ERROR_32, 0, (uint32_t)FFA_ABORTED, 0, 0, 0, 0, 0),
	    FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(
	    proxy_narrow(DM_B, FFA_ERROR_32, 0, (uint32_t)FFA_DENIED, 0, 0),
	    FFA_NOT_SUPPORTED);
	/* Neither partition was aborted. */
	expect_serving(DM_A);
	expect_serving(DM_B);
}

/* What CPU 1 got when it resumed the partition. */
static volatile uint64_t cpu1_ret[5];
static volatile uint32_t cpu1_done;

static void resume_on_cpu1(uintptr_t sp)
{
	struct ffa_value ret = ffa_run((uint16_t)sp, 0);

	cpu1_ret[0] = (uint32_t)ret.x[0];
	cpu1_ret[1] = ret.x[1];
	cpu1_ret[2] = (uint32_t)ret.x[4];
	/* The partition serves CPU 1 afterwards too. */
	ret = ffa_msg_send_direct_req2(0, (uint16_t)sp, NULL, NULL);
	cpu1_ret[3] = (uint32_t)ret.x[0];
	__asm__ volatile("dmb sy" : : : "memory");
	cpu1_done = 1;
}

/*
 * A UP partition migrates: its request, preempted on CPU 0, is resumed
 * with FFA_RUN from CPU 1, where its response then arrives.
 */
TEST(cycles, yield_resume_on_other_cpu)
{
	struct ffa_value ret = yield_in(DM_A, 0, 0);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	ASSERT_EQ(nwd_cpu_start(1, resume_on_cpu1, DM_A), PSCI_E_SUCCESS);
	while (cpu1_done == 0) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
	EXPECT_EQ(cpu1_ret[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(cpu1_ret[1], ffa_msg_ids(DM_A, 0));
	EXPECT_EQ(cpu1_ret[2], FFA_SUCCESS_32);
	EXPECT_EQ(cpu1_ret[3], FFA_MSG_SEND_DIRECT_RESP2_64);
	expect_serving(DM_A);
}
