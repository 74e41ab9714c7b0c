/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "hftest/hftest.h"
#include "mem_sp.h"
#include "nwd_mem.h"

/*
 * Errors on the receiving and reclaiming side between partitions:
 * retrieve requests that do not match the transaction, calls from the
 * wrong endpoint, reclaim while the memory is held. After each refusal
 * the transaction still completes normally.
 */

#define PAT_A 0xA1A1000000000000ULL

SET_UP(msp_rerr)
{
	msp_setup();
}

/* A lends (or shares) page `index` of its pool to B; returns the handle. */
static uint64_t give(uint32_t fid, uint32_t index, uint8_t perm,
		     struct msp_send_args *s, struct msp_retr_args *r)
{
	uint64_t addr = msp_page(MSP_A, index);
	uint64_t h;

	*s = msp_send_one(fid, addr, 1, MSP_B, perm);
	s->tag = 0x7a90 + index;
	msp_fill(MSP_A, addr, 1, PAT_A + index);
	h = msp_send_ok(MSP_A, s);
	*r = msp_retr_for(s, MSP_A, h);
	return h;
}

/* B retrieves, checks the data, relinquishes; A reclaims. */
static void finish(uint64_t h, const struct msp_send_args *s,
		   const struct msp_retr_args *r, uint32_t index)
{
	msp_retrieve_ok(MSP_B, r, MSP_A, 1);
	EXPECT_EQ(msp_check(MSP_B, s->address, 1, PAT_A + index), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* Only the sender reclaims: INVALID_PARAMETERS for anyone else. */
TEST(msp_rerr, reclaim_not_owner)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_SHARE_32, 0, PERM_RW, &s, &r);

	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_B, h, 0), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_C, h, 0), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h ^ 0x10, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 1U << 2),
			 FFA_INVALID_PARAMETERS);
	finish(h, &s, &r, 0);
}

/* Reclaim while a borrower holds the pages: DENIED, and it keeps them. */
TEST(msp_rerr, reclaim_while_borrowed)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_32, 1, PERM_RW, &s, &r);

	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_DENIED);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR),
			 FFA_DENIED);
	/* The borrower still has the data: neither reclaim zeroed it. */
	EXPECT_EQ(msp_check(MSP_B, s.address, 1, PAT_A + 1), 0);
	msp_poke(MSP_B, s.address, 0x99);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_peek(MSP_A, s.address), 0x99);
}

/*
 * Relinquish by a partition that is not a receiver, by the sender, for
 * another ID, with a count other than 1: INVALID_PARAMETERS; by the
 * receiver before it retrieved: DENIED.
 */
TEST(msp_rerr, relinquish_not_borrower)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_64, 2, PERM_RW, &s, &r);

	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_C, h, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_A, h, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_B, h, 0, 0, 0), FFA_DENIED);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_C, h, 0, MSP_B, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_B, h, 0, MSP_C, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_B, h, 0, 0, 2),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_B, h, 1U << 2, 0, 0),
			 FFA_INVALID_PARAMETERS);
	/* Still mapped in B, so reclaim is still refused. */
	EXPECT_EQ(msp_check(MSP_B, s.address, 1, PAT_A + 2), 0);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_DENIED);
	msp_relinquish_ok(MSP_B, h, 0);
	EXPECT_MSP_ERROR(msp_op_relinquish(MSP_B, h, 0, 0, 0), FFA_DENIED);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* A second retrieve by the same borrower: DENIED; the first stands. */
TEST(msp_rerr, double_retrieve)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_SHARE_64, 3, PERM_RW, &s, &r);

	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_DENIED);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_DENIED);
	EXPECT_EQ(msp_check(MSP_B, s.address, 1, PAT_A + 3), 0);
	/* One relinquish ends it. */
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* A retrieve with another tag: INVALID_PARAMETERS. */
TEST(msp_rerr, retrieve_wrong_tag)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_32, 4, PERM_RW, &s, &r);
	struct msp_retr_args bad = r;

	bad.tag = r.tag + 1;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	bad.tag = 0;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	finish(h, &s, &r, 4);
}

/* A retrieve naming another transaction type: INVALID_PARAMETERS. */
TEST(msp_rerr, retrieve_wrong_type)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_32, 5, PERM_RW, &s, &r);
	struct msp_retr_args bad = r;

	bad.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_SHARE);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	bad.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_DONATE);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	/* Unspecified type is fine. */
	bad.flags = 0;
	finish(h, &s, &bad, 5);
}

