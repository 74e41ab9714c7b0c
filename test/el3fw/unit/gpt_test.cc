/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

extern "C" {
#include "el3fw/gpt.h"
}

/*
 * The software GPT (tfa-spmd-interface §4.2), PLAT_PROTECT_MEM_64 /
 * PLAT_UNPROTECT_MEM_64 (§4.3), the Realm-side range delegate stand-in
 * (§4.5) and the Secure / Realm conflicts they arbitrate (§4.6).
 */

namespace test
{
namespace
{

constexpr uint64_t U64(int v)
{
	return static_cast<uint64_t>(v);
}

constexpr uint64_t kG = EL3_GPT_GRANULE;
constexpr uint64_t kBase = EL3_GPT_BASE;
constexpr uint64_t kEnd = EL3_GPT_BASE + EL3_GPT_SIZE;
/* A granule well inside the window. */
constexpr uint64_t kPa = 0x48000000;

constexpr el3_gpi kGpis[] = { EL3_GPI_NS, EL3_GPI_SECURE, EL3_GPI_REALM,
			      EL3_GPI_ROOT };
constexpr el3_gpt_caller kCallers[] = { EL3_GPT_CALLER_SECURE,
					EL3_GPT_CALLER_NS,
					EL3_GPT_CALLER_REALM };

class GptTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		gpt_ = std::make_unique<el3_gpt>();
		el3_gpt_init(gpt_.get());
	}

	el3_gpi Pas(uint64_t pa)
	{
		el3_gpi gpi = static_cast<el3_gpi>(0);

		EXPECT_TRUE(el3_gpt_get(gpt_.get(), pa, &gpi))
		    << std::hex << pa;
		return gpi;
	}

	void Set(uint64_t pa, el3_gpi gpi)
	{
		ASSERT_TRUE(el3_gpt_set(gpt_.get(), pa, gpi));
	}

	/** A copy of the table, to show that a call changed nothing. */
	std::vector<uint8_t> Snapshot()
	{
		return std::vector<uint8_t>(gpt_->pas,
					    gpt_->pas + sizeof(gpt_->pas));
	}

	std::unique_ptr<el3_gpt> gpt_;
};

/* TF-A's default policy: exactly these four (caller, from, to). */
bool Expected(el3_gpt_caller c, el3_gpi from, el3_gpi to)
{
	return (c == EL3_GPT_CALLER_SECURE && from == EL3_GPI_NS &&
		to == EL3_GPI_SECURE) ||
	       (c == EL3_GPT_CALLER_SECURE && from == EL3_GPI_SECURE &&
		to == EL3_GPI_NS) ||
	       (c == EL3_GPT_CALLER_REALM && from == EL3_GPI_NS &&
		to == EL3_GPI_REALM) ||
	       (c == EL3_GPT_CALLER_REALM && from == EL3_GPI_REALM &&
		to == EL3_GPI_NS);
}

TEST_F(GptTest, starts_all_ns_and_covers_only_the_window)
{
	el3_gpi gpi = EL3_GPI_ROOT;

	EXPECT_EQ(Pas(kBase), EL3_GPI_NS);
	EXPECT_EQ(Pas(kPa + 0x123), EL3_GPI_NS);
	EXPECT_EQ(Pas(kEnd - 1), EL3_GPI_NS);
	EXPECT_FALSE(el3_gpt_get(gpt_.get(), kBase - 1, &gpi));
	EXPECT_FALSE(el3_gpt_get(gpt_.get(), kEnd, &gpi));
	EXPECT_FALSE(el3_gpt_get(gpt_.get(), 0x0e100000, &gpi));
	EXPECT_EQ(gpi, EL3_GPI_ROOT) << "untouched on failure";
	EXPECT_EQ(sizeof(el3_gpt), EL3_GPT_GRANULES / 4);
}

TEST_F(GptTest, set_packs_two_bits_per_granule_without_touching_neighbours)
{
	for (int i = 0; i < 8; i++) {
		Set(kPa + i * kG, kGpis[i % 4]);
	}
	for (int i = 0; i < 8; i++) {
		EXPECT_EQ(Pas(kPa + i * kG), kGpis[i % 4]) << i;
	}
	EXPECT_EQ(Pas(kPa - kG), EL3_GPI_NS);
	EXPECT_EQ(Pas(kPa + 8 * kG), EL3_GPI_NS);
	Set(kEnd - kG, EL3_GPI_ROOT);
	EXPECT_EQ(Pas(kEnd - kG), EL3_GPI_ROOT);
}

