/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/mpool.h"

#include <stdint.h>

#include "spmc/checked.h"

/*
 * Design. A pool keeps its memory in two lists, both threaded through the
 * free memory itself so the pool needs no storage of its own:
 *
 * - the entry list: single free entries (freed ones, or borrowed from the
 *   fallback), each starting with a pointer to the next;
 * - the chunk list: free ranges of one or more whole entries, each starting
 *   with a `struct mpool_chunk` header giving the next chunk and the end of
 *   the range.
 *
 * `mpool_alloc` takes from the entry list first, then cuts the first entry
 * off the first chunk. `mpool_alloc_contiguous` only cuts from chunks: freed
 * single entries are never merged back into chunks.
 *
 * Entries are `entry_size` bytes, a power of two no smaller than a chunk
 * header, and every entry and chunk starts on an `entry_size` boundary.
 *
 * Locking: a call takes at most one pool lock at a time. Calls that may reach
 * the fallback release the pool's own lock first, so chains of pools of any
 * depth cannot deadlock.
 */

/** Header at the start of a free range of whole entries. */
struct mpool_chunk {
	struct mpool_chunk *next_chunk;
	/** Exclusive end of the range (an address, not a chunk). */
	struct mpool_chunk *limit;
};

/** A single free entry. */
struct mpool_entry {
	struct mpool_entry *next;
};

/* Set once by `mpool_enable_locks`, before secondary CPUs start. */
static bool mpool_locks_enabled;

/** Makes every pool operation take the pool's lock from now on. */
void mpool_enable_locks(void)
{
	mpool_locks_enabled = true;
}

static void mpool_lock(struct mpool *p)
{
	if (mpool_locks_enabled) {
		sl_lock(&p->lock);
	}
}

static void mpool_unlock(struct mpool *p)
{
	if (mpool_locks_enabled) {
		sl_unlock(&p->lock);
	}
}

/* True if the pool's entry size can hold a chunk header and be aligned to. */
static bool mpool_entry_size_valid(size_t entry_size)
{
	return entry_size >= sizeof(struct mpool_chunk) &&
	       (entry_size & (entry_size - 1)) == 0;
}

static size_t mpool_chunk_size(const struct mpool_chunk *chunk)
{
	return (size_t)((uintptr_t)chunk->limit - (uintptr_t)chunk);
}

/**
 * Initialises an empty pool of entries of `entry_size` bytes. `entry_size`
 * must be a power of two of at least two pointers (16 bytes on AArch64);
 * otherwise the pool stays unusable: `mpool_add_chunk` refuses every range.
 */
void mpool_init(struct mpool *p, size_t entry_size)
{
	sl_init(&p->lock);
	p->entry_size = entry_size;
	p->chunk_list = NULL;
	p->entry_list = NULL;
	p->fallback = NULL;
}

/**
 * Initialises `p` and moves every entry and chunk of `from`, and its
 * fallback, into it. `from` is left empty, without a fallback, and may be
 * reused. `p` must not be in use by anyone yet. Takes `from`'s lock.
 */
void mpool_init_from(struct mpool *p, struct mpool *from)
{
	mpool_init(p, from->entry_size);

	mpool_lock(from);
	p->chunk_list = from->chunk_list;
	p->entry_list = from->entry_list;
	p->fallback = from->fallback;
	from->chunk_list = NULL;
	from->entry_list = NULL;
	from->fallback = NULL;
	mpool_unlock(from);
}

/**
 * Initialises an empty pool with the entry size of `fallback`, which it
 * borrows from when empty. `fallback` must outlive `p`, or `mpool_fini(p)`
 * must run first.
 */
void mpool_init_with_fallback(struct mpool *p, struct mpool *fallback)
{
	mpool_init(p, fallback->entry_size);
	p->fallback = fallback;
}

/**
 * Returns every entry and chunk of `p` to its fallback and detaches the
 * fallback; `p` is then empty. Without a fallback, `p` is just emptied and
 * its memory goes back to whoever added it. Takes `p`'s lock, then (after
 * releasing it) the fallback's lock once per entry or chunk.
 */
void mpool_fini(struct mpool *p)
{
	struct mpool_entry *entry;
	struct mpool_chunk *chunk;
	struct mpool *fallback;

	mpool_lock(p);
	entry = p->entry_list;
	chunk = p->chunk_list;
	fallback = p->fallback;
	p->entry_list = NULL;
	p->chunk_list = NULL;
	p->fallback = NULL;
	mpool_unlock(p);

	if (fallback == NULL) {
		return;
	}

	while (entry != NULL) {
		struct mpool_entry *next = entry->next;

		mpool_free(fallback, entry);
		entry = next;
	}

	while (chunk != NULL) {
		struct mpool_chunk *next = chunk->next_chunk;

		/* Already aligned whole entries: this cannot fail. */
		mpool_add_chunk(fallback, chunk, mpool_chunk_size(chunk));
		chunk = next;
	}
}

/**
 * Adds `[begin, begin + size)` to the pool. The range is trimmed to whole
 * entries aligned to `entry_size`. Returns false, and leaves the pool and the
 * memory untouched, if no whole entry remains, if the range wraps around the
 * address space, or if the pool's entry size is invalid. On success the pool
 * owns the memory until it is allocated. Takes `p`'s lock.
 */
bool mpool_add_chunk(struct mpool *p, void *begin, size_t size)
{
	uint64_t first;
	uint64_t end;
	uint64_t last;
	struct mpool_chunk *chunk;

	if (!mpool_entry_size_valid(p->entry_size)) {
		return false;
	}
	if (!checked_range_end((uintptr_t)begin, size, &end) ||
	    !checked_align_up((uintptr_t)begin, p->entry_size, &first)) {
		return false;
	}
	last = end & ~((uint64_t)p->entry_size - 1);
	if (last <= first) {
		return false;
	}

	chunk = (struct mpool_chunk *)(uintptr_t)first;
	chunk->limit = (struct mpool_chunk *)(uintptr_t)last;

	mpool_lock(p);
	chunk->next_chunk = p->chunk_list;
	p->chunk_list = chunk;
	mpool_unlock(p);

	return true;
}

