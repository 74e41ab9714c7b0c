/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/checked.h"
#include "spmc/granule.h"

#include "internal.h"

/*
 * The operations: each validates every range and granule, reserves storage
 * and only then commits, so a failure changes nothing. EL3 calls come
 * between validation and commit, and are undone if a later one fails.
 */

static struct granule_ret ret_fail(enum granule_result r, uint64_t next)
{
	return (struct granule_ret){ .result = r, .next = next };
}

static struct granule_ret ret_ok(const struct granule_range *ranges,
				 size_t count, bool secure)
{
	const struct granule_range *last = &ranges[count - 1];

	return (struct granule_ret){
		.result = GRANULE_OK,
		.next = last->base + last->size,
		.secure = secure,
	};
}

/**
 * Index of a range overlapping an earlier one, or `count`, for a list that
 * is not in ascending order (ascending lists are checked by `check_shape`).
 */
static size_t find_overlap(const struct granule_range *ranges, size_t count)
{
	for (size_t i = 1; i < count; i++) {
		for (size_t j = 0; j < i; j++) {
			if (ranges_overlap(ranges[i].base,
					   ranges[i].base + ranges[i].size,
					   ranges[j].base,
					   ranges[j].base + ranges[j].size)) {
				return i;
			}
		}
	}
	return count;
}

/**
 * Shape of the list: aligned, non-empty, in `ns-memory`, no overlap. An
 * ascending list (the usual case) costs one pass.
 */
static struct granule_ret check_shape(struct granule_walk *w,
				      const struct granule_range *ranges,
				      size_t count)
{
	uint64_t prev_end = 0;
	bool sorted = true;
	size_t bad;

	if (ranges == NULL || count == 0) {
		return ret_fail(GRANULE_INVALID, 0);
	}
	for (size_t i = 0; i < count; i++) {
		uint64_t base = ranges[i].base;
		uint64_t size = ranges[i].size;
		uint64_t end;

		if (size == 0 || !is_aligned(base | size, GRANULE_SIZE) ||
		    !checked_range_end(base, size, &end) ||
		    granule_walk_find(w, base, end) == NULL) {
			return ret_fail(GRANULE_INVALID, base);
		}
		sorted = sorted && base >= prev_end;
		prev_end = end;
	}
	bad = sorted ? count : find_overlap(ranges, count);
	if (bad != count) {
		return ret_fail(GRANULE_INVALID, ranges[bad].base);
	}
	return ret_ok(ranges, count, false);
}

/** Checks the shape, then the events of `w` on every granule. */
static struct granule_ret validate(struct granule_walk *w,
				   const struct granule_range *ranges,
				   size_t count)
{
	struct granule_ret ret = check_shape(w, ranges, count);
	uint64_t bad = 0;
	enum granule_result r;

	if (ret.result != GRANULE_OK) {
		return ret;
	}
	r = granule_walk_check(w, ranges, count, &bad);
	return r == GRANULE_OK ? ret : ret_fail(r, bad);
}

/** Validates, then reserves the leaves that are missing. */
static struct granule_ret prepare(struct granule_walk *w,
				  const struct granule_range *ranges,
				  size_t count)
{
	struct granule_ret ret = validate(w, ranges, count);

	if (ret.result == GRANULE_OK && w->need_leaf &&
	    !granule_reserve(w->map, ranges, count)) {
		return ret_fail(GRANULE_NO_MEMORY, ranges[0].base);
	}
	return ret;
}

/** Validates `ev` on every granule, then commits it. */
static struct granule_ret apply(struct granule_map_locked locked,
				const struct granule_range *ranges,
				size_t count, enum granule_event ev)
{
	struct granule_walk w;
	struct granule_ret ret;

	granule_walk_init(&w, locked.map, &ev, 1);
	ret = prepare(&w, ranges, count);
	if (ret.result == GRANULE_OK) {
		granule_walk_commit(&w, ranges, count);
	}
	return ret;
}

static enum granule_event begin_event(enum granule_txn txn)
{
	return txn == GRANULE_TXN_SHARE  ? GRANULE_EV_BEGIN_SHARE
	       : txn == GRANULE_TXN_LEND ? GRANULE_EV_BEGIN_LEND
					 : GRANULE_EV_BEGIN_DONATE;
}

struct granule_ret granule_begin(struct granule_map_locked locked,
				 enum granule_txn txn,
				 const struct granule_range *ranges,
				 size_t count)
{
	return apply(locked, ranges, count, begin_event(txn));
}

