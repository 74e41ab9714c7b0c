/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "protocol.h"
#include "vmlib/ffa.h"

/**
 * Normal-world helpers of the suites: version negotiation, the `proxy`
 * service (protocol.h) and a DIRECT_REQ2 form of the service select for
 * partitions that only receive DIRECT_REQ2.
 */

/** Checks that `v` is FFA_ERROR with error code `code` (w2). */
#define EXPECT_FFA_ERROR(v, code)                                   \
	do {                                                        \
		const struct ffa_value ffa_err_v_ = (v);            \
		EXPECT_EQ((uint32_t)ffa_err_v_.x[0], FFA_ERROR_32); \
		EXPECT_EQ(ffa_error_code(&ffa_err_v_), (code));     \
	} while (0)

#define ASSERT_FFA_ERROR(v, code)                                   \
	do {                                                        \
		const struct ffa_value ffa_err_v_ = (v);            \
		ASSERT_EQ((uint32_t)ffa_err_v_.x[0], FFA_ERROR_32); \
		ASSERT_EQ(ffa_error_code(&ffa_err_v_), (code));     \
	} while (0)

/** Checks that `v` is FFA_SUCCESS_32 (or _64) with w2 = `w2`. */
#define EXPECT_FFA_SUCCESS(v, w2)                                    \
	do {                                                         \
		const struct ffa_value ffa_ok_v_ = (v);              \
		EXPECT_EQ((uint32_t)ffa_ok_v_.x[0] & ~0x40000000U,   \
			  FFA_SUCCESS_32);                           \
		EXPECT_EQ((uint32_t)ffa_ok_v_.x[2], (uint32_t)(w2)); \
	} while (0)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * FFA_VERSION(`requested`) from the normal world; fails the test unless
 * the SPMC answers a compatible v1.x (its own version, returned).
 */
uint32_t nwd_use_version(uint32_t requested);

/**
 * Asks partition `sp` (`proxy` selected) for `call` through DIRECT_REQ2:
 * x0 and x1..x12 of `call` are used. Fails the test unless the answer is
 * RESP2 from `sp`; returns x0..x13 of the partition's result (the rest
 * zero).
 */
struct ffa_value proxy_call(uint16_t sp, const struct ffa_value *call);

/** proxy_call with up to seven arguments. */
struct ffa_value proxy(uint16_t sp, uint32_t fid, uint64_t a1, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
		       uint64_t a7);

/**
 * The narrow form, through DIRECT_REQ_64 (for partitions before v1.2 or
 * without DIRECT_REQ2): x1..x4 of the call; returns x0..x4 of the result.
 */
struct ffa_value proxy_narrow(uint16_t sp, uint32_t fid, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4);

/** Selects `name` in `sp` with DIRECT_REQ2; fails the test if it cannot. */
void select_req2(uint16_t sp, const char *name);

/**
 * Sends DIRECT_REQ2 to `sp` and fails the test unless the answer is RESP2
 * from it; returns the answer's payload registers x4..x17 in x[0..13].
 */
struct ffa_value req2_payload(uint16_t sp, const struct ffa_uuid *uuid,
			      const struct ffa_direct2_args *args);

/** As req2_payload, with DIRECT_REQ_64 (payload x3..x7 in x[0..4]). */
struct ffa_value req64_payload(uint16_t sp, const struct ffa_direct_args *args);

#ifdef __cplusplus
}
#endif
