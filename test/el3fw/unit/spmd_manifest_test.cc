/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * The SPMC manifest as the SPMD reads and checks it
 * (tfa-spmd-interface §1.3): one test per rule, each asserting the exact
 * error and TF-A's log line, and that a refused manifest boots the NWd
 * without SPM.
 */

namespace test
{
namespace
{

class SpmdManifestTest : public El3Test
{
      protected:
	spmd_manifest_error Load(size_t off = 0)
	{
		return spmd_manifest_load(Place(manifest_.Dtb(), off), &attrs_);
	}

	DtNode &Attr()
	{
		return manifest_.Child("attribute");
	}

	spmd_attrs attrs_{};
};

TEST_F(SpmdManifestTest, valid_manifest_reads_every_attribute)
{
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.maj_ver, 1U);
	EXPECT_EQ(attrs_.min_ver, 3U);
	EXPECT_EQ(attrs_.spmc_id, kSpmcId);
	EXPECT_EQ(attrs_.exec_state, 0U);
	EXPECT_EQ(attrs_.load_address, kBl32);
	EXPECT_EQ(attrs_.entrypoint, kBl32);
	EXPECT_EQ(attrs_.binary_size, kBinarySize);
	EXPECT_EQ(spmd_attrs_check(&attrs_, true), SPMD_MANIFEST_OK);
	EXPECT_EQ(g_plat.log, "");
}

TEST_F(SpmdManifestTest, not_a_dtb_is_bad_header)
{
	std::vector<char> junk(64, 'x');

	EXPECT_EQ(spmd_manifest_load(Place(junk), &attrs_),
		  SPMD_MANIFEST_BAD_HEADER);
	EXPECT_NE(g_plat.log.find("Wrong format for SPM Core manifest"),
		  std::string::npos);
}

/* TF-A maps one page: a DTB running past its end is refused. */
TEST_F(SpmdManifestTest, dtb_crossing_the_page_end_is_too_large)
{
	std::vector<char> dtb = manifest_.Dtb();
	/* libfdt wants 8-byte aligned blobs. */
	size_t last = (4096 - dtb.size()) & ~size_t{ 7 };

	ASSERT_LT(dtb.size(), 4096U);
	EXPECT_EQ(Load(last), SPMD_MANIFEST_OK);
	EXPECT_EQ(Load(last + 8), SPMD_MANIFEST_TOO_LARGE);
	EXPECT_NE(g_plat.log.find("SPM Core manifest too large"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, dtb_larger_than_4k_is_too_large)
{
	std::string bytes;

	for (int i = 0; i < 4100; i++) {
		bytes += "0 ";
	}
	manifest_.Set("padding", "/bits/ 8 <" + bytes + ">");
	EXPECT_EQ(Load(), SPMD_MANIFEST_TOO_LARGE);
}

TEST_F(SpmdManifestTest, less_than_a_header_left_in_the_page)
{
	EXPECT_EQ(spmd_manifest_load(page_.get() + 4096 - 16, &attrs_),
		  SPMD_MANIFEST_NO_ROOM);
}

TEST_F(SpmdManifestTest, no_compatible_node_is_not_found)
{
	manifest_.SetStr("compatible", "arm,ffa-core-manifest-1.1");
	EXPECT_EQ(Load(), SPMD_MANIFEST_NOT_FOUND);
	EXPECT_NE(g_plat.log.find("Unrecognized SPM Core manifest"),
		  std::string::npos);
}

/* The first node with the compatible string is used, not only `/`. */
TEST_F(SpmdManifestTest, compatible_child_node_is_used)
{
	DtNode root;
	DtNode &spmc = root.Child("spmc");

	spmc.SetStr("compatible", "arm,ffa-core-manifest-1.0");
	spmc.Child("attribute").SetU32("spmc_id", kSpmcId);
	spmc.Child("attribute").SetU32("maj_ver", 1);
	spmc.Child("attribute").SetU32("min_ver", 2);
	manifest_ = root;
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.min_ver, 2U);
}

TEST_F(SpmdManifestTest, missing_attribute_node)
{
	manifest_.DelChild("attribute");
	manifest_.Child("attributes").SetU32("spmc_id", kSpmcId);
	manifest_.Child("attributes").SetU32("maj_ver", 1);
	manifest_.Child("attributes").SetU32("min_ver", 3);
	EXPECT_EQ(Load(), SPMD_MANIFEST_NO_ATTRIBUTE);
	EXPECT_NE(g_plat.log.find("Missing root node attribute"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, missing_maj_ver)
{
	Attr().Del("maj_ver");
	EXPECT_EQ(Load(), SPMD_MANIFEST_NO_MAJ_VER);
	EXPECT_NE(g_plat.log.find("Missing FFA major version"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, empty_maj_ver_is_missing)
{
	Attr().SetFlag("maj_ver");
	EXPECT_EQ(Load(), SPMD_MANIFEST_NO_MAJ_VER);
}

TEST_F(SpmdManifestTest, missing_min_ver)
{
	Attr().Del("min_ver");
	EXPECT_EQ(Load(), SPMD_MANIFEST_NO_MIN_VER);
}

TEST_F(SpmdManifestTest, missing_spmc_id)
{
	Attr().Del("spmc_id");
	EXPECT_EQ(Load(), SPMD_MANIFEST_NO_SPMC_ID);
	EXPECT_NE(g_plat.log.find("Missing SPMC ID"), std::string::npos);
}

/* A u32 reads the first cell; extra cells are ignored (fdt_wrappers). */
TEST_F(SpmdManifestTest, u32_reads_the_first_cell)
{
	Attr().Set("maj_ver", Cells({ 1, 7 }));
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.maj_ver, 1U);
}

TEST_F(SpmdManifestTest, spmc_id_keeps_the_low_16_bits)
{
	Attr().SetU32("spmc_id", 0x18001);
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.spmc_id, 0x8001);
}

TEST_F(SpmdManifestTest, optional_properties_default_to_zero_with_notice)
{
	Attr().Del("exec_state").Del("binary_size").Del("load_address");
	Attr().Del("entrypoint");
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.exec_state, 0U);
	EXPECT_EQ(attrs_.binary_size, 0U);
	EXPECT_EQ(attrs_.load_address, 0U);
	EXPECT_EQ(attrs_.entrypoint, 0U);
	for (const char *what : { "Execution state", "Binary size",
				  "Load address", "Entry point" }) {
		EXPECT_NE(g_plat.log.find(std::string("2:") + what +
					  " not specified"),
			  std::string::npos)
		    << what;
	}
}

/* load_address must be 2 cells; one cell fails the read (keeps 0). */
TEST_F(SpmdManifestTest, one_cell_load_address_reads_as_absent)
{
	Attr().SetU32("load_address", 0x0e100000);
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.load_address, 0U);
	EXPECT_NE(g_plat.log.find("Load address not specified"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, two_cell_load_address_is_64_bit)
{
	Attr().Set("load_address", Cells({ 0x1, 0x0e100000 }));
	ASSERT_EQ(Load(), SPMD_MANIFEST_OK);
	EXPECT_EQ(attrs_.load_address, 0x10e100000ULL);
}

TEST_F(SpmdManifestTest, version_checks)
{
	spmd_attrs a{ 1, 3, kSpmcId, 0, 0, 0, 0 };

	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_OK);
	a.min_ver = 0;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_OK);
	a.min_ver = 4;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_BAD_VERSION);
	a.min_ver = 3;
	a.maj_ver = 2;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_BAD_VERSION);
	a.maj_ver = 0;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_BAD_VERSION);
	EXPECT_NE(g_plat.log.find("Unsupported FFA version (0.3)"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, spmc_id_needs_bit_15)
{
	spmd_attrs a{ 1, 3, 0x7FFF, 0, 0, 0, 0 };

	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_BAD_SPMC_ID);
	EXPECT_NE(g_plat.log.find("Invalid ID (0x7fff) for SPMC."),
		  std::string::npos);
	a.spmc_id = 0x8123;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_OK);
}

