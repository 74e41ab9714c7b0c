/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Memory-sharing transactions (docs/design/mem_share.md): the store that
 * keeps them, their handles, and the state machine of a transaction and of
 * each of its receivers. The store knows nothing of page tables or
 * granules; the FF-A handlers check an event with `mem_share_check`, do
 * their own reserve/commit work, then apply it with `mem_share_apply`,
 * which cannot fail.
 *
 * Handles are a keyed 63-bit permutation of a counter: unique, never 0,
 * bit 63 clear (allocated by the SPMC), and unrelated to where a record
 * lives. Records and the hash table's buckets come from the page pool, so
 * the number of transactions is bounded by memory only.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/mem_desc.h"
#include "spmc/mpool.h"
#include "spmc/spinlock.h"

enum mem_share_state {
	/** Fragments of the descriptor still to come (FFA_MEM_FRAG_TX). */
	MEM_SHARE_SENDING,
	/** Fully sent: can be retrieved and reclaimed. */
	MEM_SHARE_READY,
};

enum mem_recv_state {
	/** Not retrieved (or relinquished). */
	MEM_RECV_IDLE,
	/** Mapped; fragments of the retrieve response still to deliver. */
	MEM_RECV_RETRIEVING,
	/** Mapped; the whole response delivered. */
	MEM_RECV_RETRIEVED,
};

/** Events of the state machine; see `mem_share_check`. */
enum mem_share_event {
	MEM_EV_FRAGMENT,      /* a further fragment, more to come */
	MEM_EV_SEND_DONE,     /* the last fragment */
	MEM_EV_RETRIEVE,      /* receiver: retrieve, whole response at once */
	MEM_EV_RETRIEVE_FRAG, /* receiver: retrieve, response fragmented */
	MEM_EV_RESP_FRAG,     /* receiver: a further response fragment */
	MEM_EV_RESP_DONE,     /* receiver: the last response fragment */
	MEM_EV_RELINQUISH,    /* receiver */
	MEM_EV_RECLAIM,       /* sender */
	MEM_EV_COUNT,
};

struct mem_share_recv {
	enum mem_recv_state state;
	/** Permissions granted at retrieve (FFA_MEM_PERM_* byte). */
	uint8_t perm;
	/** The retriever asked for zeroing after relinquish. */
	bool clear_on_relinquish;
	/** Retrieve response: layout, bytes delivered, total. */
	uint32_t resp_layout;
	uint32_t resp_sent;
	uint32_t resp_total;
};

struct mem_share {
	/** Hash chain. */
	struct mem_share *next;
	uint64_t handle;
	enum mem_desc_abi abi;
	enum mem_share_state state;
	/** Sent by the normal world (else by the SP `desc.sender`). */
	bool sender_nwd;
	/** Normal-world memory moved to the Secure PAS by the granule module. */
	bool secure_pas;
	/** SP sender: the memory is in its NS IPA tree; its mode before. */
	bool sender_ns_tree;
	uint32_t sender_mode;
	/** Receivers not in MEM_RECV_IDLE. */
	uint32_t holders;
	struct mem_desc desc;
	struct mem_share_recv recv[PLAT_MAX_MEM_RECEIVERS];
	/** Hypervisor retrieve response in progress (normal world). */
	uint32_t hyp_resp_sent;
	uint32_t hyp_resp_total;
	uint32_t hyp_resp_layout;
	/** Caller storage of `extra` bytes asked at allocation. */
	void *extra;
	/** Pages of this record (the constituents follow it). */
	size_t pages;
};

struct mem_share_store {
	struct spinlock lock;
	struct mpool *ppool;
	/** One pool page of chain heads. */
	struct mem_share **buckets;
	uint64_t key[2];
	uint64_t counter;
	size_t count;
};

/** Token: the caller holds `store->lock`. */
struct mem_share_store_locked {
	struct mem_share_store *store;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Sets up an empty store whose records come from `ppool` (4 KiB entries),
 * with handles keyed by `seed`. False if the pool has no page for the
 * buckets.
 */
bool mem_share_store_init(struct mem_share_store *s, struct mpool *ppool,
			  uint64_t seed);

/** Frees every record and the buckets. */
void mem_share_store_fini(struct mem_share_store *s);

struct mem_share_store_locked mem_share_store_lock(struct mem_share_store *s);
void mem_share_store_unlock(struct mem_share_store_locked *l);

/**
 * A new record with room for `constituent_cap` constituents
 * (`desc.constituents` and `desc.constituent_cap` set) and `extra` bytes
 * of caller storage (8-byte aligned, at `extra`), everything else zero, and
 * a fresh handle; not yet findable. NULL when the pool is short.
 */
struct mem_share *mem_share_alloc(struct mem_share_store_locked l,
				  uint32_t constituent_cap, size_t extra);

/** Makes `share` findable by its handle. */
void mem_share_insert(struct mem_share_store_locked l, struct mem_share *share);

/** The record of `handle`, or NULL. */
struct mem_share *mem_share_find(struct mem_share_store_locked l,
				 uint64_t handle);

/** Removes `share` (if inserted) and returns its pages to the pool. */
void mem_share_free(struct mem_share_store_locked l, struct mem_share *share);

/**
 * Calls `fn` on every record; a record for which it returns true is
 * removed and freed.
 */
void mem_share_for_each(struct mem_share_store_locked l,
			bool (*fn)(struct mem_share *share, void *ctx),
			void *ctx);

/** Number of records in the store. */
size_t mem_share_count(struct mem_share_store_locked l);

/** Index of receiver `id` in `share`, or -1. */
int mem_share_receiver_index(const struct mem_share *share, uint16_t id);

/**
 * Whether `event` may happen now (`recv`: receiver index, for receiver
 * events): 0, or the FF-A error to return. Changes nothing.
 */
int32_t mem_share_check(const struct mem_share *share,
			enum mem_share_event event, uint32_t recv);

/**
 * Applies an event `mem_share_check` allowed. Returns true when the
 * transaction is over and the caller must free it (a donate whose
 * response was fully delivered, or a reclaim).
 */
bool mem_share_apply(struct mem_share *share, enum mem_share_event event,
		     uint32_t recv);

const char *mem_share_event_name(enum mem_share_event e);

#ifdef __cplusplus
}
#endif
