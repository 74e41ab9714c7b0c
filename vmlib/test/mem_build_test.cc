/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>

extern "C" {
#include "vmlib/mem_build.h"
}

/*
 * The memory descriptor builders against hand-computed offsets of
 * DEN0140 Tables 1.13-1.20 (and FF-A v1.0 Table 5.19), and the response
 * decoder on built descriptors and on each malformed field.
 */

namespace
{

constexpr uint32_t kCap = 1024;
constexpr uint8_t kFill = 0xA5;

const struct ffa_mem_constituent kConstituents[] = {
	{ 0x60100000, 2, 0 },
	{ 0x60200000, 3, 0 },
};

template <typename T> T Read(const uint8_t *buf, size_t offset)
{
	T v;

	memcpy(&v, buf + offset, sizeof(v));
	return v;
}

template <typename T> void Write(uint8_t *buf, size_t offset, T v)
{
	memcpy(buf + offset, &v, sizeof(v));
}

class MemBuildTest : public ::testing::Test
{
      protected:
	alignas(8) uint8_t buf[kCap];
	struct mem_build b = {};

	void SetUp() override
	{
		memset(buf, kFill, sizeof(buf));
		b.layout = FFA_VERSION_1_1;
		b.sender = 0x0001;
		b.attributes = MEM_ATTR_NORMAL_WB_IS;
		b.flags = FFA_MEM_FLAG_TIME_SLICE;
		b.handle = 0x1122334455667788ULL;
		b.tag = 0x99AABBCCDDEEFF00ULL;
		b.receiver_count = 2;
		b.receivers[0] = { 0x8001,
				   MEM_PERM(FFA_DATA_ACCESS_RW,
					    FFA_INSTR_ACCESS_NOT_SPECIFIED),
				   0 };
		b.receivers[1] = { 0x8002,
				   MEM_PERM(FFA_DATA_ACCESS_RO,
					    FFA_INSTR_ACCESS_NOT_SPECIFIED),
				   FFA_MEM_RECV_FLAG_NON_RETRIEVAL };
		b.constituents = kConstituents;
		b.constituent_count = 2;
	}

	/* Expects the 48-byte v1.1+ header of `b` with `access_size`. */
	void ExpectHeader(uint32_t access_size)
	{
		EXPECT_EQ(Read<uint16_t>(buf, 0), b.sender);
		EXPECT_EQ(Read<uint16_t>(buf, 2), b.attributes);
		EXPECT_EQ(Read<uint32_t>(buf, 4), b.flags);
		EXPECT_EQ(Read<uint64_t>(buf, 8), b.handle);
		EXPECT_EQ(Read<uint64_t>(buf, 16), b.tag);
		EXPECT_EQ(Read<uint32_t>(buf, 24), access_size);
		EXPECT_EQ(Read<uint32_t>(buf, 28), b.receiver_count);
		EXPECT_EQ(Read<uint32_t>(buf, 32), 48U);
		for (size_t i = 36; i < 48; i++) {
			EXPECT_EQ(buf[i], 0) << "reserved byte " << i;
		}
	}

	/* Expects access descriptor `i` at `offset`, `size` bytes long. */
	void ExpectReceiver(size_t offset, size_t size, uint32_t i,
			    uint32_t composite)
	{
		EXPECT_EQ(Read<uint16_t>(buf, offset), b.receivers[i].id);
		EXPECT_EQ(buf[offset + 2], b.receivers[i].perm);
		EXPECT_EQ(buf[offset + 3], b.receivers[i].flags);
		EXPECT_EQ(Read<uint32_t>(buf, offset + 4), composite);
		for (size_t j = 8; j < size; j++) {
			EXPECT_EQ(buf[offset + j], 0) << "byte " << j;
		}
	}

	/* Expects the composite of kConstituents at `offset`. */
	void ExpectComposite(size_t offset)
	{
		EXPECT_EQ(Read<uint32_t>(buf, offset), 5U);
		EXPECT_EQ(Read<uint32_t>(buf, offset + 4), 2U);
		EXPECT_EQ(Read<uint64_t>(buf, offset + 8), 0U);
		for (size_t i = 0; i < 2; i++) {
			size_t c = offset + 16 + i * 16;

			EXPECT_EQ(Read<uint64_t>(buf, c),
				  kConstituents[i].address);
			EXPECT_EQ(Read<uint32_t>(buf, c + 8),
				  kConstituents[i].page_count);
			EXPECT_EQ(Read<uint32_t>(buf, c + 12), 0U);
		}
	}

