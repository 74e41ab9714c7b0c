/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* Decoding EL3's SiP and FIRME answers to PAS changes. */

#include <gtest/gtest.h>

extern "C" {
#include "spmc/granule.h"
}

namespace
{

constexpr uint64_t kBase = 0x80000000;
constexpr uint64_t kSize = 16 * 4096;

TEST(GranuleEl3Sip, SuccessCoversTheRange)
{
	granule_el3_ret r = granule_el3_sip_result(kBase, kSize, 0, 0);

	EXPECT_EQ(r.status, GRANULE_EL3_SUCCESS);
	EXPECT_EQ(r.done, kSize);
}

TEST(GranuleEl3Sip, UnknownMeansNotSupported)
{
	granule_el3_ret r =
	    granule_el3_sip_result(kBase, kSize, (uint64_t)-1, kBase);

	EXPECT_EQ(r.status, GRANULE_EL3_NOT_SUPPORTED);
	EXPECT_EQ(r.done, 0U);
	r = granule_el3_sip_result(kBase, kSize, (uint64_t)-7, 0);
	EXPECT_EQ(r.status, GRANULE_EL3_NOT_SUPPORTED);
}

TEST(GranuleEl3Sip, DeniedReportsHowFar)
{
	/* The 4th granule was the last that transitioned. */
	granule_el3_ret r = granule_el3_sip_result(kBase, kSize, (uint64_t)-3,
						   kBase + 3 * 4096);

	EXPECT_EQ(r.status, GRANULE_EL3_DENIED);
	EXPECT_EQ(r.done, 4U * 4096);
	/* None transitioned: x1 = 0. */
	r = granule_el3_sip_result(kBase, kSize, (uint64_t)-3, 0);
	EXPECT_EQ(r.done, 0U);
}

TEST(GranuleEl3Sip, InvalidAndBogusProgress)
{
	granule_el3_ret r =
	    granule_el3_sip_result(kBase, kSize, (uint64_t)-4, kBase + kSize);

	EXPECT_EQ(r.status, GRANULE_EL3_INVALID);
	EXPECT_EQ(r.done, 0U); /* past the range: not trusted */
	r = granule_el3_sip_result(kBase, kSize, (uint64_t)-4, kBase + 12);
	EXPECT_EQ(r.done, 0U); /* not a granule base */
	r = granule_el3_sip_result(kBase, kSize, (uint64_t)-4, kBase - 4096);
	EXPECT_EQ(r.done, 0U);
}

TEST(GranuleEl3Firme, Statuses)
{
	EXPECT_EQ(granule_el3_firme_result(0, 3).status, GRANULE_EL3_SUCCESS);
	EXPECT_EQ(granule_el3_firme_result(0, 3).done, 3U * 4096);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-5, 2).status,
		  GRANULE_EL3_DENIED);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-5, 2).done, 2U * 4096);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-2, 0).status,
		  GRANULE_EL3_INVALID);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-1, 5).status,
		  GRANULE_EL3_NOT_SUPPORTED);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-1, 5).done, 0U);
	EXPECT_EQ(granule_el3_firme_result((uint64_t)-6, 0).status,
		  GRANULE_EL3_NOT_SUPPORTED);
}

} // namespace
