/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>

/* addr.h builds its typed addresses with C99 compound literals. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc99-extensions"
extern "C" {
#include "spmc/addr.h"
#include "spmc/checked.h"
#include "spmc/std.h"
}
#pragma clang diagnostic pop

namespace
{

/** Header-only helpers (checked.h, addr.h) and std_strlcpy. */
class CommonTest : public ::testing::Test
{
      protected:
	static constexpr uint64_t kSentinel = 0xdeadbeefcafef00dULL;
	static constexpr uint32_t kSentinel32 = 0xdeadbeefU;
};

TEST_F(CommonTest, checked_add_u64_in_range)
{
	uint64_t out = kSentinel;

	EXPECT_TRUE(checked_add_u64(2, 3, &out));
	EXPECT_EQ(out, 5U);
	EXPECT_TRUE(checked_add_u64(UINT64_MAX - 1, 1, &out));
	EXPECT_EQ(out, UINT64_MAX);
	EXPECT_TRUE(checked_add_u64(UINT64_MAX, 0, &out));
	EXPECT_EQ(out, UINT64_MAX);
}

TEST_F(CommonTest, checked_add_u64_overflow_leaves_out)
{
	uint64_t out = kSentinel;

	EXPECT_FALSE(checked_add_u64(UINT64_MAX, 1, &out));
	EXPECT_FALSE(checked_add_u64(1, UINT64_MAX, &out));
	EXPECT_FALSE(checked_add_u64(UINT64_MAX, UINT64_MAX, &out));
	EXPECT_FALSE(checked_add_u64(1ULL << 63, 1ULL << 63, &out));
	EXPECT_EQ(out, kSentinel);
}

TEST_F(CommonTest, checked_mul_u64_in_range)
{
	uint64_t out = kSentinel;

	EXPECT_TRUE(checked_mul_u64(0, UINT64_MAX, &out));
	EXPECT_EQ(out, 0U);
	EXPECT_TRUE(checked_mul_u64(UINT64_MAX, 1, &out));
	EXPECT_EQ(out, UINT64_MAX);
	EXPECT_TRUE(checked_mul_u64(UINT64_MAX / 3, 3, &out));
	EXPECT_EQ(out, UINT64_MAX);
	EXPECT_TRUE(checked_mul_u64(1ULL << 32, (1ULL << 32) - 1, &out));
	EXPECT_EQ(out, (1ULL << 32) * ((1ULL << 32) - 1));
}

TEST_F(CommonTest, checked_mul_u64_overflow_leaves_out)
{
	uint64_t out = kSentinel;

	EXPECT_FALSE(checked_mul_u64(1ULL << 32, 1ULL << 32, &out));
	EXPECT_FALSE(checked_mul_u64(UINT64_MAX, 2, &out));
	EXPECT_FALSE(checked_mul_u64(UINT64_MAX / 3 + 1, 3, &out));
	EXPECT_EQ(out, kSentinel);
}

TEST_F(CommonTest, checked_add_u32_edges)
{
	uint32_t out = kSentinel32;

	EXPECT_TRUE(checked_add_u32(UINT32_MAX - 1, 1, &out));
	EXPECT_EQ(out, UINT32_MAX);
	out = kSentinel32;
	EXPECT_FALSE(checked_add_u32(UINT32_MAX, 1, &out));
	EXPECT_FALSE(checked_add_u32(1U << 31, 1U << 31, &out));
	EXPECT_EQ(out, kSentinel32);
}

TEST_F(CommonTest, checked_mul_u32_edges)
{
	uint32_t out = kSentinel32;

	EXPECT_TRUE(checked_mul_u32(0xFFFFU, 0x10001U, &out));
	EXPECT_EQ(out, UINT32_MAX);
	out = kSentinel32;
	EXPECT_FALSE(checked_mul_u32(1U << 16, 1U << 16, &out));
	EXPECT_FALSE(checked_mul_u32(UINT32_MAX, 2, &out));
	EXPECT_EQ(out, kSentinel32);
}

