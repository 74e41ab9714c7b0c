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
 * What a partition sender can get wrong (docs/design/mem_share.md,
 * "Errors"): memory it does not own exclusively, receivers it may not
 * name, permissions and flags its memory does not allow. After each
 * refusal the same pages still serve a valid transaction, so nothing was
 * left half-done.
 */

#define PAT_A 0xA1A1000000000000ULL
#define PAT_B 0xB2B2000000000000ULL

SET_UP(msp_err)
{
	msp_setup();
}

/* The pages still go to `to` and back: the refusal changed nothing. */
static void still_lendable(uint16_t from, uint64_t addr, uint32_t pages,
			   uint16_t to, uint64_t pattern)
{
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, pages, to, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	EXPECT_EQ(msp_check(from, addr, pages, pattern), 0);
	h = msp_send_ok(from, &s);
	r = msp_retr_for(&s, from, h);
	msp_retrieve_ok(to, &r, from, pages);
	EXPECT_EQ(msp_check(to, addr, pages, pattern), 0);
	msp_relinquish_ok(to, h, 0);
	msp_reclaim_ok(from, h, 0);
}

/* Another partition's memory (and its own plus it) is not the sender's. */
TEST(msp_err, not_owned_other_partition)
{
	uint64_t mine = msp_page(MSP_A, 0);
	uint64_t theirs = msp_page(MSP_B, 0);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, theirs, 1, MSP_C, PERM_RW);

	msp_fill(MSP_B, theirs, 1, PAT_B);
	msp_fill(MSP_A, mine, 1, PAT_A);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	s.fid = FFA_MEM_LEND_64;
	s.attributes = MEM_ATTR_NOT_SPECIFIED;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	s.fid = FFA_MEM_DONATE_32;
	s.recv[0] = MSP_RECV(MSP_C, PERM_NONE, 0);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	/*
	 * The last page of its own window and the first of the next
	 * partition's, in one constituent and in two.
	 */
	s = msp_send_one(FFA_MEM_LEND_32, MSP_B_LOAD - 4096, 2, MSP_C, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	s.per = 1;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	EXPECT_EQ(msp_check(MSP_B, theirs, 1, PAT_B), 0);
	still_lendable(MSP_A, mine, 1, MSP_C, PAT_A);
	still_lendable(MSP_B, theirs, 1, MSP_C, PAT_B);
	/* The owned half of the refused range was not left half-sent. */
	msp_fill(MSP_A, MSP_B_LOAD - 4096, 1, PAT_A);
	still_lendable(MSP_A, MSP_B_LOAD - 4096, 1, MSP_C, PAT_A);
}

/* Memory a partition only borrowed cannot be passed on. */
TEST(msp_err, not_owned_borrowed)
{
	uint64_t addr = msp_page(MSP_A, 1);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_B, PERM_RW);
	struct msp_send_args on;
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);

	on = msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_C, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_B, &on), FFA_DENIED);
	on = msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_C, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_B, &on), FFA_DENIED);
	on = msp_send_one(FFA_MEM_DONATE_64, addr, 1, MSP_C, PERM_NONE);
	EXPECT_MSP_ERROR(msp_op_send(MSP_B, &on), FFA_DENIED);
	/* Not even back to its owner. */
	on = msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_A, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_B, &on), FFA_DENIED);

	/* The borrower still has it; the transaction completes. */
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	still_lendable(MSP_A, addr, 1, MSP_C, PAT_A);
}

/* A device region is not owned memory: DENIED. */
TEST(msp_err, not_owned_device)
{
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, MSP_C_DEV_BASE, 1, MSP_A, PERM_RW);
	uint64_t mine = msp_page(MSP_C, 0);

	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	s = msp_send_one(FFA_MEM_LEND_64, MSP_C_DEV_BASE, 1, MSP_A, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	msp_fill(MSP_C, mine, 1, PAT_A);
	still_lendable(MSP_C, mine, 1, MSP_A, PAT_A);
}

/* The normal world as a receiver: secure memory never goes there. */
TEST(msp_err, nwd_receiver_denied)
{
	static const uint32_t fids[] = {
		FFA_MEM_SHARE_32, FFA_MEM_SHARE_64,  FFA_MEM_LEND_32,
		FFA_MEM_LEND_64,  FFA_MEM_DONATE_32, FFA_MEM_DONATE_64,
	};
	uint64_t addr = msp_page(MSP_A, 2);

	msp_fill(MSP_A, addr, 1, PAT_A);
	for (uint32_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		bool donate = msp_type(fids[i]) == FFA_MEM_FLAG_TYPE_DONATE;
		struct msp_send_args s = msp_send_one(
		    fids[i], addr, 1, 0, donate ? PERM_NONE : PERM_RW);

		EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	}
	/* A normal-world ID beside a valid receiver. */
	{
		struct msp_send_args s = {
			.fid = FFA_MEM_SHARE_32,
			.address = addr,
			.pages = 1,
			.count = 2,
			.recv = { MSP_RECV(MSP_B, PERM_RW, 0),
				  MSP_RECV(0x0001, PERM_RW, 0) },
			.attributes = MEM_ATTR_NORMAL_WB_IS,
		};

		EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	}
	msp_poke(MSP_A, addr + 8, PAT_A + 1);
	still_lendable(MSP_A, addr, 1, MSP_B, PAT_A);
}

