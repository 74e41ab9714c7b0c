/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_SHARE / LEND / DONATE, RETRIEVE, RELINQUISH, RECLAIM that
 * succeed (docs/design/mem_share.md): normal world to SPs and SP to SP,
 * with page tables, granule states and share counts checked at each step.
 */

#include "ffa_mem_fixture.h"

namespace
{

using FfaMem = FfaMemTest;
using granule_test::Gpi;

TEST_F(FfaMem, SetupMapsOwnedMemory)
{
	EXPECT_EQ(mode(kSp1, false, sp_mem(kSp1, 0), 64), kRWX | kOwnEx);
	EXPECT_EQ(mode(kSp1, false, at(kRoOffset), kRegionPages),
		  MM_MODE_R | kOwnEx);
	EXPECT_EQ(mode(kSp1, false, at(kNxOffset), kRegionPages), kRW | kOwnEx);
	EXPECT_EQ(mode(kSp1, false, at(kDevOffset)), kRW | MM_MODE_D);
	EXPECT_EQ(mode(kSp1, false, at(kBigOffset), 512), kRWX | kOwnEx);
	EXPECT_EQ(mode(kSp2, false, sp_mem(kSp1, 0), 64), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 64), MM_MODE_UNMAPPED);
	/* The normal world's RX/TX are shared with the SPMC. */
	EXPECT_EQ(granule(nwd_tx_).state, GRANULE_SHARED);
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);
	EXPECT_EQ(store_count(), 0U);
}

/* Normal world shares two constituents with SP1, every step checked. */
TEST_F(FfaMem, NwdShareRetrieveRelinquishReclaim)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 2, 0 },
						  { nwd_mem(4), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, cons,
			   MEM_ATTR_NORMAL_WB_IS, 0, 0x1234);
	size_t pool0 = pool_free();

	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);
	EXPECT_NE(h, 0U);
	EXPECT_EQ(h >> 63, 0U);
	EXPECT_EQ(store_count(), 1U);
	for (uint64_t pa : { nwd_mem(0), nwd_mem(1), nwd_mem(4) }) {
		EXPECT_EQ(granule(pa).state, GRANULE_SHARED);
		EXPECT_EQ(granule(pa).share_count, 1U);
	}
	EXPECT_EQ(granule(nwd_mem(2)).state, GRANULE_NS);
	EXPECT_TRUE(el3_.gpt_.empty());
	/* Nothing mapped before the retrieve. */
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 5), MM_MODE_UNMAPPED);

	ffa_value r = retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(p(kSp1)->mailbox.rx_owner, RX_OWNER_CONSUMER);
	uint32_t shared = kRW | MM_MODE_NS | MM_MODE_SHARED;
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 2), shared);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(4)), shared);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(2), 2), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0), 5), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp2, true, nwd_mem(0), 5), MM_MODE_UNMAPPED);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));

	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 5), MM_MODE_UNMAPPED);
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_SHARED);
	EXPECT_EQ(store_count(), 1U);

	/* Retrieved again after relinquish, then relinquished again. */
	retrieve_ok(kSp1, b, h, FFA_MEM_SHARE_64);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));

	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_EQ(store_count(), 0U);
	for (uint64_t pa : { nwd_mem(0), nwd_mem(1), nwd_mem(4) }) {
		EXPECT_EQ(granule(pa).state, GRANULE_NS);
	}
	EXPECT_EQ(pool_free(), pool0);
	/* The handle is gone. */
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_INVALID_PARAMETERS);
}

