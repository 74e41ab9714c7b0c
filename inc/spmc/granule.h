/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/mpool.h"
#include "spmc/spinlock.h"

/**
 * Granule-state module: the state of every 4 KiB granule of normal-world
 * memory that enters an FF-A transaction, and the EL3 calls that move a
 * granule between the NS and Secure physical address spaces (RME). Design:
 * `docs/design/granule.md`; facts: tfa-spmd-interface.md §4.
 *
 * Only granules inside the SPMC manifest's `ns-memory` ranges are tracked;
 * everything else (device memory, Secure memory) is refused. Every
 * operation takes a list of ranges and works in three steps: validate every
 * range and granule, reserve storage, then commit. On failure no granule
 * changes state and no storage is kept. Results come back RMI v2.0 style:
 * a result and `next`, how far the operation got (the first address that
 * failed, or the end of the last range on success).
 */

#define GRANULE_SIZE UINT64_C(4096)
#define GRANULE_MAX_NS_RANGES 16
/** Largest number of concurrent share transactions on one granule. */
#define GRANULE_SHARE_MAX 4095U

/** Per-granule state. `GRANULE_NS` (untracked) costs no storage. */
enum granule_state {
	GRANULE_NS,           /* NS PAS, in no transaction. */
	GRANULE_SHARED,       /* NS PAS, in `share_count` shares. */
	GRANULE_SHARING,      /* Share in flight (count = earlier shares). */
	GRANULE_LENDING,      /* Lend in flight, still NS PAS. */
	GRANULE_DONATING,     /* Donate in flight, still NS PAS. */
	GRANULE_LENDING_SEC,  /* Lend in flight, protected (Secure PAS). */
	GRANULE_DONATING_SEC, /* Donate in flight, protected. */
	GRANULE_LENT,         /* Lent to the secure world, Secure PAS. */
	GRANULE_DONATED,      /* Donated to the secure world, Secure PAS. */
	GRANULE_LENT_NS,      /* Lent, EL3 offers no protection: NS PAS. */
	GRANULE_DONATED_NS,   /* Donated, EL3 offers no protection: NS PAS. */
	GRANULE_STATE_COUNT,
};

/** Result of a granule operation; see `granule_result_ffa_error`. */
enum granule_result {
	GRANULE_OK,
	GRANULE_INVALID,     /* Bad range, or EL3 said INVALID_PARAM. */
	GRANULE_DENIED,      /* Wrong state, or EL3 said DENIED. */
	GRANULE_NO_MEMORY,   /* No storage, or share count saturated. */
	GRANULE_UNSUPPORTED, /* No EL3 protection and the policy refuses. */
	GRANULE_FATAL,       /* EL3 refused an unprotect: abort the SPMC. */
	GRANULE_RESULT_COUNT,
};

/** The kind of FF-A transaction a granule enters. */
enum granule_txn {
	GRANULE_TXN_SHARE,
	GRANULE_TXN_LEND,
	GRANULE_TXN_DONATE,
};

/** What to do when EL3 answers NOT_SUPPORTED to a protect call. */
enum granule_policy {
	GRANULE_POLICY_CONTINUE_NS, /* Keep the memory NS (Hafnium). */
	GRANULE_POLICY_REQUIRE,     /* Refuse the transaction. */
};

/** A range of physical memory: `[base, base + size)`. */
struct granule_range {
	uint64_t base;
	uint64_t size;
};

/**
 * Result of an operation. `next` is the first address not done: the
 * offending granule or range base on failure, the end of the last range on
 * success. `secure` says, after `granule_protect`, whether the memory is now
 * in the Secure PAS (false when EL3 offers no protection and the policy
 * continues with NS memory).
 */
struct granule_ret {
	enum granule_result result;
	uint64_t next;
	bool secure;
};

/** Answer of EL3 to one protect or unprotect call. */
enum granule_el3_status {
	GRANULE_EL3_SUCCESS,
	GRANULE_EL3_DENIED,        /* SMC_DENIED -3, FIRME -5. */
	GRANULE_EL3_INVALID,       /* SMC_INVALID_PARAM -4, FIRME -2. */
	GRANULE_EL3_NOT_SUPPORTED, /* SMC_UNK -1, FIRME -1. */
};

