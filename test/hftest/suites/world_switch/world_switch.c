/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/cpu.h"
#include "driver/psci.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"
#include "vmlib/simd.h"
#include "ws.h"

/*
 * The SPMC saves the normal world's EL1 registers (EL3 does not, with an
 * S-EL2 SPMC) and its FP/SIMD state (lazily) before running a partition,
 * and restores them before the normal world runs again; a partition's own
 * copies survive the normal world in turn. Registers are compared with
 * what they read back after writing, since some bits are RES0 or not
 * implemented.
 */

struct el1_state {
	uint64_t r[WS_NWD_COUNT];
};

static void nwd_el1_write(uint64_t seed)
{
	unsigned i = 0;
	uint64_t v;

#define WRITE_ONE(reg)             \
	v = ws_pattern(seed, i++); \
	WS_WRITE(reg, v);
	WS_SHARED_REGS(WRITE_ONE)
	WS_NWD_ONLY_REGS(WRITE_ONE)
#undef WRITE_ONE
	__asm__ volatile("isb" : : : "memory");
}

static void nwd_el1_read(struct el1_state *s)
{
	unsigned i = 0;

#define READ_ONE(reg) WS_READ(reg, s->r[i++]);
	WS_SHARED_REGS(READ_ONE)
	WS_NWD_ONLY_REGS(READ_ONE)
#undef READ_ONE
}

/* Writes the pattern of `seed`; returns what the registers took. */
static struct el1_state nwd_el1_load(uint64_t seed)
{
	struct el1_state s;

	nwd_el1_write(seed);
	nwd_el1_read(&s);
	/* Full 64-bit registers take the pattern as it is. */
	EXPECT_EQ(s.r[3], ws_pattern(seed, 3)); /* MAIR_EL1 */
	EXPECT_EQ(s.r[6], ws_pattern(seed, 6)); /* TPIDR_EL0 */
	EXPECT_EQ(s.r[WS_SHARED_COUNT + 3],
		  ws_pattern(seed, WS_SHARED_COUNT + 3)); /* TPIDR_EL1 */
	return s;
}

/* Every register as `want`; one failure line per register that is not. */
static void expect_el1(const struct el1_state *want)
{
	struct el1_state now;
	unsigned i;

	nwd_el1_read(&now);
	for (i = 0; i < WS_NWD_COUNT; i++) {
		if (now.r[i] != want->r[i]) {
			FAIL("EL1 register %u changed: 0x%lx, was 0x%lx", i,
			     now.r[i], want->r[i]);
		}
	}
}

static struct vmlib_simd_state nwd_simd_load(uint64_t seed)
{
	struct vmlib_simd_state want;
	struct vmlib_simd_state loaded;

	vmlib_simd_fill(&want, seed);
	vmlib_simd_load(&want);
	vmlib_simd_store(&loaded);
	EXPECT_EQ(memcmp(&loaded.v, &want.v, sizeof(want.v)), 0);
	return loaded;
}

static void expect_simd(const struct vmlib_simd_state *want)
{
	struct vmlib_simd_state now;

	vmlib_simd_store(&now);
	EXPECT_EQ(memcmp(&now, want, sizeof(now)), 0);
}

/* Sends DIRECT_REQ_64 with `seed` to `sp` running `service`; the answer. */
static uint64_t call_service(uint16_t sp, const char *service, uint64_t seed)
{
	struct ffa_direct_args args = { .x = { seed } };

	hftest_service_select(sp, service);
	return req64_payload(sp, &args).x[WS_RESULT];
}

SET_UP(ws)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* Our EL1 registers survive a partition that overwrites its own. */
TEST(ws, el1_survives_partition)
{
	struct el1_state before;

	hftest_service_select(WS_A, "el1_clobber");
	before = nwd_el1_load(0x11);
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, WS_A, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
	expect_el1(&before);
	/* And a DIRECT_REQ2 round trip. */
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req2(0, WS_A, NULL, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP2_64);
	expect_el1(&before);
}

