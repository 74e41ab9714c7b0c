/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "spmc/granule.h"

#include "vmapi/spmc/ffa.h"

#include "granule_events.h"
#include "granule_fixture.h"

namespace granule_test
{
namespace
{

struct Expect {
	enum granule_result result;
	Config to;
};

/** The specification, written independently of src/granule/state.c. */
Expect expected(Config c, Ev ev)
{
	const Expect denied = { GRANULE_DENIED, c };
	const Config ns = { GRANULE_NS, 0 };

	switch (c.state) {
	case GRANULE_NS:
		if (ev == Ev::kBeginShare) {
			return { GRANULE_OK, { GRANULE_SHARING, 0 } };
		}
		if (ev == Ev::kBeginLend) {
			return { GRANULE_OK, { GRANULE_LENDING, 0 } };
		}
		if (ev == Ev::kBeginDonate) {
			return { GRANULE_OK, { GRANULE_DONATING, 0 } };
		}
		return denied;
	case GRANULE_SHARED:
		if (ev == Ev::kBeginShare) {
			return c.count == GRANULE_SHARE_MAX
				   ? Expect{ GRANULE_NO_MEMORY, c }
				   : Expect{ GRANULE_OK,
					     { GRANULE_SHARING, c.count } };
		}
		if (ev == Ev::kUnshare) {
			return { GRANULE_OK,
				 c.count == 1
				     ? ns
				     : Config{ GRANULE_SHARED, c.count - 1 } };
		}
		return denied;
	case GRANULE_SHARING:
		if (ev == Ev::kCommit) {
			return { GRANULE_OK, { GRANULE_SHARED, c.count + 1 } };
		}
		if (ev == Ev::kAbort) {
			return { GRANULE_OK,
				 c.count == 0
				     ? ns
				     : Config{ GRANULE_SHARED, c.count } };
		}
		return denied;
	case GRANULE_LENDING:
	case GRANULE_DONATING: {
		bool lend = c.state == GRANULE_LENDING;
		if (ev == Ev::kProtect) {
			return { GRANULE_OK,
				 { lend ? GRANULE_LENDING_SEC
					: GRANULE_DONATING_SEC,
				   0 } };
		}
		if (ev == Ev::kCommit) {
			return { GRANULE_OK,
				 { lend ? GRANULE_LENT_NS : GRANULE_DONATED_NS,
				   0 } };
		}
		return ev == Ev::kAbort ? Expect{ GRANULE_OK, ns } : denied;
	}
	case GRANULE_LENDING_SEC:
	case GRANULE_DONATING_SEC:
		if (ev == Ev::kCommit) {
			return { GRANULE_OK,
				 { c.state == GRANULE_LENDING_SEC
				       ? GRANULE_LENT
				       : GRANULE_DONATED,
				   0 } };
		}
		return ev == Ev::kAbort ? Expect{ GRANULE_OK, ns } : denied;
	case GRANULE_LENT:
	case GRANULE_LENT_NS:
		return ev == Ev::kReclaim ? Expect{ GRANULE_OK, ns } : denied;
	default:
		return ev == Ev::kReturn ? Expect{ GRANULE_OK, ns } : denied;
	}
}

/** Range shapes: multi-granule ranges, or one-granule ones (a fast path). */
enum class Shape {
	kSpan,
	kOne,
};

using MachineParam = std::tuple<size_t, Ev, Shape>;

class GranuleMachineTest : public GranuleTest,
			   public ::testing::WithParamInterface<MachineParam>
{
};

/* Every state × every event: exact result, state, PAS; no change on error. */
TEST_P(GranuleMachineTest, transition)
{
	Config c = kConfigs[std::get<0>(GetParam())];
	Ev ev = std::get<1>(GetParam());
	/* Two granules straddling R0's two leaves: one range, or two. */
	const uint64_t base = kR0 + (8 << 20) - GRANULE_SIZE;
	std::vector<R> r = { { base, 2 * GRANULE_SIZE } };
	if (std::get<2>(GetParam()) == Shape::kOne) {
		r = { { base, GRANULE_SIZE },
		      { base + GRANULE_SIZE, GRANULE_SIZE } };
	}
	Expect want = expected(c, ev);

	for (Ev step : path_to(c)) {
		ASSERT_EQ(run(&map, step, r).result, GRANULE_OK);
	}
	ASSERT_EQ(info(r[0].base).state, c.state);
	ASSERT_EQ(info(r[0].base).share_count, c.count);
	Dump before = dump();

	struct granule_ret ret = run(&map, ev, r);

	EXPECT_EQ(ret.result, want.result);
	for (uint64_t pa : { base, base + GRANULE_SIZE }) {
		EXPECT_EQ(info(pa).state, want.to.state);
		EXPECT_EQ(info(pa).share_count, want.to.count);
		EXPECT_EQ(el3.gpi(pa),
			  is_secure(want.to.state) ? Gpi::kSecure : Gpi::kNs);
	}
	if (want.result != GRANULE_OK) {
		EXPECT_EQ(ret.next, r[0].base);
		EXPECT_EQ(dump(), before);
	} else {
		EXPECT_EQ(ret.next, base + 2 * GRANULE_SIZE);
	}
	if (want.result == GRANULE_OK && want.to.state == GRANULE_NS) {
		EXPECT_EQ(mpool_count(&pool), pool_start);
	}
}

std::string machine_name(const ::testing::TestParamInfo<MachineParam> &info)
{
	Config c = kConfigs[std::get<0>(info.param)];

	return std::string(granule_state_name(c.state)) +
	       std::to_string(c.count) + "_" +
	       kEvNames[static_cast<int>(std::get<1>(info.param))] +
	       (std::get<2>(info.param) == Shape::kOne ? "_one" : "");
}

INSTANTIATE_TEST_SUITE_P(
    All, GranuleMachineTest,
    ::testing::Combine(::testing::Range<size_t>(0, std::size(kConfigs)),
		       ::testing::Values(Ev::kBeginShare, Ev::kBeginLend,
					 Ev::kBeginDonate, Ev::kProtect,
					 Ev::kCommit, Ev::kAbort, Ev::kUnshare,
					 Ev::kReclaim, Ev::kReturn),
		       ::testing::Values(Shape::kSpan, Shape::kOne)),
    machine_name);

/** `n` two-granule ranges in distinct 8 MiB leaves of R2. */
std::vector<R> spread(size_t n)
{
	std::vector<R> r;

	for (size_t i = 0; i < n; i++) {
		r.push_back({ GranuleTest::kR2 + i * (8 << 20) + GRANULE_SIZE,
			      2 * GRANULE_SIZE });
	}
	return r;
}

class GranuleRollbackTest
    : public GranuleTest,
      public ::testing::WithParamInterface<std::tuple<size_t, bool>>
{
};

/* EL3 refuses range k of 5 (part-way for DENIED): all undone, call fails. */
TEST_P(GranuleRollbackTest, protect_fails_at_range_k)
{
	size_t k = std::get<0>(GetParam());
	bool denied = std::get<1>(GetParam());
	std::vector<R> r = spread(5);

	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	if (denied) {
		/* The host delegated the second granule of range k. */
		ASSERT_TRUE(el3.realm_delegate(r[k].base + GRANULE_SIZE));
	} else {
		el3.fail_protect_call = k;
		el3.fail_status = GRANULE_EL3_INVALID;
	}
	Dump before = dump();

	struct granule_ret ret = run(&map, Ev::kProtect, r);

	EXPECT_EQ(ret.result, denied ? GRANULE_DENIED : GRANULE_INVALID);
	EXPECT_EQ(granule_result_ffa_error(ret.result),
		  denied ? FFA_DENIED : FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ret.next, r[k].base + (denied ? GRANULE_SIZE : 0));
	EXPECT_EQ(el3.protect_calls.size(), k + 1);
	EXPECT_EQ(el3.unprotect_calls.size(), k + (denied ? 1 : 0));
	EXPECT_EQ(dump(), before);

	/* The caller aborts: everything NS, usable, no storage kept. */
	ASSERT_EQ(run(&map, Ev::kAbort, r).result, GRANULE_OK);
	EXPECT_EQ(mpool_count(&pool), pool_start);
	el3.set_gpi(r[k].base + GRANULE_SIZE, Gpi::kNs);
	el3.fail_protect_call = SIZE_MAX;
	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kProtect, r).result, GRANULE_OK);
	EXPECT_EQ(el3.gpi(r[k].base + GRANULE_SIZE), Gpi::kSecure);
}

