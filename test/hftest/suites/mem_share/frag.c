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
 * Fragmented transactions. FRAG_TX: the normal world sends a descriptor in
 * several pieces (its TX buffer is one page). FRAG_RX: a transaction of
 * MANY constituents has a retrieve response longer than a partition's RX
 * buffer (one page), so the partition collects it with FFA_MEM_FRAG_RX;
 * the normal world does the same for its hypervisor retrieve request.
 */

/* One page every two from MS_MANY: no two constituents touch. */
#define MANY 300U

static struct ffa_mem_constituent many[MANY];

SET_UP(frag)
{
	ms_setup(FFA_VERSION_1_2);
	for (uint32_t i = 0; i < MANY; i++) {
		many[i] = (struct ffa_mem_constituent){
			MS_MANY + 2ULL * i * FFA_PAGE_SIZE, 1, 0
		};
	}
}

/* Six constituents of one to three pages. */
static const struct ffa_mem_constituent six[] = {
	{ MS_PAGE(0), 1, 0 },  { MS_PAGE(2), 2, 0 },  { MS_PAGE(5), 3, 0 },
	{ MS_PAGE(10), 1, 0 }, { MS_PAGE(12), 1, 0 }, { MS_PAGE(20), 2, 0 },
};

/* Send in three fragments (2 + 2 + 2 constituents), retrieve, give back. */
static void frag_tx(uint32_t fid, bool ns)
{
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MS_SP_A;
	uint64_t h;

	ms_fill(MS_PAGE(20), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc(&b, fid, &id, 1, six, 6);
	ret = ms_send_frag(fid, &b, 2, 2, &h);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	ms_retrieve_init(&r, MS_SP_A, fid, h, &b);
	ms_retrieve_ok(&r);
	ms_expect_constituents(MS_SP_A, six, 6);
	EXPECT_EQ(ms_sp_check(MS_SP_A, MS_PAGE(20), 2 * FFA_PAGE_SIZE,
			      MS_PAT_NWD, ns),
		  1024);
	ms_relinquish_reclaim(MS_SP_A, h);
}

TEST(frag, tx_share)
{
	frag_tx(FFA_MEM_SHARE_32, true);
	/* FFA_MEM_FRAG_TX continued the send above. */
}

TEST(frag, tx_lend64)
{
	frag_tx(FFA_MEM_LEND_64, false);
}

TEST(frag, tx_donate)
{
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MS_SP_B;
	uint64_t h;

	ms_desc(&b, FFA_MEM_DONATE_32, &id, 1, six, 6);
	ret = ms_send_frag(FFA_MEM_DONATE_32, &b, 5, 1, &h);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	ms_retrieve_init(&r, MS_SP_B, FFA_MEM_DONATE_32, h, &b);
	ms_retrieve_ok(&r);
	ms_expect_constituents(MS_SP_B, six, 6);
	/* Refused (share.donate32_final pins the error code). */
	EXPECT_NE(ms_reclaim(h, 0), 0);
}

/*
 * FRAG_TX that names the wrong transaction, or comes from somebody else,
 * is refused and the send goes on; a retrieve of a transaction still
 * being sent is refused.
 */
TEST(frag, tx_wrong_handle_or_caller)
{
	const uint8_t *desc = ms_frag_buf();
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MS_SP_A;
	uint32_t first;
	uint32_t total;
	uint64_t h;

	ms_desc(&b, FFA_MEM_SHARE_32, &id, 1, six, 6);
	total = ms_desc_length(&b); /* builds into ms_frag_buf() */
	first = total - 3 * 16;
	memcpy(nwd_tx_buffer(), desc, first);
	ret = ffa_mem_share(total, first);
	ASSERT_EQ(ffa_fid(&ret), FFA_MEM_FRAG_RX_32);
	EXPECT_EQ((uint32_t)ret.x[3], first);
	h = (uint32_t)ret.x[1] | ((uint64_t)(uint32_t)ret.x[2] << 32);

	/* Being sent: not retrievable, not reclaimable. */
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_SHARE_32, h, &b);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_NE(ms_reclaim(h, 0), 0);

	memcpy(nwd_tx_buffer(), desc + first, 48);
	ret = ffa_mem_frag_tx(h + 1, 48);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ffa_mem_frag_tx(FFA_MEM_HANDLE_INVALID, 48);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_FRAG_TX_32, (uint32_t)h,
			 (uint32_t)(h >> 32), 16);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);

	/* The right continuation still completes it. */
	ret = ffa_mem_frag_tx(h, 48);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	EXPECT_EQ(ms_handle(&ret), h);
	ms_retrieve_ok(&r);
	ms_expect_constituents(MS_SP_A, six, 6);
	/* Complete: no more fragments. */
	ret = ffa_mem_frag_tx(h, 16);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
}

