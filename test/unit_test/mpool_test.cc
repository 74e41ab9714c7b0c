/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <set>
#include <stddef.h>
#include <stdint.h>
#include <thread>
#include <vector>

#include "spmc/mpool.h"

namespace
{

constexpr size_t kEntry = 64;
constexpr size_t kEntries = 64;

/** Pools of 64-byte entries over a 64-entry, page-aligned arena. */
class MpoolTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		mpool_init(&pool, kEntry);
		mpool_init(&fallback, kEntry);
	}

	/** Address of entry `i` of the arena. */
	uint8_t *entry(size_t i)
	{
		return &arena[i * kEntry];
	}

	/** True if `p` is entry-aligned and inside entries [first, end). */
	bool in_entries(const void *p, size_t first, size_t end)
	{
		auto a = reinterpret_cast<uintptr_t>(p);
		auto lo = reinterpret_cast<uintptr_t>(entry(first));
		auto hi = reinterpret_cast<uintptr_t>(entry(end));

		return a % kEntry == 0 && a >= lo && a < hi;
	}

	/** Allocates from `p` until it is empty; returns what it got. */
	static std::vector<void *> drain(struct mpool *p)
	{
		std::vector<void *> got;
		void *e;

		while ((e = mpool_alloc(p)) != nullptr) {
			got.push_back(e);
		}
		return got;
	}

	alignas(4096) uint8_t arena[kEntries * kEntry];
	struct mpool pool;
	struct mpool fallback;
};

TEST_F(MpoolTest, add_chunk_trims_to_aligned_entries)
{
	/* [1, 1 + 4 * 64) holds only 3 whole aligned entries: 1..3. */
	EXPECT_TRUE(mpool_add_chunk(&pool, entry(0) + 1, 4 * kEntry));
	EXPECT_EQ(mpool_count(&pool), 3U);

	std::vector<void *> got = drain(&pool);
	ASSERT_EQ(got.size(), 3U);
	for (void *p : got) {
		EXPECT_TRUE(in_entries(p, 1, 4)) << p;
	}
}

TEST_F(MpoolTest, add_chunk_too_small_fails)
{
	EXPECT_FALSE(mpool_add_chunk(&pool, entry(0) + 1, kEntry));
	EXPECT_FALSE(mpool_add_chunk(&pool, entry(0), kEntry - 1));
	EXPECT_FALSE(mpool_add_chunk(&pool, entry(0), 0));
	EXPECT_EQ(mpool_count(&pool), 0U);
	EXPECT_EQ(mpool_alloc(&pool), nullptr);
	/* Exactly one entry is enough. */
	EXPECT_TRUE(mpool_add_chunk(&pool, entry(0), kEntry));
	EXPECT_EQ(mpool_count(&pool), 1U);
}

TEST_F(MpoolTest, add_chunk_wrapping_range_fails)
{
	void *top = reinterpret_cast<void *>(UINTPTR_MAX - 100);

	/* Must fail before touching the (unmapped) memory. */
	EXPECT_FALSE(mpool_add_chunk(&pool, top, 4096));
	EXPECT_EQ(mpool_count(&pool), 0U);
}

TEST_F(MpoolTest, add_chunk_invalid_entry_size_fails)
{
	struct mpool small;
	struct mpool odd;

	mpool_init(&small, sizeof(void *));
	mpool_init(&odd, 48);
	EXPECT_FALSE(mpool_add_chunk(&small, entry(0), sizeof(arena)));
	EXPECT_FALSE(mpool_add_chunk(&odd, entry(0), sizeof(arena)));
	EXPECT_EQ(mpool_alloc(&small), nullptr);
	EXPECT_EQ(mpool_alloc(&odd), nullptr);
}

TEST_F(MpoolTest, alloc_until_empty)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(0), 4 * kEntry));
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(10), 2 * kEntry));
	EXPECT_EQ(mpool_count(&pool), 6U);

	std::vector<void *> got = drain(&pool);
	std::set<void *> unique(got.begin(), got.end());
	EXPECT_EQ(got.size(), 6U);
	EXPECT_EQ(unique.size(), 6U);
	for (void *p : got) {
		EXPECT_TRUE(in_entries(p, 0, 4) || in_entries(p, 10, 12)) << p;
	}
	EXPECT_EQ(mpool_count(&pool), 0U);
	EXPECT_EQ(mpool_alloc(&pool), nullptr);
}

TEST_F(MpoolTest, free_and_realloc)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(0), 2 * kEntry));
	std::vector<void *> got = drain(&pool);
	ASSERT_EQ(got.size(), 2U);

	mpool_free(&pool, got[1]);
	EXPECT_EQ(mpool_count(&pool), 1U);
	EXPECT_EQ(mpool_alloc(&pool), got[1]);
	EXPECT_EQ(mpool_alloc(&pool), nullptr);

	mpool_free(&pool, got[0]);
	mpool_free(&pool, got[1]);
	mpool_free(&pool, nullptr);
	EXPECT_EQ(mpool_count(&pool), 2U);
}

