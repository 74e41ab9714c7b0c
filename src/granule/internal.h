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

/** Stores `value` for `pa`, whose leaf exists; keeps `used` right. */
void granule_store(struct granule_map *map, uint64_t pa, uint16_t value);

/** The last transition computed in one operation (its event). */
struct granule_memo {
	bool valid;
	uint16_t v;
	struct granule_step step;
};

/**
 * Checks `ev` on every granule of `[base, end)` (inside one `ns-memory`
 * range): OK, or the first failure with `*bad` at its granule. `m` caches
 * the transition of the last state seen; use one per event.
 */
enum granule_result granule_span_check(struct granule_map *map, uint64_t base,
				       uint64_t end, enum granule_event ev,
				       struct granule_memo *m, uint64_t *bad);

/** Applies a checked `ev` to `[base, end)`, whose leaves are reserved. */
void granule_span_commit(struct granule_map *map, uint64_t base, uint64_t end,
			 enum granule_event ev, struct granule_memo *m);
