/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "el3_helpers.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"

/*
 * Secure interrupts through EL3 (tfa-spmd-interface.md §1.8), injected
 * with the test SiP calls: a Group-1 Secure SGI while the normal world
 * runs reaches the SPMC as FFA_INTERRUPT and must end with
 * FFA_NORMAL_WORLD_RESUME; a Group-0 SGI pending while the secure world
 * runs must be handed to EL3 with FFA_EL3_INTR_HANDLE.
 */

/* Polls of an EL3 counter before giving up on an interrupt. */
#define POLLS 100000U

/* Waits until `item` reaches `want` (or the polls run out); its value. */
static uint64_t wait_for(enum el3fw_test_item item, uint64_t want)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < POLLS; i++) {
		v = el3fw_get(item);
		if (v >= want) {
			break;
		}
	}
	return v;
}

SET_UP(interrupts)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(EL3_SP, "echo");
	el3fw_reset_counters();
}

/*
 * A G1S SGI pended while the normal world runs: EL3 enters the SPMC with
 * FFA_INTERRUPT, the SPMC answers FFA_NORMAL_WORLD_RESUME and we go on.
 */
TEST(interrupts, g1s_sgi_interrupts_normal_world)
{
	struct ffa_direct_args args = { .x = { 0xF1 } };

	ASSERT_EQ(el3fw_call(EL3FW_TEST_PEND_G1S_SGI, 8, 0).x[0],
		  EL3FW_TEST_OK);
	EXPECT_EQ(wait_for(EL3FW_ITEM_FFA_INTERRUPT_COUNT, 1), 1);
	EXPECT_EQ(wait_for(EL3FW_ITEM_NWD_RESUME_COUNT, 1), 1);
	/* Once more with the last G1S SGI. */
	ASSERT_EQ(el3fw_call(EL3FW_TEST_PEND_G1S_SGI, 15, 0).x[0],
		  EL3FW_TEST_OK);
	EXPECT_EQ(wait_for(EL3FW_ITEM_FFA_INTERRUPT_COUNT, 2), 2);
	EXPECT_EQ(wait_for(EL3FW_ITEM_NWD_RESUME_COUNT, 2), 2);
	/* Nothing else happened, and the secure world still serves. */
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_EL3_INTR_HANDLE_COUNT), 0);
	EXPECT_EQ(req64_payload(EL3_SP, &args).x[0], 0xF1);
}

/* Only SGIs 8..15 are G1S: others are refused and nothing is pended. */
TEST(interrupts, g1s_sgi_invalid)
{
	EXPECT_EQ(el3fw_call(EL3FW_TEST_PEND_G1S_SGI, 7, 0).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	EXPECT_EQ(el3fw_call(EL3FW_TEST_PEND_G1S_SGI, 16, 0).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	EXPECT_EQ(el3fw_call(EL3FW_TEST_ARM_G0_SGI, 8, 0).x[0],
		  (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_FFA_INTERRUPT_COUNT), 0);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_NWD_RESUME_COUNT), 0);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_LAST_G0_INTID), EL3FW_TEST_NONE);
}

/*
 * A G0 SGI armed for the next entry into the SPMC, entered for a direct
 * request that runs a partition: the SPMC takes it at S-EL2 and must hand
 * it to EL3 with FFA_EL3_INTR_HANDLE; the request still completes.
 */
TEST(interrupts, g0_sgi_during_partition_run)
{
	struct ffa_direct_args args = { .x = { 0x60 } };

	ASSERT_EQ(el3fw_call(EL3FW_TEST_ARM_G0_SGI, 3, 0).x[0], EL3FW_TEST_OK);
	EXPECT_EQ(req64_payload(EL3_SP, &args).x[0], 0x60);
	EXPECT_EQ(wait_for(EL3FW_ITEM_EL3_INTR_HANDLE_COUNT, 1), 1);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_LAST_G0_INTID), 3);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_G0_FROM_NWD_COUNT), 0);
}

/*
 * A G0 SGI armed for an SPMC entry that runs no partition: whoever takes
 * it (the SPMC, through FFA_EL3_INTR_HANDLE, or EL3 once the normal world
 * runs again) handles it exactly once.
 */
TEST(interrupts, g0_sgi_handled_once)
{
	uint64_t total = 0;
	uint32_t i;

	ASSERT_EQ(el3fw_call(EL3FW_TEST_ARM_G0_SGI, 5, 0).x[0], EL3FW_TEST_OK);
	EXPECT_FFA_SUCCESS(ffa_features(FFA_VERSION_32, 0), 0);
	for (i = 0; i < POLLS && total == 0; i++) {
		total = el3fw_get(EL3FW_ITEM_EL3_INTR_HANDLE_COUNT) +
			el3fw_get(EL3FW_ITEM_G0_FROM_NWD_COUNT);
	}
	EXPECT_EQ(total, 1);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_LAST_G0_INTID), 5);
	EXPECT_EQ(el3fw_get(EL3FW_ITEM_FFA_INTERRUPT_COUNT), 0);
}
