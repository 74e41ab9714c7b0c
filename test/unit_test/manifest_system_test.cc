/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <functional>
#include <map>
#include <set>

#include "manifest_fixture.h"

namespace test
{
namespace
{

using ManifestSystemTest = ManifestTest;
using Edit = std::function<void(DtNode &)>;

TEST_F(ManifestSystemTest, every_error_has_a_distinct_name_and_description)
{
	std::set<std::string> names;

	for (int e = 0; e < MANIFEST_ERROR_COUNT; e++) {
		const char *name = manifest_error_name((manifest_error)e);
		const char *desc = manifest_error_describe((manifest_error)e);

		ASSERT_NE(name, nullptr) << e;
		ASSERT_NE(desc, nullptr) << e;
		EXPECT_EQ(std::string(name).rfind("MANIFEST_ERROR_", 0), 0U);
		EXPECT_GT(strlen(desc), 5U);
		EXPECT_TRUE(names.insert(name).second) << name;
	}
	EXPECT_EQ(manifest_error_name(MANIFEST_ERROR_COUNT), nullptr);
	EXPECT_EQ(manifest_error_describe((manifest_error)-1), nullptr);
}

TEST_F(ManifestSystemTest, error_report_names_file_node_and_property)
{
	ParseSpmcOk();
	part_[1].SetU32("xlat-granule", 2);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	ASSERT_EQ(AddPartition(2), MANIFEST_ERROR_UNSUPPORTED_XLAT_GRANULE);
	EXPECT_EQ(Error(), "vm2 (sp2): /: xlat-granule: only the 4 KiB granule "
			   "(0) is supported - 2 "
			   "[MANIFEST_ERROR_UNSUPPORTED_XLAT_GRANULE]");
}

/*
 * Walks every value of `enum manifest_error` and triggers it with a
 * manifest that is valid but for one thing.
 */
TEST_F(ManifestSystemTest, every_error_value_is_triggered)
{
	auto spmc = [this](const Edit &edit) {
		SetUp();
		edit(spmc_);
		return ParseSpmc();
	};
	auto vm = [&](const std::string &name, const Edit &edit) {
		return spmc([&](DtNode &r) {
			edit(r.Child("hypervisor").Child(name));
		});
	};
	auto attr = [&](const Edit &edit) {
		return spmc([&](DtNode &r) { edit(r.Child("attribute")); });
	};
	auto p1 = [this](const Edit &edit) {
		SetUp();
		EXPECT_EQ(ParseSpmc(), MANIFEST_SUCCESS);
		edit(part_[0]);
		return AddPartition(1);
	};
	auto p2 = [this](const Edit &edit) {
		SetUp();
		EXPECT_EQ(ParseSpmc(), MANIFEST_SUCCESS);
		EXPECT_EQ(AddPartition(1), MANIFEST_SUCCESS);
		edit(part_[1]);
		return AddPartition(2);
	};
	auto mem = [&](const Edit &edit) {
		return p1([&](DtNode &r) {
			DtNode &mr = r.Child("memory-regions");
			mr.SetStr("compatible",
				  "arm,ffa-manifest-memory-regions");
			DtNode &m = mr.Child("m0");
			m.SetU32("pages-count", 1).SetU32("attributes", 3);
			m.SetU32("base-address", 0x0e600000);
			edit(m);
		});
	};
	auto dev = [&](const Edit &edit) {
		return p1([&](DtNode &r) {
			DtNode &dr = r.Child("device-regions");
			dr.SetStr("compatible",
				  "arm,ffa-manifest-device-regions");
			DtNode &d = dr.Child("d0");
			d.SetU32("pages-count", 1).SetU32("attributes", 3);
			d.SetU32("base-address", 0x09040000);
			d.Set("interrupts", Cells({ 40, 0x800 }));
			edit(d);
		});
	};
	auto rxtx = [&](uint32_t rx_attr, uint32_t tx_pages, uint32_t tx_ph) {
		return p1([&](DtNode &r) {
			DtNode &mr = r.Child("memory-regions");
			mr.SetStr("compatible",
				  "arm,ffa-manifest-memory-regions");
			mr.Child("rx")
			    .SetU32("pages-count", 1)
			    .SetU32("attributes", rx_attr);
			mr.Child("rx").SetU32("base-address", 0x0e600000);
			mr.Child("rx").SetU32("phandle", 1);
			mr.Child("tx")
			    .SetU32("pages-count", tx_pages)
			    .SetU32("attributes", 3);
			mr.Child("tx").SetU32("base-address", 0x0e601000);
			mr.Child("tx").SetU32("phandle", 2);
			DtNode &n = r.Child("rx_tx-info");
			n.SetStr("compatible", "arm,ffa-manifest-rx_tx-buffer");
			n.SetU32("rx-buffer", 1).SetU32("tx-buffer", tx_ph);
		});
	};
	auto many = [](uint32_t n, uint32_t cells_each, uint32_t first) {
		std::vector<uint32_t> v;
		for (uint32_t i = 0; i < n; i++) {
			v.push_back(first + i);
			for (uint32_t c = 1; c < cells_each; c++) {
				v.push_back(c == 1 ? 0x800 : 0);
			}
		}
		return Cells(v);
	};

	std::map<manifest_error, std::function<manifest_error()>> triggers = {
		{ MANIFEST_ERROR_FDT_INVALID,
		  [&] {
			  char junk[64] = {};
			  return manifest_parse_spmc(m_.get(), junk,
						     sizeof(junk), &err_);
		  } },
		{ MANIFEST_ERROR_NO_CORE_MANIFEST_NODE,
		  [&] {
			  return spmc([](DtNode &r) { r.Del("compatible"); });
		  } },
		{ MANIFEST_ERROR_NO_ATTRIBUTE_NODE,
		  [&] {
			  return spmc(
			      [](DtNode &r) { r.DelChild("attribute"); });
		  } },
		{ MANIFEST_ERROR_PROPERTY_MISSING,
		  [&] { return attr([](DtNode &a) { a.Del("spmc_id"); }); } },
		{ MANIFEST_ERROR_MALFORMED_INTEGER,
		  [&] {
			  return attr(
			      [](DtNode &a) { a.Set("maj_ver", "[01]"); });
		  } },
		{ MANIFEST_ERROR_INTEGER_OVERFLOW,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("vcpu_count", 0x10001);
			  });
		  } },
		{ MANIFEST_ERROR_MALFORMED_STRING,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.Set("debug_name", "[61 62]");
			  });
		  } },
		{ MANIFEST_ERROR_STRING_TOO_LONG,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetStr("description", std::string(64, 'x'));
			  });
		  } },
		{ MANIFEST_ERROR_MALFORMED_BOOLEAN,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("notification-support", 1);
			  });
		  } },
		{ MANIFEST_ERROR_MALFORMED_LIST,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts", Cells({ 40 }));
			  });
		  } },
		{ MANIFEST_ERROR_NODE_NOT_COMPATIBLE,
		  [&] {
			  return p1([](DtNode &r) {
				  r.Child("device-regions").Child("d");
			  });
		  } },
		{ MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION,
		  [&] {
			  return attr(
			      [](DtNode &a) { a.SetU32("min_ver", 9); });
		  } },
		{ MANIFEST_ERROR_INVALID_SPMC_ID,
		  [&] {
			  return attr(
			      [](DtNode &a) { a.SetU32("spmc_id", 1); });
		  } },
		{ MANIFEST_ERROR_UNSUPPORTED_EXEC_STATE,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("execution-state", 1);
			  });
		  } },
		{ MANIFEST_ERROR_SPMC_IMAGE_OUTSIDE_BINARY,
		  [&] {
			  return attr([](DtNode &a) {
				  a.SetU32("binary_size", 0x1000);
			  });
		  } },
		{ MANIFEST_ERROR_SPMC_ENTRYPOINT_INVALID,
		  [&] {
			  return attr([](DtNode &a) {
				  a.SetU64("entrypoint", 0x0e100004);
			  });
		  } },
		{ MANIFEST_ERROR_NO_CPUS,
		  [&] { return spmc([](DtNode &r) { r.DelChild("cpus"); }); } },
		{ MANIFEST_ERROR_TOO_MANY_CPUS,
		  [&] {
			  return spmc([](DtNode &r) {
				  for (uint32_t i = 4; i < 20; i++) {
					  DtNode &c = r.Child("cpus").Child(
					      "cpu@" + std::to_string(i));
					  c.SetStr("device_type", "cpu");
					  c.Set("reg", Cells({ 0, i }));
				  }
			  });
		  } },
		{ MANIFEST_ERROR_DUPLICATE_CPU,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("cpus").Child("cpu@3").Set(
				      "reg", Cells({ 0, 0 }));
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_CELL_COUNT,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("cpus").SetU32("#address-cells", 0);
			  });
		  } },
		{ MANIFEST_ERROR_MEMORY_MISSING,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("memory@e100000")
				      .SetStr("device_type", "other");
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_MEM_RANGES,
		  [&] {
			  return spmc([](DtNode &r) {
				  std::vector<uint32_t> reg;
				  for (uint32_t i = 0; i < 40; i++) {
					  reg.insert(reg.end(),
						     { 0,
						       0x40000000 + i * 0x1000,
						       0, 0x1000 });
				  }
				  r.Child("ns-memory@40000000")
				      .Set("reg", Cells(reg));
			  });
		  } },
		{ MANIFEST_ERROR_MEM_RANGE_EMPTY,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("ns-memory@40000000")
				      .Set("reg",
					   Cells({ 0, 0x40000000, 0, 0 }));
			  });
		  } },
		{ MANIFEST_ERROR_MEM_RANGE_UNALIGNED,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("ns-memory@40000000")
				      .Set("reg",
					   Cells({ 0, 0x40000000, 0, 0x10 }));
			  });
		  } },
		{ MANIFEST_ERROR_MEM_RANGE_OVERLAP,
		  [&] {
			  return spmc([](DtNode &r) {
				  r.Child("extra@0")
				      .SetStr("device_type", "ns-memory")
				      .Set("reg",
					   Cells({ 0, 0x40000000, 0, 0x1000 }));
			  });
		  } },
		{ MANIFEST_ERROR_ADDRESS_OVERFLOW,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU64("base-address",
					   0xfffffffffffff000ULL);
				  m.SetU32("pages-count", 4);
			  });
		  } },
		{ MANIFEST_ERROR_GIC_INVALID,
		  [&] {
			  return spmc([](DtNode &r) {
				  DtNode &g = r.Child("gic");
				  g.SetStr("compatible", "arm,gic-v3");
				  g.Set("reg",
					Cells({ 0, 0x08000000, 0, 0x10000 }));
			  });
		  } },
		{ MANIFEST_ERROR_NO_HYPERVISOR_NODE,
		  [&] {
			  return spmc(
			      [](DtNode &r) { r.DelChild("hypervisor"); });
		  } },
		{ MANIFEST_ERROR_RESERVED_VM_ID,
		  [&] { return vm("vm0", [](DtNode &) {}); } },
		{ MANIFEST_ERROR_VM_NODE_GAP,
		  [&] {
			  return vm("vm3x", [](DtNode &) {}) == MANIFEST_SUCCESS
				     ? vm("vm5", [](DtNode &) {})
				     : MANIFEST_SUCCESS;
		  } },
		{ MANIFEST_ERROR_TOO_MANY_PARTITIONS,
		  [&] {
			  return manifest_add_partition(m_.get(), 99, nullptr,
							0, &err_);
		  } },
		{ MANIFEST_ERROR_NOT_FFA_PARTITION,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.Del("is_ffa_partition");
			  });
		  } },
		{ MANIFEST_ERROR_HYP_LOADED_UNSUPPORTED,
		  [&] {
			  return vm("vm1",
				    [](DtNode &v) { v.SetFlag("hyp_loaded"); });
		  } },
		{ MANIFEST_ERROR_LOAD_ADDRESS_INVALID,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("load_address", 0x0e300001);
			  });
		  } },
		{ MANIFEST_ERROR_MEM_SIZE_INVALID,
		  [&] {
			  return vm("vm1",
				    [](DtNode &v) { v.SetU32("mem_size", 0); });
		  } },
		{ MANIFEST_ERROR_VCPU_COUNT_INVALID,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("vcpu_count", 9);
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_SMC_WHITELIST,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.Set("smc_whitelist",
					Cells(std::vector<uint32_t>(33, 1)));
			  });
		  } },
		{ MANIFEST_ERROR_PARTITION_OUTSIDE_MEMORY,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("mem_size", 0x10000000);
			  });
		  } },
		{ MANIFEST_ERROR_PARTITION_OVERLAPS_SPMC,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("load_address", 0x0e100000);
			  });
		  } },
		{ MANIFEST_ERROR_PARTITION_OVERLAP,
		  [&] {
			  return vm("vm1", [](DtNode &v) {
				  v.SetU32("mem_size", 0x200000);
			  });
		  } },
		{ MANIFEST_ERROR_NOT_COMPATIBLE,
		  [&] { return p1([](DtNode &r) { r.Del("compatible"); }); } },
		{ MANIFEST_ERROR_NO_SERVICES,
		  [&] { return p1([](DtNode &r) { r.Del("uuid"); }); } },
		{ MANIFEST_ERROR_UUID_ALL_ZEROS,
		  [&] {
			  return p1([](DtNode &r) {
				  r.Set("uuid", Cells({ 0, 0, 0, 0 }));
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_UUIDS,
		  [&] {
			  return p1([&](DtNode &r) {
				  r.Set("uuid",
					Cells(std::vector<uint32_t>(4 * 9, 1)));
			  });
		  } },
		{ MANIFEST_ERROR_MALFORMED_UUID,
		  [&] {
			  return p1([](DtNode &r) {
				  r.Set("uuid", Cells({ 1, 2 }));
			  });
		  } },
		{ MANIFEST_ERROR_DUPLICATE_UUID,
		  [&] {
			  return p1([](DtNode &r) {
				  r.Set("uuid",
					Cells({ 1, 2, 3, 4, 1, 2, 3, 4 }));
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_PARTITION_ID,
		  [&] { return p1([](DtNode &r) { r.SetU32("id", 5); }); } },
		{ MANIFEST_ERROR_DUPLICATE_PARTITION_ID,
		  [&] {
			  return p2([](DtNode &r) { r.SetU32("id", 0x8001); });
		  } },
		{ MANIFEST_ERROR_INVALID_AUXILIARY_ID,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("auxiliary-id", 0x10);
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_EXECUTION_CTX_COUNT,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("execution-ctx-count", 3);
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_EXCEPTION_LEVEL,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("exception-level", 0);
			  });
		  } },
		{ MANIFEST_ERROR_EXCEPTION_LEVEL_MISMATCH,
		  [&] {
			  SetUp();
			  spmc_.Child("hypervisor")
			      .Child("vm1")
			      .SetU32("exception-level", 1);
			  EXPECT_EQ(ParseSpmc(), MANIFEST_SUCCESS);
			  return AddPartition(1);
		  } },
		{ MANIFEST_ERROR_LOAD_ADDRESS_MISMATCH,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("load-address", 0x0e400000);
			  });
		  } },
		{ MANIFEST_ERROR_ENTRYPOINT_INVALID,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("entrypoint-offset", 0x4001);
			  });
		  } },
		{ MANIFEST_ERROR_UNSUPPORTED_XLAT_GRANULE,
		  [&] {
			  return p1(
			      [](DtNode &r) { r.SetU32("xlat-granule", 1); });
		  } },
		{ MANIFEST_ERROR_INVALID_BOOT_ORDER,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("boot-order", 0x10000);
			  });
		  } },
		{ MANIFEST_ERROR_DUPLICATE_BOOT_ORDER,
		  [&] {
			  SetUp();
			  part_[0].SetU32("boot-order", 5);
			  part_[1].SetU32("boot-order", 5);
			  return ParseAll(true);
		  } },
		{ MANIFEST_ERROR_INVALID_MESSAGING_METHOD,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("messaging-method", 0x10);
			  });
		  } },
		{ MANIFEST_ERROR_MESSAGING_METHOD_NEEDS_VERSION,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("ffa-version", 0x10001);
				  r.SetU32("messaging-method", 0x400);
			  });
		  } },
		{ MANIFEST_ERROR_UNMATCHED_MESSAGING_METHODS,
		  [&] {
			  return p1([](DtNode &r) {
				  r.Set("messaging-method", Cells({ 1, 2 }));
			  });
		  } },
		{ MANIFEST_ERROR_ILLEGAL_NS_INT_ACTION,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("ns-interrupts-action", 5);
			  });
		  } },
		{ MANIFEST_ERROR_MANAGED_EXIT_CONFLICT,
		  [&] {
			  return p1(
			      [](DtNode &r) { r.SetFlag("managed-exit"); });
		  } },
		{ MANIFEST_ERROR_MANAGED_EXIT_VIRQ_WITHOUT_ME,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetFlag("managed-exit-virq");
			  });
		  } },
		{ MANIFEST_ERROR_ILLEGAL_OTHER_S_INT_ACTION,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("other-s-interrupts-action", 7);
			  });
		  } },
		{ MANIFEST_ERROR_ILLEGAL_SRI_POLICY,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("sri-interrupts-policy", 8);
			  });
		  } },
		{ MANIFEST_ERROR_PRIMARY_SCHEDULER_IN_SP,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetFlag("has-primary-scheduler");
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_GP_REGISTER,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("gp-register-num", 31);
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_PM_MESSAGES,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("power-management-messages", 0x10);
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_VM_AVAILABILITY_MESSAGES,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("vm-availability-messages", 0x8);
			  });
		  } },
		{ MANIFEST_ERROR_ILLEGAL_LIFECYCLE_SUPPORT,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetFlag("lifecycle-support");
			  });
		  } },
		{ MANIFEST_ERROR_ILLEGAL_ABORT_ACTION,
		  [&] {
			  return p1(
			      [](DtNode &r) { r.SetU32("abort-action", 9); });
		  } },
		{ MANIFEST_ERROR_BOOT_INFO_EMPTY,
		  [&] {
			  return p1([](DtNode &r) {
				  r.SetU32("gp-register-num", 1);
				  r.Child("boot-info")
				      .SetStr("compatible",
					      "arm,ffa-manifest-boot-info");
			  });
		  } },
		{ MANIFEST_ERROR_BOOT_INFO_WITHOUT_GP_REGISTER,
		  [&] {
			  return p1([](DtNode &r) {
				  DtNode &b = r.Child("boot-info");
				  b.SetStr("compatible",
					   "arm,ffa-manifest-boot-info");
				  b.SetFlag("ffa_manifest");
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_MEM_REGIONS,
		  [&] {
			  return p1([](DtNode &r) {
				  DtNode &mr = r.Child("memory-regions");
				  mr.SetStr("compatible",
					    "arm,ffa-manifest-memory-regions");
				  for (uint32_t i = 0; i < 40; i++) {
					  mr.Child("m" + std::to_string(i))
					      .SetU32("pages-count", 1)
					      .SetU32("attributes", 1);
				  }
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_DEV_REGIONS,
		  [&] {
			  return p1([](DtNode &r) {
				  DtNode &dr = r.Child("device-regions");
				  dr.SetStr("compatible",
					    "arm,ffa-manifest-device-regions");
				  for (uint32_t i = 0; i < 40; i++) {
					  dr.Child("d" + std::to_string(i))
					      .SetU32("pages-count", 1)
					      .SetU32("attributes", 1)
					      .SetU32("base-address",
						      0x09100000 + i * 0x1000);
				  }
			  });
		  } },
		{ MANIFEST_ERROR_REGION_EMPTY,
		  [&] {
			  return mem(
			      [](DtNode &m) { m.SetU32("pages-count", 0); });
		  } },
		{ MANIFEST_ERROR_REGION_UNALIGNED,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("base-address", 0x0e600004);
			  });
		  } },
		{ MANIFEST_ERROR_BASE_AND_RELATIVE_ADDRESS,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("load-address-relative-offset", 0);
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_MEM_PERM,
		  [&] {
			  return mem(
			      [](DtNode &m) { m.SetU32("attributes", 2); });
		  } },
		{ MANIFEST_ERROR_REGION_OVERLAP,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("base-address", 0x0e3ff000);
				  m.SetU32("pages-count", 2);
			  });
		  } },
		{ MANIFEST_ERROR_REGION_OVERLAPS_SPMC,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("base-address", 0x0e100000);
			  });
		  } },
		{ MANIFEST_ERROR_REGION_OVERLAPS_PARTITION,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("base-address", 0x0e400000);
			  });
		  } },
		{ MANIFEST_ERROR_REGION_OUTSIDE_RANGES,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("base-address", 0x30000000);
			  });
		  } },
		{ MANIFEST_ERROR_RXTX_INVALID, [&] { return rxtx(1, 1, 9); } },
		{ MANIFEST_ERROR_RXTX_SIZE_MISMATCH,
		  [&] { return rxtx(1, 2, 2); } },
		{ MANIFEST_ERROR_RXTX_INVALID_PERM,
		  [&] { return rxtx(5, 1, 2); } },
		{ MANIFEST_ERROR_TOO_MANY_STREAM_IDS,
		  [&] {
			  return dev([&](DtNode &d) {
				  d.SetU32("smmu-id", 0);
				  d.Set("stream-ids", many(9, 1, 0));
			  });
		  } },
		{ MANIFEST_ERROR_DUPLICATE_STREAM_ID,
		  [&] {
			  return dev([](DtNode &d) {
				  d.SetU32("smmu-id", 0);
				  d.Set("stream-ids", Cells({ 3, 3 }));
			  });
		  } },
		{ MANIFEST_ERROR_STREAM_ID_NOT_DECLARED,
		  [&] {
			  return mem([](DtNode &m) {
				  m.SetU32("smmu-id", 0);
				  m.Set("stream-ids", Cells({ 3 }));
				  m.Set("stream-ids-access-permissions",
					Cells({ 1 }));
			  });
		  } },
		{ MANIFEST_ERROR_MISSING_SMMU_ID,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("stream-ids", Cells({ 3 }));
			  });
		  } },
		{ MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS,
		  [&] {
			  return mem([](DtNode &m) {
				  m.Set("stream-ids-access-permissions",
					Cells({ 1 }));
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_DMA_DEVICES,
		  [&] {
			  return p1([](DtNode &r) {
				  DtNode &dr = r.Child("device-regions");
				  dr.SetStr("compatible",
					    "arm,ffa-manifest-device-regions");
				  for (uint32_t i = 0; i < 9; i++) {
					  dr.Child("d" + std::to_string(i))
					      .SetU32("pages-count", 1)
					      .SetU32("attributes", 1)
					      .SetU32("base-address",
						      0x09100000 + i * 0x1000)
					      .SetU32("smmu-id", 0)
					      .Set("stream-ids", Cells({ i }));
				  }
			  });
		  } },
		{ MANIFEST_ERROR_TOO_MANY_INTERRUPTS,
		  [&] {
			  return dev([&](DtNode &d) {
				  d.Set("interrupts", many(33, 2, 40));
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_INTERRUPT_ID,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts", Cells({ 1023, 0x800 }));
			  });
		  } },
		{ MANIFEST_ERROR_INVALID_INTERRUPT_ATTRIBUTES,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts", Cells({ 40, 0xf000 }));
			  });
		  } },
		{ MANIFEST_ERROR_INTERRUPT_TYPE_MISMATCH,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts", Cells({ 40, 0x000 }));
			  });
		  } },
		{ MANIFEST_ERROR_INTERRUPT_ID_REPEATED,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts",
					Cells({ 40, 0x800, 40, 0x800 }));
			  });
		  } },
		{ MANIFEST_ERROR_INTERRUPT_ID_NOT_IN_LIST,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts-target",
					Cells({ 41, 0, 0 }));
			  });
		  } },
		{ MANIFEST_ERROR_INTERRUPT_TARGET_NOT_SPI,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts", Cells({ 7, 0x000 }));
				  d.Set("interrupts-target",
					Cells({ 7, 0, 0 }));
			  });
		  } },
		{ MANIFEST_ERROR_INTERRUPT_TARGET_UNKNOWN_CPU,
		  [&] {
			  return dev([](DtNode &d) {
				  d.Set("interrupts-target",
					Cells({ 40, 1, 0 }));
			  });
		  } },
	};

	for (int e = 1; e < MANIFEST_ERROR_COUNT; e++) {
		auto code = static_cast<manifest_error>(e);
		auto it = triggers.find(code);

		ASSERT_NE(it, triggers.end())
		    << "no trigger for " << manifest_error_name(code);
		manifest_error got = it->second();
		EXPECT_EQ(got, code)
		    << "want " << manifest_error_name(code) << ", got "
		    << manifest_error_name(got) << ": " << Error();
		EXPECT_EQ(err_.code, code) << manifest_error_name(code);
		EXPECT_NE(err_.file[0], '\0') << manifest_error_name(code);
	}
}