	bool AllFill(size_t from, size_t to)
	{
		for (size_t i = from; i < to; i++) {
			if (buf[i] != kFill) {
				return false;
			}
		}
		return true;
	}
};

} /* namespace */

TEST(MemBuildMacros, values)
{
	EXPECT_EQ(MEM_ATTR_NORMAL_WB_IS, 0x2FU);
	EXPECT_EQ(MEM_ATTR_DEVICE_NGNRNE, 0x10U);
	EXPECT_EQ(MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NX), 0x6);
	EXPECT_EQ(MEM_PERM(FFA_DATA_ACCESS_RO, FFA_INSTR_ACCESS_X), 0x9);
	EXPECT_EQ(MEM_PERM_DATA(0x9), FFA_DATA_ACCESS_RO);
	EXPECT_EQ(MEM_PERM_INSTR(0x9), FFA_INSTR_ACCESS_X);
	EXPECT_EQ(MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_LEND), 0x10U);
}

TEST_F(MemBuildTest, send_v1_1)
{
	/* 48 header + 2 * 16 access + 16 composite + 2 * 16 constituents. */
	ASSERT_EQ(mem_build_send(buf, kCap, &b), 128U);
	ExpectHeader(16);
	ExpectReceiver(48, 16, 0, 80);
	ExpectReceiver(64, 16, 1, 80);
	ExpectComposite(80);
	EXPECT_TRUE(AllFill(128, kCap));
}

TEST_F(MemBuildTest, send_v1_2)
{
	b.layout = FFA_VERSION_1_2;
	ASSERT_EQ(mem_build_send(buf, kCap, &b), 160U);
	ExpectHeader(32);
	ExpectReceiver(48, 32, 0, 112);
	ExpectReceiver(80, 32, 1, 112);
	ExpectComposite(112);

	b.layout = FFA_VERSION_1_3;
	EXPECT_EQ(mem_build_send(buf, kCap, &b), 160U);
}

TEST_F(MemBuildTest, send_v1_0)
{
	b.layout = FFA_VERSION_1_0;
	/* 32 header + 2 * 16 access + 16 composite + 2 * 16. */
	ASSERT_EQ(mem_build_send(buf, kCap, &b), 112U);
	EXPECT_EQ(Read<uint16_t>(buf, 0), b.sender);
	EXPECT_EQ(buf[2], b.attributes);
	EXPECT_EQ(buf[3], 0);
	EXPECT_EQ(Read<uint32_t>(buf, 4), b.flags);
	EXPECT_EQ(Read<uint64_t>(buf, 8), b.handle);
	EXPECT_EQ(Read<uint64_t>(buf, 16), b.tag);
	EXPECT_EQ(Read<uint32_t>(buf, 24), 0U);
	EXPECT_EQ(Read<uint32_t>(buf, 28), 2U);
	ExpectReceiver(32, 16, 0, 64);
	ExpectReceiver(48, 16, 1, 64);
	ExpectComposite(64);
}

TEST_F(MemBuildTest, send_exact_capacity)
{
	EXPECT_EQ(mem_build_send(buf, 127, &b), 0U);
	EXPECT_TRUE(AllFill(0, kCap));
	EXPECT_EQ(mem_build_send(buf, 128, &b), 128U);
}

TEST_F(MemBuildTest, send_unexpressible)
{
	struct mem_build bad = b;

	bad.layout = FFA_VERSION(1U, 9U);
	EXPECT_EQ(mem_build_send(buf, kCap, &bad), 0U);
	bad.layout = FFA_VERSION(2U, 0U);
	EXPECT_EQ(mem_build_send(buf, kCap, &bad), 0U);

	bad = b;
	bad.receiver_count = MEM_BUILD_MAX_RECEIVERS + 1;
	EXPECT_EQ(mem_build_send(buf, kCap, &bad), 0U);

	bad = b;
	bad.layout = FFA_VERSION_1_0;
	bad.attributes = 0x100;
	EXPECT_EQ(mem_build_send(buf, kCap, &bad), 0U);
	EXPECT_EQ(mem_build_retrieve(buf, kCap, &bad), 0U);
	EXPECT_TRUE(AllFill(0, kCap));
}

