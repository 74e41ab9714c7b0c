/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "direct.h"

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

/*
 * Direct messaging from the normal world and between partitions: payload
 * integrity per ABI, who may receive what, and the call-chain rules
 * (no loops, a response only to the origin, with the matching ABI).
 */

/* Values with both halves non-zero, so truncation shows. */
#define PATTERN(i) (0xA5A50000F0F00000ULL | ((uint64_t)(i) << 32) | (i))

static struct ffa_value raw(uint32_t fid, uint64_t x1, uint64_t x2, uint64_t x3)
{
	return ffa_call((struct ffa_value){ .x = { fid, x1, x2, x3 } });
}

SET_UP(direct)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* DIRECT_REQ_64: x3..x7 arrive and return whole; IDs swapped. */
TEST(direct, req64_payload)
{
	struct ffa_direct_args args;
	struct ffa_value ret;
	size_t i;

	for (i = 0; i < FFA_DIRECT_MSG_ARGS; i++) {
		args.x[i] = PATTERN(i + 3);
	}
	hftest_service_select(DM_A, "echo");
	ret = ffa_msg_send_direct_req_64(0, DM_A, &args);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_A, 0));
	EXPECT_EQ(ret.x[2], 0);
	for (i = 0; i < FFA_DIRECT_MSG_ARGS; i++) {
		EXPECT_EQ(ret.x[3 + i], args.x[i]);
	}
}

/*
 * DIRECT_REQ_32: only the low halves of x1..x7 count. The partition sees
 * them zero-extended, the response too; x8..x17 do not travel.
 */
TEST(direct, req32_truncated)
{
	struct ffa_value call = { .x = { FFA_MSG_SEND_DIRECT_REQ_32,
					 (0xDEADULL << 32) |
					     ffa_msg_ids(0, DM_A) } };
	struct ffa_value ret;
	size_t i;

	for (i = 3; i < 8; i++) {
		call.x[i] = PATTERN(i);
	}
	for (i = 8; i < FFA_VALUE_REGS; i++) {
		call.x[i] = PATTERN(i);
	}
	hftest_service_select(DM_A, "seen");
	ret = ffa_call(call);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_A, 0));
	EXPECT_EQ(ret.x[3 + SEEN_IDS], ffa_msg_ids(0, DM_A));
	EXPECT_EQ(ret.x[3 + SEEN_X3], (uint32_t)PATTERN(3));
	EXPECT_EQ(ret.x[3 + SEEN_UPPER_HALVES], 0);
	EXPECT_EQ(ret.x[3 + SEEN_HIGH_REGS], 0);

	hftest_service_select(DM_A, "echo");
	ret = ffa_call(call);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	for (i = 3; i < 8; i++) {
		EXPECT_EQ(ret.x[i], (uint32_t)PATTERN(i));
	}
}

/* The same registers through DIRECT_REQ_64 arrive whole. */
TEST(direct, req64_not_truncated)
{
	struct ffa_value call = { .x = { FFA_MSG_SEND_DIRECT_REQ_64,
					 ffa_msg_ids(0, DM_A) } };
	struct ffa_value ret;
	size_t i;

	for (i = 3; i < 8; i++) {
		call.x[i] = PATTERN(i);
	}
	hftest_service_select(DM_A, "seen");
	ret = ffa_call(call);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[3 + SEEN_X3], PATTERN(3));
	EXPECT_EQ(ret.x[3 + SEEN_UPPER_HALVES], 1);
	/* x8..x17 are not part of DIRECT_REQ_64. */
	EXPECT_EQ(ret.x[3 + SEEN_HIGH_REGS], 0);
}

/* DIRECT_REQ2 without a UUID: x4..x17 arrive and return intact. */
TEST(direct, req2_no_uuid)
{
	struct ffa_direct2_args args;
	struct ffa_value ret;
	size_t i;

	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		args.x[i] = PATTERN(i + 4);
	}
	hftest_service_select(DM_A, "echo");
	ret = ffa_msg_send_direct_req2(0, DM_A, NULL, &args);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_A, 0));
	EXPECT_EQ(ret.x[2], 0);
	EXPECT_EQ(ret.x[3], 0);
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		EXPECT_EQ(ret.x[4 + i], args.x[i]);
	}
}

