/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
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
	/* Fail only the access of this number (0 first), counting every
	 * read, write and zeroing; -1 never. */
	int64_t pa_fail_at = -1;
	/* Accesses made so far (read, write, zero). */
	int64_t pa_accesses = 0;
	uint64_t zeroed = 0;
	/* PAS of the last read and write (1: NS, 0: Secure, -1: none). */
	int last_read_ns = -1;
	int last_write_ns = -1;
	/* Called before each zeroing the double performs. */
	std::function<void(uint64_t pa, uint64_t size)> on_zero;
};
extern MmDouble mm_double;

constexpr uint16_t kSp1 = 0x8001; /* UP, v1.2, REQ/REQ2 send+recv */
constexpr uint16_t kSp2 = 0x8002; /* MP (4), v1.2, REQ/REQ2 recv, CPU_OFF */
constexpr uint16_t kSp3 = 0x8003; /* UP, v1.1, sends only */

constexpr size_t kPartitionMem = 64 * 4096;

/*
 * Host memory of the tests, below 2 GiB (MAP_32BIT: inside a 40-bit stage-2
 * IPA space and outside ASan's shadow), 2 MiB aligned. Physical address ==
 * host pointer. Layout (offsets):
 *   0, 256K, 512K   the three partitions' windows (kPartitionMem each)
 *   768K..          SP1's extra memory regions (ffa_mem_fixture)
 *   2M              SP1's 2 MiB block region (ffa_mem_fixture)
 *   4M              the normal world: RX/TX pages, then its memory; the
 *                   memory tests make [4M, 8M) the ns-memory range
 */
constexpr size_t kArenaSize = 8 << 20;
constexpr size_t kSpOffset[3] = { 0, 256 << 10, 512 << 10 };
constexpr size_t kNwdOffset = 4 << 20;
constexpr size_t kNwdSize = 4 << 20;

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

	/** The whole arena: base and mmap'ed span. */
	uint8_t *arena_ = nullptr;
	void *map_ = nullptr;
	size_t map_size_ = 0;

	manifest_spmc cfg_{};
	manifest_partition mp_[3]{};
	manifest_vm vm_[3]{};
	mpool pool_{};
	uint8_t *heap_ = nullptr;
	uint8_t *mem_[3] = {};
	uint8_t *nwd_buf_ = nullptr; /* TX page, then RX page (in the arena) */
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
