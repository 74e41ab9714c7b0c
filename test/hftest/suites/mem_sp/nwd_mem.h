/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "hftest/hftest.h"
#include "mem_sp.h"
#include "nwd_common.h"
#include "vmlib/mem_build.h"

/**
 * Normal-world side of the mem_sp suite: one function per `mem` operation
 * (mem_sp.h) and the few steps every test repeats. Functions that must
 * succeed fail the test (ASSERT) otherwise; the `msp_op_*` forms return
 * the answer for the test to judge.
 */

/** The answer payload of an operation: x4..x17 of the RESP2. */
struct msp_ans {
	uint64_t p[FFA_DIRECT_MSG2_ARGS];
};

/** What MSP_OP_SEND builds and how it sends it. */
struct msp_send_args {
	uint32_t fid;
	uint64_t address;
	uint32_t pages;
	uint32_t per;     /* pages per constituent, 0: one constituent */
	uint32_t count;   /* receivers */
	uint32_t recv[4]; /* MSP_RECV values */
	uint16_t attributes;
	uint32_t flags;
	uint64_t tag;
	uint32_t frag_cap;
	uint32_t options;
	uint16_t sender; /* with MSP_SEND_SENDER */
	uint32_t layout;
};

/** What MSP_OP_RETRIEVE builds. */
struct msp_retr_args {
	uint32_t fid; /* 0: FFA_MEM_RETRIEVE_REQ_32 */
	uint64_t handle;
	uint16_t sender;
	uint64_t tag;
	uint32_t flags;
	uint16_t attributes;
	uint32_t count;
	uint32_t recv[4];
	uint32_t options;
	uint32_t layout;
};

/* Permissions in one byte. */
#define PERM_RW MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NOT_SPECIFIED)
#define PERM_RO MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NOT_SPECIFIED)
#define PERM_RW_NX MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NX)
#define PERM_RO_X MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_X)
#define PERM_NONE 0U

/** The answer is FFA_ERROR with `code`. */
#define EXPECT_MSP_ERROR(a, code)                                  \
	do {                                                       \
		const struct msp_ans msp_e_ = (a);                 \
		EXPECT_EQ((uint32_t)msp_e_.p[0], FFA_ERROR_32);    \
		EXPECT_EQ((int32_t)(uint32_t)msp_e_.p[2], (code)); \
	} while (0)

/** The answer is FFA_SUCCESS (32 or 64). */
#define EXPECT_MSP_SUCCESS(a) \
	EXPECT_EQ((uint32_t)(a).p[0] & ~0x40000000U, FFA_SUCCESS_32)
#define ASSERT_MSP_SUCCESS(a) \
	ASSERT_EQ((uint32_t)(a).p[0] & ~0x40000000U, FFA_SUCCESS_32)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Set-up of every test: FF-A v1.2, `mem` selected in the three
 * partitions, each with RX/TX mapped; records their pools.
 */
void msp_setup(void);

/** The address of page `index` of `sp`'s pool. */
uint64_t msp_page(uint16_t sp, uint32_t index);

/** One operation; fails the test unless `sp` answers with RESP2. */
struct msp_ans msp_call(uint16_t sp, const uint64_t req[FFA_DIRECT_MSG2_ARGS]);

/** One operation; returns the raw answer (e.g. FFA_ERROR(ABORTED)). */
struct ffa_value msp_call_raw(uint16_t sp, uint64_t op, uint64_t a1,
			      uint64_t a2);

struct msp_ans msp_op_send(uint16_t sp, const struct msp_send_args *s);
struct msp_ans msp_op_frag_tx(uint16_t sp, uint64_t handle, uint32_t length,
			      uint32_t skip, bool all);
struct msp_ans msp_op_retrieve(uint16_t sp, const struct msp_retr_args *r);
struct msp_ans msp_op_frag_rx(uint16_t sp, uint64_t handle, uint64_t offset,
			      uint32_t options);
struct msp_ans msp_op_rx_release(uint16_t sp);
struct msp_ans msp_op_relinquish(uint16_t sp, uint64_t handle, uint32_t flags,
				 uint16_t id, uint32_t count);
struct msp_ans msp_op_reclaim(uint16_t sp, uint64_t handle, uint32_t flags);

/** Fills `pages` at `address` in `sp` with the pattern (0: zeros). */
void msp_fill(uint16_t sp, uint64_t address, uint32_t pages, uint64_t pattern);
/** Words of `pages` at `address` that differ from the pattern in `sp`. */
uint64_t msp_check(uint16_t sp, uint64_t address, uint32_t pages,
		   uint64_t pattern);
/** `sp` writes one word and reads it back; fails unless it survives. */
void msp_poke(uint16_t sp, uint64_t address, uint64_t value);
/** One word `sp` reads at `address`. */
uint64_t msp_peek(uint16_t sp, uint64_t address);

/** The default attributes: Normal WB IS for share and lend to several. */
uint16_t msp_attr(uint32_t fid, uint32_t receivers);
/** FFA_MEM_FLAG_TYPE_* of a send FID. */
uint32_t msp_type(uint32_t fid);

/** A send to one receiver with the default attributes. */
struct msp_send_args msp_send_one(uint32_t fid, uint64_t address,
				  uint32_t pages, uint16_t to, uint8_t perm);

/** Sends; fails the test unless FFA_SUCCESS; returns the handle. */
uint64_t msp_send_ok(uint16_t sp, const struct msp_send_args *s);

/** The retrieve request matching `s` (sent by `sender`), from `who`. */
struct msp_retr_args msp_retr_for(const struct msp_send_args *s,
				  uint16_t sender, uint64_t handle);

/**
 * Retrieves; fails the test unless the whole response arrived, the RX
 * buffer was released, and the response describes `handle` from
 * `sender` with `pages` pages.
 */
struct msp_ans msp_retrieve_ok(uint16_t sp, const struct msp_retr_args *r,
			       uint16_t sender, uint32_t pages);

/** Relinquish / reclaim that must succeed. */
void msp_relinquish_ok(uint16_t sp, uint64_t handle, uint32_t flags);
void msp_reclaim_ok(uint16_t sp, uint64_t handle, uint32_t flags);

/** `sp` still serves (a trivial operation answers). */
void msp_alive(uint16_t sp);

/** The hash MSP_RESP_HASH has for `count` constituents of `per` pages. */
uint64_t msp_expected_hash(uint64_t address, uint32_t pages, uint32_t per);

#ifdef __cplusplus
}
#endif
