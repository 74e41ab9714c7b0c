/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

/**
 * The services every suite's hftest partitions host (sp_services.c), as
 * the normal-world tests drive them (nwd_common.h). Payloads start at the
 * request's first payload register: x3 for DIRECT_REQ_32/64 ("narrow",
 * five registers), x4 for DIRECT_REQ2 ("wide", fourteen registers).
 *
 * `proxy` makes one FF-A call from the partition and reports its result,
 * so a test in the normal world can see exactly what the SPMC answers a
 * partition:
 *   wide:   x4 = function ID, x5..x16 = x1..x12 of the call (x13..x17 of
 *           the call are zero); the response's x4..x17 = x0..x13 of the
 *           result.
 *   narrow: w3 = function ID, x4..x7 = x1..x4 of the call (x5..x17 zero);
 *           the response's x3..x7 = x0..x4 of the result.
 * The call may be anything that returns to the partition (FFA_YIELD
 * returns once the partition is resumed with FFA_RUN).
 *
 * `echo` returns the payload as it came. `seen` describes the request:
 *   [0] x1 (IDs), [1] x2, [2] x3, [3] 1 if any of x1..x7 had a bit set in
 *   its upper half, [4] 1 if any of x8..x17 was non-zero; wide only:
 *   [5] the vCPU index, [6] MPIDR_EL1 Aff0.
 * `whoami`: [0] the vCPU index (x4 at its entry), [1] MPIDR_EL1 bits
 *   [23:0], [2] FFA_ID_GET's w2, [3] 1 if the vCPU entered cold.
 * `bufs`: [0] the RX buffer's address, [1] the TX buffer's, [2] their size
 *   in pages (SP_BUF_PAGES each, page aligned, in the partition's .bss).
 * `rx_read`: first payload register = byte offset into the RX buffer;
 *   the payload of the answer = the 8-byte words from there (five or
 *   fourteen), zero beyond the buffer.
 */

#define PROXY_WIDE_ARGS 12U
#define PROXY_WIDE_RESULTS 14U
#define PROXY_NARROW_ARGS 4U
#define PROXY_NARROW_RESULTS 5U

/* `seen` payload indices. */
#define SEEN_IDS 0
#define SEEN_X2 1
#define SEEN_X3 2
#define SEEN_UPPER_HALVES 3
#define SEEN_HIGH_REGS 4
#define SEEN_VCPU 5
#define SEEN_MPIDR_AFF0 6

/* `whoami` payload indices. */
#define WHOAMI_VCPU 0
#define WHOAMI_MPIDR 1
#define WHOAMI_ID 2
#define WHOAMI_COLD 3

/* `bufs` payload indices. */
#define BUFS_RX 0
#define BUFS_TX 1
#define BUFS_PAGES 2

/** Pages of each of a partition's RX and TX buffers. */
#define SP_BUF_PAGES 2U
