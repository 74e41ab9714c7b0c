/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * PSCI as TF-A answers it on QEMU, with the SPMD power hooks
 * (tfa-spmd-interface §1.5, §1.6.1): CPU_ON/warm boot into the SPMC's
 * secondary entry point, CPU_OFF framework message and its panics,
 * AFFINITY_INFO, FEATURES, SYSTEM_OFF/RESET.
 */

namespace test
{
namespace
{

using PsciTest = El3Test;

TEST_F(PsciTest, version_is_1_1)
{
	BootToNwd();
	Nwd()[1] = 0x77;
	ASSERT_EQ(FromNwd({ PSCI_VERSION }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0x10001U);
	EXPECT_EQ(Nwd()[1], 0x77U) << "only x0 is written";
}

TEST_F(PsciTest, features)
{
	BootToNwd();
	for (uint32_t fid :
	     { PSCI_VERSION, PSCI_FEATURES, PSCI_CPU_OFF, PSCI_CPU_ON_32,
	       PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64,
	       PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
	       0x80000000U /* SMCCC_VERSION */ }) {
		ASSERT_EQ(FromNwd({ PSCI_FEATURES, fid }), EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], 0U) << std::hex << fid;
	}
	for (uint32_t fid : { PSCI_CPU_SUSPEND_64, 0x84000001U, 0x8400000CU,
			      0xC400000AU, FFA_VERSION_32 }) {
		ASSERT_EQ(FromNwd({ PSCI_FEATURES, fid }), EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], S(PSCI_E_NOT_SUPPORTED)) << std::hex << fid;
	}
	/* SMC32: the queried FID is w1. */
	ASSERT_EQ(FromNwd({ PSCI_FEATURES, 0xFFFFFFFF84000000ULL }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
}

TEST_F(PsciTest, unimplemented_psci_is_smc_unknown)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_SUSPEND_64 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
	ASSERT_EQ(FromNwd({ 0x8400001FU }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
}

/* psci_smc_handler: secure callers get SMC_UNKNOWN. */
TEST_F(PsciTest, secure_world_gets_smc_unknown)
{
	BootToNwd();
	ASSERT_EQ(FromSpmc({ PSCI_VERSION }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], kSmcUnknown);
	ASSERT_EQ(FromSpmc({ PSCI_CPU_OFF }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], kSmcUnknown);
	ASSERT_EQ(FromSpmc({ PSCI_SYSTEM_OFF }), EL3_NEXT_SPMC);
}

TEST_F(PsciTest, core_positions)
{
	EXPECT_EQ(psci_core_pos(0), 0);
	EXPECT_EQ(psci_core_pos(3), 3);
	EXPECT_EQ(psci_core_pos(0x80000007), 7) << "MT/U bits ignored";
	EXPECT_EQ(psci_core_pos(8), -1) << "beyond EL3_MAX_CPUS";
	EXPECT_EQ(psci_core_pos(0x100), -1) << "cluster 1 is core 16";
	EXPECT_EQ(psci_core_pos(0x200), -1) << "no cluster 2";
	EXPECT_EQ(psci_core_pos(0x10), -1) << "Aff0 >= 16";
	EXPECT_EQ(psci_core_pos(0x10000), -1) << "Aff2";
	EXPECT_EQ(psci_core_pos(0x100000000ULL), -1) << "Aff3";
}

TEST_F(PsciTest, cpu_on_refusals)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 0x10000, 0x60000000, 0 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_INVALID_PARAMS));
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 1, 0x3FFFFFFC, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_INVALID_ADDRESS));
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 1, 0x100000000ULL, 0 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_INVALID_ADDRESS));
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 0, 0x60000000, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_ALREADY_ON));
	EXPECT_TRUE(g_plat.released.empty());
}

TEST_F(PsciTest, cpu_on_releases_the_core_and_reports_on_pending)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 2, 0x60001000, 0x1234 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
	ASSERT_EQ(g_plat.released.size(), 1U);
	EXPECT_EQ(g_plat.released[0], 2U);
	EXPECT_EQ(Cpu(2)->psci_state, PSCI_AFF_ON_PENDING);
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 2, 0x60001000, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_ON_PENDING));
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 2, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], static_cast<uint64_t>(PSCI_AFF_ON_PENDING));
	EXPECT_EQ(g_plat.released.size(), 1U);
}

TEST_F(PsciTest, cpu_on_32_truncates_its_arguments)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_32, 0xFFFFFFFF00000001ULL,
			    0xFFFFFFFF60001000ULL, 0xFFFFFFFF00000042ULL }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
	EXPECT_EQ(Cpu(1)->nwd_entry, 0x60001000U);
	EXPECT_EQ(Cpu(1)->nwd_arg0, 0x42U);
}

