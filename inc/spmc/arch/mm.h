/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/addr.h"
#include "spmc/mm/defs.h"

/**
 * Arch interface of the page-table module: the geometry of each kind of
 * table, the encoding of its entries, and TLB maintenance. The walker in
 * `src/mm/` is arch-neutral; it sees an entry only as a `uint64_t` and
 * through these functions. Levels count from the leaf: level 0 maps pages.
 *
 * Entry kinds. Besides absent, table and leaf entries, the walker keeps two
 * transient kinds during a commit (see docs/design/mm.md): an entry waiting
 * for break-before-make holds its final value but is invalid to the
 * hardware (`PENDING_MAKE`), and an entry whose old subtable is freed after
 * the TLB invalidation holds that subtable's address (`PENDING_FREE`).
 * Neither survives a commit.
 */

enum arch_mm_pte_kind {
	/** Nothing mapped. */
	ARCH_MM_PTE_ABSENT = 0,
	/** Points to a table one level down. */
	ARCH_MM_PTE_TABLE,
	/** A valid page or block. */
	ARCH_MM_PTE_BLOCK,
	/** A page or block kept invalid (`MM_MODE_INVALID`). */
	ARCH_MM_PTE_INVALID_BLOCK,
	/** Invalid now; its final (valid) value follows a TLB invalidation. */
	ARCH_MM_PTE_PENDING_MAKE,
	/** Invalid now; holds an unlinked subtable to free. */
	ARCH_MM_PTE_PENDING_FREE,
};

#ifdef __cplusplus
extern "C" {
#endif

/** Level of the root table of a `stage` table. */
uint8_t arch_mm_root_level(enum mm_stage stage);

/**
 * Number of concatenated pages of the root table of a `stage` table (1, or
 * more for stage 2). The root is that many contiguous pages aligned to
 * their total size.
 */
uint8_t arch_mm_root_table_count(enum mm_stage stage);

/** Bits of input address a `stage` table translates. */
uint8_t arch_mm_ia_bits(enum mm_stage stage);

/** Bits of output (physical) address the tables may map. */
uint8_t arch_mm_oa_bits(void);

/** True if a leaf (page or block) entry may be written at `level`. */
bool arch_mm_block_allowed(uint8_t level);

/**
 * True if `mode` can be encoded in a `stage` table. The core has already
 * checked the architecture-neutral rules (known bits, R present, W needs R,
 * no D with X).
 */
bool arch_mm_mode_valid(enum mm_stage stage, uint32_t mode);

/** Kind of entry `pte` at `level`. */
enum arch_mm_pte_kind arch_mm_pte_kind(uint64_t pte, uint8_t level);

/** The absent entry. */
uint64_t arch_mm_absent_pte(void);

/** An entry at `level` pointing to the table at `table`. */
uint64_t arch_mm_table_pte(enum mm_stage stage, uint8_t level, paddr_t table);

/**
 * A leaf entry at `level` mapping `pa` (aligned to the level's size) with
 * `mode`: valid, or kept invalid when `mode` has `MM_MODE_INVALID`.
 */
uint64_t arch_mm_block_pte(enum mm_stage stage, uint8_t level, paddr_t pa,
			   uint32_t mode);

/**
 * The address in `pte`: the output address of a leaf, or the table of a
 * table or pending entry.
 */
paddr_t arch_mm_pte_addr(uint64_t pte, uint8_t level);

/** The mode of the leaf `pte` (valid or kept invalid) in a `stage` table. */
uint32_t arch_mm_pte_mode(enum mm_stage stage, uint64_t pte, uint8_t level);

/**
 * True if replacing the valid leaf `old` by the valid leaf `new` at `level`
 * needs break-before-make: the output address, memory type or another
 * non-permission attribute changes. Permission and software-bit changes do
 * not.
 */
bool arch_mm_needs_bbm(uint64_t old, uint64_t new_pte, uint8_t level);

/** An invalid entry that becomes the valid `final_pte` when made. */
uint64_t arch_mm_pending_make_pte(uint64_t final_pte);

/** The valid entry a `PENDING_MAKE` entry stands for. */
uint64_t arch_mm_pending_final(uint64_t pte);

/** An invalid entry holding the unlinked subtable `table`, to be freed. */
uint64_t arch_mm_pending_free_pte(paddr_t table);

/**
 * Writes `value` into the entry `pte` at `level` of a table the hardware may
 * be walking, with one single-copy atomic store. (Tables not linked yet are
 * written with plain stores.)
 */
void arch_mm_write_pte(uint64_t *pte, uint64_t value, uint8_t level);

/**
 * Orders earlier writes of table entries before the hardware walks the
 * tables again (a new subtable's entries before the entry linking it).
 */
void arch_mm_sync_writes(void);

/**
 * Completes earlier writes of table entries so that later accesses on this
 * CPU translate through them (the end of every commit).
 */
void arch_mm_sync_commit(void);

/**
 * Invalidates cached EL2 / EL2&0 stage-1 translations (all CPUs) for at
 * least `[begin, end)`, including walk caches, after entries were changed.
 * Waits for completion.
 */
void arch_mm_invalidate_stage1(uint64_t begin, uint64_t end);

/**
 * Invalidates every cached translation of VMID `vmid` (stage 1 and 2, both
 * IPA spaces, all CPUs), whose stage-2 roots are `secure_root` (VSTTBR_EL2)
 * and `ns_root` (VTTBR_EL2). Waits for completion.
 */
void arch_mm_invalidate_stage2(uint16_t vmid, paddr_t secure_root,
			       paddr_t ns_root);

#ifdef __cplusplus
}
#endif
