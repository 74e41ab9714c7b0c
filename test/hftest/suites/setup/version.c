/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "setup.h"
#include "vmlib/ffa.h"

/*
 * FFA_VERSION from the normal world (an SPMD framework message to the
 * SPMC) and from partitions. The version a caller ends up with is read
 * back without side effects through the descriptor size a count-only
 * FFA_PARTITION_INFO_GET reports (w3: 0 for v1.0, 24 from v1.1).
 */

#define VERSION_NOT_SUPPORTED 0xFFFFFFFFU

static const struct ffa_uuid null_uuid;

/* w3 of a count-only FFA_PARTITION_INFO_GET (no RX buffer needed). */
static uint32_t descriptor_size(void)
{
	struct ffa_value ret = ffa_partition_info_get(
	    &null_uuid, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	return (uint32_t)ret.x[3];
}

static uint32_t version_call(uint32_t requested)
{
	return (uint32_t)ffa_version(requested).x[0];
}

/* v1.2 is honoured; the answer is the SPMC's own version, x1..x7 zero. */
TEST(version, nwd_negotiates_1_2)
{
	struct ffa_value ret = ffa_version(FFA_VERSION_1_2);
	int i;

	EXPECT_EQ(ret.x[0], FFA_VERSION_COMPILED);
	for (i = 1; i < 8; i++) {
		EXPECT_EQ(ret.x[i], 0);
	}
	/* Asking again for the same version is fine. */
	EXPECT_EQ(version_call(FFA_VERSION_1_2), FFA_VERSION_COMPILED);
	EXPECT_EQ(descriptor_size(), FFA_PARTITION_INFO_V1_1_SIZE);
}

/* A major version other than 1 is refused and changes nothing. */
TEST(version, nwd_wrong_major)
{
	EXPECT_EQ(version_call(FFA_VERSION(2U, 0U)), VERSION_NOT_SUPPORTED);
	EXPECT_EQ(version_call(FFA_VERSION(0U, 2U)), VERSION_NOT_SUPPORTED);
	/* Still unlocked and free to negotiate v1.0 now. */
	EXPECT_EQ(version_call(FFA_VERSION_1_0), FFA_VERSION_COMPILED);
	EXPECT_EQ(descriptor_size(), 0);
}

/* Bit 31 is MBZ: NOT_SUPPORTED, and the last good version stays. */
TEST(version, nwd_bit31_refused)
{
	EXPECT_EQ(version_call(FFA_VERSION_1_1), FFA_VERSION_COMPILED);
	EXPECT_EQ(version_call(FFA_VERSION_MBZ_BIT | FFA_VERSION_1_0),
		  VERSION_NOT_SUPPORTED);
	EXPECT_EQ(version_call(0xFFFFFFFFU), VERSION_NOT_SUPPORTED);
	EXPECT_EQ(descriptor_size(), FFA_PARTITION_INFO_V1_1_SIZE);
}

/* Before any other call, the version can still change. */
TEST(version, nwd_renegotiate_before_lock)
{
	EXPECT_EQ(version_call(FFA_VERSION_1_2), FFA_VERSION_COMPILED);
	EXPECT_EQ(version_call(FFA_VERSION_1_0), FFA_VERSION_COMPILED);
	EXPECT_EQ(descriptor_size(), 0);
}

/* After another FF-A call only the same version is accepted. */
TEST(version, nwd_locked_after_other_call)
{
	struct ffa_direct2_args args = { .x = { 7 } };

	EXPECT_EQ(version_call(FFA_VERSION_1_2), FFA_VERSION_COMPILED);
	/* Forwarded to the SPMC: fixes the version there and at EL3. */
	EXPECT_EQ((uint32_t)ffa_features(FFA_VERSION_32, 0).x[0],
		  FFA_SUCCESS_32);
	EXPECT_EQ(version_call(FFA_VERSION_1_1), VERSION_NOT_SUPPORTED);
	EXPECT_EQ(version_call(FFA_VERSION_1_0), VERSION_NOT_SUPPORTED);
	EXPECT_EQ(version_call(FFA_VERSION_1_3), VERSION_NOT_SUPPORTED);
	EXPECT_EQ(version_call(FFA_VERSION_1_2), FFA_VERSION_COMPILED);
	/* Still v1.2 everywhere: v1.1 descriptors and DIRECT_REQ2 work. */
	EXPECT_EQ(descriptor_size(), FFA_PARTITION_INFO_V1_1_SIZE);
	hftest_service_select(SP_A, "echo");
	EXPECT_EQ(req2_payload(SP_A, NULL, &args).x[0], 7);
}

/* A newer minor version is answered with the SPMC's, which is used. */
TEST(version, nwd_newer_minor)
{
	EXPECT_EQ(version_call(FFA_VERSION(1U, 9U)), FFA_VERSION_COMPILED);
	EXPECT_EQ(descriptor_size(), FFA_PARTITION_INFO_V1_1_SIZE);
	/* Locked at v1.3, not v1.9: asking for v1.3 again is accepted. */
	EXPECT_EQ(version_call(FFA_VERSION_1_3), FFA_VERSION_COMPILED);
}

SET_UP(version_sp)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(SP_A, "proxy");
	hftest_service_select(SP_C, "proxy");
}

