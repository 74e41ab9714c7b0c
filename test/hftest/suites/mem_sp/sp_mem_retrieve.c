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
 * Retrieving: FFA_MEM_RETRIEVE_REQ from this partition and, while the
 * response is longer than the RX buffer, FFA_MEM_FRAG_RX. Every fragment
 * is copied to `msp_resp` at the offset it belongs to; the answer
 * summarises what arrived (mem_sp.h MSP_RESP_*).
 */

#define MSP_RESP_CAP 16384U

struct msp_retr_state {
	uint32_t total;    /* w1 of RETRIEVE_RESP */
	uint32_t received; /* bytes copied so far, from offset 0 */
	uint32_t frags;
};

static uint8_t msp_resp[MSP_RESP_CAP] __attribute__((aligned(8)));
static struct msp_retr_state msp_retr;

/* Copies `len` bytes of RX to the response at `offset`. */
static void msp_take_rx(uint32_t offset, uint32_t len)
{
	if (len > MSP_BUF_SIZE) {
		len = MSP_BUF_SIZE;
	}
	if (offset >= MSP_RESP_CAP) {
		return;
	}
	if (len > MSP_RESP_CAP - offset) {
		len = MSP_RESP_CAP - offset;
	}
	msp_copy(msp_resp + offset, msp_rx, (len + 7U) & ~7U);
	msp_retr.received = offset + len;
	msp_retr.frags++;
}

/* Own permissions: the access descriptor naming this partition. */
static uint8_t msp_own_perm(const struct mem_resp_view *v)
{
	uint16_t own = msp_own_id();

	for (uint32_t i = 0;
	     i < v->receiver_count && i < MEM_BUILD_MAX_RECEIVERS; i++) {
		if (v->receivers[i].id == own) {
			return v->receivers[i].perm;
		}
	}
	return 0;
}

/* Summarises the response received so far in r[4..13]. */
static void msp_retr_report(uint64_t *r, const struct ffa_value *ret)
{
	struct mem_resp_view v;
	const struct ffa_mem_constituent *c;
	uint64_t hash = MSP_HASH_INIT;
	uint32_t n = 0;

	msp_put_result(r, ret);
	r[MSP_RESP_FRAGS] = msp_retr.frags;
	r[MSP_RESP_TOTAL] = msp_retr.total;
	r[MSP_RESP_RECEIVED] = msp_retr.received;
	if (msp_retr.received == 0 ||
	    !mem_parse_resp(msp_resp, msp_retr.received, FFA_VERSION_1_2, &v)) {
		return;
	}
	if (v.constituents_offset <= msp_retr.received) {
		n = (msp_retr.received - v.constituents_offset) /
		    (uint32_t)sizeof(*c);
	}
	if (n > v.constituent_count) {
		n = v.constituent_count;
	}
	c = (const struct ffa_mem_constituent *)(msp_resp +
						 v.constituents_offset);
	for (uint32_t i = 0; i < n; i++) {
		hash = msp_hash_step(hash, c[i].address, c[i].page_count);
	}
	r[MSP_RESP_CONSTITUENTS] = n;
	r[MSP_RESP_PAGES] = v.total_page_count;
	r[MSP_RESP_TAG] = v.tag;
	r[MSP_RESP_FIRST_ADDR] = n != 0 ? c[0].address : 0;
	r[MSP_RESP_HASH] = hash;
	r[MSP_RESP_HANDLE] = v.handle;
	r[MSP_RESP_DESC] = v.sender | ((uint64_t)v.attributes << 16) |
			   ((uint64_t)(uint8_t)v.flags << 32) |
			   ((uint64_t)(uint8_t)v.receiver_count << 40) |
			   ((uint64_t)msp_own_perm(&v) << 48) | (1ULL << 56);
}

/*
 * FFA_MEM_FRAG_RX naming `handle` and `offset`, RX released first unless
 * MSP_RETR_KEEP_RX; the fragment is copied at `offset`.
 */
static struct ffa_value msp_frag_rx_once(uint64_t handle, uint32_t offset,
					 uint32_t options)
{
	struct ffa_value ret;

	if ((options & MSP_RETR_KEEP_RX) == 0) {
		ffa_rx_release();
	}
	ret = ffa_mem_frag_rx(handle, offset);
	if (ffa_fid(&ret) == FFA_MEM_FRAG_TX_32) {
		msp_take_rx(offset, (uint32_t)ret.x[3]);
	}
	return ret;
}

/* The remaining fragments (unless MSP_RETR_FIRST_ONLY), then RX. */
static struct ffa_value msp_fetch_rest(uint64_t handle, struct ffa_value ret,
				       uint32_t options)
{
	if ((options & MSP_RETR_FIRST_ONLY) == 0) {
		while (msp_retr.received < msp_retr.total &&
		       msp_retr.received < MSP_RESP_CAP &&
		       (ffa_fid(&ret) == FFA_MEM_RETRIEVE_RESP_32 ||
			ffa_fid(&ret) == FFA_MEM_FRAG_TX_32)) {
			ret = msp_frag_rx_once(handle, msp_retr.received,
					       options);
		}
	}
	if ((options & MSP_RETR_KEEP_RX) == 0) {
		ffa_rx_release();
	}
	return ret;
}

void msp_op_retrieve(const uint64_t *p, uint64_t *r)
{
	struct mem_build b = { 0 };
	uint64_t regs[2] = { p[7], p[8] };
	uint32_t options = (uint32_t)p[10];
	uint32_t len;
	struct ffa_value ret;

	b.layout = p[11] != 0 ? (uint32_t)p[11] : FFA_VERSION_1_2;
	b.handle = p[2];
	b.sender = (uint16_t)p[3];
	b.tag = p[4];
	b.flags = (uint32_t)p[5];
	b.attributes = (uint16_t)p[6];
	b.receiver_count = (uint32_t)p[9];
	for (uint32_t i = 0;
	     i < b.receiver_count && i < MEM_BUILD_MAX_RECEIVERS; i++) {
		uint32_t v = (uint32_t)(regs[i / 2] >> (32 * (i % 2)));

		b.receivers[i].id = (uint16_t)v;
		b.receivers[i].perm = (uint8_t)(v >> 16);
		b.receivers[i].flags = (uint8_t)(v >> 24);
	}
	msp_retr = (struct msp_retr_state){ 0 };
	len = mem_build_retrieve(msp_tx, MSP_BUF_SIZE, &b);
	if (len == 0) {
		msp_retr_report(r, &(struct ffa_value){ 0 });
		return;
	}
	ret = ffa_call((struct ffa_value){ .x = { p[1], len, len } });
	if (ffa_fid(&ret) == FFA_MEM_RETRIEVE_RESP_32) {
		msp_retr.total = (uint32_t)ret.x[1];
		msp_take_rx(0, (uint32_t)ret.x[2]);
		ret = msp_fetch_rest(p[2], ret, options);
	}
	msp_retr_report(r, &ret);
}

void msp_op_frag_rx(const uint64_t *p, uint64_t *r)
{
	uint32_t options = (uint32_t)p[3];
	uint32_t offset = p[2] == MSP_NEXT ? msp_retr.received : (uint32_t)p[2];
	struct ffa_value ret = msp_frag_rx_once(p[1], offset, options);

	if (ffa_fid(&ret) == FFA_MEM_FRAG_TX_32) {
		ret = msp_fetch_rest(p[1], ret, options);
	}
	msp_retr_report(r, &ret);
}
