/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "bench.h"
#include "bench_mem.h"
#include "driver/console.h"
#include "driver/ffa.h"
#include "driver/nwd.h"

/*
 * The benchmark's normal-world client. Run under QEMU `-icount shift=0`
 * (tools/bench.py), where every guest instruction advances virtual time by
 * 1 ns, it times direct-message round trips with the generic counter and
 * prints one line per measurement:
 *
 *   [bench] begin cntfrq=<Hz>
 *   [bench] result <name> iterations=<n> ticks=<t> [key=value...]
 *   [bench] end errors=<n>
 *
 * tools/bench.py turns ticks into instructions (ticks * 1e9 / cntfrq per
 * 2^shift ns). With the command "trace" in the command page it instead
 * runs one marked round trip of each kind, for a QEMU execution trace to
 * split by exception level (bench.py --breakdown):
 *
 *   [bench] trace-markers begin=0x<addr> end=0x<addr>
 *   [bench] trace <name>          (in the order of the marked windows)
 *
 * With the command "mem" it runs the calibration loop and then the
 * memory-sharing scenarios (bench_mem_nwd.c), one result line each; with
 * "memtrace" one marked cycle of each, for a trace as above.
 */

/* The command page (docs/design/runtime.md §1). */
#define BENCH_COMMAND_PAGE 0x5ffff000UL

/* The partitions of bench_spmc_manifest.dts (vmN is 0x8000 + N). */
#define BENCH_SP1 0x8001
#define BENCH_SP2 0x8002

/* The calibration loop: iterations of exactly two instructions. */
#define BENCH_SPIN_ITERATIONS 1000000
#define BENCH_SPIN_INSTRUCTIONS_PER_ITERATION 2

static const char *const bench_kind_names[BENCH_KIND_COUNT] = {
	[BENCH_REQ_32] = "req_resp_32",
	[BENCH_REQ_64] = "req_resp_64",
	[BENCH_REQ2] = "req2_resp2",
};

static uint32_t bench_errors;

/* `n` iterations of `subs; b.ne`: 2n instructions. */
static void bench_spin(uint64_t n)
{
	__asm__ volatile("1:\n\tsubs %0, %0, #1\n\tb.ne 1b" : "+r"(n) : : "cc");
}

/* One round trip of `kind` to `sp`; true if the echo came back. */
static bool bench_round_trip(enum bench_kind kind, uint16_t sp)
{
	static const struct ffa_direct_args args = { .x = { 1, 2, 3, 4, 5 } };
	static const struct ffa_direct2_args args2 = { .x = { 1, 2, 3 } };
	static const struct ffa_uuid any = { 0 };
	struct ffa_value ret;

	switch (kind) {
	case BENCH_REQ_32:
		ret = nwd_direct_req_32(sp, &args);
		return ffa_fid(&ret) == FFA_MSG_SEND_DIRECT_RESP_32;
	case BENCH_REQ_64:
		ret = nwd_direct_req_64(sp, &args);
		return ffa_fid(&ret) == FFA_MSG_SEND_DIRECT_RESP_64;
	default:
		ret = nwd_direct_req2(sp, &any, &args2);
		return ffa_fid(&ret) == FFA_MSG_SEND_DIRECT_RESP2_64;
	}
}

/* Prints a result line, or an error line if `bad` answers came back. */
static void bench_result(const char *prefix, const char *name,
			 uint64_t iterations, uint64_t ticks, uint64_t bad)
{
	if (bad != 0) {
		bench_errors++;
		nwd_printf("[bench] error %s%s: %lu bad answers\n", prefix,
			   name, bad);
		return;
	}
	nwd_printf("[bench] result %s%s iterations=%lu ticks=%lu\n", prefix,
		   name, iterations, ticks);
}

/* Checks the method: a loop of known length. */
static void bench_calibrate(void)
{
	uint64_t start = bench_counter();

	bench_spin(BENCH_SPIN_ITERATIONS);
	nwd_printf("[bench] result calibrate_loop iterations=%u ticks=%lu "
		   "expected_instructions=%u\n",
		   BENCH_SPIN_ITERATIONS, bench_counter() - start,
		   BENCH_SPIN_ITERATIONS *
		       BENCH_SPIN_INSTRUCTIONS_PER_ITERATION);
}