TEST_F(GptTest, set_refuses_unaligned_outside_and_unknown_gpi)
{
	auto before = Snapshot();

	EXPECT_FALSE(el3_gpt_set(gpt_.get(), kPa + 8, EL3_GPI_SECURE));
	EXPECT_FALSE(el3_gpt_set(gpt_.get(), kEnd, EL3_GPI_SECURE));
	EXPECT_FALSE(el3_gpt_set(gpt_.get(), kBase - kG, EL3_GPI_SECURE));
	EXPECT_FALSE(
	    el3_gpt_set(gpt_.get(), kPa, static_cast<el3_gpi>(0xF) /* ANY */));
	EXPECT_FALSE(el3_gpt_set(gpt_.get(), kPa,
				 static_cast<el3_gpi>(0x0) /* NO_ACCESS */));
	EXPECT_EQ(Snapshot(), before);
}

/* §4.2 policy table, every caller x current PAS x target PAS. */
TEST_F(GptTest, policy_is_tfa_default_table)
{
	int allowed = 0;

	for (auto c : kCallers) {
		for (auto from : kGpis) {
			for (auto to : kGpis) {
				EXPECT_EQ(el3_gpt_allowed(c, from, to),
					  Expected(c, from, to))
				    << c << " " << from << "->" << to;
				allowed += el3_gpt_allowed(c, from, to);
			}
		}
	}
	EXPECT_EQ(allowed, 4);
}

/*
 * Every transition through the table: allowed ones change exactly that
 * granule, refused ones (DENIED) change nothing.
 */
TEST_F(GptTest, every_transition_follows_the_policy)
{
	for (auto c : kCallers) {
		for (auto from : kGpis) {
			for (auto to : kGpis) {
				Set(kPa, from);
				auto before = Snapshot();
				auto ret =
				    el3_gpt_transition(gpt_.get(), kPa, to, c);
				if (Expected(c, from, to)) {
					EXPECT_EQ(ret, EL3_GPT_OK);
					EXPECT_EQ(Pas(kPa), to);
					Set(kPa, from);
				} else {
					EXPECT_EQ(ret, EL3_GPT_DENIED)
					    << c << " " << from << "->" << to;
				}
				EXPECT_EQ(Snapshot(), before);
				EXPECT_EQ(Pas(kPa - kG), EL3_GPI_NS);
				EXPECT_EQ(Pas(kPa + kG), EL3_GPI_NS);
			}
		}
	}
}

TEST_F(GptTest, transition_of_a_bad_address_is_invalid)
{
	auto before = Snapshot();

	for (uint64_t pa : { kPa + 1, kPa + kG / 2, kEnd, kBase - kG,
			     uint64_t{ 0 }, UINT64_MAX & ~(kG - 1) }) {
		EXPECT_EQ(el3_gpt_transition(gpt_.get(), pa, EL3_GPI_SECURE,
					     EL3_GPT_CALLER_SECURE),
			  EL3_GPT_INVALID)
		    << std::hex << pa;
	}
	EXPECT_EQ(el3_gpt_transition(gpt_.get(), kPa,
				     static_cast<el3_gpi>(0xD) /* NSO */,
				     EL3_GPT_CALLER_SECURE),
		  EL3_GPT_INVALID);
	EXPECT_EQ(Snapshot(), before);
}

TEST_F(GptTest, protect_and_unprotect_a_range)
{
	uint64_t last = 77;

	EXPECT_EQ(el3_gpt_protect(gpt_.get(), true, kPa, 3 * kG, &last),
		  EL3_SIP_SMC_OK);
	EXPECT_EQ(last, kPa + 2 * kG);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(Pas(kPa + i * kG), EL3_GPI_SECURE);
	}
	EXPECT_EQ(Pas(kPa + 3 * kG), EL3_GPI_NS);
	EXPECT_EQ(el3_gpt_protect(gpt_.get(), false, kPa, 3 * kG, &last),
		  EL3_SIP_SMC_OK);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(Pas(kPa + i * kG), EL3_GPI_NS);
	}
}

TEST_F(GptTest, protect_of_size_zero_does_nothing)
{
	uint64_t last = 77;
	auto before = Snapshot();

	EXPECT_EQ(el3_gpt_protect(gpt_.get(), true, kPa, 0, &last),
		  EL3_SIP_SMC_OK);
	EXPECT_EQ(last, 0U);
	EXPECT_EQ(Snapshot(), before);
}