/* §1.5: a fresh SPMC context at the registered entry, x0, x4. */
TEST_F(PsciTest, warm_boot_enters_the_spmc_at_the_secondary_entry)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_SECONDARY_EP_REGISTER_64, kBl32 + 0x800 }),
		  EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }), EL3_NEXT_NWD);
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 3, 0x60002000, 0x77 }),
		  EL3_NEXT_NWD);
	Mark(Swd(3), 0x33);
	Cpu(3)->ctx[EL3_SWD].el2.hcr = 0x80000000;
	ASSERT_EQ(psci_cpu_on_finish(Cpu(3)), EL3_NEXT_SPMC);
	const el3_world_ctx &s = Cpu(3)->ctx[EL3_SWD];

	EXPECT_EQ(s.elr_el3, kBl32 + 0x800);
	EXPECT_EQ(s.x[0], kManifestPa);
	for (int i = 1; i < 31; i++) {
		EXPECT_EQ(s.x[i], i == 4 ? 3U : 0U) << "x" << i;
	}
	EXPECT_EQ(s.el2.hcr, 0U) << "fresh context";
	EXPECT_EQ(s.el2.sctlr, 0x30C50830U);
	EXPECT_EQ(s.spsr_el3, 0x3C9U);
	EXPECT_EQ(Cpu(3)->spmd_state, EL3FW_SPMD_STATE_ON_PENDING);
	EXPECT_EQ(Cpu(3)->psci_state, PSCI_AFF_ON_PENDING) << "until init ends";

	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }, 3), EL3_NEXT_NWD);
	const el3_world_ctx &n = Cpu(3)->ctx[EL3_NWD];

	EXPECT_EQ(n.elr_el3, 0x60002000U);
	EXPECT_EQ(n.x[0], 0x77U);
	EXPECT_EQ(n.spsr_el3, 0x3C9U);
	EXPECT_EQ(n.scr_el3 & SCR_NS, static_cast<uint64_t>(SCR_NS));
	EXPECT_EQ(Cpu(3)->spmd_state, EL3FW_SPMD_STATE_ON);
	EXPECT_EQ(Cpu(3)->psci_state, PSCI_AFF_ON);
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 3, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], static_cast<uint64_t>(PSCI_AFF_ON));
}

TEST_F(PsciTest, warm_boot_without_registered_entry_uses_bl32_entry)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 1, 0x60001000, 0 }), EL3_NEXT_NWD);
	ASSERT_EQ(psci_cpu_on_finish(Cpu(1)), EL3_NEXT_SPMC);
	EXPECT_EQ(Cpu(1)->ctx[EL3_SWD].elr_el3, kBl32);
}

/* §1.5 step 5: FFA_ERROR marks the core OFF; CPU_ON still completes. */
TEST_F(PsciTest, failed_secondary_init_still_enters_the_nwd)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 1, 0x60001000, 5 }), EL3_NEXT_NWD);
	ASSERT_EQ(psci_cpu_on_finish(Cpu(1)), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_ABORTED) }, 1),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Cpu(1)->spmd_state, EL3FW_SPMD_STATE_OFF);
	EXPECT_EQ(Cpu(1)->psci_state, PSCI_AFF_ON);
	EXPECT_EQ(Nwd(1)[0], 5U);
	EXPECT_TRUE(Spmd()->spm_enabled) << "only this core is affected";
	EXPECT_NE(g_plat.log.find("spmd_cpu_on_finish_handler failed "
				  "(4294967288) on CPU1"),
		  std::string::npos);
	/* The NWd on that core has no SPMC. */
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }, 1),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd(1)[0], 0xFFFFFFFFU);
}

TEST_F(PsciTest, warm_boot_without_spm_enters_the_nwd_directly)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_NOT_SUPPORTED) }),
		  EL3_NEXT_NWD);
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, 1, 0x60001000, 9 }), EL3_NEXT_NWD);
	ASSERT_EQ(psci_cpu_on_finish(Cpu(1)), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd(1)[0], 9U);
	EXPECT_EQ(Cpu(1)->ctx[EL3_NWD].elr_el3, 0x60001000U);
	EXPECT_EQ(Cpu(1)->spmd_state, EL3FW_SPMD_STATE_RESET);
	EXPECT_EQ(Cpu(1)->psci_state, PSCI_AFF_ON);
}

