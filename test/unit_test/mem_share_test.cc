/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The transaction store (handles, records from the page pool, lookup) and
 * the state machine of a transaction and its receivers
 * (docs/design/mem_share.md, inc/spmc/mem_share.h). The state machine is
 * checked exhaustively against a table written here from the design doc.
 */

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <stdint.h>
#include <unordered_set>
#include <vector>

#include "spmc/mem_share.h"
#include "spmc/mpool.h"

namespace
{

constexpr size_t kPage = 4096;
constexpr uint64_t kBit63 = UINT64_C(1) << 63;

/** A store over a pool of `pages` pages of host memory. */
class StoreTest : public ::testing::Test
{
      protected:
	void TearDown() override
	{
		if (inited_) {
			mem_share_store_fini(&store_);
		}
		std::free(arena_);
	}

	void make(size_t pages, uint64_t seed = 1)
	{
		arena_ = static_cast<uint8_t *>(
		    std::aligned_alloc(kPage, pages * kPage));
		ASSERT_NE(arena_, nullptr);
		pages_ = pages;
		mpool_init(&pool_, kPage);
		ASSERT_TRUE(mpool_add_chunk(&pool_, arena_, pages * kPage));
		ASSERT_TRUE(mem_share_store_init(&store_, &pool_, seed));
		inited_ = true;
		/* The buckets take one page. */
		EXPECT_EQ(mpool_count(&pool_), pages - 1);
	}

	struct mem_share *alloc(uint32_t cap = 1, size_t extra = 0)
	{
		auto l = mem_share_store_lock(&store_);
		struct mem_share *s = mem_share_alloc(l, cap, extra);
		mem_share_store_unlock(&l);
		return s;
	}

	struct mem_share *alloc_insert(uint32_t cap = 1, size_t extra = 0)
	{
		auto l = mem_share_store_lock(&store_);
		struct mem_share *s = mem_share_alloc(l, cap, extra);
		if (s != nullptr) {
			mem_share_insert(l, s);
		}
		mem_share_store_unlock(&l);
		return s;
	}

	struct mem_share *find(uint64_t h)
	{
		auto l = mem_share_store_lock(&store_);
		struct mem_share *s = mem_share_find(l, h);
		mem_share_store_unlock(&l);
		return s;
	}

	void free_share(struct mem_share *s)
	{
		auto l = mem_share_store_lock(&store_);
		mem_share_free(l, s);
		mem_share_store_unlock(&l);
	}

	size_t count()
	{
		auto l = mem_share_store_lock(&store_);
		size_t n = mem_share_count(l);
		mem_share_store_unlock(&l);
		return n;
	}

