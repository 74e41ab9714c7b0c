/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "setup.h"
#include "vmlib/ffa.h"

/*
 * Discovery: FFA_PARTITION_INFO_GET (v1.0 and v1.1+ descriptors, UUID
 * filter, count-only, RX ownership) and FFA_PARTITION_INFO_GET_REGS, from
 * the normal world and from partitions. Properties depend on the caller:
 * only partitions see the "sends direct requests" bits, only v1.2+
 * callers the DIRECT_REQ2 bits, only v1.1+ callers the AArch64 bit.
 */

/* Properties of each partition as the normal world (v1.2) sees them. */
#define PROPS_REQ_REQ2 (FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ2_RECV)
#define PROPS_NWD_RECV_BOTH (PROPS_REQ_REQ2 | FFA_PROP_AARCH64)
#define PROPS_NWD_RECV_REQ (FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_AARCH64)

struct expected {
	uint16_t id;
	uint16_t count;
	uint32_t props;
	struct ffa_uuid uuid;
};

/* Boot order (= listing order), null UUID, normal world at v1.2. */
static const struct expected nwd_view[SETUP_ENTRIES_V1_1] = {
	{ SP_A, 1, PROPS_NWD_RECV_BOTH, UUID_A1 },
	{ SP_A, 1, PROPS_NWD_RECV_REQ, UUID_A2 },
	{ SP_A, 1, PROPS_NWD_RECV_BOTH, UUID_A3 },
	{ SP_B, 1, PROPS_NWD_RECV_REQ, UUID_B },
	{ SP_C, 1, PROPS_NWD_RECV_REQ, UUID_C },
	{ SP_MP, 4, PROPS_NWD_RECV_BOTH, UUID_MP },
};

/* The same list as partition A (v1.2, sends REQ and REQ2) sees it. */
static const struct expected sp_a_view[SETUP_ENTRIES_V1_1] = {
	{ SP_A, 1,
	  PROPS_NWD_RECV_BOTH | FFA_PROP_DIRECT_REQ_SEND |
	      FFA_PROP_DIRECT_REQ2_SEND,
	  UUID_A1 },
	{ SP_A, 1, PROPS_NWD_RECV_REQ, UUID_A2 },
	{ SP_A, 1, PROPS_NWD_RECV_BOTH, UUID_A3 },
	{ SP_B, 1, PROPS_NWD_RECV_REQ | FFA_PROP_DIRECT_REQ_SEND, UUID_B },
	{ SP_C, 1, PROPS_NWD_RECV_REQ, UUID_C },
	{ SP_MP, 4, PROPS_NWD_RECV_BOTH, UUID_MP },
};

static const struct ffa_uuid null_uuid;

static void expect_entry(const struct ffa_partition_info *got,
			 const struct expected *want)
{
	EXPECT_EQ(got->id, want->id);
	EXPECT_EQ(got->exec_ctx_count, want->count);
	EXPECT_EQ(got->properties, want->props);
	EXPECT_TRUE(ffa_uuid_equal(&got->uuid, &want->uuid));
}

static struct ffa_value pinfo(const struct ffa_uuid *uuid, uint32_t flags)
{
	return ffa_partition_info_get(uuid, flags);
}

/* Decodes descriptor `i` (0..4) of a PARTITION_INFO_GET_REGS result. */
static struct ffa_partition_info regs_entry(const struct ffa_value *ret,
					    unsigned i)
{
	struct ffa_partition_info info;
	uint64_t r0 = ret->x[3 + 3 * i];
	uint64_t r1 = ret->x[4 + 3 * i];
	uint64_t r2 = ret->x[5 + 3 * i];

	info.id = (uint16_t)r0;
	info.exec_ctx_count = (uint16_t)(r0 >> 16);
	info.properties = (uint32_t)(r0 >> 32);
	info.uuid.w[0] = (uint32_t)r1;
	info.uuid.w[1] = (uint32_t)(r1 >> 32);
	info.uuid.w[2] = (uint32_t)r2;
	info.uuid.w[3] = (uint32_t)(r2 >> 32);
	return info;
}

static struct ffa_value pinfo_regs(const struct ffa_uuid *uuid, uint16_t start,
				   uint16_t tag)
{
	return ffa_partition_info_get_regs(uuid, start, tag);
}

