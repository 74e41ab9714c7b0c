/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

/* The setup suite's partitions (spmc_manifest.dts, setup_*.dts). */

#define SP_A 0x8001U  /* v1.2, UP, three UUIDs */
#define SP_B 0x8002U  /* v1.1, UP */
#define SP_C 0x8003U  /* v1.0, UP */
#define SP_MP 0x8004U /* v1.2, four execution contexts */

#define SP_A_LOAD 0x0e300000UL
#define SP_B_LOAD 0x0e400000UL

#define UUID_A1 { { 0x2a7f1c93, 0x4b6e8d05, 0x9f3c2e71, 0x6d8a0b54 } }
#define UUID_A2 { { 0x2a7f1c93, 0x4b6e8d05, 0x9f3c2e71, 0x6d8a0b55 } }
#define UUID_A3 { { 0x2a7f1c93, 0x4b6e8d05, 0x9f3c2e71, 0x6d8a0b56 } }
#define UUID_B { { 0x71d04e2b, 0x3c9a5f18, 0xe2b6a4c7, 0x08f5d39a } }
#define UUID_C { { 0xc53b8e6f, 0x1a7d2094, 0x5e0f9b3c, 0xd4a6172e } }
#define UUID_MP { { 0x9e6a3d51, 0x27c4f0b8, 0x8b1e5a63, 0x3f70c9d2 } }
/* In no manifest. */
#define UUID_NONE { { 0x11111111, 0x22222222, 0x33333333, 0x44444444 } }

/* Descriptors FFA_PARTITION_INFO_GET lists for a null UUID. */
#define SETUP_ENTRIES_V1_1 6U /* A three times, B, C, MP */
#define SETUP_ENTRIES_V1_0 4U /* one per partition */
