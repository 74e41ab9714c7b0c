/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "el3_helpers.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

/*
 * The SPMD side of the EL3 test firmware, from the normal world
 * (tfa-spmd-interface.md §1.6-§1.7): what EL3 answers itself, what it
 * refuses, what it forwards and how registers travel. EL3's counters
 * (test_api.h) show whether a call reached the SPMC: a forwarded call and
 * the SPMC's answer count two forwards.
 */

/* Values with both halves non-zero, so truncation shows. */
#define PATTERN(i) (0x5A5A0000C3C30000ULL | ((uint64_t)(i) << 32) | (i))

static uint64_t forwards(void)
{
	return el3fw_get(EL3FW_ITEM_FORWARD_COUNT);
}

/* `call` with x8..x17 = PATTERN(8..17). */
static struct ffa_value with_high_pattern(struct ffa_value call)
{
	size_t i;

	for (i = 8; i < FFA_VALUE_REGS; i++) {
		call.x[i] = PATTERN(i);
	}
	return call;
}

/* Bit i - 8 set for each of x8..x17 that is not PATTERN(i). */
static uint32_t high_pattern_changed(const struct ffa_value *ret)
{
	uint32_t changed = 0;
	size_t i;

	for (i = 8; i < FFA_VALUE_REGS; i++) {
		if (ret->x[i] != PATTERN(i)) {
			changed |= 1U << (i - 8);
		}
	}
	return changed;
}

SET_UP(el3)
{
	nwd_use_version(FFA_VERSION_1_2);
	el3fw_reset_counters();
}

/* FFA_ID_GET from the normal world: EL3 answers 0 itself. */
TEST(el3, id_get_answered_at_el3)
{
	uint64_t before = forwards();
	struct ffa_value ret = ffa_id_get();

	EXPECT_FFA_SUCCESS(ret, FFA_ID_NS_ENDPOINT);
	/* EL3 does not check MBZ registers for it. */
	ret = ffa_call((struct ffa_value){ .x = { FFA_ID_GET_32, 7, 7 } });
	EXPECT_FFA_SUCCESS(ret, FFA_ID_NS_ENDPOINT);
	EXPECT_EQ(forwards(), before);
}

/* FFA_SPM_ID_GET from the normal world: EL3 answers the spmc_id. */
TEST(el3, spm_id_get_answered_at_el3)
{
	uint64_t before = forwards();

	EXPECT_FFA_SUCCESS(ffa_spm_id_get(), EL3_SPMC_ID);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_SPMC_ID), EL3_SPMC_ID);
	EXPECT_EQ(forwards(), before);
}

/* A forwarded call and its answer pass EL3 once each. */
TEST(el3, forwarded_calls_counted)
{
	EXPECT_EQ(forwards(), 0);
	EXPECT_FFA_SUCCESS(ffa_features(FFA_VERSION_32, 0), 0);
	EXPECT_EQ(forwards(), 2);
	el3fw_reset_counters();
	EXPECT_EQ(forwards(), 0);
}

/*
 * A direct request with a secure source ID (or to an SPMD logical
 * partition) is refused by EL3: INVALID_PARAMETERS, the SPMC never sees
 * it. A good one still goes through.
 */
TEST(el3, spoofed_secure_source)
{
	uint64_t before = forwards();

	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(EL3_SP, EL3_SP, NULL),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_32(0x8000, EL3_SP, NULL),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0xFFFF, EL3_SP, NULL, NULL),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, 0xFFC0, NULL),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req_64(0, 0xFFFE, NULL),
			 FFA_INVALID_PARAMETERS);
	EXPECT_EQ(forwards(), before);
	hftest_service_select(EL3_SP, "echo");
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, EL3_SP, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
}

/*
 * SMC32: EL3 cuts x1..x4 to 32 bits. (It copies x5..x7 whole, but the
 * SPMC cuts every SMC32 argument too, so no partition can tell.) The
 * partition sees clean IDs and no upper half anywhere in x1..x7.
 */
