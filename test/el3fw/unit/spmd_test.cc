/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * SPMD behaviour at the FF-A boundary (tfa-spmd-interface §1.4-§1.7):
 * SPMC entry state and end of init, FFA_VERSION as a framework message,
 * the IDs, the register forwarding rules, direct messages and secondary
 * entry point registration.
 */

namespace test
{
namespace
{

using SpmdTest = El3Test;

/* §1.4.2: the SPMC's first instruction sees TF-A's register state. */
TEST_F(SpmdTest, cold_boot_enters_spmc_with_tfa_register_state)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	const el3_world_ctx &s = Cpu()->ctx[EL3_SWD];

	EXPECT_EQ(s.elr_el3, kBl32);
	EXPECT_EQ(s.x[0], kManifestPa);
	for (int i = 1; i < 31; i++) {
		EXPECT_EQ(s.x[i], 0U) << "x" << i;
	}
	EXPECT_EQ(s.spsr_el3, 0x3C9U);
	EXPECT_EQ(s.sp_el0, 0U);
	EXPECT_EQ(s.el2.sctlr, 0x30C50830U);
	EXPECT_EQ(s.el2.hcr, 0U);
	EXPECT_EQ(s.el2.icc_sre, 0xFU);
	EXPECT_EQ(s.el2.sp, 0U);
	EXPECT_EQ(s.el2.vttbr, 0U);
	EXPECT_EQ(s.scr_el3 & (SCR_NS | SCR_IRQ | SCR_FIQ), 0U);
	EXPECT_EQ(s.scr_el3 & (SCR_EEL2 | SCR_RW | SCR_HCE),
		  static_cast<uint64_t>(SCR_EEL2 | SCR_RW | SCR_HCE));
	EXPECT_EQ(s.cptr_el3 & (CPTR_EL3_EZ | CPTR_EL3_ESM | CPTR_EL3_TFP), 0U);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON_PENDING);
	EXPECT_EQ(Cpu()->pending, SPMD_PENDING_INIT);
	EXPECT_NE(g_plat.log.find("BL31: Initializing BL32"),
		  std::string::npos);
}

/* §1.4.4: FFA_MSG_WAIT ends init; EL3 enters BL33 at NS-EL2. */
TEST_F(SpmdTest, msg_wait_ends_init_and_enters_bl33)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	Mark(Nwd(), 0xBB);
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }), EL3_NEXT_NWD);
	const el3_world_ctx &n = Cpu()->ctx[EL3_NWD];

	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
	EXPECT_EQ(Cpu()->init_result, 0U);
	EXPECT_EQ(n.elr_el3, kBl33);
	for (int i = 0; i < 31; i++) {
		EXPECT_EQ(n.x[i], 0U) << "x" << i;
	}
	EXPECT_EQ(n.spsr_el3, 0x3C9U);
	EXPECT_EQ(n.scr_el3 & (SCR_NS | SCR_HCE | SCR_RW | SCR_FIQ),
		  static_cast<uint64_t>(SCR_NS | SCR_HCE | SCR_RW | SCR_FIQ));
	EXPECT_EQ(n.scr_el3 & SCR_IRQ, 0U);
	EXPECT_EQ(n.el2.sctlr, 0x30C50830U);
	EXPECT_EQ(n.el2.hcr, 0U);
	EXPECT_EQ(n.el2.icc_sre, 0xFU);
	EXPECT_EQ(n.el2.vpidr, kMidr);
	EXPECT_EQ(n.el2.vmpidr, kMpidr);
	EXPECT_EQ(n.el2.mdcr, kMdcr);
	EXPECT_EQ(Cpu()->psci_state, PSCI_AFF_ON);
	EXPECT_TRUE(Spmd()->spm_enabled);
}

