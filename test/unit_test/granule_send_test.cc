/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "spmc/granule.h"

#include "vmapi/spmc/ffa.h"

#include "granule_events.h"
#include "granule_fixture.h"

/*
 * `granule_send` is begin → protect → commit in one pass. These tests run it
 * on one rig and the three-step sequence on a twin rig, from every starting
 * state and under every EL3 behaviour, and require the same answer, the
 * same granule states, GPT and pool, and the same EL3 calls.
 */

namespace granule_test
{
namespace
{

/** What EL3 does on the protect calls of the send. */
enum class El3Mode {
	kOk,
	kUnsupportedContinue,
	kUnsupportedRequire,
	kDeniedPartWay, /* The realm side holds the last granule of range 1. */
	kInvalidAtLast, /* EL3 rejects the protect of range 2. */
};

const char *const kModeNames[] = { "Ok", "UnsupportedContinue",
				   "UnsupportedRequire", "DeniedPartWay",
				   "InvalidAtLast" };

/** Three ranges over two leaves and two `ns-memory` ranges. */
std::vector<R> ranges(bool one)
{
	const uint64_t leaf_edge = GranuleRig::kR0 + (8 << 20);

	if (one) {
		return { { leaf_edge - GRANULE_SIZE, GRANULE_SIZE },
			 { leaf_edge, GRANULE_SIZE },
			 { GranuleRig::kR1 + 2 * GRANULE_SIZE, GRANULE_SIZE } };
	}
	return { { leaf_edge - GRANULE_SIZE, 2 * GRANULE_SIZE },
		 { GranuleRig::kR2 + GRANULE_SIZE, 3 * GRANULE_SIZE },
		 { GranuleRig::kR1, 2 * GRANULE_SIZE } };
}

enum granule_txn txn_of(Ev ev)
{
	return ev == Ev::kBeginShare  ? GRANULE_TXN_SHARE
	       : ev == Ev::kBeginLend ? GRANULE_TXN_LEND
				      : GRANULE_TXN_DONATE;
}

/** The three-step sequence the fused operation must match. */
struct granule_ret stepwise(struct granule_map *map, Ev begin,
			    const std::vector<R> &r)
{
	struct granule_ret ret = run(map, begin, r);
	struct granule_ret p;

	if (ret.result != GRANULE_OK) {
		return ret;
	}
	if (begin != Ev::kBeginShare) {
		p = run(map, Ev::kProtect, r);
		if (p.result != GRANULE_OK) {
			if (p.result != GRANULE_FATAL) {
				EXPECT_EQ(run(map, Ev::kAbort, r).result,
					  GRANULE_OK);
			}
			return p;
		}
		ret.secure = p.secure;
	}
	EXPECT_EQ(run(map, Ev::kCommit, r).result, GRANULE_OK);
	return ret;
}

struct granule_ret fused(struct granule_map *map, Ev begin,
			 const std::vector<R> &r)
{
	auto l = granule_map_lock(map);
	struct granule_ret ret =
	    granule_send(l, txn_of(begin), r.data(), r.size());

	granule_map_unlock(&l);
	return ret;
}

/** Brings `rig` to state `c` on `r`, then sets up the EL3 behaviour. */
void arrange(GranuleRig &rig, Config c, El3Mode mode, const std::vector<R> &r)
{
	if (mode == El3Mode::kUnsupportedRequire) {
		rig.reinit(GRANULE_POLICY_REQUIRE);
	}
	for (Ev step : path_to(c)) {
		ASSERT_EQ(run(&rig.map, step, r).result, GRANULE_OK);
	}
	rig.el3.protect_calls.clear();
	rig.el3.unprotect_calls.clear();
	switch (mode) {
	case El3Mode::kUnsupportedContinue:
	case El3Mode::kUnsupportedRequire:
		rig.el3.not_supported = true;
		break;
	case El3Mode::kDeniedPartWay:
		/* Refused when the granule is not NS; both rigs alike. */
		(void)rig.el3.realm_delegate(r[1].base + r[1].size -
					     GRANULE_SIZE);
		break;
	case El3Mode::kInvalidAtLast:
		rig.el3.fail_protect_call = 2;
		rig.el3.fail_status = GRANULE_EL3_INVALID;
		break;
	default:
		break;
	}
}

using SendParam = std::tuple<Ev, El3Mode, bool>;

class GranuleSendTest : public ::testing::TestWithParam<SendParam>
{
      protected:
	void SetUp() override
	{
		a = std::make_unique<GranuleRig>();
		b = std::make_unique<GranuleRig>();
	}

	void TearDown() override
	{
		a->fini();
		b->fini();
	}