/* Two shares of the same pages: the granules count them. */
TEST_F(FfaMem, NwdSharesCountedPerGranule)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 2, 0 } };
	mem_build b1 =
	    desc(kVm, { { kSp1, kPermRW }, { kSp2, kPermRO } }, cons);
	mem_build b2 = desc(kVm, { { kSp3, kPermRW } }, cons);

	uint64_t h1 = send_ok(kNwd, FFA_MEM_SHARE_64, b1);
	uint64_t h2 = send_ok(kNwd, FFA_MEM_SHARE_32, b2);
	EXPECT_NE(h1, h2);
	EXPECT_EQ(granule(nwd_mem(1)).state, GRANULE_SHARED);
	EXPECT_EQ(granule(nwd_mem(1)).share_count, 2U);
	EXPECT_EQ(store_count(), 2U);

	retrieve_ok(kSp1, b1, h1, FFA_MEM_SHARE_64);
	retrieve_ok(kSp2, b1, h1, FFA_MEM_SHARE_64);
	retrieve_ok(kSp3, b2, h2, FFA_MEM_SHARE_64);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 2),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);
	/* RO asked for at send: read-only, never executable. */
	EXPECT_EQ(mode(kSp2, true, nwd_mem(0), 2),
		  MM_MODE_R | MM_MODE_NS | MM_MODE_SHARED);
	EXPECT_EQ(mode(kSp3, true, nwd_mem(0), 2),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);

	/* A borrower still holds h1: no reclaim, nothing changes. */
	EXPECT_FFA_ERROR(reclaim(kNwd, h1), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h1));
	EXPECT_FFA_ERROR(reclaim(kNwd, h1), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h1));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h1));
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_SHARED);
	EXPECT_EQ(granule(nwd_mem(0)).share_count, 1U);
	/* SP3 still has its share mapped. */
	EXPECT_EQ(mode(kSp3, true, nwd_mem(0), 2),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);
	ASSERT_FFA_SUCCESS(relinquish(kSp3, h2));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h2));
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);
	EXPECT_EQ(store_count(), 0U);
}

/*
 * A lend with the clear flag: protected (Secure PAS), zeroed after the
 * protection, mapped in the borrower's secure tree; zeroed again on
 * relinquish (after the unmap) and on reclaim (before the unprotect).
 */
TEST_F(FfaMem, NwdLendProtectedAndZeroed)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 },
						  { nwd_mem(2), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRWX } }, cons,
			   MEM_ATTR_NOT_SPECIFIED, FFA_MEM_FLAG_CLEAR);
	memset(reinterpret_cast<void *>(nwd_mem(0)), 0xAB, 4 * 4096);
	int zeroings = 0;
	mm_double.on_zero = [&](uint64_t pa, uint64_t) {
		zeroings++;
		/* Protected first: the normal world cannot see the zeroing. */
		EXPECT_EQ(el3_.gpi(pa), Gpi::kSecure);
	};

	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	EXPECT_EQ(zeroings, 2);
	EXPECT_EQ(mm_double.zeroed, 3 * 4096U);
	for (uint64_t pa : { nwd_mem(0), nwd_mem(2), nwd_mem(3) }) {
		EXPECT_EQ(granule(pa).state, GRANULE_LENT);
		EXPECT_EQ(el3_.gpi(pa), Gpi::kSecure);
		EXPECT_EQ(*reinterpret_cast<uint8_t *>(pa + 100), 0);
	}
	EXPECT_EQ(el3_.gpi(nwd_mem(1)), Gpi::kNs);
	EXPECT_EQ(*reinterpret_cast<uint8_t *>(nwd_mem(1)), 0xAB);
	EXPECT_EQ(el3_.protect_calls.size(), 2U);

	ffa_value r = retrieve(kSp1, request(b, h, FFA_MEM_LEND_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(2), 2), kRWX | MM_MODE_EXCLUSIVE);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 4), MM_MODE_UNMAPPED);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(rx_ptr(kSp1), (uint32_t)r.x[2],
				   FFA_VERSION_1_2, &view));
	EXPECT_EQ(view.attributes & FFA_MEM_ATTR_NS, 0U) << "Secure PAS";
	EXPECT_EQ(view.receivers[0].perm, kPermRWX);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));

	memset(reinterpret_cast<void *>(nwd_mem(2)), 0xCD, 4096);
	/*
	 * Zeroed between prepare and commit of the unmapping, while the
	 * borrower is in the call (mem_share.md, Zeroing), still protected.
	 */
	mm_double.on_zero = [&](uint64_t pa, uint64_t) {
		zeroings++;
		EXPECT_EQ(el3_.gpi(pa), Gpi::kSecure);
	};
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h, MEM_RELINQUISH_FLAG_CLEAR));
	EXPECT_EQ(mode(kSp1, false, nwd_mem(2), 2), MM_MODE_UNMAPPED);
	EXPECT_EQ(zeroings, 4);
	EXPECT_EQ(*reinterpret_cast<uint8_t *>(nwd_mem(2)), 0);

	memset(reinterpret_cast<void *>(nwd_mem(3)), 0xEF, 4096);
	mm_double.on_zero = [&](uint64_t pa, uint64_t) {
		zeroings++;
		EXPECT_EQ(el3_.gpi(pa), Gpi::kSecure)
		    << "zeroed after unprotect";
	};
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h, MEM_RECLAIM_FLAG_CLEAR));
	EXPECT_EQ(zeroings, 6);
	EXPECT_EQ(*reinterpret_cast<uint8_t *>(nwd_mem(3)), 0);
	EXPECT_TRUE(el3_.gpt_.empty());
	EXPECT_EQ(el3_.unprotect_calls.size(), 2U);
	for (uint64_t pa : { nwd_mem(0), nwd_mem(2), nwd_mem(3) }) {
		EXPECT_EQ(granule(pa).state, GRANULE_NS);
	}
	mm_double.on_zero = nullptr;
}

