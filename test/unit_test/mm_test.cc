/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <set>
#include <string>

#include "mm_fixture.h"

/*
 * Page tables: mapping with blocks, splitting, merging, unmapping without
 * leaks, entry formats and mode rules, queries, the SPMC image.
 */

namespace
{

using namespace mm_test;

TEST_F(MmTest, init_s1_root_is_one_empty_page)
{
	struct mm_ptable t;

	init_s1(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages - 1);
	EXPECT_EQ(pa_addr(t.root) % kPage, 0U);
	EXPECT_MODE(mode_of(&t, 0, 1ULL << 48), MM_MODE_UNMAPPED);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

TEST_F(MmTest, init_rejects_stage2_kinds_and_empty_pool)
{
	struct mm_ptable t;
	struct mpool empty;

	EXPECT_EQ(mm_ptable_init(&t, MM_S2_SECURE, &ppool), MM_ERROR_MODE);
	mpool_init(&empty, kPage);
	EXPECT_EQ(mm_ptable_init(&t, MM_S1_EL2, &empty), MM_ERROR_NO_MEMORY);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

TEST_F(MmTest, stage2_roots_are_two_concatenated_aligned_pages)
{
	struct mm_stage2 s2;

	ASSERT_EQ(mm_stage2_init(&s2, 7, &ppool), MM_SUCCESS);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages - 4);
	EXPECT_EQ(pa_addr(s2.secure.root) % (2 * kPage), 0U);
	EXPECT_EQ(pa_addr(s2.ns.root) % (2 * kPage), 0U);
	EXPECT_EQ(s2.secure.s2, &s2);
	EXPECT_MODE(mode_of(&s2.secure, 0, 1ULL << 40), MM_MODE_UNMAPPED);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

TEST_F(MmTest, map_one_page_builds_one_table_per_level)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, 0x80001000, 0x80002000, kRW), MM_SUCCESS);
	/* Root (level 3) + tables at levels 2, 1 and 0. */
	EXPECT_EQ(table_pages(t), 4U);
	EXPECT_EQ(leaves(t)[0], 1U);
	EXPECT_MODE(mode_of(&t, 0x80001000, 0x80002000), kRW);
	EXPECT_MODE(mode_of(&t, 0x80000000, 0x80001000), MM_MODE_UNMAPPED);
	EXPECT_MIXED(mode_of(&t, 0x80000000, 0x80002000));
	EXPECT_EQ(fake_mm_recorded().stage1, 0U);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Mapping 512 aligned pages writes one 2 MiB block, not 512 pages. */
TEST_F(MmTest, map_aligned_2m_is_one_block)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, 0x40200000, 0x40200000 + 512 * kPage, kRW),
		  MM_SUCCESS);
	EXPECT_EQ(table_pages(t), 3U);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 0, 1, 0, 0 }));
	EXPECT_MODE(mode_of(&t, 0x40200000, 0x40400000), kRW);
	fini(&t);
}

TEST_F(MmTest, map_aligned_1g_is_one_block)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, k1G, 2 * k1G, kRW), MM_SUCCESS);
	EXPECT_EQ(table_pages(t), 2U);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 0, 0, 1, 0 }));
	fini(&t);
}

/* An unaligned range: pages at the ends, the largest blocks between. */
TEST_F(MmTest, map_unaligned_range_uses_largest_blocks)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, kPage, k1G + 2 * kPage, kRW), MM_SUCCESS);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 511 + 2, 511, 0, 0 }));
	EXPECT_MODE(mode_of(&t, kPage, k1G + 2 * kPage), kRW);
	EXPECT_MIXED(mode_of(&t, 0, k1G + 2 * kPage));
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Input and output not congruent modulo 2 MiB: only pages can map it. */
TEST_F(MmTest, map_misaligned_output_uses_pages)
{
	struct mm_stage2 s2;

	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, k2M, 2 * k2M, 0x10001000, kRW, &ppool),
		  MM_SUCCESS);
	EXPECT_EQ(leaves(s2.secure), (std::vector<size_t>{ 512, 0, 0, 0 }));
	EXPECT_MODE(mode_of(&s2.secure, k2M, 2 * k2M), kRW);
	mm_stage2_fini(&s2, &ppool);
}

