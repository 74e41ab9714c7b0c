/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "mem_sp.h"
#include "sp_mem.h"
#include "vmlib/ffa.h"
#include "vmlib/mem_build.h"

/*
 * Sending: FFA_MEM_SHARE/LEND/DONATE from this partition, the descriptor
 * built whole in `msp_send_desc` and copied to TX one fragment at a time
 * (fragments after the first carry whole constituents), FFA_MEM_FRAG_TX
 * for the rest.
 */

#define MSP_DESC_CAP 8192U
#define MSP_CONSTITUENTS_MAX (MSP_POOL_PAGES + 8U)

struct msp_send_state {
	uint32_t total;    /* descriptor length */
	uint32_t sent;     /* bytes the SPMC took */
	uint32_t cap;      /* largest fragment */
	uint32_t cons_off; /* offset of constituent 0 */
	uint32_t calls;
	uint64_t handle;
};

static uint8_t msp_send_desc[MSP_DESC_CAP] __attribute__((aligned(8)));
static struct ffa_mem_constituent msp_cons[MSP_CONSTITUENTS_MAX];
static struct msp_send_state msp_send;

static uint32_t msp_rd32(const uint8_t *buf, uint32_t off)
{
	return *(const volatile uint32_t *)(buf + off);
}

/* Offset of constituent 0 in the descriptor `layout` built. */
static uint32_t msp_cons_offset(uint32_t layout)
{
	uint32_t recv =
	    layout == FFA_VERSION_1_0 ? 32U : msp_rd32(msp_send_desc, 32);

	return msp_rd32(msp_send_desc, recv + 4) +
	       (uint32_t)sizeof(struct ffa_mem_composite);
}

/* Unpacks MSP_RECV values: `count` receivers from two registers. */
static void msp_unpack_receivers(struct mem_build_receiver *out, uint64_t lo,
				 uint64_t hi, uint32_t count)
{
	uint64_t regs[2] = { lo, hi };

	for (uint32_t i = 0; i < count && i < MEM_BUILD_MAX_RECEIVERS; i++) {
		uint32_t v = (uint32_t)(regs[i / 2] >> (32 * (i % 2)));

		out[i].id = (uint16_t)v;
		out[i].perm = (uint8_t)(v >> 16);
		out[i].flags = (uint8_t)(v >> 24);
	}
}

/* Splits `pages` at `address` into constituents of `per` pages. */
static uint32_t msp_constituents(uint64_t address, uint64_t pages, uint64_t per)
{
	uint32_t count = 0;

	if (per == 0) {
		per = pages;
	}
	for (uint64_t done = 0; done < pages && count < MSP_CONSTITUENTS_MAX;
	     done += per) {
		uint64_t n = pages - done < per ? pages - done : per;

		msp_cons[count].address = address + done * FFA_MEM_PAGE_SIZE;
		msp_cons[count].page_count = (uint32_t)n;
		msp_cons[count].reserved = 0;
		count++;
	}
	return count;
}

/*
 * The next fragment from `msp_send.sent`: everything left if it fits the
 * cap, else as many whole constituents as do (at least the bytes up to
 * the first constituent in the first fragment).
 */
static uint32_t msp_next_length(void)
{
	uint32_t left = msp_send.total - msp_send.sent;
	uint32_t start = msp_send.sent;
	uint32_t room;

	if (left <= msp_send.cap) {
		return left;
	}
	if (start < msp_send.cons_off) {
		if (msp_send.cap < msp_send.cons_off) {
			return msp_send.cap;
		}
		room = msp_send.cap - msp_send.cons_off;
		return msp_send.cons_off - start +
		       room / sizeof(struct ffa_mem_constituent) *
			   (uint32_t)sizeof(struct ffa_mem_constituent);
	}
	return msp_send.cap / sizeof(struct ffa_mem_constituent) *
	       (uint32_t)sizeof(struct ffa_mem_constituent);
}

/* Records the handle a FRAG_RX or SUCCESS answer names. */
static void msp_note_answer(const struct ffa_value *ret, uint32_t len)
{
	uint32_t fid = ffa_fid(ret);

	if (fid == FFA_MEM_FRAG_RX_32) {
		msp_send.handle =
		    (uint32_t)ret->x[1] | ((uint64_t)(uint32_t)ret->x[2] << 32);
		msp_send.sent += len;
	} else if (fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64) {
		msp_send.handle = ffa_mem_handle(ret);
		msp_send.sent += len;
	}
}

