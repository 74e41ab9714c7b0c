/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <cstring>
#include <gtest/gtest.h>
#include <vector>

#include "helpers/dts_builder.h"

extern "C" {
#include "spmc/fdt.h"
}

namespace
{

using test::CompileDts;

class FdtTest : public ::testing::Test
{
      protected:
	void Load(const std::string &body)
	{
		dtb_ = CompileDts("/dts-v1/;\n/ {\n" + body + "\n};\n");
		ASSERT_FALSE(dtb_.empty());
		/* 8-byte aligned storage, as fdt_init requires. */
		buf_.assign((dtb_.size() + 7) / 8, 0);
		memcpy(buf_.data(), dtb_.data(), dtb_.size());
		ASSERT_TRUE(fdt_init(&fdt_, buf_.data(), dtb_.size()));
		ASSERT_TRUE(fdt_root(&fdt_, &root_));
	}

	std::vector<char> dtb_;
	std::vector<uint64_t> buf_;
	struct fdt fdt_ = {};
	struct fdt_node root_ = {};
};

TEST_F(FdtTest, init_rejects_garbage_truncation_and_misalignment)
{
	Load("a = <1>;");
	std::vector<uint64_t> big(buf_.size() + 1, 0);
	char *bytes = reinterpret_cast<char *>(big.data());

	EXPECT_FALSE(fdt_init(&fdt_, buf_.data(), dtb_.size() - 1));
	EXPECT_FALSE(fdt_init(&fdt_, buf_.data(), 8));
	EXPECT_FALSE(fdt_init(&fdt_, nullptr, 100));
	memcpy(bytes + 4, dtb_.data(), dtb_.size());
	EXPECT_FALSE(fdt_init(&fdt_, bytes + 4, dtb_.size()));
	memset(bytes, 0x5a, dtb_.size());
	EXPECT_FALSE(fdt_init(&fdt_, bytes, dtb_.size()));
	EXPECT_TRUE(fdt_init(&fdt_, buf_.data(), dtb_.size() + 1));
	EXPECT_EQ(fdt_blob_size(&fdt_), dtb_.size());
}

TEST_F(FdtTest, init_rejects_misaligned_structure_block)
{
	Load("a = <1>;");
	/* off_dt_struct is the big-endian word at offset 8. */
	reinterpret_cast<uint8_t *>(buf_.data())[11] += 1;
	EXPECT_FALSE(fdt_init(&fdt_, buf_.data(), dtb_.size()));
}

TEST_F(FdtTest, integers)
{
	Load("one = <7>; two = <0x1 0x2>; three = <1 2 3>; wide = <0x10000>;");
	uint32_t u32 = 0;
	uint64_t u64 = 0;
	uint16_t u16 = 0;

	EXPECT_EQ(fdt_read_u32(&root_, "one", &u32), FDT_OK);
	EXPECT_EQ(u32, 7U);
	EXPECT_EQ(fdt_read_u32(&root_, "two", &u32), FDT_MALFORMED);
	EXPECT_EQ(fdt_read_u32(&root_, "none", &u32), FDT_NOT_FOUND);
	EXPECT_EQ(fdt_read_u64(&root_, "one", &u64), FDT_OK);
	EXPECT_EQ(u64, 7U);
	EXPECT_EQ(fdt_read_u64(&root_, "two", &u64), FDT_OK);
	EXPECT_EQ(u64, 0x100000002ULL);
	EXPECT_EQ(fdt_read_u64(&root_, "three", &u64), FDT_MALFORMED);
	EXPECT_EQ(fdt_read_u64_2cells(&root_, "one", &u64), FDT_MALFORMED);
	EXPECT_EQ(fdt_read_u64_2cells(&root_, "two", &u64), FDT_OK);
	EXPECT_EQ(fdt_read_u16(&root_, "one", &u16), FDT_OK);
	EXPECT_EQ(u16, 7);
	EXPECT_EQ(fdt_read_u16(&root_, "wide", &u16), FDT_OVERFLOW);
}

TEST_F(FdtTest, strings_and_flags)
{
	Load("s = \"hello\"; two = \"a\", \"b\"; raw = [61 62]; empty = \"\";"
	     " flag; valued = <1>;");
	const char *s = nullptr;
	bool b = false;

	EXPECT_EQ(fdt_read_string(&root_, "s", &s, 16), FDT_OK);
	EXPECT_STREQ(s, "hello");
	EXPECT_EQ(fdt_read_string(&root_, "s", &s, 4), FDT_OVERFLOW);
	EXPECT_EQ(fdt_read_string(&root_, "two", &s, 16), FDT_BAD_STRING);
	EXPECT_EQ(fdt_read_string(&root_, "raw", &s, 16), FDT_BAD_STRING);
	EXPECT_EQ(fdt_read_string(&root_, "empty", &s, 16), FDT_OK);
	EXPECT_EQ(fdt_read_bool(&root_, "flag", &b), FDT_OK);
	EXPECT_TRUE(b);
	EXPECT_EQ(fdt_read_bool(&root_, "absent", &b), FDT_OK);
	EXPECT_FALSE(b);
	EXPECT_EQ(fdt_read_bool(&root_, "valued", &b), FDT_MALFORMED);
}

TEST_F(FdtTest, cells)
{
	Load("list = <1 2 0x3 0x4>; odd = [00 01 02];");
	struct fdt_cells c;

	ASSERT_EQ(fdt_read_cells(&root_, "list", &c), FDT_OK);
	ASSERT_EQ(c.count, 4U);
	EXPECT_EQ(fdt_cells_get(&c, 3), 4U);
	EXPECT_EQ(fdt_cells_get_n(&c, 2, 2), 0x300000004ULL);
	EXPECT_EQ(fdt_read_cells(&root_, "odd", &c), FDT_MALFORMED);
}

TEST_F(FdtTest, nodes_compatible_phandle_and_path)
{
	Load("a { compatible = \"x,y\", \"x,z\"; b: b { phandle = <5>; }; };"
	     " c { };");
	struct fdt_node n;
	struct fdt_node child;
	char path[32];

	ASSERT_TRUE(fdt_find_child(&root_, "a", &n));
	EXPECT_TRUE(fdt_is_compatible(&n, "x,z"));
	EXPECT_FALSE(fdt_is_compatible(&n, "x,w"));
	ASSERT_TRUE(fdt_first_child(&n, &child));
	EXPECT_STREQ(fdt_node_name(&child), "b");
	fdt_node_path(&child, path, sizeof(path));
	EXPECT_STREQ(path, "/a/b");
	ASSERT_TRUE(fdt_find_phandle(&fdt_, 5, &child));
	EXPECT_STREQ(fdt_node_name(&child), "b");
	EXPECT_FALSE(fdt_find_phandle(&fdt_, 0, &child));
	EXPECT_FALSE(fdt_find_phandle(&fdt_, 6, &child));
	ASSERT_TRUE(fdt_find_compatible(&fdt_, "x,y", &child));
	EXPECT_STREQ(fdt_node_name(&child), "a");
	ASSERT_TRUE(fdt_next_sibling(&n, &child));
	EXPECT_STREQ(fdt_node_name(&child), "c");
	EXPECT_FALSE(fdt_next_sibling(&child, &child));
	EXPECT_FALSE(fdt_find_child(&root_, "d", &n));
}

TEST_F(FdtTest, cell_counts)
{
	Load("#address-cells = <1>; #size-cells = <0>; a { #address-cells = "
	     "<3>; }; b { #size-cells = <1 2>; };");
	struct fdt_node n;
	uint32_t ac = 0;
	uint32_t sc = 9;

	ASSERT_TRUE(fdt_cell_counts(&root_, &ac, &sc));
	EXPECT_EQ(ac, 1U);
	EXPECT_EQ(sc, 0U);
	ASSERT_TRUE(fdt_find_child(&root_, "a", &n));
	EXPECT_FALSE(fdt_cell_counts(&n, &ac, &sc));
	ASSERT_TRUE(fdt_find_child(&root_, "b", &n));
	EXPECT_FALSE(fdt_cell_counts(&n, &ac, &sc));
}

TEST_F(FdtTest, property_iteration)
{
	Load("x = <1>; y; z = \"s\";");
	struct fdt_prop_iter it;
	std::vector<std::string> names;

	ASSERT_TRUE(fdt_prop_first(&root_, &it));
	do {
		names.emplace_back(fdt_prop_name(&it));
	} while (fdt_prop_next(&it));
	EXPECT_EQ(names, (std::vector<std::string>{ "x", "y", "z" }));
}

} // namespace
