/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <cstdarg>
#include <cstring>

#include "el3fw_fixture.h"

extern "C" {
#include "el3fw/log.h"
}

/*
 * The platform hooks (plat.h) and the log (log.h) of the EL3 logic, faked
 * for the host: they record what was asked in `g_plat`. Also the fixture.
 */

namespace test
{

FakePlat g_plat;

void El3Test::SetUp()
{
	g_plat = FakePlat();
	Init(features_);
	manifest_ = DefaultManifest();
	page_.reset(static_cast<char *>(std::aligned_alloc(4096, 8192)));
	std::memset(page_.get(), 0, 8192);
}

void El3Test::Init(const el3_features &f)
{
	el3_id_regs id = { kMidr, kMpidr, kMdcr };

	features_ = f;
	sys_ = std::make_unique<el3_system>();
	el3_system_init(sys_.get(), &features_, &id, kBl33);
}

DtNode El3Test::DefaultManifest()
{
	DtNode root;

	root.SetStr("compatible", "arm,ffa-core-manifest-1.0");
	DtNode &a = root.Child("attribute");
	a.SetU32("spmc_id", kSpmcId).SetU32("maj_ver", 1).SetU32("min_ver", 3);
	a.SetU32("exec_state", 0).SetU64("load_address", kBl32);
	a.SetU64("entrypoint", kBl32).SetU32("binary_size", kBinarySize);
	return root;
}

const void *El3Test::Place(const std::vector<char> &dtb, size_t off)
{
	EXPECT_LE(off + dtb.size(), 8192U);
	std::memset(page_.get(), 0, 8192);
	std::memcpy(page_.get() + off, dtb.data(), dtb.size());
	return page_.get() + off;
}

el3_next El3Test::ColdBoot(bool sel2)
{
	const void *pm = Place(manifest_.Dtb());

	return el3_cold_boot(Cpu(0), pm, kManifestPa, kBl32, sel2);
}

void El3Test::BootToNwd()
{
	ASSERT_EQ(ColdBoot(), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }), EL3_NEXT_NWD);
	ASSERT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_ON);
}

void El3Test::Negotiate(uint32_t nwd, uint32_t spmc)
{
	ASSERT_EQ(FromNwd({ FFA_VERSION_32, nwd }), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_SEND_DIRECT_RESP_32, 0x8000FFFF,
			     0x80000009, spmc }),
		  EL3_NEXT_NWD);
}

void El3Test::BringUp(uint32_t core, uint64_t entry, uint64_t context)
{
	ASSERT_EQ(FromNwd({ PSCI_CPU_ON_64, core, entry, context }),
		  EL3_NEXT_NWD);
	ASSERT_EQ(Nwd()[0], 0U);
	ASSERT_EQ(psci_cpu_on_finish(Cpu(core)), EL3_NEXT_SPMC);
	ASSERT_EQ(FromSpmc({ FFA_MSG_WAIT_32 }, core), EL3_NEXT_NWD);
}

el3_next El3Test::Call(el3_world w, std::initializer_list<uint64_t> regs,
		       uint32_t core)
{
	uint64_t *x = sys_->cpus[core].ctx[w].x;
	size_t i = 0;

	for (uint64_t v : regs) {
		x[i++] = v;
	}
	return el3_smc(&sys_->cpus[core], w);
}

void El3Test::Mark(uint64_t *x, uint64_t tag)
{
	for (int i = 1; i < 31; i++) {
		x[i] = (tag << 8) | static_cast<uint64_t>(i);
	}
}

void El3Test::ExpectError(const uint64_t *x, int32_t code)
{
	EXPECT_EQ(x[0], FFA_ERROR_32);
	EXPECT_EQ(x[1], 0U);
	EXPECT_EQ(x[2], W(code));
	ExpectZero(x, 3, 7);
}

void El3Test::ExpectSuccess(const uint64_t *x, uint64_t w2)
{
	EXPECT_EQ(x[0], FFA_SUCCESS_32);
	EXPECT_EQ(x[1], 0U);
	EXPECT_EQ(x[2], w2);
	ExpectZero(x, 3, 7);
}

void El3Test::ExpectZero(const uint64_t *x, int from, int to)
{
	for (int i = from; i <= to; i++) {
		EXPECT_EQ(x[i], 0U) << "x" << i;
	}
}

} // namespace test

using test::g_plat;

extern "C" {

void el3_log(int level, const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	g_plat.log += std::to_string(level) + ":" + buf;
}

uint32_t el3_plat_gic_hppir0(void)
{
	return g_plat.hppir0;
}

uint32_t el3_plat_gic_ack_g0(void)
{
	g_plat.ack_count++;
	return g_plat.iar0;
}

void el3_plat_gic_eoi_g0(uint32_t intid)
{
	g_plat.eoi.push_back(intid);
}

void el3_plat_sgi_pend(uint32_t core, uint32_t intid)
{
	g_plat.pended.emplace_back(core, intid);
}

void el3_plat_sgi_make_g0(uint32_t core, uint32_t intid)
{
	g_plat.made_g0.emplace_back(core, intid);
}

void el3_plat_cpu_release(uint32_t core)
{
	g_plat.released.push_back(core);
}
}