/* §4.3: DENIED with x1 = the last granule that did transition. */
TEST_F(GptTest, protect_stops_at_a_realm_granule)
{
	uint64_t last = 0;

	Set(kPa + 2 * kG, EL3_GPI_REALM);
	EXPECT_EQ(el3_gpt_protect(gpt_.get(), true, kPa, 4 * kG, &last),
		  EL3_SIP_SMC_DENIED);
	EXPECT_EQ(last, kPa + kG);
	EXPECT_EQ(Pas(kPa), EL3_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + kG), EL3_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + 2 * kG), EL3_GPI_REALM);
	EXPECT_EQ(Pas(kPa + 3 * kG), EL3_GPI_NS) << "nothing after the stop";
}

TEST_F(GptTest, protect_refused_at_the_first_granule_changes_nothing)
{
	for (auto gpi : { EL3_GPI_SECURE, EL3_GPI_REALM, EL3_GPI_ROOT }) {
		uint64_t last = 77;

		Set(kPa, gpi);
		auto before = Snapshot();
		EXPECT_EQ(el3_gpt_protect(gpt_.get(), true, kPa, 2 * kG, &last),
			  EL3_SIP_SMC_DENIED);
		EXPECT_EQ(last, 0U);
		EXPECT_EQ(Snapshot(), before);
	}
}

TEST_F(GptTest, unprotect_stops_at_a_granule_that_is_not_secure)
{
	uint64_t last = 0;

	ASSERT_EQ(el3_gpt_protect(gpt_.get(), true, kPa, 2 * kG, &last),
		  EL3_SIP_SMC_OK);
	Set(kPa + 3 * kG, EL3_GPI_SECURE);
	EXPECT_EQ(el3_gpt_protect(gpt_.get(), false, kPa, 4 * kG, &last),
		  EL3_SIP_SMC_DENIED);
	EXPECT_EQ(last, kPa + kG);
	EXPECT_EQ(Pas(kPa), EL3_GPI_NS);
	EXPECT_EQ(Pas(kPa + kG), EL3_GPI_NS);
	EXPECT_EQ(Pas(kPa + 3 * kG), EL3_GPI_SECURE);

	for (auto gpi : { EL3_GPI_REALM, EL3_GPI_ROOT }) {
		Set(kPa, gpi);
		auto before = Snapshot();
		EXPECT_EQ(el3_gpt_protect(gpt_.get(), false, kPa, kG, &last),
			  EL3_SIP_SMC_DENIED);
		EXPECT_EQ(last, 0U);
		EXPECT_EQ(Snapshot(), before);
	}
}

TEST_F(GptTest, protect_parameter_errors_are_invalid_and_change_nothing)
{
	auto before = Snapshot();
	struct {
		uint64_t base;
		uint64_t size;
	} cases[] = {
		{ kPa + 0x10, kG },              /* unaligned base */
		{ kPa, kG + 1 },                 /* unaligned size */
		{ kPa, 0x800 },                  /* unaligned size */
		{ kPa, UINT64_MAX & ~(kG - 1) }, /* overflow */
		{ kBase - kG, 2 * kG },          /* starts below */
		{ kEnd, kG },                    /* starts above */
		{ uint64_t{ 0 }, kG },           /* not NS DRAM */
		{ UINT64_MAX & ~(kG - 1), kG },  /* top of the PA space */
	};

	for (bool protect : { true, false }) {
		for (const auto &c : cases) {
			uint64_t last = 77;

			EXPECT_EQ(el3_gpt_protect(gpt_.get(), protect, c.base,
						  c.size, &last),
				  EL3_SIP_SMC_INVALID)
			    << std::hex << c.base << " " << c.size;
			EXPECT_EQ(last, 0U);
		}
	}
	EXPECT_EQ(Snapshot(), before);
}

/* A range that runs off the end of the window gets INVALID part-way. */
TEST_F(GptTest, protect_running_off_the_window_is_invalid_part_way)
{
	uint64_t last = 0;

	EXPECT_EQ(
	    el3_gpt_protect(gpt_.get(), true, kEnd - 2 * kG, 3 * kG, &last),
	    EL3_SIP_SMC_INVALID);
	EXPECT_EQ(last, kEnd - kG);
	EXPECT_EQ(Pas(kEnd - 2 * kG), EL3_GPI_SECURE);
	EXPECT_EQ(Pas(kEnd - kG), EL3_GPI_SECURE);
}

