/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* FFA_VERSION (calls and framework message), FFA_FEATURES, ID_GET. */

#include "ffa_fixture.h"

namespace
{

using FfaSetup = FfaTest;

TEST_F(FfaSetup, FrameworkVersionRecordsNwdVersion)
{
	nwd_version(FFA_VERSION_1_2);
	EXPECT_EQ(nwd().x[1], ffa_msg_ids(0x8000, FFA_ID_SPMD));
	EXPECT_EQ(nwd().x[2], FFA_FWK_MSG_BIT | FFA_FWK_VERSION_RESP);
	EXPECT_EQ(nwd().x[3], FFA_VERSION_COMPILED);
	EXPECT_EQ(nwd_endpoint()->ffa_version, FFA_VERSION_1_2);
}

TEST_F(FfaSetup, FrameworkVersionNewerMinorRecordsOurs)
{
	nwd_version(FFA_VERSION(1U, 9U));
	EXPECT_EQ(nwd().x[3], FFA_VERSION_COMPILED);
	EXPECT_EQ(nwd_endpoint()->ffa_version, FFA_VERSION_COMPILED);
}

TEST_F(FfaSetup, FrameworkVersionWrongMajorRefusedUnchanged)
{
	uint32_t before = nwd_endpoint()->ffa_version;

	nwd_version(FFA_VERSION(2U, 0U));
	EXPECT_EQ((uint32_t)nwd().x[3], (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(nwd_endpoint()->ffa_version, before);
}

TEST_F(FfaSetup, FrameworkVersionBit31Refused)
{
	nwd_version(FFA_VERSION_1_2 | FFA_VERSION_MBZ_BIT);
	EXPECT_EQ((uint32_t)nwd().x[3], (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(nwd_endpoint()->ffa_version, FFA_VERSION_1_0);
}

TEST_F(FfaSetup, NwdVersionLockedAfterOtherCall)
{
	nwd_version(FFA_VERSION_1_1);
	nwd_call(make(FFA_FEATURES_32, FFA_VERSION_32));
	nwd_version(FFA_VERSION_1_2);
	EXPECT_EQ((uint32_t)nwd().x[3], (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(nwd_endpoint()->ffa_version, FFA_VERSION_1_1);
	nwd_version(FFA_VERSION_1_1);
	EXPECT_EQ(nwd().x[3], FFA_VERSION_COMPILED);
}

TEST_F(FfaSetup, SpVersionNegotiates)
{
	struct vcpu *vc = v(kSp1);

	EXPECT_EQ(sp_call(vc, make(FFA_VERSION_32, FFA_VERSION_1_1)), vc);
	EXPECT_EQ(regs(vc).x[0], FFA_VERSION_COMPILED);
	EXPECT_EQ(p(kSp1)->ffa_version, FFA_VERSION_1_1);
}

TEST_F(FfaSetup, SpVersionBadInputsUnchanged)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_VERSION_32, FFA_VERSION_1_1 | (1U << 31)));
	EXPECT_EQ((uint32_t)regs(vc).x[0], (uint32_t)FFA_NOT_SUPPORTED);
	sp_call(vc, make(FFA_VERSION_32, FFA_VERSION(0U, 9U)));
	EXPECT_EQ((uint32_t)regs(vc).x[0], (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(p(kSp1)->ffa_version, FFA_VERSION_1_2);
}

TEST_F(FfaSetup, SpVersionLocked)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_ID_GET_32));
	sp_call(vc, make(FFA_VERSION_32, FFA_VERSION_1_1));
	EXPECT_EQ((uint32_t)regs(vc).x[0], (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(p(kSp1)->ffa_version, FFA_VERSION_1_2);
}

TEST_F(FfaSetup, FeaturesRxtxMapReportsMaxPages)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_FEATURES_32, FFA_RXTX_MAP_64));
	EXPECT_FFA_SUCCESS(regs(vc));
	EXPECT_EQ(regs(vc).x[2], (uint64_t)FFA_RXTX_PAGE_COUNT_MASK << 16);
}

TEST_F(FfaSetup, FeaturesNotImplemented)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_FEATURES_32, FFA_MSG_SEND2_32));
	EXPECT_FFA_ERROR(regs(vc), FFA_NOT_SUPPORTED);
	sp_call(vc, make(FFA_FEATURES_32, 0x84000001));
	EXPECT_FFA_ERROR(regs(vc), FFA_NOT_SUPPORTED);
}

