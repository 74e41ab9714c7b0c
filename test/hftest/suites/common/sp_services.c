/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "hftest/service.h"
#include "protocol.h"
#include "vmlib/ffa.h"
#include "vmlib/vmlib.h"

/*
 * Services shared by the suites' partitions (protocol.h). They check
 * nothing themselves: they report, and the normal-world test decides.
 */

static uint8_t sp_rx[SP_BUF_PAGES * FFA_PAGE_SIZE]
    __attribute__((aligned(FFA_PAGE_SIZE)));
static uint8_t sp_tx[SP_BUF_PAGES * FFA_PAGE_SIZE]
    __attribute__((aligned(FFA_PAGE_SIZE)));

/* Whether the request is DIRECT_REQ2 (payload from x4) or not (x3). */
static bool sp_wide(const struct ffa_value *req)
{
	return ffa_fid(req) == FFA_MSG_SEND_DIRECT_REQ2_64;
}

static size_t sp_first(const struct ffa_value *req)
{
	return sp_wide(req) ? 4 : 3;
}

static size_t sp_count(const struct ffa_value *req)
{
	return sp_wide(req) ? FFA_DIRECT_MSG2_ARGS : FFA_DIRECT_MSG_ARGS;
}

static uint64_t sp_mpidr(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return mpidr;
}

TEST_SERVICE(proxy)
{
	struct ffa_value call = { 0 };
	struct ffa_value result;
	struct ffa_value resp = { 0 };
	size_t first = sp_first(req);
	size_t args = sp_wide(req) ? PROXY_WIDE_ARGS : PROXY_NARROW_ARGS;
	size_t results =
	    sp_wide(req) ? PROXY_WIDE_RESULTS : PROXY_NARROW_RESULTS;
	size_t i;

	call.x[0] = (uint32_t)req->x[first];
	for (i = 0; i < args; i++) {
		call.x[1 + i] = req->x[first + 1 + i];
	}
	result = ffa_call(call);
	for (i = 0; i < results; i++) {
		resp.x[first + i] = result.x[i];
	}
	return resp;
}

TEST_SERVICE(echo)
{
	struct ffa_value resp = { 0 };
	size_t first = sp_first(req);
	size_t i;

	for (i = 0; i < sp_count(req); i++) {
		resp.x[first + i] = req->x[first + i];
	}
	return resp;
}

TEST_SERVICE(seen)
{
	struct ffa_value resp = { 0 };
	size_t first = sp_first(req);
	uint64_t upper = 0;
	uint64_t high = 0;
	size_t i;

	for (i = 1; i <= 7; i++) {
		upper |= req->x[i] >> 32;
	}
	for (i = 8; i < FFA_VALUE_REGS; i++) {
		high |= req->x[i];
	}
	resp.x[first + SEEN_IDS] = req->x[1];
	resp.x[first + SEEN_X2] = req->x[2];
	resp.x[first + SEEN_X3] = req->x[3];
	resp.x[first + SEEN_UPPER_HALVES] = upper != 0 ? 1 : 0;
	resp.x[first + SEEN_HIGH_REGS] = high != 0 ? 1 : 0;
	if (sp_wide(req)) {
		resp.x[first + SEEN_VCPU] = vmlib_vcpu_index();
		resp.x[first + SEEN_MPIDR_AFF0] = sp_mpidr() & 0xFFU;
	}
	return resp;
}

TEST_SERVICE(whoami)
{
	struct ffa_value resp = { 0 };
	struct ffa_value id = ffa_id_get();
	size_t first = sp_first(req);

	resp.x[first + WHOAMI_VCPU] = vmlib_vcpu_index();
	resp.x[first + WHOAMI_MPIDR] = sp_mpidr() & 0xFFFFFFU;
	resp.x[first + WHOAMI_ID] = (uint32_t)id.x[2];
	resp.x[first + WHOAMI_COLD] = hftest_service_boot()->cold ? 1 : 0;
	return resp;
}

TEST_SERVICE(bufs)
{
	struct ffa_value resp = { 0 };
	size_t first = sp_first(req);

	resp.x[first + BUFS_RX] = (uintptr_t)sp_rx;
	resp.x[first + BUFS_TX] = (uintptr_t)sp_tx;
	resp.x[first + BUFS_PAGES] = SP_BUF_PAGES;
	return resp;
}

TEST_SERVICE(rx_read)
{
	struct ffa_value resp = { 0 };
	size_t first = sp_first(req);
	uint64_t offset = req->x[first];
	size_t i;

	for (i = 0; i < sp_count(req); i++) {
		uint64_t at = offset + i * sizeof(uint64_t);
		uint64_t word = 0;

		if (at < offset || at + sizeof(word) > sizeof(sp_rx)) {
			break;
		}
		memcpy(&word, &sp_rx[at], sizeof(word));
		resp.x[first + i] = word;
	}
	return resp;
}
