/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

#include "bench.h"
#include "bench_desc.h"
#include "bench_mem.h"
#include "driver/console.h"
#include "driver/ffa.h"

/*
 * The memory-sharing benchmark, normal-world side (command "mem"): for
 * each scenario, `iterations` cycles after BENCH_MEM_WARMUP untimed ones,
 * each cycle timed from the first SMC to the return of the reclaim:
 *
 *   share:  FFA_MEM_SHARE (+ FFA_MEM_FRAG_TX), REQ_64 "retrieve" to
 *           bench-sp1, REQ_64 "relinquish" to bench-sp1, FFA_MEM_RECLAIM
 *   lend:   FFA_MEM_LEND (+ FFA_MEM_FRAG_TX), FFA_MEM_RECLAIM
 *
 * Every FF-A memory call is also timed on its own (here, and in bench-sp1
 * for the retrieve and relinquish calls), so the result line carries the
 * part of the cycle the memory calls alone took:
 *
 *   [bench] result <name> iterations=<n> ticks=<t> pages=<p>
 *           constituents=<c> send_ticks=<t> retrieve_ticks=<t>
 *           relinquish_ticks=<t> reclaim_ticks=<t> send_fragments=<f>
 *           retrieve_fragments=<f>
 *
 * (one line; *_ticks summed over the timed cycles, fragments per cycle).
 * Descriptors use the v1.2 layout and the one-page TX buffer of the
 * driver: a larger one goes in fragments of whole constituents.
 */

/* The partition that borrows (bench_spmc_manifest.dts vm1). */
#define BENCH_SP1 0x8001

/*
 * The memory shared: 16 MiB of NS DRAM at a 2 MiB-aligned address inside
 * the bench SPMC manifest's `ns-memory` (0x40000000 + 2 GiB) and above
 * everything the NWd image uses (0x60000000 onwards, far below 256 MiB).
 * Nothing reads or writes it.
 */
#define BENCH_MEM_BASE 0x70000000UL
#define BENCH_MEM_PAGES 4096U

/* Untimed cycles before each measurement. */
#define BENCH_MEM_WARMUP 10

#define BENCH_MEM_MAX_CONSTITUENTS 512U
#define BENCH_MEM_TX_SIZE (NWD_RXTX_PAGES * FFA_MEM_PAGE_SIZE)
#define BENCH_MEM_CONSTITUENT_SIZE \
	((uint32_t)sizeof(struct ffa_mem_constituent))

/** One scenario: `constituents` ranges of `pages` pages each. */
struct bench_mem_case {
	const char *name;
	uint32_t type; /* FFA_MEM_FLAG_TYPE_SHARE or _LEND */
	uint32_t constituents;
	uint32_t pages;
	uint32_t iterations;
};

/*
 * Several constituents are single pages with a free page between them, so
 * none merges with the next; one constituent is one contiguous range.
 */
static const struct bench_mem_case bench_mem_cases[] = {
	{ "mem_share_cycle_pages_1", FFA_MEM_FLAG_TYPE_SHARE, 1, 1, 1000 },
	{ "mem_share_cycle_pages_16", FFA_MEM_FLAG_TYPE_SHARE, 1, 16, 1000 },
	{ "mem_share_cycle_pages_512", FFA_MEM_FLAG_TYPE_SHARE, 1, 512, 200 },
	{ "mem_share_cycle_pages_4096", FFA_MEM_FLAG_TYPE_SHARE, 1, 4096, 100 },
	{ "mem_share_cycle_constituents_16", FFA_MEM_FLAG_TYPE_SHARE, 16, 1,
	  500 },
	{ "mem_share_cycle_constituents_512", FFA_MEM_FLAG_TYPE_SHARE, 512, 1,
	  100 },
	{ "mem_lend_reclaim_pages_1", FFA_MEM_FLAG_TYPE_LEND, 1, 1, 1000 },
	{ "mem_lend_reclaim_constituents_512", FFA_MEM_FLAG_TYPE_LEND, 512, 1,
	  100 },
};

