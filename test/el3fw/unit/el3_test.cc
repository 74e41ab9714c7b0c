/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * SMC routing (SMCCC owning entities, SMC_UNKNOWN), secure interrupts
 * (tfa-spmd-interface §1.8), the test SiP calls and the per-world
 * register values (§1.4.2, §1.9).
 */

namespace test
{
namespace
{

using El3RoutingTest = El3Test;
using El3InterruptTest = El3Test;
using El3TestApiTest = El3Test;
using El3ContextTest = El3Test;

/* TF-A SMC_UNK: x0 = -1, every other register kept. */
TEST_F(El3RoutingTest, unknown_smcs_return_minus_one_only_in_x0)
{
	BootToNwd();
	for (uint64_t fid :
	     { 0xC5000000ULL, 0x83000000ULL, 0x8400FFFFULL, 0x84000020ULL,
	       0xC2000FFFULL, 0x82000F00ULL, 0xBF000000ULL }) {
		Mark(Nwd(), 0x77);
		ASSERT_EQ(FromNwd({ fid }), EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], kSmcUnknown) << std::hex << fid;
		EXPECT_EQ(Nwd()[1], 0x7701U);
		EXPECT_EQ(Nwd()[17], 0x7711U);
	}
	ASSERT_EQ(FromSpmc({ 0xC5000000 }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], kSmcUnknown);
}

TEST_F(El3RoutingTest, yielding_calls_are_unknown)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ 0x04000063 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
	ASSERT_EQ(FromNwd({ 0x04000000 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
}

/* FID bits 23:17 are reserved in fast calls; bit 16 is the SVE hint. */
TEST_F(El3RoutingTest, reserved_fid_bits_are_unknown)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ 0x84020069 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
	ASSERT_EQ(FromNwd({ 0x84800000 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
	ASSERT_EQ(FromNwd({ 0x84010000 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0x10001U) << "PSCI_VERSION with the SVE hint";
}

/* Only w0 is the FID: upper bits of x0 are ignored. */
TEST_F(El3RoutingTest, fid_is_w0)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ 0xFFFFFFFF84000069ULL }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), 0);
}

TEST_F(El3RoutingTest, smccc_arch_calls)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ 0x80000000 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0x10002U);
	ASSERT_EQ(FromSpmc({ 0x80000000 }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0x10002U);
	ASSERT_EQ(FromNwd({ 0x80000001, 0x80008000 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(-1));
	ASSERT_EQ(FromNwd({ 0x80000002 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
}

/* §1.8: G1S in the NWd -> FFA_INTERRUPT -> NORMAL_WORLD_RESUME. */
TEST_F(El3InterruptTest, secure_interrupt_round_trip_leaves_nwd_untouched)
{
	BootToNwd();
	Mark(Nwd(), 0xAA);
	Cpu()->ctx[EL3_NWD].elr_el3 = 0x60000abc;
	Mark(Swd(), 0x55);
	g_plat.hppir0 = GIC_INTID_G1S_PENDING;
	ASSERT_EQ(el3_fiq(Cpu()), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_INTERRUPT_32);
	ExpectZero(Swd(), 1, 7);
	EXPECT_EQ(Swd()[8], 0x5508U) << "x8..x17 untouched";
	EXPECT_EQ(g_plat.ack_count, 0U) << "EL3 does not acknowledge G1S";
	EXPECT_EQ(sys_->counters.ffa_interrupt, 1U);

	ASSERT_EQ(FromSpmc({ FFA_NORMAL_WORLD_RESUME_32 }), EL3_NEXT_NWD);
	for (int i = 1; i < 31; i++) {
		EXPECT_EQ(Nwd()[i], (0xAAULL << 8) | i) << "x" << i;
	}
	EXPECT_EQ(Nwd()[0], 0U);
	EXPECT_EQ(Cpu()->ctx[EL3_NWD].elr_el3, 0x60000abcU);
	EXPECT_EQ(sys_->counters.nwd_resume, 1U);
	EXPECT_EQ(Cpu()->pending, SPMD_PENDING_NONE);

	/* Outside an interrupt, NORMAL_WORLD_RESUME is DENIED again. */
	ASSERT_EQ(FromSpmc({ FFA_NORMAL_WORLD_RESUME_32 }), EL3_NEXT_SPMC);
	ExpectError(Swd(), FFA_DENIED);
	EXPECT_EQ(sys_->counters.nwd_resume, 1U);
}

TEST_F(El3InterruptTest, spmc_error_during_interrupt_is_logged_and_resumes)
{
	BootToNwd();
	Mark(Nwd(), 0xAA);
	g_plat.hppir0 = GIC_INTID_G1S_PENDING;
	ASSERT_EQ(el3_fiq(Cpu()), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_ABORTED) }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[1], 0xAA01U) << "the NWd does not see the error";
	EXPECT_EQ(Nwd()[2], 0xAA02U);
	EXPECT_NE(g_plat.log.find("spmd_secure_interrupt_handler"),
		  std::string::npos);
	EXPECT_EQ(sys_->counters.nwd_resume, 0U);
	EXPECT_EQ(Cpu()->pending, SPMD_PENDING_NONE);
}

/* Calls answered at EL3 keep the interrupt pending. */
TEST_F(El3InterruptTest, el3_calls_during_interrupt_keep_it_pending)
{
	BootToNwd();
	g_plat.hppir0 = GIC_INTID_G1S_PENDING;
	ASSERT_EQ(el3_fiq(Cpu()), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_NORMAL_WORLD_RESUME_32 }), EL3_NEXT_NWD);
}

TEST_F(El3InterruptTest, secure_interrupt_without_spmc_panics)
{
	manifest_.Child("attribute").SetU32("maj_ver", 0);
	ASSERT_EQ(ColdBoot(), EL3_NEXT_NWD);
	g_plat.hppir0 = GIC_INTID_G1S_PENDING;
	EXPECT_EQ(el3_fiq(Cpu()), EL3_NEXT_PANIC);
}

TEST_F(El3InterruptTest, group0_from_nwd_is_handled_at_el3)
{
	BootToNwd();
	Mark(Nwd(), 0xAA);
	g_plat.hppir0 = 5;
	g_plat.iar0 = 5;
	ASSERT_EQ(el3_fiq(Cpu()), EL3_NEXT_NWD);
	ASSERT_EQ(g_plat.eoi.size(), 1U);
	EXPECT_EQ(g_plat.eoi[0], 5U);
	EXPECT_EQ(sys_->counters.g0_from_nwd, 1U);
	EXPECT_EQ(sys_->counters.last_g0_intid, 5U);
	EXPECT_EQ(Nwd()[1], 0xAA01U);
	EXPECT_EQ(sys_->counters.ffa_interrupt, 0U);
}

TEST_F(El3InterruptTest, unknown_group0_interrupt_panics)
{
	BootToNwd();
	g_plat.hppir0 = 40;
	g_plat.iar0 = 40;
	EXPECT_EQ(el3_fiq(Cpu()), EL3_NEXT_PANIC);
	EXPECT_STREQ(Cpu()->panic_msg, "Group0 interrupt not handled");
	EXPECT_EQ(Cpu()->panic_arg, 40U);
}

TEST_F(El3InterruptTest, spurious_fiq_resumes_the_nwd)
{
	BootToNwd();
	for (uint32_t id : { GIC_INTID_SPURIOUS, GIC_INTID_G1NS_PENDING }) {
		g_plat.hppir0 = id;
		EXPECT_EQ(el3_fiq(Cpu()), EL3_NEXT_NWD);
	}
	EXPECT_EQ(g_plat.ack_count, 0U);
	EXPECT_TRUE(g_plat.eoi.empty());
}

/* §1.8: FFA_EL3_INTR_HANDLE acknowledges and ends the G0 interrupt. */
TEST_F(El3InterruptTest, el3_intr_handle_acks_and_returns_success)
{
	BootToNwd();
	Mark(Swd(), 0x55);
	g_plat.iar0 = 6;
	ASSERT_EQ(FromSpmc({ FFA_EL3_INTR_HANDLE_32, 1, 2, 3, 4, 5, 6, 7 }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], FFA_SUCCESS_32);
	ExpectZero(Swd(), 1, 7);
	EXPECT_EQ(Swd()[8], 0x5508U);
	EXPECT_EQ(g_plat.ack_count, 1U);
	ASSERT_EQ(g_plat.eoi.size(), 1U);
	EXPECT_EQ(g_plat.eoi[0], 6U);
	EXPECT_EQ(sys_->counters.el3_intr_handle, 1U);
	EXPECT_EQ(sys_->counters.last_g0_intid, 6U);
}

TEST_F(El3InterruptTest, el3_intr_handle_with_nothing_pending)
{
	BootToNwd();
	g_plat.iar0 = GIC_INTID_SPURIOUS;
	ASSERT_EQ(FromSpmc({ FFA_EL3_INTR_HANDLE_32 }), EL3_NEXT_SPMC);
	ExpectSuccess(Swd(), 0);
	EXPECT_TRUE(g_plat.eoi.empty());
	EXPECT_EQ(sys_->counters.el3_intr_handle, 0U);
}

TEST_F(El3InterruptTest, el3_intr_handle_of_an_unknown_g0_panics)
{
	BootToNwd();
	g_plat.iar0 = 33;
	EXPECT_EQ(FromSpmc({ FFA_EL3_INTR_HANDLE_32 }), EL3_NEXT_PANIC);
}

TEST_F(El3TestApiTest, get_reads_every_item)
{
	BootToNwd();
	Negotiate(FFA_VERSION_1_2, FFA_VERSION_1_1);
	struct {
		uint64_t item;
		uint64_t core;
		uint64_t want;
	} cases[] = {
		{ EL3FW_ITEM_API_VERSION, 0, EL3FW_TEST_API_VERSION },
		{ EL3FW_ITEM_FFA_INTERRUPT_COUNT, 0, 0 },
		{ EL3FW_ITEM_NWD_RESUME_COUNT, 0, 0 },
		{ EL3FW_ITEM_EL3_INTR_HANDLE_COUNT, 0, 0 },
		{ EL3FW_ITEM_LAST_G0_INTID, 0, EL3FW_TEST_NONE },
		{ EL3FW_ITEM_G0_FROM_NWD_COUNT, 0, 0 },
		{ EL3FW_ITEM_SECONDARY_EP, 0, 0 },
		{ EL3FW_ITEM_SECONDARY_EP_CALLS, 0, 0 },
		{ EL3FW_ITEM_SECONDARY_EP_RESULT, 0, EL3FW_TEST_NONE },
		{ EL3FW_ITEM_SPMC_NWD_FFA_VERSION, 0, FFA_VERSION_1_1 },
		{ EL3FW_ITEM_NWD_FFA_VERSION, 0, FFA_VERSION_1_2 },
		{ EL3FW_ITEM_NWD_FFA_VERSION_LOCKED, 0, 0 },
		{ EL3FW_ITEM_SPM_ENABLED, 0, 1 },
		{ EL3FW_ITEM_SPMD_STATE, 0, EL3FW_SPMD_STATE_ON },
		{ EL3FW_ITEM_SPMD_STATE, 1, EL3FW_SPMD_STATE_RESET },
		{ EL3FW_ITEM_SPMC_INIT_RESULT, 0, 0 },
		{ EL3FW_ITEM_SPMC_INIT_RESULT, 1, EL3FW_TEST_NONE },
		{ EL3FW_ITEM_SPMC_ID, 0, kSpmcId },
		{ EL3FW_ITEM_FORWARD_COUNT, 0, 0 },
		{ EL3FW_ITEM_GPT_PAS, EL3FW_GPT_BASE, EL3FW_GPI_NS },
	};

	for (const auto &c : cases) {
		Nwd()[3] = 0x33;
		ASSERT_EQ(FromNwd({ EL3FW_TEST_GET, c.item, c.core }),
			  EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], 0U) << c.item;
		EXPECT_EQ(Nwd()[1], c.want) << c.item;
		EXPECT_EQ(Nwd()[3], 0x33U);
	}
	EXPECT_FALSE(Spmd()->nwd_version_locked) << "SiP calls do not lock";
}

TEST_F(El3TestApiTest, get_refuses_unknown_items_and_cores)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ EL3FW_TEST_GET, EL3FW_ITEM_COUNT, 0 }),
		  EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_INVALID));
	ASSERT_EQ(
	    FromNwd({ EL3FW_TEST_GET, EL3FW_ITEM_SPMD_STATE, EL3_MAX_CPUS }),
	    EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_INVALID));
	ASSERT_EQ(FromSpmc({ EL3FW_TEST_GET, EL3FW_ITEM_SPMC_ID }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[1], kSpmcId) << "the SPMC may use it too";
}

