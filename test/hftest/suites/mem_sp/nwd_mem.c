/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "nwd_mem.h"

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "hftest/service.h"
#include "mem_sp.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

static uint64_t msp_pools[3];

static size_t msp_index(uint16_t sp)
{
	ASSERT_TRUE(sp >= MSP_A && sp <= MSP_C);
	return sp - MSP_A;
}

struct msp_ans msp_call(uint16_t sp, const uint64_t req[FFA_DIRECT_MSG2_ARGS])
{
	struct ffa_direct2_args args;
	struct ffa_value out;
	struct msp_ans a;
	size_t i;

	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		args.x[i] = req[i];
	}
	out = req2_payload(sp, NULL, &args);
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		a.p[i] = out.x[i];
	}
	ASSERT_NE(a.p[0], MSP_BAD_OP);
	ASSERT_NE(a.p[0], MSP_NO_RXTX);
	return a;
}

struct ffa_value msp_call_raw(uint16_t sp, uint64_t op, uint64_t a1,
			      uint64_t a2)
{
	struct ffa_direct2_args args = { .x = { op, a1, a2 } };

	return ffa_msg_send_direct_req2(0, sp, NULL, &args);
}

void msp_setup(void)
{
	static const uint16_t sps[3] = { MSP_A, MSP_B, MSP_C };

	nwd_use_version(FFA_VERSION_1_2);
	for (size_t i = 0; i < 3; i++) {
		uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_INFO };
		struct msp_ans a;

		hftest_service_select(sps[i], "mem");
		a = msp_call(sps[i], req);
		ASSERT_EQ(a.p[1], sps[i]);
		ASSERT_EQ((int64_t)a.p[6], 0);
		ASSERT_EQ(a.p[2] % FFA_MEM_PAGE_SIZE, 0);
		ASSERT_EQ(a.p[3], MSP_POOL_PAGES);
		msp_pools[i] = a.p[2];
	}
}

uint64_t msp_page(uint16_t sp, uint32_t index)
{
	return msp_pools[msp_index(sp)] + (uint64_t)index * FFA_MEM_PAGE_SIZE;
}

static uint64_t msp_pair(const uint32_t *recv, size_t first)
{
	return MSP_RECV_PAIR(recv[first], recv[first + 1]);
}

struct msp_ans msp_op_send(uint16_t sp, const struct msp_send_args *s)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = {
		MSP_OP_SEND,
		s->fid,
		s->address,
		s->pages,
		s->per,
		msp_pair(s->recv, 0),
		msp_pair(s->recv, 2),
		s->count | ((uint64_t)s->attributes << 16),
		s->flags,
		s->tag,
		s->frag_cap,
		s->options,
		s->sender,
		s->layout,
	};

	return msp_call(sp, req);
}

struct msp_ans msp_op_frag_tx(uint16_t sp, uint64_t handle, uint32_t length,
			      uint32_t skip, bool all)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_FRAG_TX, handle, length,
					       skip, all ? 1 : 0 };

	return msp_call(sp, req);
}

struct msp_ans msp_op_retrieve(uint16_t sp, const struct msp_retr_args *r)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = {
		MSP_OP_RETRIEVE,
		r->fid != 0 ? r->fid : FFA_MEM_RETRIEVE_REQ_32,
		r->handle,
		r->sender,
		r->tag,
		r->flags,
		r->attributes,
		msp_pair(r->recv, 0),
		msp_pair(r->recv, 2),
		r->count,
		r->options,
		r->layout,
	};

	return msp_call(sp, req);
}

struct msp_ans msp_op_frag_rx(uint16_t sp, uint64_t handle, uint64_t offset,
			      uint32_t options)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_FRAG_RX, handle, offset,
					       options };

	return msp_call(sp, req);
}

struct msp_ans msp_op_rx_release(uint16_t sp)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_RX_RELEASE };

	return msp_call(sp, req);
}

struct msp_ans msp_op_relinquish(uint16_t sp, uint64_t handle, uint32_t flags,
				 uint16_t id, uint32_t count)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_RELINQUISH, handle, flags,
					       id, count };

	return msp_call(sp, req);
}

struct msp_ans msp_op_reclaim(uint16_t sp, uint64_t handle, uint32_t flags)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_RECLAIM, handle, flags };

	return msp_call(sp, req);
}

void msp_fill(uint16_t sp, uint64_t address, uint32_t pages, uint64_t pattern)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_FILL, address, pages,
					       pattern };

	msp_call(sp, req);
}

uint64_t msp_check(uint16_t sp, uint64_t address, uint32_t pages,
		   uint64_t pattern)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_CHECK, address, pages,
					       pattern };

	return msp_call(sp, req).p[1];
}

uint64_t msp_peek(uint16_t sp, uint64_t address)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_READ, address };

	return msp_call(sp, req).p[1];
}

void msp_poke(uint16_t sp, uint64_t address, uint64_t value)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_WRITE, address, value };

	msp_call(sp, req);
	ASSERT_EQ(msp_peek(sp, address), value);
}

