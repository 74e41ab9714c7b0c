/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/*
 * Memory-sharing fixture: FfaTest's three partitions with real stage-2
 * tables (built as the loader does: the window and secure regions
 * OWNED | EXCLUSIVE), memory sharing set up with a software-GPT fake EL3
 * over the arena's normal-world half, RX/TX mapped for everyone, and a
 * snapshot of every piece of state a failed call must not change.
 */

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "../granule_fixture.h"
#include "../mm_fixture.h"
#include "ffa_fixture.h"

extern "C" {
#include "spmc/granule.h"
#include "spmc/mem_share.h"
#include "spmc/mm.h"

#include "vmlib/mem_build.h"

/* The module's state, for snapshots. */
#include "../../../src/ffa/mem_internal.h" // nogncheck
}

constexpr uint16_t kNwd = 0;
/* Non-secure sender ID the normal world puts in its descriptors. */
constexpr uint16_t kVm = 0x0001;

/* SP1's extra regions (pages): read-only, read-write NX, device. */
constexpr size_t kRoOffset = 768 << 10;
constexpr size_t kNxOffset = 784 << 10;
constexpr size_t kDevOffset = 800 << 10;
constexpr uint32_t kRegionPages = 4;
/* SP1's 2 MiB region, mapped with a block. */
constexpr size_t kBigOffset = 2 << 20;
/* Normal-world memory pages start after its RX/TX area. */
constexpr size_t kNwdMemOffset = kNwdOffset + (64 << 10);
/* An aligned 2 MiB block of normal-world memory. */
constexpr size_t kNwdBlockOffset = kNwdOffset + (2 << 20);
/* Partition pages: TX at 8, RX at 9; memory to share from 16 on. */
constexpr uint32_t kSpTxPage = 8;
constexpr uint32_t kSpFreePage = 16;

constexpr uint32_t kRW = MM_MODE_R | MM_MODE_W;
constexpr uint32_t kRWX = MM_MODE_R | MM_MODE_W | MM_MODE_X;
constexpr uint32_t kOwnEx = MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
constexpr uint8_t kPermRW = MEM_PERM(FFA_DATA_ACCESS_RW, 0);
constexpr uint8_t kPermRO = MEM_PERM(FFA_DATA_ACCESS_RO, 0);
constexpr uint8_t kPermRWNX = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NX);
constexpr uint8_t kPermRWX = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_X);
constexpr uint8_t kPermRONX = MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_NX);

/* mode() of a range that is not uniform. */
constexpr uint32_t kMixed = 0xFFFFFFFFU;

/** Everything a failed memory call must leave as it was. */
struct MemSnap {
	/* Raw entries of every table of every partition (secure, ns). */
	std::vector<std::vector<mm_test::TableDump>> tables;
	/* Mode of every page of the ranges the tests use, per tree. */
	std::vector<uint32_t> modes;
	size_t store_count = 0;
	/* Every record: its bytes, constituents and ranges. */
	std::map<uint64_t, std::vector<uint8_t>> records;
	/* Every granule of ns-memory: state, share count. */
	std::vector<std::pair<int, uint32_t>> granules;
	std::map<uint64_t, granule_test::Gpi> gpt;
	/* NWd and SP mailboxes: mapped, tx, rx, pages, RX owner. */
	std::vector<std::tuple<bool, uint64_t, uint64_t, uint32_t, int>> boxes;
	size_t pool_free = 0;
	uint32_t partition_states = 0;
};

/** Differences between two snapshots, "" if none. */
std::string snap_diff(const MemSnap &a, const MemSnap &b);

/** One receiver of a descriptor. */
struct Recv {
	uint16_t id;
	uint8_t perm;
};

/** Holds all but `k` free pages of a pool, `k` of them contiguous. */
class PoolLimit
{
      public:
	PoolLimit(struct mpool *pool, size_t k);
	~PoolLimit();

      private:
	struct mpool *pool_;
	std::vector<uintptr_t> held_;
};

class FfaMemTest : public FfaTest
{
      protected:
	void SetUp() override;
	void TearDown() override;

	/* Addresses. */
	uint64_t nwd_mem(uint32_t page) const
	{
		return (uintptr_t)arena_ + kNwdMemOffset + page * 4096ULL;
	}
	uint64_t sp_mem(uint16_t id, uint32_t page)
	{
		return p(id)->vm->load_address + page * 4096ULL;
	}
	uint64_t at(size_t offset) const
	{
		return (uintptr_t)arena_ + offset;
	}
	uint32_t version_of(uint16_t who);
	uint64_t tx_of(uint16_t who);
	uint64_t rx_of(uint16_t who);
	uint8_t *rx_ptr(uint16_t who)
	{
		return reinterpret_cast<uint8_t *>(rx_of(who));
	}

	/** Any call by `who` (kNwd or an SP ID); returns its result. */
	ffa_value call(uint16_t who, const ffa_value &in);

	/** A descriptor of `sender` giving `cons` to `recv`. */
	static mem_build desc(uint16_t sender, std::vector<Recv> recv,
			      const std::vector<ffa_mem_constituent> &cons,
			      uint16_t attributes = MEM_ATTR_NORMAL_WB_IS,
			      uint32_t flags = 0, uint64_t tag = 0);
	/** Default attributes of an ABI and receiver count. */
	static uint16_t attr_for(uint32_t fid, size_t receivers);
	/** Builds `b` (its layout defaults to the caller's). */
	std::vector<uint8_t> bytes(const mem_build &b);