/*
 * A bad fragment (split constituent, or one overlapping an earlier
 * fragment's) drops the whole transaction; its memory can be sent again.
 */
TEST(frag, tx_bad_fragment_drops)
{
	const uint8_t *desc = ms_frag_buf();
	struct ffa_mem_constituent c[6];
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MS_SP_A;
	uint32_t first;
	uint32_t total;
	uint64_t h;

	memcpy(c, six, sizeof(c));
	for (uint32_t pass = 0; pass < 2; pass++) {
		ms_desc(&b, FFA_MEM_LEND_32, &id, 1, c, 6);
		if (pass == 1) {
			/* Constituent 5 overlaps constituent 0. */
			c[5].address = MS_PAGE(0);
		}
		total = ms_desc_length(&b);
		first = total - 2 * 16;
		memcpy(nwd_tx_buffer(), desc, first);
		ret = ffa_mem_lend(total, first);
		ASSERT_EQ(ffa_fid(&ret), FFA_MEM_FRAG_RX_32);
		h = (uint32_t)ret.x[1] | ((uint64_t)(uint32_t)ret.x[2] << 32);
		memcpy(nwd_tx_buffer(), desc + first, 32);
		ret = ffa_mem_frag_tx(h, pass == 0 ? 24 : 32);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		/* Dropped: no continuation, no retrieve, no reclaim. */
		ret = ffa_mem_frag_tx(h, 32);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
		EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
		EXPECT_EQ(ms_reclaim(h, 0), FFA_INVALID_PARAMETERS);
		memcpy(c, six, sizeof(c));
	}
	/* Nothing of it is left: all six send again, in one piece. */
	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, six, 6);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
}

/*
 * MANY constituents: the send needs FRAG_TX (TX is one page), and the
 * response needs FRAG_RX in each borrower (RX is one page), in the v1.2
 * and v1.0 layouts, with RX released by RX_RELEASE or by FRAG_RX itself.
 */
TEST(frag, rx_many_constituents)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_C };
	struct mem_build b;
	struct ms_retrieve r;
	struct ms_retrieved got;
	struct ffa_value ret;
	uint64_t last = many[MANY - 1].address;
	uint64_t h;

	ms_fill(many[0].address, FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_fill(last, FFA_PAGE_SIZE, MS_PAT_NWD);
	ms_desc(&b, FFA_MEM_SHARE_64, ids, 2, many, MANY);
	ret = ms_send_frag(FFA_MEM_SHARE_64, &b, 200, 100, &h);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);

	for (uint32_t i = 0; i < 2; i++) {
		ms_retrieve_init(&r, ids[i], FFA_MEM_SHARE_64, h, &b);
		r.fid = FFA_MEM_RETRIEVE_REQ_64;
		r.opts = i == 1 ? MS_OPT_NO_RELEASE : 0;
		got = ms_retrieve_ok(&r);
		EXPECT_GT(got.total, FFA_PAGE_SIZE);
		EXPECT_LE(got.first, FFA_PAGE_SIZE);
		EXPECT_GE(got.frag_calls, 1);
		ms_expect_constituents(ids[i], many, MANY);
		EXPECT_EQ(
		    ms_sp_check(ids[i], last, FFA_PAGE_SIZE, MS_PAT_NWD, true),
		    512);
		EXPECT_EQ(ms_sp_rx_release(ids[i]), FFA_DENIED);
	}
	ms_sp_fill(MS_SP_C, many[0].address, FFA_PAGE_SIZE, MS_PAT_SP, true);
	EXPECT_EQ(ms_sp_check(MS_SP_A, many[0].address, FFA_PAGE_SIZE,
			      MS_PAT_SP, true),
		  512);
	for (uint32_t i = 0; i < 2; i++) {
		ret = ms_relinquish(ids[i], FFA_MEM_RELINQUISH_32, h, 0);
		EXPECT_EQ(ms_result(&ret), 0);
	}
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	EXPECT_EQ(ms_check(many[0].address, FFA_PAGE_SIZE, MS_PAT_SP), 512);
}

/*
 * FRAG_RX refusals: wrong offset, unknown handle, a partition that is not
 * retrieving it, the normal world; then the right FRAG_RX still works.
 */
