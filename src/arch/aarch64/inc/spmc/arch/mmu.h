/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "spmc/addr.h"

/**
 * AArch64 MMU control for the SPMC at S-EL2 (implemented in mm.c beside
 * the descriptor encoding). The SPMC's own translation regime is EL2 with
 * HCR_EL2.E2H = 0: one VA range of 48 bits from TTBR0_EL2, 4 KiB granule,
 * MAIR index 0 = normal write-back cacheable (inner shareable), index 1 =
 * Device-nGnRE. Partitions' stage 2 is 40-bit IPA, 4 KiB granule, starting
 * at Arm level 1 over two concatenated root tables.
 */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Turns the MMU and caches on for the primary CPU at cold boot, with the
 * MMU off and no other CPU running in the SPMC: first discards the data
 * cache lines of `[data_begin, image_end)` (caches may hold stale lines of
 * memory written while the MMU was off, including the page tables if the
 * page pool lies in `.bss`), then programs MAIR_EL2, TCR_EL2 and TTBR0_EL2
 * with `root`, invalidates this CPU's EL2 TLB and instruction cache, and
 * sets SCTLR_EL2.{M, C, I, WXN}. Page tables outside the image must be
 * invalidated by the caller first (`arch_mm_dcache_invalidate`).
 */
void arch_mm_enable_cold(paddr_t root);

/**
 * Turns the MMU and caches on for a secondary (or warm-booting) CPU with the
 * tables the primary built. Discards only the lines of this CPU's own stack
 * `[stack_begin, stack_end)`, which it wrote with the MMU off: invalidating
 * anything shared would destroy other CPUs' dirty lines. Pass an empty
 * range when called before the stack is used. Everything else this CPU
 * reads with the MMU off (e.g. `root` itself) must have been cleaned to the
 * point of coherency by the primary (`arch_mm_dcache_clean`).
 */
void arch_mm_enable_warm(paddr_t root, uintptr_t stack_begin,
			 uintptr_t stack_end);

/** VTCR_EL2 for partitions' stage 2 (non-secure IPA space tables). */
uint64_t arch_mm_vtcr(void);

/** VSTCR_EL2 for partitions' stage 2 (secure IPA space tables). */
uint64_t arch_mm_vstcr(void);

/** Cleans `[begin, end)` to the point of coherency (all CPUs see it). */
void arch_mm_dcache_clean(uintptr_t begin, uintptr_t end);

/**
 * Invalidates the data cache lines of `[begin, end)` to the point of
 * coherency. Dirty lines are lost: use only on memory no CPU wrote through
 * the cache.
 */
void arch_mm_dcache_invalidate(uintptr_t begin, uintptr_t end);

#ifdef __cplusplus
}
#endif