struct granule_ret granule_commit(struct granule_map_locked locked,
				  const struct granule_range *ranges,
				  size_t count)
{
	return apply(locked, ranges, count, GRANULE_EV_COMMIT);
}

struct granule_ret granule_unshare(struct granule_map_locked locked,
				   const struct granule_range *ranges,
				   size_t count)
{
	return apply(locked, ranges, count, GRANULE_EV_UNSHARE);
}

/** EL3's `done`, trusted only up to `size` and whole granules. */
static uint64_t el3_done(struct granule_el3_ret r, uint64_t size)
{
	uint64_t done = r.done < size ? r.done : size;

	return done & ~(GRANULE_SIZE - 1);
}

/**
 * Unprotects ranges `[0, k)` and the first `done` bytes of range k after a
 * failed protect. False if EL3 refuses one (the caller must abort).
 */
static bool protect_undo(struct granule_map *map,
			 const struct granule_range *ranges, size_t k,
			 uint64_t done)
{
	struct granule_el3_ops *el3 = &map->el3;

	for (size_t i = 0; i <= k; i++) {
		uint64_t size = i < k ? ranges[i].size : done;

		if (size != 0 &&
		    el3->unprotect(el3->ctx, ranges[i].base, size).status !=
			GRANULE_EL3_SUCCESS) {
			return false;
		}
	}
	return true;
}

static enum granule_result el3_result(enum granule_el3_status s)
{
	switch (s) {
	case GRANULE_EL3_SUCCESS:
		return GRANULE_OK;
	case GRANULE_EL3_INVALID:
		return GRANULE_INVALID;
	case GRANULE_EL3_NOT_SUPPORTED:
		return GRANULE_UNSUPPORTED;
	default:
		return GRANULE_DENIED;
	}
}

/**
 * The EL3 part of a protect: every range to the Secure PAS, or none (undone
 * on failure). OK with `secure` false when EL3 offers no protection and the
 * policy continues with NS memory.
 */
static struct granule_ret protect_ranges(struct granule_map *map,
					 const struct granule_range *ranges,
					 size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct granule_el3_ret r = map->el3.protect(
		    map->el3.ctx, ranges[i].base, ranges[i].size);
		uint64_t done = el3_done(r, ranges[i].size);
		enum granule_result res = el3_result(r.status);

		if (res == GRANULE_OK) {
			continue;
		}
		if (!protect_undo(map, ranges, i, done)) {
			return ret_fail(GRANULE_FATAL, ranges[i].base + done);
		}
		if (res == GRANULE_UNSUPPORTED &&
		    map->policy == GRANULE_POLICY_CONTINUE_NS) {
			/* No RME protection: the memory stays NS (Hafnium). */
			return ret_ok(ranges, count, false);
		}
		return ret_fail(res, ranges[i].base + done);
	}
	return ret_ok(ranges, count, true);
}

struct granule_ret granule_protect(struct granule_map_locked locked,
				   const struct granule_range *ranges,
				   size_t count)
{
	enum granule_event ev = GRANULE_EV_PROTECT;
	struct granule_walk w;
	struct granule_ret ret;

	granule_walk_init(&w, locked.map, &ev, 1);
	ret = prepare(&w, ranges, count);
	if (ret.result != GRANULE_OK) {
		return ret;
	}
	ret = protect_ranges(locked.map, ranges, count);
	if (ret.result == GRANULE_OK && ret.secure) {
		granule_walk_commit(&w, ranges, count);
	}
	return ret;
}

struct granule_ret granule_send(struct granule_map_locked locked,
				enum granule_txn txn,
				const struct granule_range *ranges,
				size_t count)
{
	enum granule_event evs[] = { begin_event(txn), GRANULE_EV_PROTECT,
				     GRANULE_EV_COMMIT };
	enum granule_event ns_evs[] = { begin_event(txn), GRANULE_EV_COMMIT };
	bool share = txn == GRANULE_TXN_SHARE;
	struct granule_walk w;
	struct granule_ret ret;

	if (share) {
		granule_walk_init(&w, locked.map, ns_evs, 2);
	} else {
		granule_walk_init(&w, locked.map, evs, 3);
	}
	ret = prepare(&w, ranges, count);
	if (ret.result != GRANULE_OK || share) {
		if (ret.result == GRANULE_OK) {
			granule_walk_commit(&w, ranges, count);
		}
		return ret;
	}
	ret = protect_ranges(locked.map, ranges, count);
	if (ret.result != GRANULE_OK) {
		/* Nothing was committed: give back the leaves reserved. */
		granule_trim(locked.map, ranges, count);
		return ret;
	}
	if (!ret.secure) {
		granule_walk_events(&w, ns_evs, 2);
	}
	granule_walk_commit(&w, ranges, count);
	return ret;
}

