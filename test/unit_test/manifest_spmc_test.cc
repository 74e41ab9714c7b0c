/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "manifest_fixture.h"

namespace test
{
namespace
{

using ManifestSpmcTest = ManifestTest;

TEST_F(ManifestSpmcTest, valid_manifest_parses_every_field)
{
	ParseSpmcOk();
	const struct manifest_spmc &s = m_->spmc;

	EXPECT_EQ(s.attr.spmc_id, 0x8000);
	EXPECT_EQ(s.attr.maj_ver, 1U);
	EXPECT_EQ(s.attr.min_ver, 3U);
	EXPECT_EQ(s.attr.exec_state, 0U);
	EXPECT_TRUE(s.attr.has_load_address);
	EXPECT_EQ(s.attr.load_address, kImageBase);
	EXPECT_TRUE(s.attr.has_entrypoint);
	EXPECT_EQ(s.attr.entrypoint, kImageBase);
	EXPECT_EQ(s.attr.binary_size, 0x200000U);

	ASSERT_EQ(s.cpu_count, 4U);
	EXPECT_EQ(s.cpu_mpidr[0], 0U);
	EXPECT_EQ(s.cpu_mpidr[1], 3U);
	EXPECT_EQ(s.cpu_mpidr[3], 1U);

	ASSERT_EQ(s.range_count[MANIFEST_MEM_SECURE], 1U);
	EXPECT_EQ(s.ranges[MANIFEST_MEM_SECURE][0].base, 0x0e100000U);
	EXPECT_EQ(s.ranges[MANIFEST_MEM_SECURE][0].end, 0x0f000000U);
	ASSERT_EQ(s.range_count[MANIFEST_MEM_NS], 1U);
	EXPECT_EQ(s.ranges[MANIFEST_MEM_NS][0].end, 0xc0000000U);
	EXPECT_EQ(s.range_count[MANIFEST_DEV_SECURE], 1U);
	EXPECT_EQ(s.range_count[MANIFEST_DEV_NS], 1U);
	EXPECT_FALSE(s.gic.present);

	ASSERT_EQ(s.vm_count, 2U);
	EXPECT_EQ(s.vms[0].index, 1U);
	EXPECT_STREQ(s.vms[0].debug_name, "sp1");
	EXPECT_EQ(s.vms[0].load_address, kVm1Base);
	EXPECT_EQ(s.vms[0].vcpu_count, 1);
	EXPECT_EQ(s.vms[0].mem_size, kVmSize);
	EXPECT_EQ(s.vms[1].vcpu_count, 4);
	EXPECT_EQ(s.vms[1].load_address, kVm2Base);
}

TEST_F(ManifestSpmcTest, not_a_dtb_is_fdt_invalid)
{
	char junk[64] = "not a device tree";

	EXPECT_MANIFEST_ERROR(
	    manifest_parse_spmc(m_.get(), junk, sizeof(junk), &err_),
	    MANIFEST_ERROR_FDT_INVALID);
	EXPECT_STREQ(err_.file, "SPMC manifest");
}

TEST_F(ManifestSpmcTest, blob_larger_than_buffer_is_fdt_invalid)
{
	std::vector<char> dtb = spmc_.Dtb();

	EXPECT_MANIFEST_ERROR(
	    manifest_parse_spmc(m_.get(), dtb.data(), dtb.size() - 1, &err_),
	    MANIFEST_ERROR_FDT_INVALID);
}

TEST_F(ManifestSpmcTest, failure_leaves_spmc_empty)
{
	spmc_.Child("attribute").SetU32("maj_ver", 2);
	EXPECT_NE(ParseSpmc(), MANIFEST_SUCCESS);
	EXPECT_EQ(m_->spmc.vm_count, 0U);
	EXPECT_EQ(m_->spmc.cpu_count, 0U);
	EXPECT_EQ(m_->spmc.attr.spmc_id, 0);
}

TEST_F(ManifestSpmcTest, core_compatible_missing)
{
	spmc_.SetStr("compatible", "arm,something-else");
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_NO_CORE_MANIFEST_NODE);
}

TEST_F(ManifestSpmcTest, core_compatible_in_string_list_accepted)
{
	spmc_.Set("compatible",
		  "\"vendor,board\", \"arm,ffa-core-manifest-1.0\"");
	ParseSpmcOk();
}

TEST_F(ManifestSpmcTest, attribute_node_missing)
{
	spmc_.DelChild("attribute");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NO_ATTRIBUTE_NODE);
}