/* A rejected partition leaves the manifest byte-for-byte as it was. */
TEST_F(ManifestSystemTest, failed_partition_changes_nothing)
{
	ParseSpmcOk();
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);

	auto before = std::make_unique<struct manifest>();
	memcpy(before.get(), m_.get(), sizeof(*before));

	/* Fails late: after services, regions and interrupts were parsed. */
	DtNode &d = DevRegion(2, "dev0");
	d.SetU32("pages-count", 1).SetU32("attributes", 3);
	d.SetU32("base-address", 0x09200000);
	d.Set("interrupts", Cells({ 50, 0x800 }));
	DtNode &bi = part_[1].Child("boot-info");
	bi.SetStr("compatible", "arm,ffa-manifest-boot-info");
	bi.SetFlag("ffa_manifest");
	ASSERT_EQ(AddPartition(2),
		  MANIFEST_ERROR_BOOT_INFO_WITHOUT_GP_REGISTER);

	EXPECT_EQ(memcmp(&before->spmc, &m_->spmc, sizeof(m_->spmc)), 0);
	EXPECT_EQ(m_->partition_count, before->partition_count);
	EXPECT_EQ(
	    memcmp(before->partitions, m_->partitions, sizeof(m_->partitions)),
	    0);

	/* And the same partition, fixed, is then accepted. */
	part_[1].SetU32("gp-register-num", 0);
	ASSERT_EQ(AddPartition(2), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(m_->partition_count, 2U);
	EXPECT_EQ(Part().interrupts[0].id, 50U);
}

