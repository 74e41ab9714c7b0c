/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "setup.h"
#include "vmlib/ffa.h"

/*
 * FFA_RXTX_MAP (SMC32, SMC64), FFA_RXTX_UNMAP and FFA_RX_RELEASE from the
 * normal world and from a partition. Every refused call is followed by a
 * check that nothing was mapped, unmapped or handed over.
 */

/* Free non-secure DRAM, below the NWd image (0x60000000). */
#define NS_FREE 0x40000000UL
/* The SPMC manifest's ns-memory range. */
#define NS_END 0xC0000000UL

static const struct ffa_uuid null_uuid;

static uint64_t tx_addr(void)
{
	return (uintptr_t)nwd_tx_buffer();
}

static uint64_t rx_addr(void)
{
	return (uintptr_t)nwd_rx_buffer();
}

static struct ffa_value map64(uint64_t tx, uint64_t rx, uint32_t pages)
{
	return ffa_rxtx_map(tx, rx, pages);
}

/* Whether an RX/TX pair is mapped: a second map is then DENIED. */
static bool nwd_mapped(void)
{
	struct ffa_value ret = map64(NS_FREE, NS_FREE + 0x10000, 1);

	if ((uint32_t)ret.x[0] == FFA_SUCCESS_32) {
		/* It was not: undo the probe. */
		ASSERT_EQ((uint32_t)ffa_rxtx_unmap().x[0], FFA_SUCCESS_32);
		return false;
	}
	ASSERT_EQ(ffa_error_code(&ret), FFA_DENIED);
	return true;
}

/* FFA_PARTITION_INFO_GET into the mapped RX buffer, error code or 0. */
static int32_t pinfo_get(void)
{
	struct ffa_value ret = ffa_partition_info_get(&null_uuid, 0);

	if ((uint32_t)ret.x[0] != FFA_SUCCESS_32) {
		return ffa_error_code(&ret);
	}
	EXPECT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_1);
	return 0;
}

SET_UP(rxtx)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* Map (SMC64), use, unmap: the buffers then serve nothing. */
TEST(rxtx, map64_use_unmap)
{
	const struct ffa_partition_info *rx = nwd_rx_buffer();

	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	ASSERT_EQ(pinfo_get(), 0);
	EXPECT_EQ(rx[0].id, SP_A);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	EXPECT_EQ(pinfo_get(), FFA_BUSY);
	EXPECT_FALSE(nwd_mapped());
}

/* SMC32 form, with 32-bit addresses. */
TEST(rxtx, map32)
{
	EXPECT_FFA_SUCCESS(
	    ffa_rxtx_map_32((uint32_t)tx_addr(), (uint32_t)rx_addr(), 1), 0);
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_TRUE(nwd_mapped());
}

/* The largest page count FFA_FEATURES reports (63), in free NS DRAM. */
TEST(rxtx, map_max_pages)
{
	const uint64_t tx = NS_FREE;
	const uint64_t rx = NS_FREE + 0x100000;

	EXPECT_FFA_SUCCESS(map64(tx, rx, FFA_RXTX_PAGE_COUNT_MASK), 0);
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_EQ(((const struct ffa_partition_info *)rx)[5].id, SP_MP);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
}