/* NWd -> A -> B, both partitions running: still our registers after. */
TEST(ws, el1_survives_call_chain)
{
	struct el1_state before;
	struct ffa_value ret;

	hftest_service_select(WS_B, "el1_clobber");
	hftest_service_select(WS_A, "proxy");
	before = nwd_el1_load(0x22);
	ret = proxy(WS_A, FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(WS_A, WS_B),
		    0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	expect_el1(&before);
}

/* A partition never sees our EL1 values in its own registers. */
TEST(ws, el1_not_leaked)
{
	nwd_el1_load(0x33);
	EXPECT_EQ(call_service(WS_A, "el1_seen", 0x33), 0);
	EXPECT_EQ(call_service(WS_B, "el1_seen", 0x33), 0);
}

/* A partition's EL1 registers survive us and another partition. */
TEST(ws, partition_el1_preserved)
{
	call_service(WS_A, "el1_set", 0x44);
	nwd_el1_load(0x45);
	call_service(WS_B, "el1_clobber", 0);
	nwd_el1_load(0x46);
	EXPECT_EQ(call_service(WS_A, "el1_check", 0), 0);
}

/* Across FFA_YIELD and FFA_RUN, with our registers changed in between. */
TEST(ws, el1_across_yield)
{
	struct ffa_direct2_args yield = { .x = { FFA_YIELD_32 } };
	struct el1_state during;
	struct ffa_value ret;

	call_service(WS_A, "el1_set", 0x55);
	hftest_service_select(WS_A, "proxy");
	nwd_el1_load(0x56);
	ret = ffa_msg_send_direct_req2(0, WS_A, NULL, &yield);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	during = nwd_el1_load(0x57);
	ret = ffa_run(WS_A, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	expect_el1(&during);
	EXPECT_EQ(call_service(WS_A, "el1_check", 0), 0);
}

/* Our FP/SIMD state survives a partition that loads its own (REQ2). */
TEST(ws, simd_survives_partition)
{
	struct vmlib_simd_state before;

	select_req2(WS_A, "simd_clobber");
	before = nwd_simd_load(0x61);
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req2(0, WS_A, NULL, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP2_64);
	expect_simd(&before);
}

/* A partition's FP/SIMD state survives us and another partition. */
TEST(ws, partition_simd_preserved)
{
	call_service(WS_A, "simd_set", 0x71);
	nwd_simd_load(0x72);
	call_service(WS_B, "simd_clobber", 0);
	nwd_simd_load(0x73);
	EXPECT_EQ(call_service(WS_A, "simd_check", 0), 0);
}

/* Both worlds' SIMD state across FFA_YIELD and FFA_RUN. */
TEST(ws, simd_across_yield)
{
	struct ffa_direct2_args yield = { .x = { FFA_YIELD_32 } };
	struct vmlib_simd_state during;
	struct ffa_value ret;

	call_service(WS_A, "simd_set", 0x81);
	hftest_service_select(WS_A, "proxy");
	nwd_simd_load(0x82);
	ret = ffa_msg_send_direct_req2(0, WS_A, NULL, &yield);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_YIELD_32);
	during = nwd_simd_load(0x83);
	ret = ffa_run(WS_A, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	expect_simd(&during);
	EXPECT_EQ(call_service(WS_A, "simd_check", 0), 0);
}

/* Set by CPU 1 when its checks are done. */
static volatile uint32_t ws_cpu1_done;

static void ws_cpu1(uintptr_t arg)
{
	struct el1_state el1 = nwd_el1_load(0x91);
	struct vmlib_simd_state simd = nwd_simd_load(0x92);
	struct ffa_value ret;

	(void)arg;
	/* The UP partition runs on this CPU now. */
	ret = ffa_msg_send_direct_req_64(0, WS_A, NULL);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	expect_el1(&el1);
	expect_simd(&simd);
	__asm__ volatile("dmb sy" : : : "memory");
	ws_cpu1_done = 1;
}

/* Each CPU's state is its own: CPU 1's round trip leaves CPU 0's alone. */
TEST(ws, per_cpu_state)
{
	struct el1_state el1;
	struct vmlib_simd_state simd;

	hftest_service_select(WS_A, "simd_clobber");
	el1 = nwd_el1_load(0x93);
	simd = nwd_simd_load(0x94);
	ASSERT_EQ(nwd_cpu_start(1, ws_cpu1, 0), PSCI_E_SUCCESS);
	while (ws_cpu1_done == 0) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
	expect_el1(&el1);
	expect_simd(&simd);
	/* And CPU 0's own round trip still restores CPU 0's. */
	EXPECT_EQ((uint32_t)ffa_msg_send_direct_req_64(0, WS_A, NULL).x[0],
		  FFA_MSG_SEND_DIRECT_RESP_64);
	expect_el1(&el1);
	expect_simd(&simd);
}
