/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/mm.h"

#include "spmc/checked.h"
#include "spmc/mm.h"

#include "internal.h"

/*
 * Reading modes back. The walk visits each entry that overlaps the range
 * once: a block answers for every page it maps, so the cost follows the
 * number of entries, not of pages, and the walk stops at the first
 * difference.
 */

/** What the query has seen so far. */
struct mm_mode_seen {
	bool any;
	uint32_t mode;
};

/* Adds `mode` to `seen`; false if it differs from what was seen. */
static bool mm_mode_add(struct mm_mode_seen *seen, uint32_t mode)
{
	if (!seen->any) {
		seen->any = true;
		seen->mode = mode;
		return true;
	}
	return seen->mode == mode;
}

/* Walks `[b, e)` in `v`; false as soon as two modes differ. */
static bool mm_mode_view(enum mm_stage stage, struct mm_table_view v,
			 uint64_t b, uint64_t e, struct mm_mode_seen *seen)
{
	uint64_t size = mm_level_size(v.level);
	size_t last = (size_t)((e - 1 - v.base) / size);
	size_t i;

	for (i = (size_t)((b - v.base) / size); i <= last; i++) {
		uint64_t eb = v.base + i * size;
		uint64_t sb = b > eb ? b : eb;
		uint64_t se = e < eb + size ? e : eb + size;
		uint64_t pte = mm_pte_read(&v.entries[i]);
		bool same;

		switch (arch_mm_pte_kind(pte, v.level)) {
		case ARCH_MM_PTE_TABLE:
			same = mm_mode_view(
			    stage,
			    mm_view(
				mm_table_ptr(arch_mm_pte_addr(pte, v.level)),
				v.level - 1, eb),
			    sb, se, seen);
			break;
		case ARCH_MM_PTE_BLOCK:
		case ARCH_MM_PTE_INVALID_BLOCK:
			same = mm_mode_add(
			    seen, arch_mm_pte_mode(stage, pte, v.level));
			break;
		case ARCH_MM_PTE_ABSENT:
			same = mm_mode_add(seen, MM_MODE_UNMAPPED);
			break;
		default:
			/* Pending entries never outlive a commit. */
			mm_check(false);
			same = false;
		}
		if (!same) {
			return false;
		}
	}
	return true;
}

/**
 * Returns the mode of every page of `[begin, end)` in `t` (input
 * addresses: VA or IPA): `MM_MODE_STATUS_UNIFORM` with the mode
 * (`MM_MODE_UNMAPPED` where nothing is mapped), `MM_MODE_STATUS_MIXED` if
 * pages differ, or `MM_MODE_STATUS_BAD_RANGE` for an empty, unaligned or
 * out-of-table range. For stage 2, `MM_MODE_NS` comes from the IPA space of
 * `t`.
 */
struct mm_mode_ret mm_get_mode(struct mm_ptable_locked t, uint64_t begin,
			       uint64_t end)
{
	struct mm_mode_ret ret = { MM_MODE_STATUS_BAD_RANGE, 0 };
	struct mm_mode_seen seen = { false, 0 };
	const struct mm_ptable *pt = t.ptable;

	if (begin >= end || !is_aligned(begin, MM_PAGE_SIZE) ||
	    !is_aligned(end, MM_PAGE_SIZE) ||
	    end > (1ULL << arch_mm_ia_bits(pt->stage))) {
		return ret;
	}
	if (!mm_mode_view(pt->stage, mm_root_view(pt), begin, end, &seen)) {
		ret.status = MM_MODE_STATUS_MIXED;
		return ret;
	}
	ret.status = MM_MODE_STATUS_UNIFORM;
	ret.mode = seen.mode;
	return ret;
}