/**
 * Unprotects the granules of `range` that the events of `w` take out of the
 * Secure PAS: the whole range when every granule checked does, else run by
 * run. Returns OK, or FATAL with `next` at the refused granule.
 */
static struct granule_ret unprotect_range(struct granule_walk *w,
					  const struct granule_range *range)
{
	struct granule_el3_ops *el3 = &w->map->el3;
	uint64_t end = range->base + range->size;
	uint64_t run = range->base;
	uint64_t run_end = end;
	bool more = w->unprotect_all ||
		    granule_walk_unprotect_run(w, run, end, &run, &run_end);

	while (more) {
		struct granule_el3_ret r =
		    el3->unprotect(el3->ctx, run, run_end - run);

		if (r.status != GRANULE_EL3_SUCCESS) {
			return ret_fail(GRANULE_FATAL,
					run + el3_done(r, run_end - run));
		}
		more =
		    !w->unprotect_all &&
		    granule_walk_unprotect_run(w, run_end, end, &run, &run_end);
	}
	return ret_fail(GRANULE_OK, end);
}

/** Abort and reclaim: unprotect what is Secure, then commit `ev`. */
static struct granule_ret release(struct granule_map *map,
				  const struct granule_range *ranges,
				  size_t count, enum granule_event ev)
{
	struct granule_walk w;
	struct granule_ret ret;

	granule_walk_init(&w, map, &ev, 1);
	ret = prepare(&w, ranges, count);
	if (ret.result != GRANULE_OK) {
		return ret;
	}
	for (size_t i = 0; i < count && w.unprotect_some; i++) {
		struct granule_ret r = unprotect_range(&w, &ranges[i]);

		if (r.result != GRANULE_OK) {
			/* Record what did reach NS before the SPMC aborts. */
			granule_walk_commit(&w, ranges, i);
			granule_walk_commit_span(&w, ranges[i].base, r.next);
			return r;
		}
	}
	granule_walk_commit(&w, ranges, count);
	return ret;
}

struct granule_ret granule_abort(struct granule_map_locked locked,
				 const struct granule_range *ranges,
				 size_t count)
{
	return release(locked.map, ranges, count, GRANULE_EV_ABORT);
}

struct granule_ret granule_reclaim(struct granule_map_locked locked,
				   enum granule_txn txn,
				   const struct granule_range *ranges,
				   size_t count)
{
	if (txn == GRANULE_TXN_SHARE) {
		return ret_fail(GRANULE_INVALID, 0);
	}
	return release(locked.map, ranges, count,
		       txn == GRANULE_TXN_LEND ? GRANULE_EV_RECLAIM
					       : GRANULE_EV_RETURN);
}

/** First address at or after `pa` that may hold a tracked granule. */
static uint64_t skip_untracked(struct granule_map *map, uint64_t pa,
			       uint64_t top)
{
	uint64_t next = top;

	for (size_t i = 0; i < map->range_count; i++) {
		struct granule_ns_range *r = &map->ranges[i];

		if (pa >= r->base && pa < r->end) {
			uint64_t span = GRANULE_PER_LEAF * GRANULE_SIZE;
			uint64_t slot_end =
			    r->base + ((pa - r->base) / span + 1) * span;

			if (r->slots[(pa - r->base) / span].leaf != NULL) {
				return pa;
			}
			return slot_end < r->end ? slot_end : r->end;
		}
		if (r->base > pa && r->base < next) {
			next = r->base;
		}
	}
	return next;
}

struct granule_ret granule_delegable(struct granule_map_locked locked,
				     uint64_t base, uint64_t top)
{
	uint64_t pa = base;

	if (top < base || !is_aligned(base, GRANULE_SIZE) ||
	    !is_aligned(top, GRANULE_SIZE)) {
		return ret_fail(GRANULE_INVALID, base);
	}
	while (pa < top) {
		uint64_t next = skip_untracked(locked.map, pa, top);

		if (next != pa) {
			pa = next;
			continue;
		}
		if (granule_value(locked.map, pa) != 0) {
			return ret_fail(GRANULE_DENIED, pa);
		}
		pa += GRANULE_SIZE;
	}
	return ret_fail(GRANULE_OK, top);
}
