/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The transaction store: records in page-pool pages, a hash table of
 * chains keyed by handle, handles from a keyed permutation of a counter.
 */

#include <string.h>

#include "spmc/mem_share.h"

#define PAGE 4096U
#define BUCKETS (PAGE / sizeof(struct mem_share *))
#define HANDLE_MASK ((UINT64_C(1) << 63) - 1)

/*
 * A bijection of [0, 2^63): adds, odd multiplies and right xor-shifts
 * that stay within 63 bits are each invertible. Keyed so that handles
 * from one boot say nothing about the next or about the store's layout.
 */
static uint64_t permute(const uint64_t key[2], uint64_t x)
{
	x = (x + key[0]) & HANDLE_MASK;
	x = (x * UINT64_C(0x9E3779B97F4A7C15)) & HANDLE_MASK;
	x ^= x >> 29;
	x = (x * UINT64_C(0xBF58476D1CE4E5B9)) & HANDLE_MASK;
	x ^= x >> 32;
	x = (x + key[1]) & HANDLE_MASK;
	x = (x * UINT64_C(0x94D049BB133111EB)) & HANDLE_MASK;
	x ^= x >> 31;
	return x;
}

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

bool mem_share_store_init(struct mem_share_store *s, struct mpool *ppool,
			  uint64_t seed)
{
	*s = (struct mem_share_store){ 0 };
	sl_init(&s->lock);
	s->ppool = ppool;
	s->buckets = mpool_alloc(ppool);
	if (s->buckets == NULL) {
		return false;
	}
	memset(s->buckets, 0, PAGE);
	s->key[0] = mix(seed);
	s->key[1] = mix(seed ^ UINT64_C(0x5851F42D4C957F2D));
	return true;
}

static void free_pages(struct mpool *ppool, struct mem_share *share)
{
	if (share->pages == 1) {
		mpool_free(ppool, share);
	} else {
		/* Whole chunks go back as chunks, so they can be cut again. */
		(void)mpool_add_chunk(ppool, share, share->pages * PAGE);
	}
}

void mem_share_store_fini(struct mem_share_store *s)
{
	if (s->buckets == NULL) {
		return;
	}
	for (size_t i = 0; i < BUCKETS; i++) {
		while (s->buckets[i] != NULL) {
			struct mem_share *share = s->buckets[i];

			s->buckets[i] = share->next;
			free_pages(s->ppool, share);
		}
	}
	mpool_free(s->ppool, s->buckets);
	s->buckets = NULL;
	s->count = 0;
}

struct mem_share_store_locked mem_share_store_lock(struct mem_share_store *s)
{
	sl_lock(&s->lock);
	return (struct mem_share_store_locked){ s };
}

void mem_share_store_unlock(struct mem_share_store_locked *l)
{
	sl_unlock(&l->store->lock);
	l->store = NULL;
}

static struct mem_share **bucket(struct mem_share_store *s, uint64_t handle)
{
	return &s->buckets[handle % BUCKETS];
}

struct mem_share *mem_share_find(struct mem_share_store_locked l,
				 uint64_t handle)
{
	struct mem_share *share;

	if ((handle & ~HANDLE_MASK) != 0) {
		return NULL;
	}
	for (share = *bucket(l.store, handle); share != NULL;
	     share = share->next) {
		if (share->handle == handle) {
			return share;
		}
	}
	return NULL;
}

static uint64_t new_handle(struct mem_share_store *s)
{
	uint64_t h;

	do {
		h = permute(s->key, s->counter++);
	} while (h == 0);
	return h;
}

struct mem_share *mem_share_alloc(struct mem_share_store_locked l,
				  uint32_t constituent_cap, size_t extra)
{
	struct mem_share_store *s = l.store;
	uint64_t cons =
	    (uint64_t)constituent_cap * sizeof(struct mem_desc_constituent);
	uint64_t bytes = sizeof(struct mem_share) + cons + extra;
	size_t pages = (size_t)((bytes + PAGE - 1) / PAGE);
	struct mem_share *share;

	share = pages == 1 ? mpool_alloc(s->ppool)
			   : mpool_alloc_contiguous(s->ppool, pages, 1);
	if (share == NULL) {
		return NULL;
	}
	memset(share, 0, sizeof(*share));
	share->pages = pages;
	share->handle = new_handle(s);
	share->desc.constituents = (struct mem_desc_constituent *)(share + 1);
	share->desc.constituent_cap = constituent_cap;
	share->extra = (uint8_t *)(share + 1) + cons;
	return share;
}

void mem_share_insert(struct mem_share_store_locked l, struct mem_share *share)
{
	struct mem_share **head = bucket(l.store, share->handle);

	share->next = *head;
	*head = share;
	l.store->count++;
}

void mem_share_free(struct mem_share_store_locked l, struct mem_share *share)
{
	struct mem_share **p = bucket(l.store, share->handle);

	while (*p != NULL && *p != share) {
		p = &(*p)->next;
	}
	if (*p == share) {
		*p = share->next;
		l.store->count--;
	}
	free_pages(l.store->ppool, share);
}

void mem_share_for_each(struct mem_share_store_locked l,
			bool (*fn)(struct mem_share *share, void *ctx),
			void *ctx)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct mem_share **p = &l.store->buckets[i];

		while (*p != NULL) {
			struct mem_share *share = *p;

			if (fn(share, ctx)) {
				*p = share->next;
				l.store->count--;
				free_pages(l.store->ppool, share);
			} else {
				p = &share->next;
			}
		}
	}
}

size_t mem_share_count(struct mem_share_store_locked l)
{
	return l.store->count;
}

int mem_share_receiver_index(const struct mem_share *share, uint16_t id)
{
	for (uint32_t i = 0; i < share->desc.receiver_count; i++) {
		if (share->desc.receivers[i].id == id) {
			return (int)i;
		}
	}
	return -1;
}
