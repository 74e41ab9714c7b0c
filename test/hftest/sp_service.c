/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "backend.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * The partition side of hftest: `sp_main` and the service loop
 * (hftest/service.h has the protocol). Failed checks are logged on the
 * partition's console and end the partition.
 */

/* Unexpected messages logged before the loop goes quiet about them. */
#define HFTEST_UNEXPECTED_LOG_MAX 4

/* The service chosen by the last select; shared by every vCPU. */
static const struct hftest_entry *volatile hftest_selected;
static struct vmlib_boot hftest_cold_boot;
static volatile uint32_t hftest_unexpected_count;

/** Partition: one line through FFA_CONSOLE_LOG. */
void hftest_backend_write_line(const char *line)
{
	vmlib_log("%s\n", line);
}

/** Partition: a fatal failure ends the partition. */
void hftest_backend_end_fatal(void)
{
	vmlib_abort(FFA_ABORTED);
}

/** The registers of the partition's first entry. */
const struct vmlib_boot *hftest_service_boot(void)
{
	return &hftest_cold_boot;
}

static bool hftest_is_direct_req(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_REQ_32 ||
	       fid == FFA_MSG_SEND_DIRECT_REQ_64 ||
	       fid == FFA_MSG_SEND_DIRECT_REQ2_64;
}

/* The response ABI matching request `fid`. */
static uint32_t hftest_resp_fid(uint32_t fid)
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

/* The first payload register: x4 for REQ2, x3 otherwise. */
static size_t hftest_payload(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
}

/*
 * Completes a response whose x0 is zero: the response ABI, the IDs
 * swapped, the flags (and for RESP2 the reserved x3) zero. SMC32 responses
 * are cut to 32-bit registers.
 */
static struct ffa_value hftest_complete(const struct ffa_value *req,
					struct ffa_value resp)
{
	uint32_t fid = ffa_fid(req);
	size_t i;

	if (resp.x[0] != 0) {
		return resp;
	}
	resp.x[0] = hftest_resp_fid(fid);
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(req), ffa_msg_src(req));
	resp.x[2] = 0;
	if (fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
		resp.x[3] = 0;
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_32) {
		for (i = 3; i < 8; i++) {
			resp.x[i] = (uint32_t)resp.x[i];
		}
	}
	return resp;
}

/* The hash of a select request, or false if `req` is not one. */
static bool hftest_select_hash(const struct ffa_value *req, uint64_t *hash)
{
	uint32_t fid = ffa_fid(req);
	size_t p = hftest_payload(fid);

	if ((uint32_t)req->x[p] != HFTEST_SERVICE_SELECT) {
		return false;
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_32) {
		*hash =
		    (uint32_t)req->x[4] | ((uint64_t)(uint32_t)req->x[5] << 32);
	} else {
		*hash = req->x[p + 1];
	}
	return true;
}

/* Selects the service whose name hashes to `hash`; the reply payload. */
static struct ffa_value hftest_select(const struct ffa_value *req,
				      uint64_t hash)
{
	uint32_t fid = ffa_fid(req);
	size_t p = hftest_payload(fid);
	struct ffa_value resp = { 0 };
	const struct hftest_entry *e;

	resp.x[p] = HFTEST_SERVICE_UNKNOWN;
	for (e = hftest_entries_begin(); e < hftest_entries_end(); e++) {
		if (e->kind == HFTEST_KIND_SERVICE &&
		    hftest_service_hash(e->name) == hash) {
			hftest_selected = e;
			resp.x[p] = HFTEST_SERVICE_SELECTED;
			break;
		}
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_32) {
		resp.x[4] = (uint32_t)hash;
		resp.x[5] = (uint32_t)(hash >> 32);
	} else {
		resp.x[p + 1] = hash;
	}
	return resp;
}

/*
 * Answers a framework message (REQ_32/REQ_64 with w2 bit 31): PSCI
 * CPU_OFF succeeds, VM created/destroyed succeed. Others are not answered:
 * the partition waits for its next message.
 */
static struct ffa_value hftest_framework(const struct ffa_value *req)
{
	uint32_t func = (uint32_t)req->x[2] & FFA_FWK_MSG_FUNC_MASK;
	struct ffa_value resp = { 0 };

	switch (func) {
	case FFA_FWK_PSCI_REQ:
		resp.x[2] = FFA_FWK_PSCI_RESP;
		resp.x[3] = (uint32_t)req->x[3] == PSCI_CPU_OFF
				? PSCI_E_SUCCESS
				: (uint32_t)PSCI_E_NOT_SUPPORTED;
		break;
	case FFA_FWK_VM_CREATED_REQ:
	case FFA_FWK_VM_DESTROYED_REQ:
		resp.x[2] = func + 1;
		break;
	default:
		vmlib_log("hftest: unanswered framework message %u\n", func);
		return ffa_msg_wait();
	}
	resp.x[0] = hftest_resp_fid(ffa_fid(req));
	resp.x[1] = ffa_msg_ids(ffa_msg_dst(req), ffa_msg_src(req));
	resp.x[2] |= FFA_FWK_MSG_BIT;
	return ffa_call(resp);
}

/* Serves one message and returns the next one. */
static struct ffa_value hftest_serve(const struct ffa_value *msg)
{
	uint32_t fid = ffa_fid(msg);
	const struct hftest_entry *service = hftest_selected;
	struct ffa_value resp = { 0 };
	uint64_t hash;

	if (!hftest_is_direct_req(fid)) {
		if (hftest_unexpected_count++ < HFTEST_UNEXPECTED_LOG_MAX) {
			vmlib_log("hftest: unexpected message 0x%x (w2 0x%x)\n",
				  fid, (uint32_t)msg->x[2]);
		}
		return ffa_msg_wait();
	}
	if (fid != FFA_MSG_SEND_DIRECT_REQ2_64 &&
	    ((uint32_t)msg->x[2] & FFA_FWK_MSG_BIT) != 0) {
		return hftest_framework(msg);
	}

	if (hftest_select_hash(msg, &hash)) {
		resp = hftest_select(msg, hash);
	} else if (service != NULL) {
		resp = service->service(msg);
		if (hftest_failed()) {
			vmlib_abort(FFA_ABORTED);
		}
	} else {
		resp.x[hftest_payload(fid)] = HFTEST_SERVICE_NONE;
	}
	return ffa_call(hftest_complete(msg, resp));
}

/** Waits for the first message, then serves messages for ever. */
void hftest_service_loop(void)
{
	struct ffa_value msg = ffa_msg_wait();

	for (;;) {
		msg = hftest_serve(&msg);
	}
}

/**
 * The service partition's main function: records the cold boot, logs the
 * services it hosts and enters the service loop on every vCPU.
 */
int sp_main(const struct vmlib_boot *boot)
{
	const struct hftest_entry *e;
	uint32_t count = 0;

	if (boot->cold) {
		hftest_cold_boot = *boot;
		for (e = hftest_entries_begin(); e < hftest_entries_end();
		     e++) {
			count += e->kind == HFTEST_KIND_SERVICE ? 1 : 0;
		}
		vmlib_log("hftest: service partition up with %u service(s)\n",
			  count);
	}
	hftest_service_loop();
}
