/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/service.h"
#include "ms_nwd.h"

/*
 * Whole transactions from the normal world (FF-A v1.2 layout): send with
 * the SMC32 and SMC64 function IDs, retrieve in a partition, both sides
 * touch the memory, relinquish, reclaim, and the same memory can be given
 * again. On this rig EL3 protects lent and donated memory (software GPT),
 * so the partition sees it in the secure IPA space; shared memory stays in
 * the NS PAS and the response says so (NS attribute bit).
 */

SET_UP(share)
{
	ms_setup(FFA_VERSION_1_2);
}

/* Checks the kept response of MS_SP_A for a one-receiver send `b`. */
static void expect_resp_a(const struct mem_build *b, uint64_t handle,
			  uint32_t type, bool ns, uint32_t pages)
{
	struct mem_resp_view v;

	ASSERT_TRUE(ms_resp_view(MS_SP_A, FFA_VERSION_1_2, &v));
	EXPECT_EQ(v.sender, MS_NWD_ID);
	EXPECT_EQ(v.handle, handle);
	EXPECT_EQ(v.tag, b->tag);
	EXPECT_EQ((v.attributes & FFA_MEM_ATTR_NS) != 0, ns);
	EXPECT_EQ((v.flags & FFA_MEM_FLAG_TYPE_MASK), MEM_FLAG_TYPE(type));
	EXPECT_EQ(v.receiver_count, 1);
	EXPECT_EQ(v.receivers[0].id, MS_SP_A);
	EXPECT_EQ(MEM_PERM_DATA(v.receivers[0].perm), FFA_DATA_ACCESS_RW);
	EXPECT_EQ(v.total_page_count, pages);
	EXPECT_EQ(v.constituent_count, 1);
}

/*
 * Share or lend two pages to A, retrieve with `retrieve_fid`, read the
 * normal world's data and write back, relinquish, reclaim, then give the
 * same pages again.
 */
static void round_trip(uint32_t send_fid, uint32_t retrieve_fid, bool share)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, send_fid, MS_SP_A, MS_PAGE(0), 2);
	b.tag = 0x7a6;
	ret = ms_send(send_fid, &b);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	h = ms_handle(&ret);
	EXPECT_EQ(h & FFA_MEM_HANDLE_ALLOCATOR_HYP, 0);
	EXPECT_NE(h, FFA_MEM_HANDLE_INVALID);

	ms_retrieve_init(&r, MS_SP_A, send_fid, h, &b);
	r.fid = retrieve_fid;
	ms_retrieve_ok(&r);
	expect_resp_a(&b, h,
		      share ? FFA_MEM_FLAG_TYPE_SHARE : FFA_MEM_FLAG_TYPE_LEND,
		      share, 2);
	ms_expect_constituents(MS_SP_A, &c, 1);
	EXPECT_EQ(ms_sp_check(MS_SP_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE,
			      MS_PAT_NWD, share),
		  1024);
	ms_sp_fill(MS_SP_A, MS_PAGE(1), FFA_PAGE_SIZE, MS_PAT_SP, share);
	if (share) {
		/* Shared: the normal world sees the write at once. */
		EXPECT_EQ(ms_check(MS_PAGE(1), FFA_PAGE_SIZE, MS_PAT_SP), 512);
	}

	ms_relinquish_reclaim(MS_SP_A, h);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
	EXPECT_EQ(ms_check(MS_PAGE(1), FFA_PAGE_SIZE, MS_PAT_SP), 512);
	/* The handle is gone; the memory can be given again. */
	EXPECT_EQ(ms_reclaim(h, 0), FFA_INVALID_PARAMETERS);
	h = ms_send_ok(send_fid, &b);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}

TEST(share, share32_round_trip)
{
	round_trip(FFA_MEM_SHARE_32, FFA_MEM_RETRIEVE_REQ_32, true);
}

TEST(share, share64_round_trip)
{
	round_trip(FFA_MEM_SHARE_64, FFA_MEM_RETRIEVE_REQ_64, true);
}

TEST(share, lend32_round_trip)
{
	round_trip(FFA_MEM_LEND_32, FFA_MEM_RETRIEVE_REQ_32, false);
}