/* Stage-2 roots are at level 2: a 1 GiB block needs no table at all. */
TEST_F(MmTest, stage2_1g_block_in_root)
{
	struct mm_stage2 s2;
	size_t before;

	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);
	before = mpool_count(&ppool);
	ASSERT_EQ(map(&s2.secure, k1G, 3 * k1G, k1G, kRW, &ppool), MM_SUCCESS);
	EXPECT_EQ(mpool_count(&ppool), before);
	EXPECT_EQ(leaves(s2.secure), (std::vector<size_t>{ 0, 0, 2, 0 }));
	mm_stage2_fini(&s2, &ppool);
}

/* IPAs with bit 39 set are in the second concatenated root page. */
TEST_F(MmTest, stage2_second_root_page_and_ipa_limit)
{
	struct mm_stage2 s2;
	uint64_t top = 1ULL << 40;

	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, top - kPage, top, 0x1000, kR, &ppool),
		  MM_SUCCESS);
	EXPECT_MODE(mode_of(&s2.secure, top - kPage, top), kR);
	EXPECT_NE(dump(s2.secure)[0].entries[1023], 0U);
	EXPECT_EQ(map(&s2.secure, top, top + kPage, 0x1000, kR, &ppool),
		  MM_ERROR_RANGE);
	EXPECT_EQ(mode_of(&s2.secure, top - kPage, top + kPage).status,
		  MM_MODE_STATUS_BAD_RANGE);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Changing one page inside a block splits it once, with one TLBI. */
TEST_F(MmTest, split_block_for_one_page)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, 4 * k2M, 5 * k2M, kRW), MM_SUCCESS);
	fake_mm_reset();
	ASSERT_EQ(map(&t, 4 * k2M + 5 * kPage, 4 * k2M + 6 * kPage, kR),
		  MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage1, 1U);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 512, 0, 0, 0 }));
	EXPECT_MODE(mode_of(&t, 4 * k2M + 5 * kPage, 4 * k2M + 6 * kPage), kR);
	EXPECT_MODE(mode_of(&t, 4 * k2M, 4 * k2M + 5 * kPage), kRW);
	EXPECT_MODE(mode_of(&t, 4 * k2M + 6 * kPage, 5 * k2M), kRW);
	EXPECT_MIXED(mode_of(&t, 4 * k2M, 5 * k2M));
	fini(&t);
}

/* Splitting 1 GiB down to a page: a table at each level below it. */
TEST_F(MmTest, split_1g_block_to_page)
{
	struct mm_ptable t;

	init_s1(&t);
	ASSERT_EQ(map(&t, k1G, 2 * k1G, kRW), MM_SUCCESS);
	ASSERT_EQ(map(&t, k1G + k2M, k1G + k2M + kPage, kR), MM_SUCCESS);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 512, 511, 0, 0 }));
	EXPECT_MODE(mode_of(&t, k1G, k1G + k2M), kRW);
	EXPECT_MODE(mode_of(&t, k1G + k2M, k1G + k2M + kPage), kR);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Giving the split page its old mode back merges the table into a block. */
TEST_F(MmTest, merge_back_into_block_frees_table)
{
	struct mm_ptable t;
	size_t after_block;

	init_s1(&t);
	ASSERT_EQ(map(&t, 4 * k2M, 5 * k2M, kRW), MM_SUCCESS);
	after_block = mpool_count(&ppool);
	ASSERT_EQ(map(&t, 4 * k2M, 4 * k2M + kPage, kR), MM_SUCCESS);
	EXPECT_EQ(mpool_count(&ppool), after_block - 1);
	fake_mm_reset();
	ASSERT_EQ(map(&t, 4 * k2M, 4 * k2M + kPage, kRW), MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage1, 1U);
	EXPECT_EQ(mpool_count(&ppool), after_block);
	EXPECT_EQ(leaves(t), (std::vector<size_t>{ 0, 1, 0, 0 }));
	fini(&t);
}

