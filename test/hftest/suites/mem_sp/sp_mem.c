/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "sp_mem.h"

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/service.h"
#include "mem_sp.h"
#include "vmlib/ffa.h"
#include "vmlib/mem_build.h"

/*
 * The `mem` service of the mem_sp partitions: one operation per direct
 * request (mem_sp.h), so the normal-world test decides every step and
 * checks every answer. The partition checks nothing itself.
 */

uint8_t msp_rx[MSP_BUF_SIZE] __attribute__((aligned(MSP_BUF_SIZE)));
uint8_t msp_tx[MSP_BUF_SIZE] __attribute__((aligned(MSP_BUF_SIZE)));

/* The memory this partition gives away. */
static uint8_t msp_pool[MSP_POOL_PAGES * FFA_MEM_PAGE_SIZE]
    __attribute__((aligned(FFA_MEM_PAGE_SIZE)));

static bool msp_mapped;
static int32_t msp_map_error;

int32_t msp_rxtx_ready(void)
{
	struct ffa_value ret;

	if (msp_mapped || msp_map_error != 0) {
		return msp_map_error;
	}
	ret = ffa_rxtx_map((uintptr_t)msp_tx, (uintptr_t)msp_rx, 1);
	if ((uint32_t)ret.x[0] == FFA_ERROR_32) {
		msp_map_error = ffa_error_code(&ret);
		if (msp_map_error == 0) {
			msp_map_error = FFA_INVALID_PARAMETERS;
		}
	} else {
		msp_mapped = true;
	}
	return msp_map_error;
}

uint16_t msp_own_id(void)
{
	struct ffa_value ret = ffa_id_get();

	return (uint16_t)ret.x[2];
}

void msp_copy(void *dst, const void *src, uint32_t len)
{
	volatile uint64_t *d = dst;
	const volatile uint64_t *s = src;

	for (uint32_t i = 0; i < len / sizeof(uint64_t); i++) {
		d[i] = s[i];
	}
}

void msp_put_result(uint64_t *r, const struct ffa_value *v)
{
	for (size_t i = 0; i < 4; i++) {
		r[i] = v->x[i];
	}
}

static void msp_op_info(uint64_t *r)
{
	int32_t map = msp_rxtx_ready();

	r[1] = msp_own_id();
	r[2] = (uintptr_t)msp_pool;
	r[3] = MSP_POOL_PAGES;
	r[4] = (uintptr_t)msp_rx;
	r[5] = (uintptr_t)msp_tx;
	r[6] = (uint64_t)(int64_t)map;
}

static uint64_t msp_word(uint64_t pattern, uint64_t i)
{
	return pattern == 0 ? 0 : pattern + i;
}

static void msp_op_fill(const uint64_t *p)
{
	volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)p[1];
	uint64_t words = p[2] * FFA_MEM_PAGE_SIZE / sizeof(uint64_t);

	for (uint64_t i = 0; i < words; i++) {
		w[i] = msp_word(p[3], i);
	}
}

static void msp_op_check(const uint64_t *p, uint64_t *r)
{
	const volatile uint64_t *w = (const volatile uint64_t *)(uintptr_t)p[1];
	uint64_t words = p[2] * FFA_MEM_PAGE_SIZE / sizeof(uint64_t);
	uint64_t bad = 0;
	uint64_t first_bad = UINT64_MAX;

	for (uint64_t i = 0; i < words; i++) {
		if (w[i] != msp_word(p[3], i)) {
			if (bad++ == 0) {
				first_bad = i;
			}
		}
	}
	r[1] = bad;
	r[2] = words != 0 ? w[0] : 0;
	r[3] = first_bad;
}

static void msp_op_relinquish(const uint64_t *p, uint64_t *r)
{
	uint16_t id = p[3] != 0 ? (uint16_t)p[3] : msp_own_id();
	struct ffa_value ret;

	if (mem_build_relinquish(msp_tx, MSP_BUF_SIZE, p[1], (uint32_t)p[2],
				 id) == 0) {
		return;
	}
	if (p[4] != 0) {
		/* Endpoint count: the 4 bytes after handle (8) and flags (4). */
		((volatile uint32_t *)msp_tx)[3] = (uint32_t)p[4];
	}
	ret = ffa_mem_relinquish();
	msp_put_result(r, &ret);
}

/* Runs operation p[0]; false if there is no such operation. */
static bool msp_dispatch(const uint64_t *p, uint64_t *r)
{
	struct ffa_value ret;

	switch (p[0]) {
	case MSP_OP_INFO:
		msp_op_info(r);
		return true;
	case MSP_OP_SEND:
		msp_op_send(p, r);
		return true;
	case MSP_OP_FRAG_TX:
		msp_op_frag_tx(p, r);
		return true;
	case MSP_OP_RETRIEVE:
		msp_op_retrieve(p, r);
		return true;
	case MSP_OP_FRAG_RX:
		msp_op_frag_rx(p, r);
		return true;
	case MSP_OP_RX_RELEASE:
		ret = ffa_rx_release();
		msp_put_result(r, &ret);
		return true;
	case MSP_OP_RELINQUISH:
		msp_op_relinquish(p, r);
		return true;
	case MSP_OP_RECLAIM:
		ret = ffa_mem_reclaim(p[1], (uint32_t)p[2]);
		msp_put_result(r, &ret);
		return true;
	case MSP_OP_FILL:
		msp_op_fill(p);
		return true;
	case MSP_OP_CHECK:
		msp_op_check(p, r);
		return true;
	case MSP_OP_READ:
		r[1] = *(volatile uint64_t *)(uintptr_t)p[1];
		return true;
	case MSP_OP_WRITE:
		*(volatile uint64_t *)(uintptr_t)p[1] = p[2];
		return true;
	default:
		return false;
	}
}

/*
 * DIRECT_REQ2 only: x4 = operation, x5.. its arguments; the answer's
 * x4..x17 are the operation's results. Anything else, or an unknown
 * operation, is answered with MSP_BAD_OP.
 */
TEST_SERVICE(mem)
{
	struct ffa_value resp = { 0 };
	uint64_t p[FFA_DIRECT_MSG2_ARGS];
	uint64_t r[FFA_DIRECT_MSG2_ARGS] = { 0 };
	size_t i;

	if (ffa_fid(req) != FFA_MSG_SEND_DIRECT_REQ2_64) {
		resp.x[3] = MSP_BAD_OP;
		return resp;
	}
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		p[i] = req->x[4 + i];
	}
	if (p[0] != MSP_OP_INFO && msp_rxtx_ready() != 0) {
		r[0] = MSP_NO_RXTX;
		r[2] = (uint32_t)msp_rxtx_ready();
	} else if (!msp_dispatch(p, r)) {
		r[0] = MSP_BAD_OP;
	}
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		resp.x[4 + i] = r[i];
	}
	return resp;
}
