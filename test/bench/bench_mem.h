/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * The memory-sharing half of the benchmark: the normal-world side
 * (bench_mem_nwd.c) and the borrower side in the partitions
 * (bench_mem_sp.c). The commands are in bench.h.
 */

/** Pages of each of a bench partition's RX and TX buffers. */
#define BENCH_MEM_SP_RXTX_PAGES 1

/* Partition side. */
void bench_mem_sp_init(void);
struct ffa_value bench_mem_sp_command(const struct ffa_value *req);

/*
 * Normal-world side: every scenario timed, or one marked cycle of each
 * between calls to the trace markers (bench_nwd.c); both return the
 * number of errors.
 */
uint32_t bench_mem_run(void);
uint32_t bench_mem_trace(void);
void bench_trace_begin(void);
void bench_trace_end(void);
