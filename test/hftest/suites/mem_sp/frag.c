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
 * Fragmented descriptors from and to partitions: a send descriptor
 * larger than the sender's one-page TX buffer (one constituent per page,
 * FFA_MEM_FRAG_TX), and retrieve responses larger than the borrower's RX
 * buffer (FFA_MEM_FRAG_RX), with wrong handles, callers and offsets.
 */

#define PAT_F 0xF0F0000000000000ULL

/* Header (48) + one v1.2 access descriptor (32) + composite (16). */
#define DESC_FIXED_1 96U
#define BIG_DESC_1 (DESC_FIXED_1 + MSP_FRAG_PAGES * 16U)

SET_UP(msp_frag)
{
	msp_setup();
}

/* The big lend: every frag page of A, one constituent each, to B. */
static struct msp_send_args big_lend(uint32_t fid)
{
	struct msp_send_args s =
	    msp_send_one(fid, msp_page(MSP_A, MSP_FRAG_FIRST), MSP_FRAG_PAGES,
			 MSP_B, PERM_RW);

	s.per = 1;
	s.tag = 0xF2A6;
	return s;
}

/* The complete response of the big lend arrived in `a`. */
static void check_big_resp(const struct msp_ans *a,
			   const struct msp_send_args *s)
{
	EXPECT_GE(a->p[MSP_RESP_FRAGS], 2);
	EXPECT_GT(a->p[MSP_RESP_TOTAL], MSP_BUF_SIZE);
	EXPECT_EQ(a->p[MSP_RESP_CONSTITUENTS], s->pages);
	EXPECT_EQ(a->p[MSP_RESP_FIRST_ADDR], s->address);
	EXPECT_EQ(a->p[MSP_RESP_HASH],
		  msp_expected_hash(s->address, s->pages, 1));
}

/* B retrieves the rest, checks the data, relinquishes; A reclaims. */
static void finish_big(uint64_t h, const struct msp_send_args *s)
{
	EXPECT_EQ(msp_check(MSP_B, s->address, s->pages, PAT_F), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, s->address, s->pages, PAT_F), 0);
}

/*
 * A descriptor of 256 constituents (4192 bytes) through a 4 KiB TX
 * buffer: FRAG_RX after the first fragment (w3 = bytes so far), SUCCESS
 * after the second. The borrower's response comes in fragments too.
 */
TEST(msp_frag, send_larger_than_tx)
{
	struct msp_send_args s = big_lend(FFA_MEM_LEND_32);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, s.address, s.pages, PAT_F);
	s.options = MSP_SEND_FIRST_ONLY;
	a = msp_op_send(MSP_A, &s);
	ASSERT_EQ((uint32_t)a.p[0], FFA_MEM_FRAG_RX_32);
	EXPECT_EQ(a.p[4], BIG_DESC_1);
	EXPECT_EQ((uint32_t)a.p[3], MSP_BUF_SIZE);
	h = a.p[7];
	a = msp_op_frag_tx(MSP_A, h, 0, 0, true);
	ASSERT_MSP_SUCCESS(a);
	EXPECT_EQ(a.p[7], h);
	EXPECT_EQ(a.p[5], BIG_DESC_1);
	EXPECT_EQ(a.p[6], 2);

	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, MSP_FRAG_PAGES);
	check_big_resp(&a, &s);
	finish_big(h, &s);
}

/*
 * SHARE_64 to two partitions in 256-byte fragments (3 calls); both
 * borrowers see every constituent.
 */