/* §1.4.4: FFA_ERROR with w2 != 0 fails init; the NWd still boots. */
TEST_F(SpmdTest, ffa_error_fails_init_and_disables_spm)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_NOT_SUPPORTED) }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Cpu()->ctx[EL3_NWD].elr_el3, kBl33);
	EXPECT_FALSE(Spmd()->spm_enabled);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_OFF);
	EXPECT_EQ(Cpu()->init_result, 0xFFFFFFFFU);
	EXPECT_NE(g_plat.log.find("1:SPMC initialisation failed 0xffffffff"),
		  std::string::npos);
	EXPECT_NE(g_plat.log.find("BL31: BL32 initialization failed"),
		  std::string::npos);

	/* No SPM: FFA_VERSION and forwarded calls are NOT_SUPPORTED. */
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	ASSERT_EQ(FromNwd({ FFA_FEATURES_32, FFA_VERSION_32 }), EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);
	ASSERT_EQ(FromNwd({ FFA_SPM_ID_GET_32 }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), kSpmcId);
}

/* TF-A pitfall kept: FFA_ERROR with w2 = 0 counts as success. */
TEST_F(SpmdTest, ffa_error_with_zero_code_counts_as_success)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, 0 }), EL3_NEXT_NWD);
	EXPECT_TRUE(Spmd()->spm_enabled);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

/* The init rc is w2 of an SMC32 FFA_ERROR: upper bits are dropped. */
TEST_F(SpmdTest, init_result_is_w2)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, 0xFFFFFFFF00000000ULL }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

/* A DIRECT_RESP to the SPMD during init is TF-A's sync exit with rc 0. */
TEST_F(SpmdTest, direct_resp_to_spmd_during_init_is_success)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

/* There is no NWd to forward to during init: the SPMC gets DENIED. */
TEST_F(SpmdTest, forwarding_during_init_is_denied_and_init_continues)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_REQ_32, 0x80010000 }),
		  EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_DENIED);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON_PENDING);
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }), EL3_NEXT_NWD);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

/* §1.4.3: calls the SPMC may make during init, answered by EL3. */
TEST_F(SpmdTest, spmc_calls_answered_at_el3_during_init)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromSpmc({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_VERSION_1_3);
	ExpectZero(Swd(), 1, 7);
	EXPECT_EQ(Swd()[8], 0x5508U);
	ASSERT_EQ(FromSpmc({ FFA_VERSION_32, 0x80010000 }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0xFFFFFFFFU);
	ASSERT_EQ(FromSpmc({ FFA_ID_GET_32 }), EL3_NEXT_SPMC);
	ExpectSuccess(Swd(), kSpmcId);
	ASSERT_EQ(FromSpmc({ FFA_SPM_ID_GET_32 }), EL3_NEXT_SPMC);
	ExpectSuccess(Swd(), 0xFFFF);
	ASSERT_EQ(FromSpmc({ FFA_FEATURES_32, 0xFFFFFFFF00000063ULL, 2, 3,
			     0xAB00000004ULL, 0xFFFFFFFF00000005ULL, 6, 7 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SUCCESS_32);
	EXPECT_EQ(Swd()[1], 0x63U);
	EXPECT_EQ(Swd()[4], 4U);
	EXPECT_EQ(Swd()[5], 0xFFFFFFFF00000005ULL);
	EXPECT_EQ(Swd()[7], 7U);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON_PENDING);
}

/* §1.6.2: the framework message carries the request and NWd x8..x17. */
TEST_F(SpmdTest, nwd_ffa_version_becomes_a_framework_message)
{
	BootToNwd();
	Mark(Nwd(), 0xAA);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, 0xFFFFFFFF00010002ULL }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0x8400006FU);
	EXPECT_EQ(Swd()[1], 0xFFFF8000U);
	EXPECT_EQ(Swd()[2], 0x80000008U);
	EXPECT_EQ(Swd()[3], 0x10002U);
	ExpectZero(Swd(), 4, 7);
	for (int i = 8; i < 18; i++) {
		EXPECT_EQ(Swd()[i], Nwd()[i]) << "x" << i;
	}
	EXPECT_EQ(Swd()[18], 0x5512U) << "x18 and up stay the SPMC's";
	EXPECT_EQ(Spmd()->nwd_version, 0x10002U);

	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF,
			     0x80000009, 0x10001, 0x44 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0x10001U);
	ExpectZero(Nwd(), 1, 7);
	EXPECT_EQ(Nwd()[8], 0xAA08U) << "x8..x17 of the NWd untouched";
	EXPECT_EQ(Nwd()[17], 0xAA11U);
	EXPECT_EQ(Spmd()->spmc_nwd_version, 0x10001U);
	EXPECT_EQ(Cpu()->pending, SPMD_PENDING_NONE);
}