/* DIRECT_REQ2 to a UUID the partition serves it under: UUID delivered. */
TEST(direct, req2_with_uuid)
{
	const struct ffa_uuid uuid = UUID_DA1;
	const struct ffa_uuid db = UUID_DB;
	struct ffa_direct2_args args = { .x = { 1, 2, 3 } };
	struct ffa_value seen;

	hftest_service_select(DM_A, "seen");
	seen = req2_payload(DM_A, &uuid, &args);
	EXPECT_EQ(seen.x[SEEN_IDS], ffa_msg_ids(0, DM_A));
	EXPECT_EQ(seen.x[SEEN_X2], UUID_LO(uuid));
	EXPECT_EQ(seen.x[SEEN_X3], UUID_HI(uuid));
	EXPECT_EQ(seen.x[SEEN_HIGH_REGS], 0);

	hftest_service_select(DM_B, "echo");
	EXPECT_EQ(req2_payload(DM_B, &db, &args).x[2], 3);
}

/* A UUID the partition serves without DIRECT_REQ2: DENIED. */
TEST(direct, req2_uuid_without_req2)
{
	const struct ffa_uuid da1 = UUID_DA1;
	const struct ffa_uuid da2 = UUID_DA2;
	struct ffa_direct2_args args = { .x = { 9 } };

	hftest_service_select(DM_A, "echo");
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, DM_A, &da2, &args),
			 FFA_DENIED);
	EXPECT_EQ(req2_payload(DM_A, &da1, &args).x[0], 9);
}

/* A UUID the target does not have: INVALID_PARAMETERS. */
TEST(direct, req2_unknown_uuid)
{
	const struct ffa_uuid none = UUID_DNONE;
	const struct ffa_uuid db = UUID_DB;
	struct ffa_direct2_args args = { .x = { 5 } };

	hftest_service_select(DM_A, "echo");
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, DM_A, &none, &args),
			 FFA_INVALID_PARAMETERS);
	/* Another partition's UUID is unknown to this one. */
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, DM_A, &db, &args),
			 FFA_INVALID_PARAMETERS);
	EXPECT_EQ(req2_payload(DM_A, NULL, &args).x[0], 5);
}

/* No partition with that ID: the SPMC, the NWd, unused IDs. */
TEST(direct, unknown_target)
{
	static const uint16_t ids[] = { 0x8000, 0x8005, 0x8010,
					0xFFFE, 0x0000, 0x0001 };
	size_t i;

	hftest_service_select(DM_A, "echo");
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, ids[i], NULL),
				 FFA_INVALID_PARAMETERS);
		EXPECT_FFA_ERROR(
		    ffa_msg_send_direct_req2(0, ids[i], NULL, NULL),
		    FFA_INVALID_PARAMETERS);
	}
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, DM_A, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

/* A target that does not receive that ABI: DENIED. */
TEST(direct, method_not_accepted)
{
	struct ffa_direct_args args = { .x = { 4 } };
	struct ffa_direct2_args args2 = { .x = { 6 } };

	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, DM_D, &args),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_32(0, DM_D, &args),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, DM_C, NULL, &args2),
			 FFA_DENIED);
	/* Each still takes what it declares. */
	select_req2(DM_D, "echo");
	EXPECT_EQ(req2_payload(DM_D, NULL, &args2).x[0], 6);
	hftest_service_select(DM_C, "echo");
	EXPECT_EQ(req64_payload(DM_C, &args).x[0], 4);
}