/* 512 pages mapped one by one end as one block; merges cascade up. */
TEST_F(MmTest, merge_pages_mapped_one_by_one)
{
	struct mm_stage2 s2;
	uint64_t base = 3 * k1G;

	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);
	for (uint64_t a = base; a < base + k2M; a += kPage) {
		ASSERT_EQ(map(&s2.secure, a, a + kPage, a, kRW, &ppool),
			  MM_SUCCESS);
	}
	EXPECT_EQ(leaves(s2.secure), (std::vector<size_t>{ 0, 1, 0, 0 }));
	/* The rest of the 1 GiB, in 2 MiB steps: one 1 GiB block remains. */
	for (uint64_t a = base + k2M; a < base + k1G; a += k2M) {
		ASSERT_EQ(map(&s2.secure, a, a + k2M, a, kRW, &ppool),
			  MM_SUCCESS);
	}
	EXPECT_EQ(leaves(s2.secure), (std::vector<size_t>{ 0, 0, 1, 0 }));
	EXPECT_EQ(table_pages(s2.secure), 2U);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Unmapping a page frees every table that became empty, to the root. */
TEST_F(MmTest, unmap_frees_empty_tables_up_to_root)
{
	struct mm_ptable t;
	size_t empty;

	init_s1(&t);
	empty = mpool_count(&ppool);
	ASSERT_EQ(map(&t, 0x80001000, 0x80003000, kRW), MM_SUCCESS);
	ASSERT_EQ(unmap(&t, 0x80001000, 0x80002000), MM_SUCCESS);
	EXPECT_EQ(mpool_count(&ppool), empty - 3);
	ASSERT_EQ(unmap(&t, 0x80002000, 0x80003000), MM_SUCCESS);
	EXPECT_EQ(mpool_count(&ppool), empty);
	EXPECT_EQ(table_pages(t), 1U);
	fini(&t);
}

