/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "hftest/service.h"
#include "vmlib/ffa.h"

/* The normal-world side of the service protocol (hftest/service.h). */

/**
 * Sends the select request for `name` to `sp_id` (DIRECT_REQ_64) and
 * returns whether the partition answered HFTEST_SERVICE_SELECTED for that
 * name's hash.
 */
bool hftest_service_try_select(uint16_t sp_id, const char *name)
{
	uint64_t hash = hftest_service_hash(name);
	struct ffa_direct_args args = {
		.x = { HFTEST_SERVICE_SELECT, hash },
	};
	struct ffa_value ret = nwd_direct_req_64(sp_id, &args);

	return ffa_fid(&ret) == FFA_MSG_SEND_DIRECT_RESP_64 &&
	       (uint32_t)ret.x[3] == HFTEST_SERVICE_SELECTED &&
	       ret.x[4] == hash;
}

/** Selects service `name` in `sp_id`, failing the test if it cannot. */
void hftest_service_select(uint16_t sp_id, const char *name)
{
	if (!hftest_service_try_select(sp_id, name)) {
		FAIL("cannot select service '%s' in partition 0x%x", name,
		     sp_id);
	}
}
