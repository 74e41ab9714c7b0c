/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "manifest_fixture.h"

namespace test
{
namespace
{

class ManifestRegionsTest : public ManifestTest
{
      protected:
	void SetUp() override
	{
		ManifestTest::SetUp();
		ParseSpmcOk();
	}

	/** A valid secure memory region outside both partitions. */
	DtNode &Mem(const std::string &name = "mem0",
		    uint32_t base = 0x0e600000)
	{
		DtNode &r = MemRegion(1, name);
		r.SetU32("pages-count", 1).SetU32("attributes", 0x3);
		r.SetU32("base-address", base);
		return r;
	}

	/** A valid secure device region with one SPI. */
	DtNode &Dev(const std::string &name = "dev0",
		    uint32_t base = 0x09040000)
	{
		DtNode &r = DevRegion(1, name);
		r.SetU32("pages-count", 1).SetU32("attributes", 0x3);
		r.SetU32("base-address", base);
		return r;
	}
};

TEST_F(ManifestRegionsTest, memory_region_absolute)
{
	Mem().SetStr("description", "shared");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	ASSERT_EQ(Part().mem_region_count, 1U);
	const struct manifest_mem_region &r = Part().mem_regions[0];
	EXPECT_STREQ(r.description, "shared");
	EXPECT_EQ(r.base_kind, MANIFEST_BASE_ABSOLUTE);
	EXPECT_EQ(r.base, 0x0e600000U);
	EXPECT_EQ(r.pages_count, 1U);
	EXPECT_EQ(r.attributes, 0x3U);
}

TEST_F(ManifestRegionsTest, memory_region_relative)
{
	Mem()
	    .Del("base-address")
	    .SetU64("load-address-relative-offset", 0x8000);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().mem_regions[0].base_kind, MANIFEST_BASE_RELATIVE);
	EXPECT_EQ(Part().mem_regions[0].relative_offset, 0x8000U);
	EXPECT_EQ(Part().mem_regions[0].base, kVm1Base + 0x8000);
}

TEST_F(ManifestRegionsTest, memory_region_allocated_by_spmc)
{
	Mem().Del("base-address");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().mem_regions[0].base_kind, MANIFEST_BASE_ALLOCATED);
}

TEST_F(ManifestRegionsTest, memory_region_base_and_relative)
{
	Mem().SetU32("load-address-relative-offset", 0x8000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_BASE_AND_RELATIVE_ADDRESS);
}

TEST_F(ManifestRegionsTest, memory_region_ns)
{
	Mem().SetU32("attributes", 0xb).SetU32("base-address", 0x50000000);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().mem_regions[0].attributes, 0xbU);
}

TEST_F(ManifestRegionsTest, memory_region_pages_missing_or_zero)
{
	Mem().Del("pages-count");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
	SetUp();
	Mem().SetU32("pages-count", 0);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_REGION_EMPTY);
	EXPECT_STREQ(err_.node, "/memory-regions/mem0");
	EXPECT_STREQ(err_.property, "pages-count");
}

TEST_F(ManifestRegionsTest, memory_region_permissions)
{
	for (uint32_t ok : { 0x1U, 0x3U, 0x5U, 0x7U, 0x9U }) {
		SetUp();
		Mem()
		    .SetU32("attributes", ok)
		    .SetU32("base-address", (ok & 8) ? 0x50000000 : 0x0e600000);
		EXPECT_EQ(AddPartition(1), MANIFEST_SUCCESS) << ok << Error();
	}
	for (uint32_t bad : { 0x0U, 0x2U, 0x4U, 0x6U, 0x10U }) {
		SetUp();
		Mem().SetU32("attributes", bad);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_INVALID_MEM_PERM);
	}
}

TEST_F(ManifestRegionsTest, memory_region_rwx_refused_at_s_el0)
{
	part_[0].SetU32("exception-level", 1);
	Mem().SetU32("attributes", 0x7);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_INVALID_MEM_PERM);
}

TEST_F(ManifestRegionsTest, memory_region_unaligned)
{
	Mem().SetU32("base-address", 0x0e600800);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_REGION_UNALIGNED);
}

TEST_F(ManifestRegionsTest, memory_region_overflow)
{
	Mem()
	    .SetU64("base-address", 0xfffffffffffff000ULL)
	    .SetU32("pages-count", 2);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_ADDRESS_OVERFLOW);
}

TEST_F(ManifestRegionsTest, memory_region_outside_manifest_ranges)
{
	Mem().SetU32("base-address", 0x20000000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OUTSIDE_RANGES);
	SetUp();
	/* NS attribute, but secure memory. */
	Mem().SetU32("attributes", 0xb);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OUTSIDE_RANGES);
}