TEST(frag, rx_errors)
{
	struct mem_build b;
	struct ms_retrieve r;
	struct ms_retrieved got;
	struct ffa_value ret;
	uint16_t id = MS_SP_A;
	uint64_t h;

	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, many, MANY);
	ret = ms_send_frag(FFA_MEM_LEND_32, &b, 250, 50, &h);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	r.opts = MS_OPT_FIRST_ONLY;
	got = ms_retrieve(&r);
	ASSERT_EQ(got.fid, FFA_MEM_RETRIEVE_RESP_32);
	ASSERT_EQ(got.status, MS_ST_PARTIAL);
	ASSERT_LT(got.first, got.total);
	EXPECT_EQ(ms_sp_rx_release(MS_SP_A), 0);

	ret = ms_sp_call(MS_SP_A, FFA_MEM_FRAG_RX_32, (uint32_t)h,
			 (uint32_t)(h >> 32), got.first - 16);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_FRAG_RX_32, (uint32_t)h,
			 (uint32_t)(h >> 32), got.total);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_A, FFA_MEM_FRAG_RX_32, (uint32_t)(h + 1),
			 (uint32_t)(h >> 32), got.first);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_sp_call(MS_SP_B, FFA_MEM_FRAG_RX_32, (uint32_t)h,
			 (uint32_t)(h >> 32), got.first);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ffa_mem_frag_rx(h, got.first);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_rx_release(), FFA_DENIED);

	/* The right offset still works, to the end of the response. */
	for (uint32_t have = got.first; have < got.total;) {
		ret = ms_sp_call(MS_SP_A, FFA_MEM_FRAG_RX_32, (uint32_t)h,
				 (uint32_t)(h >> 32), have);
		ASSERT_EQ(ffa_fid(&ret), FFA_MEM_FRAG_TX_32);
		EXPECT_EQ((uint32_t)ret.x[1], (uint32_t)h);
		EXPECT_EQ((uint32_t)ret.x[2], (uint32_t)(h >> 32));
		ASSERT_NE((uint32_t)ret.x[3], 0);
		ASSERT_LE((uint32_t)ret.x[3], got.total - have);
		have += (uint32_t)ret.x[3];
		EXPECT_EQ(ms_sp_rx_release(MS_SP_A), 0);
	}
	/* Retrieved as a whole: A may relinquish. */
	ms_relinquish_reclaim(MS_SP_A, h);
}

/* The hypervisor retrieve request of MANY constituents, with FRAG_RX. */
TEST(frag, rx_hypervisor_request)
{
	static uint8_t resp[8192] __attribute__((aligned(8)));
	struct mem_build b;
	struct mem_build req = { .layout = FFA_VERSION_1_2 };
	struct mem_resp_view v;
	struct ffa_value ret;
	uint16_t id = MS_SP_B;
	uint32_t total;
	uint32_t have;
	uint64_t h;

	ms_desc(&b, FFA_MEM_LEND_64, &id, 1, many, MANY);
	ret = ms_send_frag(FFA_MEM_LEND_64, &b, 200, 100, &h);
	ASSERT_EQ(ffa_fid(&ret), FFA_SUCCESS_32);
	req.handle = h;
	have = mem_build_retrieve(nwd_tx_buffer(), FFA_PAGE_SIZE, &req);
	ret = ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, have, have } });
	ASSERT_EQ(ffa_fid(&ret), FFA_MEM_RETRIEVE_RESP_32);
	total = (uint32_t)ret.x[1];
	have = (uint32_t)ret.x[2];
	ASSERT_LE(total, sizeof(resp));
	ASSERT_LT(have, total);
	memcpy(resp, nwd_rx_buffer(), have);
	/* Another offset is refused; RX stays the normal world's. */
	ret = ffa_mem_frag_rx(h, have + 16);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ffa_mem_frag_rx(h, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_rx_release(), 0);
	EXPECT_EQ(ms_rx_release(), FFA_DENIED);
	while (have < total) {
		ret = ffa_mem_frag_rx(h, have);
		ASSERT_EQ(ffa_fid(&ret), FFA_MEM_FRAG_TX_32);
		ASSERT_LE((uint32_t)ret.x[3], total - have);
		ASSERT_NE((uint32_t)ret.x[3], 0);
		memcpy(resp + have, nwd_rx_buffer(), (uint32_t)ret.x[3]);
		have += (uint32_t)ret.x[3];
		EXPECT_EQ(ms_rx_release(), 0);
	}
	ASSERT_TRUE(mem_parse_resp(resp, total, FFA_VERSION_1_2, &v));
	EXPECT_EQ(v.constituent_count, MANY);
	EXPECT_EQ(v.total_page_count, MANY);
	EXPECT_EQ(v.constituents_offset + MANY * 16, total);
	EXPECT_EQ(
	    ms_hash((const struct ffa_mem_constituent *)(resp +
							 v.constituents_offset),
		    MANY),
	    ms_hash(many, MANY));
	/* Nothing was retrieved. */
	EXPECT_EQ(ms_reclaim(h, 0), 0);
}