/* The sender itself and an ID no partition has: INVALID_PARAMETERS. */
TEST(msp_err, bad_receivers)
{
	uint64_t addr = msp_page(MSP_A, 3);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_A, PERM_RW);

	msp_fill(MSP_A, addr, 1, PAT_A);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	s = msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_A, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	s = msp_send_one(FFA_MEM_SHARE_64, addr, 1, MSP_NONE, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	s = msp_send_one(FFA_MEM_DONATE_32, addr, 1, MSP_NONE, PERM_NONE);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	/* The SPMC's own ID is no receiver either. */
	s = msp_send_one(FFA_MEM_LEND_32, addr, 1, 0x8000, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	still_lendable(MSP_A, addr, 1, MSP_C, PAT_A);
}

/* A descriptor naming another sender than the caller: DENIED. */
TEST(msp_err, sender_not_caller)
{
	uint64_t addr = msp_page(MSP_A, 4);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_C, PERM_RW);

	msp_fill(MSP_A, addr, 1, PAT_A);
	s.options = MSP_SEND_SENDER;
	s.sender = MSP_B;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	s.sender = 0;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_DENIED);
	still_lendable(MSP_A, addr, 1, MSP_C, PAT_A);
}

/* Pages already in a transaction: DENIED, whole or in part. */
TEST(msp_err, pages_in_transaction)
{
	uint64_t addr = msp_page(MSP_A, 5);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr + 4096, 1, MSP_B, PERM_RW);
	struct msp_send_args again;
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 3, PAT_A);
	h = msp_send_ok(MSP_A, &s);

	again = msp_send_one(FFA_MEM_SHARE_32, addr + 4096, 1, MSP_C, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &again), FFA_DENIED);
	again = msp_send_one(FFA_MEM_LEND_64, addr + 4096, 1, MSP_B, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &again), FFA_DENIED);
	/* Three pages around it, in one constituent and in three. */
	again = msp_send_one(FFA_MEM_LEND_32, addr, 3, MSP_C, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &again), FFA_DENIED);
	again.per = 1;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &again), FFA_DENIED);
	again =
	    msp_send_one(FFA_MEM_DONATE_32, addr + 4096, 1, MSP_C, PERM_NONE);
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &again), FFA_DENIED);

	/* The first share is intact; the neighbours are free. */
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	/* The page in the middle of the filled three: words 512.. */
	EXPECT_EQ(msp_check(MSP_B, addr + 4096, 1, PAT_A + 512), 0);
	still_lendable(MSP_A, addr, 1, MSP_C, PAT_A);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/*
 * Permissions beyond the sender's own: write or execute on its read-only,
 * non-executable region. Read-only sharing of it works.
 */
TEST(msp_err, perm_beyond_own)
{
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, MSP_C_RO_BASE, 1, MSP_A, PERM_RW);
	struct msp_retr_args r;
	uint64_t first = msp_peek(MSP_C, MSP_C_RO_BASE);
	uint64_t h;

	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	s = msp_send_one(FFA_MEM_LEND_32, MSP_C_RO_BASE, 1, MSP_A, PERM_RW);
	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	s = msp_send_one(FFA_MEM_LEND_64, MSP_C_RO_BASE, 1, MSP_A, PERM_RO_X);
	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);

	s = msp_send_one(FFA_MEM_SHARE_32, MSP_C_RO_BASE, 1, MSP_A, PERM_RO);
	h = msp_send_ok(MSP_C, &s);
	r = msp_retr_for(&s, MSP_C, h);
	msp_retrieve_ok(MSP_A, &r, MSP_C, 1);
	EXPECT_EQ(msp_peek(MSP_A, MSP_C_RO_BASE), first);
	msp_relinquish_ok(MSP_A, h, 0);
	msp_reclaim_ok(MSP_C, h, 0);
	EXPECT_EQ(msp_peek(MSP_C, MSP_C_RO_BASE), first);
}

/*
 * The clear flag: refused on a share (INVALID_PARAMETERS), and on memory
 * the sender cannot write (DENIED); the data is untouched.
 */
TEST(msp_err, clear_flag_refused)
{
	uint64_t addr = msp_page(MSP_A, 8);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_B, PERM_RW);
	uint64_t first = msp_peek(MSP_C, MSP_C_RO_BASE);

	msp_fill(MSP_A, addr, 1, PAT_A);
	s.flags = FFA_MEM_FLAG_CLEAR;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	s.fid = FFA_MEM_SHARE_64;
	EXPECT_MSP_ERROR(msp_op_send(MSP_A, &s), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_A), 0);

	s = msp_send_one(FFA_MEM_LEND_32, MSP_C_RO_BASE, 1, MSP_A, PERM_RO);
	s.flags = FFA_MEM_FLAG_CLEAR;
	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	s = msp_send_one(FFA_MEM_DONATE_32, MSP_C_RO_BASE, 1, MSP_A, PERM_NONE);
	s.flags = FFA_MEM_FLAG_CLEAR;
	EXPECT_MSP_ERROR(msp_op_send(MSP_C, &s), FFA_DENIED);
	EXPECT_EQ(msp_peek(MSP_C, MSP_C_RO_BASE), first);
	still_lendable(MSP_A, addr, 1, MSP_B, PAT_A);
}
