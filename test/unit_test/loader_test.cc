/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The partition loader on the host: SP packages built in host memory (the
 * SPMC's identity map is the host's), manifests compiled with dtc, stage-2
 * tables in the fake arch's format.
 */

#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <sys/mman.h>

#include "helpers/dts_builder.h"

extern "C" {
#include "spmc/arch/fake.h"

#include "spmc/loader.h"
#include "spmc/manifest.h"
#include "spmc/mm.h"
#include "spmc/mpool.h"
#include "spmc/partition.h"
#include "spmc/sp_pkg.h"
}

namespace
{

constexpr size_t kWindow = 0x100000; /* each partition's memory */
constexpr size_t kPoolPages = 128;
constexpr size_t kMapSize = 6 * 0x100000;

std::string Hex(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%lx", (unsigned long)v);
	return buf;
}

std::string Cells64(uint64_t v)
{
	return "<" + Hex(v >> 32) + " " + Hex(v & 0xFFFFFFFFU) + ">";
}

class LoaderTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		fake_cpu_set_index(0);
		partition_module_reset();
		/*
		 * Two windows, 2 MiB aligned so block mappings are possible,
		 * below 2 GiB: stage 2 has a 40-bit IPA space.
		 */
		map_ = mmap(nullptr, kMapSize, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		ASSERT_NE(map_, MAP_FAILED);
		uintptr_t aligned = ((uintptr_t)map_ + 0x1FFFFF) & ~0x1FFFFFUL;
		mem_ = (uint8_t *)aligned;
		base_[0] = aligned;
		base_[1] = aligned + 0x200000;
		heap_ = static_cast<uint8_t *>(
		    std::aligned_alloc(4096, kPoolPages * 4096));
		mpool_init(&pool_, 4096);
		mpool_add_chunk(&pool_, heap_, kPoolPages * 4096);
		m_ = new manifest();
		char sink[4096];
		while (fake_console_take(sink, sizeof(sink)) > 0) {
		}
	}

	void TearDown() override
	{
		partition_module_reset();
		delete m_;
		munmap(map_, kMapSize);
		std::free(heap_);
	}

	/** A partition manifest; `vcpus` contexts, S-EL1 unless `el`. */
	test::DtNode Sp(uint32_t uuid0, uint32_t vcpus, uint32_t boot_order,
			uint32_t el = 2)
	{
		test::DtNode sp;

		sp.SetStr("compatible", "arm,ffa-manifest-1.0")
		    .SetU32("ffa-version", 0x10002)
		    .Set("uuid", test::Cells({ uuid0, 2, 3, 4 }))
		    .SetU32("execution-ctx-count", vcpus)
		    .SetU32("exception-level", el)
		    .SetU32("execution-state", 0)
		    .SetU32("entrypoint-offset", 0x4000)
		    .SetU32("boot-order", boot_order)
		    .SetU32("messaging-method", 3)
		    .SetU32("ns-interrupts-action", 2)
		    .SetU32("gp-register-num", 0);
		sp.Child("boot-info")
		    .SetStr("compatible", "arm,ffa-manifest-boot-info")
		    .SetFlag("ffa_manifest");
		return sp;
	}

	/** Writes an SPKG v`version` package with `dtb` at window `i`. */
	void Package(int i, const std::vector<char> &dtb, uint32_t version = 2,
		     uint32_t magic = SP_PKG_MAGIC)
	{
		uint8_t *p = (uint8_t *)base_[i];
		uint32_t pm_offset = version == 1 ? SP_PKG_HEADER_SIZE : 0x1000;
		uint32_t hdr[6] = { magic,     version,
				    pm_offset, (uint32_t)dtb.size(),
				    0x4000,    0x1000 };

		memcpy(p, hdr, sizeof(hdr));
		memcpy(p + pm_offset, dtb.data(), dtb.size());
	}

