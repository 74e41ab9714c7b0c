/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern "C" {
#include "spmc/memiter.h"
}

namespace
{

/** A memiter over a fixed 16-byte buffer of known values. */
class MemiterTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		for (size_t i = 0; i < sizeof(data); i++) {
			data[i] = static_cast<uint8_t>(0x10 + i);
		}
		memiter_init(&it, data, sizeof(data));
	}

	/** Offset of the cursor from the start of `data`. */
	size_t pos() const
	{
		return static_cast<size_t>(it.next - data);
	}

	uint8_t data[16];
	struct memiter it;
};

TEST_F(MemiterTest, init_covers_range)
{
	EXPECT_EQ(it.next, data);
	EXPECT_EQ(it.limit, data + sizeof(data));
	EXPECT_EQ(memiter_remaining(&it), sizeof(data));
}

TEST_F(MemiterTest, init_empty)
{
	struct memiter empty;
	uint8_t v = 0xaa;

	memiter_init(&empty, nullptr, 0);
	EXPECT_EQ(memiter_remaining(&empty), 0U);
	EXPECT_TRUE(memiter_advance(&empty, 0));
	EXPECT_FALSE(memiter_advance(&empty, 1));
	EXPECT_FALSE(memiter_read_u8(&empty, &v));
	EXPECT_EQ(v, 0xaa);
}

TEST_F(MemiterTest, advance_to_end)
{
	EXPECT_TRUE(memiter_advance(&it, 0));
	EXPECT_EQ(pos(), 0U);
	EXPECT_TRUE(memiter_advance(&it, 10));
	EXPECT_EQ(memiter_remaining(&it), 6U);
	EXPECT_TRUE(memiter_advance(&it, 6));
	EXPECT_EQ(memiter_remaining(&it), 0U);
}

TEST_F(MemiterTest, advance_past_end_does_not_move)
{
	EXPECT_TRUE(memiter_advance(&it, 10));
	EXPECT_FALSE(memiter_advance(&it, 7));
	EXPECT_EQ(pos(), 10U);
	EXPECT_FALSE(memiter_advance(&it, SIZE_MAX));
	EXPECT_EQ(pos(), 10U);
}

TEST_F(MemiterTest, consume_returns_bytes)
{
	const void *p = nullptr;

	EXPECT_TRUE(memiter_consume(&it, 4, &p));
	EXPECT_EQ(p, data);
	EXPECT_TRUE(memiter_consume(&it, 12, &p));
	EXPECT_EQ(p, data + 4);
	EXPECT_EQ(memiter_remaining(&it), 0U);
	/* Consuming nothing at the end still succeeds. */
	EXPECT_TRUE(memiter_consume(&it, 0, &p));
	EXPECT_EQ(p, data + 16);
}

TEST_F(MemiterTest, consume_past_end_does_not_move)
{
	const void *p = data + 3;

	ASSERT_TRUE(memiter_advance(&it, 8));
	EXPECT_FALSE(memiter_consume(&it, 9, &p));
	EXPECT_EQ(p, data + 3);
	EXPECT_EQ(pos(), 8U);
}

TEST_F(MemiterTest, read_u8_values)
{
	uint8_t v = 0;

	EXPECT_TRUE(memiter_read_u8(&it, &v));
	EXPECT_EQ(v, 0x10);
	EXPECT_TRUE(memiter_read_u8(&it, &v));
	EXPECT_EQ(v, 0x11);
	EXPECT_EQ(pos(), 2U);
}

TEST_F(MemiterTest, read_u8_at_end)
{
	uint8_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 15));
	EXPECT_TRUE(memiter_read_u8(&it, &v));
	EXPECT_EQ(v, 0x1f);
	v = 0xaa;
	EXPECT_FALSE(memiter_read_u8(&it, &v));
	EXPECT_EQ(v, 0xaa);
	EXPECT_EQ(pos(), 16U);
}

TEST_F(MemiterTest, read_le16_little_endian)
{
	uint16_t v = 0;

	EXPECT_TRUE(memiter_read_le16(&it, &v));
	EXPECT_EQ(v, 0x1110);
	EXPECT_EQ(pos(), 2U);
}

TEST_F(MemiterTest, read_le16_unaligned_and_at_end)
{
	uint16_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 13));
	EXPECT_TRUE(memiter_read_le16(&it, &v));
	EXPECT_EQ(v, 0x1e1d);
	/* One byte left: the read fails and nothing moves. */
	v = 0xaaaa;
	EXPECT_FALSE(memiter_read_le16(&it, &v));
	EXPECT_EQ(v, 0xaaaa);
	EXPECT_EQ(pos(), 15U);
}

TEST_F(MemiterTest, read_le32_little_endian)
{
	uint32_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 1));
	EXPECT_TRUE(memiter_read_le32(&it, &v));
	EXPECT_EQ(v, 0x14131211U);
	EXPECT_EQ(pos(), 5U);
}