/* EL3 without protection: the lend goes on with NS memory (policy). */
TEST_F(FfaMem, NwdLendWithoutProtectionStaysNs)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(5), 3, 0 } };
	mem_build b =
	    desc(kVm, { { kSp2, kPermRW } }, cons, MEM_ATTR_NOT_SPECIFIED);
	el3_.not_supported = true;

	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	EXPECT_EQ(granule(nwd_mem(6)).state, GRANULE_LENT_NS);
	EXPECT_TRUE(el3_.gpt_.empty());
	ffa_value r = retrieve(kSp2, request(b, h, FFA_MEM_LEND_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(mode(kSp2, true, nwd_mem(5), 3),
		  kRW | MM_MODE_NS | MM_MODE_EXCLUSIVE);
	EXPECT_EQ(mode(kSp2, false, nwd_mem(5), 3), MM_MODE_UNMAPPED);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(rx_ptr(kSp2), (uint32_t)r.x[2],
				   FFA_VERSION_1_2, &view));
	EXPECT_NE(view.attributes & FFA_MEM_ATTR_NS, 0U);
	ASSERT_FFA_SUCCESS(rx_release(kSp2));
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_EQ(granule(nwd_mem(6)).state, GRANULE_NS);
	EXPECT_TRUE(el3_.unprotect_calls.empty());
}

/* Lent to several borrowers: each maps it shared. */
TEST_F(FfaMem, NwdLendToTwoIsSharedMapping)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW }, { kSp3, kPermRO } }, cons);

	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_LEND_64);
	retrieve_ok(kSp3, b, h, FFA_MEM_LEND_64);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0)), kRW | MM_MODE_SHARED);
	EXPECT_EQ(mode(kSp3, false, nwd_mem(0)), MM_MODE_R | MM_MODE_SHARED);
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp3, h));
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);
}

