/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "bench.h"
#include "bench_desc.h"
#include "bench_mem.h"
#include "vmlib/ffa.h"

/*
 * The borrower's half of the memory-sharing benchmark (bench.h): retrieve
 * and relinquish on request, timing the FF-A memory calls alone. Nothing
 * is logged: the normal world reports failures.
 */

#define BENCH_MEM_SP_BUF_SIZE (BENCH_MEM_SP_RXTX_PAGES * FFA_MEM_PAGE_SIZE)

static uint8_t bench_mem_tx[BENCH_MEM_SP_BUF_SIZE]
    __attribute__((aligned(FFA_MEM_PAGE_SIZE)));
static uint8_t bench_mem_rx[BENCH_MEM_SP_BUF_SIZE]
    __attribute__((aligned(FFA_MEM_PAGE_SIZE)));

/* 0 once the RX/TX pair is mapped, else the FF-A error of the map. */
static int64_t bench_mem_rxtx_status = FFA_DENIED;

/** Maps the RX/TX pair the retrieve requests use. */
void bench_mem_sp_init(void)
{
	struct ffa_value ret =
	    ffa_rxtx_map((uintptr_t)bench_mem_tx, (uintptr_t)bench_mem_rx,
			 BENCH_MEM_SP_RXTX_PAGES);

	bench_mem_rxtx_status =
	    ffa_fid(&ret) == FFA_ERROR_32 ? ffa_error_code(&ret) : 0;
}

/* The status of an unexpected answer: its FF-A error or function ID. */
static int64_t bench_mem_bad(const struct ffa_value *ret)
{
	return ffa_fid(ret) == FFA_ERROR_32 ? ffa_error_code(ret)
					    : (int64_t)ffa_fid(ret);
}

/* One FF-A call, its counter ticks added to `*ticks`. */
static struct ffa_value bench_mem_timed(struct ffa_value args, uint64_t *ticks)
{
	uint64_t start = bench_counter();
	struct ffa_value ret = ffa_call(args);

	*ticks += bench_counter() - start;
	return ret;
}

/* Fetches the fragments after the first `got` bytes of `total`. */
static int64_t bench_mem_frag_rx(uint64_t handle, uint32_t got, uint32_t total,
				 uint64_t *ticks, uint64_t *frags)
{
	while (got < total) {
		struct ffa_value ret = bench_mem_timed(
		    (struct ffa_value){
			.x = { FFA_MEM_FRAG_RX_32, (uint32_t)handle,
			       (uint32_t)(handle >> 32), got } },
		    ticks);

		if (ffa_fid(&ret) != FFA_MEM_FRAG_TX_32) {
			return bench_mem_bad(&ret);
		}
		if ((uint32_t)ret.x[3] == 0 ||
		    (uint32_t)ret.x[3] > BENCH_MEM_SP_BUF_SIZE) {
			return FFA_ABORTED;
		}
		got += (uint32_t)ret.x[3];
		(*frags)++;
	}
	return got == total ? 0 : FFA_ABORTED;
}

/* BENCH_CMD_MEM_RETRIEVE (bench.h). */
static int64_t bench_mem_retrieve(const struct ffa_value *req,
				  struct ffa_value *resp)
{
	uint64_t handle = req->x[4];
	uint32_t expected = (uint32_t)req->x[7];
	struct bench_desc d = {
		.sender = (uint16_t)req->x[5],
		.receiver = ffa_msg_dst(req),
		.perm = BENCH_PERM_RW,
		.attributes = BENCH_ATTR_NORMAL_WB_IS,
		.flags = (uint32_t)req->x[6] << FFA_MEM_FLAG_TYPE_SHIFT,
		.handle = handle,
	};
	uint32_t len =
	    bench_desc_retrieve(bench_mem_tx, sizeof(bench_mem_tx), &d);
	uint32_t count;
	uint32_t offset;
	uint64_t frags = 1;
	struct ffa_value ret = bench_mem_timed(
	    (struct ffa_value){ .x = { FFA_MEM_RETRIEVE_REQ_32, len, len } },
	    &resp->x[4]);
	int64_t err;

	if (ffa_fid(&ret) != FFA_MEM_RETRIEVE_RESP_32) {
		return bench_mem_bad(&ret);
	}
	if ((uint32_t)ret.x[2] > BENCH_MEM_SP_BUF_SIZE ||
	    !bench_desc_resp_constituents(bench_mem_rx, (uint32_t)ret.x[2],
					  &count, &offset) ||
	    count != expected ||
	    offset + count * sizeof(struct ffa_mem_constituent) !=
		(uint32_t)ret.x[1]) {
		err = FFA_ABORTED;
	} else {
		err =
		    bench_mem_frag_rx(handle, (uint32_t)ret.x[2],
				      (uint32_t)ret.x[1], &resp->x[4], &frags);
	}
	ret = bench_mem_timed((struct ffa_value){ .x = { FFA_RX_RELEASE_32 } },
			      &resp->x[4]);
	if (err == 0 && ffa_fid(&ret) != FFA_SUCCESS_32) {
		err = bench_mem_bad(&ret);
	}
	resp->x[5] = frags;
	return err;
}

/* BENCH_CMD_MEM_RELINQUISH (bench.h). */
static int64_t bench_mem_relinquish(const struct ffa_value *req,
				    struct ffa_value *resp)
{
	struct ffa_value ret;

	bench_desc_relinquish(bench_mem_tx, sizeof(bench_mem_tx), req->x[4],
			      ffa_msg_dst(req));
	ret = bench_mem_timed(
	    (struct ffa_value){ .x = { FFA_MEM_RELINQUISH_32 } }, &resp->x[4]);
	return ffa_fid(&ret) == FFA_SUCCESS_32 ? 0 : bench_mem_bad(&ret);
}

/** The answer to a REQ_64 carrying one of the memory commands. */
struct ffa_value bench_mem_sp_command(const struct ffa_value *req)
{
	struct ffa_value resp = { .x = { FFA_MSG_SEND_DIRECT_RESP_64,
					 ffa_msg_ids(ffa_msg_dst(req),
						     ffa_msg_src(req)) } };
	int64_t err = bench_mem_rxtx_status;

	if (err == 0) {
		err = (uint32_t)req->x[3] == BENCH_CMD_MEM_RETRIEVE
			  ? bench_mem_retrieve(req, &resp)
			  : bench_mem_relinquish(req, &resp);
	}
	resp.x[3] = (uint64_t)err;
	return resp;
}
