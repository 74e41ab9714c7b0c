/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "ms_nwd.h"

#include <stddef.h>

#include "spmc/std.h"

#include "driver/ffa.h"
#include "hftest/service.h"

uint32_t ms_version;

/* Descriptors too big for TX are built here, then sent in pieces. */
static uint8_t ms_big[32 * 1024] __attribute__((aligned(8)));

void ms_setup_sps(uint32_t version, uint32_t sp_count)
{
	nwd_use_version(version);
	ms_version = version;
	ASSERT_EQ(nwd_rxtx_map(), 0);
	for (uint32_t i = 0; i < sp_count; i++) {
		hftest_service_select((uint16_t)(MS_SP_A + i), "mem");
	}
}

void ms_setup(uint32_t version)
{
	ms_setup_sps(version, 3);
}

uint8_t ms_sp_layout(uint16_t sp)
{
	return sp == MS_SP_A   ? MS_LAYOUT_1_2
	       : sp == MS_SP_B ? MS_LAYOUT_1_1
			       : MS_LAYOUT_1_0;
}

uint32_t ms_sp_version(uint16_t sp)
{
	return ms_layout_version(ms_sp_layout(sp));
}

uint64_t ms_handle(const struct ffa_value *ret)
{
	return (uint32_t)ret->x[2] | ((uint64_t)(uint32_t)ret->x[3] << 32);
}

static uint32_t ms_type(uint32_t fid)
{
	switch (fid) {
	case FFA_MEM_SHARE_32:
	case FFA_MEM_SHARE_64:
		return FFA_MEM_FLAG_TYPE_SHARE;
	case FFA_MEM_LEND_32:
	case FFA_MEM_LEND_64:
		return FFA_MEM_FLAG_TYPE_LEND;
	default:
		return FFA_MEM_FLAG_TYPE_DONATE;
	}
}

void ms_desc(struct mem_build *b, uint32_t fid, const uint16_t *ids,
	     uint32_t id_count, const struct ffa_mem_constituent *c,
	     uint32_t count)
{
	uint32_t type = ms_type(fid);
	uint8_t perm =
	    type == FFA_MEM_FLAG_TYPE_DONATE
		? 0
		: MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NOT_SPECIFIED);

	*b = (struct mem_build){ 0 };
	b->layout = ms_version;
	b->sender = MS_NWD_ID;
	b->attributes = type == FFA_MEM_FLAG_TYPE_SHARE ||
				(type == FFA_MEM_FLAG_TYPE_LEND && id_count > 1)
			    ? MEM_ATTR_NORMAL_WB_IS
			    : MEM_ATTR_NOT_SPECIFIED;
	b->receiver_count = id_count;
	for (uint32_t i = 0; i < id_count && i < MEM_BUILD_MAX_RECEIVERS; i++) {
		b->receivers[i] =
		    (struct mem_build_receiver){ ids[i], perm, 0 };
	}
	b->constituents = c;
	b->constituent_count = count;
}

void ms_desc1(struct mem_build *b, struct ffa_mem_constituent *c, uint32_t fid,
	      uint16_t id, uint64_t addr, uint32_t pages)
{
	*c = (struct ffa_mem_constituent){ addr, pages, 0 };
	ms_desc(b, fid, &id, 1, c, 1);
}

uint32_t ms_desc_length(const struct mem_build *b)
{
	uint32_t len = mem_build_send(ms_big, sizeof(ms_big), b);

	ASSERT_NE(len, 0);
	return len;
}

struct ffa_value ms_send_regs(uint32_t fid, const struct mem_build *b,
			      uint64_t w1, uint64_t w2, uint64_t x3,
			      uint64_t x4, uint64_t x5)
{
	uint32_t len =
	    mem_build_send(nwd_tx_buffer(), NWD_RXTX_PAGES * FFA_PAGE_SIZE, b);

	ASSERT_NE(len, 0);
	return ffa_call((struct ffa_value){ .x = { fid, w1, w2, x3, x4, x5 } });
}