SET_UP(pinfo)
{
	nwd_use_version(FFA_VERSION_1_2);
	ASSERT_EQ(nwd_rxtx_map(), 0);
}

/* Every UUID of every partition, v1.1 descriptors, in boot order. */
TEST(pinfo, all_v1_2)
{
	const struct ffa_partition_info *rx = nwd_rx_buffer();
	struct ffa_value ret = pinfo(&null_uuid, 0);
	unsigned i;

	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	ASSERT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_1);
	EXPECT_EQ((uint32_t)ret.x[3], FFA_PARTITION_INFO_V1_1_SIZE);
	for (i = 0; i < SETUP_ENTRIES_V1_1; i++) {
		expect_entry(&rx[i], &nwd_view[i]);
	}
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
}

/* A UUID selects one descriptor, with that UUID's messaging methods. */
TEST(pinfo, uuid_filter)
{
	const struct ffa_partition_info *rx = nwd_rx_buffer();
	const struct ffa_uuid a2 = UUID_A2;
	const struct ffa_uuid mp = UUID_MP;
	struct ffa_value ret = pinfo(&a2, 0);

	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], 1);
	expect_entry(&rx[0], &nwd_view[1]);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);

	ret = pinfo(&mp, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], 1);
	expect_entry(&rx[0], &nwd_view[5]);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
}

