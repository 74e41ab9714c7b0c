/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/cpu.h"
#include "driver/ffa.h"
#include "driver/psci.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

/*
 * Recoverable physical accesses of the SPMC (docs/design/pa_access.md).
 * The normal world maps its RX buffer on a page of the manifest's
 * ns-memory that QEMU backs with nothing (spmc_manifest.dts): the SPMC's
 * write of FFA_PARTITION_INFO_GET descriptors there takes a synchronous
 * external abort at S-EL2, which must become FFA_ABORTED, with nothing
 * changed, and the SPMC must go on serving.
 */

#define SP 0x8001U
#define SP_UUID { { 0x2a9c1e3f, 0x06b8475d, 0x724ca9e1, 0x865f0bd3 } }

/* Free, backed NS DRAM below the NWd image (0x60000000). */
#define NS_FREE 0x40000000UL
/* The end of QEMU's RAM (-m 1024); ns-memory goes on to 0xc0000000. */
#define RAM_END 0x80000000UL
/* A page in the hole. */
#define HOLE (RAM_END + 0x200000UL)

static const struct ffa_uuid null_uuid;

static struct ffa_value pinfo(uint32_t flags)
{
	return ffa_partition_info_get(&null_uuid, flags);
}

/* Checks the single descriptor the SPMC lists (v1.1+ layout) at `at`. */
static void expect_sp_entry(const volatile struct ffa_partition_info *at)
{
	const struct ffa_uuid want = SP_UUID;

	EXPECT_EQ(at->id, SP);
	EXPECT_EQ(at->exec_ctx_count, 1);
	EXPECT_EQ(at->uuid.w[0], want.w[0]);
	EXPECT_EQ(at->uuid.w[3], want.w[3]);
}

/* The SPMC still serves: a mapped pair works, the partition answers. */
static void expect_serving(void)
{
	struct ffa_direct_args args = { .x = { 0x11, 0x22, 0x33 } };
	struct ffa_value ret;

	ASSERT_EQ(nwd_rxtx_map(), 0);
	ret = pinfo(0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], 1);
	expect_sp_entry(nwd_rx_buffer());
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_EQ(nwd_rxtx_unmap(), 0);

	hftest_service_select(SP, "echo");
	ret = nwd_direct_req_64(SP, &args);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	EXPECT_EQ(ret.x[3], 0x11);
	EXPECT_EQ(ret.x[5], 0x33);
}

/*
 * With RX in the hole: the descriptors cannot be written, the call
 * aborts, and the RX buffer stays the SPMC's (a second call aborts again
 * rather than finding it busy, and there is nothing to release).
 */
static void expect_rx_fault(void)
{
	EXPECT_FFA_ERROR(pinfo(0), FFA_ABORTED);
	EXPECT_FFA_ERROR(pinfo(0), FFA_ABORTED);
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED);
	/* Count only: nothing is written, so nothing faults. */
	EXPECT_FFA_SUCCESS(pinfo(FFA_PARTITION_INFO_FLAG_COUNT_ONLY), 1);
}

SET_UP(pa_fault)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* The SPMC's write into an unbacked RX page is refused, not fatal. */
TEST(pa_fault, rx_unbacked)
{
	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, HOLE, 1), 0);
	expect_rx_fault();
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	expect_serving();
}

/* The last backed page works; the fault is per access, not per range. */
TEST(pa_fault, rx_last_backed_page)
{
	const uint64_t rx = RAM_END - FFA_PAGE_SIZE;

	/* Two pages: the second lies in the hole, the one entry does not. */
	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, rx, 2), 0);
	EXPECT_FFA_SUCCESS(pinfo(0), 1);
	expect_sp_entry((const volatile struct ffa_partition_info *)rx);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	/* Starting in the hole: refused. */
	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, RAM_END, 2), 0);
	expect_rx_fault();
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	expect_serving();
}

/* Many faults in a row leak nothing (locks, stack, RX state). */
TEST(pa_fault, repeated)
{
	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, HOLE, 1), 0);
	for (int i = 0; i < 100; i++) {
		ASSERT_FFA_ERROR(pinfo(0), FFA_ABORTED);
	}
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	expect_serving();
}

static volatile uint32_t cpu1_done;

static void cpu1_fault(uintptr_t arg)
{
	(void)arg;
	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, HOLE, 1), 0);
	expect_rx_fault();
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	cpu1_done = 1;
}

/* A secondary CPU's fault is recovered too; CPU 0 then carries on. */
TEST(pa_fault, secondary_cpu)
{
	ASSERT_EQ(nwd_cpu_start(1, cpu1_fault, 0), PSCI_E_SUCCESS);
	while (cpu1_done == 0) {
	}
	while (psci_affinity_info(nwd_cpu_mpidr(1), 0) != PSCI_AFF_OFF) {
	}
	expect_serving();
}

/*
 * After a fault, a partition's own RX buffer (secure memory, reached
 * through the SPMC's identity map) is still written as before.
 */
TEST(pa_fault, partition_rx_after_fault)
{
	struct ffa_direct2_args at0 = { .x = { 0 } };
	struct ffa_partition_info info;
	struct ffa_value b;
	struct ffa_value ret;

	EXPECT_FFA_SUCCESS(ffa_rxtx_map(NS_FREE, HOLE, 1), 0);
	EXPECT_FFA_ERROR(pinfo(0), FFA_ABORTED);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);

	hftest_service_select(SP, "bufs");
	b = req2_payload(SP, NULL, NULL);
	hftest_service_select(SP, "proxy");
	ASSERT_EQ((uint32_t)proxy(SP, FFA_RXTX_MAP_64, b.x[BUFS_TX],
				  b.x[BUFS_RX], b.x[BUFS_PAGES], 0, 0, 0, 0)
		      .x[0],
		  FFA_SUCCESS_32);
	ret = proxy(SP, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], 1);
	hftest_service_select(SP, "rx_read");
	ret = req2_payload(SP, NULL, &at0);
	memcpy(&info, &ret.x[0], sizeof(info));
	expect_sp_entry(&info);
}