/* Takes one entry from `p` itself, or returns NULL. Needs `p`'s lock. */
static void *mpool_alloc_local(struct mpool *p)
{
	struct mpool_entry *entry = p->entry_list;
	struct mpool_chunk *chunk = p->chunk_list;
	struct mpool_chunk *rest;

	if (entry != NULL) {
		p->entry_list = entry->next;
		return entry;
	}
	if (chunk == NULL) {
		return NULL;
	}

	if (mpool_chunk_size(chunk) == p->entry_size) {
		p->chunk_list = chunk->next_chunk;
		return chunk;
	}

	/* Cut the first entry off; the rest becomes a chunk of its own. */
	rest = (struct mpool_chunk *)((uintptr_t)chunk + p->entry_size);
	rest->next_chunk = chunk->next_chunk;
	rest->limit = chunk->limit;
	p->chunk_list = rest;
	return chunk;
}

/**
 * Allocates one entry from `p`, or, when `p` is empty, from its fallback
 * chain. Returns NULL when all of them are empty. The caller owns the entry;
 * it is not zeroed. Takes `p`'s lock, then (after releasing it) the
 * fallback's.
 */
void *mpool_alloc(struct mpool *p)
{
	while (p != NULL) {
		struct mpool *fallback;
		void *ret;

		mpool_lock(p);
		ret = mpool_alloc_local(p);
		fallback = p->fallback;
		mpool_unlock(p);

		if (ret != NULL) {
			return ret;
		}
		p = fallback;
	}
	return NULL;
}

/*
 * Cuts `count` entries aligned to `align` entries out of the first chunk of
 * `p` that has room. The parts of the chunk before and after the allocation
 * stay in the chunk list. Returns NULL if no chunk has room or the sizes
 * overflow. Needs `p`'s lock.
 */
static void *mpool_alloc_contiguous_local(struct mpool *p, size_t count,
					  size_t align)
{
	struct mpool_chunk **prev = &p->chunk_list;
	uint64_t size;
	uint64_t align_bytes;

	if (!checked_size(count, p->entry_size, &size) ||
	    !checked_size(align, p->entry_size, &align_bytes)) {
		return NULL;
	}

	while (*prev != NULL) {
		struct mpool_chunk *chunk = *prev;
		struct mpool_chunk *next = chunk->next_chunk;
		uintptr_t limit = (uintptr_t)chunk->limit;
		uint64_t start;
		uint64_t end;

		if (!checked_align_up((uintptr_t)chunk, align_bytes, &start) ||
		    !checked_add_u64(start, size, &end) || end > limit) {
			prev = &chunk->next_chunk;
			continue;
		}

		/* Keep the tail, if any, as a new chunk after this one. */
		if (end < limit) {
			struct mpool_chunk *tail =
			    (struct mpool_chunk *)(uintptr_t)end;

			tail->next_chunk = next;
			tail->limit = (struct mpool_chunk *)limit;
			next = tail;
		}

		/* Keep the head, if any, as a shortened chunk. */
		if (start > (uintptr_t)chunk) {
			chunk->limit = (struct mpool_chunk *)(uintptr_t)start;
			chunk->next_chunk = next;
		} else {
			*prev = next;
		}
		return (void *)(uintptr_t)start;
	}

	return NULL;
}

/**
 * Allocates `count` contiguous entries whose first one is aligned to `align`
 * entries (a power of two), from `p`'s chunks or else from its fallback
 * chain. Freed single entries are not considered. Returns NULL if `count` or
 * `align` is 0, `align` is not a power of two, or no chunk has room. Takes
 * `p`'s lock, then (after releasing it) the fallback's.
 */
void *mpool_alloc_contiguous(struct mpool *p, size_t count, size_t align)
{
	if (count == 0 || align == 0 || (align & (align - 1)) != 0) {
		return NULL;
	}

	while (p != NULL) {
		struct mpool *fallback;
		void *ret;

		mpool_lock(p);
		ret = mpool_alloc_contiguous_local(p, count, align);
		fallback = p->fallback;
		mpool_unlock(p);

		if (ret != NULL) {
			return ret;
		}
		p = fallback;
	}
	return NULL;
}

/**
 * Returns one entry to `p` (not to its fallback). `ptr` must be an entry of
 * `p`'s entry size that the caller owns, typically from `mpool_alloc` on `p`
 * or on a pool sharing its fallback; NULL is ignored. Takes `p`'s lock.
 */
void mpool_free(struct mpool *p, void *ptr)
{
	struct mpool_entry *entry = ptr;

	if (entry == NULL) {
		return;
	}

	mpool_lock(p);
	entry->next = p->entry_list;
	p->entry_list = entry;
	mpool_unlock(p);
}

/**
 * Returns the number of entries `p` itself holds, free single entries plus
 * the entries of its chunks; its fallback is not counted. Takes `p`'s lock.
 */
size_t mpool_count(struct mpool *p)
{
	size_t count = 0;
	const struct mpool_entry *entry;
	const struct mpool_chunk *chunk;

	mpool_lock(p);
	for (entry = p->entry_list; entry != NULL; entry = entry->next) {
		count++;
	}
	for (chunk = p->chunk_list; chunk != NULL; chunk = chunk->next_chunk) {
		count += mpool_chunk_size(chunk) / p->entry_size;
	}
	mpool_unlock(p);

	return count;
}