/* An unknown UUID is INVALID_PARAMETERS and leaves RX with the SPMC. */
TEST(pinfo, unknown_uuid)
{
	const struct ffa_uuid none = UUID_NONE;
	struct ffa_uuid almost = UUID_A1;

	almost.w[3] ^= 0x80000000U;
	EXPECT_FFA_ERROR(pinfo(&none, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo(&almost, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo(&none, FFA_PARTITION_INFO_FLAG_COUNT_ONLY),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED);
	EXPECT_EQ((uint32_t)pinfo(&null_uuid, 0).x[0], FFA_SUCCESS_32);
}

/* Count only: the count and size, RX untouched and not handed over. */
TEST(pinfo, count_only)
{
	uint8_t *rx = nwd_rx_buffer();
	const struct ffa_uuid b = UUID_B;
	struct ffa_value ret;
	size_t i;

	memset(rx, 0xA5, FFA_PAGE_SIZE);
	ret = pinfo(&null_uuid, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	EXPECT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_1);
	EXPECT_EQ((uint32_t)ret.x[3], FFA_PARTITION_INFO_V1_1_SIZE);
	ret = pinfo(&b, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
	EXPECT_EQ((uint32_t)ret.x[2], 1);
	for (i = 0; i < FFA_PAGE_SIZE; i++) {
		if (rx[i] != 0xA5) {
			FAIL("count-only discovery wrote RX byte %zu", i);
		}
	}
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED);
	/* It needs no buffers at all. */
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	ret = pinfo(&null_uuid, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
	EXPECT_FFA_SUCCESS(ret, SETUP_ENTRIES_V1_1);
	ASSERT_EQ(nwd_rxtx_map(), 0);
}

/* The RX buffer stays the caller's until FFA_RX_RELEASE: BUSY meanwhile. */
TEST(pinfo, busy_until_release)
{
	EXPECT_EQ((uint32_t)pinfo(&null_uuid, 0).x[0], FFA_SUCCESS_32);
	EXPECT_FFA_ERROR(pinfo(&null_uuid, 0), FFA_BUSY);
	EXPECT_FFA_ERROR(pinfo(&null_uuid, 0), FFA_BUSY);
	/* Count-only does not need the buffer. */
	EXPECT_FFA_SUCCESS(
	    pinfo(&null_uuid, FFA_PARTITION_INFO_FLAG_COUNT_ONLY),
	    SETUP_ENTRIES_V1_1);
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_EQ((uint32_t)pinfo(&null_uuid, 0).x[0], FFA_SUCCESS_32);
}

/* Without an RX buffer there is nowhere to write: BUSY. */
TEST(pinfo, unmapped_busy)
{
	EXPECT_FFA_SUCCESS(ffa_rxtx_unmap(), 0);
	EXPECT_FFA_ERROR(pinfo(&null_uuid, 0), FFA_BUSY);
	ASSERT_EQ(nwd_rxtx_map(), 0);
	EXPECT_EQ((uint32_t)pinfo(&null_uuid, 0).x[0], FFA_SUCCESS_32);
}

/* Flags other than count-only, and x6/x7, are MBZ. */
TEST(pinfo, flags_mbz)
{
	struct ffa_value call = { .x = { FFA_PARTITION_INFO_GET_32 } };
	struct ffa_value bad;

	EXPECT_FFA_ERROR(pinfo(&null_uuid, 2), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo(&null_uuid, 1U << 31), FFA_INVALID_PARAMETERS);
	bad = call;
	bad.x[6] = 1;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	bad = call;
	bad.x[7] = 1;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	/* The buffer was not taken. */
	EXPECT_FFA_ERROR(ffa_rx_release(), FFA_DENIED);
	EXPECT_EQ((uint32_t)ffa_call(call).x[0], FFA_SUCCESS_32);
}

/* A v1.0 caller: 8-byte descriptors, one per partition, v1.0 properties. */
TEST(pinfo_v1_0, all)
{
	const uint8_t *rx = nwd_rx_buffer();
	static const uint16_t ids[SETUP_ENTRIES_V1_0] = { SP_A, SP_B, SP_C,
							  SP_MP };
	static const uint16_t counts[SETUP_ENTRIES_V1_0] = { 1, 1, 1, 4 };
	struct ffa_value ret;
	unsigned i;

	nwd_use_version(FFA_VERSION_1_0);
	ASSERT_EQ(nwd_rxtx_map(), 0);
	ret = pinfo(&null_uuid, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	ASSERT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_0);
	EXPECT_EQ((uint32_t)ret.x[3], 0);
	for (i = 0; i < SETUP_ENTRIES_V1_0; i++) {
		uint16_t id;
		uint16_t count;
		uint32_t props;

		memcpy(&id, rx + 8 * i, 2);
		memcpy(&count, rx + 8 * i + 2, 2);
		memcpy(&props, rx + 8 * i + 4, 4);
		EXPECT_EQ(id, ids[i]);
		EXPECT_EQ(count, counts[i]);
		EXPECT_EQ(props, FFA_PROP_DIRECT_REQ_RECV);
	}
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	/* FFA_PARTITION_INFO_GET_REGS is v1.2. */
	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, 0, 0), FFA_NOT_SUPPORTED);
}

/* A v1.1 caller: v1.1 descriptors without the DIRECT_REQ2 bits. */
TEST(pinfo_v1_1, all)
{
	const struct ffa_partition_info *rx = nwd_rx_buffer();
	struct ffa_value ret;
	unsigned i;

	nwd_use_version(FFA_VERSION_1_1);
	ASSERT_EQ(nwd_rxtx_map(), 0);
	ret = pinfo(&null_uuid, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	ASSERT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_1);
	EXPECT_EQ((uint32_t)ret.x[3], FFA_PARTITION_INFO_V1_1_SIZE);
	for (i = 0; i < SETUP_ENTRIES_V1_1; i++) {
		struct expected want = nwd_view[i];

		want.props &= ~FFA_PROP_DIRECT_REQ2_RECV;
		expect_entry(&rx[i], &want);
	}
	EXPECT_FFA_SUCCESS(ffa_rx_release(), 0);
	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, 0, 0), FFA_NOT_SUPPORTED);
}

SET_UP(pinfo_regs)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* Five descriptors a call; the caller continues from the next index. */
TEST(pinfo_regs, all)
{
	struct ffa_value ret = pinfo_regs(&null_uuid, 0, 0);
	struct ffa_partition_info info;
	unsigned i;

	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_64);
	EXPECT_EQ((uint16_t)ret.x[2], SETUP_ENTRIES_V1_1 - 1); /* last */
	EXPECT_EQ((uint16_t)(ret.x[2] >> 16), 4);              /* current */
	EXPECT_EQ((uint16_t)(ret.x[2] >> 32), 0);              /* tag */
	EXPECT_EQ(ret.x[2] >> 48, FFA_PARTITION_INFO_V1_1_SIZE);
	for (i = 0; i < 5; i++) {
		info = regs_entry(&ret, i);
		expect_entry(&info, &nwd_view[i]);
	}
	ret = pinfo_regs(&null_uuid, 5, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_64);
	EXPECT_EQ((uint16_t)(ret.x[2] >> 16), 5);
	info = regs_entry(&ret, 0);
	expect_entry(&info, &nwd_view[5]);
	for (i = 6; i < FFA_VALUE_REGS; i++) {
		EXPECT_EQ(ret.x[i], 0);
	}
}