/* A donate is over once retrieved; the borrower owns the memory. */
TEST_F(FfaMem, NwdDonateThenOwnedByReceiver)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(8), 2, 0 } };
	mem_build b = desc(kVm, { { kSp2, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED);

	uint64_t h = send_ok(kNwd, FFA_MEM_DONATE_64, b);
	EXPECT_EQ(granule(nwd_mem(8)).state, GRANULE_DONATED);
	EXPECT_EQ(el3_.gpi(nwd_mem(9)), Gpi::kSecure);
	retrieve_ok(kSp2, b, h, FFA_MEM_DONATE_64);
	EXPECT_EQ(mode(kSp2, false, nwd_mem(8), 2), kRW | kOwnEx);
	EXPECT_EQ(store_count(), 0U);
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(relinquish(kSp2, h), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(granule(nwd_mem(8)).state, GRANULE_DONATED);

	/* Now SP2's own: it may lend it on. */
	mem_build b2 =
	    desc(kSp2, { { kSp3, kPermRW } }, cons, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h2 = send_ok(kSp2, FFA_MEM_LEND_64, b2);
	EXPECT_EQ(mode(kSp2, false, nwd_mem(8), 2),
		  kRW | kOwnEx | MM_MODE_INVALID);
	retrieve_ok(kSp3, b2, h2, FFA_MEM_LEND_64);
	EXPECT_EQ(mode(kSp3, false, nwd_mem(8), 2), kRW | MM_MODE_EXCLUSIVE);
	ASSERT_FFA_SUCCESS(relinquish(kSp3, h2));
	ASSERT_FFA_SUCCESS(reclaim(kSp2, h2));
	EXPECT_EQ(mode(kSp2, false, nwd_mem(8), 2), kRW | kOwnEx);
}

/* SP to SP share: the sender keeps access, not exclusive any more. */
TEST_F(FfaMem, SpShareToSp)
{
	uint64_t a = sp_mem(kSp1, kSpFreePage);
	std::vector<ffa_mem_constituent> cons = { { a, 2, 0 } };
	mem_build b = desc(kSp1, { { kSp2, kPermRO } }, cons);

	uint64_t h = send_ok(kSp1, FFA_MEM_SHARE_64, b);
	EXPECT_EQ(mode(kSp1, false, a, 2),
		  kRWX | MM_MODE_OWNED | MM_MODE_SHARED);
	EXPECT_EQ(mode(kSp1, false, a + 0x2000), kRWX | kOwnEx);
	EXPECT_EQ(mode(kSp2, false, a, 2), MM_MODE_UNMAPPED);
	/* No granule state for secure memory. */
	EXPECT_FALSE(granule(a).tracked);

	retrieve_ok(kSp2, b, h, FFA_MEM_SHARE_64);
	EXPECT_EQ(mode(kSp2, false, a, 2), MM_MODE_R | MM_MODE_SHARED);
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h));
	EXPECT_EQ(mode(kSp2, false, a, 2), MM_MODE_UNMAPPED);
	/* Only the sender reclaims. */
	EXPECT_FFA_ERROR(reclaim(kSp2, h), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_INVALID_PARAMETERS);
	ASSERT_FFA_SUCCESS(reclaim(kSp1, h));
	EXPECT_EQ(mode(kSp1, false, a, 2), kRWX | kOwnEx);
	EXPECT_EQ(store_count(), 0U);
}

/* Pages inside a 2 MiB block: the block splits; reclaim restores. */
TEST_F(FfaMem, SpLendFromBlockRegion)
{
	uint64_t a = at(kBigOffset) + 0x5000;
	std::vector<ffa_mem_constituent> cons = { { a, 3, 0 } };
	mem_build b =
	    desc(kSp1, { { kSp2, kPermRWX } }, cons, MEM_ATTR_NOT_SPECIFIED);

	uint64_t h = send_ok(kSp1, FFA_MEM_LEND_64, b);
	EXPECT_EQ(mode(kSp1, false, a, 3), kRWX | kOwnEx | MM_MODE_INVALID);
	EXPECT_EQ(mode(kSp1, false, a - 0x1000), kRWX | kOwnEx);
	EXPECT_EQ(mode(kSp1, false, a + 0x3000), kRWX | kOwnEx);
	retrieve_ok(kSp2, b, h, FFA_MEM_LEND_64);
	EXPECT_EQ(mode(kSp2, false, a, 3), kRWX | MM_MODE_EXCLUSIVE);
	EXPECT_EQ(mode(kSp2, false, a + 0x3000), MM_MODE_UNMAPPED);
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h));
	ASSERT_FFA_SUCCESS(reclaim(kSp1, h));
	EXPECT_EQ(mode(kSp1, false, at(kBigOffset), 512), kRWX | kOwnEx);
}