TEST_F(MemBuildTest, send_no_constituents_or_receivers)
{
	b.constituent_count = 0;
	b.receiver_count = 0;
	ASSERT_EQ(mem_build_send(buf, kCap, &b), 64U);
	EXPECT_EQ(Read<uint32_t>(buf, 28), 0U);
	EXPECT_EQ(Read<uint32_t>(buf, 48), 0U);
	EXPECT_EQ(Read<uint32_t>(buf, 52), 0U);
}

TEST_F(MemBuildTest, send_page_count_is_sum)
{
	struct ffa_mem_constituent many[40];

	for (uint32_t i = 0; i < 40; i++) {
		many[i] = { 0x60000000ULL + i * 0x10000ULL, i + 1, 0 };
	}
	b.constituents = many;
	b.constituent_count = 40;
	b.receiver_count = 1;
	ASSERT_EQ(mem_build_send(buf, kCap, &b), 64U + 16U + 40U * 16U);
	EXPECT_EQ(Read<uint32_t>(buf, 64), 40U * 41U / 2U);
	EXPECT_EQ(Read<uint32_t>(buf, 68), 40U);
	EXPECT_EQ(Read<uint64_t>(buf, 80 + 39 * 16),
		  0x60000000ULL + 39 * 0x10000);
	EXPECT_EQ(Read<uint32_t>(buf, 80 + 39 * 16 + 8), 40U);
}

TEST_F(MemBuildTest, retrieve_v1_1)
{
	ASSERT_EQ(mem_build_retrieve(buf, kCap, &b), 80U);
	ExpectHeader(16);
	ExpectReceiver(48, 16, 0, 0);
	ExpectReceiver(64, 16, 1, 0);
	EXPECT_TRUE(AllFill(80, kCap));
}

TEST_F(MemBuildTest, retrieve_v1_2)
{
	b.layout = FFA_VERSION_1_2;
	ASSERT_EQ(mem_build_retrieve(buf, kCap, &b), 112U);
	ExpectHeader(32);
	ExpectReceiver(48, 32, 0, 0);
	ExpectReceiver(80, 32, 1, 0);
	EXPECT_TRUE(AllFill(112, kCap));
}

TEST_F(MemBuildTest, retrieve_v1_0)
{
	b.layout = FFA_VERSION_1_0;
	ASSERT_EQ(mem_build_retrieve(buf, kCap, &b), 64U);
	EXPECT_EQ(Read<uint32_t>(buf, 28), 2U);
	ExpectReceiver(32, 16, 0, 0);
	ExpectReceiver(48, 16, 1, 0);
}

TEST_F(MemBuildTest, retrieve_hypervisor_and_capacity)
{
	b.receiver_count = 0;
	b.flags = 0;
	ASSERT_EQ(mem_build_retrieve(buf, kCap, &b), 48U);
	ExpectHeader(16);

	b.receiver_count = 2;
	memset(buf, kFill, sizeof(buf));
	EXPECT_EQ(mem_build_retrieve(buf, 79, &b), 0U);
	EXPECT_TRUE(AllFill(0, kCap));
}

TEST_F(MemBuildTest, relinquish)
{
	ASSERT_EQ(mem_build_relinquish(buf, kCap, 0x0123456789ABCDEFULL,
				       MEM_RELINQUISH_FLAG_CLEAR, 0x8003),
		  18U);
	EXPECT_EQ(Read<uint64_t>(buf, 0), 0x0123456789ABCDEFULL);
	EXPECT_EQ(Read<uint32_t>(buf, 8), 1U);
	EXPECT_EQ(Read<uint32_t>(buf, 12), 1U);
	EXPECT_EQ(Read<uint16_t>(buf, 16), 0x8003);
	EXPECT_TRUE(AllFill(18, kCap));

	memset(buf, kFill, sizeof(buf));
	EXPECT_EQ(mem_build_relinquish(buf, 17, 1, 0, 0x8001), 0U);
	EXPECT_TRUE(AllFill(0, kCap));
}

