/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

/* The smoke service partition (smoke_sp.dts), as discovery reports it. */
#define SMOKE_SP_UUID \
	{ .w = { 0x5e3a9c71, 0x4f0b2d86, 0xa1c8e453, 0x907d6b2f } }

/* The SIMD pattern seeds of the world-switch check. */
#define SMOKE_SIMD_SEED_NWD 1
#define SMOKE_SIMD_SEED_SP 2