TEST(share, lend64_round_trip)
{
	round_trip(FFA_MEM_LEND_64, FFA_MEM_RETRIEVE_REQ_64, false);
}

/*
 * Donate a page to A: retrieved, the memory is A's (secure IPA space), the
 * normal world can no longer reclaim it, and it cannot be given again.
 */
static void donate(uint32_t fid, uint32_t retrieve_fid)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct mem_resp_view v;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, fid, MS_SP_A, MS_PAGE(0), 1);
	EXPECT_EQ(b.receivers[0].perm, 0);
	EXPECT_EQ(b.attributes, 0);
	h = ms_send_ok(fid, &b);
	ms_retrieve_init(&r, MS_SP_A, fid, h, &b);
	r.fid = retrieve_fid;
	ms_retrieve_ok(&r);
	ASSERT_TRUE(ms_resp_view(MS_SP_A, FFA_VERSION_1_2, &v));
	EXPECT_EQ(v.handle, h);
	EXPECT_EQ(v.attributes & FFA_MEM_ATTR_NS, 0);
	EXPECT_EQ(v.flags & FFA_MEM_FLAG_TYPE_MASK,
		  MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_DONATE));
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, false),
	    512);
	ms_sp_fill(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false),
	    512);

	/* Retrieved donations are final: the handle is gone. */
	EXPECT_EQ(ms_reclaim(h, 0), FFA_INVALID_PARAMETERS);
	ret = ms_send(fid, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_EQ(ffa_fid(&ret), FFA_ERROR_32);
	/* A still owns it. */
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false),
	    512);
}

TEST(share, donate32_final)
{
	donate(FFA_MEM_DONATE_32, FFA_MEM_RETRIEVE_REQ_32);
}

TEST(share, donate64_final)
{
	donate(FFA_MEM_DONATE_64, FFA_MEM_RETRIEVE_REQ_64);
}

/* Lend or donate, then reclaim before anybody retrieved it. */
static void reclaim_unretrieved(uint32_t fid)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, fid, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(fid, &b);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
	/* Nothing to retrieve any more. */
	ms_retrieve_init(&r, MS_SP_A, fid, h, &b);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	/* And the memory is free again. */
	h = ms_send_ok(fid, &b);
	ms_retrieve_init(&r, MS_SP_A, fid, h, &b);
	ms_retrieve_ok(&r);
}

TEST(share, lend_reclaim_unretrieved)
{
	reclaim_unretrieved(FFA_MEM_LEND_32);
}

TEST(share, donate_reclaim_unretrieved)
{
	reclaim_unretrieved(FFA_MEM_DONATE_32);
}

/*
 * Share three constituents of different sizes to all three partitions, of
 * FF-A v1.2, v1.1 and v1.0: each retrieves in its own layout, sees every
 * receiver and every constituent, reads the normal world's data and sees
 * the others' writes. The memory comes back only after the last
 * relinquish.
 */
TEST(share, share_three_borrowers)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_B, MS_SP_C };
	static const struct ffa_mem_constituent c[] = {
		{ MS_PAGE(0), 1, 0 },
		{ MS_PAGE(4), 3, 0 },
		{ MS_PAGE(10), 2, 0 },
	};
	struct mem_build b;
	struct ms_retrieve r;
	struct mem_resp_view v;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 12 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc(&b, FFA_MEM_SHARE_32, ids, 3, c, 3);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	for (uint32_t i = 0; i < 3; i++) {
		ms_retrieve_init(&r, ids[i], FFA_MEM_SHARE_32, h, &b);
		ms_retrieve_ok(&r);
		ASSERT_TRUE(ms_resp_view(ids[i], ms_sp_version(ids[i]), &v));
		EXPECT_EQ(v.handle, h);
		EXPECT_EQ(v.receiver_count, 3);
		EXPECT_EQ(v.total_page_count, 6);
		/* The NS bit exists from v1.1; bit 6 is reserved in v1.0. */
		if (ms_sp_version(ids[i]) >= FFA_VERSION_1_1) {
			EXPECT_NE(v.attributes & FFA_MEM_ATTR_NS, 0);
		} else {
			EXPECT_EQ(v.attributes & FFA_MEM_ATTR_NS, 0);
		}
		ms_expect_constituents(ids[i], c, 3);
		EXPECT_EQ(ms_sp_check(ids[i], MS_PAGE(4), 3 * FFA_PAGE_SIZE,
				      MS_PAT_NWD, true),
			  3 * 512);
	}
	ms_sp_fill(MS_SP_A, MS_PAGE(10), FFA_PAGE_SIZE, MS_PAT_SP, true);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_C, MS_PAGE(10), FFA_PAGE_SIZE, MS_PAT_SP, true),
	    512);
	EXPECT_EQ(ms_check(MS_PAGE(10), FFA_PAGE_SIZE, MS_PAT_SP), 512);

	for (uint32_t i = 0; i < 3; i++) {
		EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
		ret = ms_relinquish(ids[i], FFA_MEM_RELINQUISH_32, h, 0);
		EXPECT_EQ(ms_result(&ret), 0);
	}
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}

