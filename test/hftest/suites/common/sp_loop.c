/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "sp_loop.h"

#include <stdint.h>

#include "vmlib/ffa.h"

/* The response ABI for request `fid`, or 0 if it is not a request. */
static uint32_t sp_loop_resp_fid(uint32_t fid)
{
	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
		return FFA_MSG_SEND_DIRECT_RESP_32;
	case FFA_MSG_SEND_DIRECT_REQ_64:
		return FFA_MSG_SEND_DIRECT_RESP_64;
	case FFA_MSG_SEND_DIRECT_REQ2_64:
		return FFA_MSG_SEND_DIRECT_RESP2_64;
	default:
		return 0;
	}
}

/* Answers one message; returns the next one. */
static struct ffa_value sp_loop_serve(const struct ffa_value *msg,
				      sp_loop_handler_fn handler)
{
	uint32_t fid = ffa_fid(msg);
	uint32_t resp_fid = sp_loop_resp_fid(fid);
	uint32_t w2 = (uint32_t)msg->x[2];
	struct ffa_value resp = { 0 };
	unsigned i;

	if (resp_fid == 0) {
		return ffa_msg_wait();
	}
	if (fid != FFA_MSG_SEND_DIRECT_REQ2_64 && (w2 & FFA_FWK_MSG_BIT) != 0) {
		if ((w2 & FFA_FWK_MSG_FUNC_MASK) != FFA_FWK_PSCI_REQ ||
		    (uint32_t)msg->x[3] != PSCI_CPU_OFF) {
			return ffa_msg_wait();
		}
		resp.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP;
		resp.x[3] = PSCI_E_SUCCESS;
	} else {
		resp = handler(msg);
		resp.x[2] = 0;
		if (fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
			resp.x[3] = 0;
		}
		if (fid == FFA_MSG_SEND_DIRECT_REQ_32) {
			for (i = 3; i < 8; i++) {
				resp.x[i] = (uint32_t)resp.x[i];
			}
		}
	}
	resp.x[0] = resp_fid;
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(msg), ffa_msg_src(msg));
	return ffa_call(resp);
}

void sp_loop_run(sp_loop_handler_fn handler)
{
	struct ffa_value msg = ffa_msg_wait();

	for (;;) {
		msg = sp_loop_serve(&msg, handler);
	}
}
