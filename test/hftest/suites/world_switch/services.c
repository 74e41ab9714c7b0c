/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "hftest/service.h"
#include "vmlib/simd.h"
#include "ws.h"

/*
 * The partition side of the world_switch suite. Each service answers in
 * the first payload register (x3, or x4 for DIRECT_REQ2) and takes its
 * seed from there.
 */

/* What el1_set wrote, as read back, for el1_check. */
static uint64_t el1_expected[WS_SHARED_COUNT];
static struct vmlib_simd_state simd_expected;

static size_t first(const struct ffa_value *req)
{
	return ffa_fid(req) == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
}

static void el1_write(uint64_t seed)
{
	unsigned i = 0;
	uint64_t v;

#define WRITE_ONE(reg)             \
	v = ws_pattern(seed, i++); \
	WS_WRITE(reg, v);
	WS_SHARED_REGS(WRITE_ONE)
#undef WRITE_ONE
	__asm__ volatile("isb" : : : "memory");
}

static void el1_read(uint64_t *out)
{
	unsigned i = 0;

#define READ_ONE(reg) WS_READ(reg, out[i++]);
	WS_SHARED_REGS(READ_ONE)
#undef READ_ONE
}

/* Writes the pattern of `seed` and keeps what the registers took. */
TEST_SERVICE(el1_set)
{
	struct ffa_value resp = { 0 };

	el1_write(req->x[first(req)]);
	el1_read(el1_expected);
	return resp;
}

/* Bit i set for each register that is no longer what el1_set left. */
TEST_SERVICE(el1_check)
{
	struct ffa_value resp = { 0 };
	uint64_t now[WS_SHARED_COUNT];
	uint64_t mismatch = 0;
	unsigned i;

	el1_read(now);
	for (i = 0; i < WS_SHARED_COUNT; i++) {
		if (now[i] != el1_expected[i]) {
			mismatch |= 1ULL << i;
		}
	}
	resp.x[first(req) + WS_RESULT] = mismatch;
	return resp;
}

/* Overwrites the partition's copies with a pattern of its own. */
TEST_SERVICE(el1_clobber)
{
	struct ffa_value resp = { 0 };

	el1_write(0xC5);
	return resp;
}

/*
 * Bit i set for each register that holds the value the normal world
 * wrote with the seed in the request: the partition must never see the
 * normal world's EL1 state.
 */
TEST_SERVICE(el1_seen)
{
	struct ffa_value resp = { 0 };
	uint64_t seed = req->x[first(req)];
	uint64_t now[WS_SHARED_COUNT];
	uint64_t leaked = 0;
	unsigned i;

	el1_read(now);
	for (i = 0; i < WS_SHARED_COUNT; i++) {
		if (now[i] == ws_pattern(seed, i)) {
			leaked |= 1ULL << i;
		}
	}
	resp.x[first(req) + WS_RESULT] = leaked;
	return resp;
}

/* Loads the SIMD pattern of `seed` and keeps what the registers took. */
TEST_SERVICE(simd_set)
{
	struct ffa_value resp = { 0 };
	struct vmlib_simd_state s;

	vmlib_simd_fill(&s, req->x[first(req)]);
	vmlib_simd_load(&s);
	vmlib_simd_store(&simd_expected);
	return resp;
}

/* 0 if V0..V31, FPCR and FPSR are still what simd_set left. */
TEST_SERVICE(simd_check)
{
	struct ffa_value resp = { 0 };
	struct vmlib_simd_state now;

	vmlib_simd_store(&now);
	resp.x[first(req) + WS_RESULT] =
	    memcmp(&now, &simd_expected, sizeof(now)) != 0 ? 1 : 0;
	return resp;
}

/* Loads a SIMD pattern of the partition's own. */
TEST_SERVICE(simd_clobber)
{
	struct ffa_value resp = { 0 };
	struct vmlib_simd_state s;

	vmlib_simd_fill(&s, 0xC5);
	vmlib_simd_load(&s);
	return resp;
}