/* SP to SP donate: the sender loses the pages at the retrieve. */
TEST_F(FfaMem, SpDonateToSp)
{
	uint64_t a = sp_mem(kSp1, kSpFreePage + 4);
	std::vector<ffa_mem_constituent> cons = { { a, 1, 0 } };
	mem_build b = desc(kSp1, { { kSp3, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED);

	uint64_t h = send_ok(kSp1, FFA_MEM_DONATE_64, b);
	EXPECT_EQ(mode(kSp1, false, a), kRWX | kOwnEx | MM_MODE_INVALID);
	retrieve_ok(kSp3, b, h, FFA_MEM_DONATE_64);
	EXPECT_EQ(mode(kSp1, false, a), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp3, false, a), kRW | kOwnEx);
	EXPECT_EQ(store_count(), 0U);
	EXPECT_FFA_ERROR(reclaim(kSp1, h), FFA_INVALID_PARAMETERS);

	/* SP3 owns it now and shares it on. */
	mem_build b2 = desc(kSp3, { { kSp2, kPermRO } }, cons);
	b2.layout = FFA_VERSION_1_1; /* SP3 is a v1.1 partition */
	uint64_t h2 = send_ok(kSp3, FFA_MEM_SHARE_64, b2);
	retrieve_ok(kSp2, b2, h2, FFA_MEM_SHARE_64);
	EXPECT_EQ(mode(kSp2, false, a), MM_MODE_R | MM_MODE_SHARED);
}

/* A donate not yet retrieved can be reclaimed, with its mode back. */
TEST_F(FfaMem, SpDonateReclaimedBeforeRetrieve)
{
	uint64_t a = at(kNxOffset);
	std::vector<ffa_mem_constituent> cons = { { a, 2, 0 } };
	mem_build b = desc(kSp1, { { kSp2, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED,
			   FFA_MEM_FLAG_CLEAR);
	memset(reinterpret_cast<void *>(a), 0x11, 2 * 4096);

	uint64_t h = send_ok(kSp1, FFA_MEM_DONATE_64, b);
	EXPECT_EQ(*reinterpret_cast<uint8_t *>(a), 0) << "cleared at send";
	EXPECT_EQ(mode(kSp1, false, a, 2), kRW | kOwnEx | MM_MODE_INVALID);
	ASSERT_FFA_SUCCESS(reclaim(kSp1, h, MEM_RECLAIM_FLAG_CLEAR));
	EXPECT_EQ(mode(kSp1, false, a, 2), kRW | kOwnEx);
	EXPECT_EQ(store_count(), 0U);
}

/* The sender's own permissions bound what it gives: RO region. */
TEST_F(FfaMem, SpSharesReadOnlyRegion)
{
	uint64_t a = at(kRoOffset);
	std::vector<ffa_mem_constituent> cons = { { a, kRegionPages, 0 } };
	mem_build b = desc(kSp1, { { kSp2, kPermRO } }, cons);

	uint64_t h = send_ok(kSp1, FFA_MEM_SHARE_64, b);
	EXPECT_EQ(mode(kSp1, false, a, kRegionPages),
		  MM_MODE_R | MM_MODE_OWNED | MM_MODE_SHARED);
	retrieve_ok(kSp2, b, h, FFA_MEM_SHARE_64);
	EXPECT_EQ(mode(kSp2, false, a, kRegionPages),
		  MM_MODE_R | MM_MODE_SHARED);
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h));
	ASSERT_FFA_SUCCESS(reclaim(kSp1, h));
	EXPECT_EQ(mode(kSp1, false, a, kRegionPages), MM_MODE_R | kOwnEx);
}

/*
 * NS memory donated without protection is owned in the SP's NS tree; the
 * SP may send it to another SP, which maps it in its NS tree.
 */
TEST_F(FfaMem, SpSendsFromItsNsTree)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(20), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED);
	el3_.not_supported = true;

	uint64_t h = send_ok(kNwd, FFA_MEM_DONATE_64, b);
	EXPECT_EQ(granule(nwd_mem(20)).state, GRANULE_DONATED_NS);
	retrieve_ok(kSp1, b, h, FFA_MEM_DONATE_64);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(20), 2), kRW | MM_MODE_NS | kOwnEx);

	mem_build b2 = desc(kSp1, { { kSp2, kPermRW } }, cons);
	uint64_t h2 = send_ok(kSp1, FFA_MEM_SHARE_64, b2);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(20), 2),
		  kRW | MM_MODE_NS | MM_MODE_OWNED | MM_MODE_SHARED);
	ffa_value r = retrieve(kSp2, request(b2, h2, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(mode(kSp2, true, nwd_mem(20), 2),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);
	EXPECT_EQ(mode(kSp2, false, nwd_mem(20), 2), MM_MODE_UNMAPPED);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(rx_ptr(kSp2), (uint32_t)r.x[2],
				   FFA_VERSION_1_2, &view));
	EXPECT_NE(view.attributes & FFA_MEM_ATTR_NS, 0U);
	ASSERT_FFA_SUCCESS(rx_release(kSp2));
	ASSERT_FFA_SUCCESS(relinquish(kSp2, h2));
	ASSERT_FFA_SUCCESS(reclaim(kSp1, h2));
	EXPECT_EQ(mode(kSp1, true, nwd_mem(20), 2), kRW | MM_MODE_NS | kOwnEx);
}

