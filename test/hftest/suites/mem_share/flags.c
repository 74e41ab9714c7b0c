/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "ms_nwd.h"

/*
 * Transaction flags, each accepted where docs/design/mem_share.md and
 * mem_desc.md allow it and refused elsewhere: zeroing at send (lend,
 * donate), on relinquish and on reclaim; time slicing; retrieve hints and
 * the bypass-multi-borrower flag; reserved bits. Every refusal is followed
 * by the same operation without the flag, which must still work, and by a
 * look at the memory, which must be untouched.
 */

SET_UP(flags)
{
	ms_setup(FFA_VERSION_1_2);
}

/*
 * Lend or donate with CLEAR: the borrower finds zeros (and so does the
 * normal world, which may look at its memory at any time on this rig).
 */
static uint64_t clear_at_send(uint32_t fid)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, fid, MS_SP_A, MS_PAGE(0), 2);
	b.flags = FFA_MEM_FLAG_CLEAR;
	h = ms_send_ok(fid, &b);
	ms_retrieve_init(&r, MS_SP_A, fid, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(ms_sp_check(MS_SP_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE, 0, false),
		  1024);
	return h;
}

TEST(flags, lend_clear_zeroes)
{
	uint64_t h = clear_at_send(FFA_MEM_LEND_32);

	ms_relinquish_reclaim(MS_SP_A, h);
	EXPECT_EQ(ms_check(MS_PAGE(0), 2 * FFA_PAGE_SIZE, 0), 1024);
}

TEST(flags, donate_clear_zeroes)
{
	uint64_t h = clear_at_send(FFA_MEM_DONATE_32);

	/* Refused (share.donate32_final pins the error code). */
	EXPECT_NE(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), 2 * FFA_PAGE_SIZE, 0), 1024);
}

/* CLEAR is not for shares: refused, memory untouched, then shared. */
TEST(flags, share_clear_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	b.flags = FFA_MEM_FLAG_CLEAR;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send(FFA_MEM_SHARE_64, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);

	b.flags = 0;
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, true),
	    512);
}

/* Send flags other than CLEAR and TIME_SLICE are reserved. */
TEST(flags, send_flags_mbz)
{
	static const uint32_t bad[] = {
		FFA_MEM_FLAG_CLEAR_RELINQUISH,
		MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_LEND),
		FFA_MEM_FLAG_HINT_VALID,
		1U << 31,
	};
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	for (uint32_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b.flags = bad[i];
		ret = ms_send(FFA_MEM_LEND_32, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	}
	b.flags = 0;
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_LEND_32, &b), 0), 0);
}

/* Zero on relinquish: A's data is gone when the normal world looks. */
TEST(flags, relinquish_clear_zeroes)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ms_sp_fill(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h,
			    MEM_RELINQUISH_FLAG_CLEAR);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, 0), 512);
}

/* Zeroing shared memory on relinquish is refused; nothing changes. */
TEST(flags, relinquish_clear_share_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	ms_retrieve_ok(&r);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h,
			    MEM_RELINQUISH_FLAG_CLEAR);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Still retrieved: A reads it, the normal world cannot reclaim. */
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, true),
	    512);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
	ms_relinquish_reclaim(MS_SP_A, h);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
}

/* Zeroing on relinquish needs write access. */
TEST(flags, relinquish_clear_read_only_denied)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	b.receivers[0].perm =
	    MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h,
			    MEM_RELINQUISH_FLAG_CLEAR);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, false),
	    512);
	ms_relinquish_reclaim(MS_SP_A, h);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
}

/* Relinquish flags other than CLEAR and TIME_SLICE are reserved. */
TEST(flags, relinquish_flags_mbz)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 1U << 2);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 1U << 31);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
	ms_relinquish_reclaim(MS_SP_A, h);
}

/*
 * Zero on reclaim, after a borrower wrote to the memory and after a lend
 * nobody retrieved: the normal world gets zeros back.
 */
TEST(flags, reclaim_clear_zeroes)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ms_sp_fill(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_CLEAR), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, 0), 512);

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_B, MS_PAGE(1), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_CLEAR), 0);
	EXPECT_EQ(ms_check(MS_PAGE(1), FFA_PAGE_SIZE, 0), 512);
}

/* Zero on reclaim of a share is refused; the share stays reclaimable. */
TEST(flags, reclaim_clear_share_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_CLEAR),
		  FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD), 512);
}

/* Reclaim flags other than CLEAR and TIME_SLICE are reserved. */
TEST(flags, reclaim_flags_mbz)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ret = ffa_mem_reclaim(h, 1U << 2);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ffa_mem_reclaim(h, 1U << 31);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ffa_mem_reclaim(h, 0);
	EXPECT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
}

/* Time slicing is accepted on every call that has the flag. */
TEST(flags, time_slice_accepted)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_64, MS_SP_A, MS_PAGE(0), 1);
	b.flags = FFA_MEM_FLAG_TIME_SLICE;
	h = ms_send_ok(FFA_MEM_LEND_64, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_64, h, &b);
	r.flags |= FFA_MEM_FLAG_TIME_SLICE;
	ms_retrieve_ok(&r);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h,
			    MEM_RELINQUISH_FLAG_TIME_SLICE);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_TIME_SLICE), 0);

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	b.flags = FFA_MEM_FLAG_TIME_SLICE;
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_TIME_SLICE), 0);
}

/* A retrieve hint needs its valid bit; with it, it is accepted. */
TEST(flags, retrieve_hint)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.flags |= 3U << FFA_MEM_FLAG_HINT_SHIFT;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), FFA_DENIED);
	r.flags |= FFA_MEM_FLAG_HINT_VALID;
	ms_retrieve_ok(&r);
}

/* Retrieve flags above bit 10 are reserved. */
TEST(flags, retrieve_flags_mbz)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.flags |= 1U << 11;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags = (r.flags & ~(1U << 11)) | (1U << 31);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags &= ~(1U << 31);
	ms_retrieve_ok(&r);
}

/* Zeroing flags in a retrieve request of a share are refused. */
TEST(flags, retrieve_clear_share_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	r.flags |= FFA_MEM_FLAG_CLEAR;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags ^= FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_CLEAR_RELINQUISH;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags &= ~FFA_MEM_FLAG_CLEAR_RELINQUISH;
	ms_retrieve_ok(&r);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, true),
	    512);
}

/*
 * The bypass-multi-borrower flag exists from v1.2: A (v1.2) may list only
 * itself in a request for memory lent to A and B; B (v1.1) may not use
 * the flag and lists both.
 */
TEST(flags, retrieve_bypass_v1_2_only)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_B };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ms_retrieve r;
	struct mem_resp_view v;
	uint64_t h;

	ms_desc(&b, FFA_MEM_LEND_32, ids, 2, &c, 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);

	ms_retrieve_init(&r, MS_SP_B, FFA_MEM_LEND_32, h, &b);
	r.flags |= FFA_MEM_FLAG_BYPASS_BORROWERS;
	r.receivers = 0;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags &= ~FFA_MEM_FLAG_BYPASS_BORROWERS;
	r.receivers = 0x3;
	ms_retrieve_ok(&r);

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.flags |= FFA_MEM_FLAG_BYPASS_BORROWERS;
	r.receivers = 0;
	ms_retrieve_ok(&r);
	/* The response still lists both borrowers. */
	ASSERT_TRUE(ms_resp_view(MS_SP_A, FFA_VERSION_1_2, &v));
	EXPECT_EQ(v.receiver_count, 2);
	EXPECT_EQ(v.receivers[0].id, MS_SP_A);
	EXPECT_EQ(v.receivers[1].id, MS_SP_B);
}
