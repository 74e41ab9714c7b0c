/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "boot.h"
#include "sp_loop.h"
#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * boot_prober: probes the boot order from inside its own initialisation
 * (prober_record in boot.h), then serves its records.
 */

static uint64_t records[PROBE_RECORDS];

/* w2 of an FFA_ERROR, or 0 for anything else. */
static uint64_t error_of(struct ffa_value v)
{
	return (uint32_t)v.x[0] == FFA_ERROR_32 ? (uint32_t)v.x[2] : 0;
}

static struct ffa_value serve_records(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	size_t first = ffa_fid(req) == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
	size_t count = first == 4 ? FFA_DIRECT_MSG2_ARGS : FFA_DIRECT_MSG_ARGS;
	uint64_t start = req->x[first];
	size_t i;

	for (i = 0; i < count && start + i < PROBE_RECORDS; i++) {
		resp.x[first + i] = records[start + i];
	}
	return resp;
}

int sp_main(const struct vmlib_boot *boot)
{
	struct ffa_value ret;
	uint16_t self;

	ret = ffa_id_get();
	self = (uint16_t)ret.x[2];
	records[PROBE_ID] = (uint32_t)ret.x[2];

	ret = ffa_msg_send_direct_req_64(self, BOOT_EARLY, NULL);
	records[PROBE_EARLY_FID] = (uint32_t)ret.x[0];
	records[PROBE_EARLY_PAYLOAD] = (uint32_t)ret.x[3];
	records[PROBE_FAIL_REQ] =
	    error_of(ffa_msg_send_direct_req_64(self, BOOT_FAIL, NULL));
	records[PROBE_LATE_REQ] =
	    error_of(ffa_msg_send_direct_req_64(self, BOOT_LATE, NULL));
	records[PROBE_LATE_REQ2] =
	    error_of(ffa_msg_send_direct_req2(self, BOOT_LATE, NULL, NULL));
	records[PROBE_YIELD] = error_of(ffa_yield());
	records[PROBE_RUN] = error_of(ffa_run(BOOT_EARLY, 0));
	records[PROBE_EP_REGISTER] =
	    error_of(ffa_secondary_ep_register((uintptr_t)vmlib_entry));
	records[PROBE_RESP] =
	    error_of(ffa_msg_send_direct_resp_64(self, 0, NULL));
	records[PROBE_X0] = boot->regs[0];
	records[PROBE_X1] = boot->regs[1];
	records[PROBE_X2] = boot->regs[2];
	records[PROBE_X3] = boot->regs[3];
	records[PROBE_COLD] = boot->cold ? 1 : 0;
	ret = ffa_partition_info_get(&(struct ffa_uuid){ 0 },
				     FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
	records[PROBE_PINFO_COUNT] = (uint32_t)ret.x[2];
	vmlib_log("boot_prober: probed during initialisation\n");
	sp_loop_run(serve_records);
}
