/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "smoke.h"

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/cpu.h"
#include "driver/ffa.h"
#include "driver/psci.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "vmlib/simd.h"

/*
 * The framework's self-check: checks that must pass, FF-A version
 * negotiation, and the service protocol against the smoke partition.
 */

/* The framework's own checks compare as C would, each operand once. */
TEST(smoke, checks)
{
	int calls = 0;
	const char *name = "smoke";
	uint64_t big = UINT64_MAX;

	EXPECT_EQ(++calls, 1);
	EXPECT_EQ(calls, 1);
	ASSERT_NE(name, NULL);
	EXPECT_LT(1, 2);
	EXPECT_LE(2, 2);
	EXPECT_GT(big, 0);
	EXPECT_GE(big, UINT64_MAX);
	EXPECT_TRUE(strcmp(name, "smoke") == 0);
	EXPECT_FALSE(name[0] == '\0');
	ASSERT_EQ(hftest_service_hash(""), HFTEST_FNV1A_OFFSET);
	/* FNV-1a 64 of "a" (published test vector). */
	ASSERT_EQ(hftest_service_hash("a"), 0xaf63dc4c8601ec8cULL);
}

/* The SPMC speaks FF-A v1.2 or a later v1.x. */
TEST(smoke, ffa_version)
{
	struct nwd_version_ret ret = nwd_ffa_version(FFA_VERSION_1_2);

	ASSERT_EQ(ret.error, 0);
	EXPECT_GE(ret.version, FFA_VERSION_1_2);
	EXPECT_EQ(ret.version >> FFA_VERSION_MAJOR_SHIFT, 1);
}

/* What CPU 1 saw, written last by it. */
static volatile uintptr_t smoke_secondary_arg;

static void smoke_secondary(uintptr_t arg)
{
	EXPECT_EQ(nwd_cpu_index(), 1);
	__asm__ volatile("dmb sy" : : : "memory");
	smoke_secondary_arg = arg;
}

/* PSCI CPU_ON runs C on CPU 1, which then turns itself off. */
TEST(smoke, secondary_cpu)
{
	ASSERT_EQ(nwd_cpu_start(1, smoke_secondary, 0x5a), PSCI_E_SUCCESS);
	while (smoke_secondary_arg != 0x5a) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
}

/* The smoke partition's ID, found by discovery in SET_UP(smoke_sp). */
static uint16_t smoke_sp_id;

SET_UP(smoke_sp)
{
	const struct ffa_uuid uuid = SMOKE_SP_UUID;
	struct ffa_partition_info info[1];
	struct nwd_pinfo_ret pinfo;

	ASSERT_EQ(nwd_ffa_version(FFA_VERSION_1_2).error, 0);
	ASSERT_EQ(nwd_rxtx_map(), 0);
	pinfo = nwd_partition_info_get(&uuid, info, 1);
	ASSERT_EQ(pinfo.error, 0);
	ASSERT_EQ(pinfo.count, 1);
	EXPECT_NE(info[0].properties & FFA_PROP_DIRECT_REQ_RECV, 0);
	smoke_sp_id = info[0].id;
}

TEAR_DOWN(smoke_sp)
{
	EXPECT_EQ(nwd_rxtx_unmap(), 0);
}

/* A selected service answers DIRECT_REQ_64 and REQ2 with its payload. */
TEST(smoke_sp, echo)
{
	struct ffa_direct_args args = { .x = { 11, 12, 13, 14, 15 } };
	struct ffa_direct2_args args2 = { .x = { 21, 22, 23, 24, 25, 26, 27, 28,
						 29, 30, 31, 32, 33, 34 } };
	struct ffa_value ret;
	size_t i;

	EXPECT_FALSE(hftest_service_try_select(smoke_sp_id, "no_such"));
	hftest_service_select(smoke_sp_id, "echo");

	ret = nwd_direct_req_64(smoke_sp_id, &args);
	ASSERT_EQ(ffa_fid(&ret), FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ffa_msg_src(&ret), smoke_sp_id);
	for (i = 0; i < FFA_DIRECT_MSG_ARGS; i++) {
		EXPECT_EQ(ret.x[3 + i], args.x[i]);
	}

	ret = nwd_direct_req2(smoke_sp_id, NULL, &args2);
	ASSERT_EQ(ffa_fid(&ret), FFA_MSG_SEND_DIRECT_RESP2_64);
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		EXPECT_EQ(ret.x[4 + i], args2.x[i]);
	}
}

/* V0..V31, FPCR and FPSR survive a partition that changes its own. */
TEST(smoke_sp, simd_preserved)
{
	struct vmlib_simd_state before;
	struct vmlib_simd_state loaded;
	struct vmlib_simd_state after;
	struct ffa_value ret;

	hftest_service_select(smoke_sp_id, "echo");

	vmlib_simd_fill(&before, SMOKE_SIMD_SEED_NWD);
	vmlib_simd_load(&before);
	/* What the registers hold: FPCR/FPSR keep implemented bits only. */
	vmlib_simd_store(&loaded);
	ret = nwd_direct_req_64(smoke_sp_id, NULL);
	vmlib_simd_store(&after);

	ASSERT_EQ(ffa_fid(&ret), FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(memcmp(&loaded.v, &before.v, sizeof(before.v)), 0);
	EXPECT_EQ(memcmp(&after, &loaded, sizeof(after)), 0);
}