	/** Parses an SPMC manifest with one vmN per window, 4 CPUs. */
	void Spmc(int count, uint32_t vcpus1 = 4)
	{
		std::string dts =
		    "/dts-v1/;\n/ {\n"
		    " compatible = \"arm,ffa-core-manifest-1.0\";\n"
		    " #address-cells = <2>; #size-cells = <2>;\n"
		    " attribute { spmc_id = <0x8000>; maj_ver = <1>;"
		    " min_ver = <3>; exec_state = <0>;"
		    " load_address = <0x0 0x1000>;"
		    " entrypoint = <0x0 0x1000>;"
		    " binary_size = <0x1000>; };\n"
		    " cpus { #address-cells = <2>; #size-cells = <0>;\n";
		for (int c : { 0, 3, 2, 1 }) {
			dts += "  cpu@" + std::to_string(c) +
			       " { device_type = \"cpu\"; reg = <0x0 " +
			       std::to_string(c) + ">; };\n";
		}
		dts +=
		    " };\n memory@0 { device_type = \"memory\"; reg = " +
		    Cells64(base_[0]).substr(0, Cells64(base_[0]).size() - 1) +
		    " 0x0 0x400000>; };\n ns-memory@1 { device_type ="
		    " \"ns-memory\"; reg = " +
		    Cells64(NsBase()).substr(0, Cells64(NsBase()).size() - 1) +
		    " 0x0 0x100000>; };\n hypervisor {"
		    " compatible = \"hafnium,hafnium\";\n";
		for (int i = 0; i < count; i++) {
			dts += "  vm" + std::to_string(i + 1) +
			       " { is_ffa_partition; debug_name = \"sp" +
			       std::to_string(i + 1) +
			       "\"; load_address = " + Cells64(base_[i]) +
			       "; vcpu_count = <" +
			       std::to_string(i == 1 ? vcpus1 : 1) +
			       ">; mem_size = <0x0 " + Hex(kWindow) + ">; };\n";
		}
		dts += " };\n};\n";
		blob_ = test::CompileDts(dts);
		manifest_range image = { 0x1000, 0x2000 };
		manifest_error_info err;

		manifest_init(m_, image);
		ASSERT_EQ(
		    manifest_parse_spmc(m_, blob_.data(), blob_.size(), &err),
		    MANIFEST_SUCCESS)
		    << dts;
	}

	/** The NS memory of the SPMC manifest: right above its secure memory. */
	uint64_t NsBase() const
	{
		return base_[0] + 0x400000;
	}

	std::string Log()
	{
		char buf[8192] = { 0 };

		fake_console_take(buf, sizeof(buf) - 1);
		return buf;
	}

	uint32_t S2Mode(struct partition *p, uint64_t begin, uint64_t end,
			bool *uniform)
	{
		mm_ptable_locked t = mm_ptable_lock(&p->s2.secure);
		mm_mode_ret r = mm_get_mode(t, begin, end);

		mm_ptable_unlock(&t);
		*uniform = r.status == MM_MODE_STATUS_UNIFORM;
		return r.mode;
	}

	void *map_ = nullptr;
	uint8_t *mem_ = nullptr;
	uint8_t *heap_ = nullptr;
	uint64_t base_[2] = {};
	mpool pool_{};
	manifest *m_ = nullptr;
	std::vector<char> blob_;
};

TEST_F(LoaderTest, LoadsInBootOrderWithStage2AndBootInfo)
{
	Spmc(2);
	Package(0, Sp(0x11, 1, 2).Dtb());
	Package(1, Sp(0x22, 4, 1).Dtb());
	EXPECT_EQ(loader_load_partitions(m_, &pool_), 2U) << Log();

	struct partition *first = partition_get(0);
	struct partition *second = partition_get(1);
	ASSERT_NE(first, nullptr);
	ASSERT_NE(second, nullptr);
	/* vm2 has boot-order 1: it comes first. */
	EXPECT_EQ(first->id, 0x8002);
	EXPECT_EQ(first->vcpu_count, 4);
	EXPECT_EQ(second->id, 0x8001);
	EXPECT_EQ(second->entry, base_[0] + 0x4000);
	EXPECT_EQ(first->vmid, 1);

	bool uniform = false;
	uint32_t mode = S2Mode(second, base_[0], base_[0] + kWindow, &uniform);
	EXPECT_TRUE(uniform);
	EXPECT_EQ(mode & (MM_MODE_R | MM_MODE_W | MM_MODE_X),
		  MM_MODE_R | MM_MODE_W | MM_MODE_X);
	/* Nothing outside its window. */
	mode = S2Mode(second, base_[1], base_[1] + 0x1000, &uniform);
	EXPECT_EQ(mode & MM_MODE_R, 0U);

	/* Boot information at the package base, describing the manifest. */
	ASSERT_EQ(second->boot_info, base_[0]);
	ffa_boot_info_header h;
	ffa_boot_info_desc d;
	memcpy(&h, (void *)base_[0], sizeof(h));
	memcpy(&d, (void *)(base_[0] + sizeof(h)), sizeof(d));
	EXPECT_EQ(h.signature, FFA_BOOT_INFO_SIGNATURE);
	EXPECT_EQ(h.desc_count, 1U);
	EXPECT_EQ(h.blob_size, 64U);
	EXPECT_EQ(d.type, FFA_BOOT_INFO_TYPE_ID_FDT);
	EXPECT_EQ(d.content, base_[0] + 0x1000);
	uint32_t magic;
	memcpy(&magic, (void *)d.content, 4);
	EXPECT_EQ(magic, 0xEDFE0DD0U); /* big-endian 0xD00DFEED */
}

