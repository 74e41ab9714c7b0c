/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "hftest/service.h"
#include "ms_protocol.h"
#include "sp_mmu.h"
#include "vmlib/ffa.h"
#include "vmlib/mem_build.h"

/*
 * The `mem` service (ms_protocol.h): retrieve, relinquish and touch memory
 * on request of a normal-world test, and report what the SPMC answered.
 */

#define SP_BUF_SIZE (MS_SP_BUF_PAGES * FFA_PAGE_SIZE)

static uint8_t sp_rx[SP_BUF_SIZE] __attribute__((aligned(FFA_PAGE_SIZE)));
static uint8_t sp_tx[SP_BUF_SIZE] __attribute__((aligned(FFA_PAGE_SIZE)));
static bool sp_mapped;

/* The last retrieve response, every fragment, and its layout. */
static uint8_t sp_resp[MS_RESP_MAX] __attribute__((aligned(8)));
static uint32_t sp_resp_len;
static uint32_t sp_resp_layout;

/* Maps RX/TX once; returns 0 or the FF-A error. */
static int32_t sp_map(void)
{
	struct ffa_value ret;

	if (sp_mapped) {
		return 0;
	}
	ret = ffa_rxtx_map((uintptr_t)sp_tx, (uintptr_t)sp_rx, MS_SP_BUF_PAGES);
	if (ffa_fid(&ret) != FFA_SUCCESS_32) {
		return ffa_error_code(&ret);
	}
	sp_mapped = true;
	return 0;
}

static uint16_t sp_own_id(void)
{
	struct ffa_value ret = ffa_id_get();

	return (uint16_t)ret.x[2];
}

/* The retrieve request x3..x7 describe, into `b`. */
static void sp_retrieve_desc(const struct ffa_value *req, struct mem_build *b)
{
	uint64_t x3 = req->x[3];
	uint64_t x6 = req->x[6];
	uint8_t perm = (uint8_t)(x3 >> 16);
	uint8_t mask = (uint8_t)(x6 >> 32);
	uint16_t self = (uint16_t)(x6 >> 48);

	*b = (struct mem_build){ 0 };
	b->layout = ms_layout_version((uint8_t)(x3 >> 24));
	b->attributes = (uint16_t)(x3 >> 32);
	b->sender = (uint16_t)(x3 >> 48);
	b->handle = req->x[4];
	b->tag = req->x[5];
	b->flags = (uint32_t)x6;
	if (self == 0) {
		self = sp_own_id();
	}
	if (mask == 0) {
		b->receivers[0] =
		    (struct mem_build_receiver){ self, perm,
						 (uint8_t)(x6 >> 40) };
		b->receiver_count = 1;
		return;
	}
	for (uint32_t i = 0; i < 8 && b->receiver_count < 4; i++) {
		uint16_t id = (uint16_t)(MS_SP_A + i);

		if ((mask & (1U << i)) == 0) {
			continue;
		}
		b->receivers[b->receiver_count++] = (struct mem_build_receiver){
			id, perm, id == self ? (uint8_t)(x6 >> 40) : 0
		};
	}
}

/* Appends `len` bytes of RX to the kept response; false if too long. */
static bool sp_keep(uint32_t len)
{
	if (len > SP_BUF_SIZE || len > MS_RESP_MAX - sp_resp_len) {
		return false;
	}
	memcpy(sp_resp + sp_resp_len, sp_rx, len);
	sp_resp_len += len;
	return true;
}

/* The answer of a retrieve that stopped on call `ret` with `status`. */
static struct ffa_value sp_retrieve_fail(struct ffa_value resp,
					 enum ms_status status,
					 const struct ffa_value *ret)
{
	resp.x[6] = status | ((uint64_t)(uint32_t)ret->x[0] << 32);
	resp.x[7] = ret->x[2];
	return resp;
}

/*
 * Collects the rest of a fragmented response with FFA_MEM_FRAG_RX, each
 * fragment after an RX_RELEASE unless MS_OPT_NO_RELEASE.
 */