TEST(rxtx, map_unaligned)
{
	EXPECT_FFA_ERROR(map64(tx_addr() + 0x800, rx_addr(), 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr() + 8, 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    ffa_rxtx_map_32((uint32_t)tx_addr() + 4, (uint32_t)rx_addr(), 1),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_mapped());
}

TEST(rxtx, map_overlapping)
{
	EXPECT_FFA_ERROR(map64(tx_addr(), tx_addr(), 1),
			 FFA_INVALID_PARAMETERS);
	/* Two pages each, sharing one. */
	EXPECT_FFA_ERROR(map64(NS_FREE, NS_FREE + FFA_PAGE_SIZE, 2),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(NS_FREE + FFA_PAGE_SIZE, NS_FREE, 2),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_mapped());
	/* Adjacent is fine. */
	EXPECT_FFA_SUCCESS(map64(NS_FREE, NS_FREE + 2 * FFA_PAGE_SIZE, 2), 0);
}

/* Secure memory, or NS memory outside the manifest's ns-memory range. */
TEST(rxtx, map_outside_ns_memory)
{
	EXPECT_FFA_ERROR(map64(SP_A_LOAD, rx_addr(), 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(tx_addr(), 0x0e100000, 1),
			 FFA_INVALID_PARAMETERS);
	/* Straddling the start and the end of ns-memory. */
	EXPECT_FFA_ERROR(map64(NS_FREE - FFA_PAGE_SIZE, rx_addr(), 2),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(tx_addr(), NS_END - FFA_PAGE_SIZE, 2),
			 FFA_INVALID_PARAMETERS);
	/* Wrapping around the address space. */
	EXPECT_FFA_ERROR(map64(0xFFFFFFFFFFFFF000ULL, rx_addr(), 2),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_mapped());
}

TEST(rxtx, map_zero_pages)
{
	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr(), 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    ffa_rxtx_map_32((uint32_t)tx_addr(), (uint32_t)rx_addr(), 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_mapped());
}

/* w3 bits [31:6] and x4..x7 are MBZ (64 pages does not fit bits [5:0]). */
TEST(rxtx, map_mbz)
{
	struct ffa_value call = {
		.x = { FFA_RXTX_MAP_64, tx_addr(), rx_addr(), 1 },
	};
	int i;

	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr(), 1U | (1U << 6)),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr(), 64),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr(), 1U | (1U << 31)),
			 FFA_INVALID_PARAMETERS);
	for (i = 4; i < 8; i++) {
		struct ffa_value bad = call;

		bad.x[i] = 1;
		EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	}
	EXPECT_FALSE(nwd_mapped());
	EXPECT_FFA_SUCCESS(ffa_call(call), 0);
}

/* A second map while mapped is DENIED and keeps the first pair. */
TEST(rxtx, map_twice_denied)
{
	const struct ffa_partition_info *rx = nwd_rx_buffer();

	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	EXPECT_FFA_ERROR(map64(NS_FREE, NS_FREE + 0x10000, 1), FFA_DENIED);
	EXPECT_FFA_ERROR(map64(tx_addr(), rx_addr(), 1), FFA_DENIED);
	EXPECT_FFA_ERROR(
	    ffa_rxtx_map_32((uint32_t)tx_addr(), (uint32_t)rx_addr(), 1),
	    FFA_DENIED);
	/* The first pair still works. */
	ASSERT_EQ(pinfo_get(), 0);
	EXPECT_EQ(rx[0].id, SP_A);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	/* And after an unmap, a new pair can be mapped. */
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	EXPECT_FFA_SUCCESS(map64(NS_FREE, NS_FREE + 0x10000, 1), 0);
}

TEST(rxtx, unmap_not_mapped)
{
	EXPECT_FFA_ERROR(ffa_rxtx_unmap(), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	EXPECT_FFA_ERROR(ffa_rxtx_unmap(), FFA_INVALID_PARAMETERS);
}

/* w1 names the caller (0 for the normal world) in bits [31:16] only. */
TEST(rxtx, unmap_bad_id)
{
	struct ffa_value call = { .x = { FFA_RXTX_UNMAP_32 } };
	struct ffa_value bad;

	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	bad = call;
	bad.x[1] = 1U << 16; /* another VM */
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad.x[1] = (uint32_t)SP_A << 16;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad.x[1] = 1; /* bits [15:0] MBZ */
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad = call;
	bad.x[2] = 1;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	EXPECT_TRUE(nwd_mapped());
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_SUCCESS(ffa_call(call), 0);
	EXPECT_FALSE(nwd_mapped());
}

/* FFA_RX_RELEASE hands the RX buffer back after discovery filled it. */
TEST(rxtx, rx_release_after_get)
{
	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
}

/* Releasing a buffer the caller does not own is DENIED. */
TEST(rxtx, rx_release_not_owner)
{
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED); /* nothing mapped */
	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED); /* producer owns it */
	EXPECT_EQ(pinfo_get(), 0);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED); /* twice */
	EXPECT_EQ(pinfo_get(), 0);
}