TEST_F(ManifestSpmcTest, maj_ver_not_1)
{
	spmc_.Child("attribute").SetU32("maj_ver", 2);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION);
	EXPECT_STREQ(err_.node, "/attribute");
	EXPECT_STREQ(err_.property, "maj_ver");
}

TEST_F(ManifestSpmcTest, min_ver_above_compiled)
{
	spmc_.Child("attribute").SetU32("min_ver", 4);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION);
	EXPECT_STREQ(err_.property, "min_ver");
}

TEST_F(ManifestSpmcTest, min_ver_0_to_3_accepted)
{
	for (uint32_t v = 0; v <= 3; v++) {
		spmc_.Child("attribute").SetU32("min_ver", v);
		ParseSpmcOk();
		EXPECT_EQ(m_->spmc.attr.min_ver, v);
	}
}

TEST_F(ManifestSpmcTest, maj_ver_missing)
{
	spmc_.Child("attribute").Del("maj_ver");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "maj_ver");
}

TEST_F(ManifestSpmcTest, spmc_id_not_secure)
{
	spmc_.Child("attribute").SetU32("spmc_id", 0x7fff);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INVALID_SPMC_ID);
}

TEST_F(ManifestSpmcTest, spmc_id_in_spmd_range)
{
	spmc_.Child("attribute").SetU32("spmc_id", 0xffff);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INVALID_SPMC_ID);
}

TEST_F(ManifestSpmcTest, spmc_id_wider_than_16_bits)
{
	spmc_.Child("attribute").SetU32("spmc_id", 0x18000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INVALID_SPMC_ID);
}

TEST_F(ManifestSpmcTest, spmc_id_other_secure_value_accepted)
{
	spmc_.Child("attribute").SetU32("spmc_id", 0x8100);
	ParseSpmcOk();
	EXPECT_EQ(m_->spmc.attr.spmc_id, 0x8100);
}

TEST_F(ManifestSpmcTest, exec_state_aarch32)
{
	spmc_.Child("attribute").SetU32("exec_state", 1);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_UNSUPPORTED_EXEC_STATE);
}

TEST_F(ManifestSpmcTest, exec_state_absent_means_aarch64)
{
	spmc_.Child("attribute").Del("exec_state");
	ParseSpmcOk();
	EXPECT_EQ(m_->spmc.attr.exec_state, 0U);
}

TEST_F(ManifestSpmcTest, load_address_one_cell_is_malformed)
{
	/* TF-A reads two cells; one cell would make its read fail. */
	spmc_.Child("attribute").SetU32("load_address", kImageBase);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_INTEGER);
	EXPECT_STREQ(err_.property, "load_address");
}

TEST_F(ManifestSpmcTest, load_address_missing)
{
	spmc_.Child("attribute").Del("load_address");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_PROPERTY_MISSING);
}

TEST_F(ManifestSpmcTest, binary_size_missing)
{
	spmc_.Child("attribute").Del("binary_size");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "binary_size");
}

TEST_F(ManifestSpmcTest, binary_size_smaller_than_image)
{
	spmc_.Child("attribute").SetU32("binary_size", 0x1000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_SPMC_IMAGE_OUTSIDE_BINARY);
}

