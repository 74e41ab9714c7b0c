/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <string.h>

#include "spmc/arch/mm.h"

#include "spmc/checked.h"
#include "spmc/mm.h"

#include "internal.h"

/*
 * Phase one of an update: check a request, count the tables its commit can
 * need, and reserve that many pages. Nothing here writes a table.
 *
 * The count follows the commit's decisions exactly, on the tables as they
 * are: an entry the request covers whole and may hold a leaf needs nothing;
 * an entry it covers in part needs a new table unless it already is one or
 * its leaf already gives the range what is asked. Below a new table every
 * entry is a piece of the old leaf, so the count there is arithmetic. Only
 * the first and the last entry of a level can be partial, so the walk
 * visits O(levels) entries unless the output address is misaligned (then
 * every table the commit builds is counted).
 *
 * The pages are reserved in a list threaded through the pages themselves.
 */

/**
 * Checks that `[begin, end)` is a non-empty, page-aligned range a `stage`
 * table translates.
 */
static bool mm_range_valid(enum mm_stage stage, uint64_t begin, uint64_t end)
{
	return begin < end && is_aligned(begin, MM_PAGE_SIZE) &&
	       is_aligned(end, MM_PAGE_SIZE) &&
	       end <= (1ULL << arch_mm_ia_bits(stage));
}

/* True if both bits of `pair` are set in `mode`. */
static bool mm_mode_both(uint32_t mode, uint32_t pair)
{
	return (mode & pair) == pair;
}

/*
 * True if the architecture-neutral rules allow `mode` for a mapping: known
 * bits, readable, never executable device memory, and never writable and
 * executable in the SPMC's own stage 1 (it runs with SCTLR_EL2.WXN).
 */
static bool mm_mode_valid(enum mm_stage stage, uint32_t mode)
{
	if ((mode & ~MM_MODE_ALL) != 0) {
		return false;
	}
	if (mode == MM_MODE_UNMAPPED) {
		return true;
	}
	if ((mode & MM_MODE_R) == 0 ||
	    mm_mode_both(mode, MM_MODE_D | MM_MODE_X) ||
	    (stage == MM_S1_EL2 && mm_mode_both(mode, MM_MODE_W | MM_MODE_X))) {
		return false;
	}
	return arch_mm_mode_valid(stage, mode);
}

/**
 * Checks `req` for a `stage` table: the input range, the mode, and for a
 * mapping the output range (page-aligned, inside the physical address
 * size). Error class (a) for ranges that come from a partition.
 */
enum mm_error mm_req_check(enum mm_stage stage, const struct mm_req *req)
{
	uint64_t pa_end;

	if (!mm_range_valid(stage, req->begin, req->end)) {
		return MM_ERROR_RANGE;
	}
	if (!mm_mode_valid(stage, req->mode)) {
		return MM_ERROR_MODE;
	}
	if (req->mode == MM_MODE_UNMAPPED) {
		return MM_SUCCESS;
	}
	if (!is_aligned(pa_addr(req->pa), MM_PAGE_SIZE) ||
	    !checked_range_end(pa_addr(req->pa), req->end - req->begin,
			       &pa_end) ||
	    pa_end > (1ULL << arch_mm_oa_bits())) {
		return MM_ERROR_OUTPUT;
	}
	return MM_SUCCESS;
}

/** Sets up `w` for `req` on a `stage` table, for any walk. */
void mm_walk_init(struct mm_walk *w, enum mm_stage stage,
		  const struct mm_req *req)
{
	w->stage = stage;
	w->begin = req->begin;
	w->end = req->end;
	w->pa_offset = pa_addr(req->pa) - req->begin;
	w->mode = req->mode;
	w->unmap = req->mode == MM_MODE_UNMAPPED;
	w->update = NULL;
	w->plan = NULL;
	w->tidy = false;
	w->need_tlbi = false;
	w->need_make = false;
}

/** True if `w` may write a leaf (or absent entry) at `level`. */
bool mm_level_leafable(const struct mm_walk *w, uint8_t level)
{
	return w->unmap || (arch_mm_block_allowed(level) &&
			    is_aligned(w->pa_offset, mm_level_size(level)));
}

/** True if `w` writes the entry at `level`, `eb`, whole as one leaf. */
bool mm_writes_leaf(const struct mm_walk *w, uint8_t level, uint64_t eb,
		    uint64_t sb, uint64_t se)
{
	return sb == eb && se - sb == mm_level_size(level) &&
	       mm_level_leafable(w, level);
}

