/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

/* The direct_msg suite's partitions (spmc_manifest.dts, dm_*.dts). */

#define DM_A 0x8001U /* REQ and REQ2, send and receive (UDA2: REQ only) */
#define DM_B 0x8002U /* REQ and REQ2, send and receive */
#define DM_C 0x8003U /* receives DIRECT_REQ only */
#define DM_D 0x8004U /* receives DIRECT_REQ2 only */

#define UUID_DA1 { { 0x5b1f0c6a, 0x9d2e4873, 0x36a7c1f4, 0xe08b5d29 } }
#define UUID_DA2 { { 0x5b1f0c6a, 0x9d2e4873, 0x36a7c1f4, 0xe08b5d2a } }
#define UUID_DB { { 0xa4c2e917, 0x60fd3b28, 0x1e95a7c3, 0x7bd04f86 } }
#define UUID_DD { { 0xe7395ab0, 0x4c16d82f, 0x8a03b6e5, 0x21c9f47d } }
/* In no manifest. */
#define UUID_DNONE { { 0x5b1f0c6a, 0x9d2e4873, 0x36a7c1f4, 0x00000000 } }

/* x2/x3 of DIRECT_REQ2 for `u` (w0 | w1 << 32, w2 | w3 << 32). */
#define UUID_LO(u) ((u).w[0] | ((uint64_t)(u).w[1] << 32))
#define UUID_HI(u) ((u).w[2] | ((uint64_t)(u).w[3] << 32))