TEST_F(SpmdTest, version_response_with_wrong_function_is_not_supported)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF,
			     0x80000002, 0x10002 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	EXPECT_EQ(Spmd()->spmc_nwd_version, 0U);
	EXPECT_NE(g_plat.log.find("Failed to forward FFA_VERSION"),
		  std::string::npos);
}

TEST_F(SpmdTest, version_response_without_framework_bit_is_refused)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF, 9, 0x10002 }),
	    EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
}

TEST_F(SpmdTest, version_response_as_smc64_is_refused)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_64, 0x8000FFFF,
			     0x80000009, 0x10002 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
}

/* Any other call that leaves the SPMC ends the request (§1.6.2). */
TEST_F(SpmdTest, version_answered_with_ffa_error_is_not_supported)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_NOT_SUPPORTED) }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	ExpectZero(Nwd(), 1, 7);
	EXPECT_EQ(Cpu()->pending, SPMD_PENDING_NONE);
}

TEST_F(SpmdTest, negative_spmc_version_is_passed_on_but_not_stored)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, 0x20000 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF,
			     0x80000009, 0xFFFFFFFF }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	EXPECT_EQ(Spmd()->spmc_nwd_version, FFA_VERSION_1_2);
}

/* A v1.0 manifest: the SPMD answers 1.0 itself, the SPMC is not entered. */
TEST_F(SpmdTest, v1_0_manifest_answers_version_at_el3)
{
	manifest_.Child("attribute").SetU32("min_ver", 0);
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0x10000U);
	ExpectZero(Nwd(), 1, 7);
	EXPECT_EQ(Spmd()->nwd_version, FFA_VERSION_1_2);
}

TEST_F(SpmdTest, version_with_bit_31_is_not_supported_and_not_stored)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, 0x80010002 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	EXPECT_EQ(Spmd()->nwd_version, 0U);
}

/* §1.7 pitfall: the first non-FFA_VERSION FF-A call freezes the version. */
TEST_F(SpmdTest, nwd_version_locked_by_first_other_ffa_call)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_VERSION }), EL3_NEXT_NWD);
	ASSERT_EQ(FromNwd({ EL3FW_TEST_GET, EL3FW_ITEM_API_VERSION }),
		  EL3_NEXT_NWD);
	EXPECT_FALSE(Spmd()->nwd_version_locked) << "PSCI, SiP do not lock";
	Negotiate(FFA_VERSION_1_1, FFA_VERSION_1_1);
	EXPECT_EQ(Spmd()->nwd_version, FFA_VERSION_1_1);
	ASSERT_EQ(FromNwd({ FFA_ID_GET_32 }), EL3_NEXT_NWD);
	EXPECT_TRUE(Spmd()->nwd_version_locked);
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	EXPECT_EQ(Spmd()->nwd_version, FFA_VERSION_1_1);
	EXPECT_EQ(Spmd()->spmc_nwd_version, FFA_VERSION_1_2);
}

TEST_F(SpmdTest, ffa_call_before_version_locks_version_zero)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_SPM_ID_GET_32 }), EL3_NEXT_NWD);
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	EXPECT_EQ(Spmd()->nwd_version, 0U);
}

