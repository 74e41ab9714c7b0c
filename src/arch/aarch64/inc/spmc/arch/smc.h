/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * Arguments and results of an SMC to EL3, SMCCC v1.2 (DEN0028 §2.6): x0 is
 * the function ID on entry and the first result on return; x1..x17 carry
 * further arguments and results. EL3 preserves x18..x30 and SP_EL2.
 */
struct smc_args {
	uint64_t x[18];
};

static_assert(sizeof(struct smc_args) == 18 * 8,
	      "smc.S loads and stores x0..x17 at offsets 0..136");

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Loads x0..x17 from `args`, issues `smc #0` and stores x0..x17 back into
 * `args`. At S-EL2 this is also how the SPMC leaves for another world: the
 * call returns only when EL3 next enters the SPMC on this CPU, with the new
 * request in `args`.
 */
void arch_smc(struct smc_args *args);

#ifdef __cplusplus
}
#endif