	std::unique_ptr<GranuleRig> a;
	std::unique_ptr<GranuleRig> b;
};

/* From every state: the fused send and the sequence agree on everything. */
TEST_P(GranuleSendTest, matches_begin_protect_commit)
{
	Ev begin = std::get<0>(GetParam());
	El3Mode mode = std::get<1>(GetParam());
	std::vector<R> r = ranges(std::get<2>(GetParam()));
	size_t ok = 0;

	for (const Config &c : kConfigs) {
		SCOPED_TRACE(std::string(granule_state_name(c.state)) +
			     std::to_string(c.count));
		a->el3 = FakeEl3{};
		b->el3 = FakeEl3{};
		a->init(GRANULE_POLICY_CONTINUE_NS);
		b->init(GRANULE_POLICY_CONTINUE_NS);
		arrange(*a, c, mode, r);
		arrange(*b, c, mode, r);
		Dump before = a->dump();

		struct granule_ret want = stepwise(&b->map, begin, r);
		struct granule_ret got = fused(&a->map, begin, r);

		EXPECT_EQ(got.result, want.result);
		EXPECT_EQ(got.next, want.next);
		EXPECT_EQ(got.secure, want.secure);
		EXPECT_EQ(a->dump(), b->dump());
		EXPECT_EQ(a->el3.protect_calls, b->el3.protect_calls);
		EXPECT_EQ(a->el3.unprotect_calls, b->el3.unprotect_calls);
		if (got.result != GRANULE_OK) {
			EXPECT_EQ(a->dump(), before);
		} else {
			ok++;
		}
		a->fini();
		b->fini();
	}
	/* The cases that must succeed did: NS always, shared for shares. */
	bool refused = mode == El3Mode::kUnsupportedRequire ||
		       mode == El3Mode::kDeniedPartWay ||
		       mode == El3Mode::kInvalidAtLast;
	if (begin == Ev::kBeginShare) {
		EXPECT_EQ(ok, 3U); /* NS, and SHARED with 1 and 2. */
	} else {
		EXPECT_EQ(ok, refused ? 0U : 1U);
	}
}

std::string send_name(const ::testing::TestParamInfo<SendParam> &info)
{
	return std::string(
		   kEvNames[static_cast<int>(std::get<0>(info.param))]) +
	       "_" + kModeNames[static_cast<int>(std::get<1>(info.param))] +
	       (std::get<2>(info.param) ? "_one" : "_span");
}

INSTANTIATE_TEST_SUITE_P(
    All, GranuleSendTest,
    ::testing::Combine(
	::testing::Values(Ev::kBeginShare, Ev::kBeginLend, Ev::kBeginDonate),
	::testing::Values(El3Mode::kOk, El3Mode::kUnsupportedContinue,
			  El3Mode::kUnsupportedRequire, El3Mode::kDeniedPartWay,
			  El3Mode::kInvalidAtLast),
	::testing::Bool()),
    send_name);

/* Pool exhausted at every leaf: NO_MEMORY, nothing kept, no EL3 call. */
TEST_F(GranuleTest, send_reserve_failure_changes_nothing)
{
	std::vector<R> r;
	std::vector<void *> held;

	for (size_t i = 0; i < 4; i++) {
		r.push_back({ kR2 + i * (8 << 20), GRANULE_SIZE });
	}
	for (size_t keep = 0; keep < r.size(); keep++) {
		while (mpool_count(&pool) > keep) {
			held.push_back(mpool_alloc(&pool));
		}
		Dump before = dump();
		struct granule_ret ret = fused(&map, Ev::kBeginLend, r);

		EXPECT_EQ(ret.result, GRANULE_NO_MEMORY);
		EXPECT_EQ(ret.next, r[0].base);
		EXPECT_EQ(dump(), before);
		EXPECT_TRUE(el3.protect_calls.empty());
		for (void *p : held) {
			mpool_free(&pool, p);
		}
		held.clear();
	}
	EXPECT_EQ(mpool_count(&pool), pool_start);
}

/* A refused undo of a protect is FATAL with `next` at the refused range. */
TEST_F(GranuleTest, send_undo_refused_is_fatal)
{
	std::vector<R> r = { { kR0, GRANULE_SIZE },
			     { kR0 + 2 * GRANULE_SIZE, GRANULE_SIZE } };
	el3.fail_protect_call = 1;
	el3.fail_unprotect = true;
	struct granule_ret ret = fused(&map, Ev::kBeginDonate, r);

	EXPECT_EQ(ret.result, GRANULE_FATAL);
	EXPECT_EQ(ret.next, r[1].base);
	EXPECT_EQ(el3.unprotect_calls.size(), 1U);
	EXPECT_EQ(el3.gpi(r[0].base), Gpi::kSecure);
	/* No granule state was written, and no storage is kept. */
	EXPECT_EQ(info(r[0].base).state, GRANULE_NS);
	EXPECT_EQ(mpool_count(&pool), pool_start);
	el3.set_gpi(r[0].base, Gpi::kNs);
}

/* Shares count up per send and the last unshare frees the storage. */
TEST_F(GranuleTest, send_share_counts)
{
	std::vector<R> r = { { kR1, GRANULE_SIZE } };

	for (uint32_t n = 1; n <= 3; n++) {
		EXPECT_EQ(fused(&map, Ev::kBeginShare, r).result, GRANULE_OK);
		EXPECT_EQ(info(kR1).state, GRANULE_SHARED);
		EXPECT_EQ(info(kR1).share_count, n);
	}
	EXPECT_TRUE(el3.protect_calls.empty());
	for (uint32_t n = 0; n < 3; n++) {
		ASSERT_EQ(run(&map, Ev::kUnshare, r).result, GRANULE_OK);
	}
	EXPECT_EQ(info(kR1).state, GRANULE_NS);
	EXPECT_EQ(mpool_count(&pool), pool_start);
}

} /* namespace */
} /* namespace granule_test */