/** `done`: bytes from `base` that did change PAS (whole granules). */
struct granule_el3_ret {
	enum granule_el3_status status;
	uint64_t done;
};

/**
 * The EL3 interface: PLAT_PROTECT_MEM_64 (0xC2000101) and
 * PLAT_UNPROTECT_MEM_64 (0xC2000102), or FIRME GPI_SET (0xC4000402) granule
 * by granule. Injected so host tests can run a software GPT.
 */
struct granule_el3_ops {
	struct granule_el3_ret (*protect)(void *ctx, uint64_t base,
					  uint64_t size);
	struct granule_el3_ret (*unprotect)(void *ctx, uint64_t base,
					    uint64_t size);
	void *ctx;
};

/** Storage of 2048 granule states (8 MiB of memory), from the pool. */
struct granule_slot {
	uint16_t *leaf;
	uint32_t used; /* Granules of the leaf not in `GRANULE_NS`. */
};

/** One `ns-memory` range and its directory of leaves. */
struct granule_ns_range {
	uint64_t base;
	uint64_t end;
	struct granule_slot *slots;
	size_t slot_count;
	size_t dir_entries; /* Pool entries holding `slots`. */
};

/** The state of all tracked granules. Guarded by `lock`. */
struct granule_map {
	struct spinlock lock;
	struct mpool *ppool;
	struct granule_el3_ops el3;
	enum granule_policy policy;
	size_t range_count;
	struct granule_ns_range ranges[GRANULE_MAX_NS_RANGES];
};

/** Token proving `map->lock` is held. */
struct granule_map_locked {
	struct granule_map *map;
};

/** State of one granule, as `granule_get` reports it. */
struct granule_info {
	enum granule_state state;
	uint32_t share_count;
	bool tracked; /* Inside an `ns-memory` range. */
};