/* w2 (flags) is MBZ for partition messages; x1[63:32] MBZ for SMC64. */
TEST(direct, flags_mbz)
{
	hftest_service_select(DM_A, "echo");
	EXPECT_FFA_ERROR(
	    raw(FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(0, DM_A), 1, 0),
	    FFA_INVALID_PARAMETERS);
	/* A framework message from the normal world. */
	EXPECT_FFA_ERROR(raw(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0, DM_A),
			     FFA_FWK_MSG_BIT | FFA_FWK_VM_CREATED_REQ, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(raw(FFA_MSG_SEND_DIRECT_REQ_64,
			     (1ULL << 32) | ffa_msg_ids(0, DM_A), 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(raw(FFA_MSG_SEND_DIRECT_REQ2_64,
			     (1ULL << 40) | ffa_msg_ids(0, DM_A), 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, DM_A, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

/* A hypervisor may send for one of its VMs: the answer goes to that ID. */
TEST(direct, nwd_vm_source)
{
	struct ffa_value ret;

	hftest_service_select(DM_A, "seen");
	ret = ffa_msg_send_direct_req_64(5, DM_A, NULL);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_A, 5));
	EXPECT_EQ(ret.x[3 + SEEN_IDS], ffa_msg_ids(5, DM_A));
}

/* The partition-only ABIs refused to the normal world. */
TEST(direct, responses_from_nwd)
{
	hftest_service_select(DM_A, "echo");
	EXPECT_FFA_ERROR(ffa_msg_send_direct_resp_64(0, DM_A, NULL),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_resp_32(0, DM_A, NULL),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_resp2(0, DM_A, NULL),
			 FFA_NOT_SUPPORTED);
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, DM_A, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

SET_UP(sp_to_sp)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(DM_A, "proxy");
	hftest_service_select(DM_B, "proxy");
}

/* Partition A sends DIRECT_REQ_64 to B, which echoes. */
TEST(sp_to_sp, req64)
{
	struct ffa_value ret;

	hftest_service_select(DM_B, "echo");
	ret =
	    proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(DM_A, DM_B), 0,
		  PATTERN(3), PATTERN(4), PATTERN(5), PATTERN(6), PATTERN(7));
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_B, DM_A));
	EXPECT_EQ(ret.x[3], PATTERN(3));
	EXPECT_EQ(ret.x[7], PATTERN(7));
	/* The origin of B's request was A: B saw A as the source. */
	hftest_service_select(DM_B, "seen");
	ret = proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(DM_A, DM_B),
		    0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(ret.x[3 + SEEN_IDS], ffa_msg_ids(DM_A, DM_B));
}

/* Partition A sends DIRECT_REQ2 with B's UUID and a wide payload. */
TEST(sp_to_sp, req2)
{
	const struct ffa_uuid db = UUID_DB;
	struct ffa_value call = { .x = { FFA_MSG_SEND_DIRECT_REQ2_64,
					 ffa_msg_ids(DM_A, DM_B), UUID_LO(db),
					 UUID_HI(db) } };
	struct ffa_value ret;
	size_t i;

	for (i = 4; i <= PROXY_WIDE_ARGS; i++) {
		call.x[i] = PATTERN(i);
	}
	hftest_service_select(DM_B, "echo");
	ret = proxy_call(DM_A, &call);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_B, DM_A));
	for (i = 4; i <= PROXY_WIDE_ARGS; i++) {
		EXPECT_EQ(ret.x[i], PATTERN(i));
	}
	/* x13 was zero in A's request and comes back zero. */
	EXPECT_EQ(ret.x[13], 0);
}

/* Partitions without the "sends" bit may not send: DENIED. */
TEST(sp_to_sp, sender_without_send_method)
{
	hftest_service_select(DM_C, "proxy");
	select_req2(DM_D, "proxy");
	hftest_service_select(DM_B, "echo");
	EXPECT_FFA_ERROR(proxy_narrow(DM_C, FFA_MSG_SEND_DIRECT_REQ_64,
				      ffa_msg_ids(DM_C, DM_B), 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy(DM_D, FFA_MSG_SEND_DIRECT_REQ2_64,
			       ffa_msg_ids(DM_D, DM_B), 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy(DM_D, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_D, DM_B), 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	/* B was not disturbed. */
	EXPECT_EQ(req64_payload(DM_B, &(struct ffa_direct_args){ { 8 } }).x[0],
		  8);
}

/* A spoofed source, itself or the normal world as destination. */
TEST(sp_to_sp, bad_ids)
{
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_B, DM_C), 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_A, DM_A), 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_A, 0), 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64,
			       ffa_msg_ids(DM_A, 0x8010), 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_A, DM_B), 1, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_EQ((uint32_t)proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
				  ffa_msg_ids(DM_A, DM_B), 0, 0, 0, 0, 0, 0)
		      .x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

