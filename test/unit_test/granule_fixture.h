/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <gtest/gtest.h>
#include <map>
#include <stdint.h>
#include <tuple>
#include <vector>

#include "spmc/granule.h"

namespace granule_test
{

/** GPI encodings of TF-A `gpt_rme.h`. */
enum class Gpi : uint8_t {
	kSecure = 0x8,
	kNs = 0x9,
	kRealm = 0xB,
};

enum class Caller {
	kSecure,
	kRealm,
};

/**
 * A fake EL3: a software GPT with TF-A's default transition policy
 * (tfa-spmd-interface.md §4.2) behind PLAT_PROTECT/UNPROTECT_MEM, the
 * realm side's range delegate, and failure injection per protect call.
 */
class FakeEl3
{
      public:
	static constexpr uint64_t kPps = UINT64_C(1) << 40;

	Gpi gpi(uint64_t pa) const
	{
		auto it = gpt_.find(pa);
		return it == gpt_.end() ? Gpi::kNs : it->second;
	}

	void set_gpi(uint64_t pa, Gpi g)
	{
		if (g == Gpi::kNs) {
			gpt_.erase(pa);
		} else {
			gpt_[pa] = g;
		}
	}

	/** §4.2: each side moves granules only between its PAS and NS. */
	static bool allowed(Gpi from, Gpi to, Caller c)
	{
		Gpi own = c == Caller::kSecure ? Gpi::kSecure : Gpi::kRealm;
		return (from == Gpi::kNs && to == own) ||
		       (from == own && to == Gpi::kNs);
	}

	/** One-granule-per-step loop of EL3 over `[base, base + size)`. */
	struct granule_el3_ret transition(uint64_t base, uint64_t size, Gpi to,
					  Caller c)
	{
		if (base % GRANULE_SIZE != 0 || size % GRANULE_SIZE != 0 ||
		    base + size < base || base + size > kPps) {
			return { GRANULE_EL3_INVALID, 0 };
		}
		for (uint64_t off = 0; off < size; off += GRANULE_SIZE) {
			if (!allowed(gpi(base + off), to, c)) {
				return { GRANULE_EL3_DENIED, off };
			}
			set_gpi(base + off, to);
		}
		return { GRANULE_EL3_SUCCESS, size };
	}

	struct granule_el3_ret protect(uint64_t base, uint64_t size)
	{
		size_t call = protect_calls.size();

		protect_calls.emplace_back(base, size);
		if (not_supported) {
			return { GRANULE_EL3_NOT_SUPPORTED, 0 };
		}
		if (fail_protect_call == call) {
			return { fail_status, 0 };
		}
		return transition(base, size, Gpi::kSecure, Caller::kSecure);
	}

	struct granule_el3_ret unprotect(uint64_t base, uint64_t size)
	{
		unprotect_calls.emplace_back(base, size);
		if (fail_unprotect) {
			return { GRANULE_EL3_DENIED, 0 };
		}
		return transition(base, size, Gpi::kNs, Caller::kSecure);
	}

	/** Stand-in for RMI_GRANULE_RANGE_DELEGATE (one granule). */
	bool realm_delegate(uint64_t pa)
	{
		return transition(pa, GRANULE_SIZE, Gpi::kRealm, Caller::kRealm)
			   .status == GRANULE_EL3_SUCCESS;
	}

	struct granule_el3_ops ops()
	{
		return { &FakeEl3::protect_cb, &FakeEl3::unprotect_cb, this };
	}

	std::map<uint64_t, Gpi> gpt_;
	std::vector<std::pair<uint64_t, uint64_t>> protect_calls;
	std::vector<std::pair<uint64_t, uint64_t>> unprotect_calls;
	bool not_supported = false;
	bool fail_unprotect = false;
	size_t fail_protect_call = SIZE_MAX;
	enum granule_el3_status fail_status = GRANULE_EL3_DENIED;

      private:
	static struct granule_el3_ret protect_cb(void *ctx, uint64_t b,
						 uint64_t s)
	{
		return static_cast<FakeEl3 *>(ctx)->protect(b, s);
	}

	static struct granule_el3_ret unprotect_cb(void *ctx, uint64_t b,
						   uint64_t s)
	{
		return static_cast<FakeEl3 *>(ctx)->unprotect(b, s);
	}
};

/** Everything observable: every granule state, the GPT, the pool. */
struct Dump {
	std::vector<std::tuple<uint64_t, int, uint32_t>> granules;
	std::map<uint64_t, Gpi> gpt;
	size_t pool_count;

	bool operator==(const Dump &o) const
	{
		return granules == o.granules && gpt == o.gpt &&
		       pool_count == o.pool_count;
	}
};

/** A map over three `ns-memory` ranges, with a fake EL3. */
class GranuleRig
{
      public:
	static constexpr uint64_t kR0 = 0x80000000;            /* 16 MiB */
	static constexpr uint64_t kR1 = 0x88000000;            /* 64 KiB */
	static constexpr uint64_t kR2 = UINT64_C(0x100000000); /* 1 GiB */
	static constexpr size_t kPages = 32;

	void init(enum granule_policy policy)
	{
		static const struct granule_range ns[] = { { kR0, 16 << 20 },
							   { kR1, 64 << 10 },
							   { kR2, 1 << 30 } };
		struct granule_el3_ops ops = el3.ops();

		mpool_init(&pool, 4096);
		ASSERT_TRUE(mpool_add_chunk(&pool, arena, sizeof(arena)));
		ASSERT_EQ(mpool_count(&pool), kPages);
		ASSERT_EQ(granule_map_init(&map, ns, 3, &pool, &ops, policy),
			  GRANULE_OK);
		pool_start = mpool_count(&pool);
	}

	void fini()
	{
		granule_map_fini(&map);
	}

	void reinit(enum granule_policy policy)
	{
		granule_map_fini(&map);
		init(policy);
	}

	struct granule_map_locked lock()
	{
		return granule_map_lock(&map);
	}

	struct granule_info info(uint64_t pa)
	{
		auto l = lock();
		auto i = granule_get(l, pa);
		granule_map_unlock(&l);
		return i;
	}

	/** Every granule of R0 and R1 and the first 16 MiB of R2. */
	Dump dump()
	{
		Dump d;
		auto l = lock();
		auto add = [&](uint64_t base, uint64_t size) {
			for (uint64_t pa = base; pa < base + size;
			     pa += GRANULE_SIZE) {
				auto i = granule_get(l, pa);
				d.granules.emplace_back(pa, i.state,
							i.share_count);
			}
		};
		add(kR0, 16 << 20);
		add(kR1, 64 << 10);
		add(kR2, 16 << 20);
		granule_map_unlock(&l);
		d.gpt = el3.gpt_;
		d.pool_count = mpool_count(&pool);
		return d;
	}

	alignas(4096) uint8_t arena[kPages * 4096];
	struct mpool pool;
	struct granule_map map;
	FakeEl3 el3;
	size_t pool_start = 0;
};

/** A `GranuleRig` per test, whose pool must be whole at the end. */
class GranuleTest : public ::testing::Test, public GranuleRig
{
      protected:
	void SetUp() override
	{
		init(GRANULE_POLICY_CONTINUE_NS);
	}

	void TearDown() override
	{
		granule_map_fini(&map);
		EXPECT_EQ(mpool_count(&pool), kPages);
	}
};

} /* namespace granule_test */