TEST_F(ManifestSpmcTest, load_address_after_image)
{
	spmc_.Child("attribute").SetU64("load_address", kImageBase + 0x1000);
	spmc_.Child("attribute").Del("entrypoint");
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_SPMC_IMAGE_OUTSIDE_BINARY);
}

TEST_F(ManifestSpmcTest, load_address_plus_size_overflows)
{
	spmc_.Child("attribute").SetU64("load_address", UINT64_MAX - 0xfff);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_ADDRESS_OVERFLOW);
}

TEST_F(ManifestSpmcTest, entrypoint_not_image_start)
{
	spmc_.Child("attribute").SetU64("entrypoint", kImageBase + 0x100);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_SPMC_ENTRYPOINT_INVALID);
}

TEST_F(ManifestSpmcTest, entrypoint_optional)
{
	spmc_.Child("attribute").Del("entrypoint");
	ParseSpmcOk();
	EXPECT_FALSE(m_->spmc.attr.has_entrypoint);
}

TEST_F(ManifestSpmcTest, cpus_node_missing)
{
	spmc_.DelChild("cpus");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NO_CPUS);
}

TEST_F(ManifestSpmcTest, cpus_without_cpu_children)
{
	DtNode &cpus = spmc_.Child("cpus");

	for (const char *c : { "cpu@0", "cpu@1", "cpu@2", "cpu@3" }) {
		cpus.DelChild(c);
	}
	cpus.Child("cpu-map");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NO_CPUS);
}

TEST_F(ManifestSpmcTest, cpus_one_cell_addresses)
{
	DtNode &cpus = spmc_.Child("cpus");

	cpus.SetU32("#address-cells", 1);
	for (uint32_t i = 0; i < 4; i++) {
		cpus.Child("cpu@" + std::to_string(i)).SetU32("reg", i);
	}
	ParseSpmcOk();
	EXPECT_EQ(m_->spmc.cpu_mpidr[1], 3U);
}

TEST_F(ManifestSpmcTest, cpu_reg_wrong_cell_count)
{
	spmc_.Child("cpus").Child("cpu@1").SetU32("reg", 1);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_INTEGER);
	EXPECT_STREQ(err_.node, "/cpus/cpu@1");
	EXPECT_STREQ(err_.property, "reg");
}

