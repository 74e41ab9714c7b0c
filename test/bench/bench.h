/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * What the benchmark's normal-world client (bench_nwd.c) and its two echo
 * partitions (bench_sp.c; bench_sp1.dts, bench_sp2.dts) agree on, and the
 * generic-counter helpers both sides time with.
 *
 * Every direct request (REQ_32, REQ_64, REQ2) is echoed: the matching
 * response with the IDs swapped and the payload registers unchanged.
 * The one exception is a REQ_64 to bench-sp1 whose w3 is
 * BENCH_CMD_SP_LOOP: bench-sp1 then sends x5 requests of kind x6
 * (`enum bench_kind`) to partition x4, after BENCH_WARMUP untimed ones,
 * and answers with w3 = 0 (or the FF-A error or unexpected function ID of
 * the first bad answer), x4 = counter ticks of the timed requests, x5 =
 * the number of timed requests.
 *
 * The memory-sharing benchmark (bench_mem_nwd.c) asks bench-sp1 for the
 * borrower's half of a transaction with two more REQ_64 commands, both
 * answered with w3 = 0 or the FF-A error (or unexpected function ID) of
 * the first bad answer, and x4 = counter ticks spent in the FF-A memory
 * calls alone (bench_mem_sp.c):
 *  - BENCH_CMD_MEM_RETRIEVE: x4 = handle, x5 = the sender's ID, x6 = the
 *    transaction type (FFA_MEM_FLAG_TYPE_*), x7 = the constituent count
 *    expected. bench-sp1 retrieves it read-write through its one-page RX
 *    buffer (FFA_MEM_RETRIEVE_REQ, FFA_MEM_FRAG_RX while fragments remain,
 *    FFA_RX_RELEASE); x5 = the number of fragments it received.
 *  - BENCH_CMD_MEM_RELINQUISH: x4 = handle; FFA_MEM_RELINQUISH.
 */

#define BENCH_CMD_SP_LOOP 0x53504c50U        /* "SPLP" */
#define BENCH_CMD_MEM_RETRIEVE 0x4d525452U   /* "MRTR" */
#define BENCH_CMD_MEM_RELINQUISH 0x4d524c51U /* "MRLQ" */

/** Untimed round trips before each measurement. */
#define BENCH_WARMUP 100

/** Timed round trips per measurement. */
#define BENCH_ITERATIONS 10000

enum bench_kind {
	BENCH_REQ_32 = 0,
	BENCH_REQ_64 = 1,
	BENCH_REQ2 = 2,
	BENCH_KIND_COUNT,
};

/** The generic counter (CNTVCT_EL0), after earlier instructions. */
static inline uint64_t bench_counter(void)
{
	uint64_t ticks;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(ticks)::"memory");
	return ticks;
}

/** The counter's frequency in Hz (CNTFRQ_EL0). */
static inline uint64_t bench_counter_freq(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq;
}