TEST(pinfo_regs, uuid_filter)
{
	const struct ffa_uuid a3 = UUID_A3;
	struct ffa_value ret = pinfo_regs(&a3, 0, 0);
	struct ffa_partition_info info;

	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_64);
	EXPECT_EQ((uint16_t)ret.x[2], 0);
	EXPECT_EQ((uint16_t)(ret.x[2] >> 16), 0);
	info = regs_entry(&ret, 0);
	expect_entry(&info, &nwd_view[2]);
	EXPECT_EQ(ret.x[6], 0);
}

/* A start index past the last, or an unknown UUID. */
TEST(pinfo_regs, bad_index_or_uuid)
{
	const struct ffa_uuid none = UUID_NONE;
	const struct ffa_uuid b = UUID_B;

	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, SETUP_ENTRIES_V1_1, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, 0xFFFF, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo_regs(&b, 1, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(pinfo_regs(&none, 0, 0), FFA_INVALID_PARAMETERS);
	EXPECT_EQ((uint32_t)pinfo_regs(&b, 0, 0).x[0], FFA_SUCCESS_64);
}

/* The list never changes, so its tag is 0: any other tag is RETRY. */
TEST(pinfo_regs, stale_tag_retry)
{
	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, 0, 1), FFA_RETRY);
	EXPECT_FFA_ERROR(pinfo_regs(&null_uuid, 5, 0xFFFF), FFA_RETRY);
	EXPECT_EQ((uint32_t)pinfo_regs(&null_uuid, 0, 0).x[0], FFA_SUCCESS_64);
}

/*
 * x3[63:32] and x4..x17 are MBZ. x8..x17 reach the SPMC because EL3
 * forwards them for an SMC64 call between two v1.2 endpoints.
 */
TEST(pinfo_regs, mbz)
{
	struct ffa_value call = { .x = { FFA_PARTITION_INFO_GET_REGS_64 } };
	struct ffa_value bad;
	unsigned i;

	bad = call;
	bad.x[3] = 1ULL << 32;
	EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	for (i = 4; i < FFA_VALUE_REGS; i++) {
		bad = call;
		bad.x[i] = 1ULL << 40;
		EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	}
	EXPECT_EQ((uint32_t)ffa_call(call).x[0], FFA_SUCCESS_64);
}

SET_UP(pinfo_sp)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(SP_A, "bufs");
}

/* Maps partition A's RX/TX pair; leaves `proxy` selected. */
static void sp_a_map(void)
{
	struct ffa_value b = req2_payload(SP_A, NULL, NULL);

	hftest_service_select(SP_A, "proxy");
	ASSERT_EQ((uint32_t)proxy(SP_A, FFA_RXTX_MAP_64, b.x[BUFS_TX],
				  b.x[BUFS_RX], b.x[BUFS_PAGES], 0, 0, 0, 0)
		      .x[0],
		  FFA_SUCCESS_32);
}

/* Descriptor `i` (v1.1 layout) from partition A's RX buffer. */
static struct ffa_partition_info sp_a_rx_entry(unsigned i)
{
	struct ffa_direct2_args args = { .x = { i * 24 } };
	struct ffa_partition_info info;
	struct ffa_value words;

	hftest_service_select(SP_A, "rx_read");
	words = req2_payload(SP_A, NULL, &args);
	memcpy(&info, &words.x[0], sizeof(info));
	return info;
}