/* Map a mix of blocks, splits and pages; unmap it all: no page is lost. */
TEST_F(MmTest, unmap_everything_returns_every_page)
{
	struct mm_ptable t;
	size_t empty;

	init_s1(&t);
	empty = mpool_count(&ppool);
	ASSERT_EQ(map(&t, kPage, k1G + 2 * kPage, kRW), MM_SUCCESS);
	ASSERT_EQ(map(&t, 5 * k1G, 6 * k1G, kR), MM_SUCCESS);
	ASSERT_EQ(map(&t, 5 * k1G + k2M, 5 * k1G + k2M + kPage, kRW),
		  MM_SUCCESS);
	ASSERT_EQ(
	    map(&t, 1ULL << 40, (1ULL << 40) + kPage, MM_MODE_R | MM_MODE_D),
	    MM_SUCCESS);
	EXPECT_LT(mpool_count(&ppool), empty);
	fake_mm_reset();
	ASSERT_EQ(unmap(&t, 0, 1ULL << 48), MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage1, 1U);
	EXPECT_EQ(mpool_count(&ppool), empty);
	EXPECT_MODE(mode_of(&t, 0, 1ULL << 48), MM_MODE_UNMAPPED);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Each range unmapped on its own also returns every page. */
TEST_F(MmTest, unmap_range_by_range_returns_every_page)
{
	struct mm_ptable t;
	const uint64_t ranges[][2] = {
		{ kPage, 3 * kPage },
		{ k2M - kPage, k2M + kPage },
		{ 7 * k1G, 7 * k1G + k2M },
		{ 9 * k1G + 3 * kPage, 10 * k1G + 5 * k2M },
	};
	size_t empty;

	init_s1(&t);
	empty = mpool_count(&ppool);
	for (const auto &r : ranges) {
		ASSERT_EQ(map(&t, r[0], r[1], kRW), MM_SUCCESS);
	}
	for (const auto &r : ranges) {
		ASSERT_EQ(unmap(&t, r[0], r[1]), MM_SUCCESS);
	}
	EXPECT_EQ(mpool_count(&ppool), empty);
	fini(&t);
}

/* The fake arch's stage-1 and stage-2 formats differ; modes round-trip. */
TEST_F(MmTest, stage1_and_stage2_formats)
{
	uint32_t mode = kRW | MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
	uint64_t s1 = arch_mm_block_pte(MM_S1_EL2, 0, pa_init(0x5000), mode);
	uint64_t s2 = arch_mm_block_pte(MM_S2_SECURE, 0, pa_init(0x5000), mode);

	EXPECT_NE(s1, s2);
	EXPECT_EQ(arch_mm_pte_mode(MM_S1_EL2, s1, 0), mode);
	EXPECT_EQ(arch_mm_pte_mode(MM_S2_SECURE, s2, 0), mode);
	EXPECT_EQ(arch_mm_pte_mode(MM_S2_NS, s2, 0), mode | MM_MODE_NS);
	EXPECT_EQ(pa_addr(arch_mm_pte_addr(s2, 0)), 0x5000U);
	EXPECT_EQ(arch_mm_pte_kind(s1, 0), ARCH_MM_PTE_BLOCK);
	EXPECT_EQ(
	    arch_mm_pte_kind(arch_mm_block_pte(MM_S2_SECURE, 1, pa_init(0),
					       kR | MM_MODE_INVALID),
			     1),
	    ARCH_MM_PTE_INVALID_BLOCK);
	/* Stage 1 carries NS in the entry; stage 2 does not. */
	EXPECT_NE(arch_mm_block_pte(MM_S1_EL2, 0, pa_init(0), kR | MM_MODE_NS),
		  arch_mm_block_pte(MM_S1_EL2, 0, pa_init(0), kR));
	EXPECT_EQ(arch_mm_block_pte(MM_S2_NS, 0, pa_init(0), kR | MM_MODE_NS),
		  arch_mm_block_pte(MM_S2_SECURE, 0, pa_init(0), kR));
}

/* NS and USER are accepted only where the table kind can express them. */
TEST_F(MmTest, mode_rules_per_stage)
{
	struct mm_ptable s1;
	struct mm_ptable s1_el20;
	struct mm_stage2 s2;

	init_s1(&s1);
	init_s1(&s1_el20, MM_S1_EL20);
	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);

	EXPECT_EQ(map(&s1, 0, kPage, kRW | MM_MODE_NS), MM_SUCCESS);
	EXPECT_MODE(mode_of(&s1, 0, kPage), kRW | MM_MODE_NS);
	EXPECT_EQ(map(&s1, 0, kPage, kRW | MM_MODE_USER), MM_ERROR_MODE);
	EXPECT_EQ(map(&s1_el20, 0, kPage, kRX | MM_MODE_USER), MM_SUCCESS);
	EXPECT_MODE(mode_of(&s1_el20, 0, kPage), kRX | MM_MODE_USER);

	EXPECT_EQ(map(&s2.secure, 0, kPage, 0, kRW | MM_MODE_NS, &ppool),
		  MM_ERROR_MODE);
	EXPECT_EQ(map(&s2.ns, 0, kPage, 0, kRW, &ppool), MM_ERROR_MODE);
	EXPECT_EQ(map(&s2.ns, 0, kPage, 0, kRW | MM_MODE_NS, &ppool),
		  MM_SUCCESS);
	EXPECT_MODE(mode_of(&s2.ns, 0, kPage), kRW | MM_MODE_NS);
	EXPECT_EQ(map(&s2.secure, 0, kPage, 0, kR | MM_MODE_USER, &ppool),
		  MM_ERROR_MODE);

	fini(&s1);
	fini(&s1_el20);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Every bad request is refused with its error and changes nothing. */
TEST_F(MmTest, bad_requests_are_refused_without_change)
{
	struct mm_ptable t;
	const struct {
		uint64_t begin, end, pa;
		uint32_t mode;
		enum mm_error err;
	} bad[] = {
		{ kPage, kPage, kPage, kR, MM_ERROR_RANGE },
		{ 2 * kPage, kPage, kPage, kR, MM_ERROR_RANGE },
		{ 1, kPage, 0, kR, MM_ERROR_RANGE },
		{ 0, kPage + 1, 0, kR, MM_ERROR_RANGE },
		{ 0, (1ULL << 48) + kPage, 0, kR, MM_ERROR_RANGE },
		{ 0, kPage, 0x10, kR, MM_ERROR_OUTPUT },
		{ 0, kPage, (1ULL << 48) - kPage / 2, kR, MM_ERROR_OUTPUT },
		{ 0, 2 * kPage, (1ULL << 48) - kPage, kR, MM_ERROR_OUTPUT },
		{ 0, kPage, ~0ULL & ~(kPage - 1), kR, MM_ERROR_OUTPUT },
		{ 0, kPage, 0, MM_MODE_W, MM_ERROR_MODE },
		{ 0, kPage, 0, MM_MODE_R | MM_MODE_D | MM_MODE_X,
		  MM_ERROR_MODE },
		{ 0, kPage, 0, MM_MODE_R | (1U << 20), MM_ERROR_MODE },
		{ 0, kPage, 0, MM_MODE_INVALID | MM_MODE_OWNED, MM_ERROR_MODE },
		{ 0, kPage, 0, kRW | MM_MODE_X, MM_ERROR_MODE },
	};

	init_s1(&t);
	ASSERT_EQ(map(&t, 0, k2M, kRW), MM_SUCCESS);
	std::vector<TableDump> before = dump(t);
	size_t pool = mpool_count(&ppool);

	for (const auto &b : bad) {
		EXPECT_EQ(map(&t, b.begin, b.end, b.pa, b.mode, &ppool), b.err)
		    << std::hex << b.begin << ".." << b.end << " pa " << b.pa
		    << " mode " << b.mode;
	}
	EXPECT_EQ(dump(t), before);
	EXPECT_EQ(mpool_count(&ppool), pool);
	EXPECT_EQ(mode_of(&t, 1, kPage).status, MM_MODE_STATUS_BAD_RANGE);
	EXPECT_EQ(mode_of(&t, kPage, kPage).status, MM_MODE_STATUS_BAD_RANGE);
	fini(&t);
}

/* Kept-invalid mappings hold their attributes and cost no TLBI later. */
TEST_F(MmTest, invalid_mode_keeps_attributes)
{
	struct mm_stage2 s2;
	uint32_t owned = kRW | MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
	uint32_t lent = kRW | MM_MODE_OWNED | MM_MODE_INVALID;

	ASSERT_EQ(mm_stage2_init(&s2, 3, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, 0, 2 * k2M, 0, owned, &ppool), MM_SUCCESS);
	fake_mm_reset();
	ASSERT_EQ(map(&s2.secure, k2M, 2 * k2M, k2M, lent, &ppool), MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage2, 1U);
	EXPECT_MODE(mode_of(&s2.secure, k2M, 2 * k2M), lent);
	EXPECT_EQ(leaves(s2.secure), (std::vector<size_t>{ 0, 2, 0, 0 }));
	fake_mm_reset();
	ASSERT_EQ(map(&s2.secure, k2M, 2 * k2M, k2M, owned, &ppool),
		  MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage2, 0U);
	EXPECT_MODE(mode_of(&s2.secure, 0, 2 * k2M), owned);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Ownership bits change without break-before-make, one TLBI. */
TEST_F(MmTest, ownership_bits_change_in_place)
{
	struct mm_stage2 s2;
	uint32_t owned = kRW | MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
	uint32_t shared = kRW | MM_MODE_OWNED | MM_MODE_SHARED;
	uint64_t pte;

	ASSERT_EQ(mm_stage2_init(&s2, 3, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, 0, k1G, 0, owned, &ppool), MM_SUCCESS);
	pte = dump(s2.secure)[0].entries[0];
	EXPECT_FALSE(arch_mm_needs_bbm(
	    pte, arch_mm_block_pte(MM_S2_SECURE, 2, pa_init(0), shared), 2));
	EXPECT_TRUE(arch_mm_needs_bbm(
	    pte, arch_mm_block_pte(MM_S2_SECURE, 2, pa_init(k1G), owned), 2));
	fake_mm_reset();
	ASSERT_EQ(map(&s2.secure, 0, k1G, 0, shared, &ppool), MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage2, 1U);
	EXPECT_MODE(mode_of(&s2.secure, 0, k1G), shared);
	mm_stage2_fini(&s2, &ppool);
}

/* The SPMC image: per-section permissions, in one update. */
TEST_F(MmTest, identity_map_image_sections)
{
	struct mm_ptable t;
	const uint64_t base = 0x0e100000;
	struct mm_image_layout layout = {
		pa_init(base),          pa_init(base + 0x5000),
		pa_init(base + 0x5000), pa_init(base + 0x6a38),
		pa_init(base + 0x7000), pa_init(base + 0x20000),
	};

	init_s1(&t);
	struct mm_ptable_locked l = mm_ptable_lock(&t);
	ASSERT_EQ(mm_identity_map_image(l, &layout, &ppool), MM_SUCCESS);
	mm_ptable_unlock(&l);
	EXPECT_MODE(mode_of(&t, base, base + 0x5000), kRX);
	EXPECT_MODE(mode_of(&t, base + 0x5000, base + 0x7000), kR);
	EXPECT_MODE(mode_of(&t, base + 0x7000, base + 0x20000), kRW);
	EXPECT_MODE(mode_of(&t, base + 0x20000, base + 0x21000),
		    MM_MODE_UNMAPPED);
	fini(&t);
}

TEST_F(MmTest, identity_map_image_refuses_bad_layout_or_no_memory)
{
	struct mm_ptable t;
	struct mpool one;
	alignas(4096) static uint8_t one_page[4096];
	struct mm_image_layout overlap = {
		pa_init(0x1000), pa_init(0x3000), pa_init(0x2000),
		pa_init(0x4000), pa_init(0x5000), pa_init(0x6000),
	};
	struct mm_image_layout good = {
		pa_init(0x1000), pa_init(0x2000), pa_init(0x2000),
		pa_init(0x3000), pa_init(0x3000), pa_init(0x6000),
	};

	init_s1(&t);
	std::vector<TableDump> before = dump(t);
	mpool_init(&one, kPage);
	ASSERT_TRUE(mpool_add_chunk(&one, one_page, sizeof(one_page)));
	struct mm_ptable_locked l = mm_ptable_lock(&t);
	EXPECT_EQ(mm_identity_map_image(l, &overlap, &ppool), MM_ERROR_RANGE);
	EXPECT_EQ(mm_identity_map_image(l, &good, &one), MM_ERROR_NO_MEMORY);
	mm_ptable_unlock(&l);
	EXPECT_TRUE(dump(t) == before);
	EXPECT_EQ(mpool_count(&one), 1U);
	EXPECT_EQ(t.outstanding, 0U);
	fini(&t);
}

/* A query over a large range visits entries, not pages. */
TEST_F(MmTest, get_mode_over_blocks)
{
	struct mm_stage2 s2;

	ASSERT_EQ(mm_stage2_init(&s2, 1, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, 0, 1ULL << 40, 0, kRW, &ppool), MM_SUCCESS);
	EXPECT_EQ(table_pages(s2.secure), 2U);
	EXPECT_MODE(mode_of(&s2.secure, 0, 1ULL << 40), kRW);
	EXPECT_MODE(mode_of(&s2.secure, 3 * kPage, 5 * k1G + kPage), kRW);
	mm_stage2_fini(&s2, &ppool);
}

TEST_F(MmTest, error_names_are_distinct)
{
	std::set<std::string> names;

	for (int e = MM_SUCCESS; e <= MM_ERROR_NO_MEMORY; e++) {
		names.insert(mm_error_name(static_cast<enum mm_error>(e)));
	}
	EXPECT_EQ(names.size(), 5U);
}

} /* namespace */