#ifdef __cplusplus
extern "C" {
#endif

/** The policy chosen by the GN arg `granule_require_protection`. */
enum granule_policy granule_build_policy(void);

/** Name of a result, a state; "?" for an unknown value. */
const char *granule_result_name(enum granule_result r);
const char *granule_state_name(enum granule_state s);

/**
 * FF-A error code for a result (0 for `GRANULE_OK`): INVALID →
 * FFA_INVALID_PARAMETERS, DENIED and UNSUPPORTED → FFA_DENIED, NO_MEMORY →
 * FFA_NO_MEMORY, FATAL → FFA_ABORTED.
 */
int32_t granule_result_ffa_error(enum granule_result r);

/**
 * Initialises `map` for the `ns-memory` ranges `ns` (granule-aligned,
 * non-empty, sorted, not overlapping), with directories drawn from `ppool`
 * (4 KiB entries), which later leaves also come from. Returns INVALID for bad
 * ranges, NO_MEMORY when the pool is short; on failure nothing is kept.
 */
enum granule_result granule_map_init(struct granule_map *map,
				     const struct granule_range *ns,
				     size_t ns_count, struct mpool *ppool,
				     const struct granule_el3_ops *el3,
				     enum granule_policy policy);

/** Returns every directory and leaf of `map` to its pool. */
void granule_map_fini(struct granule_map *map);

/** Takes `map->lock`. */
struct granule_map_locked granule_map_lock(struct granule_map *map);

/** Releases the lock of a token from `granule_map_lock`. */
void granule_map_unlock(struct granule_map_locked *locked);

/** State of the granule holding `pa`. */
struct granule_info granule_get(struct granule_map_locked locked, uint64_t pa);

/**
 * Starts a transaction of kind `txn` on `ranges`: every granule must be NS
 * (lend, donate) or NS/shared (share); they become SHARING / LENDING /
 * DONATING. Ranges must be granule-aligned, non-empty, inside one
 * `ns-memory` range each and not overlap one another (INVALID). On failure
 * no state has changed.
 */
struct granule_ret granule_begin(struct granule_map_locked locked,
				 enum granule_txn txn,
				 const struct granule_range *ranges,
				 size_t count);

/**
 * Moves a begun lend or donate (NWd → SPs only, normal memory) to the Secure
 * PAS, range by range through EL3. If EL3 denies or rejects range k, the
 * granules already protected are unprotected and DENIED / INVALID returned
 * with `next` at the granule that failed. If EL3 has no protection, the
 * policy decides: OK with `secure` false, or UNSUPPORTED. On failure (other
 * than FATAL, when an undo is refused) no state has changed.
 */
struct granule_ret granule_protect(struct granule_map_locked locked,
				   const struct granule_range *ranges,
				   size_t count);

/** Completes a begun transaction: SHARED, LENT(_NS) or DONATED(_NS). */
struct granule_ret granule_commit(struct granule_map_locked locked,
				  const struct granule_range *ranges,
				  size_t count);

/**
 * A whole send in one operation: `granule_begin`, then for lend and donate
 * `granule_protect`, then `granule_commit`, with the same results, `next`,
 * `secure` and EL3 calls as that sequence, but one validation pass and one
 * commit pass over `ranges`. On failure no state has changed (except FATAL,
 * when an undo was refused). To take a completed send back (a later step of
 * the caller failed) use `granule_unshare` or `granule_reclaim`.
 */
struct granule_ret granule_send(struct granule_map_locked locked,
				enum granule_txn txn,
				const struct granule_range *ranges,
				size_t count);

/**
 * Cancels a begun transaction: granules go back to their earlier state,
 * protected ones through EL3 unprotect. The caller has unmapped them from
 * every SP and invalidated the TLBs first.
 */
struct granule_ret granule_abort(struct granule_map_locked locked,
				 const struct granule_range *ranges,
				 size_t count);

/** Ends one share of each granule (reclaim of a share, RX/TX unmap). */
struct granule_ret granule_unshare(struct granule_map_locked locked,
				   const struct granule_range *ranges,
				   size_t count);

/**
 * Returns lent (`txn` LEND, on reclaim) or donated (`txn` DONATE, SP → NWd)
 * granules to NS. The caller must first (1) unmap them from every SP and
 * invalidate the TLBs, then (2) zero them; only then are the granules this
 * module protected unprotected. FATAL if EL3 refuses: the granules before
 * `next` are NS, the rest unchanged, and the SPMC must abort.
 */
struct granule_ret granule_reclaim(struct granule_map_locked locked,
				   enum granule_txn txn,
				   const struct granule_range *ranges,
				   size_t count);

/**
 * Realm-side query, RMI v2.0 shape: may `[base, top)` be delegated? `next`
 * is the first granule held or in flight for the secure world (or `top`).
 * Untracked memory outside `ns-memory` is not ours to refuse.
 */
struct granule_ret granule_delegable(struct granule_map_locked locked,
				     uint64_t base, uint64_t top);

/*
 * EL3's PAS-change interfaces (tfa-spmd-interface §4.3). SiP: x1 = base,
 * x2 = size; x0 = 0, SMC_UNK (-1), SMC_DENIED (-3) or SMC_INVALID_PARAM
 * (-4) with x1 = base of the last granule that did transition (0: none).
 * FIRME GPI_SET: x1 = PA, x2 = 1 granule, x3 = target GPI; x0 = status.
 */
#define GRANULE_SIP_PROTECT_MEM_64 0xC2000101U
#define GRANULE_SIP_UNPROTECT_MEM_64 0xC2000102U
#define GRANULE_SIP_OK 0
#define GRANULE_SIP_UNKNOWN (-1)
#define GRANULE_SIP_DENIED (-3)
#define GRANULE_SIP_INVALID (-4)
#define GRANULE_FIRME_GPI_SET_64 0xC4000402U
#define GRANULE_FIRME_GPI_SECURE 8U
#define GRANULE_FIRME_GPI_NS 9U
#define GRANULE_FIRME_SUCCESS 0
#define GRANULE_FIRME_NOT_SUPPORTED (-1)
#define GRANULE_FIRME_INVALID (-2)
#define GRANULE_FIRME_DENIED (-5)

/** EL3's SiP answer (x0, x1) to a call on [base, base + size). */
struct granule_el3_ret granule_el3_sip_result(uint64_t base, uint64_t size,
					      uint64_t x0, uint64_t x1);

/** EL3's FIRME answer x0, after `done` granules succeeded before it. */
struct granule_el3_ret granule_el3_firme_result(uint64_t x0, uint64_t done);

#ifdef __cplusplus
}
#endif