#define BENCH_MEM_CASE_COUNT \
	(sizeof(bench_mem_cases) / sizeof(*bench_mem_cases))

/** Counter ticks of the timed cycles, and fragments of the last one. */
struct bench_mem_ticks {
	uint64_t total;
	uint64_t send;
	uint64_t retrieve;
	uint64_t relinquish;
	uint64_t reclaim;
	uint64_t send_fragments;
	uint64_t retrieve_fragments;
};

static struct ffa_mem_constituent
    bench_mem_constituents[BENCH_MEM_MAX_CONSTITUENTS];
static uint8_t bench_mem_desc[BENCH_DESC_CONSTITUENTS_OFFSET +
			      BENCH_MEM_MAX_CONSTITUENTS *
				  sizeof(struct ffa_mem_constituent)]
    __attribute__((aligned(16)));
static uint16_t bench_mem_self;

/* The status of an unexpected answer: its FF-A error or function ID. */
static int64_t bench_mem_bad(const struct ffa_value *ret)
{
	return ffa_fid(ret) == FFA_ERROR_32 ? ffa_error_code(ret)
					    : (int64_t)ffa_fid(ret);
}

/* One FF-A call, its counter ticks added to `*ticks`. */
static struct ffa_value bench_mem_timed(struct ffa_value args, uint64_t *ticks)
{
	uint64_t start = bench_counter();
	struct ffa_value ret = ffa_call(args);

	*ticks += bench_counter() - start;
	return ret;
}

/* Bytes of the fragment that starts at `offset` of a `len`-byte send. */
static uint32_t bench_mem_fragment(uint32_t offset, uint32_t len)
{
	uint32_t head = offset == 0 ? BENCH_DESC_CONSTITUENTS_OFFSET : 0;
	uint32_t room = (BENCH_MEM_TX_SIZE - head) /
			    BENCH_MEM_CONSTITUENT_SIZE *
			    BENCH_MEM_CONSTITUENT_SIZE +
			head;

	return len - offset < room ? len - offset : room;
}

/* Writes the send descriptor of `c`; returns its length (0: too big). */
static uint32_t bench_mem_build(const struct bench_mem_case *c)
{
	struct bench_desc d = {
		.sender = bench_mem_self,
		.receiver = BENCH_SP1,
		.perm = BENCH_PERM_RW,
	};
	uint64_t stride = c->constituents > 1 ? 2 : c->pages;

	/* A share names the attributes; a lend to one borrower must not. */
	if (c->type == FFA_MEM_FLAG_TYPE_SHARE) {
		d.attributes = BENCH_ATTR_NORMAL_WB_IS;
	}
	if (c->constituents > BENCH_MEM_MAX_CONSTITUENTS ||
	    stride * c->constituents > BENCH_MEM_PAGES) {
		return 0;
	}
	for (uint32_t i = 0; i < c->constituents; i++) {
		bench_mem_constituents[i] = (struct ffa_mem_constituent){
			.address =
			    BENCH_MEM_BASE + i * stride * FFA_MEM_PAGE_SIZE,
			.page_count = c->pages,
		};
	}
	return bench_desc_send(bench_mem_desc, sizeof(bench_mem_desc), &d,
			       bench_mem_constituents, c->constituents);
}

/*
 * Sends the `len`-byte descriptor whose first fragment is already in TX;
 * 0 and the handle, or the status of the first bad answer.
 */
