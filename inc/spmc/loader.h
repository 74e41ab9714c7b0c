/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "spmc/manifest.h"

struct mpool;

/**
 * The partition loader: for every /hypervisor/vmN of the SPMC manifest,
 * validates the SP package BL2 placed at its load address, parses the FF-A
 * manifest inside, then creates the partitions in boot order with their
 * vCPUs, stage-2 tables and boot information. A partition that fails any
 * step is reported (file, node, property or package rule) and left out;
 * the others load.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Loads every partition of `m`; returns how many were created. */
uint32_t loader_load_partitions(struct manifest *m, struct mpool *ppool);

#ifdef __cplusplus
}
#endif
