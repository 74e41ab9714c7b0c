/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/arch/mm.h"

#include "spmc/mm.h"

/*
 * Private to the page-table module: the state of one walk over a request's
 * range, and the geometry helpers the prepare, commit and query walks
 * share.
 */

/** One walk of a request over a table tree. */
struct mm_walk {
	enum mm_stage stage;
	uint64_t begin;
	uint64_t end;
	/** Output address minus input address (modulo 2^64). */
	uint64_t pa_offset;
	uint32_t mode;
	bool unmap;

	/* Prepare only: the update whose table plans are shared. */
	struct mm_update *plan;

	/* Commit only. */
	struct mm_update *update;
	/** Merge uniform subtables and free empty ones on the way back up. */
	bool tidy;
	/** A valid entry changed: the TLB must be invalidated. */
	bool need_tlbi;
	/** Entries were left pending: a second pass must finish them. */
	bool need_make;
};

/**
 * The entries of a table, or of the part of the root table a walk looks at:
 * `count` entries at `level`, the first of which translates `base`.
 */
struct mm_table_view {
	uint64_t *entries;
	uint8_t level;
	uint64_t base;
	size_t count;
};

/** Always-on check of an internal invariant (error class (c)). */
static inline void mm_check(bool cond)
{
	if (!cond) {
		__builtin_trap();
	}
}

static inline uint8_t mm_level_shift(uint8_t level)
{
	return (uint8_t)(MM_PAGE_BITS + MM_LEVEL_BITS * level);
}

/** Bytes of input address one entry at `level` translates. */
static inline uint64_t mm_level_size(uint8_t level)
{
	return 1ULL << mm_level_shift(level);
}

static inline uint64_t *mm_table_ptr(paddr_t table)
{
	return (uint64_t *)pa_addr(table);
}

static inline paddr_t mm_table_pa(const uint64_t *table)
{
	return pa_init((uintptr_t)table);
}

/** Reads an entry the hardware may be walking. */
static inline uint64_t mm_pte_read(const uint64_t *pte)
{
	return __atomic_load_n(pte, __ATOMIC_RELAXED);
}

/** The view of a whole table at `level` whose first entry maps `base`. */
static inline struct mm_table_view mm_view(uint64_t *table, uint8_t level,
					   uint64_t base)
{
	struct mm_table_view v = { table, level, base, MM_PTE_PER_TABLE };

	return v;
}

/** The view of the root table of `t`. */
struct mm_table_view mm_root_view(const struct mm_ptable *t);

/** Sets up `w` for `req` on a `stage` table. */
void mm_walk_init(struct mm_walk *w, enum mm_stage stage,
		  const struct mm_req *req);

/** Checks `req` against the `stage` table's limits and the mode rules. */
enum mm_error mm_req_check(enum mm_stage stage, const struct mm_req *req);

/**
 * True if a leaf may be written at `level` for `w`: a block is allowed
 * there and the output address is aligned like the input (or `w` unmaps).
 */
bool mm_level_leafable(const struct mm_walk *w, uint8_t level);

/**
 * True if the entry at `level` translating `[eb, eb + size)`, of which `w`
 * covers `[sb, se)`, is written whole by `w` as one leaf (or absent).
 */
bool mm_writes_leaf(const struct mm_walk *w, uint8_t level, uint64_t eb,
		    uint64_t sb, uint64_t se);

/** The leaf (or absent) entry `w` writes at `level` for the entry at `eb`. */
uint64_t mm_leaf_value(const struct mm_walk *w, uint8_t level, uint64_t eb);

/**
 * True if the existing leaf or absent `pte` at `level`, at `eb`, already
 * gives every address it translates what `w` asks for.
 */
bool mm_leaf_satisfies(const struct mm_walk *w, uint64_t pte, uint8_t level,
		       uint64_t eb);

/**
 * Invalidates the TLB entries of `pt` for at least `[begin, end)`: stage 1
 * by range, stage 2 by the partition's VMID.
 */
void mm_invalidate(const struct mm_ptable *pt, uint64_t begin, uint64_t end);

/** Takes one page reserved by `mm_prepare`; running out is a bug. */
uint64_t *mm_reserve_take(struct mm_update *u);

/**
 * Frees the table `table` at `level` and every table below it, following
 * table and pending entries, to `ppool`.
 */
void mm_free_subtree(uint64_t *table, uint8_t level, struct mpool *ppool);
