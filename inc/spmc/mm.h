/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/addr.h"
#include "spmc/mm/defs.h"
#include "spmc/mpool.h"
#include "spmc/spinlock.h"

/**
 * Page tables: the SPMC's own EL2 stage 1 and partitions' stage 2, updated
 * in two phases. See docs/design/mm.md for the contract; in short:
 *
 * - `mm_prepare` checks a request and reserves, from an mpool, every table
 *   its commit can need. It fails with nothing changed and nothing kept.
 * - `mm_commit` writes the request and cannot fail. It uses blocks wherever
 *   alignment allows, splits blocks only where the range ends inside them,
 *   batches break-before-make and invalidates the TLB at most once.
 * - `mm_map` is prepare + commit for a single request.
 *
 * Every function that reads or writes a table takes a `struct
 * mm_ptable_locked` token: the caller holds the table's lock, from the
 * first prepare until the last commit of an update.
 */

struct mm_stage2;

/** One translation table tree. */
struct mm_ptable {
	struct spinlock lock;
	/** Root table: one page, or concatenated pages for stage 2. */
	paddr_t root;
	enum mm_stage stage;
	/** Requests prepared on this table and not yet committed. */
	uint32_t outstanding;
	/** The partition's pair, for stage-2 tables; NULL for stage 1. */
	const struct mm_stage2 *s2;
};

/** Token meaning "the caller holds `ptable->lock`". */
struct mm_ptable_locked {
	struct mm_ptable *ptable;
};

/** A partition's two stage-2 trees, which share its VMID. */
struct mm_stage2 {
	struct mm_ptable secure;
	struct mm_ptable ns;
	uint16_t vmid;
};

enum mm_error {
	MM_SUCCESS = 0,
	/** Input range empty, unaligned, wrapping or outside the table. */
	MM_ERROR_RANGE,
	/** Output address unaligned or beyond the physical address size. */
	MM_ERROR_OUTPUT,
	/** Mode has unknown bits or cannot be encoded in this table. */
	MM_ERROR_MODE,
	/** The page pool ran out. */
	MM_ERROR_NO_MEMORY,
};

/**
 * One update request: give the input range `[begin, end)` the mode `mode`,
 * mapping `begin` to `pa` (mode `MM_MODE_UNMAPPED`: unmap, `pa` ignored).
 * Input addresses are VAs for stage 1 and IPAs for stage 2; build requests
 * with the typed helpers below.
 */
struct mm_req {
	uint64_t begin;
	uint64_t end;
	paddr_t pa;
	uint32_t mode;
};

/**
 * Pages reserved by `mm_prepare` for the commits of one or more requests
 * on one table. Private to the module: set up with `mm_update_init`.
 */
struct mm_update {
	struct mpool *ppool;
	struct mm_ptable *ptable;
	void *reserve;
	size_t reserve_count;
	size_t prepared;
	/** A commit changed valid entries; `mm_update_fini` invalidates. */
	bool tlbi_pending;
	/**
	 * Per level, the last entry a prepared request will replace by a new
	 * table (`plan_valid` bit per level): later requests of the same
	 * update under that entry count only what they add below it, so
	 * many small requests in one block reserve one table, not one each.
	 */
	uint64_t plan_base[4];
	uint8_t plan_valid;
	uint64_t tlbi_begin;
	uint64_t tlbi_end;
};

enum mm_mode_status {
	/** Every page of the range has the returned mode. */
	MM_MODE_STATUS_UNIFORM = 0,
	/** Pages of the range differ (the returned mode is meaningless). */
	MM_MODE_STATUS_MIXED,
	/** The range is empty, unaligned or outside the table. */
	MM_MODE_STATUS_BAD_RANGE,
};

struct mm_mode_ret {
	enum mm_mode_status status;
	uint32_t mode;
};

/** The SPMC image sections, as the linker script lays them out. */
struct mm_image_layout {
	/** `.text`: mapped read-only, executable. */
	paddr_t text_begin;
	paddr_t text_end;
	/** `.rodata`: read-only; the end is rounded up to a page. */
	paddr_t rodata_begin;
	paddr_t rodata_end;
	/** `.data`, `.bss` and `.stacks` (to `image_end`): read-write. */
	paddr_t data_begin;
	paddr_t data_end;
};

/** A request on identity-mapped memory (the SPMC's stage 1, SP stage 2). */
static inline struct mm_req mm_req_identity(paddr_t begin, paddr_t end,
					    uint32_t mode)
{
	struct mm_req r = { pa_addr(begin), pa_addr(end), begin, mode };

	return r;
}

/** A stage-1 request mapping `[begin, end)` to `pa`. */
static inline struct mm_req mm_req_va(vaddr_t begin, vaddr_t end, paddr_t pa,
				      uint32_t mode)
{
	struct mm_req r = { va_addr(begin), va_addr(end), pa, mode };

	return r;
}

/** A stage-2 request mapping `[begin, end)` to `pa`. */
static inline struct mm_req mm_req_ipa(ipaddr_t begin, ipaddr_t end, paddr_t pa,
				       uint32_t mode)
{
	struct mm_req r = { ipa_addr(begin), ipa_addr(end), pa, mode };

	return r;
}

#ifdef __cplusplus
extern "C" {
#endif

const char *mm_error_name(enum mm_error e);

void mm_enable_locks(void);

struct mm_ptable_locked mm_ptable_lock(struct mm_ptable *t);

void mm_ptable_unlock(struct mm_ptable_locked *locked);

enum mm_error mm_ptable_init(struct mm_ptable *t, enum mm_stage stage,
			     struct mpool *ppool);

void mm_ptable_fini(struct mm_ptable_locked t, struct mpool *ppool);

enum mm_error mm_stage2_init(struct mm_stage2 *s2, uint16_t vmid,
			     struct mpool *ppool);

void mm_stage2_fini(struct mm_stage2 *s2, struct mpool *ppool);

void mm_update_init(struct mm_update *u, struct mpool *ppool);

enum mm_error mm_prepare(struct mm_ptable_locked t, struct mm_update *u,
			 const struct mm_req *req);

void mm_commit(struct mm_ptable_locked t, struct mm_update *u,
	       const struct mm_req *req);

void mm_update_fini(struct mm_ptable_locked t, struct mm_update *u);

enum mm_error mm_map(struct mm_ptable_locked t, const struct mm_req *req,
		     struct mpool *ppool);

enum mm_error mm_identity_map(struct mm_ptable_locked t, paddr_t begin,
			      paddr_t end, uint32_t mode, struct mpool *ppool);

struct mm_mode_ret mm_get_mode(struct mm_ptable_locked t, uint64_t begin,
			       uint64_t end);

enum mm_error mm_identity_map_image(struct mm_ptable_locked t,
				    const struct mm_image_layout *layout,
				    struct mpool *ppool);

#ifdef __cplusplus
}
#endif
