/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../../unit_test/helpers/dts_builder.h"

extern "C" {
#include "vmapi/spmc/ffa.h"

#include "el3fw/el3.h"
#include "el3fw/plat.h"
#include "el3fw/psci.h"
#include "el3fw/spmd.h"
#include "el3fw/tb_fw_config.h"
#include "el3fw/test_api.h"
}

namespace test
{

/**
 * What the EL3 logic asked of the platform, recorded by the fakes of
 * el3fw_fakes.cc, and what the fake GIC answers.
 */
struct FakePlat {
	/** ICC_HPPIR0_EL1 and ICC_IAR0_EL1 values the fake GIC returns. */
	uint32_t hppir0 = GIC_INTID_SPURIOUS;
	uint32_t iar0 = GIC_INTID_SPURIOUS;
	uint32_t ack_count = 0;
	std::vector<uint32_t> eoi;
	/** (core, INTID) of every SGI pended / made Group 0. */
	std::vector<std::pair<uint32_t, uint32_t>> pended;
	std::vector<std::pair<uint32_t, uint32_t>> made_g0;
	std::vector<uint32_t> released;
	/** Everything el3_log printed, prefixed with the level digit. */
	std::string log;
};

extern FakePlat g_plat;

constexpr uint64_t kManifestPa = 0x0e002000;
constexpr uint64_t kBl32 = 0x0e100000;
constexpr uint64_t kBl33 = 0x60000000;
constexpr uint64_t kBinarySize = 0x200000;
constexpr uint64_t kMidr = 0x000f0510;
constexpr uint64_t kMpidr = 0x80000000;
constexpr uint64_t kMdcr = 0x6;
constexpr uint64_t kSmcUnknown = UINT64_MAX;
constexpr uint16_t kSpmcId = 0x8000;

/** FF-A error code as w2 carries it (zero-extended 32 bits). */
constexpr uint64_t W(int32_t code)
{
	return static_cast<uint32_t>(code);
}

/** A value sign-extended to 64 bits, as PSCI and SMC64 errors are. */
constexpr uint64_t S(int64_t v)
{
	return static_cast<uint64_t>(v);
}

/**
 * The EL3 model on a fake platform: an `el3_system` initialised with every
 * feature, the QEMU SPMC manifest (v1.3, ID 0x8000, image 0x0e100000 +
 * 0x200000) as a DTB at the start of a 4 KiB page, and helpers to make
 * SMCs from either world and boot the SPMC.
 */
class El3Test : public ::testing::Test
{
      protected:
	void SetUp() override;

	/** Re-initialises the system with `f`. */
	void Init(const el3_features &f);

	static DtNode DefaultManifest();

	/**
	 * Copies `dtb` to offset `off` of a 4 KiB-aligned page (followed by
	 * another readable page) and returns where it starts.
	 */
	const void *Place(const std::vector<char> &dtb, size_t off = 0);

	/** Cold boot with `manifest_` (compiled now). */
	el3_next ColdBoot(bool sel2 = true);

	/** Cold boot, then the SPMC ends init with FFA_MSG_WAIT. */
	void BootToNwd();

	/**
	 * NWd FFA_VERSION(`nwd`), SPMC answers `spmc` in a valid framework
	 * response. Leaves the NWd version unlocked.
	 */
	void Negotiate(uint32_t nwd, uint32_t spmc);

	/** Boots core `core` after CPU_ON(entry, context) and its SPMC init. */
	void BringUp(uint32_t core, uint64_t entry = 0x60001000,
		     uint64_t context = 0x42);

	el3_cpu *Cpu(uint32_t core = 0)
	{
		return &sys_->cpus[core];
	}
	uint64_t *Nwd(uint32_t core = 0)
	{
		return sys_->cpus[core].ctx[EL3_NWD].x;
	}
	uint64_t *Swd(uint32_t core = 0)
	{
		return sys_->cpus[core].ctx[EL3_SWD].x;
	}
	struct spmd *Spmd()
	{
		return &sys_->spmd;
	}

	/** Sets x0.. of world `w` on `core` to `regs` and makes the SMC. */
	el3_next Call(el3_world w, std::initializer_list<uint64_t> regs,
		      uint32_t core = 0);
	el3_next FromNwd(std::initializer_list<uint64_t> regs,
			 uint32_t core = 0)
	{
		return Call(EL3_NWD, regs, core);
	}
	el3_next FromSpmc(std::initializer_list<uint64_t> regs,
			  uint32_t core = 0)
	{
		return Call(EL3_SWD, regs, core);
	}

	/** Fills x1..x30 of `x` with recognisable values (tag << 8) | n. */
	static void Mark(uint64_t *x, uint64_t tag);

	static void ExpectError(const uint64_t *x, int32_t code);
	static void ExpectSuccess(const uint64_t *x, uint64_t w2);
	/** x4..x7 (x`from`..x7) are zero. */
	static void ExpectZero(const uint64_t *x, int from, int to);

	el3_features features_{ true, true, true, true };
	std::unique_ptr<el3_system> sys_;
	DtNode manifest_;
	std::unique_ptr<char, decltype(&std::free)> page_{ nullptr,
							   &std::free };
};

} // namespace test
