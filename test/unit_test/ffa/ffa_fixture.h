/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <utility>
#include <vector>

extern "C" {
#include "spmc/arch/fake.h"

#include "spmc/cpu.h"
#include "spmc/ffa_dispatch.h"
#include "spmc/manifest.h"
#include "spmc/mpool.h"
#include "spmc/partition.h"
#include "spmc/spmc_mm.h"
}

/* The spmc_mm double: records mappings, can be told to fail. */
struct MmDouble {
	bool fail = false;
	int maps = 0;
	int unmaps = 0;
	std::vector<spmc_mm_range> mapped;
	/* spmc_mm_*_pa: reachable [begin, end) ranges, forced failure. */
	std::vector<std::pair<uint64_t, uint64_t>> pa_ranges;
	bool pa_fail = false;
	uint64_t zeroed = 0;
};
extern MmDouble mm_double;

constexpr uint16_t kSp1 = 0x8001; /* UP, v1.2, REQ/REQ2 send+recv */
constexpr uint16_t kSp2 = 0x8002; /* MP (4), v1.2, REQ/REQ2 recv, CPU_OFF */
constexpr uint16_t kSp3 = 0x8003; /* UP, v1.1, sends only */

constexpr size_t kPartitionMem = 64 * 4096;

/**
 * Three partitions created by hand (no loader), four CPUs, and a normal
 * world whose RX/TX buffers are host memory inside the configured
 * ns-memory range.
 */
class FfaTest : public ::testing::Test
{
      protected:
	void SetUp() override;
	void TearDown() override;

	/** A call from the normal world on CPU `cpu`; returns next vCPU. */
	struct vcpu *nwd_call(const ffa_value &in, uint32_t cpu = 0);
	/** A call from vCPU `v`. */
	struct vcpu *sp_call(struct vcpu *v, const ffa_value &in);

	static ffa_value make(uint64_t x0, uint64_t x1 = 0, uint64_t x2 = 0,
			      uint64_t x3 = 0, uint64_t x4 = 0, uint64_t x5 = 0,
			      uint64_t x6 = 0, uint64_t x7 = 0);

	struct partition *p(uint16_t id)
	{
		return partition_find(id);
	}
	struct vcpu *v(uint16_t id, uint16_t index = 0)
	{
		return &partition_find(id)->vcpus[index];
	}
	ffa_value &nwd(uint32_t cpu = 0)
	{
		return cpu_get(cpu)->nwd;
	}
	ffa_value &regs(struct vcpu *vc)
	{
		return *vcpu_ffa(vc);
	}

	/** Maps the normal world's RX/TX (one page each) and checks it. */
	void map_nwd_buffers();
	/** Negotiates `version` for the normal world. */
	void nwd_version(uint32_t version);

	manifest_spmc cfg_{};
	manifest_partition mp_[3]{};
	manifest_vm vm_[3]{};
	mpool pool_{};
	uint8_t *heap_ = nullptr;
	uint8_t *mem_[3] = {};
	uint8_t *nwd_buf_ = nullptr; /* TX page, then RX page */
	uint64_t nwd_tx_ = 0;
	uint64_t nwd_rx_ = 0;
};

#define EXPECT_FFA_ERROR(value, code)                               \
	do {                                                        \
		EXPECT_EQ((uint32_t)(value).x[0], FFA_ERROR_32);    \
		EXPECT_EQ((int32_t)(uint32_t)(value).x[2], (code)); \
	} while (0)

#define EXPECT_FFA_SUCCESS(value) \
	EXPECT_EQ((uint32_t)(value).x[0] & ~0x40000000U, FFA_SUCCESS_32)