/** The entry `w` writes at `level` for the entry translating `eb`. */
uint64_t mm_leaf_value(const struct mm_walk *w, uint8_t level, uint64_t eb)
{
	if (w->unmap) {
		return arch_mm_absent_pte();
	}
	return arch_mm_block_pte(w->stage, level, pa_init(eb + w->pa_offset),
				 w->mode);
}

/** True if the leaf or absent `pte` already gives its range `w`'s mapping. */
bool mm_leaf_satisfies(const struct mm_walk *w, uint64_t pte, uint8_t level,
		       uint64_t eb)
{
	enum arch_mm_pte_kind kind = arch_mm_pte_kind(pte, level);

	if (w->unmap) {
		return kind == ARCH_MM_PTE_ABSENT;
	}
	if (kind != ARCH_MM_PTE_BLOCK && kind != ARCH_MM_PTE_INVALID_BLOCK) {
		return false;
	}
	return arch_mm_pte_mode(w->stage, pte, level) == w->mode &&
	       pa_addr(arch_mm_pte_addr(pte, level)) == eb + w->pa_offset;
}

/*
 * Next entry index to visit between `first` and `last`. When every middle
 * entry is written whole as a leaf, counting skips straight to `last`.
 */
static size_t mm_count_next(size_t i, size_t first, size_t last,
			    bool skip_middle)
{
	if (skip_middle && i == first && last > first + 1) {
		return last;
	}
	return i + 1;
}

/*
 * Whether a prepared request of this update already replaces the entry at
 * `level` translating `eb` by a table; marks it so otherwise. Requests of
 * one update are committed in the order they were prepared, so that table
 * exists when a later request is committed.
 */
static bool mm_plan_table(struct mm_update *u, uint8_t level, uint64_t eb)
{
	uint8_t bit = (uint8_t)(1U << level);

	if (u == NULL || level >= 4) {
		return false;
	}
	if ((u->plan_valid & bit) != 0 && u->plan_base[level] == eb) {
		return true;
	}
	u->plan_valid |= bit;
	u->plan_base[level] = eb;
	return false;
}

/*
 * Tables a commit of `w` builds below a new table at `level` whose first
 * entry translates `base`, for the part `[b, e)` of the request.
 */
static size_t mm_count_new(const struct mm_walk *w, uint8_t level,
			   uint64_t base, uint64_t b, uint64_t e)
{
	uint64_t size = mm_level_size(level);
	size_t first = (size_t)((b - base) / size);
	size_t last = (size_t)((e - 1 - base) / size);
	bool skip = mm_level_leafable(w, level);
	size_t n = 0;
	size_t i;

	for (i = first; i <= last; i = mm_count_next(i, first, last, skip)) {
		uint64_t eb = base + i * size;
		uint64_t sb = b > eb ? b : eb;
		uint64_t se = e < eb + size ? e : eb + size;

		if (mm_writes_leaf(w, level, eb, sb, se)) {
			continue;
		}
		mm_check(level > 0);
		n += (mm_plan_table(w->plan, level, eb) ? 0 : 1) +
		     mm_count_new(w, level - 1, eb, sb, se);
	}
	return n;
}

/*
 * Tables a commit of `w` builds below the existing table `v` for the part
 * `[b, e)` of the request.
 */
static size_t mm_count_table(const struct mm_walk *w, struct mm_table_view v,
			     uint64_t b, uint64_t e)
{
	uint64_t size = mm_level_size(v.level);
	size_t first = (size_t)((b - v.base) / size);
	size_t last = (size_t)((e - 1 - v.base) / size);
	bool skip = mm_level_leafable(w, v.level);
	size_t n = 0;
	size_t i;

	for (i = first; i <= last; i = mm_count_next(i, first, last, skip)) {
		uint64_t eb = v.base + i * size;
		uint64_t sb = b > eb ? b : eb;
		uint64_t se = e < eb + size ? e : eb + size;
		uint64_t pte;

		if (mm_writes_leaf(w, v.level, eb, sb, se)) {
			continue;
		}
		mm_check(v.level > 0);
		pte = mm_pte_read(&v.entries[i]);
		switch (arch_mm_pte_kind(pte, v.level)) {
		case ARCH_MM_PTE_TABLE:
			n += mm_count_table(
			    w,
			    mm_view(
				mm_table_ptr(arch_mm_pte_addr(pte, v.level)),
				v.level - 1, eb),
			    sb, se);
			break;
		case ARCH_MM_PTE_ABSENT:
		case ARCH_MM_PTE_BLOCK:
		case ARCH_MM_PTE_INVALID_BLOCK:
			if (!mm_leaf_satisfies(w, pte, v.level, eb)) {
				n += (mm_plan_table(w->plan, v.level, eb) ? 0
									  : 1) +
				     mm_count_new(w, v.level - 1, eb, sb, se);
			}
			break;
		default:
			/* Pending entries never outlive a commit. */
			mm_check(false);
		}
	}
	return n;
}