/* Manifest RX/TX: the mailbox records which PAS each buffer is in. */
TEST_F(LoaderTest, ManifestBuffersKeepTheirAddressSpace)
{
	Spmc(1);
	test::DtNode sp = Sp(0x11, 1, 1);
	test::DtNode &regions = sp.Child("memory-regions");
	regions.SetStr("compatible", "arm,ffa-manifest-memory-regions");
	regions.Child("rx")
	    .SetU32("phandle", 1)
	    .SetU32("pages-count", 1)
	    .SetU32("attributes", 0x9) /* R, NS */
	    .Set("base-address", Cells64(NsBase()));
	regions.Child("tx")
	    .SetU32("phandle", 2)
	    .SetU32("pages-count", 1)
	    .SetU32("attributes", 0x3) /* RW, Secure */
	    .Set("base-address", Cells64(base_[0] + 0x81000));
	test::DtNode &info = sp.Child("rx_tx-info");
	info.SetStr("compatible", "arm,ffa-manifest-rx_tx-buffer");
	info.SetU32("rx-buffer", 1).SetU32("tx-buffer", 2);
	Package(0, sp.Dtb());
	ASSERT_EQ(loader_load_partitions(m_, &pool_), 1U);

	const struct mailbox &mb = partition_get(0)->mailbox;
	EXPECT_TRUE(mb.mapped);
	EXPECT_TRUE(mb.from_manifest);
	EXPECT_EQ(mb.rx, NsBase());
	EXPECT_EQ(mb.tx, base_[0] + 0x81000);
	EXPECT_TRUE(mb.rx_ns);
	EXPECT_FALSE(mb.tx_ns);
}

TEST_F(LoaderTest, BadPackageSkippedOthersLoad)
{
	Spmc(2);
	Package(0, Sp(0x11, 1, 1).Dtb(), 2, 0x12345678);
	Package(1, Sp(0x22, 4, 2).Dtb());
	EXPECT_EQ(loader_load_partitions(m_, &pool_), 1U);
	EXPECT_EQ(partition_get(0)->id, 0x8002);
	std::string log = Log();
	EXPECT_NE(log.find("vm1 (sp1)"), std::string::npos) << log;
	EXPECT_NE(log.find("SP_PKG_ERROR_UNKNOWN_FORMAT"), std::string::npos)
	    << log;
}

TEST_F(LoaderTest, RefusesSel0)
{
	Spmc(1);
	Package(0, Sp(0x11, 1, 1, 1).Dtb());
	EXPECT_EQ(loader_load_partitions(m_, &pool_), 0U);
	EXPECT_NE(Log().find("exception-level"), std::string::npos);
}

TEST_F(LoaderTest, RefusesMpWithoutOneContextPerCpu)
{
	Spmc(2, 2);
	Package(0, Sp(0x11, 1, 1).Dtb());
	Package(1, Sp(0x22, 2, 2).Dtb());
	EXPECT_EQ(loader_load_partitions(m_, &pool_), 1U);
	EXPECT_NE(Log().find("execution-ctx-count"), std::string::npos);
}

TEST_F(LoaderTest, RefusesBootInfoWithoutRoom)
{
	Spmc(1);
	Package(0, Sp(0x11, 1, 1).Dtb(), 1);
	EXPECT_EQ(loader_load_partitions(m_, &pool_), 0U);
	EXPECT_NE(Log().find("boot-info"), std::string::npos);
}

TEST_F(LoaderTest, OutOfPageTableMemoryLeavesPoolWhole)
{
	mpool small;
	void *page = std::aligned_alloc(4096, 4096);

	Spmc(1);
	Package(0, Sp(0x11, 1, 1).Dtb());
	mpool_init(&small, 4096);
	mpool_add_chunk(&small, page, 4096);
	EXPECT_EQ(loader_load_partitions(m_, &small), 0U);
	EXPECT_EQ(partition_count(), 0U);
	EXPECT_EQ(mpool_count(&small), 1U);
	EXPECT_NE(Log().find("vm1 (sp1)"), std::string::npos);
	std::free(page);
}

} // namespace