INSTANTIATE_TEST_SUITE_P(All, GranuleRollbackTest,
			 ::testing::Combine(::testing::Range<size_t>(0, 5),
					    ::testing::Bool()));

TEST_F(GranuleTest, names_cover_every_value)
{
	for (int r = 0; r < GRANULE_RESULT_COUNT; r++) {
		EXPECT_STRNE(granule_result_name((enum granule_result)r), "?");
	}
	for (int s = 0; s < GRANULE_STATE_COUNT; s++) {
		EXPECT_STRNE(granule_state_name((enum granule_state)s), "?");
	}
	EXPECT_STREQ(granule_result_name(GRANULE_RESULT_COUNT), "?");
	EXPECT_STREQ(granule_state_name(GRANULE_STATE_COUNT), "?");
}

TEST_F(GranuleTest, ffa_error_mapping)
{
	EXPECT_EQ(granule_result_ffa_error(GRANULE_OK), 0);
	EXPECT_EQ(granule_result_ffa_error(GRANULE_INVALID),
		  FFA_INVALID_PARAMETERS);
	EXPECT_EQ(granule_result_ffa_error(GRANULE_DENIED), FFA_DENIED);
	EXPECT_EQ(granule_result_ffa_error(GRANULE_UNSUPPORTED), FFA_DENIED);
	EXPECT_EQ(granule_result_ffa_error(GRANULE_NO_MEMORY), FFA_NO_MEMORY);
	EXPECT_EQ(granule_result_ffa_error(GRANULE_FATAL), FFA_ABORTED);
}