TEST(msp_frag, share64_small_fragments)
{
	uint64_t addr = msp_page(MSP_A, MSP_FRAG_FIRST);
	struct msp_send_args s = {
		.fid = FFA_MEM_SHARE_64,
		.address = addr,
		.pages = 32,
		.per = 1,
		.count = 2,
		.recv = { MSP_RECV(MSP_B, PERM_RW, 0),
			  MSP_RECV(MSP_C, PERM_RO, 0) },
		.attributes = MEM_ATTR_NORMAL_WB_IS,
		.frag_cap = 256,
	};
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, addr, 32, PAT_F);
	a = msp_op_send(MSP_A, &s);
	ASSERT_MSP_SUCCESS(a);
	/* 128 bytes before the constituents: 8 + 16 + 8 of them. */
	EXPECT_EQ(a.p[4], 128 + 32 * 16);
	EXPECT_EQ(a.p[6], 3);
	h = a.p[7];
	r = msp_retr_for(&s, MSP_A, h);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, 32);
	EXPECT_EQ(a.p[MSP_RESP_CONSTITUENTS], 32);
	EXPECT_EQ(a.p[MSP_RESP_HASH], msp_expected_hash(addr, 32, 1));
	a = msp_retrieve_ok(MSP_C, &r, MSP_A, 32);
	EXPECT_EQ(a.p[MSP_RESP_HASH], msp_expected_hash(addr, 32, 1));
	EXPECT_EQ(msp_check(MSP_C, addr, 32, PAT_F), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_relinquish_ok(MSP_C, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
}

/*
 * While a descriptor is being sent: FRAG_TX with a wrong handle, or from
 * another partition, is INVALID_PARAMETERS, and nobody can retrieve it
 * yet; the sender then completes it.
 */
TEST(msp_frag, frag_tx_wrong_handle_or_caller)
{
	struct msp_send_args s = big_lend(FFA_MEM_LEND_64);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, s.address, s.pages, PAT_F);
	s.options = MSP_SEND_FIRST_ONLY;
	a = msp_op_send(MSP_A, &s);
	ASSERT_EQ((uint32_t)a.p[0], FFA_MEM_FRAG_RX_32);
	h = a.p[7];
	r = msp_retr_for(&s, MSP_A, h);

	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_A, h ^ 1, 0, 0, false),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_A, h + (1ULL << 32), 0, 0, false),
			 FFA_INVALID_PARAMETERS);
	/* B has sent nothing: a raw FRAG_TX of 96 bytes naming A's handle. */
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_B, h, 96, 0, false),
			 FFA_INVALID_PARAMETERS);

	a = msp_op_frag_tx(MSP_A, h, 0, 0, true);
	ASSERT_MSP_SUCCESS(a);
	EXPECT_EQ(a.p[7], h);
	/* Complete: no more fragments accepted. */
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_A, h, 16, 0, false),
			 FFA_INVALID_PARAMETERS);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, MSP_FRAG_PAGES);
	check_big_resp(&a, &s);
	finish_big(h, &s);
}

/*
 * A fragment that splits a constituent is refused and drops the whole
 * transaction: the handle is gone and the pages are the sender's again.
 */
TEST(msp_frag, frag_tx_bad_fragment_drops)
{
	struct msp_send_args s = big_lend(FFA_MEM_LEND_32);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, s.address, s.pages, PAT_F);
	s.options = MSP_SEND_FIRST_ONLY;
	a = msp_op_send(MSP_A, &s);
	ASSERT_EQ((uint32_t)a.p[0], FFA_MEM_FRAG_RX_32);
	h = a.p[7];
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_A, h, 8, 0, false),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_tx(MSP_A, h, 0, 0, true),
			 FFA_INVALID_PARAMETERS);
	r = msp_retr_for(&s, MSP_A, h);
	EXPECT_MSP_ERROR(msp_op_retrieve(MSP_B, &r), FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_reclaim(MSP_A, h, 0), FFA_INVALID_PARAMETERS);

	/* The lender has every page back: it reads them and lends again. */
	EXPECT_EQ(msp_check(MSP_A, s.address, s.pages, PAT_F), 0);
	s.options = 0;
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, MSP_FRAG_PAGES);
	check_big_resp(&a, &s);
	finish_big(h, &s);
}

/* Sends the big lend whole and has B retrieve only the first fragment. */
static uint64_t big_first_fragment(struct msp_send_args *s,
				   struct msp_ans *first)
{
	struct msp_retr_args r;
	uint64_t h;

	*s = big_lend(FFA_MEM_LEND_32);
	msp_fill(MSP_A, s->address, s->pages, PAT_F);
	h = msp_send_ok(MSP_A, s);
	r = msp_retr_for(s, MSP_A, h);
	r.options = MSP_RETR_FIRST_ONLY;
	*first = msp_op_retrieve(MSP_B, &r);
	ASSERT_EQ((uint32_t)first->p[0], FFA_MEM_RETRIEVE_RESP_32);
	ASSERT_LT(first->p[MSP_RESP_RECEIVED], first->p[MSP_RESP_TOTAL]);
	ASSERT_EQ(first->p[MSP_RESP_TOTAL], (uint32_t)first->p[1]);
	ASSERT_EQ(first->p[MSP_RESP_RECEIVED], (uint32_t)first->p[2]);
	EXPECT_EQ(first->p[MSP_RESP_HANDLE], h);
	return h;
}