TEST_F(ManifestSpmcTest, cpu_reg_not_affinity)
{
	spmc_.Child("cpus").Child("cpu@1").Set("reg", Cells({ 0, 0x80000001 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INTEGER_OVERFLOW);
}

TEST_F(ManifestSpmcTest, cpu_duplicate_mpidr)
{
	spmc_.Child("cpus").Child("cpu@1").Set("reg", Cells({ 0, 2 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_DUPLICATE_CPU);
}

TEST_F(ManifestSpmcTest, cpus_over_limit)
{
	DtNode &cpus = spmc_.Child("cpus");

	for (uint32_t i = 4; i <= PLAT_MAX_CPUS; i++) {
		DtNode &c = cpus.Child("cpu@" + std::to_string(i));
		c.SetStr("device_type", "cpu").Set("reg", Cells({ 0, i }));
	}
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_TOO_MANY_CPUS);
}

TEST_F(ManifestSpmcTest, cpus_at_limit_accepted)
{
	DtNode &cpus = spmc_.Child("cpus");

	for (uint32_t i = 4; i < PLAT_MAX_CPUS; i++) {
		DtNode &c = cpus.Child("cpu@" + std::to_string(i));
		c.SetStr("device_type", "cpu").Set("reg", Cells({ 0, i }));
	}
	ParseSpmcOk();
	EXPECT_EQ(m_->spmc.cpu_count, static_cast<uint32_t>(PLAT_MAX_CPUS));
}

TEST_F(ManifestSpmcTest, address_cells_out_of_range)
{
	spmc_.SetU32("#address-cells", 3);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INVALID_CELL_COUNT);
}

TEST_F(ManifestSpmcTest, memory_missing)
{
	spmc_.DelChild("memory@e100000");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEMORY_MISSING);
}

TEST_F(ManifestSpmcTest, memory_range_empty)
{
	spmc_.Child("ns-memory@40000000")
	    .Set("reg", Cells({ 0, 0x40000000, 0, 0 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEM_RANGE_EMPTY);
	EXPECT_STREQ(err_.node, "/ns-memory@40000000");
}

TEST_F(ManifestSpmcTest, memory_range_unaligned)
{
	spmc_.Child("device-memory@9000000")
	    .Set("reg", Cells({ 0, 0x09000800, 0, 0x1000 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEM_RANGE_UNALIGNED);
}

TEST_F(ManifestSpmcTest, memory_range_overflows)
{
	spmc_.Child("ns-memory@40000000")
	    .Set("reg", Cells({ 0xffffffff, 0xfffff000, 0, 0x2000 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_ADDRESS_OVERFLOW);
}

TEST_F(ManifestSpmcTest, memory_ranges_overlap_across_kinds)
{
	spmc_.Child("ns-memory@40000000")
	    .Set("reg", Cells({ 0, 0x0ef00000, 0, 0x200000 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEM_RANGE_OVERLAP);
}

TEST_F(ManifestSpmcTest, memory_reg_not_whole_entries)
{
	spmc_.Child("ns-memory@40000000")
	    .Set("reg", Cells({ 0, 0x40000000, 0 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_LIST);
}

TEST_F(ManifestSpmcTest, memory_several_ranges_in_one_reg)
{
	spmc_.Child("ns-memory@40000000")
	    .Set("reg", Cells({ 0, 0x40000000, 0, 0x1000000, 0, 0x50000000, 0,
				0x1000000 }));
	ParseSpmcOk();
	EXPECT_EQ(m_->spmc.range_count[MANIFEST_MEM_NS], 2U);
	EXPECT_EQ(m_->spmc.ranges[MANIFEST_MEM_NS][1].base, 0x50000000U);
}

TEST_F(ManifestSpmcTest, memory_ranges_over_limit)
{
	std::vector<uint32_t> reg;

	for (uint32_t i = 0; i <= PLAT_MAX_MEM_RANGES; i++) {
		reg.insert(reg.end(),
			   { 0, 0x40000000 + i * 0x100000, 0, 0x100000 });
	}
	spmc_.Child("ns-memory@40000000").Set("reg", Cells(reg));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_TOO_MANY_MEM_RANGES);
}

TEST_F(ManifestSpmcTest, gic_node_parsed)
{
	DtNode &gic = spmc_.Child("interrupt-controller@8000000");

	gic.SetStr("compatible", "arm,gic-v3");
	gic.SetU32("#redistributor-regions", 1);
	gic.Set("reg", Cells({ 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0,
			       0xf60000 }));
	ParseSpmcOk();
	EXPECT_TRUE(m_->spmc.gic.present);
	EXPECT_EQ(m_->spmc.gic.distributor.base, 0x08000000U);
	EXPECT_EQ(m_->spmc.gic.redist_count, 1U);
	EXPECT_EQ(m_->spmc.gic.redist[0].end, 0x080a0000U + 0xf60000U);
}

TEST_F(ManifestSpmcTest, gic_reg_count_mismatch)
{
	DtNode &gic = spmc_.Child("interrupt-controller@8000000");

	gic.SetStr("compatible", "arm,gic-v3");
	gic.SetU32("#redistributor-regions", 2);
	gic.Set("reg", Cells({ 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0,
			       0xf60000 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_GIC_INVALID);
}

TEST_F(ManifestSpmcTest, gic_multichip_refused)
{
	DtNode &gic = spmc_.Child("interrupt-controller@8000000");

	gic.SetStr("compatible", "arm,gic-v3");
	gic.SetU32("#distributor-regions", 2);
	gic.Set("reg", Cells({ 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0,
			       0xf60000 }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_GIC_INVALID);
	EXPECT_STREQ(err_.property, "#distributor-regions");
}

TEST_F(ManifestSpmcTest, hypervisor_node_missing)
{
	spmc_.DelChild("hypervisor");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NO_HYPERVISOR_NODE);
}

TEST_F(ManifestSpmcTest, hypervisor_not_compatible)
{
	spmc_.Child("hypervisor").SetStr("compatible", "vendor,other");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NODE_NOT_COMPATIBLE);
}

TEST_F(ManifestSpmcTest, vm0_reserved)
{
	spmc_.Child("hypervisor").Child("vm0").SetFlag("is_ffa_partition");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_RESERVED_VM_ID);
}

TEST_F(ManifestSpmcTest, vm_numbering_gap)
{
	spmc_.Child("hypervisor").Child("vm4").SetFlag("is_ffa_partition");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_VM_NODE_GAP);
}

TEST_F(ManifestSpmcTest, vm_with_unit_address_refused)
{
	DtNode &hyp = spmc_.Child("hypervisor");

	hyp.DelChild("vm2");
	hyp.Child("vm2@1").SetFlag("is_ffa_partition");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_VM_NODE_GAP);
}

TEST_F(ManifestSpmcTest, partitions_over_limit)
{
	DtNode &hyp = spmc_.Child("hypervisor");

	for (uint32_t i = 3; i <= PLAT_MAX_PARTITIONS + 1; i++) {
		DtNode &vm = hyp.Child("vm" + std::to_string(i));
		vm.SetFlag("is_ffa_partition");
		vm.SetStr("debug_name", "sp" + std::to_string(i));
		vm.SetU32("load_address", 0x0e500000 + (i - 3) * 0x10000);
		vm.SetU32("vcpu_count", 1).SetU32("mem_size", 0x10000);
	}
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_TOO_MANY_PARTITIONS);
}

TEST_F(ManifestSpmcTest, vm_not_ffa_partition)
{
	spmc_.Child("hypervisor").Child("vm2").Del("is_ffa_partition");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_NOT_FFA_PARTITION);
	EXPECT_STREQ(err_.node, "/hypervisor/vm2");
}

TEST_F(ManifestSpmcTest, vm_is_ffa_partition_with_value)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("is_ffa_partition", 1);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_BOOLEAN);
}

TEST_F(ManifestSpmcTest, vm_hyp_loaded)
{
	spmc_.Child("hypervisor").Child("vm1").SetFlag("hyp_loaded");
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_HYP_LOADED_UNSUPPORTED);
}

TEST_F(ManifestSpmcTest, vm_debug_name_missing)
{
	spmc_.Child("hypervisor").Child("vm1").Del("debug_name");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "debug_name");
}

TEST_F(ManifestSpmcTest, vm_debug_name_too_long)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .SetStr("debug_name", std::string(40, 'x'));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_STRING_TOO_LONG);
}

