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
 * Partition to partition: share, lend and donate of the sender's own pool
 * pages (SMC32 and SMC64), retrieved, used by both sides, relinquished and
 * reclaimed. Each test also checks what the retrieve response says.
 */

#define PAT_A 0xA1A1000000000000ULL
#define PAT_B 0xB2B2000000000000ULL
#define PAT_C 0xC3C3000000000000ULL

SET_UP(msp_share)
{
	msp_setup();
}

/*
 * The donor's reclaim of a retrieved donate is refused. (Which error is
 * msp_rerr.reclaim_retrieved_donate's business.)
 */
static void expect_no_reclaim(uint16_t sp, uint64_t h)
{
	struct msp_ans a = msp_op_reclaim(sp, h, 0);
	int32_t code = (int32_t)(uint32_t)a.p[2];

	EXPECT_EQ((uint32_t)a.p[0], FFA_ERROR_32);
	EXPECT_TRUE(code == FFA_DENIED || code == FFA_INVALID_PARAMETERS);
}

/* What every single-constituent response says about `s`. */
static void check_resp(const struct msp_ans *a, const struct msp_send_args *s,
		       uint8_t own_perm)
{
	uint64_t d = a->p[MSP_RESP_DESC];

	EXPECT_EQ(a->p[MSP_RESP_CONSTITUENTS], 1);
	EXPECT_EQ(a->p[MSP_RESP_FIRST_ADDR], s->address);
	EXPECT_EQ(a->p[MSP_RESP_HASH],
		  msp_expected_hash(s->address, s->pages, 0));
	EXPECT_EQ(MSP_DESC_RECEIVERS(d), s->count);
	EXPECT_EQ(MSP_DESC_PERM(d) & FFA_MEM_PERM_DATA_MASK,
		  own_perm & FFA_MEM_PERM_DATA_MASK);
	EXPECT_EQ((MSP_DESC_FLAGS(d) & FFA_MEM_FLAG_TYPE_MASK) >>
		      FFA_MEM_FLAG_TYPE_SHIFT,
		  msp_type(s->fid));
}

/*
 * SHARE_32 of two pages to one partition: both sides see and change the
 * same memory; after relinquish and reclaim the handle is gone and the
 * sender still has its pages.
 */
TEST(msp_share, share32_round_trip)
{
	uint64_t addr = msp_page(MSP_A, 0);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 2, MSP_B, PERM_RW);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	/* A share leaves the sender its access. */
	EXPECT_EQ(msp_check(MSP_A, addr, 2, PAT_A), 0);

	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 2);
	check_resp(&a, &s, PERM_RW);
	EXPECT_EQ(MSP_DESC_ATTR(a.p[MSP_RESP_DESC]), MEM_ATTR_NORMAL_WB_IS);
	EXPECT_EQ(msp_check(MSP_B, addr, 2, PAT_A), 0);
	msp_poke(MSP_B, addr + 8, 0x5151);
	EXPECT_EQ(msp_peek(MSP_A, addr + 8), 0x5151);
	msp_poke(MSP_A, addr + 4096, 0x6161);
	EXPECT_EQ(msp_peek(MSP_B, addr + 4096), 0x6161);

	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	msp_poke(MSP_A, addr, 0x7171);
	/* The handle is gone. */
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_INVALID_PARAMETERS);
}

/*
 * SHARE_64 to two partitions (RW and RO), retrieved with
 * RETRIEVE_REQ_64: each sees its own permissions, both see the same
 * memory; reclaim waits for both relinquishes.
 */
TEST(msp_share, share64_two_receivers)
{
	uint64_t addr = msp_page(MSP_A, 1);
	struct msp_send_args s = {
		.fid = FFA_MEM_SHARE_64,
		.address = addr,
		.pages = 1,
		.count = 2,
		.recv = { MSP_RECV(MSP_B, PERM_RW, 0),
			  MSP_RECV(MSP_C, PERM_RO, 0) },
		.attributes = MEM_ATTR_NORMAL_WB_IS,
		.tag = 0x7A6,
	};
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	check_resp(&a, &s, PERM_RW);
	a = msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	check_resp(&a, &s, PERM_RO);

	EXPECT_EQ(msp_check(MSP_C, addr, 1, PAT_A), 0);
	msp_poke(MSP_B, addr, 0x2222);
	EXPECT_EQ(msp_peek(MSP_C, addr), 0x2222);
	EXPECT_EQ(msp_peek(MSP_A, addr), 0x2222);

	msp_relinquish_ok(MSP_B, h, 0);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_DENIED);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	msp_poke(MSP_A, addr, 0x3333);
}

/*
 * LEND_32 to one partition: the borrower reads the lender's data and
 * writes its own; after relinquish and reclaim the lender sees it.
 */
TEST(msp_share, lend32_round_trip)
{
	uint64_t addr = msp_page(MSP_A, 2);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 3, MSP_B, PERM_RW);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, addr, 3, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 3);
	check_resp(&a, &s, PERM_RW);
	EXPECT_EQ(msp_check(MSP_B, addr, 3, PAT_A), 0);
	msp_fill(MSP_B, addr, 3, PAT_B);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, addr, 3, PAT_B), 0);
}

