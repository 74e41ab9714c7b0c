/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * TB_FW_CONFIG `arm,sp` parsing as TF-A's QEMU BL2 does it
 * (tfa-spmd-interface §2.5): uuid strings, u32 load-address (first cell),
 * at most 8 SPs.
 */

namespace test
{
namespace
{

class TbFwConfigTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		DtNode &sps = root_.Child("secure-partitions");

		sps.SetStr("compatible", "arm,sp");
		sps.Child("sp1")
		    .SetStr("uuid", "acd0de3b-69f6-43be-823f-3fd1531150db")
		    .SetU32("load-address", 0x0e300000)
		    .SetStr("owner", "SiP");
		sps.Child("sp2")
		    .SetStr("uuid", "A7BB16F4-658A-4FD3-8F20-031C0EEFB0BF")
		    .SetU32("load-address", 0x0e400000);
	}

	DtNode &Sp(const std::string &name)
	{
		return root_.Child("secure-partitions").Child(name);
	}

	tb_fw_config_error Read()
	{
		dtb_ = root_.Dtb();
		return tb_fw_config_read_sps(dtb_.data(), dtb_.size(), &sps_);
	}

	DtNode root_;
	std::vector<char> dtb_;
	tb_fw_config_sps sps_{};
};

TEST_F(TbFwConfigTest, reads_every_sp_in_order)
{
	static const uint8_t sp1[16] = { 0xac, 0xd0, 0xde, 0x3b, 0x69, 0xf6,
					 0x43, 0xbe, 0x82, 0x3f, 0x3f, 0xd1,
					 0x53, 0x11, 0x50, 0xdb };

	ASSERT_EQ(Read(), TB_FW_CONFIG_OK);
	ASSERT_EQ(sps_.count, 2U);
	EXPECT_STREQ(sps_.sp[0].name, "sp1");
	EXPECT_EQ(std::memcmp(sps_.sp[0].uuid.b, sp1, 16), 0);
	EXPECT_EQ(sps_.sp[0].load_address, 0x0e300000U);
	EXPECT_STREQ(sps_.sp[1].name, "sp2");
	EXPECT_EQ(sps_.sp[1].uuid.b[0], 0xa7) << "upper case accepted";
	EXPECT_EQ(sps_.sp[1].load_address, 0x0e400000U);
}

/* §2.4 pitfall reproduced: `<0x0 0xe300000>` reads as 0. */
TEST_F(TbFwConfigTest, two_cell_load_address_reads_the_first_cell)
{
	Sp("sp1").Set("load-address", Cells({ 0x0, 0x0e300000 }));
	ASSERT_EQ(Read(), TB_FW_CONFIG_OK);
	EXPECT_EQ(sps_.sp[0].load_address, 0U);
}

TEST_F(TbFwConfigTest, no_arm_sp_node)
{
	root_.Child("secure-partitions").SetStr("compatible", "arm,sps");
	EXPECT_EQ(Read(), TB_FW_CONFIG_NO_SP_NODE);
}

TEST_F(TbFwConfigTest, empty_sp_node_lists_nothing)
{
	root_.DelChild("secure-partitions");
	root_.Child("secure-partitions").SetStr("compatible", "arm,sp");
	ASSERT_EQ(Read(), TB_FW_CONFIG_OK);
	EXPECT_EQ(sps_.count, 0U);
}

TEST_F(TbFwConfigTest, eight_sps_fit_nine_do_not)
{
	for (int i = 3; i <= 8; i++) {
		Sp("sp" + std::to_string(i))
		    .SetStr("uuid", "00000000-0000-0000-0000-00000000000" +
					std::to_string(i))
		    .SetU32("load-address", 0x0e500000);
	}
	ASSERT_EQ(Read(), TB_FW_CONFIG_OK);
	EXPECT_EQ(sps_.count, 8U);
	Sp("sp9")
	    .SetStr("uuid", "00000000-0000-0000-0000-000000000009")
	    .SetU32("load-address", 0x0e500000);
	EXPECT_EQ(Read(), TB_FW_CONFIG_TOO_MANY);
}

TEST_F(TbFwConfigTest, bad_uuids)
{
	for (const std::string &bad :
	     { std::string("acd0de3b-69f6-43be-823f-3fd1531150d"),
	       std::string("acd0de3b-69f6-43be-823f-3fd1531150dbb"),
	       std::string("acd0de3b_69f6-43be-823f-3fd1531150db"),
	       std::string("acd0de3g-69f6-43be-823f-3fd1531150db"),
	       std::string("") }) {
		Sp("sp1").SetStr("uuid", bad);
		EXPECT_EQ(Read(), TB_FW_CONFIG_BAD_UUID) << bad;
	}
	Sp("sp1").Set("uuid", Cells({ 1, 2, 3, 4 }));
	EXPECT_EQ(Read(), TB_FW_CONFIG_BAD_UUID);
	Sp("sp1").Del("uuid");
	EXPECT_EQ(Read(), TB_FW_CONFIG_BAD_UUID);
}

TEST_F(TbFwConfigTest, missing_or_short_load_address)
{
	Sp("sp2").Del("load-address");
	EXPECT_EQ(Read(), TB_FW_CONFIG_NO_LOAD_ADDRESS);
	Sp("sp2").Set("load-address", "/bits/ 16 <0x1234>");
	EXPECT_EQ(Read(), TB_FW_CONFIG_NO_LOAD_ADDRESS);
}

TEST_F(TbFwConfigTest, bad_or_truncated_dtb)
{
	char junk[64] = "not a dtb";

	EXPECT_EQ(tb_fw_config_read_sps(junk, sizeof(junk), &sps_),
		  TB_FW_CONFIG_BAD_DTB);
	dtb_ = root_.Dtb();
	EXPECT_EQ(tb_fw_config_read_sps(dtb_.data(), dtb_.size() - 1, &sps_),
		  TB_FW_CONFIG_BAD_DTB);
	EXPECT_EQ(tb_fw_config_read_sps(dtb_.data(), 8, &sps_),
		  TB_FW_CONFIG_BAD_DTB);
}

TEST_F(TbFwConfigTest, failure_leaves_the_output_unchanged)
{
	sps_.count = 77;
	Sp("sp2").Del("uuid");
	EXPECT_EQ(Read(), TB_FW_CONFIG_BAD_UUID);
	EXPECT_EQ(sps_.count, 77U);
}

TEST_F(TbFwConfigTest, every_error_has_a_name)
{
	for (int e = 0; e < TB_FW_CONFIG_ERROR_COUNT; e++) {
		EXPECT_NE(
		    tb_fw_config_error_name(static_cast<tb_fw_config_error>(e)),
		    nullptr);
	}
	EXPECT_EQ(tb_fw_config_error_name(TB_FW_CONFIG_ERROR_COUNT), nullptr);
}

} // namespace
} // namespace test