TEST_F(ManifestRegionsTest, memory_regions_overlap)
{
	Mem("a", 0x0e600000).SetU32("pages-count", 2);
	Mem("b", 0x0e601000);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_REGION_OVERLAP);
	EXPECT_STREQ(err_.node, "/memory-regions/b");
}

TEST_F(ManifestRegionsTest, memory_region_inside_own_memory)
{
	Mem()
	    .SetU32("base-address", kVm1Base + 0x10000)
	    .SetU32("attributes", 0x1);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
}

TEST_F(ManifestRegionsTest, memory_region_straddles_own_memory)
{
	Mem()
	    .SetU32("base-address", kVm1Base + kVmSize - 0x1000)
	    .SetU32("pages-count", 2);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_REGION_OVERLAP);
}

TEST_F(ManifestRegionsTest, memory_region_overlaps_spmc)
{
	Mem().SetU32("base-address", kImageBase);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OVERLAPS_SPMC);
}

TEST_F(ManifestRegionsTest, memory_region_overlaps_other_partition)
{
	Mem().SetU32("base-address", kVm2Base);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OVERLAPS_PARTITION);
}

TEST_F(ManifestRegionsTest, memory_region_overlaps_other_partitions_region)
{
	Mem();
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	DtNode &r = MemRegion(2, "mem0");
	r.SetU32("pages-count", 1).SetU32("attributes", 0x3);
	r.SetU32("base-address", 0x0e600000);
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_REGION_OVERLAPS_PARTITION);
}

TEST_F(ManifestRegionsTest, memory_regions_over_limit)
{
	for (uint32_t i = 0; i <= PLAT_MAX_MEM_REGIONS; i++) {
		Mem("m" + std::to_string(i), 0x0e600000 + i * 0x1000);
	}
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_MEM_REGIONS);
}

TEST_F(ManifestRegionsTest, memory_regions_node_needs_compatible)
{
	part_[0].Child("memory-regions").Child("mem0").SetU32("pages-count", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_NODE_NOT_COMPATIBLE);
}

TEST_F(ManifestRegionsTest, device_region_with_interrupts)
{
	DtNode &d = Dev();
	d.SetStr("description", "uart");
	d.Set("interrupts", Cells({ 40, 0x900 | 0x20, 41, 0x800 }));
	d.Set("interrupts-target", Cells({ 40, 0, 3 }));
	d.SetFlag("exclusive-access");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	ASSERT_EQ(Part().dev_region_count, 1U);
	const struct manifest_dev_region &r = Part().dev_regions[0];
	EXPECT_STREQ(r.description, "uart");
	EXPECT_EQ(r.base, 0x09040000U);
	EXPECT_TRUE(r.exclusive_access);
	EXPECT_EQ(r.interrupt_count, 2U);
	const struct manifest_interrupt &i0 = Part().interrupts[0];
	EXPECT_EQ(i0.id, 40U);
	EXPECT_EQ(i0.priority, 0x20);
	EXPECT_TRUE(i0.secure);
	EXPECT_FALSE(i0.level_triggered);
	EXPECT_EQ(i0.type, MANIFEST_INT_TYPE_SPI);
	EXPECT_TRUE(i0.has_target);
	EXPECT_EQ(i0.target_mpidr, 3U);
	EXPECT_FALSE(Part().interrupts[1].secure);
	EXPECT_FALSE(Part().interrupts[1].has_target);
}

TEST_F(ManifestRegionsTest, device_region_base_missing)
{
	Dev().Del("base-address");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "base-address");
}

TEST_F(ManifestRegionsTest, device_region_executable_refused)
{
	Dev().SetU32("attributes", 0x5);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_INVALID_MEM_PERM);
}

TEST_F(ManifestRegionsTest, device_region_ns)
{
	Dev().SetU32("attributes", 0xb).SetU32("base-address", 0x0c000000);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	SetUp();
	Dev().SetU32("attributes", 0xb);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OUTSIDE_RANGES);
}

TEST_F(ManifestRegionsTest, device_region_in_partition_memory_refused)
{
	Dev().SetU32("base-address", kVm1Base + 0x10000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_REGION_OUTSIDE_RANGES);
}

TEST_F(ManifestRegionsTest, device_regions_over_limit)
{
	for (uint32_t i = 0; i <= PLAT_MAX_DEV_REGIONS; i++) {
		Dev("d" + std::to_string(i), 0x09100000 + i * 0x1000);
	}
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_DEV_REGIONS);
}