/* Lend to two partitions: both map it, both see each other's writes. */
TEST(share, lend_two_borrowers)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_B };
	struct ffa_mem_constituent c = { MS_PAGE(0), 2, 0 };
	struct mem_build b;
	struct ms_retrieve r;
	struct mem_resp_view v;
	struct ffa_value ret;
	uint64_t h;

	ms_desc(&b, FFA_MEM_LEND_64, ids, 2, &c, 1);
	EXPECT_EQ(b.attributes, MEM_ATTR_NORMAL_WB_IS);
	h = ms_send_ok(FFA_MEM_LEND_64, &b);
	for (uint32_t i = 0; i < 2; i++) {
		ms_retrieve_init(&r, ids[i], FFA_MEM_LEND_64, h, &b);
		ms_retrieve_ok(&r);
		ASSERT_TRUE(ms_resp_view(ids[i], ms_sp_version(ids[i]), &v));
		EXPECT_EQ(v.receiver_count, 2);
		EXPECT_EQ(v.attributes & FFA_MEM_ATTR_NS, 0);
	}
	ms_sp_fill(MS_SP_B, MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_SP, false);
	EXPECT_EQ(ms_sp_check(MS_SP_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_SP,
			      false),
		  1024);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
	ms_relinquish_reclaim(MS_SP_B, h);
	EXPECT_EQ(ms_check(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_SP), 1024);
}

/*
 * The normal world may share memory it already shares (granule state
 * SHARED(n)); each transaction has its own handle and is reclaimed alone.
 */
TEST(share, share_twice)
{
	struct mem_build b;
	struct mem_build b2;
	struct ffa_mem_constituent c;
	struct ffa_mem_constituent c2;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h1;
	uint64_t h2;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	ms_desc1(&b2, &c2, FFA_MEM_SHARE_32, MS_SP_B, MS_PAGE(0), 1);
	h1 = ms_send_ok(FFA_MEM_SHARE_32, &b);
	h2 = ms_send_ok(FFA_MEM_SHARE_32, &b2);
	EXPECT_NE(h1, h2);
	ms_retrieve_init(&r, MS_SP_B, FFA_MEM_SHARE_32, h2, &b2);
	ms_retrieve_ok(&r);
	EXPECT_EQ(ms_reclaim(h1, 0), 0);
	/* Still shared with B through h2: not lendable. */
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ms_sp_fill(MS_SP_B, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, true);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP), 512);
}

/*
 * Two shares of the same page to the same borrower: the second retrieve
 * would map the IPAs twice and is DENIED until the first is relinquished.
 */
TEST(share, same_page_twice_to_one_borrower)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r1;
	struct ms_retrieve r2;
	struct ffa_value ret;
	uint64_t h1;
	uint64_t h2;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_B, MS_PAGE(0), 1);
	h1 = ms_send_ok(FFA_MEM_SHARE_32, &b);
	h2 = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r1, MS_SP_B, FFA_MEM_SHARE_32, h1, &b);
	ms_retrieve_init(&r2, MS_SP_B, FFA_MEM_SHARE_32, h2, &b);
	ms_retrieve_ok(&r1);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r2), FFA_DENIED);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_B), FFA_DENIED);
	ret = ms_relinquish(MS_SP_B, FFA_MEM_RELINQUISH_32, h1, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	ms_retrieve_ok(&r2);
	EXPECT_EQ(ms_reclaim(h1, 0), 0);
	EXPECT_EQ(ms_reclaim(h2, 0), FFA_DENIED);
}