	uint8_t *arena_ = nullptr;
	size_t pages_ = 0;
	struct mpool pool_;
	struct mem_share_store store_;
	bool inited_ = false;
};

TEST_F(StoreTest, InitNeedsOnePage)
{
	struct mpool empty;
	struct mem_share_store s;

	mpool_init(&empty, kPage);
	EXPECT_FALSE(mem_share_store_init(&s, &empty, 7));
	mem_share_store_fini(&s); /* Harmless after a failed init. */
}

TEST_F(StoreTest, AllocGivesZeroedRecordNotYetFindable)
{
	make(8);
	struct mem_share *s = alloc(3, 40);

	ASSERT_NE(s, nullptr);
	EXPECT_EQ(s->next, nullptr);
	EXPECT_EQ(s->state, MEM_SHARE_SENDING);
	EXPECT_EQ(s->holders, 0U);
	EXPECT_FALSE(s->sender_nwd);
	EXPECT_FALSE(s->secure_pas);
	EXPECT_EQ(s->desc.receiver_count, 0U);
	EXPECT_EQ(s->desc.constituent_count, 0U);
	EXPECT_EQ(s->desc.constituent_cap, 3U);
	for (const auto &r : s->recv) {
		EXPECT_EQ(r.state, MEM_RECV_IDLE);
	}
	EXPECT_EQ(s->pages, 1U);
	EXPECT_NE(s->handle, 0U);
	EXPECT_EQ(find(s->handle), nullptr);
	EXPECT_EQ(count(), 0U);

	/* Freeing a record never inserted gives its page back. */
	free_share(s);
	EXPECT_EQ(count(), 0U);
	EXPECT_EQ(mpool_count(&pool_), 7U);
}

TEST_F(StoreTest, InsertFindFree)
{
	make(8);
	struct mem_share *a = alloc_insert();
	struct mem_share *b = alloc_insert();

	ASSERT_NE(a, nullptr);
	ASSERT_NE(b, nullptr);
	EXPECT_NE(a->handle, b->handle);
	EXPECT_EQ(count(), 2U);
	EXPECT_EQ(find(a->handle), a);
	EXPECT_EQ(find(b->handle), b);
	uint64_t ha = a->handle;
	free_share(a);
	EXPECT_EQ(find(ha), nullptr);
	EXPECT_EQ(find(b->handle), b);
	EXPECT_EQ(count(), 1U);
	free_share(b);
	EXPECT_EQ(count(), 0U);
	EXPECT_EQ(mpool_count(&pool_), 7U);
}

TEST_F(StoreTest, FindRejectsHandlesNeverGiven)
{
	make(8);
	struct mem_share *a = alloc_insert();

	ASSERT_NE(a, nullptr);
	EXPECT_EQ(find(0), nullptr);
	EXPECT_EQ(find(UINT64_MAX), nullptr);
	EXPECT_EQ(find(a->handle | kBit63), nullptr);
	EXPECT_EQ(find(a->handle ^ 1), nullptr);
	EXPECT_EQ(find(a->handle + 1), nullptr);
}

/*
 * 100k allocations, each freed before the next: handles are unique,
 * never 0, bit 63 clear, not a counter, not an address or index.
 */
TEST_F(StoreTest, HandlesUniqueOver100k)
{
	constexpr size_t kN = 100000;
	make(4);
	std::unordered_set<uint64_t> seen;
	std::vector<uint64_t> order;
	std::set<uintptr_t> records;

	seen.reserve(kN);
	for (size_t i = 0; i < kN; i++) {
		struct mem_share *s = alloc_insert();

		ASSERT_NE(s, nullptr) << i;
		ASSERT_NE(s->handle, 0U);
		ASSERT_EQ(s->handle & kBit63, 0U);
		ASSERT_TRUE(seen.insert(s->handle).second) << "repeat at " << i;
		ASSERT_EQ(find(s->handle), s);
		order.push_back(s->handle);
		records.insert(reinterpret_cast<uintptr_t>(s));
		free_share(s);
	}
	/* The record is always the same page: the handle is not its place. */
	EXPECT_EQ(records.size(), 1U);
	size_t step_one = 0;
	size_t small = 0;
	std::set<uint64_t> deltas;
	for (size_t i = 1; i < kN; i++) {
		uint64_t d = order[i] - order[i - 1];
		step_one += d == 1 || d == UINT64_MAX;
		if (deltas.size() < 64) {
			deltas.insert(d);
		}
	}
	for (uint64_t h : order) {
		small += h < (UINT64_C(1) << 40);
	}
	EXPECT_EQ(step_one, 0U) << "sequential handles";
	EXPECT_GT(deltas.size(), 32U) << "a fixed stride";
	/* Spread over 63 bits: a handle below 2^40 has odds 2^-23. */
	EXPECT_LT(small, 3U) << "handles look like indices";
	EXPECT_EQ(seen.count(reinterpret_cast<uintptr_t>(*records.begin())),
		  0U);
	EXPECT_EQ(count(), 0U);
}

TEST_F(StoreTest, DifferentSeedsGiveDifferentHandles)
{
	auto first = [](uint64_t seed) {
		std::vector<uint64_t> out;
		uint8_t *arena = static_cast<uint8_t *>(
		    std::aligned_alloc(kPage, 4 * kPage));
		struct mpool pool;
		struct mem_share_store s;

		mpool_init(&pool, kPage);
		mpool_add_chunk(&pool, arena, 4 * kPage);
		EXPECT_TRUE(mem_share_store_init(&s, &pool, seed));
		for (int i = 0; i < 1000; i++) {
			auto l = mem_share_store_lock(&s);
			struct mem_share *r = mem_share_alloc(l, 1, 0);
			out.push_back(r->handle);
			mem_share_free(l, r);
			mem_share_store_unlock(&l);
		}
		mem_share_store_fini(&s);
		std::free(arena);
		return out;
	};
	std::vector<uint64_t> a = first(1);
	std::vector<uint64_t> b = first(2);
	std::vector<uint64_t> c = first(0xDEADBEEF12345678);
	std::set<uint64_t> sa(a.begin(), a.end());
	size_t common = 0;

	EXPECT_NE(a[0], b[0]);
	EXPECT_NE(a[0], c[0]);
	for (uint64_t h : b) {
		common += sa.count(h);
	}
	for (uint64_t h : c) {
		common += sa.count(h);
	}
	EXPECT_EQ(common, 0U);
}

/* Capacity is the pool's: fill it, free everything, fill it again. */
TEST_F(StoreTest, FillPoolThenReuse)
{
	constexpr size_t kPages = 200;
	make(kPages);
	for (int round = 0; round < 2; round++) {
		std::vector<struct mem_share *> live;
		struct mem_share *s;

		while ((s = alloc_insert()) != nullptr) {
			live.push_back(s);
		}
		ASSERT_EQ(live.size(), kPages - 1) << "round " << round;
		EXPECT_EQ(count(), kPages - 1);
		EXPECT_EQ(mpool_count(&pool_), 0U);
		/* Every record still findable with a full hash table. */
		for (auto *r : live) {
			ASSERT_EQ(find(r->handle), r);
		}
		/* Free in a scrambled order, checking the rest each time. */
		std::mt19937 rng(round);
		std::shuffle(live.begin(), live.end(), rng);
		for (size_t i = 0; i < live.size(); i++) {
			uint64_t h = live[i]->handle;

			free_share(live[i]);
			ASSERT_EQ(find(h), nullptr);
			if (i + 1 < live.size()) {
				ASSERT_EQ(find(live[i + 1]->handle),
					  live[i + 1]);
			}
		}
		EXPECT_EQ(count(), 0U);
		EXPECT_EQ(mpool_count(&pool_), kPages - 1);
	}
}

TEST_F(StoreTest, ManyLiveRecordsInLongChains)
{
	constexpr size_t kLive = 3000; /* ~6 per bucket of the one page. */
	make(kLive + 1);
	std::vector<struct mem_share *> live;

	for (size_t i = 0; i < kLive; i++) {
		live.push_back(alloc_insert());
		ASSERT_NE(live.back(), nullptr);
	}
	for (auto *r : live) {
		ASSERT_EQ(find(r->handle), r);
	}
	EXPECT_EQ(count(), kLive);
}

/* Many constituents: a record of several contiguous pool pages. */
TEST_F(StoreTest, MultiPageRecordAndExtra)
{
	constexpr uint32_t kCap = 1000;
	constexpr size_t kExtra = kCap * 16;
	make(32);
	size_t before = mpool_count(&pool_);
	struct mem_share *s = alloc_insert(kCap, kExtra);

	ASSERT_NE(s, nullptr);
	size_t need = sizeof(struct mem_share) +
		      kCap * sizeof(struct mem_desc_constituent) + kExtra;
	EXPECT_EQ(s->pages, (need + kPage - 1) / kPage);
	EXPECT_GT(s->pages, 1U);
	EXPECT_EQ(mpool_count(&pool_), before - s->pages);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(s->extra) % 8, 0U);

