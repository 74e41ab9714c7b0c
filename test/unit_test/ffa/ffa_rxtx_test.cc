/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* FFA_RXTX_MAP / UNMAP, FFA_RX_RELEASE, FFA_PARTITION_INFO_GET(_REGS). */

#include <sys/mman.h>

#include "ffa_fixture.h"

namespace
{

using FfaRxtx = FfaTest;

TEST_F(FfaRxtx, NwdMapSmc64)
{
	map_nwd_buffers();
	const mailbox &mb = nwd_endpoint()->mailbox;
	EXPECT_TRUE(mb.mapped);
	EXPECT_EQ(mb.tx, nwd_tx_);
	EXPECT_EQ(mb.rx, nwd_rx_);
	EXPECT_EQ(mb.page_count, 1U);
	ASSERT_EQ(mm_double.mapped.size(), 2U);
	EXPECT_EQ(mm_double.mapped[0].pa, nwd_rx_);
	EXPECT_TRUE(mm_double.mapped[0].writable);
	EXPECT_FALSE(mm_double.mapped[1].writable);
}

TEST_F(FfaRxtx, NwdMapSmc32IgnoresUpperBits)
{
	/* SMC32 addresses are 32-bit: use host memory below 4 GiB. */
	void *low = mmap(nullptr, 2 * 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	ASSERT_NE(low, MAP_FAILED);
	uint64_t tx = (uintptr_t)low;
	ASSERT_EQ(tx >> 32, 0U);
	nwd_call(make(FFA_RXTX_MAP_32, tx | (7ULL << 32),
		      (tx + 4096) | (7ULL << 32), 1));
	EXPECT_FFA_SUCCESS(nwd());
	EXPECT_EQ(nwd_endpoint()->mailbox.tx, tx);
	EXPECT_EQ(nwd_endpoint()->mailbox.rx, tx + 4096);
	munmap(low, 2 * 4096);
}

struct BadMap {
	const char *what;
	uint64_t tx_off, rx_off, w3, x4;
};

class FfaRxtxBad : public FfaTest, public ::testing::WithParamInterface<BadMap>
{
};

TEST_P(FfaRxtxBad, RefusedWithoutChange)
{
	const BadMap &b = GetParam();

	nwd_call(make(FFA_RXTX_MAP_64, nwd_tx_ + b.tx_off, nwd_tx_ + b.rx_off,
		      b.w3, b.x4));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_endpoint()->mailbox.mapped);
	EXPECT_EQ(mm_double.maps, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Map, FfaRxtxBad,
    ::testing::Values(BadMap{ "unaligned tx", 8, 4096, 1, 0 },
		      BadMap{ "unaligned rx", 0, 4100, 1, 0 },
		      BadMap{ "overlap", 0, 4096, 2, 0 },
		      BadMap{ "same page", 0, 0, 1, 0 },
		      BadMap{ "zero pages", 0, 4096, 0, 0 },
		      BadMap{ "w3 mbz", 0, 4096, 1 | (1U << 8), 0 },
		      BadMap{ "x4 mbz", 0, 4096, 1, 1 }));

TEST_F(FfaRxtx, NwdMapOutsideNsMemory)
{
	nwd_call(make(FFA_RXTX_MAP_64, 0, 0x4000, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_RXTX_MAP_64, UINT64_MAX - 0xFFF, 0x4000, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(nwd_endpoint()->mailbox.mapped);
}

TEST_F(FfaRxtx, DoubleMapDenied)
{
	map_nwd_buffers();
	nwd_call(make(FFA_RXTX_MAP_64, nwd_tx_ + 8192, nwd_tx_ + 12288, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_DENIED);
	EXPECT_EQ(nwd_endpoint()->mailbox.tx, nwd_tx_);
	EXPECT_EQ(mm_double.maps, 1);
}

TEST_F(FfaRxtx, MapOutOfPageTableMemory)
{
	mm_double.fail = true;
	nwd_call(make(FFA_RXTX_MAP_64, nwd_tx_, nwd_rx_, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_NO_MEMORY);
	EXPECT_FALSE(nwd_endpoint()->mailbox.mapped);
}

TEST_F(FfaRxtx, SpMapInsideItsMemory)
{
	struct vcpu *vc = v(kSp1);
	uint64_t base = vm_[0].load_address;

	sp_call(vc, make(FFA_RXTX_MAP_64, base + 0x8000, base + 0x9000, 1));
	EXPECT_FFA_SUCCESS(regs(vc));
	EXPECT_TRUE(p(kSp1)->mailbox.mapped);
	EXPECT_EQ(mm_double.maps, 0);
}

TEST_F(FfaRxtx, SpMapOutsideItsMemoryRefused)
{
	struct vcpu *vc = v(kSp1);
	uint64_t other = vm_[1].load_address;
	uint64_t base = vm_[0].load_address;

	sp_call(vc, make(FFA_RXTX_MAP_64, other, other + 0x1000, 1));
	EXPECT_FFA_ERROR(regs(vc), FFA_INVALID_PARAMETERS);
	sp_call(vc, make(FFA_RXTX_MAP_64, base + kPartitionMem - 0x1000,
			 base + 0x1000, 2));
	EXPECT_FFA_ERROR(regs(vc), FFA_INVALID_PARAMETERS);
	EXPECT_FALSE(p(kSp1)->mailbox.mapped);
}

TEST_F(FfaRxtx, Unmap)
{
	map_nwd_buffers();
	nwd_call(make(FFA_RXTX_UNMAP_32));
	EXPECT_FFA_SUCCESS(nwd());
	EXPECT_FALSE(nwd_endpoint()->mailbox.mapped);
	EXPECT_EQ(mm_double.unmaps, 1);
	/* Mapping again works. */
	map_nwd_buffers();
}

TEST_F(FfaRxtx, UnmapErrors)
{
	nwd_call(make(FFA_RXTX_UNMAP_32));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	map_nwd_buffers();
	nwd_call(make(FFA_RXTX_UNMAP_32, 0x1234U << 16));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_RXTX_UNMAP_32, 0, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_TRUE(nwd_endpoint()->mailbox.mapped);
	EXPECT_EQ(mm_double.unmaps, 0);
}

TEST_F(FfaRxtx, RxReleaseNeedsOwnership)
{
	nwd_call(make(FFA_RX_RELEASE_32));
	EXPECT_FFA_ERROR(nwd(), FFA_DENIED);
	map_nwd_buffers();
	nwd_call(make(FFA_RX_RELEASE_32));
	EXPECT_FFA_ERROR(nwd(), FFA_DENIED);
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_CONSUMER);
	nwd_call(make(FFA_RX_RELEASE_32, 0, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_CONSUMER);
	nwd_call(make(FFA_RX_RELEASE_32));
	EXPECT_FFA_SUCCESS(nwd());
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_PRODUCER);
}

TEST_F(FfaRxtx, PartitionInfoAllV12)
{
	nwd_version(FFA_VERSION_1_2);
	map_nwd_buffers();
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	ASSERT_EQ((uint32_t)nwd().x[0], FFA_SUCCESS_32);
	EXPECT_EQ(nwd().x[2], 3U);
	EXPECT_EQ(nwd().x[3], FFA_PARTITION_INFO_V1_1_SIZE);
	ffa_partition_info info[3];
	memcpy(info, (void *)nwd_rx_, sizeof(info));
	EXPECT_EQ(info[0].id, kSp1);
	EXPECT_EQ(info[1].id, kSp2);
	EXPECT_EQ(info[1].exec_ctx_count, 4);
	EXPECT_EQ(info[2].id, kSp3);
	EXPECT_EQ(info[1].uuid.w[0], 0x2000U);
	/* Send capabilities are not shown to the normal world. */
	EXPECT_EQ(info[0].properties, FFA_PROP_DIRECT_REQ_RECV |
					  FFA_PROP_DIRECT_REQ2_RECV |
					  FFA_PROP_AARCH64);
	EXPECT_EQ(info[2].properties, FFA_PROP_AARCH64);
}

TEST_F(FfaRxtx, PartitionInfoSpSeesSendBits)
{
	struct vcpu *vc = v(kSp3);
	uint64_t base = vm_[2].load_address;

	sp_call(vc, make(FFA_RXTX_MAP_64, base, base + 0x1000, 1));
	sp_call(vc, make(FFA_PARTITION_INFO_GET_32, 0x1000, 0x1001, 0x1002,
			 0x1003));
	ASSERT_EQ((uint32_t)regs(vc).x[0], FFA_SUCCESS_32);
	EXPECT_EQ(regs(vc).x[2], 1U);
	ffa_partition_info info;
	memcpy(&info, (void *)(base + 0x1000), sizeof(info));
	EXPECT_EQ(info.id, kSp1);
	/* sp3 is v1.1: no REQ2 bits. */
	EXPECT_EQ(info.properties, FFA_PROP_DIRECT_REQ_RECV |
				       FFA_PROP_DIRECT_REQ_SEND |
				       FFA_PROP_AARCH64);
}

TEST_F(FfaRxtx, PartitionInfoBusyUntilReleased)
{
	map_nwd_buffers();
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	EXPECT_FFA_SUCCESS(nwd());
	memset((void *)nwd_rx_, 0xAB, 64);
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	EXPECT_FFA_ERROR(nwd(), FFA_BUSY);
	EXPECT_EQ(((uint8_t *)nwd_rx_)[0], 0xAB);
}

TEST_F(FfaRxtx, PartitionInfoErrors)
{
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	EXPECT_FFA_ERROR(nwd(), FFA_BUSY); /* no RX buffer */
	map_nwd_buffers();
	nwd_call(make(FFA_PARTITION_INFO_GET_32, 9, 9, 9, 9));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 2));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_PRODUCER);
}

TEST_F(FfaRxtx, PartitionInfoCountOnlyLeavesRx)
{
	map_nwd_buffers();
	nwd_call(make(FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0,
		      FFA_PARTITION_INFO_FLAG_COUNT_ONLY));
	EXPECT_FFA_SUCCESS(nwd());
	EXPECT_EQ(nwd().x[2], 3U);
	EXPECT_EQ(nwd_endpoint()->mailbox.rx_owner, RX_OWNER_PRODUCER);
}

TEST_F(FfaRxtx, PartitionInfoV10Descriptors)
{
	map_nwd_buffers();
	nwd_call(make(FFA_PARTITION_INFO_GET_32));
	ASSERT_EQ((uint32_t)nwd().x[0], FFA_SUCCESS_32);
	EXPECT_EQ(nwd().x[3], 0U);
	const uint8_t *rx = (const uint8_t *)nwd_rx_;
	uint16_t id;
	uint16_t count;
	memcpy(&id, rx + 8, 2);
	memcpy(&count, rx + 10, 2);
	EXPECT_EQ(id, kSp2);
	EXPECT_EQ(count, 4);
}

TEST_F(FfaRxtx, PartitionInfoRegs)
{
	nwd_version(FFA_VERSION_1_2);
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64));
	ASSERT_EQ((uint32_t)nwd().x[0], FFA_SUCCESS_64);
	EXPECT_EQ(nwd().x[2] & 0xFFFF, 2U);         /* last index */
	EXPECT_EQ((nwd().x[2] >> 16) & 0xFFFF, 2U); /* current index */
	EXPECT_EQ(nwd().x[2] >> 48, 24U);
	EXPECT_EQ(nwd().x[3] & 0xFFFF, kSp1);
	EXPECT_EQ((nwd().x[6] >> 16) & 0xFFFF, 4U); /* sp2 vCPUs */
	EXPECT_EQ(nwd().x[7], 0x2000ULL | (0x2001ULL << 32));
	/* Start at index 2. */
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 2));
	EXPECT_EQ(nwd().x[3] & 0xFFFF, kSp3);
}

TEST_F(FfaRxtx, PartitionInfoRegsErrors)
{
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED); /* NWd still v1.0 */
	nwd_version(FFA_VERSION_1_2);
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 3));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 1U << 16));
	EXPECT_FFA_ERROR(nwd(), FFA_RETRY);
	nwd_call(make(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
}

} // namespace