static int64_t bench_mem_send(const struct bench_mem_case *c, uint32_t len,
			      uint64_t *handle, struct bench_mem_ticks *t)
{
	uint32_t fid = c->type == FFA_MEM_FLAG_TYPE_SHARE ? FFA_MEM_SHARE_32
							  : FFA_MEM_LEND_32;
	uint32_t sent = bench_mem_fragment(0, len);
	struct ffa_value ret = bench_mem_timed(
	    (struct ffa_value){ .x = { fid, len, sent } }, &t->send);

	t->send_fragments = 1;
	while (ffa_fid(&ret) == FFA_MEM_FRAG_RX_32 && sent < len) {
		uint32_t n = bench_mem_fragment(sent, len);

		if ((uint32_t)ret.x[3] != sent) {
			return FFA_ABORTED;
		}
		memcpy(nwd_tx_buffer(), bench_mem_desc + sent, n);
		ret = bench_mem_timed(
		    (struct ffa_value){ .x = { FFA_MEM_FRAG_TX_32,
					       (uint32_t)ret.x[1],
					       (uint32_t)ret.x[2], n } },
		    &t->send);
		sent += n;
		t->send_fragments++;
	}
	if (ffa_fid(&ret) != FFA_SUCCESS_32) {
		return bench_mem_bad(&ret);
	}
	*handle = ffa_mem_handle(&ret);
	return sent == len ? 0 : FFA_ABORTED;
}

/* A memory command (bench.h) for bench-sp1; its ticks added to `*ticks`. */
static int64_t bench_mem_sp(uint32_t cmd, uint64_t handle,
			    const struct bench_mem_case *c, uint64_t *ticks,
			    uint64_t *fragments)
{
	struct ffa_direct_args args = {
		.x = { cmd, handle, bench_mem_self, c->type, c->constituents },
	};
	struct ffa_value ret = nwd_direct_req_64(BENCH_SP1, &args);

	if (ffa_fid(&ret) != FFA_MSG_SEND_DIRECT_RESP_64) {
		return bench_mem_bad(&ret);
	}
	if (ret.x[3] != 0) {
		return (int64_t)ret.x[3];
	}
	*ticks += ret.x[4];
	if (fragments != NULL) {
		*fragments = ret.x[5];
	}
	return 0;
}

/* The reclaim of `handle`, timed into `*ticks`. */
static int64_t bench_mem_reclaim(uint64_t handle, uint64_t *ticks)
{
	struct ffa_value ret = bench_mem_timed(
	    (struct ffa_value){ .x = { FFA_MEM_RECLAIM_32, (uint32_t)handle,
				       (uint32_t)(handle >> 32), 0 } },
	    ticks);

	return ffa_fid(&ret) == FFA_SUCCESS_32 ? 0 : bench_mem_bad(&ret);
}

/*
 * One cycle of `c` (bench_mem_build done), added to `t`; 0, or the status
 * of the first bad step and its name in `*step`. A failed cycle is undone
 * as far as it went, so the next scenario starts clean.
 */
static int64_t bench_mem_cycle(const struct bench_mem_case *c, uint32_t len,
			       struct bench_mem_ticks *t, const char **step)
{
	uint64_t scratch = 0;
	uint64_t handle = 0;
	uint64_t start;
	int64_t err;

	memcpy(nwd_tx_buffer(), bench_mem_desc, bench_mem_fragment(0, len));
	start = bench_counter();
	*step = "send";
	err = bench_mem_send(c, len, &handle, t);
	if (err == 0 && c->type == FFA_MEM_FLAG_TYPE_SHARE) {
		*step = "retrieve";
		err = bench_mem_sp(BENCH_CMD_MEM_RETRIEVE, handle, c,
				   &t->retrieve, &t->retrieve_fragments);
		if (err == 0) {
			*step = "relinquish";
			err = bench_mem_sp(BENCH_CMD_MEM_RELINQUISH, handle, c,
					   &t->relinquish, NULL);
		}
	}
	if (err == 0) {
		*step = "reclaim";
		err = bench_mem_reclaim(handle, &t->reclaim);
		t->total += bench_counter() - start;
	} else if (handle != 0) {
		bench_mem_sp(BENCH_CMD_MEM_RELINQUISH, handle, c, &scratch,
			     NULL);
		bench_mem_reclaim(handle, &scratch);
	}
	return err;
}

