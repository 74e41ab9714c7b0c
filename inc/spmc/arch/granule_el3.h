/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "spmc/granule.h"

/**
 * Arch interface: the EL3 calls that move memory between the non-secure
 * and secure physical address spaces, for the granule-state module. The
 * AArch64 implementation makes the Arm SiP PLAT_(UN)PROTECT_MEM_64 calls,
 * or FIRME GPI_SET granule by granule when built with
 * `granule_el3_firme = true`.
 */

#ifdef __cplusplus
extern "C" {
#endif

struct granule_el3_ops arch_granule_el3_ops(void);

#ifdef __cplusplus
}
#endif
