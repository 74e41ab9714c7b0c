/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "hftest/hftest.h"
#include "ms_protocol.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"
#include "vmlib/mem_build.h"

/**
 * Normal-world helpers of the memory-sharing suites: descriptors from the
 * normal world, sends (whole or in fragments), and the partitions' `mem`
 * service (ms_protocol.h) for retrieve, relinquish and memory access.
 */

/*
 * Normal-world memory the tests give away: free DRAM above the NWd image
 * (0x60000000..~0x60020000) and inside the SPMC manifest's `ns-memory`
 * [0x40000000, 0xC0000000). QEMU has 1 GiB from 0x40000000.
 */
#define MS_MEM 0x70000000ULL
#define MS_PAGE(i) (MS_MEM + (uint64_t)(i) * FFA_PAGE_SIZE)
/* Many-constituent tests: one page every two from here. */
#define MS_MANY 0x70400000ULL
/* Outside `ns-memory` but inside EL3's GPT window. */
#define MS_OUTSIDE_NS 0xC0000000ULL
/* The first partition's secure memory (its load address). */
#define MS_SECURE_MEM 0x0e300000ULL

/* Patterns. */
#define MS_PAT_NWD 0x4e57444e57440001ULL
#define MS_PAT_SP 0x5350535053500002ULL

/** The FF-A version the normal world negotiated (its descriptor layout). */
extern uint32_t ms_version;

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Negotiates `version`, maps the normal world's RX/TX and selects `mem`
 * in the three partitions.
 */
void ms_setup(uint32_t version);

/** As ms_setup, with the first `sp_count` partitions only. */
void ms_setup_sps(uint32_t version, uint32_t sp_count);

/** Layout code (MS_LAYOUT_*) of a partition (A v1.2, B v1.1, C v1.0). */
uint8_t ms_sp_layout(uint16_t sp);

/** The FF-A version of a partition. */
uint32_t ms_sp_version(uint16_t sp);

/** The handle of a FFA_SUCCESS (w2/w3). */
uint64_t ms_handle(const struct ffa_value *ret);

/**
 * A send descriptor from the normal world (ID 0) in the negotiated layout:
 * `fid` decides the defaults (share and lend to several: Normal WB IS, RW;
 * lend to one: type not specified, RW; donate: nothing specified).
 */
void ms_desc(struct mem_build *b, uint32_t fid, const uint16_t *ids,
	     uint32_t id_count, const struct ffa_mem_constituent *c,
	     uint32_t count);

/** `ms_desc` for one receiver and one constituent of `pages` at `addr`. */
void ms_desc1(struct mem_build *b, struct ffa_mem_constituent *c, uint32_t fid,
	      uint16_t id, uint64_t addr, uint32_t pages);

/** Builds `b` in TX and calls `fid` (w1 = w2 = length). */
struct ffa_value ms_send(uint32_t fid, const struct mem_build *b);

/** As ms_send with explicit w1/w2 and x3..x7 (the descriptor as built). */
struct ffa_value ms_send_regs(uint32_t fid, const struct mem_build *b,
			      uint64_t w1, uint64_t w2, uint64_t x3,
			      uint64_t x4, uint64_t x5);

/** ms_send that must succeed; returns the handle. */
uint64_t ms_send_ok(uint32_t fid, const struct mem_build *b);

/** Length of the descriptor `b` describes. */
uint32_t ms_desc_length(const struct mem_build *b);

/**
 * Builds `b` in a local buffer and sends it in fragments: the first one up
 * to the composite plus `first` constituents, then `per` constituents per
 * FFA_MEM_FRAG_TX. Fails the test unless each fragment but the last is
 * answered FFA_MEM_FRAG_RX with the handle and the bytes so far; returns
 * the last answer and the handle in `*handle`.
 */
struct ffa_value ms_send_frag(uint32_t fid, const struct mem_build *b,
			      uint32_t first, uint32_t per, uint64_t *handle);

/** The start of `b`'s descriptor in the fragment buffer (after build). */
const uint8_t *ms_frag_buf(void);

/** A retrieve request the partition builds (MS_CMD_RETRIEVE). */
struct ms_retrieve {
	uint16_t sp;
	uint32_t fid; /* FFA_MEM_RETRIEVE_REQ_32 or _64 */
	uint8_t opts;
	uint8_t perm;
	uint8_t layout; /* MS_LAYOUT_* */
	uint16_t attributes;
	uint16_t sender;
	uint64_t handle;
	uint64_t tag;
	uint32_t flags;
	uint8_t receivers; /* bit i: 0x8001 + i; 0: the caller only */
	uint8_t recv_flags;
	uint16_t self; /* listed instead of the caller; 0: the caller */
	uint32_t length;
	uint32_t fragment_length;
};