static struct ffa_value sp_frag_rx(struct ffa_value resp, uint64_t handle,
				   uint32_t total, uint32_t opts)
{
	uint32_t calls = 0;
	struct ffa_value ret;

	while (sp_resp_len < total) {
		if ((opts & MS_OPT_NO_RELEASE) == 0) {
			ret = ffa_rx_release();
			if (ffa_fid(&ret) != FFA_SUCCESS_32) {
				return sp_retrieve_fail(
				    resp, MS_ST_RELEASE_FAILED, &ret);
			}
		}
		ret = ffa_mem_frag_rx(handle, sp_resp_len);
		if (ffa_fid(&ret) != FFA_MEM_FRAG_TX_32) {
			return sp_retrieve_fail(resp, MS_ST_FRAG_FAILED, &ret);
		}
		if ((uint32_t)ret.x[1] != (uint32_t)handle ||
		    (uint32_t)ret.x[2] != (uint32_t)(handle >> 32)) {
			return sp_retrieve_fail(resp, MS_ST_FRAG_HANDLE, &ret);
		}
		if ((uint32_t)ret.x[3] == 0 || !sp_keep((uint32_t)ret.x[3])) {
			return sp_retrieve_fail(resp, MS_ST_TOO_BIG, &ret);
		}
		calls++;
		resp.x[5] = sp_resp_len | ((uint64_t)calls << 32);
	}
	return resp;
}

/* After the first fragment: the rest, RX release, and the parse. */
static struct ffa_value sp_retrieve_finish(struct ffa_value resp,
					   uint64_t handle, uint32_t total,
					   uint32_t opts)
{
	struct mem_resp_view view;
	struct ffa_value ret = { 0 };

	if ((opts & MS_OPT_FIRST_ONLY) != 0) {
		resp.x[6] = sp_resp_len < total ? MS_ST_PARTIAL : MS_ST_OK;
		return resp;
	}
	resp = sp_frag_rx(resp, handle, total, opts);
	if ((uint32_t)resp.x[6] != MS_ST_OK) {
		return resp;
	}
	if ((opts & MS_OPT_KEEP_RX) == 0) {
		ret = ffa_rx_release();
		if (ffa_fid(&ret) != FFA_SUCCESS_32) {
			return sp_retrieve_fail(resp, MS_ST_RELEASE_FAILED,
						&ret);
		}
	}
	if (!mem_parse_resp(sp_resp, sp_resp_len, sp_resp_layout, &view)) {
		return sp_retrieve_fail(resp, MS_ST_PARSE_FAILED, &ret);
	}
	return resp;
}

static struct ffa_value sp_retrieve(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	struct ffa_value ret;
	struct mem_build b;
	uint32_t opts = (uint8_t)(req->x[3] >> 8);
	uint32_t len;
	uint32_t frag;
	int32_t err = (opts & MS_OPT_NO_MAP) != 0 ? 0 : sp_map();

	if (err != 0) {
		ret = (struct ffa_value){ .x = { FFA_ERROR_32, 0,
						 (uint32_t)err } };
		return sp_retrieve_fail(resp, MS_ST_MAP_FAILED, &ret);
	}
	sp_retrieve_desc(req, &b);
	len = sp_mapped ? mem_build_retrieve(sp_tx, SP_BUF_SIZE, &b) : 48;
	if (len == 0) {
		resp.x[6] = MS_ST_BUILD_FAILED;
		return resp;
	}
	if ((opts & MS_OPT_BUILD_ONLY) != 0) {
		resp.x[4] = len;
		return resp;
	}
	if ((uint32_t)req->x[7] != 0) {
		len = (uint32_t)req->x[7];
	}
	frag = (uint32_t)(req->x[7] >> 32) != 0 ? (uint32_t)(req->x[7] >> 32)
						: len;
	sp_resp_len = 0;
	sp_resp_layout = b.layout;
	ret = ffa_call((struct ffa_value){ .x = { (opts & MS_OPT_SMC64) != 0
						      ? FFA_MEM_RETRIEVE_REQ_64
						      : FFA_MEM_RETRIEVE_REQ_32,
						  len, frag } });
	resp.x[3] = ret.x[0];
	resp.x[4] = (uint32_t)ret.x[1] | (ret.x[2] << 32);
	if (ffa_fid(&ret) != FFA_MEM_RETRIEVE_RESP_32) {
		return sp_retrieve_fail(resp, MS_ST_CALL_FAILED, &ret);
	}
	if (!sp_keep((uint32_t)ret.x[2])) {
		return sp_retrieve_fail(resp, MS_ST_TOO_BIG, &ret);
	}
	resp.x[5] = sp_resp_len;
	return sp_retrieve_finish(resp, b.handle, (uint32_t)ret.x[1], opts);
}

static struct ffa_value sp_resp_read(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	uint64_t offset = req->x[4];

	for (uint32_t i = 0; i < 4; i++) {
		uint64_t at = offset + i * sizeof(uint64_t);
		uint64_t word = 0;

		if (at >= offset && at + sizeof(word) <= sp_resp_len) {
			memcpy(&word, sp_resp + at, sizeof(word));
		}
		resp.x[4 + i] = word;
	}
	return resp;
}

static struct ffa_value sp_resp_hash(void)
{
	struct ffa_value resp = { 0 };
	struct mem_resp_view v;
	uint64_t hash = MS_HASH_INIT;
	uint64_t pages = 0;
	uint32_t n = 0;