TEST_F(GranuleTest, build_policy_default_continues)
{
	EXPECT_EQ(granule_build_policy(), GRANULE_POLICY_CONTINUE_NS);
}

/* EL3 without protection, Hafnium's policy: lend proceeds with NS memory. */
TEST_F(GranuleTest, unsupported_continue_keeps_ns)
{
	std::vector<R> r = spread(3);

	el3.not_supported = true;
	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	struct granule_ret ret = run(&map, Ev::kProtect, r);

	EXPECT_EQ(ret.result, GRANULE_OK);
	EXPECT_FALSE(ret.secure);
	EXPECT_EQ(info(r[0].base).state, GRANULE_LENDING);
	ASSERT_EQ(run(&map, Ev::kCommit, r).result, GRANULE_OK);
	EXPECT_EQ(info(r[2].base).state, GRANULE_LENT_NS);
	ASSERT_EQ(run(&map, Ev::kReclaim, r).result, GRANULE_OK);
	EXPECT_TRUE(el3.unprotect_calls.empty());
	EXPECT_EQ(mpool_count(&pool), pool_start);
}

/* EL3 without protection, "require" policy: the lend is refused. */
TEST_F(GranuleTest, unsupported_require_refuses)
{
	std::vector<R> r = spread(3);

	reinit(GRANULE_POLICY_REQUIRE);
	el3.not_supported = true;
	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	Dump before = dump();
	struct granule_ret ret = run(&map, Ev::kProtect, r);

	EXPECT_EQ(ret.result, GRANULE_UNSUPPORTED);
	EXPECT_EQ(granule_result_ffa_error(ret.result), FFA_DENIED);
	EXPECT_EQ(ret.next, r[0].base);
	EXPECT_EQ(dump(), before);
	ASSERT_EQ(run(&map, Ev::kAbort, r).result, GRANULE_OK);
}

