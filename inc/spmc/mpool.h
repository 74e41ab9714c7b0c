/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "spmc/spinlock.h"

/**
 * A pool of fixed-size entries (normally 4 KiB pages) carved from chunks of
 * memory handed to it. Freed entries go back on a free list; contiguous
 * allocations are cut from chunks. A pool may have a fallback pool it
 * borrows from when empty, and `mpool_fini` returns everything a local pool
 * holds to its fallback: this is how an operation stages the pages it needs
 * in a CPU-local pool and gives back what it did not use.
 *
 * Locking: each pool has its own `lock`, taken by every call once
 * `mpool_enable_locks` has run (before that only the primary CPU runs).
 * A pool's lock is never held while its fallback's lock is taken by the
 * same call, so pools can be chained to any depth.
 */

struct mpool_chunk;
struct mpool_entry;

struct mpool {
	struct spinlock lock;
	size_t entry_size;
	struct mpool_chunk *chunk_list;
	struct mpool_entry *entry_list;
	struct mpool *fallback;
};

#ifdef __cplusplus
extern "C" {
#endif

/** Makes every pool operation take the pool's lock from now on. */
void mpool_enable_locks(void);

/** Initialises an empty pool of entries of `entry_size` bytes. */
void mpool_init(struct mpool *p, size_t entry_size);

/** Initialises `p` and moves every entry and chunk of `from` into it. */
void mpool_init_from(struct mpool *p, struct mpool *from);

/** Initialises an empty pool that borrows from `fallback` when empty. */
void mpool_init_with_fallback(struct mpool *p, struct mpool *fallback);

/** Returns every entry and chunk of `p` to its fallback; `p` is then empty. */
void mpool_fini(struct mpool *p);

/**
 * Adds `[begin, begin + size)` to the pool. The range is trimmed to whole,
 * aligned entries; returns false if nothing usable remains.
 */
bool mpool_add_chunk(struct mpool *p, void *begin, size_t size);

/** Allocates one entry, or returns NULL when `p` and its fallbacks are empty. */
void *mpool_alloc(struct mpool *p);

/**
 * Allocates `count` contiguous entries aligned to `align` entries (a power
 * of two), or returns NULL.
 */
void *mpool_alloc_contiguous(struct mpool *p, size_t count, size_t align);

/** Returns one entry to `p` (not to its fallback). */
void mpool_free(struct mpool *p, void *ptr);

/** Number of entries `p` itself holds (its fallback not counted). */
size_t mpool_count(struct mpool *p);

#ifdef __cplusplus
}
#endif