/* A partition sees the "sends" bits; its RX buffer works like ours. */
TEST(pinfo_sp, from_partition)
{
	struct ffa_value ret;
	unsigned i;

	sp_a_map();
	ret = proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	ASSERT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_1);
	EXPECT_EQ((uint32_t)ret.x[3], FFA_PARTITION_INFO_V1_1_SIZE);
	/* Busy until released. */
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0),
	    FFA_BUSY);
	for (i = 0; i < SETUP_ENTRIES_V1_1; i++) {
		struct ffa_partition_info info = sp_a_rx_entry(i);

		expect_entry(&info, &sp_a_view[i]);
	}
	hftest_service_select(SP_A, "proxy");
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_RX_RELEASE_32, 0, 0, 0, 0, 0, 0, 0),
			   0);
	ret = proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
}

/* A partition without buffers gets BUSY; bad flags and UUIDs as ours. */
TEST(pinfo_sp, from_partition_refused)
{
	const struct ffa_uuid none = UUID_NONE;

	hftest_service_select(SP_A, "proxy");
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0),
	    FFA_BUSY);
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0,
				 FFA_PARTITION_INFO_FLAG_COUNT_ONLY, 0, 0),
			   SETUP_ENTRIES_V1_1);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 2, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_PARTITION_INFO_GET_32, none.w[0],
			       none.w[1], none.w[2], none.w[3],
			       FFA_PARTITION_INFO_FLAG_COUNT_ONLY, 0, 0),
			 FFA_INVALID_PARAMETERS);
}

/* A v1.0 partition gets v1.0 descriptors in its RX buffer. */
TEST(pinfo_sp, from_v1_0_partition)
{
	struct ffa_value b;
	struct ffa_value ret;
	struct ffa_value words;
	unsigned i;

	hftest_service_select(SP_C, "bufs");
	b = req64_payload(SP_C, NULL);
	hftest_service_select(SP_C, "proxy");
	ASSERT_EQ((uint32_t)proxy_narrow(SP_C, FFA_RXTX_MAP_64, b.x[BUFS_TX],
					 b.x[BUFS_RX], 1, 0)
		      .x[0],
		  FFA_SUCCESS_32);
	ret = proxy_narrow(SP_C, FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	ASSERT_EQ((uint32_t)ret.x[2], SETUP_ENTRIES_V1_0);
	EXPECT_EQ((uint32_t)ret.x[3], 0);
	hftest_service_select(SP_C, "rx_read");
	words = req64_payload(SP_C, NULL);
	for (i = 0; i < SETUP_ENTRIES_V1_0; i++) {
		static const uint16_t ids[] = { SP_A, SP_B, SP_C, SP_MP };
		uint64_t w = words.x[i];

		EXPECT_EQ((uint16_t)w, ids[i]);
		EXPECT_EQ((uint16_t)(w >> 16), ids[i] == SP_MP ? 4 : 1);
		/* v1.0: no AArch64 bit; A (UA1) and B send requests. */
		EXPECT_EQ((uint32_t)(w >> 32),
			  ids[i] == SP_A || ids[i] == SP_B
			      ? FFA_PROP_DIRECT_REQ_RECV |
				    FFA_PROP_DIRECT_REQ_SEND
			      : FFA_PROP_DIRECT_REQ_RECV);
	}
	/* And no FFA_PARTITION_INFO_GET_REGS. */
	hftest_service_select(SP_C, "proxy");
	EXPECT_FFA_ERROR(
	    proxy_narrow(SP_C, FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0, 0),
	    FFA_NOT_SUPPORTED);
}

/* FFA_PARTITION_INFO_GET_REGS from a v1.2 partition. */
TEST(pinfo_sp, regs_from_partition)
{
	const struct ffa_uuid a1 = UUID_A1;
	struct ffa_value ret;
	struct ffa_partition_info info;

	hftest_service_select(SP_A, "proxy");
	ret = proxy(SP_A, FFA_PARTITION_INFO_GET_REGS_64,
		    a1.w[0] | ((uint64_t)a1.w[1] << 32),
		    a1.w[2] | ((uint64_t)a1.w[3] << 32), 0, 0, 0, 0, 0);
	ASSERT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_64);
	EXPECT_EQ((uint16_t)ret.x[2], 0);
	info = regs_entry(&ret, 0);
	expect_entry(&info, &sp_a_view[0]);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_PARTITION_INFO_GET_REGS_64, 0, 0,
			       1U << 16, 0, 0, 0, 0),
			 FFA_RETRY);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 6, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0, 0, 0, 0, 1),
	    FFA_INVALID_PARAMETERS);
}