TEST_F(ManifestSystemTest, partition_added_twice_refused)
{
	ParseSpmcOk();
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_TOO_MANY_PARTITIONS);
	EXPECT_EQ(m_->partition_count, 1U);
}

TEST_F(ManifestSystemTest, implicit_id_collides_with_explicit)
{
	part_[0].SetU32("id", 0x8002);
	ParseSpmcOk();
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_DUPLICATE_PARTITION_ID);
	EXPECT_STREQ(err_.detail, "0x8002 (from vmN)");
}

TEST_F(ManifestSystemTest, auxiliary_id_collides_with_other_partition)
{
	part_[1].SetU32("auxiliary-id", 0x8001);
	ParseSpmcOk();
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_DUPLICATE_PARTITION_ID);
}

TEST_F(ManifestSystemTest, boot_order_sorts_and_defaults_last)
{
	DtNode &hyp = spmc_.Child("hypervisor");
	DtNode &vm3 = hyp.Child("vm3");

	vm3.SetFlag("is_ffa_partition").SetStr("debug_name", "sp3");
	vm3.SetU32("load_address", 0x0e500000).SetU32("vcpu_count", 1);
	vm3.SetU32("mem_size", 0x100000);
	ParseSpmcOk();

	part_[1].SetU32("boot-order", 7);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	ASSERT_EQ(AddPartition(2), MANIFEST_SUCCESS);
	DtNode p3 = DefaultPartition(3);
	p3.SetU32("load-address", 0x0e500000).SetU32("execution-ctx-count", 1);
	p3.SetU32("boot-order", 2);
	std::vector<char> dtb = p3.Dtb();
	ASSERT_EQ(
	    manifest_add_partition(m_.get(), 2, dtb.data(), dtb.size(), &err_),
	    MANIFEST_SUCCESS)
	    << Error();

	uint32_t order[3];
	manifest_boot_order(m_.get(), order);
	EXPECT_EQ(order[0], 2U); /* boot-order 2 */
	EXPECT_EQ(order[1], 1U); /* boot-order 7 */
	EXPECT_EQ(order[2], 0U); /* none */
}

TEST_F(ManifestSystemTest, find_partition_by_id)
{
	ASSERT_EQ(ParseAll(true), MANIFEST_SUCCESS) << Error();
	ASSERT_NE(manifest_find_partition(m_.get(), 0x8002), nullptr);
	EXPECT_EQ(manifest_find_partition(m_.get(), 0x8002)->vm_index, 1U);
	EXPECT_EQ(manifest_find_partition(m_.get(), 0x8003), nullptr);
}

} // namespace
} // namespace test