TEST_F(MpoolTest, alloc_prefers_free_entries)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(0), 4 * kEntry));
	mpool_free(&pool, entry(20));
	EXPECT_EQ(mpool_count(&pool), 5U);
	EXPECT_EQ(mpool_alloc(&pool), entry(20));
	EXPECT_TRUE(in_entries(mpool_alloc(&pool), 0, 4));
}

TEST_F(MpoolTest, contiguous_with_alignment)
{
	/* Entries 1..16: a block of 4 aligned to 4 entries starts at 4. */
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(1), 16 * kEntry));
	void *block = mpool_alloc_contiguous(&pool, 4, 4);
	EXPECT_EQ(block, entry(4));
	EXPECT_EQ(mpool_count(&pool), 12U);

	/* The head (1..3) and the tail (8..16) are still allocatable. */
	std::vector<void *> rest = drain(&pool);
	ASSERT_EQ(rest.size(), 12U);
	for (void *p : rest) {
		EXPECT_TRUE(in_entries(p, 1, 4) || in_entries(p, 8, 17)) << p;
	}
}

TEST_F(MpoolTest, contiguous_exact_chunk)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(8), 8 * kEntry));
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 8, 8), entry(8));
	EXPECT_EQ(mpool_count(&pool), 0U);
	EXPECT_EQ(mpool_alloc(&pool), nullptr);
}

TEST_F(MpoolTest, contiguous_skips_chunks_without_room)
{
	/* Chunk list is LIFO: 40..41 (too small) is tried before 16..23. */
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(16), 8 * kEntry));
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(40), 2 * kEntry));
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 3, 1), entry(16));
	EXPECT_EQ(mpool_count(&pool), 7U);
}

TEST_F(MpoolTest, contiguous_too_large_fails_without_change)
{
	/* Entries 1..8: 8 free but no 4-aligned run of 8. */
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(1), 8 * kEntry));
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 8, 4), nullptr);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 9, 1), nullptr);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, SIZE_MAX, 1), nullptr);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 1, SIZE_MAX / 2 + 1), nullptr);
	EXPECT_EQ(mpool_count(&pool), 8U);
	/* The same pool still serves a request that fits. */
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 8, 1), entry(1));
}

TEST_F(MpoolTest, contiguous_invalid_arguments)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(0), 8 * kEntry));
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 0, 1), nullptr);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 1, 0), nullptr);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 1, 3), nullptr);
	EXPECT_EQ(mpool_count(&pool), 8U);
}

TEST_F(MpoolTest, contiguous_ignores_free_entries)
{
	mpool_free(&pool, entry(0));
	mpool_free(&pool, entry(1));
	EXPECT_EQ(mpool_count(&pool), 2U);
	EXPECT_EQ(mpool_alloc_contiguous(&pool, 1, 1), nullptr);
	EXPECT_EQ(mpool_count(&pool), 2U);
}

TEST_F(MpoolTest, fallback_borrowing)
{
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(0), 2 * kEntry));
	mpool_init_with_fallback(&local, &fallback);
	EXPECT_EQ(local.entry_size, kEntry);
	EXPECT_EQ(mpool_count(&local), 0U);

	void *a = mpool_alloc(&local);
	void *b = mpool_alloc(&local);
	EXPECT_TRUE(in_entries(a, 0, 2));
	EXPECT_TRUE(in_entries(b, 0, 2));
	EXPECT_NE(a, b);
	EXPECT_EQ(mpool_alloc(&local), nullptr);
	EXPECT_EQ(mpool_count(&fallback), 0U);

	/* Freed entries go to the local pool, not back to the fallback. */
	mpool_free(&local, a);
	EXPECT_EQ(mpool_count(&local), 1U);
	EXPECT_EQ(mpool_count(&fallback), 0U);
}

TEST_F(MpoolTest, fallback_used_only_when_empty)
{
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(0), 2 * kEntry));
	mpool_init_with_fallback(&local, &fallback);
	ASSERT_TRUE(mpool_add_chunk(&local, entry(8), kEntry));

	EXPECT_EQ(mpool_alloc(&local), entry(8));
	EXPECT_EQ(mpool_count(&fallback), 2U);
	EXPECT_TRUE(in_entries(mpool_alloc(&local), 0, 2));
	EXPECT_EQ(mpool_count(&fallback), 1U);
}

TEST_F(MpoolTest, fallback_contiguous_borrowing)
{
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(16), 8 * kEntry));
	mpool_init_with_fallback(&local, &fallback);
	ASSERT_TRUE(mpool_add_chunk(&local, entry(0), 2 * kEntry));

	EXPECT_EQ(mpool_alloc_contiguous(&local, 4, 4), entry(16));
	EXPECT_EQ(mpool_count(&local), 2U);
	EXPECT_EQ(mpool_count(&fallback), 4U);
}