TEST_F(ManifestSpmcTest, vm_debug_name_not_a_string)
{
	spmc_.Child("hypervisor").Child("vm1").Set("debug_name", "[61 62]");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_STRING);
}

TEST_F(ManifestSpmcTest, vm_debug_name_two_strings)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .Set("debug_name", "\"a\", \"b\"");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_STRING);
}

TEST_F(ManifestSpmcTest, vm_load_address_zero)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("load_address", 0);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_LOAD_ADDRESS_INVALID);
}

TEST_F(ManifestSpmcTest, vm_load_address_unaligned)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .SetU32("load_address", kVm1Base + 0x10);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_LOAD_ADDRESS_INVALID);
}

TEST_F(ManifestSpmcTest, vm_load_address_three_cells)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .Set("load_address", Cells({ 0, 0, kVm1Base }));
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_INTEGER);
}

TEST_F(ManifestSpmcTest, vm_vcpu_count_zero)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("vcpu_count", 0);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_VCPU_COUNT_INVALID);
}

TEST_F(ManifestSpmcTest, vm_vcpu_count_above_cpus)
{
	spmc_.Child("hypervisor").Child("vm2").SetU32("vcpu_count", 5);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_VCPU_COUNT_INVALID);
}

TEST_F(ManifestSpmcTest, vm_vcpu_count_not_u16)
{
	spmc_.Child("hypervisor").Child("vm2").SetU32("vcpu_count", 0x10004);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_INTEGER_OVERFLOW);
}

