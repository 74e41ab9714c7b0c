/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/mm.h"

#include "spmc/checked.h"
#include "spmc/mm.h"

#include "internal.h"

/*
 * Phase two of an update: write a prepared request. It cannot fail: every
 * table it builds comes from the pages its prepare reserved.
 *
 * Pass 1 walks the request's range once:
 * - an entry the request covers whole, where a leaf may go, gets the leaf
 *   (or absent) directly; a subtable it replaces is parked as
 *   PENDING_FREE;
 * - an entry covered in part is descended into if it is a table, left
 *   alone if its leaf already matches, and otherwise replaced by a new
 *   table built off line (filled with the pieces of the old leaf, then
 *   updated) before it is linked;
 * - a valid entry whose replacement needs break-before-make is written
 *   PENDING_MAKE: invalid to the hardware, holding its final value;
 * - on the way back up (`tidy`), a subtable that became uniform is parked
 *   PENDING_FREE, to become one block or an absent entry.
 * If pass 1 left pending entries, one TLB invalidation, then pass 2 walks
 * the range again, writes the final values and frees the unlinked
 * subtables, which no CPU can reach any more. So break-before-make costs
 * one invalidation per request, however many entries it touched, and no
 * table is freed before it. Other changes of valid entries (permissions,
 * unmapping) need no second pass: their invalidation is left to the end of
 * the update, one for all its requests.
 */

static uint64_t mm_collapse_value(const struct mm_walk *w,
				  const uint64_t *table, uint8_t level,
				  uint64_t eb);

/*
 * The value the entry `pte` at `level`, translating from `eb`, has once the
 * commit of `w` is finished.
 */
static uint64_t mm_final_value(const struct mm_walk *w, uint64_t pte,
			       uint8_t level, uint64_t eb)
{
	uint64_t size = mm_level_size(level);
	uint64_t sb = w->begin > eb ? w->begin : eb;
	uint64_t se = w->end < eb + size ? w->end : eb + size;

	switch (arch_mm_pte_kind(pte, level)) {
	case ARCH_MM_PTE_PENDING_MAKE:
		return arch_mm_pending_final(pte);
	case ARCH_MM_PTE_PENDING_FREE:
		if (sb < se && mm_writes_leaf(w, level, eb, sb, se)) {
			return mm_leaf_value(w, level, eb);
		}
		return mm_collapse_value(
		    w, mm_table_ptr(arch_mm_pte_addr(pte, level)), level, eb);
	default:
		return pte;
	}
}

/*
 * The entry at `level` (translating from `eb`) that replaces its uniform
 * subtable `table`, as `mm_collapsible` found it.
 */
static uint64_t mm_collapse_value(const struct mm_walk *w,
				  const uint64_t *table, uint8_t level,
				  uint64_t eb)
{
	uint64_t first = mm_final_value(w, table[0], level - 1, eb);

	if (arch_mm_pte_kind(first, level - 1) == ARCH_MM_PTE_ABSENT) {
		return arch_mm_absent_pte();
	}
	return arch_mm_block_pte(w->stage, level,
				 arch_mm_pte_addr(first, level - 1),
				 arch_mm_pte_mode(w->stage, first, level - 1));
}

/*
 * True if the subtable `table` at `level`, translating from `base`, will
 * hold only absent entries, or only leaves of one mode and contiguous
 * output that one leaf at `level + 1` can replace.
 */