/* A partition asking for its manifest's version gets the SPMC's. */
TEST(version_sp, same_version)
{
	struct ffa_value ret =
	    proxy(SP_A, FFA_VERSION_32, FFA_VERSION_1_2, 0, 0, 0, 0, 0, 0);
	int i;

	EXPECT_EQ(ret.x[0], FFA_VERSION_COMPILED);
	for (i = 1; i < 8; i++) {
		EXPECT_EQ(ret.x[i], 0);
	}
	ret = proxy_narrow(SP_C, FFA_VERSION_32, FFA_VERSION_1_0, 0, 0, 0);
	EXPECT_EQ(ret.x[0], FFA_VERSION_COMPILED);
}

/*
 * A running partition made other calls (its boot log), so its version is
 * fixed: other versions, a wrong major and bit 31 are refused, and the
 * partition still works at v1.2 afterwards.
 */
TEST(version_sp, locked_partition)
{
	const struct ffa_uuid uuid = UUID_B;
	struct ffa_value ret;

	EXPECT_EQ(
	    proxy(SP_A, FFA_VERSION_32, FFA_VERSION_1_1, 0, 0, 0, 0, 0, 0).x[0],
	    VERSION_NOT_SUPPORTED);
	EXPECT_EQ(
	    proxy(SP_A, FFA_VERSION_32, FFA_VERSION_1_3, 0, 0, 0, 0, 0, 0).x[0],
	    VERSION_NOT_SUPPORTED);
	EXPECT_EQ(
	    proxy(SP_A, FFA_VERSION_32, FFA_VERSION(2U, 2U), 0, 0, 0, 0, 0, 0)
		.x[0],
	    VERSION_NOT_SUPPORTED);
	EXPECT_EQ(proxy(SP_A, FFA_VERSION_32,
			FFA_VERSION_MBZ_BIT | FFA_VERSION_1_2, 0, 0, 0, 0, 0, 0)
		      .x[0],
		  VERSION_NOT_SUPPORTED);
	EXPECT_EQ(
	    proxy(SP_A, FFA_VERSION_32, FFA_VERSION_1_2, 0, 0, 0, 0, 0, 0).x[0],
	    FFA_VERSION_COMPILED);
	/* A v1.2-only ABI still works for it. */
	ret = proxy(SP_A, FFA_PARTITION_INFO_GET_REGS_64,
		    uuid.w[0] | ((uint64_t)uuid.w[1] << 32),
		    uuid.w[2] | ((uint64_t)uuid.w[3] << 32), 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_64);
	EXPECT_EQ((uint16_t)ret.x[3], SP_B);
}

/* The v1.0 partition cannot move to v1.2 either. */
TEST(version_sp, v1_0_partition_locked)
{
	EXPECT_EQ(
	    proxy_narrow(SP_C, FFA_VERSION_32, FFA_VERSION_1_2, 0, 0, 0).x[0],
	    VERSION_NOT_SUPPORTED);
	EXPECT_EQ(
	    proxy_narrow(SP_C, FFA_VERSION_32, FFA_VERSION(0U, 1U), 0, 0, 0)
		.x[0],
	    VERSION_NOT_SUPPORTED);
	/* Still v1.0: FFA_SPM_ID_GET (v1.1+) stays out of reach. */
	EXPECT_FFA_ERROR(proxy_narrow(SP_C, FFA_SPM_ID_GET_32, 0, 0, 0, 0),
			 FFA_NOT_SUPPORTED);
}