	resp.x[7] = sp_resp_len;
	if (!mem_parse_resp(sp_resp, sp_resp_len, sp_resp_layout, &v)) {
		resp.x[3] = MS_ST_PARSE_FAILED;
		return resp;
	}
	for (; n < v.constituent_count; n++) {
		uint64_t at = v.constituents_offset +
			      (uint64_t)n * sizeof(struct ffa_mem_constituent);
		struct ffa_mem_constituent c;

		if (at + sizeof(c) > sp_resp_len) {
			break;
		}
		memcpy(&c, sp_resp + at, sizeof(c));
		hash = ms_hash_constituent(hash, c.address, c.page_count);
		pages += c.page_count;
	}
	resp.x[4] = n;
	resp.x[5] = pages;
	resp.x[6] = hash;
	return resp;
}

static struct ffa_value sp_relinquish(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	struct ffa_value ret;
	uint16_t id = (uint16_t)req->x[6];
	uint32_t count = (uint16_t)(req->x[6] >> 16);
	uint32_t len;
	int32_t err = sp_map();

	if (err != 0) {
		resp.x[3] = FFA_ERROR_32;
		resp.x[5] = (uint32_t)err;
		return resp;
	}
	len = mem_build_relinquish(sp_tx, SP_BUF_SIZE, req->x[4],
				   (uint32_t)req->x[5],
				   id != 0 ? id : sp_own_id());
	if ((req->x[6] & MS_RELINQUISH_COUNT_SET) != 0) {
		*(uint32_t *)(sp_tx + 12) = count;
		*(uint16_t *)(sp_tx + 18) = MS_SP_A;
		len += sizeof(uint16_t);
	}
	if ((req->x[7] >> 32) != 0) {
		resp.x[4] = len;
		return resp;
	}
	ret = ffa_call((struct ffa_value){ .x = { (uint32_t)req->x[7] } });
	for (uint32_t i = 0; i < 5; i++) {
		resp.x[3 + i] = ret.x[i];
	}
	return resp;
}

/* CHECK and FILL: `x5` bytes at `x4` through the chosen alias. */
static struct ffa_value sp_memory(const struct ffa_value *req, bool fill)
{
	struct ffa_value resp = { 0 };
	volatile uint64_t *p;
	uint64_t words = req->x[5] / sizeof(uint64_t);
	uint64_t pattern = req->x[6];
	uint64_t same = 0;

	sp_mmu_enable();
	p = (volatile uint64_t *)(uintptr_t)sp_mmu_va(req->x[4],
						      req->x[7] != 0);
	for (uint64_t i = 0; i < words; i++) {
		if (fill) {
			p[i] = pattern;
		} else if (p[i] == pattern) {
			same++;
		}
	}
	if (!fill) {
		resp.x[4] = same;
		resp.x[5] = words > 0 ? p[0] : 0;
	}
	return resp;
}

static struct ffa_value sp_call(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	struct ffa_value ret = ffa_call((struct ffa_value){
	    .x = { req->x[4], req->x[5], req->x[6], req->x[7] } });

	for (uint32_t i = 0; i < 5; i++) {
		resp.x[3 + i] = ret.x[i];
	}
	return resp;
}

static struct ffa_value sp_tx_write(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	uint64_t offset = req->x[4];
	uint64_t value = req->x[5];
	uint64_t width = req->x[6];

	if (width == 0 || width > 8 || offset > SP_BUF_SIZE - width) {
		resp.x[3] = 1;
		return resp;
	}
	for (uint64_t i = 0; i < width; i++) {
		sp_tx[offset + i] = (uint8_t)(value >> (8 * i));
	}
	return resp;
}

TEST_SERVICE(mem)
{
	struct ffa_value resp = { 0 };

	switch ((uint8_t)req->x[3]) {
	case MS_CMD_RETRIEVE:
		return sp_retrieve(req);
	case MS_CMD_RESP_READ:
		return sp_resp_read(req);
	case MS_CMD_RESP_HASH:
		return sp_resp_hash();
	case MS_CMD_RELINQUISH:
		return sp_relinquish(req);
	case MS_CMD_CHECK:
		return sp_memory(req, false);
	case MS_CMD_FILL:
		return sp_memory(req, true);
	case MS_CMD_CALL:
		return sp_call(req);
	case MS_CMD_TX_WRITE:
		return sp_tx_write(req);
	case MS_CMD_MAP:
		resp.x[3] = (uint32_t)sp_map();
		return resp;
	default:
		resp.x[3] = UINT64_MAX;
		return resp;
	}
}