/* NOT_SUPPORTED after range 0 was protected: range 0 is undone either way. */
TEST_F(GranuleTest, unsupported_part_way_undoes)
{
	for (auto policy :
	     { GRANULE_POLICY_CONTINUE_NS, GRANULE_POLICY_REQUIRE }) {
		std::vector<R> r = spread(3);

		reinit(policy);
		el3 = FakeEl3();
		el3.fail_protect_call = 1;
		el3.fail_status = GRANULE_EL3_NOT_SUPPORTED;
		ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
		struct granule_ret ret = run(&map, Ev::kProtect, r);

		EXPECT_EQ(ret.result, policy == GRANULE_POLICY_REQUIRE
					  ? GRANULE_UNSUPPORTED
					  : GRANULE_OK);
		EXPECT_FALSE(ret.secure);
		EXPECT_TRUE(el3.gpt_.empty());
		EXPECT_EQ(info(r[0].base).state, GRANULE_LENDING);
		ASSERT_EQ(run(&map, Ev::kAbort, r).result, GRANULE_OK);
	}
}

/* Ranges not inside one `ns-memory` range, or malformed, are INVALID. */
TEST_F(GranuleTest, bad_ranges_refused)
{
	const std::vector<std::vector<R>> bad = {
		{ { 0x40000000, GRANULE_SIZE } }, /* Below all. */
		{ { 0x09000000, GRANULE_SIZE } }, /* Device (UART). */
		{ { kR0 + (16 << 20) - GRANULE_SIZE, 2 * GRANULE_SIZE } },
		{ { kR1 - GRANULE_SIZE, 2 * GRANULE_SIZE } },
		{ { kR0 + 1, GRANULE_SIZE } },
		{ { kR0, GRANULE_SIZE + 1 } },
		{ { kR0, 0 } },
		{ { UINT64_MAX - GRANULE_SIZE + 1, GRANULE_SIZE } },
		{ { kR0, GRANULE_SIZE }, { kR2 + (1 << 30), GRANULE_SIZE } },
	};
	Dump before = dump();

	for (const auto &r : bad) {
		for (int e = 0; e < static_cast<int>(Ev::kCount); e++) {
			struct granule_ret ret = run(&map, Ev(e), r);

			EXPECT_EQ(ret.result, GRANULE_INVALID);
			EXPECT_EQ(ret.next, r.back().base);
		}
	}
	EXPECT_EQ(dump(), before);
	EXPECT_EQ(run(&map, Ev::kBeginLend, {}).result, GRANULE_INVALID);
}

/* Overlapping ranges in one request, sorted or not, are INVALID. */
TEST_F(GranuleTest, overlapping_ranges_refused)
{
	const uint64_t a = kR0 + 16 * GRANULE_SIZE;
	const std::vector<std::vector<R>> bad = {
		{ { a, 4 * GRANULE_SIZE }, { a, GRANULE_SIZE } },
		{ { a, 4 * GRANULE_SIZE },
		  { a + 3 * GRANULE_SIZE, GRANULE_SIZE } },
		{ { a + 8 * GRANULE_SIZE, GRANULE_SIZE },
		  { a, 4 * GRANULE_SIZE },
		  { a + 2 * GRANULE_SIZE, 8 * GRANULE_SIZE } },
	};
	Dump before = dump();

	for (const auto &r : bad) {
		struct granule_ret ret = run(&map, Ev::kBeginShare, r);

		EXPECT_EQ(ret.result, GRANULE_INVALID);
		EXPECT_EQ(ret.next, r.back().base);
	}
	EXPECT_EQ(dump(), before);
	/* Adjacent and unsorted but disjoint is fine. */
	std::vector<R> ok = { { a + GRANULE_SIZE, GRANULE_SIZE },
			      { a, GRANULE_SIZE } };
	EXPECT_EQ(run(&map, Ev::kBeginShare, ok).result, GRANULE_OK);
	EXPECT_EQ(run(&map, Ev::kAbort, ok).result, GRANULE_OK);
}