/* The target's method rules hold between partitions too. */
TEST(sp_to_sp, method_not_accepted)
{
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64,
			       ffa_msg_ids(DM_A, DM_C), 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ_64,
			       ffa_msg_ids(DM_A, DM_D), 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
}

/*
 * NWd -> A -> B -> A: B's request to A, which waits on B, would close a
 * loop: DENIED, reported by B to A to us. Each level is a proxy call:
 * A's call is DIRECT_REQ2 to B whose payload is B's proxy request.
 */
TEST(sp_to_sp, call_chain_loop_denied)
{
	struct ffa_value ret;

	ret =
	    proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_A, DM_B), 0,
		  0, FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(DM_B, DM_A), 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_B, DM_A));
	/* B's proxy result, in x4.. of B's response. */
	EXPECT_EQ((uint32_t)ret.x[4], FFA_ERROR_32);
	EXPECT_EQ((int32_t)ret.x[6], FFA_DENIED);
	/* REQ2 back to A is refused the same way. */
	ret = proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_A, DM_B),
		    0, 0, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_B, DM_A),
		    0, 0);
	EXPECT_EQ((uint32_t)ret.x[4], FFA_ERROR_32);
	EXPECT_EQ((int32_t)ret.x[6], FFA_DENIED);
	/* Both are free again: B -> A works, A's proxy calls FFA_ID_GET. */
	ret = proxy(DM_B, FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(DM_B, DM_A),
		    0, FFA_ID_GET_32, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ((uint32_t)ret.x[3], FFA_SUCCESS_32);
	EXPECT_EQ(ret.x[5], DM_A);
}

/*
 * While serving the normal world's DIRECT_REQ_64, a response to anyone
 * but the origin, or with another ABI, is DENIED; a spoofed source is
 * INVALID_PARAMETERS; w2 must be zero. The partition then answers
 * normally (the proxy's own response reaches us).
 */
TEST(sp_to_sp, response_rules)
{
	hftest_service_select(DM_A, "proxy");
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_SEND_DIRECT_RESP_64,
				      ffa_msg_ids(DM_A, DM_B), 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_SEND_DIRECT_RESP_32,
				      ffa_msg_ids(DM_A, 5), 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_SEND_DIRECT_RESP2_64,
				      ffa_msg_ids(DM_A, 0), 0, 0, 0),
			 FFA_DENIED);
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_SEND_DIRECT_RESP_64,
				      ffa_msg_ids(DM_B, 0), 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy_narrow(DM_A, FFA_MSG_SEND_DIRECT_RESP_64,
				      ffa_msg_ids(DM_A, 0), 1, 0, 0),
			 FFA_INVALID_PARAMETERS);
	/* Serving REQ2: RESP_64 is the wrong ABI. */
	EXPECT_FFA_ERROR(proxy(DM_A, FFA_MSG_SEND_DIRECT_RESP_64,
			       ffa_msg_ids(DM_A, 0), 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
}

/* Serving a partition's request, a response to the NWd is DENIED. */
TEST(sp_to_sp, response_to_wrong_origin_in_chain)
{
	struct ffa_value ret;

	/* NWd -> A -> B; B answers 0 (not A) first, then A normally. */
	ret =
	    proxy(DM_A, FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(DM_A, DM_B), 0,
		  0, FFA_MSG_SEND_DIRECT_RESP2_64, ffa_msg_ids(DM_B, 0), 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	EXPECT_EQ(ret.x[1], ffa_msg_ids(DM_B, DM_A));
	EXPECT_EQ((uint32_t)ret.x[4], FFA_ERROR_32);
	EXPECT_EQ((int32_t)ret.x[6], FFA_DENIED);
}
