/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Memory sharing around the transactions: many of them at once up to the
 * pool's end, TLB invalidations and block mappings, a borrower that
 * aborts, a relinquish in the middle of a fragmented response; and the
 * SPMC bugs these tests found, now fixed (FfaMemFixed).
 */

#include "ffa_mem_fixture.h"

namespace
{

using FfaMemMisc = FfaMemTest;

/* Transactions are bounded by the pool only; the one too many fails clean. */
TEST_F(FfaMemMisc, ManyTransactionsUntilPoolRunsOut)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, c);
	std::vector<uint64_t> handles;
	size_t pool0 = pool_free();
	ffa_value r;

	for (;;) {
		MemSnap before = snap();
		r = send(kNwd, FFA_MEM_SHARE_64, b);
		if (is_error(r)) {
			EXPECT_FFA_ERROR(r, FFA_NO_MEMORY);
			EXPECT_SNAP_EQ(before, snap());
			break;
		}
		handles.push_back(handle_of(r));
		ASSERT_LT(handles.size(), 4096U);
	}
	EXPECT_GT(handles.size(), 300U);
	EXPECT_EQ(store_count(), handles.size());
	EXPECT_EQ(granule(nwd_mem(0)).share_count, handles.size());
	/* Room for a retrieve's copy and tables, then every one works. */
	for (int i = 0; i < 8; i++) {
		ASSERT_FFA_SUCCESS(reclaim(kNwd, handles.back()));
		handles.pop_back();
	}
	retrieve_ok(kSp1, b, handles[handles.size() / 2], FFA_MEM_SHARE_64);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, handles[handles.size() / 2]));
	for (uint64_t h : handles) {
		ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	}
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);
	EXPECT_EQ(pool_free(), pool0);
}

/*
 * One TLB invalidation per table for any number of constituents; a whole
 * aligned 2 MiB constituent is one block entry in the borrower.
 */
TEST_F(FfaMemMisc, OneInvalidationPerTableAndBlocks)
{
	std::vector<ffa_mem_constituent> c = {
		{ at(kNwdBlockOffset), 512, 0 },
		{ nwd_mem(0), 1, 0 },
		{ nwd_mem(2), 1, 0 },
		{ nwd_mem(4), 3, 0 },
	};
	mem_build b =
	    desc(kVm, { { kSp2, kPermRW } }, c, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	size_t blocks = mm_test::leaves(p(kSp2)->s2.secure)[1];

	retrieve_ok(kSp2, b, h, FFA_MEM_LEND_64);
	EXPECT_EQ(mm_test::leaves(p(kSp2)->s2.secure)[1], blocks + 1);
	EXPECT_EQ(mode(kSp2, false, at(kNwdBlockOffset), 512),
		  kRW | MM_MODE_EXCLUSIVE);

	fake_mm_reset();
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h));
	struct fake_mm_record rec = fake_mm_recorded();
	EXPECT_EQ(rec.stage2, 1U) << rec.events;
	EXPECT_EQ(strchr(rec.events, 'X'), nullptr) << rec.events;

	/* SP to SP lend of several constituents, then reclaim. */
	std::vector<ffa_mem_constituent> s = {
		{ sp_mem(kSp1, kSpFreePage), 1, 0 },
		{ sp_mem(kSp1, kSpFreePage + 2), 2, 0 },
		{ sp_mem(kSp1, kSpFreePage + 5), 1, 0 },
	};
	mem_build sb =
	    desc(kSp1, { { kSp3, kPermRW } }, s, MEM_ATTR_NOT_SPECIFIED);
	fake_mm_reset();
	uint64_t hs = send_ok(kSp1, FFA_MEM_LEND_64, sb);
	EXPECT_LE(fake_mm_recorded().stage2, 1U);
	sb.layout = FFA_VERSION_1_1;
	retrieve_ok(kSp3, sb, hs, FFA_MEM_LEND_64);
	ASSERT_FFA_SUCCESS(relinquish(kSp3, hs));
	fake_mm_reset();
	ASSERT_FFA_SUCCESS(reclaim(kSp1, hs));
	rec = fake_mm_recorded();
	EXPECT_LE(rec.stage2, 1U) << rec.events;
	EXPECT_EQ(strchr(rec.events, 'X'), nullptr) << rec.events;
}

/*
 * A borrower that aborts gives back what it retrieved (the lender can
 * reclaim); its unfinished fragmented sends are dropped.
 */
TEST_F(FfaMemMisc, AbortedBorrowerReleases)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW }, { kSp3, kPermRW } }, c);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_LEND_64);
	retrieve_ok(kSp3, b, h, FFA_MEM_LEND_64);

	/* SP3 starts a fragmented send it never finishes. */
	std::vector<ffa_mem_constituent> many;
	for (uint32_t i = 0; i < 300; i++) {
		/* (checked only once whole: it never is) */
		many.push_back({ sp_mem(kSp3, 0) + 0x1000ULL * i, 1, 0 });
	}
	mem_build mb = desc(kSp3, { { kSp2, kPermRW } }, many);
	mb.layout = FFA_VERSION_1_1;
	std::vector<uint8_t> d = bytes(mb);
	ffa_value r = send_first(kSp3, FFA_MEM_SHARE_64, d, 4096);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
	EXPECT_EQ(store_count(), 2U);

	struct arch_exit e = {};
	e.reason = ARCH_EXIT_FAULT;
	v(kSp3)->state = VCPU_RUNNING;
	ffa_handle_vcpu_exit(cpu_get(0), v(kSp3), &e);
	ASSERT_EQ(p(kSp3)->state, PARTITION_ABORTED);

	EXPECT_EQ(mode(kSp3, false, nwd_mem(0), 2), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0), 2), kRW | MM_MODE_SHARED);
	EXPECT_EQ(store_count(), 1U) << "unfinished send dropped";
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);
	EXPECT_TRUE(el3_.gpt_.empty());
}