/** Sets up `u` to reserve pages from `ppool`. */
void mm_update_init(struct mm_update *u, struct mpool *ppool)
{
	u->ppool = ppool;
	u->ptable = NULL;
	u->reserve = NULL;
	u->reserve_count = 0;
	u->prepared = 0;
	u->tlbi_pending = false;
	u->plan_valid = 0;
	u->tlbi_begin = 0;
	u->tlbi_end = 0;
}

/* Returns every page of the list `pages` to `ppool`. */
static void mm_pages_free(void *pages, struct mpool *ppool)
{
	while (pages != NULL) {
		void *next = *(void **)pages;

		mpool_free(ppool, pages);
		pages = next;
	}
}

/**
 * Takes one reserved page for a commit. Running out is a broken invariant:
 * the commit does not match its prepare.
 */
uint64_t *mm_reserve_take(struct mm_update *u)
{
	void *page = u->reserve;

	mm_check(page != NULL);
	u->reserve = *(void **)page;
	u->reserve_count--;
	return page;
}

/**
 * Prepares `req` on the locked table `t` as part of the update `u`: checks
 * it, then reserves from `u`'s pool every table its commit can need.
 * Returns `MM_ERROR_RANGE`, `_OUTPUT` or `_MODE` for a bad request and
 * `MM_ERROR_NO_MEMORY` if the pool runs out; on failure no table is
 * touched, this call keeps nothing, and requests prepared before in `u`
 * stay prepared. Requests prepared together on one table must not overlap
 * and must all be committed (or `u` finished) under the same lock.
 */
enum mm_error mm_prepare(struct mm_ptable_locked t, struct mm_update *u,
			 const struct mm_req *req)
{
	struct mm_ptable *pt = t.ptable;
	struct mm_walk w;
	enum mm_error ret;
	void *got = NULL;
	void *tail = NULL;
	uint64_t plan_base[4];
	uint8_t plan_valid;
	size_t need;
	size_t i;

	mm_check(u->ptable == NULL || u->ptable == pt);
	ret = mm_req_check(pt->stage, req);
	if (ret != MM_SUCCESS) {
		return ret;
	}
	mm_walk_init(&w, pt->stage, req);
	w.plan = u;
	memcpy(plan_base, u->plan_base, sizeof(plan_base));
	plan_valid = u->plan_valid;
	need = mm_count_table(&w, mm_root_view(pt), w.begin, w.end);

	for (i = 0; i < need; i++) {
		void *page = mpool_alloc(u->ppool);

		if (page == NULL) {
			mm_pages_free(got, u->ppool);
			memcpy(u->plan_base, plan_base, sizeof(plan_base));
			u->plan_valid = plan_valid;
			return MM_ERROR_NO_MEMORY;
		}
		*(void **)page = got;
		got = page;
		if (tail == NULL) {
			tail = page;
		}
	}

	if (tail != NULL) {
		*(void **)tail = u->reserve;
		u->reserve = got;
	}
	u->reserve_count += need;
	u->ptable = pt;
	u->prepared++;
	pt->outstanding++;
	return MM_SUCCESS;
}

/**
 * Ends the update `u` on `t`: invalidates the TLB once if its commits
 * changed valid entries without invalidating, abandons requests prepared
 * and not committed (nothing of them was written), and gives unused
 * reserved pages back to the pool. `u` may then be used again.
 */
void mm_update_fini(struct mm_ptable_locked t, struct mm_update *u)
{
	if (u->ptable != NULL) {
		mm_check(u->ptable == t.ptable &&
			 t.ptable->outstanding >= u->prepared);
		if (u->tlbi_pending) {
			mm_invalidate(t.ptable, u->tlbi_begin, u->tlbi_end);
			arch_mm_sync_commit();
		}
		t.ptable->outstanding -= (uint32_t)u->prepared;
	}
	mm_pages_free(u->reserve, u->ppool);
	mm_update_init(u, u->ppool);
}