/* A bad granule in the last range: nothing of the earlier ranges moved. */
TEST_F(GranuleTest, late_state_conflict_changes_nothing)
{
	std::vector<R> r = spread(4);
	std::vector<R> last = { r[3] };

	ASSERT_EQ(run(&map, Ev::kBeginShare, last).result, GRANULE_OK);
	Dump before = dump();
	struct granule_ret ret = run(&map, Ev::kBeginLend, r);

	EXPECT_EQ(ret.result, GRANULE_DENIED);
	EXPECT_EQ(ret.next, r[3].base);
	EXPECT_EQ(dump(), before);
	ASSERT_EQ(run(&map, Ev::kAbort, last).result, GRANULE_OK);
}

/* Storage comes from the pool per 8 MiB touched and all goes back. */
TEST_F(GranuleTest, storage_grows_and_is_returned)
{
	std::vector<R> r = spread(4);

	ASSERT_EQ(run(&map, Ev::kBeginDonate, r).result, GRANULE_OK);
	EXPECT_EQ(mpool_count(&pool), pool_start - 4);
	ASSERT_EQ(run(&map, Ev::kProtect, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kCommit, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kReturn, r).result, GRANULE_OK);
	EXPECT_EQ(mpool_count(&pool), pool_start);
	EXPECT_TRUE(el3.gpt_.empty());
}

/* Pool exhausted at every leaf: NO_MEMORY and nothing kept. */
TEST_F(GranuleTest, reserve_failure_changes_nothing)
{
	std::vector<R> r = spread(4);
	std::vector<void *> held;

	for (size_t keep = 0; keep < r.size(); keep++) {
		while (mpool_count(&pool) > keep) {
			held.push_back(mpool_alloc(&pool));
		}
		Dump before = dump();
		struct granule_ret ret = run(&map, Ev::kBeginLend, r);

		EXPECT_EQ(ret.result, GRANULE_NO_MEMORY);
		EXPECT_EQ(granule_result_ffa_error(ret.result), FFA_NO_MEMORY);
		EXPECT_EQ(dump(), before);
		for (void *p : held) {
			mpool_free(&pool, p);
		}
		held.clear();
	}
	EXPECT_EQ(mpool_count(&pool), pool_start);
}

/* Reclaim unprotects exactly the protected granules, after unmap + zero. */
TEST_F(GranuleTest, reclaim_unprotects_only_protected)
{
	std::vector<R> lent = { { kR0, 4 * GRANULE_SIZE } };
	std::vector<R> ns = { { kR0 + 4 * GRANULE_SIZE, 2 * GRANULE_SIZE } };

	ASSERT_EQ(run(&map, Ev::kBeginLend, lent).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kProtect, lent).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kCommit, lent).result, GRANULE_OK);
	el3.not_supported = true;
	ASSERT_EQ(run(&map, Ev::kBeginLend, ns).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kProtect, ns).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kCommit, ns).result, GRANULE_OK);

	std::vector<R> both = { { kR0, 6 * GRANULE_SIZE } };
	ASSERT_EQ(run(&map, Ev::kReclaim, both).result, GRANULE_OK);
	ASSERT_EQ(el3.unprotect_calls.size(), 1U);
	EXPECT_EQ(el3.unprotect_calls[0],
		  std::make_pair(kR0, 4 * GRANULE_SIZE));
	EXPECT_TRUE(el3.gpt_.empty());
	/* Reclaiming again: nothing is lent any more. */
	EXPECT_EQ(run(&map, Ev::kReclaim, both).result, GRANULE_DENIED);
	EXPECT_EQ(el3.unprotect_calls.size(), 1U);
}

/* EL3 refusing an unprotect is fatal; the granules before `next` are NS. */
TEST_F(GranuleTest, unprotect_refused_is_fatal)
{
	std::vector<R> r = spread(2);

	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kProtect, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kCommit, r).result, GRANULE_OK);
	el3.fail_unprotect = true;
	struct granule_ret ret = run(&map, Ev::kReclaim, r);

	EXPECT_EQ(ret.result, GRANULE_FATAL);
	EXPECT_EQ(ret.next, r[0].base);
	EXPECT_EQ(info(r[0].base).state, GRANULE_LENT);
	el3.fail_unprotect = false;
	ASSERT_EQ(run(&map, Ev::kReclaim, r).result, GRANULE_OK);
}