TEST_F(ManifestSpmcTest, vm_mem_size_zero)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("mem_size", 0);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEM_SIZE_INVALID);
}

TEST_F(ManifestSpmcTest, vm_mem_size_unaligned)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("mem_size", 0x1234);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MEM_SIZE_INVALID);
}

TEST_F(ManifestSpmcTest, vm_memory_overflows)
{
	DtNode &vm = spmc_.Child("hypervisor").Child("vm1");

	vm.SetU64("load_address", 0xfffffffffff00000ULL);
	vm.SetU64("mem_size", 0x200000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_ADDRESS_OVERFLOW);
}

TEST_F(ManifestSpmcTest, vm_memory_outside_secure_memory)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .SetU32("load_address", 0x40000000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_PARTITION_OUTSIDE_MEMORY);
}

TEST_F(ManifestSpmcTest, vm_memory_overlaps_spmc)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .SetU32("load_address", kImageBase + 0x10000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_PARTITION_OVERLAPS_SPMC);
}

TEST_F(ManifestSpmcTest, vm_memory_overlaps_other_vm)
{
	spmc_.Child("hypervisor")
	    .Child("vm2")
	    .SetU32("load_address", kVm1Base + 0x80000);
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_PARTITION_OVERLAP);
	EXPECT_STREQ(err_.node, "/hypervisor/vm2");
}

TEST_F(ManifestSpmcTest, vm_smc_whitelist)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .Set("smc_whitelist", Cells({ 0x84000001, 0xc2000101 }));
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .SetFlag("smc_whitelist_permissive");
	ParseSpmcOk();
	ASSERT_EQ(m_->spmc.vms[0].smc_whitelist_count, 2U);
	EXPECT_EQ(m_->spmc.vms[0].smc_whitelist[1], 0xc2000101U);
	EXPECT_TRUE(m_->spmc.vms[0].smc_whitelist_permissive);
}

TEST_F(ManifestSpmcTest, vm_smc_whitelist_over_limit)
{
	std::vector<uint32_t> ids(PLAT_MAX_SMC_WHITELIST + 1, 0x84000001);

	spmc_.Child("hypervisor").Child("vm1").Set("smc_whitelist", Cells(ids));
	EXPECT_MANIFEST_ERROR(ParseSpmc(),
			      MANIFEST_ERROR_TOO_MANY_SMC_WHITELIST);
}

TEST_F(ManifestSpmcTest, vm_smc_whitelist_partial_cell)
{
	spmc_.Child("hypervisor")
	    .Child("vm1")
	    .Set("smc_whitelist", "[84 00 00]");
	EXPECT_MANIFEST_ERROR(ParseSpmc(), MANIFEST_ERROR_MALFORMED_LIST);
}

TEST_F(ManifestSpmcTest, vm_exception_level_recorded)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("exception-level", 2);
	ParseSpmcOk();
	EXPECT_TRUE(m_->spmc.vms[0].has_exception_level);
	EXPECT_EQ(m_->spmc.vms[0].exception_level, 2U);
}

TEST_F(ManifestSpmcTest, unknown_property_is_not_an_error)
{
	/* Logged as a warning; `make check-manifests` rejects it at build. */
	spmc_.Child("hypervisor").Child("vm1").SetU32("future-thing", 1);
	ParseSpmcOk();
}

} // namespace
} // namespace test
