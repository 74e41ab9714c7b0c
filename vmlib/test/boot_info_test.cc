/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>

extern "C" {
#include "vmlib/boot_info.h"
}

/*
 * The boot-information reader on blobs built in the test: one valid blob,
 * then one test per malformed field, each expecting its exact error.
 */

namespace
{

constexpr size_t kLimit = 4096;

class BootInfoTest : public ::testing::Test
{
      protected:
	alignas(8) uint8_t blob[kLimit] = {};
	alignas(8) uint8_t fdt[64] = { 0xd0, 0x0d, 0xfe, 0xed };
	struct ffa_boot_info_header hdr = {};
	struct ffa_boot_info_desc descs[2] = {};

	void SetUp() override
	{
		hdr.signature = FFA_BOOT_INFO_SIGNATURE;
		hdr.version = FFA_VERSION_1_2;
		hdr.blob_size = sizeof(hdr) + sizeof(descs);
		hdr.desc_size = sizeof(struct ffa_boot_info_desc);
		hdr.desc_count = 2;
		hdr.desc_offset = sizeof(hdr);
		/* A HOB list first, then the manifest. */
		descs[0].type = FFA_BOOT_INFO_TYPE_ID_HOB;
		descs[0].size = 16;
		descs[0].content = 0x1234;
		descs[1].type = FFA_BOOT_INFO_TYPE_ID_FDT;
		descs[1].size = sizeof(fdt);
		descs[1].content = (uintptr_t)fdt;
		Write();
	}

	void Write()
	{
		memcpy(blob, &hdr, sizeof(hdr));
		memcpy(blob + sizeof(hdr), descs, sizeof(descs));
	}

	uintptr_t Blob() const
	{
		return (uintptr_t)blob;
	}

	enum vmlib_boot_info_error FdtError()
	{
		Write();
		return vmlib_boot_info_find_fdt(Blob(), kLimit).error;
	}
};

} /* namespace */

TEST_F(BootInfoTest, valid_blob_finds_fdt)
{
	struct vmlib_boot_info_fdt_ret ret =
	    vmlib_boot_info_find_fdt(Blob(), kLimit);

	ASSERT_EQ(ret.error, VMLIB_BOOT_INFO_OK);
	EXPECT_EQ(ret.fdt, (const void *)fdt);
	EXPECT_EQ(ret.size, sizeof(fdt));
	EXPECT_EQ(vmlib_boot_info_validate(Blob(), kLimit), VMLIB_BOOT_INFO_OK);
}

TEST_F(BootInfoTest, find_returns_a_copy_of_the_hob_descriptor)
{
	struct vmlib_boot_info_desc_ret ret =
	    vmlib_boot_info_find(Blob(), kLimit, FFA_BOOT_INFO_TYPE_ID_HOB);

	ASSERT_EQ(ret.error, VMLIB_BOOT_INFO_OK);
	EXPECT_EQ(ret.desc.content, 0x1234U);
	EXPECT_EQ(ret.desc.size, 16U);
}

TEST_F(BootInfoTest, null_address_is_absent)
{
	EXPECT_EQ(vmlib_boot_info_validate(0, kLimit), VMLIB_BOOT_INFO_ABSENT);
}

TEST_F(BootInfoTest, misaligned_address)
{
	EXPECT_EQ(vmlib_boot_info_validate(Blob() + 4, kLimit - 4),
		  VMLIB_BOOT_INFO_BAD_ALIGNMENT);
}

TEST_F(BootInfoTest, limit_below_header)
{
	EXPECT_EQ(vmlib_boot_info_validate(Blob(), 31),
		  VMLIB_BOOT_INFO_BAD_BLOB_SIZE);
}

TEST_F(BootInfoTest, bad_signature)
{
	hdr.signature = 0xFFB;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_SIGNATURE);
}

TEST_F(BootInfoTest, version_1_0_is_too_old)
{
	hdr.version = FFA_VERSION_1_0;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_VERSION);
}

TEST_F(BootInfoTest, version_major_2)
{
	hdr.version = FFA_VERSION(2U, 0U);
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_VERSION);
}

TEST_F(BootInfoTest, version_bit_31)
{
	hdr.version = FFA_VERSION_1_2 | FFA_VERSION_MBZ_BIT;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_VERSION);
}

TEST_F(BootInfoTest, descriptor_size_too_small)
{
	hdr.desc_size = 24;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_DESC_SIZE);
}

TEST_F(BootInfoTest, descriptor_size_unaligned)
{
	hdr.desc_size = 36;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_DESC_SIZE);
}

TEST_F(BootInfoTest, descriptors_inside_header)
{
	hdr.desc_offset = 16;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_DESC_OFFSET);
}

TEST_F(BootInfoTest, descriptors_overflow_blob)
{
	hdr.blob_size = sizeof(hdr) + sizeof(descs) - 1;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_BLOB_SIZE);
}

TEST_F(BootInfoTest, huge_count_does_not_wrap)
{
	hdr.desc_count = 0xffffffffU;
	hdr.blob_size = 0xffffffffU;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_BLOB_SIZE);
}

TEST_F(BootInfoTest, blob_larger_than_limit)
{
	hdr.blob_size = kLimit + 8;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_BLOB_SIZE);
}

TEST_F(BootInfoTest, no_fdt_descriptor)
{
	hdr.desc_count = 1;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_NOT_FOUND);
}

TEST_F(BootInfoTest, impdef_type_is_not_the_fdt)
{
	descs[1].type = FFA_BOOT_INFO_TYPE_IMPDEF | FFA_BOOT_INFO_TYPE_ID_FDT;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_NOT_FOUND);
}

TEST_F(BootInfoTest, fdt_as_value_is_bad_content)
{
	descs[1].flags = FFA_BOOT_INFO_FLAG_CONTENT_VALUE;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_CONTENT);
}

TEST_F(BootInfoTest, fdt_without_magic_is_bad_content)
{
	fdt[0] = 0;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_CONTENT);
}

TEST_F(BootInfoTest, empty_fdt_is_bad_content)
{
	descs[1].size = 0;
	EXPECT_EQ(FdtError(), VMLIB_BOOT_INFO_BAD_CONTENT);
}

TEST_F(BootInfoTest, every_error_has_a_name)
{
	for (int e = VMLIB_BOOT_INFO_OK; e <= VMLIB_BOOT_INFO_BAD_CONTENT;
	     e++) {
		EXPECT_STRNE(
		    vmlib_boot_info_error_name((enum vmlib_boot_info_error)e),
		    "unknown")
		    << e;
	}
	EXPECT_STREQ(
	    vmlib_boot_info_error_name((enum vmlib_boot_info_error)1000),
	    "unknown");
}
