/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmapi/spmc/ffa.h"

/**
 * A minimal message loop for partitions that provide their own `sp_main`
 * (so they can act during initialisation) instead of hftest's service
 * loop. It ends initialisation with FFA_MSG_WAIT, then answers:
 *  - every partition message (DIRECT_REQ_32/64, REQ2) with the matching
 *    response, IDs swapped, payload as `handler` sets it (x3.. or x4..;
 *    cut to 32 bits for RESP_32);
 *  - framework PSCI CPU_OFF with PSCI_E_SUCCESS, other framework
 *    requests not at all;
 *  - anything else with FFA_MSG_WAIT.
 */

typedef struct ffa_value (*sp_loop_handler_fn)(const struct ffa_value *req);

#ifdef __cplusplus
extern "C" {
#endif

[[noreturn]] void sp_loop_run(sp_loop_handler_fn handler);

#ifdef __cplusplus
}
#endif