TEST_F(MpoolTest, fallback_chain)
{
	struct mpool middle;
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(0), kEntry));
	mpool_init_with_fallback(&middle, &fallback);
	mpool_init_with_fallback(&local, &middle);
	EXPECT_EQ(mpool_alloc(&local), entry(0));
	EXPECT_EQ(mpool_alloc(&local), nullptr);
}

TEST_F(MpoolTest, init_from_moves_everything)
{
	struct mpool from;
	struct mpool to;

	mpool_init_with_fallback(&from, &fallback);
	ASSERT_TRUE(mpool_add_chunk(&from, entry(0), 4 * kEntry));
	mpool_free(&from, entry(10));
	ASSERT_EQ(mpool_count(&from), 5U);

	mpool_init_from(&to, &from);
	EXPECT_EQ(to.entry_size, kEntry);
	EXPECT_EQ(to.fallback, &fallback);
	EXPECT_EQ(mpool_count(&to), 5U);
	EXPECT_EQ(mpool_count(&from), 0U);
	EXPECT_EQ(from.fallback, nullptr);
	EXPECT_EQ(mpool_alloc(&from), nullptr);
	EXPECT_EQ(mpool_alloc(&to), entry(10));
}

TEST_F(MpoolTest, fini_returns_to_fallback)
{
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(0), 2 * kEntry));
	mpool_init_with_fallback(&local, &fallback);
	ASSERT_TRUE(mpool_add_chunk(&local, entry(8), 4 * kEntry));
	/* A borrowed entry, freed locally, also goes back. */
	void *borrowed = mpool_alloc_contiguous(&fallback, 1, 1);
	ASSERT_NE(borrowed, nullptr);
	mpool_free(&local, borrowed);
	ASSERT_EQ(mpool_count(&local), 5U);
	ASSERT_EQ(mpool_count(&fallback), 1U);

	mpool_fini(&local);
	EXPECT_EQ(mpool_count(&local), 0U);
	EXPECT_EQ(local.fallback, nullptr);
	EXPECT_EQ(mpool_alloc(&local), nullptr);
	EXPECT_EQ(mpool_count(&fallback), 6U);

	/* The returned chunk is still contiguous in the fallback. */
	EXPECT_EQ(mpool_alloc_contiguous(&fallback, 4, 4), entry(8));
	std::vector<void *> rest = drain(&fallback);
	EXPECT_EQ(rest.size(), 2U);
}

TEST_F(MpoolTest, fini_without_fallback_empties)
{
	ASSERT_TRUE(mpool_add_chunk(&pool, entry(0), 4 * kEntry));
	mpool_free(&pool, entry(10));
	mpool_fini(&pool);
	EXPECT_EQ(mpool_count(&pool), 0U);
	EXPECT_EQ(mpool_alloc(&pool), nullptr);
}

TEST_F(MpoolTest, count_excludes_fallback)
{
	struct mpool local;

	ASSERT_TRUE(mpool_add_chunk(&fallback, entry(0), 8 * kEntry));
	mpool_init_with_fallback(&local, &fallback);
	EXPECT_EQ(mpool_count(&local), 0U);
	ASSERT_TRUE(mpool_add_chunk(&local, entry(16), 3 * kEntry));
	mpool_free(&local, entry(30));
	EXPECT_EQ(mpool_count(&local), 4U);
	EXPECT_EQ(mpool_count(&fallback), 8U);
}

TEST_F(MpoolTest, page_sized_entries)
{
	struct mpool pages;

	mpool_init(&pages, 4096);
	/* The arena is exactly one page: a chunk one byte short fails. */
	EXPECT_FALSE(mpool_add_chunk(&pages, arena, sizeof(arena) - 1));
	EXPECT_TRUE(mpool_add_chunk(&pages, arena, sizeof(arena)));
	EXPECT_EQ(mpool_count(&pages), 1U);
	EXPECT_EQ(mpool_alloc(&pages), static_cast<void *>(arena));
}

TEST_F(MpoolTest, locked_concurrent_alloc_free)
{
	/* Four threads share one pool with locks on; nothing is lost. */
	ASSERT_TRUE(mpool_add_chunk(&pool, arena, sizeof(arena)));
	mpool_enable_locks();

	std::vector<std::thread> threads;
	for (int t = 0; t < 4; t++) {
		threads.emplace_back([this] {
			for (int i = 0; i < 2000; i++) {
				void *a = mpool_alloc(&pool);
				void *b = mpool_alloc(&pool);

				ASSERT_NE(a, nullptr);
				ASSERT_NE(b, nullptr);
				ASSERT_NE(a, b);
				mpool_free(&pool, a);
				mpool_free(&pool, b);
			}
		});
	}
	for (auto &th : threads) {
		th.join();
	}
	EXPECT_EQ(mpool_count(&pool), kEntries);
	std::vector<void *> got = drain(&pool);
	std::set<void *> unique(got.begin(), got.end());
	EXPECT_EQ(unique.size(), kEntries);
}

} /* namespace */
