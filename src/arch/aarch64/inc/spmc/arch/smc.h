/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

static_assert(sizeof(struct ffa_value) == 18 * 8,
	      "smc.S loads and stores x0..x17 at offsets 0..136");

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SMCCC v1.2 call (DEN0028 §2.6): loads x0..x17 from `args`, issues
 * `smc #0` and stores x0..x17 back. EL3 preserves x18..x30 and SP_EL2. At
 * S-EL2 this is also how the SPMC leaves for another world: the call
 * returns only when EL3 next enters the SPMC on this CPU, with the new
 * request in `args`.
 */
void arch_smc(struct ffa_value *args);

#ifdef __cplusplus
}
#endif