/* §1.7 table: FFA_ID_GET and FFA_SPM_ID_GET per side. */
TEST_F(SpmdTest, id_get_and_spm_id_get_per_side)
{
	manifest_.Child("attribute").SetU32("spmc_id", 0x8123);
	BootToNwd();
	Mark(Nwd(), 0x11);
	ASSERT_EQ(FromNwd({ FFA_ID_GET_32 }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), 0);
	EXPECT_EQ(Nwd()[8], 0x1108U);
	ASSERT_EQ(FromNwd({ FFA_SPM_ID_GET_32 }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), 0x8123);
	ASSERT_EQ(FromSpmc({ FFA_ID_GET_32 }), EL3_NEXT_SPMC);
	ExpectSuccess(Swd(), 0x8123);
	ASSERT_EQ(FromSpmc({ FFA_SPM_ID_GET_32 }), EL3_NEXT_SPMC);
	ExpectSuccess(Swd(), 0xFFFF);
}

/* §1.7: SMC32 truncates x1..x4, copies x5..x7 raw, leaves x8..x17. */
TEST_F(SpmdTest, smc32_forwarding_truncates_x1_to_x4_only)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0xFFFFFFFF00008001ULL,
			    0xFFFFFFFF00000002ULL, 0xFFFFFFFFFFFFFFFCULL,
			    0x1200000044ULL, 0xFFFFFFFF00000055ULL,
			    0xAB00000066ULL, 0xCD00000077ULL, 0x88 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_MSG_SEND_DIRECT_REQ_32);
	EXPECT_EQ(Swd()[1], 0x8001U);
	EXPECT_EQ(Swd()[2], 2U);
	EXPECT_EQ(Swd()[3], 0xFFFFFFFCU);
	EXPECT_EQ(Swd()[4], 0x44U);
	EXPECT_EQ(Swd()[5], 0xFFFFFFFF00000055ULL);
	EXPECT_EQ(Swd()[6], 0xAB00000066ULL);
	EXPECT_EQ(Swd()[7], 0xCD00000077ULL);
	EXPECT_EQ(Swd()[8], 0x5508U) << "SMC32: x8..x17 not written";

	/* The way back follows the same rules. */
	Mark(Nwd(), 0xAA);
	ASSERT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0xFFFFFFFF80010000ULL, 0,
		       0xFFFFFFFF0000CAFEULL, 0, 0xFFFFFFFF00000055ULL }),
	    EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(Nwd()[1], 0x80010000U);
	EXPECT_EQ(Nwd()[3], 0xCAFEU);
	EXPECT_EQ(Nwd()[5], 0xFFFFFFFF00000055ULL);
	EXPECT_EQ(Nwd()[8], 0xAA08U);
}

TEST_F(SpmdTest, smc64_forwarding_copies_x8_to_x17_when_both_v1_2)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	Mark(Nwd(), 0xAA);
	Nwd()[3] = 0xFFFFFFFF00001234ULL;
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_64, 0x8001 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[3], 0xFFFFFFFF00001234ULL);
	for (int i = 8; i < 18; i++) {
		EXPECT_EQ(Swd()[i], Nwd()[i]) << "x" << i;
	}
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_64, 0x80010000 }),
		  EL3_NEXT_NWD);
	for (int i = 8; i < 18; i++) {
		EXPECT_EQ(Nwd()[i], Swd()[i]) << "x" << i;
	}
}

TEST_F(SpmdTest, smc64_zeroes_x8_to_x17_when_only_destination_is_v1_2)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_1, FFA_VERSION_1_2);
	Mark(Nwd(), 0xAA);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_64, 0x8001 }),
		  EL3_NEXT_SPMC);
	ExpectZero(Swd(), 8, 17);
	/* Back to a v1.1 NWd: x8..x17 not written. */
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_64, 0x80010000 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[8], 0xAA08U);
	EXPECT_EQ(Nwd()[17], 0xAA11U);
}

TEST_F(SpmdTest, smc64_leaves_x8_to_x17_when_destination_below_v1_2)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_1);
	Mark(Nwd(), 0xAA);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_64, 0x8001 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[8], 0x5508U);
	EXPECT_EQ(Swd()[17], 0x5511U);
	/* Back to the v1.2 NWd from a v1.1 SPMC: zeroed. */
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_64, 0x80010000 }),
		  EL3_NEXT_NWD);
	ExpectZero(Nwd(), 8, 17);
}