	/* Constituents and extra are disjoint and inside the record. */
	auto *lo = reinterpret_cast<uint8_t *>(s);
	auto *hi = lo + s->pages * kPage;
	auto *c0 = reinterpret_cast<uint8_t *>(s->desc.constituents);
	auto *x0 = static_cast<uint8_t *>(s->extra);
	EXPECT_GE(c0, lo + sizeof(*s));
	EXPECT_GE(x0, c0 + kCap * sizeof(struct mem_desc_constituent));
	EXPECT_LE(x0 + kExtra, hi);
	uint64_t handle = s->handle;
	for (uint32_t i = 0; i < kCap; i++) {
		s->desc.constituents[i] = { UINT64_C(0x1000) * i, i };
	}
	memset(s->extra, 0xA5, kExtra);
	for (uint32_t i = 0; i < kCap; i++) {
		ASSERT_EQ(s->desc.constituents[i].base, UINT64_C(0x1000) * i);
		ASSERT_EQ(s->desc.constituents[i].page_count, i);
	}
	EXPECT_EQ(s->handle, handle);
	EXPECT_EQ(find(handle), s);
	free_share(s);
	EXPECT_EQ(mpool_count(&pool_), before);
	/* The chunk can be cut again whole. */
	s = alloc_insert(kCap, kExtra);
	ASSERT_NE(s, nullptr);
	free_share(s);
	EXPECT_EQ(mpool_count(&pool_), before);
}

TEST_F(StoreTest, ExtraAlignedForAnyCapacity)
{
	make(8);
	for (uint32_t cap = 0; cap < 9; cap++) {
		for (size_t extra : { 0, 1, 7, 8, 13, 64 }) {
			struct mem_share *s = alloc(cap, extra);

			ASSERT_NE(s, nullptr);
			EXPECT_EQ(reinterpret_cast<uintptr_t>(s->extra) % 8, 0U)
			    << cap << " " << extra;
			memset(s->extra, 0x5A, extra);
			EXPECT_EQ(s->desc.constituent_cap, cap);
			free_share(s);
		}
	}
	EXPECT_EQ(mpool_count(&pool_), 7U);
}