static void msp_send_report(uint64_t *r, const struct ffa_value *ret)
{
	msp_put_result(r, ret);
	r[4] = msp_send.total;
	r[5] = msp_send.sent;
	r[6] = msp_send.calls;
	r[7] = msp_send.handle;
}

/*
 * FRAG_TX of the next fragments while the SPMC asks for more (FRAG_RX):
 * `handle` named, `length` bytes (0: msp_next_length) after skipping
 * `skip`; only one fragment unless `all`.
 */
static struct ffa_value msp_frag_tx_loop(uint64_t handle, uint32_t length,
					 uint32_t skip, bool all)
{
	struct ffa_value ret = { 0 };

	do {
		uint32_t from = msp_send.sent + skip;
		uint32_t len = length != 0 ? length : msp_next_length();

		if (from > msp_send.total) {
			from = msp_send.total;
		}
		if (len > MSP_BUF_SIZE) {
			len = MSP_BUF_SIZE;
		}
		if (from + len > MSP_DESC_CAP) {
			len = MSP_DESC_CAP - from;
		}
		msp_copy(msp_tx, msp_send_desc + from, (len + 7U) & ~7U);
		ret = ffa_mem_frag_tx(handle, len);
		msp_send.calls++;
		msp_note_answer(&ret, len + skip);
	} while (all && ffa_fid(&ret) == FFA_MEM_FRAG_RX_32 &&
		 msp_send.sent < msp_send.total);
	return ret;
}

void msp_op_send(const uint64_t *p, uint64_t *r)
{
	struct mem_build b = { 0 };
	uint32_t fid = (uint32_t)p[1];
	uint32_t options = (uint32_t)p[11];
	uint32_t len;
	struct ffa_value ret;

	b.layout = p[13] != 0 ? (uint32_t)p[13] : FFA_VERSION_1_2;
	b.sender =
	    (options & MSP_SEND_SENDER) != 0 ? (uint16_t)p[12] : msp_own_id();
	b.attributes = (uint16_t)(p[7] >> 16);
	b.flags = (uint32_t)p[8];
	b.tag = p[9];
	b.receiver_count = (uint8_t)p[7];
	msp_unpack_receivers(b.receivers, p[5], p[6], b.receiver_count);
	b.constituents = msp_cons;
	b.constituent_count = msp_constituents(p[2], p[3], p[4]);

	msp_send = (struct msp_send_state){ 0 };
	msp_send.total = mem_build_send(msp_send_desc, MSP_DESC_CAP, &b);
	if (msp_send.total == 0) {
		msp_send_report(r, &(struct ffa_value){ 0 });
		return;
	}
	msp_send.cons_off = msp_cons_offset(b.layout);
	msp_send.cap =
	    p[10] != 0 && p[10] < MSP_BUF_SIZE ? (uint32_t)p[10] : MSP_BUF_SIZE;
	len = msp_next_length();
	msp_copy(msp_tx, msp_send_desc, (len + 7U) & ~7U);
	ret = ffa_call((struct ffa_value){ .x = { fid, msp_send.total, len } });
	msp_send.calls = 1;
	msp_note_answer(&ret, len);
	if (ffa_fid(&ret) == FFA_MEM_FRAG_RX_32 &&
	    (options & MSP_SEND_FIRST_ONLY) == 0) {
		ret = msp_frag_tx_loop(msp_send.handle, 0, 0, true);
	}
	msp_send_report(r, &ret);
}

void msp_op_frag_tx(const uint64_t *p, uint64_t *r)
{
	struct ffa_value ret;

	if (msp_send.total == 0) {
		/* Nothing sent from here: a raw FRAG_TX of what TX holds. */
		ret = ffa_mem_frag_tx(p[1], (uint32_t)p[2]);
		msp_send_report(r, &ret);
		return;
	}
	ret = msp_frag_tx_loop(p[1], (uint32_t)p[2], (uint32_t)p[3], p[4] != 0);
	msp_send_report(r, &ret);
}
