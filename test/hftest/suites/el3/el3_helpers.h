/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "el3fw/test_api.h"
#include "hftest/hftest.h"
#include "vmlib/ffa.h"

/* The el3 suite's partition and the SPMC manifest's spmc_id. */
#define EL3_SP 0x8001U
#define EL3_SPMC_ID 0x8000U

/* A test-only SiP call (test_api.h): x0 status, x1 value. */
static inline struct ffa_value el3fw_call(uint32_t fid, uint64_t a1,
					  uint64_t a2)
{
	return ffa_call((struct ffa_value){ .x = { fid, a1, a2 } });
}

/* EL3FW_TEST_GET of `item` (core `core` for per-core items); must work. */
static inline uint64_t el3fw_get_core(enum el3fw_test_item item, uint64_t core)
{
	struct ffa_value ret = el3fw_call(EL3FW_TEST_GET, item, core);

	ASSERT_EQ(ret.x[0], EL3FW_TEST_OK);
	return ret.x[1];
}

static inline uint64_t el3fw_get(enum el3fw_test_item item)
{
	return el3fw_get_core(item, 0);
}

static inline void el3fw_reset_counters(void)
{
	ASSERT_EQ(el3fw_call(EL3FW_TEST_RESET_COUNTERS, 0, 0).x[0],
		  EL3FW_TEST_OK);
}