/* Reports the failure `err` of `step` of `c`. */
static void bench_mem_error(const struct bench_mem_case *c, const char *step,
			    int64_t err)
{
	if (err < 0) {
		nwd_printf("[bench] error %s: %s failed: status %ld\n", c->name,
			   step, err);
	} else {
		nwd_printf("[bench] error %s: %s failed: answer 0x%lx\n",
			   c->name, step, (uint64_t)err);
	}
}

/* Warm-up and timed cycles of `c`; prints its line; true if all went. */
static bool bench_mem_case_run(const struct bench_mem_case *c)
{
	struct bench_mem_ticks t = { 0 };
	uint32_t len = bench_mem_build(c);
	const char *step = "build";
	int64_t err = len == 0 ? FFA_INVALID_PARAMETERS : 0;
	uint32_t i;

	for (i = 0; i < BENCH_MEM_WARMUP && err == 0; i++) {
		err = bench_mem_cycle(c, len, &t, &step);
	}
	t = (struct bench_mem_ticks){ 0 };
	for (i = 0; i < c->iterations && err == 0; i++) {
		err = bench_mem_cycle(c, len, &t, &step);
	}
	if (err != 0) {
		bench_mem_error(c, step, err);
		return false;
	}
	nwd_printf("[bench] result %s iterations=%u ticks=%lu pages=%u "
		   "constituents=%u send_ticks=%lu retrieve_ticks=%lu "
		   "relinquish_ticks=%lu reclaim_ticks=%lu send_fragments=%lu "
		   "retrieve_fragments=%lu\n",
		   c->name, c->iterations, t.total, c->constituents * c->pages,
		   c->constituents, t.send, t.retrieve, t.relinquish, t.reclaim,
		   t.send_fragments, t.retrieve_fragments);
	return true;
}

/* Maps the driver's RX/TX pair and learns our ID; false on failure. */
static bool bench_mem_setup(void)
{
	int32_t err = nwd_rxtx_map();

	bench_mem_self = nwd_ffa_id();
	if (err != 0) {
		nwd_printf("[bench] error mem: FFA_RXTX_MAP %d\n", err);
		return false;
	}
	return true;
}

/** Every scenario, in order; the number that failed. */
uint32_t bench_mem_run(void)
{
	uint32_t errors = 0;

	if (!bench_mem_setup()) {
		return 1;
	}
	for (size_t i = 0; i < BENCH_MEM_CASE_COUNT; i++) {
		errors += bench_mem_case_run(&bench_mem_cases[i]) ? 0 : 1;
	}
	return errors;
}

/**
 * One marked cycle of each scenario, after one unmarked one (the trace
 * lines of bench_nwd.c); the number of scenarios that failed.
 */
uint32_t bench_mem_trace(void)
{
	uint32_t errors = 0;

	if (!bench_mem_setup()) {
		return 1;
	}
	nwd_printf("[bench] trace-markers begin=%p end=%p\n",
		   (void *)bench_trace_begin, (void *)bench_trace_end);
	for (size_t i = 0; i < BENCH_MEM_CASE_COUNT; i++) {
		const struct bench_mem_case *c = &bench_mem_cases[i];
		struct bench_mem_ticks t = { 0 };
		const char *step = "build";
		uint32_t len;
		int64_t err;

		len = bench_mem_build(c);
		err = len == 0 ? FFA_INVALID_PARAMETERS
			       : bench_mem_cycle(c, len, &t, &step);
		if (err == 0) {
			nwd_printf("[bench] trace %s\n", c->name);
			bench_trace_begin();
			err = bench_mem_cycle(c, len, &t, &step);
			bench_trace_end();
		}
		if (err != 0) {
			bench_mem_error(c, step, err);
			errors++;
		}
	}
	return errors;
}
