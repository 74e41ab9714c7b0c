/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "nwd_common.h"

#include <stddef.h>

#include "driver/ffa.h"
#include "hftest/service.h"
#include "vmlib/ffa.h"

uint32_t nwd_use_version(uint32_t requested)
{
	struct ffa_value ret = ffa_version(requested);
	uint32_t version = (uint32_t)ret.x[0];

	ASSERT_EQ(version & FFA_VERSION_MBZ_BIT, 0);
	ASSERT_EQ(version >> FFA_VERSION_MAJOR_SHIFT, 1);
	return version;
}

struct ffa_value proxy_call(uint16_t sp, const struct ffa_value *call)
{
	struct ffa_direct2_args args = { 0 };
	struct ffa_value ret;
	struct ffa_value out = { 0 };
	size_t i;

	args.x[0] = (uint32_t)call->x[0];
	for (i = 0; i < PROXY_WIDE_ARGS; i++) {
		args.x[1 + i] = call->x[1 + i];
	}
	ret = ffa_msg_send_direct_req2(0, sp, NULL, &args);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	ASSERT_EQ((uint32_t)ret.x[1], ffa_msg_ids(sp, 0));
	for (i = 0; i < PROXY_WIDE_RESULTS; i++) {
		out.x[i] = ret.x[4 + i];
	}
	return out;
}

struct ffa_value proxy(uint16_t sp, uint32_t fid, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7)
{
	struct ffa_value call = { .x = { fid, a1, a2, a3, a4, a5, a6, a7 } };

	return proxy_call(sp, &call);
}

struct ffa_value proxy_narrow(uint16_t sp, uint32_t fid, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4)
{
	struct ffa_direct_args args = { .x = { fid, a1, a2, a3, a4 } };

	return req64_payload(sp, &args);
}

void select_req2(uint16_t sp, const char *name)
{
	uint64_t hash = hftest_service_hash(name);
	struct ffa_direct2_args args = { .x = { HFTEST_SERVICE_SELECT, hash } };
	struct ffa_value ret = req2_payload(sp, NULL, &args);

	if ((uint32_t)ret.x[0] != HFTEST_SERVICE_SELECTED || ret.x[1] != hash) {
		FAIL("cannot select service '%s' in partition 0x%x with "
		     "DIRECT_REQ2",
		     name, sp);
	}
}

struct ffa_value req2_payload(uint16_t sp, const struct ffa_uuid *uuid,
			      const struct ffa_direct2_args *args)
{
	struct ffa_value ret = ffa_msg_send_direct_req2(0, sp, uuid, args);
	struct ffa_value out = { 0 };
	size_t i;

	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	ASSERT_EQ((uint32_t)ret.x[1], ffa_msg_ids(sp, 0));
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		out.x[i] = ret.x[4 + i];
	}
	return out;
}

struct ffa_value req64_payload(uint16_t sp, const struct ffa_direct_args *args)
{
	struct ffa_value ret = ffa_msg_send_direct_req_64(0, sp, args);
	struct ffa_value out = { 0 };
	size_t i;

	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	ASSERT_EQ((uint32_t)ret.x[1], ffa_msg_ids(sp, 0));
	for (i = 0; i < FFA_DIRECT_MSG_ARGS; i++) {
		out.x[i] = ret.x[3 + i];
	}
	return out;
}