	/** Writes `len` bytes to the caller's TX. */
	void put_tx(uint16_t who, const void *buf, size_t len);
	/** FFA_MEM_SHARE/LEND/DONATE with the first `frag` bytes of `d`. */
	ffa_value send_first(uint16_t who, uint32_t fid,
			     const std::vector<uint8_t> &d, uint32_t frag);
	/** FFA_MEM_FRAG_TX of `d[off, off + len)`. */
	ffa_value frag_tx(uint16_t who, uint64_t handle,
			  const std::vector<uint8_t> &d, uint32_t off,
			  uint32_t len);
	/** A whole send, in TX-sized fragments (whole constituents). */
	ffa_value send(uint16_t who, uint32_t fid, const mem_build &b);
	/** send() that must succeed; returns the handle. */
	uint64_t send_ok(uint16_t who, uint32_t fid, const mem_build &b);

	/** A retrieve request of `who` for `handle` matching `b`. */
	static mem_build request(const mem_build &sent, uint64_t handle,
				 uint32_t fid, uint8_t perm = 0,
				 uint32_t flags = 0);
	ffa_value retrieve(uint16_t who, const mem_build &req);
	/** retrieve() of the whole response that must succeed. */
	void retrieve_ok(uint16_t who, const mem_build &sent, uint64_t handle,
			 uint32_t fid, uint8_t perm = 0);
	ffa_value frag_rx(uint16_t who, uint64_t handle, uint32_t offset);
	/**
	 * The response of retrieve reply `r` (RX then FRAG_RX to the end);
	 * `*frags`: fragments it took.
	 */
	std::vector<uint8_t> collect(uint16_t who, uint64_t handle,
				     const ffa_value &r, int *frags);
	ffa_value relinquish(uint16_t who, uint64_t handle, uint32_t flags = 0);
	ffa_value reclaim(uint16_t who, uint64_t handle, uint32_t flags = 0);
	ffa_value rx_release(uint16_t who);

	/** Mode of `[base, base + pages)` in `id`'s secure or ns tree. */
	uint32_t mode(uint16_t id, bool ns, uint64_t base, uint32_t pages = 1);
	/**
	 * mode() without taking the table's lock: for hooks called while the
	 * SPMC holds it (same thread).
	 */
	uint32_t mode_unlocked(uint16_t id, bool ns, uint64_t base,
			       uint32_t pages = 1);
	struct granule_info granule(uint64_t pa);
	size_t store_count();
	size_t pool_free()
	{
		return mpool_count(&mpool_);
	}

	MemSnap snap();

	static bool is_error(const ffa_value &r)
	{
		return (uint32_t)r.x[0] == FFA_ERROR_32;
	}

	/**
	 * Runs `op` with the pool shrunk to k = 0, 1, 2... free pages (all
	 * contiguous) until it succeeds. Every failure must be NO_MEMORY
	 * and leave snap() as it was. Returns the successful result and, in
	 * `*points`, how many sizes failed.
	 */
	template <class Op>
	ffa_value under_pool_limit(const std::string &what, Op op,
				   int *points = nullptr)
	{
		for (size_t k = 0; k <= 64; k++) {
			PoolLimit lim(&mpool_, k);
			MemSnap before = snap();
			ffa_value r = op();

			if (!is_error(r)) {
				if (points != nullptr) {
					*points = (int)k;
				}
				return r;
			}
			std::string d = snap_diff(before, snap());
			if ((int32_t)r.x[2] != FFA_NO_MEMORY || !d.empty()) {
				ADD_FAILURE() << what << " with " << k
					      << " free pages: error "
					      << (int32_t)r.x[2] << "; " << d;
				return r;
			}
		}
		ADD_FAILURE() << what << ": never succeeded";
		return {};
	}

	/**
	 * Runs `op` with physical access number n = 0, 1, 2... (TX read, RX
	 * write, zeroing) faulting until it succeeds. Every failure must be
	 * `code` and leave snap() as it was.
	 */
	template <class Op>
	ffa_value under_pa_fault(const std::string &what, Op op,
				 int *points = nullptr,
				 int32_t code = FFA_ABORTED)
	{
		for (int64_t n = 0; n <= 1024; n++) {
			MemSnap before = snap();

			mm_double.pa_accesses = 0;
			mm_double.pa_fail_at = n;
			ffa_value r = op();
			mm_double.pa_fail_at = -1;
			if (!is_error(r)) {
				EXPECT_LE(mm_double.pa_accesses, n) << what;
				if (points != nullptr) {
					*points = (int)n;
				}
				return r;
			}
			std::string d = snap_diff(before, snap());
			if ((int32_t)r.x[2] != code || !d.empty()) {
				ADD_FAILURE() << what << " with access " << n
					      << " faulting: error "
					      << (int32_t)r.x[2] << "; " << d;
				return r;
			}
		}
		ADD_FAILURE() << what << ": never succeeded";
		return {};
	}

	/** Handle from a success or FRAG_RX reply. */
	static uint64_t handle_of(const ffa_value &v)
	{
		return (uint32_t)v.x[2] | ((uint64_t)(uint32_t)v.x[3] << 32);
	}
	static uint64_t frag_handle(const ffa_value &v)
	{
		return (uint32_t)v.x[1] | ((uint64_t)(uint32_t)v.x[2] << 32);
	}

	granule_test::FakeEl3 el3_;
	struct mpool mpool_;
	uint8_t *mpool_mem_ = nullptr;
	static constexpr size_t kMemPoolPages = 512;
};

#define ASSERT_FFA_SUCCESS(value) \
	ASSERT_EQ((uint32_t)(value).x[0] & ~0x40000000U, FFA_SUCCESS_32)

#define EXPECT_SNAP_EQ(a, b) EXPECT_EQ(snap_diff((a), (b)), "")
