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

void granule_store(struct granule_map *map, uint64_t pa, uint16_t value)
{
	struct granule_ns_range *r = granule_ns_find(map, pa, pa + 1);
	struct granule_slot *slot = slot_of(r, pa);
	uint16_t *v = &slot->leaf[index_of(r, pa)];

	bool emptied = false;

	if (*v == 0 && value != 0) {
		slot->used++;
	} else if (*v != 0 && value == 0) {
		slot->used--;
		emptied = slot->used == 0;
	}
	*v = value;
	if (emptied) {
		mpool_free(map->ppool, slot->leaf);
		slot->leaf = NULL;
	}
}

/*
 * The spans below walk `[base, end)` leaf by leaf and compute the step of
 * each distinct value once (a run of equal states, the usual case, costs
 * a load, a compare and a store per granule).
 */

static size_t span_chunk(struct granule_ns_range *r, uint64_t pa, uint64_t end)
{
	size_t i = index_of(r, pa);
	uint64_t left = (end - pa) / GRANULE_SIZE;

	return GRANULE_PER_LEAF - i < left ? GRANULE_PER_LEAF - i
					   : (size_t)left;
}

static const struct granule_step *memo_step(struct granule_memo *m, uint16_t v,
					    enum granule_event ev)
{
	if (!m->valid || m->v != v) {
		m->step = granule_step(v, ev);
		m->v = v;
		m->valid = true;
	}
	return &m->step;
}

enum granule_result granule_span_check(struct granule_map *map, uint64_t base,
				       uint64_t end, enum granule_event ev,
				       struct granule_memo *m, uint64_t *bad)
{
	struct granule_ns_range *r = granule_ns_find(map, base, end);

	for (uint64_t pa = base; pa < end;) {
		struct granule_slot *slot = slot_of(r, pa);
		size_t i = index_of(r, pa);
		size_t n = span_chunk(r, pa, end);
		const uint16_t *leaf = slot->leaf;

		for (size_t k = 0; k < n; k++) {
			const struct granule_step *st =
			    memo_step(m, leaf == NULL ? 0 : leaf[i + k], ev);

			if (st->result != GRANULE_OK) {
				*bad = pa + k * GRANULE_SIZE;
				return st->result;
			}
			if (leaf == NULL) {
				break; /* The whole chunk is untracked: one check. */
			}
		}
		pa += n * GRANULE_SIZE;
	}
	return GRANULE_OK;
}

void granule_span_commit(struct granule_map *map, uint64_t base, uint64_t end,
			 enum granule_event ev, struct granule_memo *m)
{
	struct granule_ns_range *r = granule_ns_find(map, base, end);

	for (uint64_t pa = base; pa < end;) {
		struct granule_slot *slot = slot_of(r, pa);
		size_t i = index_of(r, pa);
		size_t n = span_chunk(r, pa, end);

		pa += n * GRANULE_SIZE;
		if (slot->leaf == NULL) {
			/* Untracked granules stay so, or were reserved. */
			if (memo_step(m, 0, ev)->value != 0) {
				__builtin_trap();
			}
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			uint16_t *v = &slot->leaf[i + k];
			uint16_t nv = memo_step(m, *v, ev)->value;

			if (*v == 0 && nv != 0) {
				slot->used++;
			} else if (*v != 0 && nv == 0) {
				slot->used--;
			}
			*v = nv;
		}
		if (slot->used == 0) {
			mpool_free(map->ppool, slot->leaf);
			slot->leaf = NULL;
		}
	}
}

/** Calls `fn` on each slot that `[base, base + size)` touches. */
static bool
for_each_slot(struct granule_map *map, const struct granule_range *range,
	      bool (*fn)(struct granule_map *map, struct granule_slot *slot))
{
	uint64_t end = range->base + range->size;
	struct granule_ns_range *r = granule_ns_find(map, range->base, end);
	size_t first = (range->base - r->base) / GRANULE_LEAF_SPAN;
	size_t last = (end - 1 - r->base) / GRANULE_LEAF_SPAN;

	for (size_t i = first; i <= last; i++) {
		if (!fn(map, &r->slots[i])) {
			return false;
		}
	}
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

void granule_trim(struct granule_map *map, const struct granule_range *ranges,
		  size_t count)
{
	for (size_t i = 0; i < count; i++) {
		for_each_slot(map, &ranges[i], slot_trim);
	}
}

bool granule_reserve(struct granule_map *map,
		     const struct granule_range *ranges, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (!for_each_slot(map, &ranges[i], slot_fill)) {
			granule_trim(map, ranges, i + 1);
			return false;
		}
	}
	return true;
}