/* A retrieve naming another sender: INVALID_PARAMETERS. */
TEST(msp_rerr, retrieve_wrong_sender)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_SHARE_32, 6, PERM_RW, &s, &r);
	struct msp_retr_args bad = r;

	bad.sender = MSP_C;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	bad.sender = 0;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	finish(h, &s, &r, 6);
}

/*
 * A retrieve by a partition that is not a receiver, and of a handle that
 * does not exist: INVALID_PARAMETERS.
 */
TEST(msp_rerr, retrieve_not_receiver)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_32, 7, PERM_RW, &s, &r);
	struct msp_retr_args bad = r;

	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_C, &r), FFA_INVALID_PARAMETERS);
	bad.recv[0] = MSP_RECV(MSP_C, PERM_RW, 0);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_C, &bad), FFA_INVALID_PARAMETERS);
	bad = r;
	bad.handle = h + 1;
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_INVALID_PARAMETERS);
	finish(h, &s, &r, 7);
}

/* Permissions beyond the granted ones: DENIED. */
TEST(msp_rerr, retrieve_perm_beyond_granted)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_LEND_32, 8, PERM_RO, &s, &r);
	struct msp_retr_args bad = r;
	struct msp_ans a;

	bad.recv[0] = MSP_RECV(MSP_B, PERM_RW, 0);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &bad), FFA_DENIED);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_EQ(MSP_DESC_PERM(a.p[MSP_RESP_DESC]) & FFA_MEM_PERM_DATA_MASK,
		  FFA_DATA_ACCESS_RO);
	EXPECT_EQ(msp_check(MSP_B, s.address, 1, PAT_A + 8), 0);
	/* No write access: no zeroing on relinquish. */
	EXPECT_MSP_ERROR(
	    msp_op_relinquish(MSP_B, h, MEM_RELINQUISH_FLAG_CLEAR, 0, 0),
	    FFA_DENIED);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, s.address, 1, PAT_A + 8), 0);
}

/*
 * A retrieve while the caller still owns its RX buffer (a previous
 * response not released): BUSY; after FFA_RX_RELEASE it works.
 */
TEST(msp_rerr, retrieve_rx_busy)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	struct msp_send_args s2;
	struct msp_retr_args r2;
	uint64_t h = give(FFA_MEM_SHARE_32, 9, PERM_RW, &s, &r);
	uint64_t h2 = give(FFA_MEM_LEND_32, 10, PERM_RW, &s2, &r2);
	struct msp_ans a;

	r.options = MSP_RETR_KEEP_RX;
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r2), FFA_BUSY);
	a = msp_op_rx_release(MSP_B);
	EXPECT_MSP_SUCCESS(a);
	msp_retrieve_ok(MSP_B, &r2, MSP_A, 1);
	EXPECT_EQ(msp_check(MSP_B, s2.address, 1, PAT_A + 10), 0);
	msp_relinquish_ok(MSP_B, h2, 0);
	msp_reclaim_ok(MSP_A, h2, 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* Zeroing asked on a share, at relinquish or reclaim: refused. */
TEST(msp_rerr, clear_on_share_refused)
{
	struct msp_send_args s;
	struct msp_retr_args r;
	uint64_t h = give(FFA_MEM_SHARE_32, 11, PERM_RW, &s, &r);

	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR),
			 FFA_INVALID_PARAMETERS);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_MSP_ERROR(
	    msp_op_relinquish(MSP_B, h, MEM_RELINQUISH_FLAG_CLEAR, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_EQ(msp_check(MSP_B, s.address, 1, PAT_A + 11), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR),
			 FFA_INVALID_PARAMETERS);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, s.address, 1, PAT_A + 11), 0);
}

/*
 * A donate once retrieved cannot be reclaimed: DENIED for the donor
 * (docs/design/mem_share.md, "reclaim: ... a donate was retrieved"),
 * with or without the zero flag; the new owner keeps page and data.
 */
TEST(msp_rerr, reclaim_retrieved_donate)
{
	uint64_t addr = msp_page(MSP_A, 12);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_32, addr, 1, MSP_B, PERM_NONE);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	/* The donate is over once retrieved: its handle is gone. */
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR),
			 FFA_INVALID_PARAMETERS);
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	msp_poke(MSP_B, addr, 0xD0D0);
	/* A donate has no relinquish. */
	EXPECT_EQ((uint32_t)msp_op_relinquish(MSP_B, h, 0, 0, 0).p[0],
		  FFA_ERROR_32);
	EXPECT_EQ(msp_peek(MSP_B, addr), 0xD0D0);
}
