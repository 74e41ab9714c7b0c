/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "bench.h"
#include "bench_mem.h"
#include "vmlib/ffa.h"
#include "vmlib/vmlib.h"

/*
 * A benchmark partition (both bench-sp1 and bench-sp2 run this code): a
 * minimal echo loop, plus the SP-to-SP timing loop and the borrower's half
 * of the memory-sharing benchmark (bench_mem_sp.c) of bench.h. Nothing is
 * logged on the fast path, so a round trip measures the SPMC, not us.
 */

static uint32_t bench_resp_fid(uint32_t fid)
{
	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
		return FFA_MSG_SEND_DIRECT_RESP_32;
	case FFA_MSG_SEND_DIRECT_REQ_64:
		return FFA_MSG_SEND_DIRECT_RESP_64;
	default:
		return FFA_MSG_SEND_DIRECT_RESP2_64;
	}
}

/*
 * One request of `kind` from `self` to `dst`: 0 if the echo came back, else
 * the error code or the unexpected function ID.
 */
static int64_t bench_sp_request(enum bench_kind kind, uint16_t self,
				uint16_t dst)
{
	static const struct ffa_direct_args args = { .x = { 1, 2, 3, 4, 5 } };
	static const struct ffa_direct2_args args2 = { .x = { 1, 2, 3 } };
	static const struct ffa_uuid any = { 0 };
	struct ffa_value ret;
	uint32_t want;

	switch (kind) {
	case BENCH_REQ_32:
		ret = ffa_msg_send_direct_req_32(self, dst, &args);
		want = FFA_MSG_SEND_DIRECT_RESP_32;
		break;
	case BENCH_REQ_64:
		ret = ffa_msg_send_direct_req_64(self, dst, &args);
		want = FFA_MSG_SEND_DIRECT_RESP_64;
		break;
	default:
		ret = ffa_msg_send_direct_req2(self, dst, &any, &args2);
		want = FFA_MSG_SEND_DIRECT_RESP2_64;
		break;
	}
	if (ffa_fid(&ret) == want) {
		return 0;
	}
	return ffa_fid(&ret) == FFA_ERROR_32 ? ffa_error_code(&ret)
					     : (int64_t)ffa_fid(&ret);
}

/* BENCH_CMD_SP_LOOP: times x5 requests to x4 and answers (bench.h). */
static struct ffa_value bench_sp_loop(const struct ffa_value *req)
{
	uint16_t self = ffa_msg_dst(req);
	uint16_t dst = (uint16_t)req->x[4];
	uint64_t count = req->x[5];
	enum bench_kind kind = (enum bench_kind)req->x[6];
	struct ffa_value resp = { 0 };
	int64_t err = 0;
	uint64_t start;
	uint64_t i;

	for (i = 0; i < BENCH_WARMUP && err == 0; i++) {
		err = bench_sp_request(kind, self, dst);
	}
	start = bench_counter();
	for (i = 0; i < count && err == 0; i++) {
		err = bench_sp_request(kind, self, dst);
	}
	resp.x[4] = bench_counter() - start;
	resp.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
	resp.x[1] = ffa_msg_ids(self, ffa_msg_src(req));
	resp.x[3] = (uint64_t)err;
	resp.x[5] = i;
	return resp;
}

/* The answer to `msg`: its echo, the timing loop, or FFA_MSG_WAIT. */
static struct ffa_value bench_sp_answer(const struct ffa_value *msg)
{
	uint32_t fid = ffa_fid(msg);
	struct ffa_value resp;

	if (fid != FFA_MSG_SEND_DIRECT_REQ_32 &&
	    fid != FFA_MSG_SEND_DIRECT_REQ_64 &&
	    fid != FFA_MSG_SEND_DIRECT_REQ2_64) {
		return (struct ffa_value){ .x = { FFA_MSG_WAIT_32 } };
	}
	if (fid != FFA_MSG_SEND_DIRECT_REQ2_64 &&
	    ((uint32_t)msg->x[2] & FFA_FWK_MSG_BIT) != 0) {
		/* No framework message is expected (UP partitions). */
		return (struct ffa_value){ .x = { FFA_MSG_WAIT_32 } };
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_64 &&
	    (uint32_t)msg->x[3] == BENCH_CMD_SP_LOOP) {
		return bench_sp_loop(msg);
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_64 &&
	    ((uint32_t)msg->x[3] == BENCH_CMD_MEM_RETRIEVE ||
	     (uint32_t)msg->x[3] == BENCH_CMD_MEM_RELINQUISH)) {
		return bench_mem_sp_command(msg);
	}
	resp = *msg;
	resp.x[0] = bench_resp_fid(fid);
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(msg), ffa_msg_src(msg));
	resp.x[2] = 0;
	if (fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
		resp.x[3] = 0;
	}
	return resp;
}

/** Ends initialisation and serves messages for ever. */
int sp_main(const struct vmlib_boot *boot)
{
	struct ffa_value msg;

	(void)boot;
	bench_mem_sp_init();
	msg = ffa_msg_wait();
	for (;;) {
		struct ffa_value resp = bench_sp_answer(&msg);

		msg = ffa_call(resp);
	}
}
