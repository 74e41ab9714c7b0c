/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "ms_nwd.h"

/*
 * The borrower's side of a normal-world transaction (retrieve,
 * relinquish) and the sender's reclaim, each refusal of
 * docs/design/mem_share.md "Errors" that these calls can meet, and the
 * hypervisor retrieve request from the normal world. After a refusal the
 * partition's RX buffer must still be free (its RX_RELEASE is DENIED) and
 * the valid call must still succeed.
 */

SET_UP(retrieve)
{
	ms_setup(FFA_VERSION_1_2);
}

/* Lends one page to A; returns the handle, `b` and `c` describe it. */
static uint64_t lend_a(struct mem_build *b, struct ffa_mem_constituent *c)
{
	ms_desc1(b, c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	b->tag = 0x5a5a;
	return ms_send_ok(FFA_MEM_LEND_32, b);
}

/* The failed retrieve left A's RX free; the proper one works. */
static void then_retrieve_ok(struct ms_retrieve *r, uint32_t send_fid,
			     const struct mem_build *b, uint64_t h)
{
	EXPECT_EQ(ms_sp_rx_release(r->sp), FFA_DENIED);
	ms_retrieve_init(r, r->sp, send_fid, h, b);
	ms_retrieve_ok(r);
}

TEST(retrieve, unknown_handle)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h = lend_a(&b, &c);

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h ^ 0x10, &b);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.handle = FFA_MEM_HANDLE_INVALID;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.handle = h | FFA_MEM_HANDLE_ALLOCATOR_HYP;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	then_retrieve_ok(&r, FFA_MEM_LEND_32, &b, h);
}

/* Only a receiver retrieves, and only as itself. */
TEST(retrieve, not_a_receiver)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h = lend_a(&b, &c);

	ms_retrieve_init(&r, MS_SP_B, FFA_MEM_LEND_32, h, &b);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.self = MS_SP_A;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.sp = MS_SP_C;
	r.layout = ms_sp_layout(MS_SP_C);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_B), FFA_DENIED);
	r.sp = MS_SP_A;
	then_retrieve_ok(&r, FFA_MEM_LEND_32, &b, h);
}

/* Tag, sender and transaction type must match the send. */
TEST(retrieve, mismatches)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h = lend_a(&b, &c);

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.tag = 0x5a5b;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.tag = b.tag;
	r.sender = 0x0005;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.sender = MS_SP_B;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.sender = b.sender;
	r.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_SHARE);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_DONATE);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	/* Type not specified matches any. */
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), FFA_DENIED);
	r.flags = 0;
	ms_retrieve_ok(&r);
}

/* A second retrieve by the same borrower is DENIED, the first stands. */
TEST(retrieve, twice_denied)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	r.fid = FFA_MEM_RETRIEVE_REQ_64;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), FFA_DENIED);
	ms_sp_fill(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	/* Relinquished: no second relinquish. */
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP), 512);
}

/* Permissions beyond those granted are DENIED; within them granted. */
TEST(retrieve, permissions_beyond_granted)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct mem_resp_view v;
	uint64_t h;

	ms_fill(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	b.receivers[0].perm =
	    MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	r.perm = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	r.perm = MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_X);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), FFA_DENIED);
	r.perm = MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	ms_retrieve_ok(&r);
	ASSERT_TRUE(ms_resp_view(MS_SP_A, FFA_VERSION_1_2, &v));
	EXPECT_EQ(MEM_PERM_DATA(v.receivers[0].perm), FFA_DATA_ACCESS_RO);
	EXPECT_EQ(
	    ms_sp_check(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_NWD, true),
	    512);
}

/* The attributes asked for must be the sender's. */
TEST(retrieve, attributes_mismatch)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	r.attributes =
	    (FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |
	    (FFA_MEM_CACHE_NON_CACHEABLE << FFA_MEM_ATTR_CACHE_SHIFT) |
	    FFA_MEM_SHARE_INNER;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	r.attributes = MEM_ATTR_DEVICE_NGNRNE;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_DENIED);
	/* The NS bit is for responses only. */
	r.attributes = MEM_ATTR_NORMAL_WB_IS | FFA_MEM_ATTR_NS;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	then_retrieve_ok(&r, FFA_MEM_SHARE_32, &b, h);
}