TEST_F(SpmdTest, unnegotiated_versions_count_as_zero)
{
	BootToNwd();
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_64, 0x8001 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[8], 0x5508U);
}

/* The SVE hint (bit 16) goes to the SPMC, and never to the NWd. */
TEST_F(SpmdTest, sve_hint_passed_to_spmc_only)
{
	BootToNwd();
	ASSERT_EQ(
	    FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32 | FFA_FID_SVE_HINT, 0x8001 }),
	    EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_MSG_SEND_DIRECT_REQ_32 | FFA_FID_SVE_HINT);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32 | FFA_FID_SVE_HINT,
			     0x80010000 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_SEND_DIRECT_RESP_32);
	/* Calls answered at EL3 decode the FID without the hint. */
	ASSERT_EQ(FromNwd({ FFA_ID_GET_32 | FFA_FID_SVE_HINT }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), 0);
}

TEST_F(SpmdTest, nwd_direct_req_with_secure_source_is_rejected)
{
	BootToNwd();
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x80018002 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_INVALID_PARAMETERS);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_64, 0xFFFF8001 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(Swd()[1], 0x5501U) << "the SPMC was not entered";
	EXPECT_EQ(sys_->counters.forward, 0U);
}

TEST_F(SpmdTest, nwd_direct_req_to_spmd_lp_is_rejected)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x0001FFC0 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_INVALID_PARAMETERS);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x0001FFFE }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_INVALID_PARAMETERS);
}

/* "The destination is not checked": even 0xFFFF goes to the SPMC. */
TEST_F(SpmdTest, nwd_direct_req_destination_is_not_checked)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x0001FFFF }),
		  EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_INVALID_PARAMETERS) }),
		  EL3_NEXT_NWD);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x00000001 }),
		  EL3_NEXT_SPMC);
}

TEST_F(SpmdTest, spmc_direct_req_to_the_spmd_is_denied)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_REQ_32, 0x8000FFFF }),
		  EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_DENIED);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_REQ_64, 0x8000FFFF }),
		  EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_DENIED);
	/* From an SP ID it is not "the SPMC's message": forwarded. */
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_REQ_32, 0x8001FFFF }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_SEND_DIRECT_REQ_32);
}

TEST_F(SpmdTest, spmc_direct_req_to_the_nwd_is_forwarded)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_REQ_32, 0x80010001, 0, 7 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[1], 0x80010001U);
	EXPECT_EQ(Nwd()[3], 7U);
}

/* Only a reply from the SPMC's own ID to 0xFFFF answers the SPMD. */
TEST_F(SpmdTest, direct_resp_from_an_sp_to_0xffff_is_not_a_reply)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8001FFFF,
			     0x80000009, 0x10002 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	EXPECT_EQ(Spmd()->spmc_nwd_version, 0U);
	/* With nothing pending it is forwarded like any response. */
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8001FFFF }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(Nwd()[1], 0x8001FFFFU);
}

TEST_F(SpmdTest, direct_resp_to_the_spmd_with_nothing_pending_is_denied)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF }),
		  EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_DENIED);
}

TEST_F(SpmdTest, direct_req2_needs_both_sides_at_v1_2)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_1, FFA_VERSION_1_2);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ2_64, 0x8001 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP2_64, 0x80010000 }),
		  EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_NOT_SUPPORTED);

	Init(features_);
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_1);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ2_64, 0x8001 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);

	Init(features_);
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ2_64, 0x8001 }),
		  EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP2_64, 0x80010000 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_SEND_DIRECT_RESP2_64);
}

TEST_F(SpmdTest, direct_req2_source_check_applies)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ2_64, 0x80018002 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_INVALID_PARAMETERS);
}

TEST_F(SpmdTest, notification_2_abis_need_v1_3)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_2);
	ASSERT_EQ(FromNwd({ FFA_SMC64(0x96) }), EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);

	Init(features_);
	BootToNwd();
	Negotiate(FFA_VERSION_1_3, FFA_VERSION_1_3);
	ASSERT_EQ(FromNwd({ FFA_SMC64(0x96) }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SMC64(0x96));
}