static bool mm_collapsible(const struct mm_walk *w, const uint64_t *table,
			   uint8_t level, uint64_t base)
{
	uint64_t size = mm_level_size(level);
	uint64_t first = mm_final_value(w, table[0], level, base);
	enum arch_mm_pte_kind kind = arch_mm_pte_kind(first, level);
	uint64_t pa = pa_addr(arch_mm_pte_addr(first, level));
	uint64_t absent = arch_mm_absent_pte();
	uint32_t mode = 0;
	size_t i;

	/*
	 * Fast paths. A table whose entries all end absent goes (the usual
	 * end of an unmap): only entries not already absent need their final
	 * value. One that mixes absent entries with others stays.
	 */
	if (kind == ARCH_MM_PTE_ABSENT) {
		for (i = 1; i < MM_PTE_PER_TABLE; i++) {
			if (table[i] != absent &&
			    arch_mm_pte_kind(mm_final_value(w, table[i], level,
							    base + i * size),
					     level) != ARCH_MM_PTE_ABSENT) {
				return false;
			}
		}
		return true;
	}
	if (first == table[0] && kind == ARCH_MM_PTE_BLOCK) {
		for (i = 1; i < MM_PTE_PER_TABLE; i++) {
			if (table[i] == absent) {
				return false;
			}
		}
	}

	if (kind == ARCH_MM_PTE_BLOCK || kind == ARCH_MM_PTE_INVALID_BLOCK) {
		if (!arch_mm_block_allowed(level + 1) ||
		    !is_aligned(pa, mm_level_size(level + 1))) {
			return false;
		}
		mode = arch_mm_pte_mode(w->stage, first, level);
	} else if (kind != ARCH_MM_PTE_ABSENT) {
		return false;
	}

	for (i = 1; i < MM_PTE_PER_TABLE; i++) {
		uint64_t v =
		    mm_final_value(w, table[i], level, base + i * size);

		if (arch_mm_pte_kind(v, level) != kind) {
			return false;
		}
		if (kind != ARCH_MM_PTE_ABSENT &&
		    (arch_mm_pte_mode(w->stage, v, level) != mode ||
		     pa_addr(arch_mm_pte_addr(v, level)) != pa + i * size)) {
			return false;
		}
	}
	return true;
}

/* Parks the table entry at `pte` as PENDING_FREE if its subtable can go. */
static void mm_try_collapse(struct mm_walk *w, uint64_t *pte, uint8_t level,
			    uint64_t eb)
{
	paddr_t child = arch_mm_pte_addr(mm_pte_read(pte), level);

	if (!mm_collapsible(w, mm_table_ptr(child), level - 1, eb)) {
		return;
	}
	arch_mm_write_pte(pte, arch_mm_pending_free_pte(child), level);
	w->need_tlbi = true;
	w->need_make = true;
}

/*
 * Writes `new_pte` at `pte` (`level`). In a live table, a replaced subtable
 * is parked for pass 2, a valid leaf that needs break-before-make is made
 * pending, and any change to a valid entry asks for a TLB invalidation.
 */
static void mm_replace(struct mm_walk *w, uint64_t *pte, uint8_t level,
		       uint64_t new_pte, bool live)
{
	uint64_t old = mm_pte_read(pte);

	if (old == new_pte) {
		return;
	}
	if (!live) {
		*pte = new_pte;
		return;
	}
	switch (arch_mm_pte_kind(old, level)) {
	case ARCH_MM_PTE_TABLE:
		arch_mm_write_pte(
		    pte, arch_mm_pending_free_pte(arch_mm_pte_addr(old, level)),
		    level);
		w->need_make = true;
		break;
	case ARCH_MM_PTE_BLOCK:
		if (arch_mm_pte_kind(new_pte, level) == ARCH_MM_PTE_BLOCK &&
		    arch_mm_needs_bbm(old, new_pte, level)) {
			arch_mm_write_pte(
			    pte, arch_mm_pending_make_pte(new_pte), level);
			w->need_make = true;
		} else {
			arch_mm_write_pte(pte, new_pte, level);
		}
		break;
	case ARCH_MM_PTE_ABSENT:
	case ARCH_MM_PTE_INVALID_BLOCK:
		/* Nothing of it can be cached in a TLB. */
		arch_mm_write_pte(pte, new_pte, level);
		return;
	default:
		mm_check(false);
	}
	w->need_tlbi = true;
}

/* Fills the new `table` at `level` with the pieces of `pte` (at level+1). */
static void mm_fill_pieces(enum mm_stage stage, uint64_t *table, uint8_t level,
			   uint64_t pte)
{
	uint64_t size = mm_level_size(level);
	uint64_t pa = pa_addr(arch_mm_pte_addr(pte, level + 1));
	uint32_t mode;
	size_t i;

	if (arch_mm_pte_kind(pte, level + 1) == ARCH_MM_PTE_ABSENT) {
		for (i = 0; i < MM_PTE_PER_TABLE; i++) {
			table[i] = arch_mm_absent_pte();
		}
		return;
	}
	mode = arch_mm_pte_mode(stage, pte, level + 1);
	for (i = 0; i < MM_PTE_PER_TABLE; i++) {
		table[i] = arch_mm_block_pte(stage, level,
					     pa_init(pa + i * size), mode);
	}
}

