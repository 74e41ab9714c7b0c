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
 * Zeroing between partitions, as the endpoints observe it: the send flag
 * CLEAR (lend, donate) before the borrower sees the pages, the relinquish
 * flag before the lender gets them back, the reclaim flag. Without a flag
 * the data travels unchanged.
 */

#define PAT_A 0xA1A1000000000000ULL
#define PAT_B 0xB2B2000000000000ULL

SET_UP(msp_zero)
{
	msp_setup();
}

/* LEND_32 with CLEAR: the borrower reads zeros, and so does the lender. */
TEST(msp_zero, lend_clear)
{
	uint64_t addr = msp_page(MSP_A, 0);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 2, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	s.flags = FFA_MEM_FLAG_CLEAR;
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 2);
	EXPECT_EQ(msp_check(MSP_B, addr, 2, 0), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, addr, 2, 0), 0);
	/* The neighbour page was not part of it. */
	EXPECT_EQ(msp_peek(MSP_A, addr + 2 * 4096), 0);
}

/* LEND_64 to two borrowers with CLEAR: both read zeros. */
TEST(msp_zero, lend64_clear_two_receivers)
{
	uint64_t addr = msp_page(MSP_A, 2);
	struct msp_send_args s = {
		.fid = FFA_MEM_LEND_64,
		.address = addr,
		.pages = 1,
		.count = 2,
		.recv = { MSP_RECV(MSP_B, PERM_RW, 0),
			  MSP_RECV(MSP_C, PERM_RO, 0) },
		.attributes = MEM_ATTR_NORMAL_WB_IS,
		.flags = FFA_MEM_FLAG_CLEAR,
	};
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	EXPECT_EQ(msp_check(MSP_B, addr, 1, 0), 0);
	EXPECT_EQ(msp_check(MSP_C, addr, 1, 0), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	/* Only the page sent was cleared. */
	EXPECT_EQ(msp_check(MSP_A, addr + 4096, 1, PAT_A + 512), 0);
}

/* DONATE_64 with CLEAR: the new owner reads zeros. */
TEST(msp_zero, donate_clear)
{
	uint64_t addr = msp_page(MSP_A, 4);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_64, addr, 1, MSP_C, PERM_NONE);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	s.flags = FFA_MEM_FLAG_CLEAR;
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	EXPECT_EQ(msp_check(MSP_C, addr, 1, 0), 0);
	msp_poke(MSP_C, addr, 0xD0);
}

/*
 * Without CLEAR the borrower sees the lender's data; relinquish with the
 * zero flag hands the lender back zeros.
 */
TEST(msp_zero, relinquish_clear)
{
	uint64_t addr = msp_page(MSP_A, 5);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 2, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 2);
	EXPECT_EQ(msp_check(MSP_B, addr, 2, PAT_A), 0);
	msp_fill(MSP_B, addr, 2, PAT_B);
	msp_relinquish_ok(MSP_B, h, MEM_RELINQUISH_FLAG_CLEAR);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, addr, 2, 0), 0);
}

/*
 * Reclaim with the zero flag: after a borrower wrote and relinquished,
 * and for a lend nobody retrieved; the lender reads zeros either way.
 */
TEST(msp_zero, reclaim_clear)
{
	uint64_t addr = msp_page(MSP_A, 7);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_64, addr, 1, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 2, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	msp_fill(MSP_B, addr, 1, PAT_B);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, 0), 0);

	s.address = addr + 4096;
	h = msp_send_ok(MSP_A, &s);
	msp_reclaim_ok(MSP_A, h, MEM_RECLAIM_FLAG_CLEAR);
	EXPECT_EQ(msp_check(MSP_A, addr + 4096, 1, 0), 0);
}

/* No flag anywhere: the data survives the whole round trip. */
TEST(msp_zero, no_flag_keeps_data)
{
	uint64_t addr = msp_page(MSP_A, 9);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_32, addr, 1, MSP_B, PERM_NONE);
	struct msp_send_args l =
	    msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_C, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	/* The new owner lends it on; the borrower sees the same data. */
	h = msp_send_ok(MSP_B, &l);
	r = msp_retr_for(&l, MSP_B, h);
	msp_retrieve_ok(MSP_C, &r, MSP_B, 1);
	EXPECT_EQ(msp_check(MSP_C, addr, 1, PAT_A), 0);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_B, h, 0);
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
}