/* w1 may only name the caller; a bad one leaves the buffer owned. */
TEST(rxtx, rx_release_bad_id)
{
	struct ffa_value call = { .x = { FFA_RX_RELEASE_32 } };
	struct ffa_value bad;

	EXPECT_FFA_SUCCESS(map64(tx_addr(), rx_addr(), 1), 0);
	EXPECT_EQ(pinfo_get(), 0);
	bad = call;
	bad.x[1] = 5;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad.x[1] = 1U << 16;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad = call;
	bad.x[3] = 1;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	/* Still the caller's: discovery is BUSY until a good release. */
	EXPECT_EQ(pinfo_get(), FFA_BUSY);
	EXPECT_FFA_SUCCESS(ffa_call(call), 0);
	EXPECT_EQ(pinfo_get(), 0);
}

SET_UP(rxtx_sp)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(SP_A, "bufs");
}

/* The RX/TX pair of partition A, from its `bufs` service. */
static void sp_a_bufs(uint64_t *rx, uint64_t *tx, uint32_t *pages)
{
	struct ffa_value b = req2_payload(SP_A, NULL, NULL);

	*rx = b.x[BUFS_RX];
	*tx = b.x[BUFS_TX];
	*pages = (uint32_t)b.x[BUFS_PAGES];
	ASSERT_GE(*rx, SP_A_LOAD);
	ASSERT_GE(*tx, SP_A_LOAD);
	hftest_service_select(SP_A, "proxy");
}

/* A partition maps buffers in its own memory, SMC64 and SMC32. */
TEST(rxtx_sp, map_unmap)
{
	uint64_t rx;
	uint64_t tx;
	uint32_t pages;

	sp_a_bufs(&rx, &tx, &pages);
	EXPECT_FFA_SUCCESS(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0), 0);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0),
	    FFA_DENIED);
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_RXTX_UNMAP_32, 0, 0, 0, 0, 0, 0, 0),
			   0);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RXTX_UNMAP_32, 0, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_RXTX_MAP_32, tx, rx, 1, 0, 0, 0, 0),
			   0);
	/* The partition's own ID in w1[31:16] is accepted. */
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_RXTX_UNMAP_32, (uint32_t)SP_A << 16,
				 0, 0, 0, 0, 0, 0),
			   0);
}

/* Only the partition's own memory: not NS memory, not another SP's. */
TEST(rxtx_sp, map_outside_own_memory)
{
	uint64_t rx;
	uint64_t tx;
	uint32_t pages;

	sp_a_bufs(&rx, &tx, &pages);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx_addr(), rx_addr(), 1, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, SP_B_LOAD, 1, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	/* Past the end of its 1 MiB window. */
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RXTX_MAP_64, tx,
			       SP_A_LOAD + 0x100000 - FFA_PAGE_SIZE, 2, 0, 0, 0,
			       0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	/* Nothing was mapped. */
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RXTX_UNMAP_32, 0, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0), 0);
}

/* A partition may not unmap for another ID; RX_RELEASE rules as above. */
TEST(rxtx_sp, unmap_and_release_refused)
{
	uint64_t rx;
	uint64_t tx;
	uint32_t pages;
	struct ffa_value ret;

	sp_a_bufs(&rx, &tx, &pages);
	EXPECT_FFA_SUCCESS(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0), 0);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RXTX_UNMAP_32, (uint32_t)SP_B << 16, 0,
			       0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RX_RELEASE_32, 0, 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	ret = proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RX_RELEASE_32, SP_B, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(
	    proxy(SP_A, FFA_RX_RELEASE_32, SP_A, 0, 0, 0, 0, 0, 0), 0);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_RX_RELEASE_32, 0, 0, 0, 0, 0, 0, 0),
			 FFA_DENIED);
	/* Still mapped. */
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0),
	    FFA_DENIED);
}
