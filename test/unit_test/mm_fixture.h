/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <gtest/gtest.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <vector>

#include "spmc/arch/fake_mm.h"
#include "spmc/arch/mm.h"

#include "spmc/mm.h"
#include "spmc/mpool.h"

/*
 * Shared fixture of the page-table tests (mm_test.cc, mm_update_test.cc).
 * They run on the fake arch: its own descriptor format, the AArch64
 * geometry (stage 1: 48-bit VA from level 3; stage 2: 40-bit IPA from
 * level 2 over two concatenated root pages), and recorded TLB
 * invalidations and break-before-make steps.
 */

namespace mm_test
{

constexpr uint64_t kPage = MM_PAGE_SIZE;
constexpr uint64_t k2M = 1ULL << 21;
constexpr uint64_t k1G = 1ULL << 30;
constexpr uint32_t kR = MM_MODE_R;
constexpr uint32_t kRW = MM_MODE_R | MM_MODE_W;
constexpr uint32_t kRX = MM_MODE_R | MM_MODE_X;
constexpr size_t kPoolPages = 512;

/** One table reachable from a root, with its raw entries. */
struct TableDump {
	uintptr_t addr;
	uint8_t level;
	std::vector<uint64_t> entries;

	bool operator==(const TableDump &o) const
	{
		return addr == o.addr && level == o.level &&
		       entries == o.entries;
	}
};

inline void dump_table(const uint64_t *table, uint8_t level, size_t count,
		       std::vector<TableDump> *out)
{
	out->push_back({ reinterpret_cast<uintptr_t>(table), level,
			 std::vector<uint64_t>(table, table + count) });
	if (level == 0) {
		return;
	}
	for (size_t i = 0; i < count; i++) {
		if (arch_mm_pte_kind(table[i], level) == ARCH_MM_PTE_TABLE) {
			dump_table(reinterpret_cast<const uint64_t *>(pa_addr(
				       arch_mm_pte_addr(table[i], level))),
				   level - 1, MM_PTE_PER_TABLE, out);
		}
	}
}

/** Every table of `t`, root first, depth first. */
inline std::vector<TableDump> dump(const struct mm_ptable &t)
{
	std::vector<TableDump> out;

	dump_table(reinterpret_cast<const uint64_t *>(pa_addr(t.root)),
		   arch_mm_root_level(t.stage),
		   arch_mm_root_table_count(t.stage) * MM_PTE_PER_TABLE, &out);
	return out;
}

/** Leaf entries (valid or kept) at each level: [0] pages, [1] 2 MiB... */
inline std::vector<size_t> leaves(const struct mm_ptable &t)
{
	std::vector<size_t> n(4, 0);

	for (const TableDump &d : dump(t)) {
		for (uint64_t pte : d.entries) {
			enum arch_mm_pte_kind k =
			    arch_mm_pte_kind(pte, d.level);

			if (k == ARCH_MM_PTE_BLOCK ||
			    k == ARCH_MM_PTE_INVALID_BLOCK) {
				n[d.level]++;
			}
		}
	}
	return n;
}

/** Number of table pages of `t`, root pages included. */
inline size_t table_pages(const struct mm_ptable &t)
{
	size_t n = arch_mm_root_table_count(t.stage) - 1;

	return n + dump(t).size();
}

class MmTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		mm_enable_locks();
		arena = static_cast<uint8_t *>(
		    aligned_alloc(kPage, kPoolPages * kPage));
		ASSERT_NE(arena, nullptr);
		mpool_init(&ppool, kPage);
		ASSERT_TRUE(mpool_add_chunk(&ppool, arena, kPoolPages * kPage));
		fake_mm_reset();
	}

	void TearDown() override
	{
		free(arena);
	}

	/** A stage-1 table from `ppool`. */
	void init_s1(struct mm_ptable *t, enum mm_stage stage = MM_S1_EL2)
	{
		ASSERT_EQ(mm_ptable_init(t, stage, &ppool), MM_SUCCESS);
	}

	static enum mm_error map(struct mm_ptable *t, uint64_t begin,
				 uint64_t end, uint64_t pa, uint32_t mode,
				 struct mpool *pool)
	{
		struct mm_req req = { begin, end, pa_init(pa), mode };
		struct mm_ptable_locked l = mm_ptable_lock(t);
		enum mm_error ret = mm_map(l, &req, pool);

		mm_ptable_unlock(&l);
		return ret;
	}

	/** Identity-maps `[begin, end)` with `mode` from `ppool`. */
	enum mm_error map(struct mm_ptable *t, uint64_t begin, uint64_t end,
			  uint32_t mode)
	{
		return map(t, begin, end, begin, mode, &ppool);
	}

	enum mm_error unmap(struct mm_ptable *t, uint64_t begin, uint64_t end)
	{
		return map(t, begin, end, 0, MM_MODE_UNMAPPED, &ppool);
	}

	static struct mm_mode_ret mode_of(struct mm_ptable *t, uint64_t begin,
					  uint64_t end)
	{
		struct mm_ptable_locked l = mm_ptable_lock(t);
		struct mm_mode_ret r = mm_get_mode(l, begin, end);

		mm_ptable_unlock(&l);
		return r;
	}

	/** Tables a commit of `req` on `t` would take (prepare, then undo). */
	size_t tables_needed(struct mm_ptable *t, const struct mm_req &req)
	{
		struct mm_ptable_locked l = mm_ptable_lock(t);
		struct mm_update u;
		size_t n;

		mm_update_init(&u, &ppool);
		EXPECT_EQ(mm_prepare(l, &u, &req), MM_SUCCESS);
		n = u.reserve_count;
		mm_update_fini(l, &u);
		mm_ptable_unlock(&l);
		return n;
	}

	void fini(struct mm_ptable *t)
	{
		struct mm_ptable_locked l = mm_ptable_lock(t);

		mm_ptable_fini(l, &ppool);
		mm_ptable_unlock(&l);
	}

	uint8_t *arena = nullptr;
	struct mpool ppool;
};

} /* namespace mm_test */

#define EXPECT_MODE(ret, m)                                   \
	do {                                                  \
		struct mm_mode_ret r_ = (ret);                \
		EXPECT_EQ(r_.status, MM_MODE_STATUS_UNIFORM); \
		EXPECT_EQ(r_.mode, static_cast<uint32_t>(m)); \
	} while (0)

#define EXPECT_MIXED(ret) EXPECT_EQ((ret).status, MM_MODE_STATUS_MIXED)