TEST_F(MemBuildTest, parse_round_trip_every_layout)
{
	const uint32_t layouts[] = { FFA_VERSION_1_0, FFA_VERSION_1_1,
				     FFA_VERSION_1_2, FFA_VERSION_1_3 };
	const uint32_t offsets[] = { 80, 96, 128, 128 };

	for (size_t i = 0; i < 4; i++) {
		struct mem_resp_view v;

		b.layout = layouts[i];
		uint32_t len = mem_build_send(buf, kCap, &b);

		ASSERT_NE(len, 0U);
		ASSERT_TRUE(mem_parse_resp(buf, len, b.layout, &v)) << i;
		EXPECT_EQ(v.sender, b.sender);
		EXPECT_EQ(v.attributes, b.attributes);
		EXPECT_EQ(v.flags, b.flags);
		EXPECT_EQ(v.handle, b.handle);
		EXPECT_EQ(v.tag, b.tag);
		EXPECT_EQ(v.receiver_count, 2U);
		for (size_t r = 0; r < 2; r++) {
			EXPECT_EQ(v.receivers[r].id, b.receivers[r].id);
			EXPECT_EQ(v.receivers[r].perm, b.receivers[r].perm);
			EXPECT_EQ(v.receivers[r].flags, b.receivers[r].flags);
		}
		EXPECT_EQ(v.total_page_count, 5U);
		EXPECT_EQ(v.constituent_count, 2U);
		EXPECT_EQ(v.constituents_offset, offsets[i]);
		EXPECT_EQ(Read<uint64_t>(buf, v.constituents_offset),
			  kConstituents[0].address);
	}
}

TEST_F(MemBuildTest, parse_constituents_may_follow_later)
{
	struct mem_resp_view v;

	ASSERT_EQ(mem_build_send(buf, kCap, &b), 128U);
	/* Only up to the composite header: constituents in a later fragment. */
	EXPECT_TRUE(mem_parse_resp(buf, 96, FFA_VERSION_1_1, &v));
	EXPECT_EQ(v.constituents_offset, 96U);
	EXPECT_FALSE(mem_parse_resp(buf, 95, FFA_VERSION_1_1, &v));
	EXPECT_FALSE(mem_parse_resp(buf, 47, FFA_VERSION_1_1, &v));
	EXPECT_FALSE(mem_parse_resp(buf, 79, FFA_VERSION_1_1, &v));
}

TEST_F(MemBuildTest, parse_rejects_wrong_layout)
{
	struct mem_resp_view v;

	ASSERT_EQ(mem_build_send(buf, kCap, &b), 128U);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_2, &v));
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION(1U, 7U), &v));
	EXPECT_TRUE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
}

TEST_F(MemBuildTest, parse_rejects_bad_receivers)
{
	struct mem_resp_view v;

	ASSERT_EQ(mem_build_send(buf, kCap, &b), 128U);
	Write<uint32_t>(buf, 28, 0);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	Write<uint32_t>(buf, 28, MEM_BUILD_MAX_RECEIVERS + 1);
	EXPECT_FALSE(mem_parse_resp(buf, kCap, FFA_VERSION_1_1, &v));
	Write<uint32_t>(buf, 28, 2);

	Write<uint32_t>(buf, 32, 44);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	Write<uint32_t>(buf, 32, 52);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	Write<uint32_t>(buf, 32, 48);
	EXPECT_TRUE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
}

TEST_F(MemBuildTest, parse_rejects_bad_composite_offset)
{
	struct mem_resp_view v;

	ASSERT_EQ(mem_build_send(buf, kCap, &b), 128U);
	/* Receivers disagree. */
	Write<uint32_t>(buf, 64 + 4, 88);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	/* Inside the receivers. */
	Write<uint32_t>(buf, 48 + 4, 72);
	Write<uint32_t>(buf, 64 + 4, 72);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	/* Misaligned. */
	Write<uint32_t>(buf, 48 + 4, 84);
	Write<uint32_t>(buf, 64 + 4, 84);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	/* Past the fragment, also where offset + 16 would wrap. */
	Write<uint32_t>(buf, 48 + 4, 0xFFFFFFF8U);
	Write<uint32_t>(buf, 64 + 4, 0xFFFFFFF8U);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
	/* Zero. */
	Write<uint32_t>(buf, 48 + 4, 0);
	Write<uint32_t>(buf, 64 + 4, 0);
	EXPECT_FALSE(mem_parse_resp(buf, 128, FFA_VERSION_1_1, &v));
}
