/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "ms_nwd.h"

/*
 * Descriptor layouts: a normal world of FF-A v1.0 (32-byte header),
 * v1.1 (48-byte header, 16-byte access descriptors) and v1.2 (32-byte
 * access descriptors) sends, and borrowers of v1.2 (A), v1.1 (B) and v1.0
 * (C) retrieve, each answered in its own layout; a layout newer than the
 * caller's version is refused, an older one from a v1.1+ caller accepted.
 * The normal world's hypervisor retrieve request is answered in its
 * layout too.
 */

/* A hypervisor retrieve request in the normal world's layout. */
static void expect_hyp_view(uint64_t h, uint32_t receivers, uint32_t pages)
{
	struct mem_build req = { .layout = ms_version, .handle = h };
	struct mem_resp_view v;
	struct ffa_value ret;
	uint32_t len = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &req);

	ret = ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, len, len } });
	ASSERT_EQ(ffa_fid(&ret), FFA_MEM_RETRIEVE_RESP_32);
	ASSERT_TRUE(mem_parse_resp(nwd_rx_buffer(), (uint32_t)ret.x[2],
				   ms_version, &v));
	EXPECT_EQ(v.handle, h);
	EXPECT_EQ(v.receiver_count, receivers);
	EXPECT_EQ(v.total_page_count, pages);
	EXPECT_EQ(ms_rx_release(), 0);
}

/*
 * Shares two pages to A, B and C in the normal world's layout; each
 * retrieves in its own and reads; the normal world asks for the
 * description; all relinquish; reclaim.
 */
static void share_all_layouts(uint32_t fid)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_B, MS_SP_C };
	struct ffa_mem_constituent c = { MS_PAGE(0), 2, 0 };
	struct mem_build b;
	struct ms_retrieve r;
	struct mem_resp_view v;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc(&b, fid, ids, 3, &c, 1);
	b.tag = 0xabc;
	h = ms_send_ok(fid, &b);
	expect_hyp_view(h, 3, 2);
	for (uint32_t i = 0; i < 3; i++) {
		ms_retrieve_init(&r, ids[i], fid, h, &b);
		ms_retrieve_ok(&r);
		ASSERT_TRUE(ms_resp_view(ids[i], ms_sp_version(ids[i]), &v));
		EXPECT_EQ(v.tag, 0xabc);
		EXPECT_EQ(v.receiver_count, 3);
		EXPECT_EQ(v.receivers[i].id, ids[i]);
		EXPECT_EQ(v.attributes & ~FFA_MEM_ATTR_NS,
			  MEM_ATTR_NORMAL_WB_IS);
		ms_expect_constituents(ids[i], &c, 1);
		EXPECT_EQ(ms_sp_check(ids[i], MS_PAGE(0), 2 * FFA_PAGE_SIZE,
				      MS_PAT_NWD, true),
			  1024);
	}
	for (uint32_t i = 0; i < 3; i++) {
		ret = ms_relinquish(ids[i], FFA_MEM_RELINQUISH_32, h, 0);
		EXPECT_EQ(ms_result(&ret), 0);
	}
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}

/* Lends to one borrower and donates to another, retrieved by both. */
static void lend_and_donate(uint16_t lend_to, uint16_t donate_to)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, lend_to, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	expect_hyp_view(h, 1, 1);
	ms_retrieve_init(&r, lend_to, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(
	    ms_sp_check(lend_to, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, false),
	    512);
	ret = ms_relinquish(lend_to, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);

	ms_desc1(&b, &c, FFA_MEM_DONATE_64, donate_to, MS_PAGE(1), 1);
	h = ms_send_ok(FFA_MEM_DONATE_64, &b);
	ms_retrieve_init(&r, donate_to, FFA_MEM_DONATE_64, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(ms_sp_check(donate_to, MS_PAGE(1), FFA_PAGE_SIZE, MS_PAT_NWD,
			      false),
		  512);
	/* Refused (share.donate32_final pins the error code). */
	EXPECT_NE(ms_reclaim(h, 0), 0);
}

SET_UP(layout_v1_0)
{
	ms_setup(FFA_VERSION_1_0);
}

TEST(layout_v1_0, share_to_every_layout)
{
	share_all_layouts(FFA_MEM_SHARE_32);
}

TEST(layout_v1_0, lend_and_donate)
{
	lend_and_donate(MS_SP_A, MS_SP_C);
}

/* A v1.0 caller must use the v1.0 layout. */
TEST(layout_v1_0, newer_layout_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	b.layout = FFA_VERSION_1_1;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.layout = FFA_VERSION_1_2;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.layout = FFA_VERSION_1_0;
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_LEND_32, &b), 0), 0);
}

SET_UP(layout_v1_1)
{
	ms_setup(FFA_VERSION_1_1);
}

TEST(layout_v1_1, share_to_every_layout)
{
	share_all_layouts(FFA_MEM_SHARE_64);
}

TEST(layout_v1_1, lend_and_donate)
{
	lend_and_donate(MS_SP_B, MS_SP_A);
}

/* A v1.1 caller may not use 32-byte access descriptors (v1.2). */
TEST(layout_v1_1, newer_layout_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_B, MS_PAGE(0), 1);
	b.layout = FFA_VERSION_1_2;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.layout = FFA_VERSION_1_0;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.layout = FFA_VERSION_1_1;
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_SHARE_32, &b), 0), 0);
}

SET_UP(layout)
{
	ms_setup(FFA_VERSION_1_2);
}

/* A v1.2 caller may send the v1.1 layout. */
TEST(layout, older_layout_accepted)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_64, MS_SP_A, MS_PAGE(0), 1);
	b.layout = FFA_VERSION_1_1;
	h = ms_send_ok(FFA_MEM_LEND_64, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_64, h, &b);
	ms_retrieve_ok(&r);
	ms_expect_constituents(MS_SP_A, &c, 1);
}

/*
 * Borrowers must not use a layout newer than their version: B (v1.1)
 * with 32-byte access descriptors, C (v1.0) with the v1.1 header.
 */
TEST(layout, borrower_newer_layout_refused)
{
	static const uint16_t ids[] = { MS_SP_B, MS_SP_C };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc(&b, FFA_MEM_SHARE_32, ids, 2, &c, 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_B, FFA_MEM_SHARE_32, h, &b);
	r.layout = MS_LAYOUT_1_2;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_B), FFA_DENIED);
	r.layout = MS_LAYOUT_1_1;
	ms_retrieve_ok(&r);

	ms_retrieve_init(&r, MS_SP_C, FFA_MEM_SHARE_32, h, &b);
	r.layout = MS_LAYOUT_1_1;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_C), FFA_DENIED);
	r.layout = MS_LAYOUT_1_0;
	ms_retrieve_ok(&r);
}
