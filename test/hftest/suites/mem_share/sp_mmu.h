/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

/**
 * A partition's own EL1 stage 1 for the memory-sharing suites (vmlib
 * partitions run with it off, where every access is in the secure IPA
 * space). Identity map of [0, 4 GiB) with NS = 0, and the same 4 GiB again
 * at MS_NS_ALIAS with NS = 1, so memory the SPMC mapped in the partition's
 * non-secure IPA space (shared normal-world memory) can be reached too.
 * All Normal Write-Back, read-write, executable (only the image is ever
 * executed). Idempotent.
 */
void sp_mmu_enable(void);

/** The virtual address of `pa` in the secure (`ns` false) or NS space. */
uint64_t sp_mmu_va(uint64_t pa, bool ns);