/* §4.6: lend then delegate is refused by EL3; the query says no too. */
TEST_F(GranuleTest, lend_then_delegate_refused)
{
	std::vector<R> r = { { kR1, 2 * GRANULE_SIZE } };

	ASSERT_EQ(run(&map, Ev::kBeginLend, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kProtect, r).result, GRANULE_OK);
	ASSERT_EQ(run(&map, Ev::kCommit, r).result, GRANULE_OK);
	EXPECT_FALSE(el3.realm_delegate(kR1 + GRANULE_SIZE));

	auto l = lock();
	struct granule_ret q = granule_delegable(l, kR0, kR1 + (64 << 10));
	EXPECT_EQ(q.result, GRANULE_DENIED);
	EXPECT_EQ(q.next, kR1);
	granule_map_unlock(&l);

	ASSERT_EQ(run(&map, Ev::kReclaim, r).result, GRANULE_OK);
	l = lock();
	q = granule_delegable(l, 0, FakeEl3::kPps);
	EXPECT_EQ(q.result, GRANULE_OK);
	EXPECT_EQ(q.next, FakeEl3::kPps);
	EXPECT_EQ(granule_delegable(l, 1, 2 * GRANULE_SIZE).result,
		  GRANULE_INVALID);
	granule_map_unlock(&l);
	EXPECT_TRUE(el3.realm_delegate(kR1 + GRANULE_SIZE));
}

TEST_F(GranuleTest, untracked_address_reports_untracked)
{
	EXPECT_FALSE(info(0x09000000).tracked);
	EXPECT_TRUE(info(kR1).tracked);
	EXPECT_EQ(info(kR1).state, GRANULE_NS);
}

/* Bad `ns-memory` lists and a short pool fail init and keep nothing. */
TEST(GranuleInitTest, bad_configuration)
{
	alignas(4096) static uint8_t arena[2 * 4096];
	struct mpool pool;
	struct granule_map map;
	FakeEl3 el3;
	struct granule_el3_ops ops = el3.ops();
	const std::vector<std::vector<R>> bad = {
		{ { 0x1000, 0 } },
		{ { 0x1001, 0x1000 } },
		{ { 0x1000, 0x1001 } },
		{ { 0x10000, 0x1000 }, { 0x8000, 0x1000 } },
		{ { 0x10000, 0x2000 }, { 0x11000, 0x1000 } },
		{ { UINT64_MAX - 0xfff, 0x2000 } },
	};

	mpool_init(&pool, 4096);
	ASSERT_TRUE(mpool_add_chunk(&pool, arena, sizeof(arena)));
	for (const auto &ns : bad) {
		EXPECT_EQ(granule_map_init(&map, ns.data(), ns.size(), &pool,
					   &ops, GRANULE_POLICY_REQUIRE),
			  GRANULE_INVALID);
		EXPECT_EQ(mpool_count(&pool), 2U);
	}
	std::vector<R> many(GRANULE_MAX_NS_RANGES + 1);
	for (size_t i = 0; i < many.size(); i++) {
		many[i] = { 0x100000 * (i + 1), 0x1000 };
	}
	EXPECT_EQ(granule_map_init(&map, many.data(), many.size(), &pool, &ops,
				   GRANULE_POLICY_REQUIRE),
		  GRANULE_INVALID);
	/* Three ranges need three directory pages; the pool has two. */
	std::vector<R> three = { { 0x100000, 0x1000 },
				 { 0x200000, 0x1000 },
				 { 0x300000, 0x1000 } };
	EXPECT_EQ(granule_map_init(&map, three.data(), 3, &pool, &ops,
				   GRANULE_POLICY_REQUIRE),
		  GRANULE_NO_MEMORY);
	EXPECT_EQ(mpool_count(&pool), 2U);
}

} /* namespace */
} /* namespace granule_test */