TEST_F(CommonTest, checked_range_end_edges)
{
	uint64_t end = kSentinel;

	EXPECT_TRUE(checked_range_end(0x1000, 0x2000, &end));
	EXPECT_EQ(end, 0x3000U);
	/* An empty range ends at its base, even at the top. */
	EXPECT_TRUE(checked_range_end(UINT64_MAX, 0, &end));
	EXPECT_EQ(end, UINT64_MAX);
	EXPECT_TRUE(checked_range_end(UINT64_MAX - 0x1000, 0x1000, &end));
	EXPECT_EQ(end, UINT64_MAX);
	end = kSentinel;
	EXPECT_FALSE(checked_range_end(UINT64_MAX - 0xfff, 0x1000, &end));
	EXPECT_EQ(end, kSentinel);
}

TEST_F(CommonTest, checked_size_edges)
{
	uint64_t size = kSentinel;

	EXPECT_TRUE(checked_size(3, 4096, &size));
	EXPECT_EQ(size, 3U * 4096U);
	EXPECT_TRUE(checked_size(0, 4096, &size));
	EXPECT_EQ(size, 0U);
	size = kSentinel;
	EXPECT_FALSE(checked_size(1ULL << 52, 4096, &size));
	EXPECT_EQ(size, kSentinel);
	EXPECT_TRUE(checked_size((1ULL << 52) - 1, 4096, &size));
	EXPECT_EQ(size, UINT64_MAX - 4095);
}

TEST_F(CommonTest, ranges_overlap_edges)
{
	/* Adjacent half-open ranges do not overlap, in either order. */
	EXPECT_FALSE(ranges_overlap(0x1000, 0x2000, 0x2000, 0x3000));
	EXPECT_FALSE(ranges_overlap(0x2000, 0x3000, 0x1000, 0x2000));
	/* One shared byte is enough. */
	EXPECT_TRUE(ranges_overlap(0x1000, 0x2001, 0x2000, 0x3000));
	EXPECT_TRUE(ranges_overlap(0x2000, 0x3000, 0x1000, 0x2001));
	/* Containment, both ways, and identical ranges. */
	EXPECT_TRUE(ranges_overlap(0x1000, 0x4000, 0x2000, 0x3000));
	EXPECT_TRUE(ranges_overlap(0x2000, 0x3000, 0x1000, 0x4000));
	EXPECT_TRUE(ranges_overlap(0x1000, 0x2000, 0x1000, 0x2000));
	/* Disjoint, far apart, and at the top of the address space. */
	EXPECT_FALSE(ranges_overlap(0, 0x1000, UINT64_MAX - 1, UINT64_MAX));
	EXPECT_TRUE(ranges_overlap(0, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX));
}

TEST_F(CommonTest, range_within_edges)
{
	EXPECT_TRUE(range_within(0x1000, 0x2000, 0x1000, 0x2000));
	EXPECT_TRUE(range_within(0x1800, 0x1900, 0x1000, 0x2000));
	EXPECT_FALSE(range_within(0x0fff, 0x2000, 0x1000, 0x2000));
	EXPECT_FALSE(range_within(0x1000, 0x2001, 0x1000, 0x2000));
	EXPECT_FALSE(range_within(0x3000, 0x4000, 0x1000, 0x2000));
	/* Empty ranges at either end of the outer range are within it. */
	EXPECT_TRUE(range_within(0x1000, 0x1000, 0x1000, 0x2000));
	EXPECT_TRUE(range_within(0x2000, 0x2000, 0x1000, 0x2000));
	EXPECT_TRUE(range_within(0, UINT64_MAX, 0, UINT64_MAX));
}

TEST_F(CommonTest, is_aligned_edges)
{
	EXPECT_TRUE(is_aligned(0, 4096));
	EXPECT_TRUE(is_aligned(0x1000, 4096));
	EXPECT_FALSE(is_aligned(0x1001, 4096));
	EXPECT_FALSE(is_aligned(0x0fff, 4096));
	EXPECT_TRUE(is_aligned(UINT64_MAX, 1));
	EXPECT_FALSE(is_aligned(UINT64_MAX, 2));
	EXPECT_TRUE(is_aligned(1ULL << 63, 1ULL << 63));
	EXPECT_TRUE(is_aligned(UINT64_MAX - 4095, 4096));
}