TEST_F(GptTest, delegate_and_undelegate_a_range)
{
	uint64_t next = 0;

	EXPECT_EQ(el3_gpt_delegate(gpt_.get(), true, kPa, kPa + 3 * kG, &next),
		  EL3_RMI_SUCCESS);
	EXPECT_EQ(next, kPa + 3 * kG);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(Pas(kPa + i * kG), EL3_GPI_REALM);
	}
	EXPECT_EQ(Pas(kPa + 3 * kG), EL3_GPI_NS);
	EXPECT_EQ(el3_gpt_delegate(gpt_.get(), false, kPa, kPa + 3 * kG, &next),
		  EL3_RMI_SUCCESS);
	EXPECT_EQ(next, kPa + 3 * kG);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(Pas(kPa + i * kG), EL3_GPI_NS);
	}
}

/* x1 = next address to continue from: the first granule not moved. */
TEST_F(GptTest, delegate_stops_at_a_secure_granule)
{
	uint64_t next = 0;

	Set(kPa + 2 * kG, EL3_GPI_SECURE);
	EXPECT_EQ(el3_gpt_delegate(gpt_.get(), true, kPa, kPa + 4 * kG, &next),
		  EL3_RMI_ERROR_INPUT);
	EXPECT_EQ(next, kPa + 2 * kG);
	EXPECT_EQ(Pas(kPa), EL3_GPI_REALM);
	EXPECT_EQ(Pas(kPa + kG), EL3_GPI_REALM);
	EXPECT_EQ(Pas(kPa + 2 * kG), EL3_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + 3 * kG), EL3_GPI_NS);
}

TEST_F(GptTest, delegate_refused_at_the_first_granule_changes_nothing)
{
	for (bool delegate : { true, false }) {
		for (auto gpi : kGpis) {
			uint64_t next = 0;

			if (gpi == (delegate ? EL3_GPI_NS : EL3_GPI_REALM)) {
				continue;
			}
			Set(kPa, gpi);
			auto before = Snapshot();
			EXPECT_EQ(el3_gpt_delegate(gpt_.get(), delegate, kPa,
						   kPa + 2 * kG, &next),
				  EL3_RMI_ERROR_INPUT)
			    << delegate << " " << gpi;
			EXPECT_EQ(next, kPa);
			EXPECT_EQ(Snapshot(), before);
		}
	}
}

TEST_F(GptTest, delegate_bad_ranges_are_error_input_and_change_nothing)
{
	auto before = Snapshot();
	struct {
		uint64_t base;
		uint64_t top;
		uint64_t next;
	} cases[] = {
		{ kPa + 8, kPa + kG, kPa + 8 },         /* unaligned base */
		{ kPa, kPa + kG + 8, kPa },             /* unaligned top */
		{ kPa, kPa, kPa },                      /* empty */
		{ kPa + kG, kPa, kPa + kG },            /* top below base */
		{ kEnd, kEnd + kG, kEnd },              /* outside */
		{ kBase - kG, kBase + kG, kBase - kG }, /* starts below */
	};

	for (bool delegate : { true, false }) {
		for (const auto &c : cases) {
			uint64_t next = 0;

			EXPECT_EQ(el3_gpt_delegate(gpt_.get(), delegate, c.base,
						   c.top, &next),
				  EL3_RMI_ERROR_INPUT)
			    << std::hex << c.base << " " << c.top;
			EXPECT_EQ(next, c.next);
		}
	}
	EXPECT_EQ(Snapshot(), before);
}

/* ---- Through the SMC interface of el3.c. ---- */

class El3GptTest : public El3Test
{
      protected:
	/** The PAS of `pa`, read by the NWd with the test API. */
	uint64_t Pas(uint64_t pa)
	{
		EXPECT_EQ(FromNwd({ EL3FW_TEST_GET, EL3FW_ITEM_GPT_PAS, pa }),
			  EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], 0U);
		return Nwd()[1];
	}

	el3_next Protect(uint64_t base, uint64_t size)
	{
		return FromSpmc({ EL3FW_PLAT_PROTECT_MEM_64, base, size });
	}
	el3_next Unprotect(uint64_t base, uint64_t size)
	{
		return FromSpmc({ EL3FW_PLAT_UNPROTECT_MEM_64, base, size });
	}
	el3_next Delegate(uint64_t base, uint64_t top)
	{
		return FromNwd({ EL3FW_RMI_GRANULE_RANGE_DELEGATE, base, top });
	}
	el3_next Undelegate(uint64_t base, uint64_t top)
	{
		return FromNwd(
		    { EL3FW_RMI_GRANULE_RANGE_UNDELEGATE, base, top });
	}
};

