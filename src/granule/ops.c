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

static bool range_shape_ok(struct granule_map *map,
			   const struct granule_range *r)
{
	uint64_t end;

	return r->size != 0 && is_aligned(r->base, GRANULE_SIZE) &&
	       is_aligned(r->size, GRANULE_SIZE) &&
	       checked_range_end(r->base, r->size, &end) &&
	       granule_ns_find(map, r->base, end) != NULL;
}

/**
 * Index of a range overlapping an earlier one, or `count`. Ascending
 * lists (the usual case) cost one comparison per range; others are
 * compared pairwise.
 */
static size_t find_overlap(const struct granule_range *ranges, size_t count)
{
	bool sorted = true;

	for (size_t i = 1; i < count && sorted; i++) {
		sorted =
		    ranges[i].base >= ranges[i - 1].base + ranges[i - 1].size;
	}
	if (sorted) {
		return count;
	}
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

/** Shape of the list: aligned, non-empty, in `ns-memory`, no overlap. */
static struct granule_ret check_shape(struct granule_map *map,
				      const struct granule_range *ranges,
				      size_t count)
{
	size_t bad;

	if (ranges == NULL || count == 0) {
		return ret_fail(GRANULE_INVALID, 0);
	}
	for (size_t i = 0; i < count; i++) {
		if (!range_shape_ok(map, &ranges[i])) {
			return ret_fail(GRANULE_INVALID, ranges[i].base);
		}
	}
	bad = find_overlap(ranges, count);
	if (bad != count) {
		return ret_fail(GRANULE_INVALID, ranges[bad].base);
	}
	return ret_ok(ranges, count, false);
}

/** Checks the shape, then that `ev` is legal on every granule. */
static struct granule_ret validate(struct granule_map *map,
				   const struct granule_range *ranges,
				   size_t count, enum granule_event ev)
{
	struct granule_ret ret = check_shape(map, ranges, count);
	struct granule_memo memo = { 0 };

	if (ret.result != GRANULE_OK) {
		return ret;
	}
	for (size_t i = 0; i < count; i++) {
		uint64_t bad = 0;
		enum granule_result r = granule_span_check(
		    map, ranges[i].base, ranges[i].base + ranges[i].size, ev,
		    &memo, &bad);

		if (r != GRANULE_OK) {
			return ret_fail(r, bad);
		}
	}
	return ret;
}

/** Applies `ev`, validated, to `[base, end)`. Cannot fail. */
static void commit_span(struct granule_map *map, uint64_t base, uint64_t end,
			enum granule_event ev, struct granule_memo *memo)
{
	if (base < end) {
		granule_span_commit(map, base, end, ev, memo);
	}
}

static void commit_all(struct granule_map *map,
		       const struct granule_range *ranges, size_t count,
		       enum granule_event ev)
{
	struct granule_memo memo = { 0 };

	for (size_t i = 0; i < count; i++) {
		commit_span(map, ranges[i].base,
			    ranges[i].base + ranges[i].size, ev, &memo);
	}
}

/** Validates `ev` on every granule, then commits it. */
static struct granule_ret apply(struct granule_map_locked locked,
				const struct granule_range *ranges,
				size_t count, enum granule_event ev)
{
	struct granule_ret ret = validate(locked.map, ranges, count, ev);

	if (ret.result == GRANULE_OK) {
		commit_all(locked.map, ranges, count, ev);
	}
	return ret;
}

struct granule_ret granule_begin(struct granule_map_locked locked,
				 enum granule_txn txn,
				 const struct granule_range *ranges,
				 size_t count)
{
	enum granule_event ev =
	    txn == GRANULE_TXN_SHARE  ? GRANULE_EV_BEGIN_SHARE
	    : txn == GRANULE_TXN_LEND ? GRANULE_EV_BEGIN_LEND
				      : GRANULE_EV_BEGIN_DONATE;
	struct granule_ret ret = validate(locked.map, ranges, count, ev);

	if (ret.result != GRANULE_OK) {
		return ret;
	}
	if (!granule_reserve(locked.map, ranges, count)) {
		return ret_fail(GRANULE_NO_MEMORY, ranges[0].base);
	}
	commit_all(locked.map, ranges, count, ev);
	return ret;
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

struct granule_ret granule_protect(struct granule_map_locked locked,
				   const struct granule_range *ranges,
				   size_t count)
{
	struct granule_map *map = locked.map;
	struct granule_ret ret =
	    validate(map, ranges, count, GRANULE_EV_PROTECT);

	if (ret.result != GRANULE_OK) {
		return ret;
	}
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
	commit_all(map, ranges, count, GRANULE_EV_PROTECT);
	return ret_ok(ranges, count, true);
}

/**
 * Unprotects, run by run, the granules of `range` that `ev` takes out of
 * the Secure PAS. Returns OK, or FATAL with `next` at the refused granule.
 */
static struct granule_ret unprotect_runs(struct granule_map *map,
					 const struct granule_range *range,
					 enum granule_event ev)
{
	uint64_t end = range->base + range->size;
	uint64_t pa = range->base;

	while (pa < end) {
		uint64_t run = pa;
		struct granule_el3_ret r;

		while (run < end &&
		       granule_step(granule_value(map, run), ev).unprotect) {
			run += GRANULE_SIZE;
		}
		if (run == pa) {
			pa += GRANULE_SIZE;
			continue;
		}
		r = map->el3.unprotect(map->el3.ctx, pa, run - pa);
		if (r.status != GRANULE_EL3_SUCCESS) {
			return ret_fail(GRANULE_FATAL,
					pa + el3_done(r, run - pa));
		}
		pa = run;
	}
	return ret_fail(GRANULE_OK, end);
}

/** Abort and reclaim: unprotect what is Secure, then commit `ev`. */
static struct granule_ret release(struct granule_map *map,
				  const struct granule_range *ranges,
				  size_t count, enum granule_event ev)
{
	struct granule_ret ret = validate(map, ranges, count, ev);

	if (ret.result != GRANULE_OK) {
		return ret;
	}
	for (size_t i = 0; i < count; i++) {
		struct granule_ret r = unprotect_runs(map, &ranges[i], ev);

		if (r.result != GRANULE_OK) {
			/* Record what did reach NS before the SPMC aborts. */
			commit_all(map, ranges, i, ev);
			struct granule_memo memo = { 0 };

			commit_span(map, ranges[i].base, r.next, ev, &memo);
			return r;
		}
	}
	commit_all(map, ranges, count, ev);
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
