/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/granule.h"

/*
 * A granule's state is a u16: the state in bits [15:12], the share count in
 * bits [11:0]. Zero is `GRANULE_NS` with no share, so a zeroed leaf is
 * untracked memory.
 */
#define GRANULE_STATE_SHIFT 12
#define GRANULE_COUNT_MASK 0xfffU
#define GRANULE_LEAF_BYTES 4096U
#define GRANULE_PER_LEAF (GRANULE_LEAF_BYTES / sizeof(uint16_t))

/** Events of the state machine, one per operation. */
enum granule_event {
	GRANULE_EV_BEGIN_SHARE,
	GRANULE_EV_BEGIN_LEND,
	GRANULE_EV_BEGIN_DONATE,
	GRANULE_EV_PROTECT,
	GRANULE_EV_COMMIT,
	GRANULE_EV_ABORT,
	GRANULE_EV_UNSHARE,
	GRANULE_EV_RECLAIM,
	GRANULE_EV_RETURN,
};

/** Outcome of one event on one granule. */
struct granule_step {
	enum granule_result result;
	uint16_t value; /* New encoded state. */
	bool unprotect; /* EL3 must unprotect it first. */
};

static inline uint16_t granule_encode(enum granule_state s, uint32_t count)
{
	return (uint16_t)(((uint32_t)s << GRANULE_STATE_SHIFT) |
			  (count & GRANULE_COUNT_MASK));
}

static inline enum granule_state granule_value_state(uint16_t v)
{
	return (enum granule_state)(v >> GRANULE_STATE_SHIFT);
}

static inline uint32_t granule_value_count(uint16_t v)
{
	return v & GRANULE_COUNT_MASK;
}

/** The transition table: what `ev` does to a granule in state `v`. */
struct granule_step granule_step(uint16_t v, enum granule_event ev);

/** Pointer to the state of `pa`, or NULL if untracked or no leaf yet. */
uint16_t *granule_slot_value(struct granule_map *map, uint64_t pa);

/** Encoded state of `pa` (0 if no leaf). `pa` must be in `ns-memory`. */
uint16_t granule_value(struct granule_map *map, uint64_t pa);

/** The `ns-memory` range holding `[base, end)` entirely, or NULL. */
struct granule_ns_range *granule_ns_find(struct granule_map *map, uint64_t base,
					 uint64_t end);

/**
 * Makes sure every granule of `ranges` has a leaf. On failure frees the
 * leaves it added (and every empty one of `ranges`) and returns false.
 */
bool granule_reserve(struct granule_map *map,
		     const struct granule_range *ranges, size_t count);

/** Frees the leaves of `ranges` that hold no tracked granule. */
void granule_trim(struct granule_map *map, const struct granule_range *ranges,
		  size_t count);

/** Most events one operation applies in a row to each granule. */
#define GRANULE_CHAIN_MAX 3

/**
 * The events an operation applies to each granule, in order, and the
 * transition of the last value seen (runs of equal states, the usual case,
 * compute it once).
 */
struct granule_memo {
	enum granule_event ev[GRANULE_CHAIN_MAX];
	uint8_t n;
	bool valid;
	uint16_t v;
	struct granule_step step;
};

/**
 * A pass over the ranges of one operation. `ns` caches the `ns-memory` range
 * of the last range walked, so lists of ranges in one `ns-memory` range look
 * it up once. The check records what the commit and release need.
 */
struct granule_walk {
	struct granule_map *map;
	struct granule_ns_range *ns;
	struct granule_memo memo;
	bool need_leaf;      /* A granule to be tracked has no leaf yet. */
	bool unprotect_some; /* Some checked granule leaves the Secure PAS. */
	bool unprotect_all;  /* Every checked granule does. */
};

/** Starts a walk applying the `n` events `ev` in order. */
void granule_walk_init(struct granule_walk *w, struct granule_map *map,
		       const enum granule_event *ev, size_t n);

/** Changes the events of `w` (its cached range stays). */
void granule_walk_events(struct granule_walk *w, const enum granule_event *ev,
			 size_t n);

/** `granule_walk_find` when the cached range does not hold the span. */
struct granule_ns_range *granule_walk_lookup(struct granule_walk *w,
					     uint64_t base, uint64_t end);

/** The `ns-memory` range holding `[base, end)`, or NULL; caches it. */
static inline struct granule_ns_range *
granule_walk_find(struct granule_walk *w, uint64_t base, uint64_t end)
{
	struct granule_ns_range *r = w->ns;

	if (r != NULL && base >= r->base && end <= r->end && base < end) {
		return r;
	}
	return granule_walk_lookup(w, base, end);
}

/**
 * Checks the events on every granule of `ranges` (each inside `ns-memory`):
 * OK, or the first failure with `*bad` at its granule. Sets `need_leaf`,
 * `unprotect_some` and `unprotect_all`.
 */
enum granule_result granule_walk_check(struct granule_walk *w,
				       const struct granule_range *ranges,
				       size_t count, uint64_t *bad);

/** Applies the checked events to `ranges`, whose leaves exist. */
void granule_walk_commit(struct granule_walk *w,
			 const struct granule_range *ranges, size_t count);

/** Applies the checked events to `[base, end)` only. */
void granule_walk_commit_span(struct granule_walk *w, uint64_t base,
			      uint64_t end);

/**
 * The first run `[*run, *run_end)` at or after `pa`, below `end`, of
 * granules the events take out of the Secure PAS; false if there is none.
 */
bool granule_walk_unprotect_run(struct granule_walk *w, uint64_t pa,
				uint64_t end, uint64_t *run, uint64_t *run_end);
