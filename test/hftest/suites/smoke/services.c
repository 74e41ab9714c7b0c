/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>

#include "hftest/service.h"
#include "smoke.h"
#include "vmlib/simd.h"

/*
 * The smoke partition's one service. `echo` answers every request with its
 * own payload, after loading a SIMD pattern of its own into V0..V31,
 * FPCR and FPSR, so the caller can check that its SIMD state survived the
 * switch to this partition and back.
 */
TEST_SERVICE(echo)
{
	struct ffa_value resp = { 0 };
	struct vmlib_simd_state simd;
	size_t i;

	vmlib_simd_fill(&simd, SMOKE_SIMD_SEED_SP);
	vmlib_simd_load(&simd);

	for (i = 3; i < FFA_VALUE_REGS; i++) {
		resp.x[i] = req->x[i];
	}
	return resp;
}