/** What the partition reported. */
struct ms_retrieved {
	uint32_t fid; /* x0 of the retrieve */
	int32_t error;
	uint32_t total;
	uint32_t first;
	uint32_t kept;
	uint32_t frag_calls;
	uint32_t status; /* MS_ST_* */
	uint32_t fail_fid;
	int32_t fail_code;
};

/**
 * A retrieve request by `sp` matching the send `b` of `send_fid` (same
 * attributes, tag, type flag; the caller's permissions as granted; every
 * receiver listed when there are several), in the partition's layout.
 */
void ms_retrieve_init(struct ms_retrieve *r, uint16_t sp, uint32_t send_fid,
		      uint64_t handle, const struct mem_build *b);

struct ms_retrieved ms_retrieve(const struct ms_retrieve *r);

/** ms_retrieve that must succeed, every fragment collected. */
struct ms_retrieved ms_retrieve_ok(const struct ms_retrieve *r);

/** Checks that `got` is the FF-A error `code` of the retrieve itself. */
#define EXPECT_RETRIEVE_ERROR(got, code)                                \
	do {                                                            \
		const struct ms_retrieved ms_got_ = (got);              \
		EXPECT_EQ(ms_got_.fid, FFA_ERROR_32);                   \
		EXPECT_EQ(ms_got_.error, (code));                       \
		EXPECT_EQ(ms_got_.status, (uint32_t)MS_ST_CALL_FAILED); \
	} while (0)

/** Reads `len` bytes of the partition's kept response into `buf`. */
void ms_resp_fetch(uint16_t sp, void *buf, uint32_t len);

/** Fetches and decodes the kept response's first 512 bytes. */
bool ms_resp_view(uint16_t sp, uint32_t layout, struct mem_resp_view *v);

/** ms_hash_constituent over `c[0..n)`. */
uint64_t ms_hash(const struct ffa_mem_constituent *c, uint32_t n);

/**
 * Checks that the partition's kept response lists exactly `c[0..n)`.
 */
void ms_expect_constituents(uint16_t sp, const struct ffa_mem_constituent *c,
			    uint32_t n);

/** Relinquish by `sp`: x0..x4 of the call. */
struct ffa_value ms_relinquish(uint16_t sp, uint32_t fid, uint64_t handle,
			       uint32_t flags);

/** `sp` relinquishes `handle` (no flags), then the normal world reclaims
 * it; both must succeed. */
void ms_relinquish_reclaim(uint16_t sp, uint64_t handle);

/** Relinquish with `id` listed and, if `set_count`, `count` written. */
struct ffa_value ms_relinquish_raw(uint16_t sp, uint32_t fid, uint64_t handle,
				   uint32_t flags, uint16_t id, bool set_count,
				   uint16_t count);

/** Words of `pattern` in `bytes` at `addr` as `sp` sees them. */
uint64_t ms_sp_check(uint16_t sp, uint64_t addr, uint64_t bytes,
		     uint64_t pattern, bool ns);

void ms_sp_fill(uint16_t sp, uint64_t addr, uint64_t bytes, uint64_t pattern,
		bool ns);

/**
 * `sp` reads one word at `addr`, through a raw DIRECT_REQ_64: the answer
 * as it comes (DIRECT_RESP_64, or FFA_ERROR when the access aborted the
 * partition).
 */
struct ffa_value ms_sp_touch(uint16_t sp, uint64_t addr, bool ns);

/** Any FF-A call made by `sp`: x0..x4 of the result. */
struct ffa_value ms_sp_call(uint16_t sp, uint32_t fid, uint64_t a1, uint64_t a2,
			    uint64_t a3);

/** Patches the partition's TX buffer (after a build-only retrieve). */
void ms_sp_tx_write(uint16_t sp, uint32_t offset, uint64_t value,
		    uint32_t width);

/** FFA_RX_RELEASE by `sp`: its error code, 0 on success. */
int32_t ms_sp_rx_release(uint16_t sp);

/** Normal-world access to its own memory (MMU off). */
void ms_fill(uint64_t addr, uint64_t bytes, uint64_t pattern);
uint64_t ms_check(uint64_t addr, uint64_t bytes, uint64_t pattern);

/** FFA_MEM_RECLAIM from the normal world: its error, 0 on success. */
int32_t ms_reclaim(uint64_t handle, uint32_t flags);

/** The error code of `v` if it is FFA_ERROR, 0 if FFA_SUCCESS, else 1. */
int32_t ms_result(const struct ffa_value *v);

/** FFA_RX_RELEASE by the normal world: its error, 0 on success. */
int32_t ms_rx_release(void);

#ifdef __cplusplus
}
#endif