/* What a borrower asks for within what it was given. */
TEST_F(FfaMem, RetrievePermissionsResolved)
{
	std::vector<ffa_mem_constituent> c1 = { { nwd_mem(0), 1, 0 } };
	std::vector<ffa_mem_constituent> c2 = { { nwd_mem(1), 1, 0 } };
	/* Lend to one, instruction access left open: it may ask X. */
	mem_build l =
	    desc(kVm, { { kSp1, kPermRW } }, c1, MEM_ATTR_NOT_SPECIFIED);
	/* Share RW: it may ask for less. */
	mem_build s = desc(kVm, { { kSp1, kPermRW } }, c2);

	uint64_t hl = send_ok(kNwd, FFA_MEM_LEND_64, l);
	uint64_t hs = send_ok(kNwd, FFA_MEM_SHARE_64, s);
	ffa_value r = retrieve(kSp1, request(l, hl, FFA_MEM_LEND_64, kPermRWX));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0)), kRWX | MM_MODE_EXCLUSIVE);
	r = retrieve(kSp1, request(s, hs, FFA_MEM_SHARE_64, kPermRONX));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(rx_ptr(kSp1), (uint32_t)r.x[2],
				   FFA_VERSION_1_2, &view));
	EXPECT_EQ(view.receivers[0].perm, kPermRONX);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	EXPECT_EQ(mode(kSp1, true, nwd_mem(1)),
		  MM_MODE_R | MM_MODE_NS | MM_MODE_SHARED);
}

/* A hypervisor retrieve request describes; nothing is mapped. */
TEST_F(FfaMem, HypervisorRetrieveRequest)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 },
						  { nwd_mem(3), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW }, { kSp2, kPermRW } }, cons,
			   MEM_ATTR_NORMAL_WB_IS, 0, 99);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	mem_build req{};
	req.layout = FFA_VERSION_1_2;
	req.handle = h;
	MemSnap before = snap();

	ffa_value r = retrieve(kNwd, req);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32)
	    << (int32_t)r.x[2];
	EXPECT_EQ(r.x[1], r.x[2]);
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_CONSUMER);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(rx_ptr(kNwd), (uint32_t)r.x[2],
				   FFA_VERSION_1_2, &view));
	EXPECT_EQ(view.handle, h);
	EXPECT_EQ(view.sender, kVm);
	EXPECT_EQ(view.tag, 99U);
	EXPECT_EQ(view.receiver_count, 2U);
	EXPECT_EQ(view.constituent_count, 2U);
	EXPECT_EQ(view.total_page_count, 3U);
	ASSERT_FFA_SUCCESS(rx_release(kNwd));
	/* Nothing moved but the record's hypervisor response progress. */
	MemSnap after = snap();
	EXPECT_EQ(after.records.size(), 1U);
	after.records = before.records;
	EXPECT_SNAP_EQ(before, after);
	retrieve_ok(kSp1, b, h, FFA_MEM_LEND_64);
}

/* The SMC32 forms take the same paths. */
TEST_F(FfaMem, Smc32Calls)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	mem_build b =
	    desc(kVm, { { kSp1, kPermRW } }, cons, MEM_ATTR_NOT_SPECIFIED);
	std::vector<uint8_t> d = bytes(b);

	ffa_value r = send_first(kNwd, FFA_MEM_LEND_32, d, (uint32_t)d.size());
	ASSERT_FFA_SUCCESS(r);
	uint64_t h = handle_of(r);
	uint8_t buf[256];
	mem_build req = request(b, h, FFA_MEM_LEND_32);
	uint32_t n = mem_build_retrieve(buf, sizeof(buf), &req);
	put_tx(kSp1, buf, n);
	r = call(kSp1, make(FFA_MEM_RETRIEVE_REQ_32, n, n));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(0)), kRW | MM_MODE_EXCLUSIVE);
}
} /* namespace */