static void mm_commit_view(struct mm_walk *w, struct mm_table_view v,
			   uint64_t b, uint64_t e, bool live);

/*
 * Replaces the leaf or absent entry at `pte` (`level`, translating from
 * `eb`) by a new table holding its pieces with `[sb, se)` updated. The new
 * table is complete before it is linked; linking over a valid leaf is
 * break-before-make, so it waits in PENDING_MAKE.
 */
static void mm_split(struct mm_walk *w, uint64_t *pte, uint8_t level,
		     uint64_t eb, uint64_t sb, uint64_t se, bool live)
{
	uint64_t old = mm_pte_read(pte);
	uint64_t *table = mm_reserve_take(w->update);
	uint64_t new_pte;

	mm_check(level > 0);
	mm_fill_pieces(w->stage, table, level - 1, old);
	mm_commit_view(w, mm_view(table, level - 1, eb), sb, se, false);
	new_pte = arch_mm_table_pte(w->stage, level, mm_table_pa(table));

	if (!live) {
		*pte = new_pte;
		return;
	}
	if (arch_mm_pte_kind(old, level) == ARCH_MM_PTE_BLOCK) {
		arch_mm_write_pte(pte, arch_mm_pending_make_pte(new_pte),
				  level);
		w->need_tlbi = true;
		w->need_make = true;
		return;
	}
	arch_mm_sync_writes();
	arch_mm_write_pte(pte, new_pte, level);
}

/*
 * Pass 1 over the entries of `v` the part `[b, e)` of the request covers.
 * `live` is false inside a table not linked yet, which the hardware cannot
 * see: no break-before-make, no invalidation, no tidying.
 */
static void mm_commit_view(struct mm_walk *w, struct mm_table_view v,
			   uint64_t b, uint64_t e, bool live)
{
	uint64_t size = mm_level_size(v.level);
	size_t last = (size_t)((e - 1 - v.base) / size);
	size_t i;

	for (i = (size_t)((b - v.base) / size); i <= last; i++) {
		uint64_t eb = v.base + i * size;
		uint64_t sb = b > eb ? b : eb;
		uint64_t se = e < eb + size ? e : eb + size;
		uint64_t *pte = &v.entries[i];
		uint64_t old;

		if (mm_writes_leaf(w, v.level, eb, sb, se)) {
			mm_replace(w, pte, v.level,
				   mm_leaf_value(w, v.level, eb), live);
			continue;
		}
		old = mm_pte_read(pte);
		if (arch_mm_pte_kind(old, v.level) == ARCH_MM_PTE_TABLE) {
			paddr_t child = arch_mm_pte_addr(old, v.level);

			mm_commit_view(
			    w, mm_view(mm_table_ptr(child), v.level - 1, eb),
			    sb, se, live);
			if (live && w->tidy) {
				mm_try_collapse(w, pte, v.level, eb);
			}
			continue;
		}
		if (!mm_leaf_satisfies(w, old, v.level, eb)) {
			mm_split(w, pte, v.level, eb, sb, se, live);
		}
	}
}

/*
 * Pass 2 over the same entries: makes PENDING_MAKE entries valid, writes
 * the final value of PENDING_FREE entries and frees their old subtables.
 */
static void mm_finish_view(struct mm_walk *w, struct mm_table_view v,
			   uint64_t b, uint64_t e)
{
	uint64_t size = mm_level_size(v.level);
	size_t last = (size_t)((e - 1 - v.base) / size);
	size_t i;

	for (i = (size_t)((b - v.base) / size); i <= last; i++) {
		uint64_t eb = v.base + i * size;
		uint64_t sb = b > eb ? b : eb;
		uint64_t se = e < eb + size ? e : eb + size;
		uint64_t *pte = &v.entries[i];
		uint64_t old = mm_pte_read(pte);
		uint64_t final_pte;
		uint64_t *child;

		switch (arch_mm_pte_kind(old, v.level)) {
		case ARCH_MM_PTE_PENDING_MAKE:
			arch_mm_write_pte(pte, arch_mm_pending_final(old),
					  v.level);
			break;
		case ARCH_MM_PTE_PENDING_FREE:
			final_pte = mm_final_value(w, old, v.level, eb);
			child = mm_table_ptr(arch_mm_pte_addr(old, v.level));
			mm_free_subtree(child, v.level - 1, w->update->ppool);
			arch_mm_write_pte(pte, final_pte, v.level);
			break;
		case ARCH_MM_PTE_TABLE:
			child = mm_table_ptr(arch_mm_pte_addr(old, v.level));
			mm_finish_view(w, mm_view(child, v.level - 1, eb), sb,
				       se);
			break;
		default:
			break;
		}
	}
}