TEST_F(El3GptTest, pas_item_reads_the_gpi_and_refuses_outside)
{
	BootToNwd();
	EXPECT_EQ(Pas(kBase), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kEnd - 1), EL3FW_GPI_NS);
	for (uint64_t pa : { kEnd, kBase - 1, uint64_t{ 0x0e100000 } }) {
		Nwd()[1] = 0x11;
		ASSERT_EQ(FromNwd({ EL3FW_TEST_GET, EL3FW_ITEM_GPT_PAS, pa }),
			  EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], S(EL3FW_TEST_E_INVALID));
		EXPECT_EQ(Nwd()[1], 0x11U);
	}
	ASSERT_EQ(FromSpmc({ EL3FW_TEST_GET, EL3FW_ITEM_GPT_PAS, kPa }),
		  EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	EXPECT_EQ(Swd()[1], EL3FW_GPI_NS);
}

TEST_F(El3GptTest, spmc_protects_and_unprotects)
{
	BootToNwd();
	Mark(Swd(), 0x55);
	ASSERT_EQ(Protect(kPa, 2 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	EXPECT_EQ(Swd()[1], kPa) << "x1 kept on success";
	EXPECT_EQ(Swd()[3], 0x5503U);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + 2 * kG), EL3FW_GPI_NS);
	ASSERT_EQ(Unprotect(kPa, 2 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_NS);
}

/* Secure world only: the NWd gets SMC_UNKNOWN and nothing changes. */
TEST_F(El3GptTest, protect_from_the_normal_world_is_unknown)
{
	BootToNwd();
	ASSERT_EQ(Protect(kPa + kG, kG), EL3_NEXT_SPMC);
	for (uint64_t fid :
	     { EL3FW_PLAT_PROTECT_MEM_64, EL3FW_PLAT_UNPROTECT_MEM_64 }) {
		Mark(Nwd(), 0x66);
		ASSERT_EQ(FromNwd({ fid, kPa, 2 * kG }), EL3_NEXT_NWD);
		EXPECT_EQ(Nwd()[0], kSmcUnknown);
		EXPECT_EQ(Nwd()[1], kPa);
		EXPECT_EQ(Nwd()[2], 2 * kG);
		EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
		EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_SECURE);
	}
	/* The SMC32 encodings do not exist. */
	ASSERT_EQ(FromSpmc({ 0x82000101, kPa, kG }), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], kSmcUnknown);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
}