TEST_F(El3TestApiTest, pend_g1s_sgi)
{
	BootToNwd();
	for (uint64_t bad : { 0ULL, 7ULL, 16ULL, 0x100000008ULL }) {
		ASSERT_EQ(FromNwd({ EL3FW_TEST_PEND_G1S_SGI, bad }),
			  EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_INVALID)) << bad;
	}
	EXPECT_TRUE(g_plat.pended.empty());
	ASSERT_EQ(FromNwd({ EL3FW_TEST_PEND_G1S_SGI, 8 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
	ASSERT_EQ(g_plat.pended.size(), 1U);
	EXPECT_EQ(g_plat.pended[0], std::make_pair(0U, 8U));
}

TEST_F(El3TestApiTest, pend_g1s_sgi_needs_a_running_spmc)
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_ERROR_32, 0, W(FFA_NOT_SUPPORTED) }),
		  EL3_NEXT_NWD);
	ASSERT_EQ(FromNwd({ EL3FW_TEST_PEND_G1S_SGI, 9 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_DENIED));
	EXPECT_TRUE(g_plat.pended.empty());
}

/* The armed G0 SGI is pended right before the next SPMC entry, once. */
TEST_F(El3TestApiTest, armed_g0_sgi_pends_before_next_spmc_entry)
{
	BootToNwd();
	ASSERT_EQ(FromNwd({ EL3FW_TEST_ARM_G0_SGI, 8 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_INVALID));
	ASSERT_EQ(FromNwd({ EL3FW_TEST_ARM_G0_SGI, 5 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
	ASSERT_EQ(g_plat.made_g0.size(), 1U);
	EXPECT_EQ(g_plat.made_g0[0], std::make_pair(0U, 5U));
	EXPECT_EQ(el3_before_entry(Cpu(), EL3_NEXT_NWD), EL3_NEXT_NWD);
	EXPECT_TRUE(g_plat.pended.empty()) << "not on NWd entry";

	el3_next next = FromNwd({ FFA_MSG_SEND_DIRECT_REQ_32, 0x8001 });
	ASSERT_EQ(next, EL3_NEXT_SPMC);
	EXPECT_EQ(el3_before_entry(Cpu(), next), EL3_NEXT_SPMC);
	ASSERT_EQ(g_plat.pended.size(), 1U);
	EXPECT_EQ(g_plat.pended[0], std::make_pair(0U, 5U));
	EXPECT_EQ(el3_before_entry(Cpu(), EL3_NEXT_SPMC), EL3_NEXT_SPMC);
	EXPECT_EQ(g_plat.pended.size(), 1U) << "only once";
}

TEST_F(El3TestApiTest, reset_counters_and_exit)
{
	BootToNwd();
	sys_->counters.ffa_interrupt = 4;
	sys_->counters.forward = 9;
	Spmd()->secondary_ep_calls = 2;
	ASSERT_EQ(FromNwd({ EL3FW_TEST_RESET_COUNTERS }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0U);
	EXPECT_EQ(sys_->counters.ffa_interrupt, 0U);
	EXPECT_EQ(sys_->counters.forward, 0U);
	EXPECT_EQ(Spmd()->secondary_ep_calls, 0U);
	EXPECT_EQ(FromNwd({ EL3FW_TEST_EXIT, 3 }), EL3_NEXT_EXIT);
	EXPECT_EQ(Cpu()->exit_code, 3U);
}

TEST_F(El3ContextTest, world_register_values_follow_features)
{
	el3_world_regs wr;
	el3_features none{ true, false, false, false };

	el3_world_regs_init(&wr, &features_);
	EXPECT_EQ(wr.scr[EL3_NWD] & (SCR_API | SCR_APK),
		  static_cast<uint64_t>(SCR_API | SCR_APK));
	EXPECT_EQ(wr.cptr[EL3_NWD],
		  static_cast<uint64_t>(CPTR_EL3_EZ | CPTR_EL3_ESM));
	EXPECT_EQ(wr.cptr[EL3_SWD], 0U) << "SVE/SME trapped for the SWd";
	EXPECT_EQ(wr.scr[EL3_SWD] & SCR_EEL2, static_cast<uint64_t>(SCR_EEL2));
	el3_world_regs_init(&wr, &none);
	EXPECT_EQ(wr.scr[EL3_NWD] & (SCR_API | SCR_APK), 0U);
	EXPECT_EQ(wr.cptr[EL3_NWD], 0U);
	EXPECT_EQ(wr.scr[EL3_NWD] & (SCR_RES1 | SCR_RW | SCR_HCE | SCR_NS |
				     SCR_FIQ | SCR_IRQ | SCR_EEL2),
		  static_cast<uint64_t>(SCR_RES1 | SCR_RW | SCR_HCE | SCR_NS |
					SCR_FIQ));
	EXPECT_EQ(
	    wr.scr[EL3_SWD] & (SCR_RES1 | SCR_RW | SCR_HCE | SCR_NS | SCR_FIQ |
			       SCR_IRQ | SCR_EEL2),
	    static_cast<uint64_t>(SCR_RES1 | SCR_RW | SCR_HCE | SCR_EEL2));
}

TEST_F(El3ContextTest, fresh_contexts_keep_bookkeeping)
{
	el3_world_ctx ctx;
	el3_id_regs id = { kMidr, kMpidr, kMdcr };

	std::memset(&ctx, 0xA5, sizeof(ctx));
	ctx.runtime_sp = 0x1234;
	ctx.cpu = Cpu(2);
	el3_ctx_init_nwd(&ctx, &sys_->wr, &id, 0x60000000, 7);
	EXPECT_EQ(ctx.runtime_sp, 0x1234U);
	EXPECT_EQ(ctx.cpu, Cpu(2));
	EXPECT_EQ(ctx.x[0], 7U);
	EXPECT_EQ(ctx.x[30], 0U);
	EXPECT_EQ(ctx.el2.cptr, static_cast<uint64_t>(CPTR_EL2_RES1));
	EXPECT_EQ(ctx.el2.cnthctl, 3U);
	EXPECT_EQ(ctx.el2.vttbr, 0U);
	EXPECT_EQ(ctx.sp_el0, 0U);
	el3_ctx_init_spmc(&ctx, &sys_->wr, kBl32, kManifestPa, 5);
	EXPECT_EQ(ctx.runtime_sp, 0x1234U);
	EXPECT_EQ(ctx.x[4], 5U);
	EXPECT_EQ(ctx.el2.cptr, 0U);
	EXPECT_EQ(ctx.el2.vpidr, 0U);
}

TEST_F(El3ContextTest, system_init_state)
{
	for (uint32_t i = 0; i < EL3_MAX_CPUS; i++) {
		EXPECT_EQ(Cpu(i)->id, i);
		EXPECT_EQ(Cpu(i)->psci_state,
			  i == 0 ? PSCI_AFF_ON : PSCI_AFF_OFF);
		EXPECT_EQ(Cpu(i)->spmd_state, EL3FW_SPMD_STATE_RESET);
		EXPECT_EQ(Cpu(i)->ctx[EL3_NWD].cpu, Cpu(i));
		EXPECT_EQ(Cpu(i)->ctx[EL3_SWD].cpu, Cpu(i));
		EXPECT_EQ(Cpu(i)->armed_g0_sgi, EL3_NO_SGI);
	}
	EXPECT_FALSE(Spmd()->spm_enabled);
	EXPECT_EQ(sys_->bl33_entry, kBl33);
}

} // namespace
} // namespace test