/*
 * FRAG_RX naming an offset other than the bytes received so far:
 * INVALID_PARAMETERS; the right offset then completes the response.
 */
TEST(msp_frag, frag_rx_wrong_offset)
{
	struct msp_send_args s;
	struct msp_ans first;
	struct msp_ans a;
	uint64_t h = big_first_fragment(&s, &first);
	uint64_t got = first.p[MSP_RESP_RECEIVED];
	uint64_t total = first.p[MSP_RESP_TOTAL];

	EXPECT_MSP_ERROR(msp_op_frag_rx(MSP_B, h, 0, MSP_RETR_FIRST_ONLY),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(
	    msp_op_frag_rx(MSP_B, h, got - 16, MSP_RETR_FIRST_ONLY),
	    FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(
	    msp_op_frag_rx(MSP_B, h, got + 16, MSP_RETR_FIRST_ONLY),
	    FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_rx(MSP_B, h, total, MSP_RETR_FIRST_ONLY),
			 FFA_INVALID_PARAMETERS);
	a = msp_op_frag_rx(MSP_B, h, MSP_NEXT, 0);
	ASSERT_EQ((uint32_t)a.p[0], FFA_MEM_FRAG_TX_32);
	EXPECT_EQ((uint32_t)a.p[1] | ((uint64_t)(uint32_t)a.p[2] << 32), h);
	ASSERT_EQ(a.p[MSP_RESP_RECEIVED], total);
	check_big_resp(&a, &s);
	finish_big(h, &s);
}

/*
 * FRAG_RX with a wrong handle, from a partition that is not retrieving
 * (another borrower-to-be, the sender), or after the last fragment:
 * INVALID_PARAMETERS; the retriever's own FRAG_RX still works.
 */
TEST(msp_frag, frag_rx_wrong_handle_or_caller)
{
	struct msp_send_args s;
	struct msp_ans first;
	struct msp_ans a;
	uint64_t h = big_first_fragment(&s, &first);
	uint64_t got = first.p[MSP_RESP_RECEIVED];

	EXPECT_MSP_ERROR(msp_op_frag_rx(MSP_B, h ^ 1, got, MSP_RETR_FIRST_ONLY),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_rx(MSP_C, h, got, MSP_RETR_FIRST_ONLY),
			 FFA_INVALID_PARAMETERS);
	EXPECT_MSP_ERROR(msp_op_frag_rx(MSP_A, h, got, MSP_RETR_FIRST_ONLY),
			 FFA_INVALID_PARAMETERS);
	a = msp_op_frag_rx(MSP_B, h, got, 0);
	ASSERT_EQ((uint32_t)a.p[0], FFA_MEM_FRAG_TX_32);
	check_big_resp(&a, &s);
	EXPECT_MSP_ERROR(
	    msp_op_frag_rx(MSP_B, h, a.p[MSP_RESP_TOTAL], MSP_RETR_FIRST_ONLY),
	    FFA_INVALID_PARAMETERS);
	finish_big(h, &s);
}

/*
 * The borrower never calls FFA_RX_RELEASE: each FRAG_RX releases the RX
 * buffer itself, and after the last fragment RX is the borrower's until
 * it releases it.
 */
TEST(msp_frag, frag_rx_releases_rx)
{
	struct msp_send_args s = big_lend(FFA_MEM_LEND_32);
	struct msp_retr_args r;
	struct msp_ans a;
	uint64_t h;

	msp_fill(MSP_A, s.address, s.pages, PAT_F);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	r.options = MSP_RETR_KEEP_RX;
	a = msp_retrieve_ok(MSP_B, &r, MSP_A, MSP_FRAG_PAGES);
	check_big_resp(&a, &s);
	EXPECT_MSP_SUCCESS(msp_op_rx_release(MSP_B));
	EXPECT_MSP_ERROR(msp_op_rx_release(MSP_B), FFA_DENIED);
	finish_big(h, &s);
}
