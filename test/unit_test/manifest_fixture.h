/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <cstring>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

#include "helpers/dts_builder.h"

extern "C" {
#include "spmc/manifest.h"
}

namespace test
{

/** The SPMC image the tests place at BL32_BASE. */
constexpr uint64_t kImageBase = 0x0e100000;
constexpr uint64_t kImageEnd = 0x0e180000;
/** Where vm1 and vm2 live. */
constexpr uint64_t kVm1Base = 0x0e300000;
constexpr uint64_t kVm2Base = 0x0e400000;
constexpr uint64_t kVmSize = 0x100000;

/**
 * A valid system: an SPMC manifest on QEMU's map with four CPUs and two
 * partitions (vm1: UP S-EL1, vm2: MP S-EL1), and a valid manifest for each.
 * Each test changes one thing and checks the exact error, or the value.
 */
class ManifestTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		m_ = std::make_unique<struct manifest>();
		manifest_init(m_.get(), { kImageBase, kImageEnd });
		spmc_ = DefaultSpmc();
		part_[0] = DefaultPartition(1);
		part_[1] = DefaultPartition(2);
	}

	static DtNode DefaultSpmc()
	{
		DtNode root;

		root.SetStr("compatible", "arm,ffa-core-manifest-1.0");
		root.SetU32("#address-cells", 2).SetU32("#size-cells", 2);
		DtNode &a = root.Child("attribute");
		a.SetU32("spmc_id", 0x8000).SetU32("maj_ver", 1);
		a.SetU32("min_ver", 3).SetU32("exec_state", 0);
		a.SetU64("load_address", kImageBase);
		a.SetU64("entrypoint", kImageBase);
		a.SetU32("binary_size", 0x200000);

		DtNode &cpus = root.Child("cpus");
		cpus.SetU32("#address-cells", 2).SetU32("#size-cells", 0);
		for (uint32_t mpidr : { 0U, 3U, 2U, 1U }) {
			DtNode &c = cpus.Child("cpu@" + std::to_string(mpidr));
			c.SetStr("device_type", "cpu");
			c.Set("reg", Cells({ 0, mpidr }));
		}
		root.Child("memory@e100000")
		    .SetStr("device_type", "memory")
		    .Set("reg", Cells({ 0, 0x0e100000, 0, 0x00f00000 }));
		root.Child("ns-memory@40000000")
		    .SetStr("device_type", "ns-memory")
		    .Set("reg", Cells({ 0, 0x40000000, 0, 0x80000000 }));
		root.Child("device-memory@9000000")
		    .SetStr("device_type", "device-memory")
		    .Set("reg", Cells({ 0, 0x09000000, 0, 0x01000000 }));
		root.Child("ns-device-memory@c000000")
		    .SetStr("device_type", "ns-device-memory")
		    .Set("reg", Cells({ 0, 0x0c000000, 0, 0x01000000 }));

		DtNode &hyp = root.Child("hypervisor");
		hyp.SetStr("compatible", "hafnium,hafnium");
		DtNode &vm1 = hyp.Child("vm1");
		vm1.SetFlag("is_ffa_partition").SetStr("debug_name", "sp1");
		vm1.SetU32("load_address", kVm1Base).SetU32("vcpu_count", 1);
		vm1.SetU32("mem_size", kVmSize);
		DtNode &vm2 = hyp.Child("vm2");
		vm2.SetFlag("is_ffa_partition").SetStr("debug_name", "sp2");
		vm2.SetU64("load_address", kVm2Base).SetU32("vcpu_count", 4);
		vm2.SetU64("mem_size", kVmSize);
		return root;
	}

	static DtNode DefaultPartition(uint32_t vm)
	{
		DtNode root;

		root.SetStr("compatible", "arm,ffa-manifest-1.0");
		root.SetU32("ffa-version", 0x00010002);
		root.Set("uuid", Cells({ 0x1e67b5b4, 0xe14f904a, 0x13fb1fb8,
					 0xcbdae1d0 + vm }));
		root.SetU32("execution-ctx-count", vm == 1 ? 1 : 4);
		root.SetU32("exception-level", 2);
		root.SetU32("execution-state", 0);
		root.SetU32("load-address", vm == 1 ? kVm1Base : kVm2Base);
		root.SetU64("entrypoint-offset", 0x4000);
		root.SetU32("messaging-method", 0x3);
		root.SetU32("ns-interrupts-action", 2);
		return root;
	}

	/** Parses `spmc_` (after the test's changes). */
	manifest_error ParseSpmc()
	{
		std::vector<char> dtb = spmc_.Dtb();

		return manifest_parse_spmc(m_.get(), dtb.data(), dtb.size(),
					   &err_);
	}

	/** Parses the SPMC manifest, which the test expects to succeed. */
	void ParseSpmcOk()
	{
		ASSERT_EQ(ParseSpmc(), MANIFEST_SUCCESS) << Error();
	}

	/** Adds partition `vm` (1-based) from `part_[vm - 1]`. */
	manifest_error AddPartition(uint32_t vm)
	{
		std::vector<char> dtb = part_[vm - 1].Dtb();

		return manifest_add_partition(m_.get(), vm - 1, dtb.data(),
					      dtb.size(), &err_);
	}

	/** Parses the SPMC manifest, then partition 1 (and 2 if `both`). */
	manifest_error ParseAll(bool both = false)
	{
		manifest_error e = ParseSpmc();

		if (e != MANIFEST_SUCCESS) {
			return e;
		}
		e = AddPartition(1);
		if (e != MANIFEST_SUCCESS || !both) {
			return e;
		}
		return AddPartition(2);
	}

	/** The partition added last. */
	const struct manifest_partition &Part() const
	{
		return m_->partitions[m_->partition_count - 1];
	}

	std::string Error() const
	{
		char buf[400];

		manifest_error_format(&err_, buf, sizeof(buf));
		return buf;
	}

	/** Memory region node `name` of partition `vm`. */
	DtNode &MemRegion(uint32_t vm, const std::string &name)
	{
		DtNode &mr = part_[vm - 1].Child("memory-regions");

		mr.SetStr("compatible", "arm,ffa-manifest-memory-regions");
		return mr.Child(name);
	}

	/** Device region node `name` of partition `vm`. */
	DtNode &DevRegion(uint32_t vm, const std::string &name)
	{
		DtNode &dr = part_[vm - 1].Child("device-regions");

		dr.SetStr("compatible", "arm,ffa-manifest-device-regions");
		return dr.Child(name);
	}

	std::unique_ptr<struct manifest> m_;
	struct manifest_error_info err_ = {};
	DtNode spmc_;
	DtNode part_[2];
};

/** Expects `expr` to fail with `code`, printing the report otherwise. */
#define EXPECT_MANIFEST_ERROR(expr, want)                          \
	do {                                                       \
		manifest_error e_ = (expr);                        \
		EXPECT_EQ(e_, want)                                \
		    << manifest_error_name(e_) << ": " << Error(); \
		EXPECT_EQ(err_.code, want);                        \
	} while (0)

} // namespace test