TEST_F(SpmdTest, msg_wait_after_init_is_forwarded_to_the_nwd)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32, 0, 1 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_MSG_WAIT_32);
	EXPECT_EQ(Nwd()[2], 1U);
}

TEST_F(SpmdTest, ffa_error_after_init_is_forwarded_to_the_nwd)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_BUSY) }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], FFA_ERROR_32);
	EXPECT_EQ(Nwd()[2], W(FFA_BUSY));
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

TEST_F(SpmdTest, forwarding_counts)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x8001 }),
		  EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(sys_->counters.forward, 2U);
}

TEST_F(SpmdTest, spmc_abort_panics_el3)
{
	BootToNwd();
	EXPECT_EQ(FromSpmc({ FFA_ABORT_32 }), EL3_NEXT_PANIC);
	EXPECT_STREQ(Cpu()->panic_msg, "SPMC encountered a fatal error");
	Init(features_);
	BootToNwd();
	EXPECT_EQ(FromSpmc({ FFA_ABORT_64 }), EL3_NEXT_PANIC);
	/* From the NWd it is only NOT_SUPPORTED. */
	EXPECT_EQ(FromNwd({ FFA_ABORT_32 }), EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);
}

/* §1.5: FFA_SECONDARY_EP_REGISTER bounds and once-only. */
TEST_F(SpmdTest, secondary_ep_inside_the_image_is_accepted_once)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	Mark(Swd(), 0x55);
	ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 + 0x400 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SUCCESS_64);
	ExpectZero(Swd(), 1, 7);
	EXPECT_EQ(Swd()[8], 0x5508U);
	EXPECT_EQ(Spmd()->secondary_ep, kBl32 + 0x400);
	EXPECT_EQ(Spmd()->secondary_ep_result, 0U);

	ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 + 0x800 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SMC64(0x60));
	EXPECT_EQ(Swd()[2], S(FFA_INVALID_PARAMETERS));
	EXPECT_EQ(Spmd()->secondary_ep, kBl32 + 0x400);
	EXPECT_EQ(Spmd()->secondary_ep_calls, 2U);
}

TEST_F(SpmdTest, secondary_ep_bounds_are_half_open)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	for (uint64_t bad : { kBl32 - 4, kBl32 + kBinarySize,
			      kBl32 + kBinarySize + 4, uint64_t{ 0 } }) {
		ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, bad }),
			  EL3_NEXT_SPMC);
		EXPECT_EQ(Swd()[0], FFA_SMC64(0x60)) << bad;
		EXPECT_EQ(Swd()[1], 0U);
		EXPECT_EQ(Swd()[2], 0xFFFFFFFFFFFFFFFEULL) << "sign-extended";
		ExpectZero(Swd(), 3, 7);
	}
	EXPECT_FALSE(Spmd()->secondary_ep_locked);
	EXPECT_NE(g_plat.log.find("entry point is not within image "
				  "boundaries"),
		  std::string::npos);
	ASSERT_EQ(
	    FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 + kBinarySize - 4 }),
	    EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SUCCESS_64);
	ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SMC64(0x60));
}

TEST_F(SpmdTest, secondary_ep_needs_binary_size)
{
	manifest_.Child("attribute").Del("binary_size");
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SMC64(0x60));
}

TEST_F(SpmdTest, secondary_ep_range_overflow_is_refused)
{
	manifest_.Child("attribute")
	    .SetU64("load_address", 0xFFFFFFFFFFFFF000ULL);
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(
	    FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, 0xFFFFFFFFFFFFF800ULL }),
	    EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SMC64(0x60));
}

TEST_F(SpmdTest, secondary_ep_register_from_nwd_is_not_supported)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ FFA_SECONDARY_EP_REGISTER_64, kBl32 }),
		  EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);
	EXPECT_EQ(Spmd()->secondary_ep_calls, 0U);
}

} // namespace
} // namespace test