TEST_F(FfaSetup, FeaturesPerCaller)
{
	struct vcpu *up = v(kSp1);
	struct vcpu *mp = v(kSp2);

	nwd_call(make(FFA_FEATURES_32, FFA_MSG_WAIT_32));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
	sp_call(up, make(FFA_FEATURES_32, FFA_MSG_WAIT_32));
	EXPECT_FFA_SUCCESS(regs(up));
	sp_call(up, make(FFA_FEATURES_32, FFA_SECONDARY_EP_REGISTER_64));
	EXPECT_FFA_ERROR(regs(up), FFA_NOT_SUPPORTED);
	sp_call(mp, make(FFA_FEATURES_32, FFA_SECONDARY_EP_REGISTER_64));
	EXPECT_FFA_SUCCESS(regs(mp));
	/* REQ2 needs v1.2: the NWd is still at v1.0. */
	nwd_call(make(FFA_FEATURES_32, FFA_MSG_SEND_DIRECT_REQ2_64));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
}

TEST_F(FfaSetup, FeaturesMbzAndFeatureIds)
{
	nwd_call(make(FFA_FEATURES_32, FFA_ID_GET_32, 0, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_FEATURES_32, FFA_ID_GET_32, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_FEATURES_32, FFA_FEATURE_SRI));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
}

TEST_F(FfaSetup, IdGet)
{
	struct vcpu *vc = v(kSp2, 1);

	sp_call(vc, make(FFA_ID_GET_32));
	EXPECT_FFA_SUCCESS(regs(vc));
	EXPECT_EQ(regs(vc).x[2], kSp2);
	sp_call(vc, make(FFA_ID_GET_32, 1));
	EXPECT_FFA_ERROR(regs(vc), FFA_INVALID_PARAMETERS);
}

TEST_F(FfaSetup, SpmIdGet)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_SPM_ID_GET_32));
	EXPECT_EQ(regs(vc).x[2], 0x8000U);
	sp_call(vc, make(FFA_SPM_ID_GET_32, 0, 0, 0, 0, 0, 0, 7));
	EXPECT_FFA_ERROR(regs(vc), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_SPM_ID_GET_32));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
}

TEST_F(FfaSetup, UnknownFunctionsNotSupported)
{
	struct vcpu *vc = v(kSp1);

	nwd_call(make(FFA_MEM_SHARE_32));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
	sp_call(vc, make(FFA_NOTIFICATION_BIND_32));
	EXPECT_FFA_ERROR(regs(vc), FFA_NOT_SUPPORTED);
	/* Not an FF-A (standard secure service) call: SMCCC -1. */
	sp_call(vc, make(0x82000010));
	EXPECT_EQ(regs(vc).x[0], UINT64_MAX);
	/* PSCI is not the SPMC's to answer for a partition either. */
	sp_call(vc, make(PSCI_VERSION));
	EXPECT_EQ(regs(vc).x[0], UINT64_MAX);
	sp_call(vc, make(0x840000A5));
	EXPECT_EQ(regs(vc).x[0], UINT64_MAX);
}

TEST_F(FfaSetup, SecureInterruptFromNwdResumes)
{
	nwd_call(make(FFA_INTERRUPT_32));
	EXPECT_EQ((uint32_t)nwd().x[0], FFA_NORMAL_WORLD_RESUME_32);
}

TEST_F(FfaSetup, SvehintIgnored)
{
	struct vcpu *vc = v(kSp1);

	sp_call(vc, make(FFA_ID_GET_32 | FFA_FID_SVE_HINT));
	EXPECT_FFA_SUCCESS(regs(vc));
	EXPECT_EQ(regs(vc).x[2], kSp1);
}

TEST_F(FfaSetup, UnknownFrameworkMessageRefused)
{
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ_32,
		      ffa_msg_ids(FFA_ID_SPMD, 0x8000),
		      FFA_FWK_MSG_BIT | 0x33));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
}

} // namespace