uint32_t msp_type(uint32_t fid)
{
	switch (fid & ~0x40000000U) {
	case FFA_MEM_SHARE_32:
		return FFA_MEM_FLAG_TYPE_SHARE;
	case FFA_MEM_LEND_32:
		return FFA_MEM_FLAG_TYPE_LEND;
	case FFA_MEM_DONATE_32:
		return FFA_MEM_FLAG_TYPE_DONATE;
	default:
		return FFA_MEM_FLAG_TYPE_UNSPECIFIED;
	}
}

uint16_t msp_attr(uint32_t fid, uint32_t receivers)
{
	uint32_t type = msp_type(fid);

	if (type == FFA_MEM_FLAG_TYPE_SHARE ||
	    (type == FFA_MEM_FLAG_TYPE_LEND && receivers > 1)) {
		return MEM_ATTR_NORMAL_WB_IS;
	}
	return MEM_ATTR_NOT_SPECIFIED;
}

struct msp_send_args msp_send_one(uint32_t fid, uint64_t address,
				  uint32_t pages, uint16_t to, uint8_t perm)
{
	struct msp_send_args s = {
		.fid = fid,
		.address = address,
		.pages = pages,
		.count = 1,
		.recv = { MSP_RECV(to, perm, 0) },
		.attributes = msp_attr(fid, 1),
	};

	return s;
}

uint64_t msp_send_ok(uint16_t sp, const struct msp_send_args *s)
{
	struct msp_ans a = msp_op_send(sp, s);

	ASSERT_NE(a.p[4], 0); /* the descriptor was built */
	ASSERT_MSP_SUCCESS(a);
	ASSERT_EQ(a.p[5], a.p[4]);
	ASSERT_EQ(a.p[7],
		  (uint32_t)a.p[2] | ((uint64_t)(uint32_t)a.p[3] << 32));
	ASSERT_NE(a.p[7], 0);
	ASSERT_NE(a.p[7], FFA_MEM_HANDLE_INVALID);
	return a.p[7];
}

struct msp_retr_args msp_retr_for(const struct msp_send_args *s,
				  uint16_t sender, uint64_t handle)
{
	struct msp_retr_args r = {
		.handle = handle,
		.sender = sender,
		.tag = s->tag,
		.flags = MEM_FLAG_TYPE(msp_type(s->fid)),
		.attributes = s->attributes,
		.count = s->count,
	};

	for (uint32_t i = 0; i < s->count && i < 4; i++) {
		uint32_t id = (uint16_t)s->recv[i];
		uint8_t perm = (uint8_t)(s->recv[i] >> 16);

		/* A donate grants no permissions: the borrower asks RW. */
		if (msp_type(s->fid) == FFA_MEM_FLAG_TYPE_DONATE) {
			perm = PERM_RW;
		}
		r.recv[i] = MSP_RECV(id, perm, 0);
	}
	return r;
}

struct msp_ans msp_retrieve_ok(uint16_t sp, const struct msp_retr_args *r,
			       uint16_t sender, uint32_t pages)
{
	struct msp_ans a = msp_op_retrieve(sp, r);
	uint32_t fid = (uint32_t)a.p[0];

	ASSERT_TRUE(fid == FFA_MEM_RETRIEVE_RESP_32 ||
		    fid == FFA_MEM_FRAG_TX_32);
	ASSERT_NE(a.p[MSP_RESP_TOTAL], 0);
	ASSERT_EQ(a.p[MSP_RESP_RECEIVED], a.p[MSP_RESP_TOTAL]);
	ASSERT_EQ(MSP_DESC_PARSED(a.p[MSP_RESP_DESC]), 1);
	EXPECT_EQ(a.p[MSP_RESP_HANDLE], r->handle);
	EXPECT_EQ(MSP_DESC_SENDER(a.p[MSP_RESP_DESC]), sender);
	EXPECT_EQ(a.p[MSP_RESP_PAGES], pages);
	EXPECT_EQ(a.p[MSP_RESP_TAG], r->tag);
	return a;
}

void msp_relinquish_ok(uint16_t sp, uint64_t handle, uint32_t flags)
{
	ASSERT_MSP_SUCCESS(msp_op_relinquish(sp, handle, flags, 0, 0));
}

void msp_reclaim_ok(uint16_t sp, uint64_t handle, uint32_t flags)
{
	ASSERT_MSP_SUCCESS(msp_op_reclaim(sp, handle, flags));
}

void msp_alive(uint16_t sp)
{
	uint64_t req[FFA_DIRECT_MSG2_ARGS] = { MSP_OP_INFO };

	ASSERT_EQ(msp_call(sp, req).p[1], sp);
}

uint64_t msp_expected_hash(uint64_t address, uint32_t pages, uint32_t per)
{
	uint64_t h = MSP_HASH_INIT;

	if (per == 0) {
		per = pages;
	}
	for (uint32_t done = 0; done < pages; done += per) {
		uint32_t n = pages - done < per ? pages - done : per;

		h = msp_hash_step(
		    h, address + (uint64_t)done * FFA_MEM_PAGE_SIZE, n);
	}
	return h;
}