/* A borrower whose RX buffer is full is BUSY; nothing else changes. */
TEST(retrieve, rx_busy)
{
	struct mem_build b;
	struct mem_build b2;
	struct ffa_mem_constituent c;
	struct ffa_mem_constituent c2;
	struct ms_retrieve r;
	uint64_t h1;
	uint64_t h2;

	ms_desc1(&b, &c, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(0), 1);
	ms_desc1(&b2, &c2, FFA_MEM_SHARE_32, MS_SP_A, MS_PAGE(1), 1);
	h1 = ms_send_ok(FFA_MEM_SHARE_32, &b);
	h2 = ms_send_ok(FFA_MEM_SHARE_32, &b2);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h1, &b);
	r.opts = MS_OPT_KEEP_RX;
	ms_retrieve_ok(&r);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h2, &b2);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_BUSY);
	/* Still A's: the release works once. */
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), 0);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), FFA_DENIED);
	/* h2 was not marked retrieved. */
	ms_retrieve_ok(&r);
	ms_expect_constituents(MS_SP_A, &c2, 1);
}

/* Registers: x3/w4 zero, fragment length = total, inside TX. */
TEST(retrieve, registers_and_lengths)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);
	uint32_t len;

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.opts = MS_OPT_BUILD_ONLY;
	(void)ms_retrieve(&r);
	len = 48 + 32;
	ret = ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_32, len, len, 1);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_32, len, len - 8, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret =
	    ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_64, len + 16, len + 16, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_32, 2 * FFA_PAGE_SIZE,
			 2 * FFA_PAGE_SIZE, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_32, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	then_retrieve_ok(&r, FFA_MEM_LEND_32, &b, h);
}

/* Retrieve descriptor rules: composite offset, receiver flags, MBZ. */
TEST(retrieve, descriptor_fields)
{
	static const struct {
		uint32_t offset;
		uint64_t value;
		uint32_t width;
	} patches[] = {
		{ 48 + 4, 80, 4 }, /* composite offset set */
		{ 48 + 3, 2, 1 },  /* receiver flag bit 1 */
		{ 48 + 24, 1, 8 }, /* access descriptor reserved */
		{ 40, 1, 1 },      /* header reserved */
		{ 24, 16, 4 },     /* access size of v1.1, count as v1.2 */
	};
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);
	uint32_t len = 48 + 32;

	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.opts = MS_OPT_BUILD_ONLY;
	for (uint32_t i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		ASSERT_EQ(ms_retrieve(&r).total, len);
		ms_sp_tx_write(MS_SP_A, patches[i].offset, patches[i].value,
			       patches[i].width);
		ret = ms_sp_call(MS_SP_A, FFA_MEM_RETRIEVE_REQ_32, len, len, 0);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	}
	then_retrieve_ok(&r, FFA_MEM_LEND_32, &b, h);
}

/* A retrieve without RX/TX mapped is refused; mapped, it works. */
TEST(retrieve, buffers_not_mapped)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_C, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_C, FFA_MEM_LEND_32, h, &b);
	r.opts = MS_OPT_NO_MAP;
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	r.opts = 0;
	ms_retrieve_ok(&r);
}

/* Relinquish refusals, then the relinquish that works. */
TEST(retrieve, relinquish_errors)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);

	/* Not retrieved yet. */
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	/* Another ID, two IDs, none, unknown handle, not a receiver. */
	ret = ms_relinquish_raw(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0, MS_SP_B,
				false, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret =
	    ms_relinquish_raw(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0, 0, true, 2);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret =
	    ms_relinquish_raw(MS_SP_A, FFA_MEM_RELINQUISH_32, h, 0, 0, true, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_relinquish(MS_SP_A, FFA_MEM_RELINQUISH_32, h + 1, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_relinquish(MS_SP_B, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* The normal world borrows nothing: it cannot relinquish. */
	ASSERT_EQ(
	    mem_build_relinquish(nwd_tx_buffer(), FFA_PAGE_SIZE, h, 0, MS_SP_A),
	    18);
	ret = ffa_mem_relinquish();
	EXPECT_FFA_ERROR(ret, FFA_NOT_SUPPORTED);
	/* Still retrieved. */
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
	ms_relinquish_reclaim(MS_SP_A, h);
}

/* Reclaim refusals: unknown handle, borrowed, not the sender. */
TEST(retrieve, reclaim_errors)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);

	EXPECT_EQ(ms_reclaim(h + 1, 0), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_reclaim(FFA_MEM_HANDLE_INVALID, 0),
		  FFA_INVALID_PARAMETERS);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_CLEAR), FFA_DENIED);
	/* A partition cannot reclaim the normal world's memory. */
	ret = ms_sp_call(MS_SP_A, FFA_MEM_RECLAIM_32, (uint32_t)h,
			 (uint32_t)(h >> 32), 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_B, FFA_MEM_RECLAIM_32, (uint32_t)h,
			 (uint32_t)(h >> 32), 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Still A's. */
	ms_sp_fill(MS_SP_A, MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP, false);
	ms_relinquish_reclaim(MS_SP_A, h);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_check(MS_PAGE(0), FFA_PAGE_SIZE, MS_PAT_SP), 512);
}

