/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "mm_fixture.h"

/*
 * Page tables: the two-phase update contract. TLB invalidations and
 * break-before-make per operation, failure injected at every allocation,
 * batches of requests prepared together.
 */

namespace
{

using namespace mm_test;

/* How many invalidations each kind of update costs. */
TEST_F(MmTest, tlbi_once_per_operation_and_only_when_needed)
{
	struct mm_ptable t;
	const struct {
		const char *what;
		uint64_t begin, end, pa;
		uint32_t mode;
		size_t tlbi;
	} steps[] = {
		{ "fresh map", 0, 4 * k2M, 0, kRW, 0 },
		{ "same again", 0, 4 * k2M, 0, kRW, 0 },
		{ "reduce permissions", 0, 4 * k2M, 0, kR, 1 },
		{ "split one page", kPage, 2 * kPage, kPage, kRW, 1 },
		{ "new output address", k2M, 2 * k2M, 64 * k2M, kR, 1 },
		{ "unmap many pages", 0, 3 * k2M, 0, MM_MODE_UNMAPPED, 1 },
		{ "unmap absent", 0, 3 * k2M, 0, MM_MODE_UNMAPPED, 0 },
		{ "map over absent", 0, k2M, 0, kRX, 0 },
	};

	init_s1(&t);
	for (const auto &s : steps) {
		fake_mm_reset();
		ASSERT_EQ(map(&t, s.begin, s.end, s.pa, s.mode, &ppool),
			  MM_SUCCESS)
		    << s.what;
		EXPECT_EQ(fake_mm_recorded().stage1, s.tlbi) << s.what;
		EXPECT_EQ(fake_mm_recorded().stage2, 0U) << s.what;
	}
	EXPECT_MODE(mode_of(&t, 0, k2M), kRX);
	EXPECT_MODE(mode_of(&t, k2M, 3 * k2M), MM_MODE_UNMAPPED);
	EXPECT_MODE(mode_of(&t, 3 * k2M, 4 * k2M), kR);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/*
 * Break-before-make, as the fake arch sees live writes: 'B' break, 'I'
 * invalidate, 'M' make, 'C' in-place permission change, 'X' a valid entry
 * replaced without a break (never allowed where BBM is needed).
 */
TEST_F(MmTest, break_before_make_order)
{
	struct mm_ptable t;
	const struct {
		const char *what;
		uint64_t begin, end, pa;
		uint32_t mode;
		const char *events;
	} steps[] = {
		{ "fresh map", 0, 4 * k2M, 0, kRW, "" },
		{ "permissions, batched", 0, 4 * k2M, 0, kR, "CCCCI" },
		{ "new output address", k2M, 2 * k2M, 64 * k2M, kR, "BIM" },
		{ "split", kPage, 2 * kPage, kPage, kRW, "BIM" },
		{ "merge back", kPage, 2 * kPage, kPage, kR, "CBI" },
		/* Four blocks, then the two tables that became empty. */
		{ "unmap", 0, 4 * k2M, 0, MM_MODE_UNMAPPED, "BBBBBBI" },
	};

	init_s1(&t);
	for (const auto &s : steps) {
		fake_mm_reset();
		ASSERT_EQ(map(&t, s.begin, s.end, s.pa, s.mode, &ppool),
			  MM_SUCCESS)
		    << s.what;
		EXPECT_STREQ(fake_mm_recorded().events, s.events) << s.what;
	}
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Stage-2 invalidation is by VMID, with the partition's own roots. */
TEST_F(MmTest, stage2_tlbi_names_vmid_and_both_roots)
{
	struct mm_stage2 s2;
	uint32_t ns_rw = kRW | MM_MODE_NS;

	ASSERT_EQ(mm_stage2_init(&s2, 42, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.ns, 0, 8 * k2M, 0x80000000, ns_rw, &ppool),
		  MM_SUCCESS);
	fake_mm_reset();
	ASSERT_EQ(map(&s2.ns, 0, 8 * k2M, 0, MM_MODE_UNMAPPED, &ppool),
		  MM_SUCCESS);
	struct fake_mm_record rec = fake_mm_recorded();
	EXPECT_EQ(rec.stage2, 1U);
	EXPECT_EQ(rec.stage1, 0U);
	EXPECT_EQ(rec.last_vmid, 42U);
	EXPECT_EQ(rec.last_secure_root, pa_addr(s2.secure.root));
	EXPECT_EQ(rec.last_ns_root, pa_addr(s2.ns.root));
	mm_stage2_fini(&s2, &ppool);
}

/*
 * Failure injection: for an update that needs N tables, a pool holding
 * only k < N pages fails the (k+1)-th allocation. Each time the tables must
 * be byte-identical and the pool must hold its k pages again.
 */
void expect_fails_cleanly_at_every_step(MmTest *fixture, struct mm_ptable *t,
					const struct mm_req &req, size_t need)
{
	(void)fixture;
	std::vector<TableDump> before = dump(*t);

	for (size_t k = 0; k < need; k++) {
		alignas(4096) static uint8_t spare[8 * 4096];
		struct mpool pool;

		ASSERT_LE(need, 8U);
		mpool_init(&pool, kPage);
		if (k > 0) {
			ASSERT_TRUE(mpool_add_chunk(&pool, spare, k * kPage));
		}
		struct mm_ptable_locked l = mm_ptable_lock(t);
		EXPECT_EQ(mm_map(l, &req, &pool), MM_ERROR_NO_MEMORY)
		    << "failure at allocation " << k + 1;
		mm_ptable_unlock(&l);
		EXPECT_EQ(mpool_count(&pool), k) << "allocation " << k + 1;
		EXPECT_TRUE(dump(*t) == before) << "allocation " << k + 1;
		EXPECT_EQ(t->outstanding, 0U);
	}
}

TEST_F(MmTest, failure_at_every_allocation_stage1_fresh)
{
	struct mm_ptable t;
	/* In the second 512 GiB: a table at each of levels 2, 1 and 0. */
	struct mm_req req = { 0x8000001000, 0x8000002000, pa_init(0x8000001000),
			      kRW };

	init_s1(&t);
	ASSERT_EQ(map(&t, 0x40000000, 0x40001000, kR), MM_SUCCESS);
	size_t need = tables_needed(&t, req);
	EXPECT_EQ(need, 3U);
	expect_fails_cleanly_at_every_step(this, &t, req, need);
	ASSERT_EQ(map(&t, req.begin, req.end, kRW), MM_SUCCESS);
	EXPECT_MODE(mode_of(&t, req.begin, req.end), kRW);
	fini(&t);
}

TEST_F(MmTest, failure_at_every_allocation_split_both_ends)
{
	struct mm_ptable t;
	/* Ends inside two 1 GiB blocks: split each down to pages. */
	struct mm_req req = { k1G + k2M + kPage, 2 * k1G + 3 * kPage,
			      pa_init(k1G + k2M + kPage), kR };

	init_s1(&t);
	ASSERT_EQ(map(&t, k1G, 3 * k1G, kRW), MM_SUCCESS);
	size_t need = tables_needed(&t, req);
	EXPECT_EQ(need, 4U);
	expect_fails_cleanly_at_every_step(this, &t, req, need);
	ASSERT_EQ(map(&t, req.begin, req.end, kR), MM_SUCCESS);
	EXPECT_MODE(mode_of(&t, req.begin, req.end), kR);
	EXPECT_MODE(mode_of(&t, k1G, req.begin), kRW);
	EXPECT_MODE(mode_of(&t, req.end, 3 * k1G), kRW);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

TEST_F(MmTest, failure_at_every_allocation_stage2_unmap_split)
{
	struct mm_stage2 s2;
	struct mm_req req = { 5 * k1G + 7 * kPage, 5 * k1G + 8 * kPage,
			      pa_init(0), MM_MODE_UNMAPPED };

	ASSERT_EQ(mm_stage2_init(&s2, 9, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, 5 * k1G, 6 * k1G, 5 * k1G, kRW, &ppool),
		  MM_SUCCESS);
	size_t need = tables_needed(&s2.secure, req);
	EXPECT_EQ(need, 2U);
	expect_fails_cleanly_at_every_step(this, &s2.secure, req, need);
	fake_mm_reset();
	ASSERT_EQ(
	    map(&s2.secure, req.begin, req.end, 0, MM_MODE_UNMAPPED, &ppool),
	    MM_SUCCESS);
	EXPECT_EQ(fake_mm_recorded().stage2, 1U);
	EXPECT_MODE(mode_of(&s2.secure, req.begin, req.end), MM_MODE_UNMAPPED);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* A batch: several requests prepared, then all committed. */
TEST_F(MmTest, batch_prepare_all_then_commit_all)
{
	struct mm_ptable t;
	struct mm_req reqs[] = {
		{ 4 * k2M, 4 * k2M + kPage, pa_init(4 * k2M), kR },
		{ 4 * k2M + kPage, 4 * k2M + 2 * kPage,
		  pa_init(4 * k2M + kPage), kR },
		{ 9 * k2M, 10 * k2M, pa_init(9 * k2M), kRX },
	};
	struct mm_update u;

	init_s1(&t);
	ASSERT_EQ(map(&t, 4 * k2M, 5 * k2M, kRW), MM_SUCCESS);
	size_t before = mpool_count(&ppool);
	struct mm_ptable_locked l = mm_ptable_lock(&t);

	mm_update_init(&u, &ppool);
	for (const auto &r : reqs) {
		ASSERT_EQ(mm_prepare(l, &u, &r), MM_SUCCESS);
	}
	/* Both pages need the split of the same block: planned once. */
	EXPECT_EQ(u.reserve_count, 1U);
	EXPECT_EQ(t.outstanding, 3U);
	fake_mm_reset();
	for (const auto &r : reqs) {
		mm_commit(l, &u, &r);
	}
	EXPECT_EQ(t.outstanding, 0U);
	EXPECT_EQ(u.reserve_count, 0U);
	mm_update_fini(l, &u);
	mm_ptable_unlock(&l);

	/* The split invalidates in its commit; the second page at the end. */
	EXPECT_EQ(fake_mm_recorded().stage1, 2U);
	EXPECT_EQ(mpool_count(&ppool), before - 1);
	EXPECT_MODE(mode_of(&t, 4 * k2M, 4 * k2M + 2 * kPage), kR);
	EXPECT_MODE(mode_of(&t, 4 * k2M + 2 * kPage, 5 * k2M), kRW);
	EXPECT_MODE(mode_of(&t, 9 * k2M, 10 * k2M), kRX);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* Permission changes in a batch share one invalidation, at the end. */
TEST_F(MmTest, batch_permission_changes_share_one_tlbi)
{
	struct mm_stage2 s2;
	struct mm_update u;
	uint32_t owned = kRW | MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
	uint32_t lent = kRW | MM_MODE_OWNED | MM_MODE_INVALID;

	ASSERT_EQ(mm_stage2_init(&s2, 4, &ppool), MM_SUCCESS);
	ASSERT_EQ(map(&s2.secure, 0, 16 * kPage, 0x100000, owned, &ppool),
		  MM_SUCCESS);
	struct mm_ptable_locked l = mm_ptable_lock(&s2.secure);

	mm_update_init(&u, &ppool);
	for (uint64_t a = 0; a < 16 * kPage; a += 2 * kPage) {
		struct mm_req r = { a, a + kPage, pa_init(0x100000 + a), lent };

		ASSERT_EQ(mm_prepare(l, &u, &r), MM_SUCCESS);
	}
	fake_mm_reset();
	for (uint64_t a = 0; a < 16 * kPage; a += 2 * kPage) {
		struct mm_req r = { a, a + kPage, pa_init(0x100000 + a), lent };

		mm_commit(l, &u, &r);
	}
	EXPECT_EQ(fake_mm_recorded().stage2, 0U);
	mm_update_fini(l, &u);
	mm_ptable_unlock(&l);
	EXPECT_STREQ(fake_mm_recorded().events, "BBBBBBBBI");
	EXPECT_EQ(fake_mm_recorded().stage2, 1U);
	EXPECT_MODE(mode_of(&s2.secure, 2 * kPage, 3 * kPage), lent);
	EXPECT_MODE(mode_of(&s2.secure, 3 * kPage, 4 * kPage), owned);
	mm_stage2_fini(&s2, &ppool);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}

/* A batch whose last prepare fails: abandoning it changes nothing. */
TEST_F(MmTest, batch_abandoned_after_failed_prepare)
{
	struct mm_ptable t;
	struct mpool small;
	alignas(4096) static uint8_t three_pages[3 * 4096];
	struct mm_req a = { 0x10000000, 0x10001000, pa_init(0x10000000), kR };
	struct mm_req b = { 0x7000000000, 0x7000001000, pa_init(0x1000), kR };
	struct mm_update u;

	init_s1(&t);
	std::vector<TableDump> before = dump(t);
	mpool_init(&small, kPage);
	ASSERT_TRUE(mpool_add_chunk(&small, three_pages, 2 * kPage));
	struct mm_ptable_locked l = mm_ptable_lock(&t);

	mm_update_init(&u, &small);
	EXPECT_EQ(mm_prepare(l, &u, &a), MM_ERROR_NO_MEMORY);
	EXPECT_EQ(mpool_count(&small), 2U);
	mm_update_fini(l, &u);
	mm_ptable_unlock(&l);
	EXPECT_TRUE(dump(t) == before);
	EXPECT_EQ(t.outstanding, 0U);

	/* With enough pages for `a` alone, `b` fails and both are dropped. */
	ASSERT_TRUE(mpool_add_chunk(&small, three_pages + 2 * kPage, kPage));
	l = mm_ptable_lock(&t);
	mm_update_init(&u, &small);
	ASSERT_EQ(mm_prepare(l, &u, &a), MM_SUCCESS);
	EXPECT_EQ(mm_prepare(l, &u, &b), MM_ERROR_NO_MEMORY);
	EXPECT_EQ(t.outstanding, 1U);
	mm_update_fini(l, &u);
	mm_ptable_unlock(&l);
	EXPECT_EQ(t.outstanding, 0U);
	EXPECT_EQ(mpool_count(&small), 3U);
	EXPECT_TRUE(dump(t) == before);
	fini(&t);
}

/* Committing what was never prepared is a broken invariant: it traps. */
TEST_F(MmTest, commit_without_prepare_traps)
{
	struct mm_ptable t;
	struct mm_req req = { 0, kPage, pa_init(0), kR };

	init_s1(&t);
	EXPECT_DEATH(
	    {
		    struct mm_ptable_locked l = mm_ptable_lock(&t);
		    struct mm_update u;

		    mm_update_init(&u, &ppool);
		    mm_commit(l, &u, &req);
	    },
	    "");
	fini(&t);
}

} /* namespace */

/*
 * Many one-page requests under one block reserve its split once, so an
 * update of 512 pages fits in a small pool; a failed prepare forgets the
 * table it planned, so the next request counts it again.
 */
TEST_F(MmTest, batch_many_pages_one_table)
{
	struct mm_ptable t;
	struct mm_update u;

	init_s1(&t);
	struct mm_ptable_locked l = mm_ptable_lock(&t);
	size_t before = mpool_count(&ppool);

	mm_update_init(&u, &ppool);
	for (uint64_t i = 0; i < 512; i += 2) {
		struct mm_req r =
		    mm_req_identity(pa_init(8 * k2M + i * kPage),
				    pa_init(8 * k2M + (i + 1) * kPage), kRW);

		ASSERT_EQ(mm_prepare(l, &u, &r), MM_SUCCESS);
	}
	/* One table per level below the root (512 GiB, 1 GiB, 2 MiB). */
	EXPECT_EQ(u.reserve_count, 3U);
	for (uint64_t i = 0; i < 512; i += 2) {
		struct mm_req r =
		    mm_req_identity(pa_init(8 * k2M + i * kPage),
				    pa_init(8 * k2M + (i + 1) * kPage), kRW);

		mm_commit(l, &u, &r);
	}
	mm_update_fini(l, &u);
	mm_ptable_unlock(&l);
	EXPECT_EQ(mpool_count(&ppool), before - 3);
	EXPECT_MODE(mode_of(&t, 8 * k2M, 8 * k2M + kPage), kRW);
	EXPECT_MODE(mode_of(&t, 8 * k2M + kPage, 8 * k2M + 2 * kPage), 0U);
	fini(&t);
	EXPECT_EQ(mpool_count(&ppool), kPoolPages);
}
