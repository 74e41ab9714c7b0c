/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/checked.h"
#include "spmc/granule.h"
#include "spmc/std.h"

#include "internal.h"

/*
 * Storage: each `ns-memory` range has a directory with one slot per 8 MiB,
 * allocated at init (16 bytes per 8 MiB); a slot's leaf (one pool entry of
 * 2048 u16 states) exists only while it holds a tracked granule. Memory use
 * therefore grows with the memory in transactions, not with a fixed table.
 */

#define GRANULE_LEAF_SPAN (GRANULE_PER_LEAF * GRANULE_SIZE)

static bool ns_ranges_valid(const struct granule_range *ns, size_t count)
{
	uint64_t prev_end = 0;
	uint64_t end;

	if (count > GRANULE_MAX_NS_RANGES) {
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		if (ns[i].size == 0 || !is_aligned(ns[i].base, GRANULE_SIZE) ||
		    !is_aligned(ns[i].size, GRANULE_SIZE) ||
		    !checked_range_end(ns[i].base, ns[i].size, &end) ||
		    (i > 0 && ns[i].base < prev_end)) {
			return false;
		}
		prev_end = end;
	}
	return true;
}

static void dir_free(struct granule_map *map, struct granule_ns_range *r)
{
	uint8_t *dir = (uint8_t *)r->slots;

	for (size_t i = 0; i < r->slot_count; i++) {
		if (r->slots[i].leaf != NULL) {
			mpool_free(map->ppool, r->slots[i].leaf);
		}
	}
	for (size_t i = 0; i < r->dir_entries; i++) {
		mpool_free(map->ppool, dir + i * GRANULE_LEAF_BYTES);
	}
	r->slots = NULL;
	r->dir_entries = 0;
}

static bool dir_alloc(struct granule_map *map, struct granule_ns_range *r)
{
	uint64_t size = r->end - r->base;
	size_t bytes;

	r->slot_count = (size + GRANULE_LEAF_SPAN - 1) / GRANULE_LEAF_SPAN;
	bytes = r->slot_count * sizeof(struct granule_slot);
	r->dir_entries = (bytes + GRANULE_LEAF_BYTES - 1) / GRANULE_LEAF_BYTES;
	r->slots = mpool_alloc_contiguous(map->ppool, r->dir_entries, 1);
	if (r->slots == NULL) {
		r->dir_entries = 0;
		return false;
	}
	memset(r->slots, 0, r->dir_entries * GRANULE_LEAF_BYTES);
	return true;
}

enum granule_result granule_map_init(struct granule_map *map,
				     const struct granule_range *ns,
				     size_t ns_count, struct mpool *ppool,
				     const struct granule_el3_ops *el3,
				     enum granule_policy policy)
{
	memset(map, 0, sizeof(*map));
	sl_init(&map->lock);
	map->ppool = ppool;
	map->el3 = *el3;
	map->policy = policy;
	if (ppool->entry_size != GRANULE_LEAF_BYTES ||
	    !ns_ranges_valid(ns, ns_count)) {
		return GRANULE_INVALID;
	}
	for (size_t i = 0; i < ns_count; i++) {
		struct granule_ns_range *r = &map->ranges[i];

		r->base = ns[i].base;
		r->end = ns[i].base + ns[i].size;
		if (!dir_alloc(map, r)) {
			granule_map_fini(map);
			return GRANULE_NO_MEMORY;
		}
		map->range_count++;
	}
	return GRANULE_OK;
}

void granule_map_fini(struct granule_map *map)
{
	for (size_t i = 0; i < map->range_count; i++) {
		dir_free(map, &map->ranges[i]);
	}
	map->range_count = 0;
}

struct granule_map_locked granule_map_lock(struct granule_map *map)
{
	sl_lock(&map->lock);
	return (struct granule_map_locked){ .map = map };
}

void granule_map_unlock(struct granule_map_locked *locked)
{
	if (locked->map == NULL) {
		return;
	}
	sl_unlock(&locked->map->lock);
	locked->map = NULL;
}

struct granule_ns_range *granule_ns_find(struct granule_map *map, uint64_t base,
					 uint64_t end)
{
	for (size_t i = 0; i < map->range_count; i++) {
		struct granule_ns_range *r = &map->ranges[i];

		if (range_within(base, end, r->base, r->end)) {
			return r;
		}
	}
	return NULL;
}