TEST_F(El3GptTest, protect_failures_report_how_far_in_x1)
{
	BootToNwd();
	ASSERT_EQ(Delegate(kPa + 2 * kG, kPa + 3 * kG), EL3_NEXT_NWD);
	ASSERT_EQ(Nwd()[0], 0U);

	ASSERT_EQ(Protect(kPa, 4 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	EXPECT_EQ(Swd()[1], kPa + kG);

	ASSERT_EQ(Protect(kPa + 2 * kG, kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	EXPECT_EQ(Swd()[1], 0U) << "none done";

	ASSERT_EQ(Protect(kPa + 1, kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_INVALID));
	EXPECT_EQ(Swd()[1], 0U);

	ASSERT_EQ(Protect(kEnd - kG, 2 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_INVALID));
	EXPECT_EQ(Swd()[1], kEnd - kG);

	ASSERT_EQ(Unprotect(kPa, 3 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	EXPECT_EQ(Swd()[1], kPa + kG);
}

TEST_F(El3GptTest, normal_world_delegates_and_undelegates)
{
	BootToNwd();
	ASSERT_EQ(Delegate(kPa, kPa + 2 * kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_SUCCESS));
	EXPECT_EQ(Nwd()[1], kPa + 2 * kG);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_REALM);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_REALM);

	ASSERT_EQ(Delegate(kPa, kPa + kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT)) << "already REALM";
	EXPECT_EQ(Nwd()[1], kPa);

	ASSERT_EQ(Undelegate(kPa, kPa + 3 * kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	EXPECT_EQ(Nwd()[1], kPa + 2 * kG) << "third granule was NS";
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_NS);

	ASSERT_EQ(Delegate(kPa + kG, kPa), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	EXPECT_EQ(Nwd()[1], kPa + kG);
}

TEST_F(El3GptTest, delegate_from_the_secure_world_is_unknown)
{
	BootToNwd();
	for (uint64_t fid : { EL3FW_RMI_GRANULE_RANGE_DELEGATE,
			      EL3FW_RMI_GRANULE_RANGE_UNDELEGATE }) {
		Mark(Swd(), 0x44);
		ASSERT_EQ(FromSpmc({ fid, kPa, kPa + kG }), EL3_NEXT_SPMC);
		EXPECT_EQ(Swd()[0], kSmcUnknown);
		EXPECT_EQ(Swd()[1], kPa);
		EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
	}
	/* SMC32 encodings do not exist. */
	ASSERT_EQ(FromNwd({ 0x840001F1, kPa, kPa + kG }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], kSmcUnknown);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
}

/* §4.6: lend/donate (protect) then delegate: refused, stays SECURE. */
TEST_F(El3GptTest, conflict_protect_then_delegate_is_refused)
{
	BootToNwd();
	ASSERT_EQ(Protect(kPa, 2 * kG), EL3_NEXT_SPMC);
	ASSERT_EQ(Swd()[0], 0U);
	ASSERT_EQ(Delegate(kPa - kG, kPa + 2 * kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	EXPECT_EQ(Nwd()[1], kPa);
	EXPECT_EQ(Pas(kPa - kG), EL3FW_GPI_REALM);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_SECURE);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_SECURE);
	ASSERT_EQ(Undelegate(kPa, kPa + kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_SECURE);
}

/*
 * §4.6: delegate, then a two-constituent lend: the first constituent is
 * protected, the second stops at the REALM granule; the SPMC undoes
 * [begin, x1 + 4K) and the first one again, and everything is NS.
 */
TEST_F(El3GptTest, conflict_delegate_then_protect_is_denied_and_undone)
{
	constexpr uint64_t kOther = 0x50000000;

	BootToNwd();
	ASSERT_EQ(Delegate(kPa + kG, kPa + 2 * kG), EL3_NEXT_NWD);
	ASSERT_EQ(Protect(kOther, 2 * kG), EL3_NEXT_SPMC);
	ASSERT_EQ(Swd()[0], 0U);
	ASSERT_EQ(Protect(kPa, 3 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	uint64_t last = Swd()[1];
	EXPECT_EQ(last, kPa);
	ASSERT_EQ(Unprotect(kPa, last + kG - kPa), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	ASSERT_EQ(Unprotect(kOther, 2 * kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	EXPECT_EQ(Pas(kOther), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kOther + kG), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_REALM);
	EXPECT_EQ(Pas(kPa + 2 * kG), EL3FW_GPI_NS);
}

/*
 * §4.6: shared memory stays NS, so EL3 lets the host delegate it; after
 * unprotect (reclaim) a lent granule can be delegated too.
 */
TEST_F(El3GptTest, conflict_shared_or_reclaimed_memory_can_be_delegated)
{
	BootToNwd();
	ASSERT_EQ(Delegate(kPa, kPa + kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_SUCCESS));
	ASSERT_EQ(Protect(kPa + kG, kG), EL3_NEXT_SPMC);
	ASSERT_EQ(Unprotect(kPa + kG, kG), EL3_NEXT_SPMC);
	ASSERT_EQ(Delegate(kPa + kG, kPa + 2 * kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_SUCCESS));
	EXPECT_EQ(Pas(kPa + kG), EL3FW_GPI_REALM);
}

/* §4.6: EL3 lets the Secure side unprotect any SECURE granule. */
TEST_F(El3GptTest, unprotect_of_a_granule_never_protected_is_allowed)
{
	BootToNwd();
	ASSERT_TRUE(el3_gpt_set(&sys_->gpt, kPa, EL3_GPI_SECURE));
	ASSERT_EQ(Unprotect(kPa, kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], 0U);
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_NS);
}

TEST_F(El3GptTest, root_granules_never_move)
{
	BootToNwd();
	ASSERT_TRUE(el3_gpt_set(&sys_->gpt, kPa, EL3_GPI_ROOT));
	ASSERT_EQ(Protect(kPa, kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	ASSERT_EQ(Unprotect(kPa, kG), EL3_NEXT_SPMC);
	EXPECT_EQ(Swd()[0], S(EL3FW_SIP_SMC_DENIED));
	ASSERT_EQ(Delegate(kPa, kPa + kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	ASSERT_EQ(Undelegate(kPa, kPa + kG), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], U64(EL3FW_RMI_ERROR_INPUT));
	EXPECT_EQ(Pas(kPa), EL3FW_GPI_ROOT);
}

} // namespace
} // namespace test