/*
 * Read-only is enforced in stage 2: C reads memory lent read-only, and a
 * write aborts it; the lender gets the memory back unchanged.
 */
TEST(share, read_only_enforced)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_direct_args fill = { .x = { MS_CMD_FILL, MS_PAGE(0), 8,
					       MS_PAT_SP, 0 } };
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_C, MS_PAGE(0), 1);
	b.receivers[0].perm =
	    MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_C, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_C, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, false),
	    512);
	ret = ffa_msg_send_direct_req_64(MS_NWD_ID, MS_SP_C, &fill);
	EXPECT_FFA_ERROR(ret, FFA_ABORTED);
	/* C is gone; its borrowing ends with it or stays: either way the
	 * memory is unchanged and A still serves. */
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(1), 1);
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_SHARE_32, &b), 0), 0);
}

/* Memory in a share cannot be lent or donated, and lent memory not shared. */
TEST(share, conflicting_sends_denied)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct mem_build lend;
	struct ffa_mem_constituent lc;
	struct ffa_value ret;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 2);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	/* One page of the two, to another partition. */
	ms_desc1(&lend, &lc, FFA_MEM_LEND_32, MS_SP_B, MS_PAGE(1), 1);
	ret = ms_send(FFA_MEM_LEND_32, &lend);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ms_desc1(&lend, &lc, FFA_MEM_DONATE_32, MS_SP_B, MS_PAGE(1), 1);
	ret = ms_send(FFA_MEM_DONATE_32, &lend);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	EXPECT_EQ(ms_reclaim(h, 0), 0);

	/* Now lend it, and the share is refused. */
	ms_desc1(&lend, &lc, FFA_MEM_LEND_32, MS_SP_B, MS_PAGE(1), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &lend);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ret = ms_send(FFA_MEM_LEND_32, &lend);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	/* Nothing was left behind by the refusals. */
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}

/*
 * Stage 2 follows the transaction: lent memory is not mapped in the
 * borrower before its retrieve nor after its relinquish. C touching it
 * then is aborted; the others serve and the memory comes back.
 */
TEST(share, relinquish_unmaps)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_C, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_C, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ret = ms_sp_touch(MS_SP_C, MS_PAGE(0), false);
	EXPECT_EQ(ffa_fid(&ret), FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[5], MS_PAT_NWD);
	ret = ms_relinquish(MS_SP_C, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	ret = ms_sp_touch(MS_SP_C, MS_PAGE(0), false);
	EXPECT_FFA_ERROR(ret, FFA_ABORTED);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);

	/* Lent to A, not yet retrieved: not mapped in A either. */
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ret = ms_sp_touch(MS_SP_A, MS_PAGE(0), false);
	EXPECT_FFA_ERROR(ret, FFA_ABORTED);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	hftest_service_select(MS_SP_B, "mem");
}

/*
 * Self-check of the partitions' own stage 1 (sp_mmu.c) that every test
 * above relies on: A writes and reads back a buffer in its own memory
 * through the secure mapping.
 */
TEST(share, sp_stage1_self_check)
{
	struct ffa_direct_args args = { .x = { 0 } };
	uint64_t buf;

	hftest_service_select(MS_SP_A, "bufs");
	buf = req64_payload(MS_SP_A, &args).x[BUFS_TX];
	hftest_service_select(MS_SP_A, "mem");
	ms_sp_fill(MS_SP_A, buf, FFA_PAGE_SIZE, MS_PAT_SP, false);
	EXPECT_EQ(ms_sp_check(MS_SP_A, buf, FFA_PAGE_SIZE, MS_PAT_SP, false),
		  512);
	EXPECT_EQ(ms_sp_check(MS_SP_A, buf, FFA_PAGE_SIZE, 0, false), 0);
}