/* Relinquish while the response is still in fragments. */
TEST_F(FfaMemMisc, RelinquishDuringFragmentedResponse)
{
	std::vector<ffa_mem_constituent> c;
	for (uint32_t i = 0; i < 300; i++) {
		c.push_back({ nwd_mem(2 * i), 1, 0 });
	}
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, c);
	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);
	ffa_value r = retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	uint32_t got = (uint32_t)r.x[2];
	ASSERT_LT(got, (uint32_t)r.x[1]);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));

	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0)), MM_MODE_UNMAPPED);
	EXPECT_FFA_ERROR(frag_rx(kSp1, h, got), FFA_INVALID_PARAMETERS);
	/* Retrieved again from the start. */
	r = retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	int frags = 0;
	EXPECT_EQ(collect(kSp1, h, r, &frags).size(), (uint32_t)r.x[1]);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
}

using FfaMemFixed = FfaMemTest;

/*
 * Was a bug: a relinquish whose zeroing faults unmaps the memory and marks the
 * borrower relinquished, then answers FFA_ABORTED. Expected: every failure
 * leaves page tables and share state as they were (mem_share.md).
 */
TEST_F(FfaMemFixed, RelinquishZeroFaultKeepsMapping)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 2, 0 } };
	mem_build b =
	    desc(kVm, { { kSp1, kPermRW } }, c, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_LEND_64);
	MemSnap before = snap();

	mm_double.pa_accesses = 0;
	mm_double.pa_fail_at = 1; /* the TX read passes, the zeroing faults */
	ffa_value r = relinquish(kSp1, h, MEM_RELINQUISH_FLAG_CLEAR);
	mm_double.pa_fail_at = -1;
	EXPECT_FFA_ERROR(r, FFA_ABORTED);
	EXPECT_SNAP_EQ(before, snap());
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0), 2), kRW | MM_MODE_EXCLUSIVE)
	    << "still the borrower's after a failed relinquish";
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h, MEM_RELINQUISH_FLAG_CLEAR));
}

/*
 * Was a bug: a read-only borrower may ask, at retrieve, for zeroing on
 * relinquish (FFA_MEM_FLAG_CLEAR_RELINQUISH); the retrieve succeeds, then
 * every relinquish is DENIED (zeroing needs write access) and the lender
 * can never reclaim. Expected: the retrieve refused (DENIED), or the
 * relinquish possible.
 */
TEST_F(FfaMemFixed, ReadOnlyBorrowerCanAlwaysRelinquish)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 1, 0 } };
	mem_build b =
	    desc(kVm, { { kSp1, kPermRO } }, c, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	ffa_value r = retrieve(kSp1, request(b, h, FFA_MEM_LEND_64, 0,
					     FFA_MEM_FLAG_CLEAR_RELINQUISH));
	if (is_error(r)) {
		EXPECT_FFA_ERROR(r, FFA_DENIED);
		return;
	}
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
}

/*
 * Was a bug: the v1.0 retrieve response sets bit 6 (NS) of the 8-bit attributes,
 * a reserved bit in FF-A v1.0 (the NS bit exists from v1.1; the SPMC's own
 * FFA_FEATURES(FFA_MEM_RETRIEVE_REQ) says it sets it for v1.1+ only).
 */
TEST_F(FfaMemFixed, V10ResponseHasNoNsBit)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp3, kPermRW } }, c);
	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);
	p(kSp3)->ffa_version = FFA_VERSION_1_0;
	ffa_value r = retrieve(kSp3, request(b, h, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(rx_ptr(kSp3)[2], 0x2F);
}

} /* namespace */

/*
 * The SPMC reaches each RX/TX buffer in the PAS it is in: the normal
 * world's in NS, an SP's in Secure, or NS when the SP's manifest put its
 * buffers in regions with the NS attribute (the loader sets rx_ns/tx_ns).
 */
TEST_F(FfaMemMisc, BuffersReachedInTheirAddressSpace)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, c);
	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);

	EXPECT_EQ(mm_double.last_read_ns, 1);
	retrieve_ok(kSp1, b, h, FFA_MEM_SHARE_64);
	EXPECT_EQ(mm_double.last_write_ns, 0);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));

	p(kSp1)->mailbox.rx_ns = true;
	p(kSp1)->mailbox.tx_ns = true;
	mm_double.last_write_ns = -1;
	retrieve_ok(kSp1, b, h, FFA_MEM_SHARE_64);
	EXPECT_EQ(mm_double.last_write_ns, 1);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));

	std::vector<ffa_mem_constituent> own = { { sp_mem(kSp1, kSpFreePage), 1,
						   0 } };
	mem_build sb = desc(kSp1, { { kSp2, kPermRW } }, own);
	mm_double.last_read_ns = -1;
	uint64_t sh = send_ok(kSp1, FFA_MEM_SHARE_64, sb);
	EXPECT_EQ(mm_double.last_read_ns, 1);
	ASSERT_FFA_SUCCESS(reclaim(kSp1, sh));
	p(kSp1)->mailbox.tx_ns = false;
	mm_double.last_read_ns = -1;
	sh = send_ok(kSp1, FFA_MEM_SHARE_64, sb);
	EXPECT_EQ(mm_double.last_read_ns, 0);
	ASSERT_FFA_SUCCESS(reclaim(kSp1, sh));
}
