/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"

/**
 * hftest services: handlers registered in a partition image with
 * TEST_SERVICE, selected by a test in the normal world, then fed its
 * direct requests.
 *
 * Protocol (direct messages; partition messages, so w2 bit 31 clear):
 *
 * - Select. DIRECT_REQ_64: w3 = HFTEST_SERVICE_SELECT, x4 = hash.
 *   DIRECT_REQ_32: w3 = HFTEST_SERVICE_SELECT, w4 = hash bits [31:0],
 *   w5 = hash bits [63:32]. DIRECT_REQ2: w4 = HFTEST_SERVICE_SELECT,
 *   x5 = hash (x2/x3, the UUID, are not looked at). The hash is the
 *   64-bit FNV-1a of the service name (no terminator).
 *   Reply, same form (RESP_64/RESP_32/RESP2): first payload register
 *   (w3, or w4 for RESP2) = HFTEST_SERVICE_SELECTED or
 *   HFTEST_SERVICE_UNKNOWN, the next one (x4, or x5 for RESP2) = the hash.
 *   The selection holds for the whole partition (every vCPU) until the
 *   next select.
 * - Any other direct request goes to the selected service (all three
 *   forms). Its reply is what the service returns: if it leaves x0 zero,
 *   the loop makes it the matching response (x0 = RESP_32/RESP_64/RESP2,
 *   x1 = the IDs swapped, x2 zero, and x3 zero for RESP2) and keeps the
 *   payload registers. With no service selected the reply carries
 *   HFTEST_SERVICE_NONE in the first payload register.
 * - Framework messages (w2 bit 31, REQ_32/REQ_64) are answered by the loop:
 *   PSCI CPU_OFF with PSCI_E_SUCCESS, VM created/destroyed with success.
 * - A failed check inside a partition logs `[hftest] failure ...` on the
 *   partition's console (UART1) and ends the partition (ASSERT_* at once,
 *   EXPECT_* after the handler returns), so the test sees an error instead
 *   of a response.
 */

/** First payload register of a select request. */
#define HFTEST_SERVICE_SELECT 0x48465353U /* "HFSS" */
/** Replies: selected, no such service, or no service selected. */
#define HFTEST_SERVICE_SELECTED 0x4846534fU /* "HFSO" */
#define HFTEST_SERVICE_UNKNOWN 0x4846533fU  /* "HFS?" */
#define HFTEST_SERVICE_NONE 0x4846534eU     /* "HFSN" */

/* 64-bit FNV-1a (Fowler/Noll/Vo). */
#define HFTEST_FNV1A_OFFSET 0xcbf29ce484222325ULL
#define HFTEST_FNV1A_PRIME 0x00000100000001b3ULL

/**
 * Registers a service `name` in a partition image. The body receives the
 * request as `const struct ffa_value *req` (x0 the request's function ID,
 * x1 the IDs, payload in x3..x7, or x4..x17 for REQ2) and returns the
 * response registers (see the protocol above).
 */
#define TEST_SERVICE(service_id)                                               \
	static struct ffa_value hftest_service_##service_id(                   \
	    const struct ffa_value *req);                                      \
	HFTEST_ENTRY_ATTRS(".hftest.service." #service_id)                     \
	static const struct hftest_entry hftest_service_entry_##service_id = { \
		.kind = HFTEST_KIND_SERVICE,                                   \
		.line = __LINE__,                                              \
		.name = #service_id,                                           \
		.file = __FILE_NAME__,                                         \
		.service = hftest_service_##service_id,                        \
	};                                                                     \
	static struct ffa_value hftest_service_##service_id(                   \
	    [[maybe_unused]] const struct ffa_value *req)

#ifdef __cplusplus
extern "C" {
#endif

/** The 64-bit FNV-1a hash of the string `name`. */
uint64_t hftest_service_hash(const char *name);

/* Normal world (//test/hftest:nwd_runner). */

/** Selects service `name` in partition `sp_id`; false if it has none. */
bool hftest_service_try_select(uint16_t sp_id, const char *name);

/** As `hftest_service_try_select`, but a failure fails the test. */
void hftest_service_select(uint16_t sp_id, const char *name);

/* Partition (//test/hftest:sp_service). */

struct vmlib_boot;

/** What the partition's first (cold) entry was given (vmlib/vmlib.h). */
const struct vmlib_boot *hftest_service_boot(void);

/**
 * The service partition's main loop: FFA_MSG_WAIT, then serve every
 * message as the protocol says. Called by the `sp_main` of
 * //test/hftest:sp_service on every vCPU.
 */
[[noreturn]] void hftest_service_loop(void);

#ifdef __cplusplus
}
#endif