/*
 * LEND_64 to two partitions, RETRIEVE_REQ_64 by both: a lend to several
 * needs Normal WB IS attributes; both read and the RW one writes.
 */
TEST(msp_share, lend64_two_receivers)
{
	uint64_t addr = msp_page(MSP_A, 5);
	struct msp_send_args s = {
		.fid = FFA_MEM_LEND_64,
		.address = addr,
		.pages = 2,
		.count = 2,
		.recv = { MSP_RECV(MSP_C, PERM_RO, 0),
			  MSP_RECV(MSP_B, PERM_RW, 0) },
		.attributes = MEM_ATTR_NORMAL_WB_IS,
		.tag = 0x1e2d,
	};
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	a = msp_retrieve_ok(MSP_C, &r, MSP_A, 2);
	check_resp(&a, &s, PERM_RO);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 2);
	check_resp(&a, &s, PERM_RW);
	EXPECT_EQ(msp_check(MSP_B, addr, 2, PAT_A), 0);
	EXPECT_EQ(msp_check(MSP_C, addr, 2, PAT_A), 0);
	msp_poke(MSP_B, addr + 16, 0x4444);
	EXPECT_EQ(msp_peek(MSP_C, addr + 16), 0x4444);

	msp_relinquish_ok(MSP_C, h, 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_peek(MSP_A, addr + 16), 0x4444);
}

/*
 * DONATE_32: once retrieved the receiver owns the page. The donor cannot
 * reclaim it; the new owner shares it on to a third partition and
 * reclaims that share itself.
 */
TEST(msp_share, donate32_then_share_on)
{
	uint64_t addr = msp_page(MSP_A, 7);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_32, addr, 1, MSP_B, PERM_NONE);
	struct msp_send_args on =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_C, PERM_RW);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;
	uint64_t h2;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	check_resp(&a, &s, PERM_RW);
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	expect_no_reclaim(MSP_A, h);

	h2 = msp_send_ok(MSP_B, &on);
	EXPECT_NE(h2, h);
	r = msp_retr_for(&on, MSP_B, h2);
	msp_retrieve_ok(MSP_C, &r, MSP_B, 1);
	EXPECT_EQ(msp_check(MSP_C, addr, 1, PAT_A), 0);
	msp_poke(MSP_C, addr, 0x5555);
	msp_relinquish_ok(MSP_C, h2, 0);
	msp_reclaim_ok(MSP_B, h2, 0);
	EXPECT_EQ(msp_peek(MSP_B, addr), 0x5555);
	/* Still not the donor's. */
	expect_no_reclaim(MSP_A, h);
}

/*
 * DONATE_64 there and back: the receiver owns the page and donates it
 * back; neither donate can be reclaimed once retrieved.
 */
TEST(msp_share, donate64_round_trip)
{
	uint64_t addr = msp_page(MSP_A, 8);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_64, addr, 1, MSP_B, PERM_NONE);
	struct msp_send_args back =
	    msp_send_one(FFA_MEM_DONATE_64, addr, 1, MSP_A, PERM_NONE);
	struct msp_retr_args r;
	uint64_t h;
	uint64_t h2;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	msp_fill(MSP_B, addr, 1, PAT_B);

	h2 = msp_send_ok(MSP_B, &back);
	r = msp_retr_for(&back, MSP_B, h2);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	msp_retrieve_ok(MSP_A, &r, MSP_B, 1);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_B), 0);
	msp_fill(MSP_A, addr, 1, PAT_C);
	expect_no_reclaim(MSP_B, h2);
	expect_no_reclaim(MSP_A, h);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_C), 0);
}

/*
 * Several constituents (one per page) and a v1.1 send descriptor
 * (16-byte access descriptors) from a v1.2 partition: the response lists
 * every constituent.
 */
TEST(msp_share, v1_1_descriptor_constituents)
{
	uint64_t addr = msp_page(MSP_A, 9);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 4, MSP_C, PERM_RW);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	s.per = 1;
	s.layout = FFA_VERSION_1_1;
	s.tag = 0x11;
	msp_fill(MSP_A, addr, 4, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_C, &r, MSP_A, 4);
	EXPECT_EQ(a.p[MSP_RESP_CONSTITUENTS], 4);
	EXPECT_EQ(a.p[MSP_RESP_HASH], msp_expected_hash(addr, 4, 1));
	EXPECT_EQ(msp_check(MSP_C, addr, 4, PAT_A), 0);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* A lend reclaimed before anyone retrieved it: back to the lender. */
TEST(msp_share, reclaim_unretrieved)
{
	uint64_t addr = msp_page(MSP_A, 3);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_A), 0);
	msp_poke(MSP_A, addr, 0x6666);
	r = msp_retr_for(&s, MSP_A, h);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_INVALID_PARAMETERS);
	/* The pages can be lent again. */
	h = msp_send_ok(MSP_A, &s);
	msp_reclaim_ok(MSP_A, h, 0);
}

/* Retrieve, relinquish, retrieve again: the borrower may come back. */
TEST(msp_share, retrieve_after_relinquish)
{
	uint64_t addr = msp_page(MSP_A, 4);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_64, addr, 1, MSP_C, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	msp_poke(MSP_C, addr, 0x7777);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	EXPECT_EQ(msp_peek(MSP_C, addr), 0x7777);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_peek(MSP_A, addr), 0x7777);
}