TEST_F(CommonTest, checked_align_up_edges)
{
	uint64_t out = kSentinel;

	EXPECT_TRUE(checked_align_up(0, 4096, &out));
	EXPECT_EQ(out, 0U);
	EXPECT_TRUE(checked_align_up(1, 4096, &out));
	EXPECT_EQ(out, 0x1000U);
	EXPECT_TRUE(checked_align_up(0x1000, 4096, &out));
	EXPECT_EQ(out, 0x1000U);
	EXPECT_TRUE(checked_align_up(0x1001, 4096, &out));
	EXPECT_EQ(out, 0x2000U);
	/* The highest aligned value still aligns to itself. */
	EXPECT_TRUE(checked_align_up(UINT64_MAX - 4095, 4096, &out));
	EXPECT_EQ(out, UINT64_MAX - 4095);
	EXPECT_TRUE(checked_align_up(UINT64_MAX, 1, &out));
	EXPECT_EQ(out, UINT64_MAX);
	out = kSentinel;
	EXPECT_FALSE(checked_align_up(UINT64_MAX - 4094, 4096, &out));
	EXPECT_FALSE(checked_align_up(UINT64_MAX, 2, &out));
	EXPECT_EQ(out, kSentinel);
}

TEST_F(CommonTest, paddr_helpers)
{
	paddr_t a = pa_init(0x0e100000);
	paddr_t b = pa_add(a, 0x2000);

	EXPECT_EQ(pa_addr(a), 0x0e100000U);
	EXPECT_EQ(pa_addr(b), 0x0e102000U);
	EXPECT_EQ(pa_difference(a, b), 0x2000U);
	EXPECT_EQ(pa_difference(a, a), 0U);
	EXPECT_EQ(pa_addr(pa_init(UINTPTR_MAX)), UINTPTR_MAX);
}

TEST_F(CommonTest, ipaddr_helpers)
{
	ipaddr_t a = ipa_init(0x80000000);

	EXPECT_EQ(ipa_addr(a), 0x80000000U);
	EXPECT_EQ(ipa_addr(ipa_add(a, 0x1000)), 0x80001000U);
	EXPECT_EQ(ipa_addr(ipa_from_pa(pa_init(0x1234000))), 0x1234000U);
}

TEST_F(CommonTest, vaddr_helpers)
{
	static int object;
	vaddr_t a = va_init(0x4000);
	vaddr_t p = va_init((uintptr_t)&object);

	EXPECT_EQ(va_addr(a), 0x4000U);
	EXPECT_EQ(va_addr(va_add(a, 0x10)), 0x4010U);
	EXPECT_EQ(va_addr(va_from_pa(pa_init(0x0e100000))), 0x0e100000U);
	EXPECT_EQ(ptr_from_va(p), static_cast<void *>(&object));
}

TEST_F(CommonTest, strlcpy_fits)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(std_strlcpy(buf, "abc", sizeof(buf)), 3U);
	EXPECT_STREQ(buf, "abc");
	/* Exactly filling the buffer with its terminator. */
	EXPECT_EQ(std_strlcpy(buf, "abcdefg", sizeof(buf)), 7U);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(std_strlcpy(buf, "", sizeof(buf)), 0U);
	EXPECT_STREQ(buf, "");
}

TEST_F(CommonTest, strlcpy_truncates)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(std_strlcpy(buf, "abcdefghij", sizeof(buf)), 10U);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(std_strlcpy(buf, "abc", 1), 3U);
	EXPECT_STREQ(buf, "");
}

TEST_F(CommonTest, strlcpy_size_zero_writes_nothing)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	EXPECT_EQ(std_strlcpy(buf, "abc", 0), 3U);
	EXPECT_EQ(buf[0], 'x');
	EXPECT_EQ(buf[3], 'w');
}

} /* namespace */
