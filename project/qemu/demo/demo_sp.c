/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "demo_sp.h"

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "demo.h"
#include "vmlib/ffa.h"
#include "vmlib/log.h"

/*
 * The demo partitions' message loop: echo every direct request (demo.h),
 * answer the SPMC's PSCI CPU_OFF framework message, log everything.
 */

/* The first payload register of a request or response `fid`. */
static size_t demo_payload_first(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
}

/* The last payload register (inclusive). */
static size_t demo_payload_last(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_REQ2_64 ? 17 : 7;
}

static uint32_t demo_resp_fid(uint32_t fid)
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

static const char *demo_req_name(uint32_t fid)
{
	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
		return "DIRECT_REQ_32";
	case FFA_MSG_SEND_DIRECT_REQ_64:
		return "DIRECT_REQ_64";
	default:
		return "DIRECT_REQ2";
	}
}

/* The response to a partition message: the echo of demo.h. */
static struct ffa_value demo_echo(const struct ffa_value *req)
{
	uint32_t fid = ffa_fid(req);
	size_t first = demo_payload_first(fid);
	struct ffa_value resp = { 0 };
	size_t i;

	resp.x[0] = demo_resp_fid(fid);
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(req), ffa_msg_src(req));
	resp.x[first] = vmlib_vcpu_index();
	for (i = first + 1; i <= demo_payload_last(fid); i++) {
		resp.x[i] = req->x[i] + DEMO_ECHO_INCREMENT;
		if (fid == FFA_MSG_SEND_DIRECT_REQ_32) {
			resp.x[i] = (uint32_t)resp.x[i];
		}
	}
	return resp;
}

/*
 * The answer to a framework message (w2 bit 31): success for PSCI CPU_OFF,
 * which the SPMC relays when a CPU goes down (power-management-messages),
 * NOT_SUPPORTED for any other PSCI function. Others get FFA_MSG_WAIT.
 */
static struct ffa_value demo_framework(const struct ffa_value *req,
				       const char *name)
{
	uint32_t func = (uint32_t)req->x[2] & FFA_FWK_MSG_FUNC_MASK;
	uint32_t psci = (uint32_t)req->x[3];
	struct ffa_value resp = { 0 };

	if (func != FFA_FWK_PSCI_REQ) {
		vmlib_log("%s: vCPU %u: framework message %u ignored\n", name,
			  vmlib_vcpu_index(), func);
		return ffa_msg_wait();
	}
	vmlib_log("%s: vCPU %u: PSCI %s from the SPMC\n", name,
		  vmlib_vcpu_index(),
		  psci == PSCI_CPU_OFF ? "CPU_OFF" : "request");
	resp.x[0] = demo_resp_fid(ffa_fid(req));
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(req), ffa_msg_src(req));
	resp.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP;
	resp.x[3] = psci == PSCI_CPU_OFF ? PSCI_E_SUCCESS
					 : (uint32_t)PSCI_E_NOT_SUPPORTED;
	return ffa_call(resp);
}

/* Serves one message; returns the next one. */
static struct ffa_value demo_serve(const struct ffa_value *msg,
				   const char *name)
{
	uint32_t fid = ffa_fid(msg);

	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
	case FFA_MSG_SEND_DIRECT_REQ_64:
		if (((uint32_t)msg->x[2] & FFA_FWK_MSG_BIT) != 0) {
			return demo_framework(msg, name);
		}
		[[fallthrough]];
	case FFA_MSG_SEND_DIRECT_REQ2_64:
		vmlib_log("%s: vCPU %u: %s from 0x%04x\n", name,
			  vmlib_vcpu_index(), demo_req_name(fid),
			  ffa_msg_src(msg));
		return ffa_call(demo_echo(msg));
	default:
		vmlib_log("%s: vCPU %u: unexpected 0x%x, waiting\n", name,
			  vmlib_vcpu_index(), fid);
		return ffa_msg_wait();
	}
}

/** Logs the vCPU's start, ends its initialisation and serves messages. */
void demo_sp_run(const struct vmlib_boot *boot, const char *name)
{
	struct ffa_value msg;

	if (boot->cold) {
		struct ffa_value id = ffa_id_get();

		vmlib_log("%s: partition 0x%04x up on vCPU %u\n", name,
			  (uint32_t)id.x[2] & 0xFFFFU, boot->vcpu);
	} else {
		vmlib_log("%s: vCPU %u up\n", name, boot->vcpu);
	}
	msg = ffa_msg_wait();
	for (;;) {
		msg = demo_serve(&msg, name);
	}
}