static struct granule_slot *slot_of(struct granule_ns_range *r, uint64_t pa)
{
	return &r->slots[(pa - r->base) / GRANULE_LEAF_SPAN];
}

static size_t index_of(struct granule_ns_range *r, uint64_t pa)
{
	return ((pa - r->base) / GRANULE_SIZE) % GRANULE_PER_LEAF;
}

uint16_t *granule_slot_value(struct granule_map *map, uint64_t pa)
{
	struct granule_ns_range *r = granule_ns_find(map, pa, pa + 1);
	struct granule_slot *slot;

	if (r == NULL) {
		return NULL;
	}
	slot = slot_of(r, pa);
	if (slot->leaf == NULL) {
		return NULL;
	}
	return &slot->leaf[index_of(r, pa)];
}

uint16_t granule_value(struct granule_map *map, uint64_t pa)
{
	uint16_t *v = granule_slot_value(map, pa);

	return v == NULL ? 0 : *v;
}

struct granule_info granule_get(struct granule_map_locked locked, uint64_t pa)
{
	uint16_t v;

	if (granule_ns_find(locked.map, pa, pa + 1) == NULL) {
		return (struct granule_info){ .state = GRANULE_NS };
	}
	v = granule_value(locked.map, pa);
	return (struct granule_info){
		.state = granule_value_state(v),
		.share_count = granule_value_count(v),
		.tracked = true,
	};
}

/*
 * The walks below go through `[base, end)` leaf by leaf and compute the
 * transition of each distinct value once: a run of equal states costs a
 * load, a compare and a store per granule, and a one-granule range a few
 * more for the slot.
 */

void granule_walk_events(struct granule_walk *w, const enum granule_event *ev,
			 size_t n)
{
	if (n == 0 || n > GRANULE_CHAIN_MAX) {
		__builtin_trap();
	}
	for (size_t i = 0; i < n; i++) {
		w->memo.ev[i] = ev[i];
	}
	w->memo.n = (uint8_t)n;
	w->memo.valid = false;
}

void granule_walk_init(struct granule_walk *w, struct granule_map *map,
		       const enum granule_event *ev, size_t n)
{
	w->map = map;
	w->ns = NULL;
	granule_walk_events(w, ev, n);
}

struct granule_ns_range *granule_walk_lookup(struct granule_walk *w,
					     uint64_t base, uint64_t end)
{
	struct granule_ns_range *r = granule_ns_find(w->map, base, end);

	if (r != NULL) {
		w->ns = r;
	}
	return r;
}

/** The events of `m` in a row on `v`: the first failure, or the result. */
static __attribute__((noinline)) const struct granule_step *
memo_compute(struct granule_memo *m, uint16_t v)
{
	struct granule_step st = { .result = GRANULE_OK, .value = v };

	for (uint8_t i = 0; i < m->n && st.result == GRANULE_OK; i++) {
		struct granule_step next = granule_step(st.value, m->ev[i]);

		next.unprotect = next.unprotect || st.unprotect;
		st = next;
	}
	m->step = st;
	m->v = v;
	m->valid = true;
	return &m->step;
}

static inline const struct granule_step *memo_step(struct granule_memo *m,
						   uint16_t v)
{
	if (m->valid && m->v == v) {
		return &m->step;
	}
	return memo_compute(m, v);
}

static size_t span_chunk(struct granule_ns_range *r, uint64_t pa, uint64_t end)
{
	size_t i = index_of(r, pa);
	uint64_t left = (end - pa) / GRANULE_SIZE;

	return GRANULE_PER_LEAF - i < left ? GRANULE_PER_LEAF - i
					   : (size_t)left;
}

/** Notes, for the release path, whether a checked step unprotects. */
static inline void note_unprotect(struct granule_walk *w,
				  const struct granule_step *st)
{
	if (st->unprotect) {
		w->unprotect_some = true;
	} else {
		w->unprotect_all = false;
	}
}

/** A value the memo had not seen: its step, noted for the walk. */
static enum granule_result check_new(struct granule_walk *w, uint16_t v)
{
	const struct granule_step *st = memo_compute(&w->memo, v);