/** Invalidates `pt`'s TLB entries for at least `[begin, end)`. */
void mm_invalidate(const struct mm_ptable *pt, uint64_t begin, uint64_t end)
{
	if (pt->s2 == NULL) {
		arch_mm_invalidate_stage1(begin, end);
		return;
	}
	arch_mm_invalidate_stage2(pt->s2->vmid, pt->s2->secure.root,
				  pt->s2->ns.root);
}

/*
 * Records that `[begin, end)` changed valid entries and needs an
 * invalidation before `u` ends.
 */
static void mm_defer_invalidate(struct mm_update *u, uint64_t begin,
				uint64_t end)
{
	if (!u->tlbi_pending) {
		u->tlbi_pending = true;
		u->tlbi_begin = begin;
		u->tlbi_end = end;
		return;
	}
	u->tlbi_begin = begin < u->tlbi_begin ? begin : u->tlbi_begin;
	u->tlbi_end = end > u->tlbi_end ? end : u->tlbi_end;
}

/**
 * Commits `req`, prepared on `t` in `u` (the same request, under the same
 * lock as its prepare). Cannot fail. Needs no TLB invalidation for a
 * mapping over absent or kept-invalid entries. Break-before-make (block
 * split or merge, new output address or memory type) invalidates once,
 * here; other changes of valid entries (permissions, unmapping) are
 * invalidated once for the whole update by `mm_update_fini` (or by a later
 * commit of `u` that invalidates anyway). When it is the only request
 * outstanding on `t`, it also merges subtables that became uniform into
 * blocks and frees subtables that became empty, along its range; in a
 * batch that is done by the last commit, along its range only.
 */
void mm_commit(struct mm_ptable_locked t, struct mm_update *u,
	       const struct mm_req *req)
{
	struct mm_ptable *pt = t.ptable;
	struct mm_table_view root = mm_root_view(pt);
	struct mm_walk w;

	mm_check(u->ptable == pt && u->prepared > 0 && pt->outstanding > 0);
	mm_check(mm_req_check(pt->stage, req) == MM_SUCCESS);
	mm_walk_init(&w, pt->stage, req);
	w.update = u;
	w.tidy = pt->outstanding == 1;

	mm_commit_view(&w, root, w.begin, w.end, true);
	if (w.need_tlbi) {
		mm_defer_invalidate(u, w.begin, w.end);
	}
	if (w.need_make) {
		/* Also covers what earlier commits of `u` left pending. */
		mm_invalidate(pt, u->tlbi_begin, u->tlbi_end);
		u->tlbi_pending = false;
		mm_finish_view(&w, root, w.begin, w.end);
	}
	arch_mm_sync_commit();

	u->prepared--;
	pt->outstanding--;
}

/**
 * Prepares and commits the single request `req` on `t`, with page tables
 * from `ppool`. Returns what `mm_prepare` returns; on failure nothing
 * changed and the pool holds what it held.
 */
enum mm_error mm_map(struct mm_ptable_locked t, const struct mm_req *req,
		     struct mpool *ppool)
{
	struct mm_update u;
	enum mm_error ret;

	mm_update_init(&u, ppool);
	ret = mm_prepare(t, &u, req);
	if (ret == MM_SUCCESS) {
		mm_commit(t, &u, req);
	}
	mm_update_fini(t, &u);
	return ret;
}

/** `mm_map` of the identity range `[begin, end)` with `mode`. */
enum mm_error mm_identity_map(struct mm_ptable_locked t, paddr_t begin,
			      paddr_t end, uint32_t mode, struct mpool *ppool)
{
	struct mm_req req = mm_req_identity(begin, end, mode);

	return mm_map(t, &req, ppool);
}
