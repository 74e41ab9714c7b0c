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
#include "vmlib/ffa.h"

/*
 * Stage-2 isolation of memory in transactions. A partition touching a
 * page it gave away (lend, donate), gave back (relinquish) or never got
 * takes a stage-2 fault: the SPMC aborts it, so its direct request is
 * answered with FFA_ERROR(ABORTED) and every later one too, while the
 * SPMC and the other partitions keep serving.
 */

#define PAT_A 0xA1A1000000000000ULL
#define PAT_B 0xB2B2000000000000ULL

SET_UP(msp_iso)
{
	msp_setup();
}

/* `sp` accessing `addr` (a load, or a store of `value`) is aborted. */
static void expect_fault(uint16_t sp, bool store, uint64_t addr, uint64_t value)
{
	struct ffa_value ret =
	    msp_call_raw(sp, store ? MSP_OP_WRITE : MSP_OP_READ, addr, value);

	EXPECT_EQ((uint32_t)ret.x[0], FFA_ERROR_32);
	EXPECT_EQ(ffa_error_code(&ret), FFA_ABORTED);
	/* It stays aborted. */
	ret = msp_call_raw(sp, MSP_OP_INFO, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_ERROR_32);
	EXPECT_EQ(ffa_error_code(&ret), FFA_ABORTED);
}

/* The SPMC still answers the normal world. */
static void spmc_serves(void)
{
	struct ffa_value ret = ffa_id_get();

	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], 0);
	ret = ffa_features(FFA_MEM_RETRIEVE_REQ_32, 0);
	EXPECT_EQ((uint32_t)ret.x[0] & ~0x40000000U, FFA_SUCCESS_32);
}

/*
 * The lender reads a page it lent (and the borrower retrieved): aborted.
 * The borrower keeps the page and its data; the third partition and the
 * SPMC serve.
 */
TEST(msp_iso, lender_read_faults)
{
	uint64_t addr = msp_page(MSP_A, 0);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	msp_fill(MSP_B, addr, 1, PAT_B);

	expect_fault(MSP_A, false, addr, 0);
	spmc_serves();
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_B), 0);
	msp_alive(MSP_C);
	/* The borrower can still give the page up. */
	msp_relinquish_ok(MSP_B, h, 0);
	msp_alive(MSP_B);
}

/* A store to a lent page before anyone retrieved it: aborted. */
TEST(msp_iso, lender_write_before_retrieve_faults)
{
	uint64_t addr = msp_page(MSP_A, 1);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_64, addr, 1, MSP_C, PERM_RW);

	msp_fill(MSP_A, addr, 1, PAT_A);
	msp_send_ok(MSP_A, &s);
	expect_fault(MSP_A, true, addr + 64, 0xBAD);
	spmc_serves();
	msp_alive(MSP_B);
	msp_alive(MSP_C);
}

/* The donor reads the donated page after the retrieve: aborted. */
TEST(msp_iso, donor_read_faults)
{
	uint64_t addr = msp_page(MSP_A, 2);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_DONATE_32, addr, 1, MSP_B, PERM_NONE);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	expect_fault(MSP_A, false, addr, 0);
	spmc_serves();
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	msp_poke(MSP_B, addr, 0xB0B);
	msp_alive(MSP_C);
}

/*
 * After relinquish and reclaim, the former borrower's access faults; the
 * lender has its page (with the borrower's last write) back.
 */
TEST(msp_iso, borrower_faults_after_reclaim)
{
	uint64_t addr = msp_page(MSP_A, 3);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	msp_poke(MSP_B, addr, 0x1234);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);

	expect_fault(MSP_B, false, addr, 0);
	spmc_serves();
	EXPECT_EQ(msp_peek(MSP_A, addr), 0x1234);
	msp_poke(MSP_A, addr, 0x4321);
	msp_alive(MSP_C);
}

/* Relinquish unmaps at once, before the reclaim. */
TEST(msp_iso, borrower_faults_after_relinquish)
{
	uint64_t addr = msp_page(MSP_A, 4);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_SHARE_32, addr, 1, MSP_C, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_C, &r, MSP_A, 1);
	msp_relinquish_ok(MSP_C, h, 0);
	expect_fault(MSP_C, true, addr, 0xBAD);
	spmc_serves();
	/* The sharer never lost access and reclaims. */
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_A), 0);
	msp_reclaim_ok(MSP_A, h, 0);
	msp_alive(MSP_B);
}

/*
 * A partition that is not a receiver touches the lent page: aborted; the
 * transaction between the others goes on.
 */
TEST(msp_iso, stranger_faults)
{
	uint64_t addr = msp_page(MSP_A, 5);
	struct msp_send_args s =
	    msp_send_one(FFA_MEM_LEND_32, addr, 1, MSP_B, PERM_RW);
	struct msp_retr_args r;
	uint64_t h;

	msp_fill(MSP_A, addr, 1, PAT_A);
	h = msp_send_ok(MSP_A, &s);
	r = msp_retr_for(&s, MSP_A, h);
	msp_retrieve_ok(MSP_B, &r, MSP_A, 1);
	expect_fault(MSP_C, false, addr, 0);
	spmc_serves();
	EXPECT_EQ(msp_check(MSP_B, addr, 1, PAT_A), 0);
	msp_relinquish_ok(MSP_B, h, 0);
	msp_reclaim_ok(MSP_A, h, 0);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_A), 0);
}

/*
 * The baseline: a partition reading another's page that is in no
 * transaction at all is aborted; the owner keeps its page.
 */
TEST(msp_iso, unshared_page_faults)
{
	uint64_t addr = msp_page(MSP_A, 6);

	msp_fill(MSP_A, addr, 1, PAT_A);
	expect_fault(MSP_B, false, addr, 0);
	EXPECT_EQ((uint32_t)ffa_id_get().x[0], FFA_SUCCESS_32);
	EXPECT_EQ(msp_check(MSP_A, addr, 1, PAT_A), 0);
	msp_alive(MSP_C);
}