TEST(el3, smc32_arguments_arrive_truncated)
{
	struct ffa_value call = {
		.x = { FFA_MSG_SEND_DIRECT_REQ_32,
		       (0xFFFF0000ULL << 32) | ffa_msg_ids(0, EL3_SP), 0 },
	};
	struct ffa_value ret;
	size_t i;

	for (i = 3; i < 8; i++) {
		call.x[i] = PATTERN(i);
	}
	hftest_service_select(EL3_SP, "seen");
	ret = ffa_call(call);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(ret.x[3 + SEEN_IDS], ffa_msg_ids(0, EL3_SP));
	EXPECT_EQ(ret.x[3 + SEEN_X3], (uint32_t)PATTERN(3));
	EXPECT_EQ(ret.x[3 + SEEN_UPPER_HALVES], 0);
	/* The answer too. */
	for (i = 1; i < 8; i++) {
		EXPECT_EQ(ret.x[i] >> 32, 0);
	}
	/* An SMC32 call with upper halves in its address arguments works. */
	EXPECT_EQ(nwd_rxtx_map(), 0);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	call = (struct ffa_value){
		.x = { FFA_RXTX_MAP_32,
		       (0xABCDULL << 32) | (uintptr_t)nwd_tx_buffer(),
		       (0x1234ULL << 32) | (uintptr_t)nwd_rx_buffer(),
		       (0xFFULL << 32) | 1 }
	};
	EXPECT_FFA_SUCCESS(ffa_call(call), 0);
}

/*
 * SMC64 at v1.2 on both sides: x8..x17 travel both ways. They reach the
 * SPMC (a non-zero MBZ x8..x17 of FFA_PARTITION_INFO_GET_REGS is
 * refused), a partition (DIRECT_REQ2 payload) and come back (the SPMC's
 * x8..x17 replace ours, zero after DIRECT_RESP_64).
 */
TEST(el3, smc64_x8_x17_forwarded_at_v1_2)
{
	struct ffa_value regs = { .x = { FFA_PARTITION_INFO_GET_REGS_64 } };
	struct ffa_direct2_args args;
	struct ffa_value ret;
	size_t i;

	EXPECT_EQ((uint32_t)ffa_call(regs).x[0], FFA_SUCCESS_64);
	regs.x[8] = 1;
	EXPECT_FFA_ERROR(ffa_call(regs), FFA_INVALID_PARAMETERS);
	regs.x[8] = 0;
	regs.x[17] = 1ULL << 63;
	EXPECT_FFA_ERROR(ffa_call(regs), FFA_INVALID_PARAMETERS);

	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		args.x[i] = PATTERN(i + 4);
	}
	hftest_service_select(EL3_SP, "echo");
	ret = ffa_msg_send_direct_req2(0, EL3_SP, NULL, &args);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		EXPECT_EQ(ret.x[4 + i], args.x[i]);
	}
	ret = ffa_call(with_high_pattern((struct ffa_value){
	    .x = { FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(0, EL3_SP) } }));
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	for (i = 8; i < FFA_VALUE_REGS; i++) {
		EXPECT_EQ(ret.x[i], 0);
	}
}

/* SMC32 calls leave x8..x17 alone, answered at EL3 or by the SPMC. */
TEST(el3, smc32_leaves_x8_x17)
{
	struct ffa_value ret;

	ret = ffa_call(with_high_pattern(
	    (struct ffa_value){ .x = { FFA_FEATURES_32, FFA_ID_GET_32 } }));
	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ(high_pattern_changed(&ret), 0);
	ret = ffa_call(
	    with_high_pattern((struct ffa_value){ .x = { FFA_ID_GET_32 } }));
	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ(high_pattern_changed(&ret), 0);
	hftest_service_select(EL3_SP, "echo");
	ret = ffa_call(with_high_pattern((struct ffa_value){
	    .x = { FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0, EL3_SP) } }));
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(high_pattern_changed(&ret), 0);
}

/*
 * A v1.1 normal world: EL3 writes no x8..x17 back on SMC64 calls, and
 * refuses DIRECT_REQ2 itself (both sides must be v1.2).
 */
TEST(el3_v1_1, smc64_x8_x17_not_written_below_v1_2)
{
	struct ffa_value ret;
	uint64_t before;

	nwd_use_version(FFA_VERSION_1_1);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION), FFA_VERSION_1_1);
	hftest_service_select(EL3_SP, "echo");
	ret = ffa_call(with_high_pattern((struct ffa_value){
	    .x = { FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(0, EL3_SP), 0,
		   PATTERN(3) } }));
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[3], PATTERN(3));
	EXPECT_EQ(high_pattern_changed(&ret), 0);
	before = forwards();
	EXPECT_FFA_ERROR(ffa_msg_send_direct_req2(0, EL3_SP, NULL, NULL),
			 FFA_NOT_SUPPORTED);
	EXPECT_EQ(forwards(), before);
}