struct ffa_value ms_send(uint32_t fid, const struct mem_build *b)
{
	uint32_t len =
	    mem_build_send(nwd_tx_buffer(), NWD_RXTX_PAGES * FFA_PAGE_SIZE, b);

	ASSERT_NE(len, 0);
	return ffa_call((struct ffa_value){ .x = { fid, len, len } });
}

uint64_t ms_send_ok(uint32_t fid, const struct mem_build *b)
{
	struct ffa_value ret = ms_send(fid, b);

	ASSERT_EQ(ms_result(&ret), 0);
	return ms_handle(&ret);
}

const uint8_t *ms_frag_buf(void)
{
	return ms_big;
}

/* Offset of constituent 0 in a send descriptor `b`. */
static uint32_t ms_constituents_offset(const struct mem_build *b)
{
	uint32_t header = b->layout == FFA_VERSION_1_0 ? 32 : 48;
	uint32_t access = b->layout >= FFA_VERSION_1_2 ? 32 : 16;

	return header + b->receiver_count * access +
	       (uint32_t)sizeof(struct ffa_mem_composite);
}

struct ffa_value ms_send_frag(uint32_t fid, const struct mem_build *b,
			      uint32_t first, uint32_t per, uint64_t *handle)
{
	uint32_t total = mem_build_send(ms_big, sizeof(ms_big), b);
	uint32_t sent = ms_constituents_offset(b) +
			first * (uint32_t)sizeof(struct ffa_mem_constituent);
	uint32_t chunk = per * (uint32_t)sizeof(struct ffa_mem_constituent);
	struct ffa_value ret;

	ASSERT_NE(total, 0);
	ASSERT_LT(sent, total);
	ASSERT_LE(sent, NWD_RXTX_PAGES * FFA_PAGE_SIZE);
	memcpy(nwd_tx_buffer(), ms_big, sent);
	ret = ffa_call((struct ffa_value){ .x = { fid, total, sent } });
	*handle = FFA_MEM_HANDLE_INVALID;
	while (ffa_fid(&ret) == FFA_MEM_FRAG_RX_32) {
		uint32_t len = total - sent < chunk ? total - sent : chunk;

		*handle =
		    (uint32_t)ret.x[1] | ((uint64_t)(uint32_t)ret.x[2] << 32);
		ASSERT_EQ((uint32_t)ret.x[3], sent);
		ASSERT_EQ((uint32_t)ret.x[4], 0);
		ASSERT_LT(sent, total);
		memcpy(nwd_tx_buffer(), ms_big + sent, len);
		sent += len;
		ret = ffa_mem_frag_tx(*handle, len);
	}
	if (ffa_fid(&ret) == FFA_SUCCESS_32) {
		ASSERT_EQ(sent, total);
		ASSERT_EQ(ms_handle(&ret), *handle);
	}
	return ret;
}

static uint8_t ms_send_type(uint32_t send_fid)
{
	return (uint8_t)ms_type(send_fid);
}

void ms_retrieve_init(struct ms_retrieve *r, uint16_t sp, uint32_t send_fid,
		      uint64_t handle, const struct mem_build *b)
{
	uint8_t type = ms_send_type(send_fid);

	*r = (struct ms_retrieve){ 0 };
	r->sp = sp;
	r->fid = FFA_MEM_RETRIEVE_REQ_32;
	r->layout = ms_sp_layout(sp);
	r->attributes = b->attributes;
	r->sender = b->sender;
	r->handle = handle;
	r->tag = b->tag;
	r->flags = MEM_FLAG_TYPE(type);
	r->perm = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NOT_SPECIFIED);
	for (uint32_t i = 0; i < b->receiver_count; i++) {
		if (b->receivers[i].id == sp &&
		    type != FFA_MEM_FLAG_TYPE_DONATE) {
			r->perm = b->receivers[i].perm;
		}
		if (b->receiver_count > 1) {
			r->receivers |=
			    (uint8_t)(1U << (b->receivers[i].id - MS_SP_A));
		}
	}
}