	if (st->result == GRANULE_OK) {
		note_unprotect(w, st);
		w->need_leaf = w->need_leaf || st->value != 0;
	}
	return st->result;
}

static inline enum granule_result
check_span(struct granule_walk *w, uint64_t base, uint64_t end, uint64_t *bad)
{
	struct granule_ns_range *r = granule_walk_find(w, base, end);

	for (uint64_t pa = base; pa < end;) {
		const uint16_t *leaf = slot_of(r, pa)->leaf;
		size_t i = index_of(r, pa);
		/* An untracked chunk is all zero: one check. */
		size_t n = leaf == NULL ? 1 : span_chunk(r, pa, end);

		for (size_t k = 0; k < n; k++) {
			uint16_t v = leaf == NULL ? 0 : leaf[i + k];
			enum granule_result res = GRANULE_OK;

			if (!w->memo.valid || v != w->memo.v) {
				res = check_new(w, v);
			}
			if (res != GRANULE_OK) {
				*bad = pa + k * GRANULE_SIZE;
				return res;
			}
		}
		pa += span_chunk(r, pa, end) * GRANULE_SIZE;
	}
	return GRANULE_OK;
}

/** `check_span` of one granule, the usual constituent. */
static inline enum granule_result check_one(struct granule_walk *w, uint64_t pa,
					    uint64_t *bad)
{
	struct granule_ns_range *r =
	    granule_walk_find(w, pa, pa + GRANULE_SIZE);
	const uint16_t *leaf = slot_of(r, pa)->leaf;
	uint16_t v = leaf == NULL ? 0 : leaf[index_of(r, pa)];
	enum granule_result res = GRANULE_OK;

	if (!w->memo.valid || v != w->memo.v) {
		res = check_new(w, v);
	}
	if (res != GRANULE_OK) {
		*bad = pa;
	}
	return res;
}

enum granule_result granule_walk_check(struct granule_walk *w,
				       const struct granule_range *ranges,
				       size_t count, uint64_t *bad)
{
	w->memo.valid = false; /* Every distinct value gets noted below. */
	w->need_leaf = false;
	w->unprotect_some = false;
	w->unprotect_all = true;
	for (size_t i = 0; i < count; i++) {
		enum granule_result r =
		    ranges[i].size == GRANULE_SIZE
			? check_one(w, ranges[i].base, bad)
			: check_span(w, ranges[i].base,
				     ranges[i].base + ranges[i].size, bad);

		if (r != GRANULE_OK) {
			return r;
		}
	}
	return GRANULE_OK;
}

static inline void commit_span(struct granule_walk *w, uint64_t base,
			       uint64_t end)
{
	struct granule_ns_range *r = granule_walk_find(w, base, end);
	uint16_t from = w->memo.v;
	uint16_t to = w->memo.step.value;
	bool known = w->memo.valid;

	for (uint64_t pa = base; pa < end;) {
		struct granule_slot *slot = slot_of(r, pa);
		uint16_t *leaf = slot->leaf;
		size_t i = index_of(r, pa);
		size_t n = span_chunk(r, pa, end);
		uint32_t used = slot->used;

		pa += n * GRANULE_SIZE;
		if (leaf == NULL) {
			/* Untracked granules stay so, or were reserved. */
			if (memo_step(&w->memo, 0)->value != 0) {
				__builtin_trap();
			}
			continue;
		}
		/* The memo is kept in locals: leaf stores cannot alias it. */
		for (size_t k = i; k < i + n; k++) {
			uint16_t v = leaf[k];

			if (!known || v != from) {
				to = memo_compute(&w->memo, v)->value;
				from = v;
				known = true;
			}
			used += (uint32_t)(v == 0) - (uint32_t)(to == 0);
			leaf[k] = to;
		}
		slot->used = used;
		if (used == 0) {
			mpool_free(w->map->ppool, leaf);
			slot->leaf = NULL;
		}
	}
}