/* ABIs EL3 refuses to the normal world without asking the SPMC. */
TEST(el3, nwd_refused_at_el3)
{
	static const uint32_t not_supported[] = {
		FFA_MSG_WAIT_32,
		FFA_YIELD_32,
		FFA_INTERRUPT_32,
		FFA_CONSOLE_LOG_32,
		FFA_CONSOLE_LOG_64,
		FFA_EL3_INTR_HANDLE_32,
		FFA_ABORT_32,
		FFA_ABORT_64,
		FFA_SECONDARY_EP_REGISTER_64,
		FFA_MEM_PERM_GET_32,
		FFA_SMC32(0x97),
	};
	uint64_t before = forwards();
	size_t i;

	for (i = 0; i < sizeof(not_supported) / sizeof(not_supported[0]); i++) {
		struct ffa_value call = { .x = { not_supported[i] } };

		EXPECT_FFA_ERROR(ffa_call(call), FFA_NOT_SUPPORTED);
	}
	EXPECT_FFA_ERROR(
	    ffa_call((struct ffa_value){ .x = { FFA_NORMAL_WORLD_RESUME_32 } }),
	    FFA_DENIED);
	EXPECT_EQ(forwards(), before);
	/* The SPMC was not disturbed. */
	EXPECT_FFA_SUCCESS(ffa_features(FFA_VERSION_32, 0), 0);
}

/*
 * EL3 remembers the version the normal world asked for (until another
 * FF-A call fixes it) and the SPMC's answer; bit 31 is refused at EL3.
 */
TEST(el3_version, tracking)
{
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION), 0);
	EXPECT_EQ((uint32_t)ffa_version(FFA_VERSION_1_2).x[0],
		  FFA_VERSION_COMPILED);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION), FFA_VERSION_1_2);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_SPMC_NWD_FFA_VERSION),
		  FFA_VERSION_COMPILED);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION_LOCKED), 0);
	EXPECT_EQ((uint32_t)ffa_version(FFA_VERSION_MBZ_BIT | 2).x[0],
		  (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION), FFA_VERSION_1_2);
	EXPECT_FFA_SUCCESS(ffa_features(FFA_VERSION_32, 0), 0);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION_LOCKED), 1);
	EXPECT_EQ((uint32_t)ffa_version(FFA_VERSION_1_1).x[0],
		  (uint32_t)FFA_NOT_SUPPORTED);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_FFA_VERSION), FFA_VERSION_1_2);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_SPMC_NWD_FFA_VERSION),
		  FFA_VERSION_COMPILED);
}

/* Boot state EL3 reports: SPM on, core 0 ON, the SPMC's entry point. */
TEST(el3_state, after_boot)
{
	uint64_t ep = el3fw_get(EL3FW_ITEM_SECONDARY_EP);

	EXPECT_EQ(el3fw_get(EL3FW_ITEM_API_VERSION), EL3FW_TEST_API_VERSION);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_SPM_ENABLED), 1);
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMD_STATE, 0),
		  EL3FW_SPMD_STATE_ON);
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMC_INIT_RESULT, 0), 0);
	/* Core 1 has not been turned on in this boot. */
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMD_STATE, 1),
		  EL3FW_SPMD_STATE_RESET);
	EXPECT_EQ(el3fw_get_core(EL3FW_ITEM_SPMC_INIT_RESULT, 1),
		  EL3FW_TEST_NONE);
	/* The SPMC registered a secondary entry inside its image. */
	EXPECT_GE(ep, 0x0e100000);
	EXPECT_LT(ep, 0x0e300000);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_SECONDARY_EP_RESULT), 0);
}

/* Unknown items, cores and SiP functions. */
TEST(el3_state, bad_test_calls)
{
	EXPECT_EQ(el3fw_call(EL3FW_TEST_GET, EL3FW_ITEM_COUNT, 0).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	EXPECT_EQ(el3fw_call(EL3FW_TEST_GET, EL3FW_ITEM_SPMD_STATE, 8).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	EXPECT_EQ(el3fw_call(EL3FW_TEST_FID(0x7F), 0, 0).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_UNKNOWN);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_API_VERSION), EL3FW_TEST_API_VERSION);
}