TEST_F(ManifestRegionsTest, interrupts_odd_cells)
{
	Dev().Set("interrupts", Cells({ 40, 0x900, 41 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_MALFORMED_LIST);
}

TEST_F(ManifestRegionsTest, interrupt_attributes_reserved)
{
	Dev().Set("interrupts", Cells({ 40, 0x1900 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_INTERRUPT_ATTRIBUTES);
	SetUp();
	Dev().Set("interrupts", Cells({ 40, 0xc00 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_INTERRUPT_ATTRIBUTES);
}

TEST_F(ManifestRegionsTest, interrupt_id_invalid)
{
	for (uint32_t id : { 1020U, 1055U, 2000U, 5120U }) {
		SetUp();
		Dev().Set("interrupts", Cells({ id, 0x800 }));
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_INVALID_INTERRUPT_ID);
	}
}

TEST_F(ManifestRegionsTest, interrupt_types_by_range)
{
	Dev().Set("interrupts",
		  Cells({ 8, 0x000, 20, 0x400, 1060, 0x400, 4100, 0x800 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().interrupts[0].type, MANIFEST_INT_TYPE_SGI);
	EXPECT_EQ(Part().interrupts[1].type, MANIFEST_INT_TYPE_PPI);
	EXPECT_EQ(Part().interrupts[3].type, MANIFEST_INT_TYPE_SPI);
}

TEST_F(ManifestRegionsTest, interrupt_type_mismatch)
{
	Dev().Set("interrupts", Cells({ 40, 0x400 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INTERRUPT_TYPE_MISMATCH);
}

TEST_F(ManifestRegionsTest, interrupt_repeated_in_partition)
{
	Dev("a", 0x09100000).Set("interrupts", Cells({ 40, 0x800 }));
	Dev("b", 0x09101000).Set("interrupts", Cells({ 40, 0x800 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INTERRUPT_ID_REPEATED);
}

TEST_F(ManifestRegionsTest, interrupt_repeated_across_partitions)
{
	Dev().Set("interrupts", Cells({ 40, 0x800 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	DtNode &d = DevRegion(2, "dev0");
	d.SetU32("pages-count", 1).SetU32("attributes", 0x3);
	d.SetU32("base-address", 0x09200000);
	d.Set("interrupts", Cells({ 40, 0x800 }));
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_INTERRUPT_ID_REPEATED);
}

TEST_F(ManifestRegionsTest, interrupts_over_device_limit)
{
	std::vector<uint32_t> cells;

	for (uint32_t i = 0; i <= PLAT_MAX_INTERRUPTS_PER_DEVICE; i++) {
		cells.insert(cells.end(), { 40 + i, 0x800 });
	}
	Dev().Set("interrupts", Cells(cells));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_INTERRUPTS);
}

TEST_F(ManifestRegionsTest, interrupts_over_partition_limit)
{
	uint32_t id = 40;

	for (uint32_t d = 0;
	     d * PLAT_MAX_INTERRUPTS_PER_DEVICE <= PLAT_MAX_INTERRUPTS; d++) {
		std::vector<uint32_t> cells;

		for (uint32_t i = 0; i < PLAT_MAX_INTERRUPTS_PER_DEVICE; i++) {
			cells.insert(cells.end(), { id++, 0x800 });
		}
		Dev("d" + std::to_string(d), 0x09100000 + d * 0x1000)
		    .Set("interrupts", Cells(cells));
	}
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_INTERRUPTS);
}

TEST_F(ManifestRegionsTest, interrupt_target_not_listed)
{
	Dev().Set("interrupts", Cells({ 40, 0x800 }));
	Dev().Set("interrupts-target", Cells({ 41, 0, 0 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INTERRUPT_ID_NOT_IN_LIST);
}

TEST_F(ManifestRegionsTest, interrupt_target_not_spi)
{
	Dev().Set("interrupts", Cells({ 20, 0x400 }));
	Dev().Set("interrupts-target", Cells({ 20, 0, 0 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INTERRUPT_TARGET_NOT_SPI);
}

TEST_F(ManifestRegionsTest, interrupt_target_unknown_cpu)
{
	Dev().Set("interrupts", Cells({ 40, 0x800 }));
	Dev().Set("interrupts-target", Cells({ 40, 0, 7 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INTERRUPT_TARGET_UNKNOWN_CPU);
}

TEST_F(ManifestRegionsTest, interrupt_target_not_triples)
{
	Dev().Set("interrupts", Cells({ 40, 0x800 }));
	Dev().Set("interrupts-target", Cells({ 40, 0 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_MALFORMED_LIST);
}

TEST_F(ManifestRegionsTest, dma_streams)
{
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5, 6 }));
	Mem()
	    .SetU32("smmu-id", 1)
	    .Set("stream-ids", Cells({ 5 }))
	    .Set("stream-ids-access-permissions", Cells({ 0x1 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().dev_regions[0].stream_count, 2U);
	EXPECT_TRUE(Part().dev_regions[0].has_smmu_id);
	EXPECT_EQ(Part().mem_regions[0].stream_count, 1U);
	EXPECT_EQ(Part().stream_perms[Part().mem_regions[0].stream_first], 1U);
}

TEST_F(ManifestRegionsTest, stream_ids_without_smmu)
{
	Dev().Set("stream-ids", Cells({ 5 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_MISSING_SMMU_ID);
}

TEST_F(ManifestRegionsTest, stream_id_not_declared)
{
	Mem()
	    .SetU32("smmu-id", 1)
	    .Set("stream-ids", Cells({ 9 }))
	    .Set("stream-ids-access-permissions", Cells({ 0x1 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_STREAM_ID_NOT_DECLARED);
}

TEST_F(ManifestRegionsTest, stream_id_duplicate)
{
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5, 5 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_DUPLICATE_STREAM_ID);
}

TEST_F(ManifestRegionsTest, stream_id_taken_by_other_partition)
{
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	DtNode &d = DevRegion(2, "dev0");
	d.SetU32("pages-count", 1).SetU32("attributes", 0x3);
	d.SetU32("base-address", 0x09200000);
	d.SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5 }));
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_DUPLICATE_STREAM_ID);
}

TEST_F(ManifestRegionsTest, stream_ids_over_limit)
{
	std::vector<uint32_t> ids;

	for (uint32_t i = 0; i <= PLAT_MAX_STREAM_IDS; i++) {
		ids.push_back(i);
	}
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells(ids));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_STREAM_IDS);
}

TEST_F(ManifestRegionsTest, dma_permissions_mismatch)
{
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5 }));
	Mem().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS);
	SetUp();
	Dev().SetU32("smmu-id", 1).Set("stream-ids", Cells({ 5 }));
	Mem()
	    .SetU32("smmu-id", 1)
	    .Set("stream-ids", Cells({ 5 }))
	    .Set("stream-ids-access-permissions", Cells({ 0x4 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS);
}

TEST_F(ManifestRegionsTest, dma_devices_over_limit)
{
	for (uint32_t i = 0; i <= PLAT_MAX_DMA_DEVICES; i++) {
		Dev("d" + std::to_string(i), 0x09100000 + i * 0x1000)
		    .SetU32("smmu-id", 1)
		    .Set("stream-ids", Cells({ i }));
	}
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_DMA_DEVICES);
}

class ManifestRxTxTest : public ManifestRegionsTest
{
      protected:
	void SetUp() override
	{
		ManifestRegionsTest::SetUp();
		Mem("rx", 0x0e600000)
		    .SetU32("phandle", 1)
		    .SetU32("attributes", 0x1);
		Mem("tx", 0x0e601000).SetU32("phandle", 2);
		DtNode &n = part_[0].Child("rx_tx-info");
		n.SetStr("compatible", "arm,ffa-manifest-rx_tx-buffer");
		n.SetU32("rx-buffer", 1).SetU32("tx-buffer", 2);
	}

	DtNode &Info()
	{
		return part_[0].Child("rx_tx-info");
	}
};

TEST_F(ManifestRxTxTest, rxtx_buffers)
{
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().rxtx_present);
	EXPECT_EQ(Part().rx_region, 0U);
	EXPECT_EQ(Part().tx_region, 1U);
}

TEST_F(ManifestRxTxTest, rxtx_unknown_phandle)
{
	Info().SetU32("rx-buffer", 7);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_RXTX_INVALID);
	EXPECT_STREQ(err_.property, "rx-buffer");
}

TEST_F(ManifestRxTxTest, rxtx_same_region)
{
	Info().SetU32("tx-buffer", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_RXTX_INVALID);
}

TEST_F(ManifestRxTxTest, rxtx_missing_property)
{
	Info().Del("tx-buffer");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
}

TEST_F(ManifestRxTxTest, rxtx_size_mismatch)
{
	MemRegion(1, "tx").SetU32("pages-count", 2);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_RXTX_SIZE_MISMATCH);
}

TEST_F(ManifestRxTxTest, rxtx_permissions)
{
	MemRegion(1, "tx").SetU32("attributes", 0x1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_RXTX_INVALID_PERM);
	EXPECT_STREQ(err_.property, "tx-buffer");
	SetUp();
	MemRegion(1, "rx").SetU32("attributes", 0x5);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_RXTX_INVALID_PERM);
	EXPECT_STREQ(err_.property, "rx-buffer");
}

} // namespace
} // namespace test
