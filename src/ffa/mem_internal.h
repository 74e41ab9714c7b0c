/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Shared by the memory-sharing handlers (mem_send.c, mem_retrieve.c,
 * mem_reclaim.c): the store, the granule map, copies from TX buffers and
 * the two-phase stage-2 updates over every constituent of a transaction.
 * Lock order: store, then partition/NWd mailbox, then granule map, then
 * page tables (by address), then the page pool.
 */

#include "spmc/granule.h"
#include "spmc/mem_desc.h"
#include "spmc/mem_share.h"
#include "spmc/mm.h"

#include "internal.h"

struct ffa_mem_global {
	struct mem_share_store store;
	struct granule_map granules;
	struct mpool *ppool;
	bool ready;
};

extern struct ffa_mem_global ffa_mem;

/** A buffer of whole pool pages. */
struct mem_buf {
	void *ptr;
	size_t pages;
};

void mem_buf_free(struct mem_buf *b);

/**
 * Copies the first `len` bytes of the caller's TX buffer into a new pool
 * buffer. 0, or INVALID_PARAMETERS (TX not mapped, `len` 0 or larger than
 * TX), NO_MEMORY, ABORTED (the read faulted).
 */
int32_t mem_tx_read(const struct ffa_call *call, uint32_t len,
		    struct mem_buf *out);

/** The FF-A handle of `v` as two 32-bit register halves (w1, w2). */
static inline uint64_t mem_handle_arg(const struct ffa_call *call)
{
	return (uint32_t)call->regs->x[1] |
	       ((uint64_t)(uint32_t)call->regs->x[2] << 32);
}

/** Whether the caller sent `share`. */
bool mem_is_sender(const struct ffa_call *call, const struct mem_share *share);

/** Whether the memory of `share` is reached through the NS PAS / tree. */
bool mem_share_ns(const struct mem_share *share);

/** The granule ranges of `share` (filled at send, in `share->extra`). */
const struct granule_range *mem_ranges(const struct mem_share *share);

/** One table of a multi-table update. */
struct mem_table_update {
	struct mm_ptable *t;
	uint32_t mode;
	struct mm_ptable_locked l;
	struct mm_update u;
};

/**
 * Locks the `n` tables (by address) and prepares `mode` over every
 * constituent of `d` on each. FFA_NO_MEMORY (everything released, nothing
 * changed) or 0: then the caller must end with `mem_tables_commit` or
 * `mem_tables_abandon`.
 */
int32_t mem_tables_prepare(struct mem_table_update *ups, size_t n,
			   const struct mem_desc *d);
void mem_tables_commit(struct mem_table_update *ups, size_t n,
		       const struct mem_desc *d);
void mem_tables_abandon(struct mem_table_update *ups, size_t n);

/**
 * Whether every constituent of `d` is unmapped in `t`, or (when `mode`
 * non-NULL) mapped with one mode, stored in `*mode`.
 */
bool mem_tables_uniform(struct mm_ptable *t, const struct mem_desc *d,
			uint32_t *mode);

/**
 * Gives every constituent of `d` the mode `mode` in `t`, two-phase; when
 * `zero`, zeroes them (PAS from `ns`) between prepare and commit, so a
 * faulting zeroing (FFA_ABORTED) or a short pool (FFA_NO_MEMORY) leaves
 * everything as it was. Returns 0 or that error.
 */
int32_t mem_table_update(struct mm_ptable *t, uint32_t mode,
			 const struct mem_desc *d, bool zero, bool ns);

/** Zeroes every constituent; false if an access faulted. */
bool mem_zero(const struct mem_desc *d, bool ns);

/** A live SP endpoint, or NULL. */
struct partition *mem_live_sp(uint16_t id);

/** Writes a retrieve response fragment; see mem_retrieve.c. */
uint32_t mem_resp_total(const struct mem_share *share, uint32_t layout);

/**
 * EL3 refused to move a granule back to NS (class (c): the SPMC can no
 * longer keep its promise to the normal world). Logs and stops.
 */
__attribute__((noreturn)) void mem_fatal(const char *what, uint64_t at);

/** The stage-2 tree of `p` a borrower of `share` maps it in. */
struct mm_ptable *mem_receiver_table(struct partition *p,
				     const struct mem_share *share);