/* NWd -> SP -> NWd: BENCH_ITERATIONS round trips of `kind`. */
static void bench_nwd_sp(enum bench_kind kind)
{
	uint64_t bad = 0;
	uint64_t start;
	uint32_t i;

	for (i = 0; i < BENCH_WARMUP; i++) {
		bad += bench_round_trip(kind, BENCH_SP1) ? 0 : 1;
	}
	start = bench_counter();
	for (i = 0; i < BENCH_ITERATIONS; i++) {
		bad += bench_round_trip(kind, BENCH_SP1) ? 0 : 1;
	}
	bench_result("nwd_sp_", bench_kind_names[kind], BENCH_ITERATIONS,
		     bench_counter() - start, bad);
}

/* SP -> SP: bench-sp1 times BENCH_ITERATIONS round trips to bench-sp2. */
static void bench_sp_sp(enum bench_kind kind)
{
	struct ffa_direct_args args = {
		.x = { BENCH_CMD_SP_LOOP, BENCH_SP2, BENCH_ITERATIONS, kind },
	};
	struct ffa_value ret = nwd_direct_req_64(BENCH_SP1, &args);

	if (ffa_fid(&ret) != FFA_MSG_SEND_DIRECT_RESP_64 || ret.x[3] != 0) {
		bench_errors++;
		nwd_printf("[bench] error sp_sp_%s: x0 0x%lx status 0x%lx\n",
			   bench_kind_names[kind], ret.x[0], ret.x[3]);
		return;
	}
	bench_result("sp_sp_", bench_kind_names[kind], ret.x[5], ret.x[4], 0);
}

/* Trace windows: a call to each marks a boundary in the execution trace. */
[[gnu::noinline]] void bench_trace_begin(void)
{
	__asm__ volatile("" ::: "memory");
}

[[gnu::noinline]] void bench_trace_end(void)
{
	__asm__ volatile("" ::: "memory");
}

/* One marked round trip of each kind, after a short warm-up. */
static void bench_trace(void)
{
	uint32_t kind;
	uint32_t i;
	bool ok;

	nwd_printf("[bench] trace-markers begin=%p end=%p\n",
		   (void *)bench_trace_begin, (void *)bench_trace_end);
	for (kind = 0; kind < BENCH_KIND_COUNT; kind++) {
		for (i = 0; i < 10; i++) {
			bench_round_trip(kind, BENCH_SP1);
		}
		nwd_printf("[bench] trace nwd_sp_%s\n", bench_kind_names[kind]);
		bench_trace_begin();
		ok = bench_round_trip(kind, BENCH_SP1);
		bench_trace_end();
		if (!ok) {
			bench_errors++;
			nwd_printf("[bench] error trace nwd_sp_%s\n",
				   bench_kind_names[kind]);
		}
	}
}

/* Whether the command page starts with the word `word`. */
static bool bench_command_is(const char *word)
{
	const volatile char *page = (const volatile char *)BENCH_COMMAND_PAGE;
	size_t i;

	for (i = 0; word[i] != '\0'; i++) {
		if (page[i] != word[i]) {
			return false;
		}
	}
	return page[i] == '\0' || page[i] == ' ' || page[i] == '\n';
}

/** The benchmark, on CPU 0. */
int nwd_main(void)
{
	struct nwd_version_ret version = nwd_ffa_version(FFA_VERSION_1_2);
	uint32_t kind;

	nwd_printf("[bench] begin cntfrq=%lu\n", bench_counter_freq());
	if (version.error != 0) {
		nwd_printf("[bench] error FFA_VERSION %d\n", version.error);
		nwd_printf("[bench] end errors=1\n");
		return 1;
	}
	if (bench_command_is("trace")) {
		bench_trace();
	} else if (bench_command_is("memtrace")) {
		bench_errors += bench_mem_trace();
	} else if (bench_command_is("mem")) {
		bench_calibrate();
		bench_errors += bench_mem_run();
	} else {
		bench_calibrate();
		for (kind = 0; kind < BENCH_KIND_COUNT; kind++) {
			bench_nwd_sp(kind);
		}
		for (kind = 0; kind < BENCH_KIND_COUNT; kind++) {
			bench_sp_sp(kind);
		}
	}
	nwd_printf("[bench] end errors=%u\n", bench_errors);
	return bench_errors == 0 ? 0 : 1;
}