/* A multi-page record needs contiguous pages: none, nothing taken. */
TEST_F(StoreTest, MultiPageRecordFailsOnFragmentedPool)
{
	make(9);
	std::vector<void *> pages;
	void *p;

	while ((p = mpool_alloc(&pool_)) != nullptr) {
		pages.push_back(p);
	}
	/* Give back every other page: 4 single pages, no two adjacent. */
	std::sort(pages.begin(), pages.end());
	for (size_t i = 0; i < pages.size(); i += 2) {
		mpool_free(&pool_, pages[i]);
	}
	size_t before = mpool_count(&pool_);
	EXPECT_EQ(alloc_insert(400, 0), nullptr);
	EXPECT_EQ(mpool_count(&pool_), before);
	EXPECT_EQ(count(), 0U);
	struct mem_share *s = alloc_insert(1, 0);
	ASSERT_NE(s, nullptr);
	free_share(s);
	for (size_t i = 1; i < pages.size(); i += 2) {
		mpool_free(&pool_, pages[i]);
	}
}

TEST_F(StoreTest, FiniReturnsEveryPage)
{
	make(64);
	for (int i = 0; i < 20; i++) {
		ASSERT_NE(alloc_insert(i % 3 == 0 ? 500 : 1, 16), nullptr);
	}
	EXPECT_EQ(count(), 20U);
	mem_share_store_fini(&store_);
	inited_ = false;
	EXPECT_EQ(mpool_count(&pool_), 64U);
}

/* Every record visited once; those the callback picks are freed. */
TEST_F(StoreTest, ForEachVisitsAllAndDropsChosen)
{
	make(600);
	std::set<uint64_t> all, kept;

	for (int i = 0; i < 500; i++) {
		struct mem_share *s = alloc_insert(i % 50 == 0 ? 300 : 1, 0);
		ASSERT_NE(s, nullptr);
		all.insert(s->handle);
		if (i % 3 != 0) {
			kept.insert(s->handle);
		}
		s->desc.tag = (uint64_t)i;
	}
	struct Ctx {
		std::multiset<uint64_t> seen;
	} ctx;
	size_t before = mpool_count(&pool_);
	auto l = mem_share_store_lock(&store_);
	mem_share_for_each(
	    l,
	    [](struct mem_share *s, void *c) {
		    static_cast<Ctx *>(c)->seen.insert(s->handle);
		    return s->desc.tag % 3 == 0;
	    },
	    &ctx);
	mem_share_store_unlock(&l);
	EXPECT_EQ(ctx.seen.size(), all.size());
	EXPECT_EQ(std::set<uint64_t>(ctx.seen.begin(), ctx.seen.end()), all);
	EXPECT_EQ(count(), kept.size());
	for (uint64_t h : all) {
		EXPECT_EQ(find(h) != nullptr, kept.count(h) == 1) << h;
	}
	EXPECT_GT(mpool_count(&pool_), before);
	/* Dropping the rest gives back every page. */
	l = mem_share_store_lock(&store_);
	mem_share_for_each(
	    l, [](struct mem_share *, void *) { return true; }, nullptr);
	mem_share_store_unlock(&l);
	EXPECT_EQ(count(), 0U);
	EXPECT_EQ(mpool_count(&pool_), 599U);
}

TEST_F(StoreTest, ReceiverIndex)
{
	make(4);
	struct mem_share *s = alloc();

	ASSERT_NE(s, nullptr);
	s->desc.receiver_count = 3;
	s->desc.receivers[0].id = 0x8001;
	s->desc.receivers[1].id = 0x8003;
	s->desc.receivers[2].id = 0x8002;
	s->desc.receivers[3].id = 0x8004; /* beyond the count */
	EXPECT_EQ(mem_share_receiver_index(s, 0x8001), 0);
	EXPECT_EQ(mem_share_receiver_index(s, 0x8003), 1);
	EXPECT_EQ(mem_share_receiver_index(s, 0x8002), 2);
	EXPECT_EQ(mem_share_receiver_index(s, 0x8004), -1);
	EXPECT_EQ(mem_share_receiver_index(s, 0), -1);
	free_share(s);
}

TEST(MemShareEvent, Names)
{
	std::set<std::string> names;

	for (int e = 0; e < MEM_EV_COUNT; e++) {
		const char *n = mem_share_event_name((enum mem_share_event)e);

		ASSERT_NE(n, nullptr);
		EXPECT_STRNE(n, "?");
		names.insert(n);
	}
	EXPECT_EQ(names.size(), (size_t)MEM_EV_COUNT);
	EXPECT_STREQ(mem_share_event_name(MEM_EV_COUNT), "?");
	EXPECT_STREQ(mem_share_event_name((enum mem_share_event) - 1), "?");
}

} /* namespace */