/* A hypervisor retrieve request for `handle` from the normal world. */
static struct ffa_value hyp_retrieve(uint32_t fid, uint64_t handle)
{
	struct mem_build b = { .layout = ms_version, .handle = handle };
	uint32_t len = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &b);

	return ffa_call((struct ffa_value){ .x = { fid, len, len } });
}

/*
 * The normal world (as a hypervisor would) asks for the description of a
 * transaction: every receiver, every constituent, in its layout; nothing
 * is mapped or marked retrieved.
 */
TEST(retrieve, hypervisor_request)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_C };
	static const struct ffa_mem_constituent c[] = {
		{ MS_PAGE(0), 2, 0 },
		{ MS_PAGE(8), 1, 0 },
	};
	const uint8_t *rx = nwd_rx_buffer();
	struct mem_build b;
	struct mem_resp_view v;
	struct ms_retrieve r;
	struct ffa_value ret;
	struct ffa_mem_constituent got;
	uint64_t h;

	ms_desc(&b, FFA_MEM_SHARE_64, ids, 2, c, 2);
	b.tag = 0x77;
	h = ms_send_ok(FFA_MEM_SHARE_64, &b);
	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_64, h);
	ASSERT_EQ(ffa_fid(&ret), FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ((uint32_t)ret.x[1], (uint32_t)ret.x[2]);
	ASSERT_TRUE(mem_parse_resp(rx, (uint32_t)ret.x[2], ms_version, &v));
	EXPECT_EQ(v.sender, MS_NWD_ID);
	EXPECT_EQ(v.handle, h);
	EXPECT_EQ(v.tag, 0x77);
	EXPECT_EQ(v.receiver_count, 2);
	EXPECT_EQ(v.receivers[0].id, MS_SP_A);
	EXPECT_EQ(v.receivers[1].id, MS_SP_C);
	EXPECT_EQ(v.total_page_count, 3);
	EXPECT_EQ(v.constituent_count, 2);
	memcpy(&got, rx + v.constituents_offset + sizeof(got), sizeof(got));
	EXPECT_EQ(got.address, MS_PAGE(8));
	EXPECT_EQ(got.page_count, 1);
	/* RX is the normal world's until it releases it. */
	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_32, h);
	EXPECT_FFA_ERROR(ret, FFA_BUSY);
	EXPECT_EQ(ms_rx_release(), 0);
	EXPECT_EQ(ms_rx_release(), FFA_DENIED);

	/* Nothing retrieved: reclaim works, then a borrower cannot. */
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	h = ms_send_ok(FFA_MEM_SHARE_64, &b);
	ms_retrieve_init(&r, MS_SP_C, FFA_MEM_SHARE_64, h, &b);
	ms_retrieve_ok(&r);
	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_32, h);
	EXPECT_EQ(ffa_fid(&ret), FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(ms_rx_release(), 0);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_DENIED);
}

/*
 * A hypervisor retrieve request sets only the handle; the handle must
 * exist; and the normal world is not a borrower.
 */
TEST(retrieve, hypervisor_request_errors)
{
	struct mem_build b;
	struct mem_build req = { .layout = FFA_VERSION_1_2 };
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint64_t h = lend_a(&b, &c);
	uint32_t len;

	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_32, h + 1);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_32, FFA_MEM_HANDLE_INVALID);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	req.handle = h;
	req.tag = b.tag;
	len = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &req);
	ret = ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, len, len } });
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	req.tag = 0;
	req.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_LEND);
	len = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &req);
	ret = ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, len, len } });
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Listing a receiver: the normal world is none. */
	req.flags = 0;
	req.receiver_count = 1;
	req.receivers[0] =
	    (struct mem_build_receiver){ MS_SP_A,
					 MEM_PERM(FFA_DATA_ACCESS_RW, 0), 0 };
	len = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &req);
	ret = ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, len, len } });
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_rx_release(), FFA_DENIED);
	ret = hyp_retrieve(FFA_MEM_RETRIEVE_REQ_32, h);
	EXPECT_EQ(ffa_fid(&ret), FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ(ms_rx_release(), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}