TEST_F(SpmdManifestTest, exec_state_must_be_aarch64)
{
	spmd_attrs a{ 1, 3, kSpmcId, 1, 0, 0, 0 };

	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_AARCH32);
	a.exec_state = 2;
	EXPECT_EQ(spmd_attrs_check(&a, true), SPMD_MANIFEST_BAD_EXEC_STATE);
}

TEST_F(SpmdManifestTest, feat_sel2_is_required)
{
	spmd_attrs a{ 1, 3, kSpmcId, 0, 0, 0, 0 };

	EXPECT_EQ(spmd_attrs_check(&a, false), SPMD_MANIFEST_NO_SEL2);
	EXPECT_NE(g_plat.log.find("S-EL2 is not supported"), std::string::npos);
}

TEST_F(SpmdManifestTest, every_error_has_a_name)
{
	for (int e = 0; e < SPMD_MANIFEST_ERROR_COUNT; e++) {
		const char *name = spmd_manifest_error_name(
		    static_cast<spmd_manifest_error>(e));

		ASSERT_NE(name, nullptr) << e;
		EXPECT_EQ(std::string(name).rfind("SPMD_MANIFEST_", 0), 0U);
	}
	EXPECT_EQ(spmd_manifest_error_name(SPMD_MANIFEST_ERROR_COUNT), nullptr);
}

/* A refused manifest: the NWd boots at BL33, the SPMC is never entered. */
TEST_F(SpmdManifestTest, refused_manifest_boots_the_nwd_without_spm)
{
	Attr().SetU32("maj_ver", 2);
	EXPECT_EQ(ColdBoot(), EL3_NEXT_NWD);
	EXPECT_FALSE(Spmd()->spm_enabled);
	EXPECT_EQ(Cpu()->spmd_state, EL3FW_SPMD_STATE_RESET);
	EXPECT_EQ(Cpu()->ctx[EL3_NWD].elr_el3, kBl33);
	EXPECT_EQ(Cpu()->ctx[EL3_SWD].elr_el3, 0U);
	EXPECT_NE(g_plat.log.find("Booting device without SPM initialization."),
		  std::string::npos);

	EXPECT_EQ(FromNwd({ FFA_VERSION_32, FFA_VERSION_1_2 }), EL3_NEXT_NWD);
	EXPECT_EQ(Nwd()[0], 0xFFFFFFFFU);
	EXPECT_EQ(FromNwd({ FFA_ID_GET_32 }), EL3_NEXT_NWD);
	ExpectSuccess(Nwd(), 0);
}

TEST_F(SpmdManifestTest, broken_dtb_boots_the_nwd_without_spm)
{
	manifest_.SetStr("compatible", "something-else");
	EXPECT_EQ(ColdBoot(), EL3_NEXT_NWD);
	EXPECT_FALSE(Spmd()->spm_enabled);
	EXPECT_NE(g_plat.log.find("No or invalid SPM Core manifest"),
		  std::string::npos);
}

TEST_F(SpmdManifestTest, no_sel2_boots_the_nwd_without_spm)
{
	EXPECT_EQ(ColdBoot(false), EL3_NEXT_NWD);
	EXPECT_FALSE(Spmd()->spm_enabled);
}

} // namespace
} // namespace test