TEST_F(MemiterTest, read_le32_exactly_at_end)
{
	uint32_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 12));
	EXPECT_TRUE(memiter_read_le32(&it, &v));
	EXPECT_EQ(v, 0x1f1e1d1cU);
	EXPECT_EQ(memiter_remaining(&it), 0U);
}

TEST_F(MemiterTest, read_le32_one_short_does_not_move)
{
	uint32_t v = 0xaaaaaaaa;

	ASSERT_TRUE(memiter_advance(&it, 13));
	EXPECT_FALSE(memiter_read_le32(&it, &v));
	EXPECT_EQ(v, 0xaaaaaaaaU);
	EXPECT_EQ(pos(), 13U);
	/* The bytes are still readable one by one. */
	uint8_t b = 0;
	EXPECT_TRUE(memiter_read_u8(&it, &b));
	EXPECT_EQ(b, 0x1d);
}

TEST_F(MemiterTest, read_le64_little_endian)
{
	uint64_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 3));
	EXPECT_TRUE(memiter_read_le64(&it, &v));
	EXPECT_EQ(v, 0x1a19181716151413ULL);
	EXPECT_EQ(pos(), 11U);
}

TEST_F(MemiterTest, read_le64_exactly_at_end)
{
	uint64_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 8));
	EXPECT_TRUE(memiter_read_le64(&it, &v));
	EXPECT_EQ(v, 0x1f1e1d1c1b1a1918ULL);
	EXPECT_EQ(memiter_remaining(&it), 0U);
}

TEST_F(MemiterTest, read_le64_one_short_does_not_move)
{
	uint64_t v = 0xaaaaaaaaaaaaaaaaULL;

	ASSERT_TRUE(memiter_advance(&it, 9));
	EXPECT_FALSE(memiter_read_le64(&it, &v));
	EXPECT_EQ(v, 0xaaaaaaaaaaaaaaaaULL);
	EXPECT_EQ(pos(), 9U);
}

TEST_F(MemiterTest, read_le64_all_ones)
{
	uint8_t ones[8];
	struct memiter m;
	uint64_t v = 0;

	memset(ones, 0xff, sizeof(ones));
	memiter_init(&m, ones, sizeof(ones));
	EXPECT_TRUE(memiter_read_le64(&m, &v));
	EXPECT_EQ(v, UINT64_MAX);
}

TEST_F(MemiterTest, slice_within_range)
{
	struct memiter s;
	uint16_t v = 0;

	ASSERT_TRUE(memiter_advance(&it, 2));
	EXPECT_TRUE(memiter_slice(&it, 3, 4, &s));
	EXPECT_EQ(s.next, data + 5);
	EXPECT_EQ(memiter_remaining(&s), 4U);
	/* The slice is bounded by its own size, not the parent's. */
	EXPECT_TRUE(memiter_advance(&s, 2));
	EXPECT_TRUE(memiter_read_le16(&s, &v));
	EXPECT_EQ(v, 0x1817);
	EXPECT_FALSE(memiter_read_u8(&s, nullptr));
	/* The parent did not move. */
	EXPECT_EQ(pos(), 2U);
}

TEST_F(MemiterTest, slice_edges)
{
	struct memiter s;

	/* All of it, empty at the start, empty exactly at the end. */
	EXPECT_TRUE(memiter_slice(&it, 0, 16, &s));
	EXPECT_EQ(memiter_remaining(&s), 16U);
	EXPECT_TRUE(memiter_slice(&it, 0, 0, &s));
	EXPECT_EQ(memiter_remaining(&s), 0U);
	EXPECT_TRUE(memiter_slice(&it, 16, 0, &s));
	EXPECT_EQ(s.next, data + 16);
	EXPECT_EQ(memiter_remaining(&s), 0U);
}

TEST_F(MemiterTest, slice_out_of_range_leaves_out)
{
	struct memiter s;
	struct memiter before;

	memiter_init(&s, data + 1, 1);
	before = s;
	EXPECT_FALSE(memiter_slice(&it, 17, 0, &s));
	EXPECT_FALSE(memiter_slice(&it, 0, 17, &s));
	EXPECT_FALSE(memiter_slice(&it, 8, 9, &s));
	EXPECT_FALSE(memiter_slice(&it, 16, 1, &s));
	/* offset + size wraps around. */
	EXPECT_FALSE(memiter_slice(&it, 8, SIZE_MAX, &s));
	EXPECT_FALSE(memiter_slice(&it, SIZE_MAX, 8, &s));
	EXPECT_EQ(s.next, before.next);
	EXPECT_EQ(s.limit, before.limit);
	EXPECT_EQ(pos(), 0U);
}

TEST_F(MemiterTest, slice_of_advanced_iter_is_relative)
{
	struct memiter s;

	ASSERT_TRUE(memiter_advance(&it, 10));
	EXPECT_FALSE(memiter_slice(&it, 0, 7, &s));
	EXPECT_TRUE(memiter_slice(&it, 0, 6, &s));
	EXPECT_EQ(s.next, data + 10);
	EXPECT_EQ(s.limit, data + 16);
}

} /* namespace */