/* §1.6.1: the CPU_OFF framework message, exactly. */
TEST_F(PsciTest, cpu_off_sends_the_framework_message)
{
	BootToNwd();
	BringUp(1);
	Mark(Swd(1), 0x55);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd(1)[0], 0x8400006FU);
	EXPECT_EQ(Swd(1)[1], 0xFFFF8000U);
	EXPECT_EQ(Swd(1)[2], 0x80000000U);
	EXPECT_EQ(Swd(1)[3], 0x84000002U);
	ExpectZero(Swd(1), 4, 17);
	EXPECT_EQ(Swd(1)[18], 0x5512U);
	EXPECT_EQ(Cpu(1)->psci_state, PSCI_AFF_ON) << "not off yet";

	ASSERT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF, 0x80000002, 0 },
		     1),
	    EL3_NEXT_CPU_OFF);
	EXPECT_EQ(Cpu(1)->spmd_state, EL3FW_SPMD_STATE_OFF);
	EXPECT_EQ(Cpu(1)->psci_state, PSCI_AFF_OFF);
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 1, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], static_cast<uint64_t>(PSCI_AFF_OFF));

	/* After CPU_OFF the core comes back fresh at the next CPU_ON. */
	BringUp(1, 0x60003000, 6);
	EXPECT_EQ(Cpu(1)->ctx[EL3_NWD].elr_el3, 0x60003000U);
}

TEST_F(PsciTest, cpu_off_answered_with_ffa_error_proceeds)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_NOT_SUPPORTED) }, 1),
		  EL3_NEXT_CPU_OFF);
	EXPECT_EQ(Cpu(1)->psci_state, PSCI_AFF_OFF);
}

TEST_F(PsciTest, cpu_off_denied_by_the_spmc_panics)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF,
			     0x80000002, W(PSCI_E_DENIED) },
			   1),
		  EL3_NEXT_PANIC);
	EXPECT_STREQ(Cpu(1)->panic_msg,
		     "SPMC denied CPU_OFF power management request");
}

TEST_F(PsciTest, cpu_off_reply_with_wrong_function_panics)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF, 0x80000009, 0 },
		     1),
	    EL3_NEXT_PANIC);
}

TEST_F(PsciTest, cpu_off_reply_without_framework_bit_panics)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF, 2, 0 }, 1),
	    EL3_NEXT_PANIC);
}

TEST_F(PsciTest, cpu_off_reply_as_smc64_panics)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_64, 0x8000FFFF, 0x80000002, 0 },
		     1),
	    EL3_NEXT_PANIC);
	EXPECT_STREQ(Cpu(1)->panic_msg,
		     "spmd_cpu_off_handler invalid SPMC response");
}

TEST_F(PsciTest, cpu_off_answered_with_another_call_panics)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }, 1), EL3_NEXT_PANIC);
}

/* Calls answered at EL3 do not end a pending CPU_OFF. */
TEST_F(PsciTest, el3_calls_during_cpu_off_keep_it_pending)
{
	BootToNwd();
	BringUp(1);
	ASSERT_EQ(FromNwd({ PSCI_CPU_OFF }, 1), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ID_GET_32 }, 1), EL3_NEXT_SPMC);
	EXPECT_EQ(Cpu(1)->pending, SPMD_PENDING_CPU_OFF);
	EXPECT_EQ(
	    FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF, 0x80000002, 0 },
		     1),
	    EL3_NEXT_CPU_OFF);
}

TEST_F(PsciTest, cpu_off_without_spm_is_immediate)
{
	manifest_.Child("attribute").SetU32("spmc_id", 0x1);
	ASSERT_EQ(ColdBoot(), EL3_NEXT_NWD);
	EXPECT_EQ(FromNwd({ PSCI_CPU_OFF }), EL3_NEXT_CPU_OFF);
	EXPECT_EQ(Cpu()->psci_state, PSCI_AFF_OFF);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_RESET);
}

TEST_F(PsciTest, affinity_info_checks)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 0, 1 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_INVALID_PARAMS));
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 0x10000, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(PSCI_E_INVALID_PARAMS));
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_64, 0, 0 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], static_cast<uint64_t>(PSCI_AFF_ON));
	ASSERT_EQ(FromNwd({ PSCI_AFFINITY_INFO_32, 0xFFFFFFFF00000005ULL,
			    0xFFFFFFFF00000000ULL }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], static_cast<uint64_t>(PSCI_AFF_OFF));
}

TEST_F(PsciTest, system_off_and_reset)
{
	BootToNwd();
	EXPECT_EQ(FromNwd({ PSCI_SYSTEM_OFF }), EL3_NEXT_SYSTEM_OFF);
	EXPECT_EQ(FromNwd({ PSCI_SYSTEM_RESET }), EL3_NEXT_SYSTEM_RESET);
}

} // namespace
} // namespace test