struct ms_retrieved ms_retrieve(const struct ms_retrieve *r)
{
	uint8_t opts = r->opts;
	struct ffa_direct_args args;
	struct ffa_value out;
	struct ms_retrieved got = { 0 };

	if (r->fid == FFA_MEM_RETRIEVE_REQ_64) {
		opts |= MS_OPT_SMC64;
	}
	args.x[0] = MS_CMD_RETRIEVE | ((uint64_t)opts << 8) |
		    ((uint64_t)r->perm << 16) | ((uint64_t)r->layout << 24) |
		    ((uint64_t)r->attributes << 32) |
		    ((uint64_t)r->sender << 48);
	args.x[1] = r->handle;
	args.x[2] = r->tag;
	args.x[3] = r->flags | ((uint64_t)r->receivers << 32) |
		    ((uint64_t)r->recv_flags << 40) | ((uint64_t)r->self << 48);
	args.x[4] = r->length | ((uint64_t)r->fragment_length << 32);
	out = req64_payload(r->sp, &args);
	got.fid = (uint32_t)out.x[0];
	got.error = got.fid == FFA_ERROR_32 ? (int32_t)(out.x[1] >> 32) : 0;
	got.total = (uint32_t)out.x[1];
	got.first = (uint32_t)(out.x[1] >> 32);
	got.kept = (uint32_t)out.x[2];
	got.frag_calls = (uint32_t)(out.x[2] >> 32);
	got.status = (uint32_t)out.x[3];
	got.fail_fid = (uint32_t)(out.x[3] >> 32);
	got.fail_code = (int32_t)out.x[4];
	return got;
}

struct ms_retrieved ms_retrieve_ok(const struct ms_retrieve *r)
{
	struct ms_retrieved got = ms_retrieve(r);

	if (got.fid != FFA_MEM_RETRIEVE_RESP_32 || got.status != MS_ST_OK) {
		FAIL("retrieve of 0x%lx by 0x%x: x0 0x%x error %d status %u "
		     "(call 0x%x code %d)",
		     r->handle, r->sp, got.fid, got.error, got.status,
		     got.fail_fid, got.fail_code);
	}
	ASSERT_EQ(got.kept, got.total);
	return got;
}

void ms_resp_fetch(uint16_t sp, void *buf, uint32_t len)
{
	uint8_t *p = buf;

	for (uint32_t off = 0; off < len; off += 32) {
		struct ffa_direct_args args = { .x = { MS_CMD_RESP_READ,
						       off } };
		struct ffa_value out = req64_payload(sp, &args);
		uint32_t n = len - off < 32 ? len - off : 32;

		memcpy(p + off, &out.x[1], n);
	}
}

bool ms_resp_view(uint16_t sp, uint32_t layout, struct mem_resp_view *v)
{
	static uint8_t head[512] __attribute__((aligned(8)));

	ms_resp_fetch(sp, head, sizeof(head));
	return mem_parse_resp(head, sizeof(head), layout, v);
}

uint64_t ms_hash(const struct ffa_mem_constituent *c, uint32_t n)
{
	uint64_t h = MS_HASH_INIT;

	for (uint32_t i = 0; i < n; i++) {
		h = ms_hash_constituent(h, c[i].address, c[i].page_count);
	}
	return h;
}

void ms_expect_constituents(uint16_t sp, const struct ffa_mem_constituent *c,
			    uint32_t n)
{
	struct ffa_direct_args args = { .x = { MS_CMD_RESP_HASH } };
	struct ffa_value out = req64_payload(sp, &args);
	uint64_t pages = 0;

	for (uint32_t i = 0; i < n; i++) {
		pages += c[i].page_count;
	}
	EXPECT_EQ(out.x[0], MS_ST_OK);
	EXPECT_EQ(out.x[1], n);
	EXPECT_EQ(out.x[2], pages);
	EXPECT_EQ(out.x[3], ms_hash(c, n));
}

