/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/mm.h"

#include "spmc/mm.h"

#include "internal.h"

/*
 * Table trees: creation, destruction and locking. A tree is a root table
 * (one page, or concatenated pages for stage 2) and the subtables linked
 * from it, every one a page of the caller's mpool.
 */

/* Set once by `mm_enable_locks`, before secondary CPUs start. */
static bool mm_locks_enabled;

/**
 * Makes `mm_ptable_lock` take the table's lock from now on. Until then only
 * the primary CPU runs, possibly with the MMU off, where atomics to
 * non-cacheable memory are not guaranteed to work.
 */
void mm_enable_locks(void)
{
	mm_locks_enabled = true;
}

/** Takes `t`'s lock (once locks are enabled) and returns the token. */
struct mm_ptable_locked mm_ptable_lock(struct mm_ptable *t)
{
	struct mm_ptable_locked locked = { t };

	if (mm_locks_enabled) {
		sl_lock(&t->lock);
	}
	return locked;
}

/**
 * Releases the lock `locked` stands for and clears the token. A token that
 * was never locked (or is already released) is ignored.
 */
void mm_ptable_unlock(struct mm_ptable_locked *locked)
{
	if (locked->ptable == NULL) {
		return;
	}
	if (mm_locks_enabled) {
		sl_unlock(&locked->ptable->lock);
	}
	locked->ptable = NULL;
}

/** Name of `e`, for logs. */
const char *mm_error_name(enum mm_error e)
{
	switch (e) {
	case MM_SUCCESS:
		return "success";
	case MM_ERROR_RANGE:
		return "bad input range";
	case MM_ERROR_OUTPUT:
		return "bad output address";
	case MM_ERROR_MODE:
		return "bad mode";
	case MM_ERROR_NO_MEMORY:
		return "out of page-table memory";
	}
	return "unknown mm error";
}

/** The view of the whole root table of `t`. */
struct mm_table_view mm_root_view(const struct mm_ptable *t)
{
	struct mm_table_view v =
	    mm_view(mm_table_ptr(t->root), arch_mm_root_level(t->stage), 0);

	v.count = (size_t)arch_mm_root_table_count(t->stage) * MM_PTE_PER_TABLE;
	return v;
}

/* Sets up `t` with an empty root table from `ppool`. */
static enum mm_error mm_ptable_create(struct mm_ptable *t, enum mm_stage stage,
				      const struct mm_stage2 *s2,
				      struct mpool *ppool)
{
	size_t pages = arch_mm_root_table_count(stage);
	uint64_t *root = mpool_alloc_contiguous(ppool, pages, pages);
	size_t i;

	if (root == NULL) {
		return MM_ERROR_NO_MEMORY;
	}
	for (i = 0; i < pages * MM_PTE_PER_TABLE; i++) {
		root[i] = arch_mm_absent_pte();
	}
	sl_init(&t->lock);
	t->root = mm_table_pa(root);
	t->stage = stage;
	t->outstanding = 0;
	t->s2 = s2;
	return MM_SUCCESS;
}

/**
 * Initialises `t` as an empty stage-1 table (`MM_S1_EL2` or `MM_S1_EL20`)
 * with its root from `ppool`. Returns `MM_ERROR_MODE` for a stage-2 kind
 * (use `mm_stage2_init`), `MM_ERROR_NO_MEMORY` if the pool is empty; on
 * failure nothing is allocated.
 */
enum mm_error mm_ptable_init(struct mm_ptable *t, enum mm_stage stage,
			     struct mpool *ppool)
{
	if (stage != MM_S1_EL2 && stage != MM_S1_EL20) {
		return MM_ERROR_MODE;
	}
	return mm_ptable_create(t, stage, NULL, ppool);
}

/**
 * Frees every table of `table` at `level` and below to `ppool`. Pending
 * entries only exist inside a commit, which calls this for subtables it
 * has unlinked; they are followed like tables.
 */
void mm_free_subtree(uint64_t *table, uint8_t level, struct mpool *ppool)
{
	size_t i;

	for (i = 0; level > 0 && i < MM_PTE_PER_TABLE; i++) {
		uint64_t pte = table[i];
		enum arch_mm_pte_kind kind = arch_mm_pte_kind(pte, level);

		if (kind == ARCH_MM_PTE_PENDING_MAKE) {
			pte = arch_mm_pending_final(pte);
			kind = arch_mm_pte_kind(pte, level);
		}
		if (kind == ARCH_MM_PTE_TABLE ||
		    kind == ARCH_MM_PTE_PENDING_FREE) {
			mm_free_subtree(
			    mm_table_ptr(arch_mm_pte_addr(pte, level)),
			    level - 1, ppool);
		}
	}
	mpool_free(ppool, table);
}

/**
 * Frees every table of `t`, root included, to `ppool`; `t` must be
 * initialised again before use. No update may be outstanding. The tables
 * must no longer be in use by any CPU (the caller has switched away from
 * them and invalidated the TLB); nothing is invalidated here.
 */
void mm_ptable_fini(struct mm_ptable_locked t, struct mpool *ppool)
{
	struct mm_ptable *pt = t.ptable;
	struct mm_table_view root = mm_root_view(pt);
	size_t i;

	mm_check(pt->outstanding == 0);
	for (i = 0; i < root.count; i++) {
		uint64_t pte = root.entries[i];

		if (arch_mm_pte_kind(pte, root.level) == ARCH_MM_PTE_TABLE) {
			mm_free_subtree(
			    mm_table_ptr(arch_mm_pte_addr(pte, root.level)),
			    root.level - 1, ppool);
		}
	}
	for (i = 0; i < root.count / MM_PTE_PER_TABLE; i++) {
		mpool_free(ppool, root.entries + i * MM_PTE_PER_TABLE);
	}
	pt->root = pa_init(0);
}

/**
 * Initialises a partition's stage-2 pair: empty secure and non-secure IPA
 * trees sharing `vmid`. On failure (`MM_ERROR_NO_MEMORY`) nothing stays
 * allocated.
 */
enum mm_error mm_stage2_init(struct mm_stage2 *s2, uint16_t vmid,
			     struct mpool *ppool)
{
	enum mm_error ret;

	s2->vmid = vmid;
	ret = mm_ptable_create(&s2->secure, MM_S2_SECURE, s2, ppool);
	if (ret != MM_SUCCESS) {
		return ret;
	}
	ret = mm_ptable_create(&s2->ns, MM_S2_NS, s2, ppool);
	if (ret != MM_SUCCESS) {
		struct mm_ptable_locked l = mm_ptable_lock(&s2->secure);

		mm_ptable_fini(l, ppool);
		mm_ptable_unlock(&l);
	}
	return ret;
}

/**
 * Frees both trees of `s2` to `ppool` (see `mm_ptable_fini`). Takes each
 * tree's lock in turn.
 */
void mm_stage2_fini(struct mm_stage2 *s2, struct mpool *ppool)
{
	struct mm_ptable_locked l = mm_ptable_lock(&s2->secure);

	mm_ptable_fini(l, ppool);
	mm_ptable_unlock(&l);
	l = mm_ptable_lock(&s2->ns);
	mm_ptable_fini(l, ppool);
	mm_ptable_unlock(&l);
}