/** `commit_span` of one granule, the usual constituent: no chunk loop. */
static inline void commit_one(struct granule_walk *w, uint64_t pa)
{
	struct granule_ns_range *r =
	    granule_walk_find(w, pa, pa + GRANULE_SIZE);
	struct granule_slot *slot = slot_of(r, pa);
	uint16_t *v;
	uint16_t nv;

	if (slot->leaf == NULL) {
		commit_span(w, pa, pa + GRANULE_SIZE);
		return;
	}
	v = &slot->leaf[index_of(r, pa)];
	nv = memo_step(&w->memo, *v)->value;
	slot->used += (uint32_t)(*v == 0) - (uint32_t)(nv == 0);
	*v = nv;
	if (slot->used == 0) {
		mpool_free(w->map->ppool, slot->leaf);
		slot->leaf = NULL;
	}
}

void granule_walk_commit(struct granule_walk *w,
			 const struct granule_range *ranges, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (ranges[i].size == GRANULE_SIZE) {
			commit_one(w, ranges[i].base);
		} else {
			commit_span(w, ranges[i].base,
				    ranges[i].base + ranges[i].size);
		}
	}
}

void granule_walk_commit_span(struct granule_walk *w, uint64_t base,
			      uint64_t end)
{
	commit_span(w, base, end);
}

/** Whether the events take the granule at `pa` out of the Secure PAS. */
static bool walk_unprotects(struct granule_walk *w, struct granule_ns_range *r,
			    uint64_t pa)
{
	const uint16_t *leaf = slot_of(r, pa)->leaf;

	return leaf != NULL &&
	       memo_step(&w->memo, leaf[index_of(r, pa)])->unprotect;
}

bool granule_walk_unprotect_run(struct granule_walk *w, uint64_t pa,
				uint64_t end, uint64_t *run, uint64_t *run_end)
{
	struct granule_ns_range *r;

	if (pa >= end) {
		return false;
	}
	r = granule_walk_find(w, pa, end);
	while (pa < end && !walk_unprotects(w, r, pa)) {
		pa += GRANULE_SIZE;
	}
	if (pa == end) {
		return false;
	}
	*run = pa;
	do {
		pa += GRANULE_SIZE;
	} while (pa < end && walk_unprotects(w, r, pa));
	*run_end = pa;
	return true;
}

static bool slot_fill(struct granule_map *map, struct granule_slot *slot)
{
	if (slot->leaf != NULL) {
		return true;
	}
	slot->leaf = mpool_alloc(map->ppool);
	if (slot->leaf == NULL) {
		return false;
	}
	memset(slot->leaf, 0, GRANULE_LEAF_BYTES);
	slot->used = 0;
	return true;
}

static bool slot_trim(struct granule_map *map, struct granule_slot *slot)
{
	if (slot->leaf != NULL && slot->used == 0) {
		mpool_free(map->ppool, slot->leaf);
		slot->leaf = NULL;
	}
	return true;
}

/**
 * Calls `fn` on each slot that `ranges` touch (a slot shared by ranges in a
 * row once). Returns false, with `*failed` at the range, if `fn` does.
 */
static bool
for_each_slot(struct granule_map *map, const struct granule_range *ranges,
	      size_t count, size_t *failed,
	      bool (*fn)(struct granule_map *map, struct granule_slot *slot))
{
	struct granule_walk w = { .map = map };
	struct granule_slot *last_done = NULL;

	for (size_t k = 0; k < count; k++) {
		uint64_t end = ranges[k].base + ranges[k].size;
		struct granule_ns_range *r =
		    granule_walk_find(&w, ranges[k].base, end);
		struct granule_slot *first = slot_of(r, ranges[k].base);
		struct granule_slot *last = slot_of(r, end - 1);

		for (struct granule_slot *s = first; s <= last; s++) {
			if (s == last_done) {
				continue;
			}
			if (!fn(map, s)) {
				*failed = k;
				return false;
			}
		}
		last_done = last;
	}
	return true;
}

void granule_trim(struct granule_map *map, const struct granule_range *ranges,
		  size_t count)
{
	size_t failed;

	(void)for_each_slot(map, ranges, count, &failed, slot_trim);
}

bool granule_reserve(struct granule_map *map,
		     const struct granule_range *ranges, size_t count)
{
	size_t failed = 0;

	if (!for_each_slot(map, ranges, count, &failed, slot_fill)) {
		granule_trim(map, ranges, failed + 1);
		return false;
	}
	return true;
}