struct ffa_value ms_relinquish_raw(uint16_t sp, uint32_t fid, uint64_t handle,
				   uint32_t flags, uint16_t id, bool set_count,
				   uint16_t count)
{
	struct ffa_direct_args args = {
		.x = { MS_CMD_RELINQUISH, handle, flags,
		       id | ((uint64_t)count << 16) |
			   (set_count ? MS_RELINQUISH_COUNT_SET : 0),
		       fid }
	};

	return req64_payload(sp, &args);
}

struct ffa_value ms_relinquish(uint16_t sp, uint32_t fid, uint64_t handle,
			       uint32_t flags)
{
	return ms_relinquish_raw(sp, fid, handle, flags, 0, false, 0);
}

void ms_relinquish_reclaim(uint16_t sp, uint64_t handle)
{
	struct ffa_value ret =
	    ms_relinquish(sp, FFA_MEM_RELINQUISH_32, handle, 0);

	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(handle, 0), 0);
}

uint64_t ms_sp_check(uint16_t sp, uint64_t addr, uint64_t bytes,
		     uint64_t pattern, bool ns)
{
	struct ffa_direct_args args = { .x = { MS_CMD_CHECK, addr, bytes,
					       pattern, ns ? 1 : 0 } };

	return req64_payload(sp, &args).x[1];
}

void ms_sp_fill(uint16_t sp, uint64_t addr, uint64_t bytes, uint64_t pattern,
		bool ns)
{
	struct ffa_direct_args args = { .x = { MS_CMD_FILL, addr, bytes,
					       pattern, ns ? 1 : 0 } };

	(void)req64_payload(sp, &args);
}

struct ffa_value ms_sp_touch(uint16_t sp, uint64_t addr, bool ns)
{
	struct ffa_direct_args args = {
		.x = { MS_CMD_CHECK, addr, sizeof(uint64_t), 0, ns ? 1 : 0 }
	};

	return ffa_msg_send_direct_req_64(MS_NWD_ID, sp, &args);
}

struct ffa_value ms_sp_call(uint16_t sp, uint32_t fid, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	struct ffa_direct_args args = { .x = { MS_CMD_CALL, fid, a1, a2, a3 } };

	return req64_payload(sp, &args);
}

void ms_sp_tx_write(uint16_t sp, uint32_t offset, uint64_t value,
		    uint32_t width)
{
	struct ffa_direct_args args = { .x = { MS_CMD_TX_WRITE, offset, value,
					       width } };

	ASSERT_EQ(req64_payload(sp, &args).x[0], 0);
}

int32_t ms_result(const struct ffa_value *v)
{
	uint32_t fid = ffa_fid(v);

	if (fid == FFA_ERROR_32) {
		return ffa_error_code(v);
	}
	return fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64 ? 0 : 1;
}

int32_t ms_sp_rx_release(uint16_t sp)
{
	struct ffa_value ret = ms_sp_call(sp, FFA_RX_RELEASE_32, 0, 0, 0);

	return ms_result(&ret);
}

void ms_fill(uint64_t addr, uint64_t bytes, uint64_t pattern)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)addr;

	for (uint64_t i = 0; i < bytes / sizeof(uint64_t); i++) {
		p[i] = pattern;
	}
}

uint64_t ms_check(uint64_t addr, uint64_t bytes, uint64_t pattern)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)addr;
	uint64_t same = 0;

	for (uint64_t i = 0; i < bytes / sizeof(uint64_t); i++) {
		same += p[i] == pattern ? 1 : 0;
	}
	return same;
}

int32_t ms_reclaim(uint64_t handle, uint32_t flags)
{
	struct ffa_value ret = ffa_mem_reclaim(handle, flags);

	return ms_result(&ret);
}

int32_t ms_rx_release(void)
{
	struct ffa_value ret = ffa_rx_release();

	return ms_result(&ret);
}
