/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "driver/ffa.h"
#include "ms_nwd.h"

/*
 * Send errors a normal-world sender can reach (docs/design/mem_share.md
 * "Errors", and the descriptor rules of mem_desc.md), in the v1.2 layout.
 * After each group of refusals the same memory is lent and reclaimed, so a
 * refusal that left anything behind (share state, granule state, page
 * tables) fails the test; the normal world's RX buffer stays free.
 */

/* Offsets in a v1.2 descriptor with one receiver. */
#define HDR_RESERVED 36U
#define HDR_ACCESS_SIZE 24U
#define HDR_RECEIVER_COUNT 28U
#define HDR_RECEIVERS_OFFSET 32U
#define ACC0 48U
#define COMPOSITE1 80U /* composite offset with one receiver */

SET_UP(send_err)
{
	ms_setup(FFA_VERSION_1_2);
}

/* Builds `b` in TX, writes `width` bytes of `value` at `offset`, sends. */
static struct ffa_value send_patched(uint32_t fid, const struct mem_build *b,
				     uint32_t offset, uint64_t value,
				     uint32_t width)
{
	uint8_t *tx = nwd_tx_buffer();
	uint32_t len = mem_build_send(tx, FFA_PAGE_SIZE, b);

	ASSERT_NE(len, 0);
	for (uint32_t i = 0; i < width; i++) {
		tx[offset + i] = (uint8_t)(value >> (8 * i));
	}
	return ffa_call((struct ffa_value){ .x = { fid, len, len } });
}

/* The page can still be lent to A, retrieved and reclaimed. */
static void still_works(uint64_t addr)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	EXPECT_EQ(ms_rx_release(), FFA_DENIED);
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, addr, 1);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MS_SP_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	ms_relinquish_reclaim(MS_SP_A, h);
}

/* x3 (address) and w4 (page count) must be 0, x5..x7 MBZ. */
TEST(send_err, registers_mbz)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint32_t len;

	ms_desc1(&b, &c, FFA_MEM_SHARE_64, MS_SP_A, MS_PAGE(0), 1);
	len = ms_desc_length(&b);
	for (uint32_t reg = 3; reg <= 7; reg++) {
		struct ffa_value call = { .x = { FFA_MEM_SHARE_64, len, len } };

		call.x[reg] = reg == 3 ? (uint64_t)nwd_tx_buffer() : 1;
		ASSERT_EQ(mem_build_send(nwd_tx_buffer(), FFA_PAGE_SIZE, &b),
			  len);
		ret = ffa_call(call);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	}
	ret = ms_send_regs(FFA_MEM_SHARE_32, &b, len, len, 0, 1, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}

/* Fragment length 0, above the total, above the TX buffer; bad totals. */
TEST(send_err, lengths)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint32_t len;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	len = ms_desc_length(&b);
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, len, 0, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, len, len + 16, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, 2 * FFA_PAGE_SIZE,
			   2 * FFA_PAGE_SIZE, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* The total must end exactly after the last constituent. */
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, len + 16, len + 16, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, len - 16, len - 16, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send_regs(FFA_MEM_LEND_32, &b, 20, 20, 0, 0, 0);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}

/* Without a TX buffer there is no descriptor. */
TEST(send_err, tx_not_mapped)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	ASSERT_EQ(nwd_rxtx_unmap(), 0);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = ms_send(FFA_MEM_SHARE_64, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ASSERT_EQ(nwd_rxtx_map(), 0);
	still_works(MS_PAGE(0));
}

/* Receivers: not an SP, the normal world, too many, twice, none. */
TEST(send_err, bad_receivers)
{
	static const uint16_t bad_ids[] = { 0x8009, 0x8000, 0x0001, 0x0000,
					    0xFFFF };
	static const uint16_t dup[] = { MS_SP_A, MS_SP_A };
	static const uint16_t four[] = { MS_SP_A, MS_SP_B, MS_SP_C, 0x8004 };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ffa_value ret;

	for (uint32_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		ms_desc(&b, FFA_MEM_LEND_32, &bad_ids[i], 1, &c, 1);
		ret = ms_send(FFA_MEM_LEND_32, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		ms_desc(&b, FFA_MEM_SHARE_32, &bad_ids[i], 1, &c, 1);
		ret = ms_send(FFA_MEM_SHARE_32, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	}
	ms_desc(&b, FFA_MEM_SHARE_32, dup, 2, &c, 1);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* One of four does not exist. */
	ms_desc(&b, FFA_MEM_SHARE_32, four, 4, &c, 1);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Five receivers (count patched), and none. */
	ret = send_patched(FFA_MEM_SHARE_32, &b, HDR_RECEIVER_COUNT, 5, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ms_desc(&b, FFA_MEM_SHARE_32, dup, 0, &c, 1);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Donate to two. */
	ms_desc(&b, FFA_MEM_DONATE_32, four, 2, &c, 1);
	ret = ms_send(FFA_MEM_DONATE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}

/*
 * The sender may be any non-secure ID (the hypervisor's business), never
 * a secure one.
 */
TEST(send_err, secure_sender_denied)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_B, MS_PAGE(0), 1);
	b.sender = MS_SP_A;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	b.sender = 0x8000;
	ret = ms_send(FFA_MEM_SHARE_64, &b);
	EXPECT_EQ(ffa_fid(&ret), FFA_ERROR_32);
	b.sender = 0x0002;
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_LEND_32, &b), 0), 0);
	still_works(MS_PAGE(0));
}

/* Header: handle, reserved bytes, access size, receivers offset. */
TEST(send_err, header_fields)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MS_SP_A, MS_PAGE(0), 1);
	b.handle = 0x1234;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.handle = 0;
	ret = send_patched(FFA_MEM_LEND_32, &b, HDR_RESERVED + 5, 1, 1);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, HDR_ACCESS_SIZE, 24, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, HDR_ACCESS_SIZE, 64, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, HDR_RECEIVERS_OFFSET, 40, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, HDR_RECEIVERS_OFFSET, 52, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret =
	    send_patched(FFA_MEM_LEND_32, &b, HDR_RECEIVERS_OFFSET, 0x10000, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Access descriptor: reserved field, composite offsets. */
	ret = send_patched(FFA_MEM_LEND_32, &b, ACC0 + 24, 1, 8);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, ACC0 + 4, 60, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, ACC0 + 4, COMPOSITE1 + 4, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, COMPOSITE1 + 8, 1, 8);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}

/* Permissions and receiver flags per ABI. */
TEST(send_err, permissions)
{
	static const uint16_t two[] = { MS_SP_A, MS_SP_B };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ffa_value ret;

	ms_desc(&b, FFA_MEM_SHARE_32, two, 1, &c, 1);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_NOT_SPECIFIED, 0);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_X);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RESERVED, 0);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RW, 0) | 0x10;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RW, 0);
	b.receivers[0].flags = FFA_MEM_RECV_FLAG_NON_RETRIEVAL;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);

	ms_desc(&b, FFA_MEM_DONATE_32, two, 1, &c, 1);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RW, 0);
	ret = ms_send(FFA_MEM_DONATE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.receivers[0].perm = MEM_PERM(0, FFA_INSTR_ACCESS_NX);
	ret = ms_send(FFA_MEM_DONATE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);

	/* Lend to several: instruction access left unstated. */
	ms_desc(&b, FFA_MEM_LEND_32, two, 2, &c, 1);
	b.receivers[1].perm = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NX);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Lend to one may state it. */
	ms_desc(&b, FFA_MEM_LEND_32, two, 1, &c, 1);
	b.receivers[0].perm = MEM_PERM(FFA_DATA_ACCESS_RW, FFA_INSTR_ACCESS_NX);
	EXPECT_EQ(ms_reclaim(ms_send_ok(FFA_MEM_LEND_32, &b), 0), 0);
	still_works(MS_PAGE(0));
}

/* Memory region attributes per ABI and the SPMC's Normal WB IS policy. */
TEST(send_err, attributes)
{
	static const uint16_t two[] = { MS_SP_A, MS_SP_B };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ffa_value ret;

	/* Lend to one and donate leave the type to the borrower. */
	ms_desc(&b, FFA_MEM_LEND_32, two, 1, &c, 1);
	b.attributes = MEM_ATTR_NORMAL_WB_IS;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ms_desc(&b, FFA_MEM_DONATE_64, two, 1, &c, 1);
	b.attributes = MEM_ATTR_NORMAL_WB_IS;
	ret = ms_send(FFA_MEM_DONATE_64, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);

	/* Share must state it: Normal WB Inner Shareable only. */
	ms_desc(&b, FFA_MEM_SHARE_32, two, 1, &c, 1);
	b.attributes = MEM_ATTR_NOT_SPECIFIED;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.attributes = MEM_ATTR_DEVICE_NGNRNE;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	b.attributes =
	    (FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |
	    (FFA_MEM_CACHE_NON_CACHEABLE << FFA_MEM_ATTR_CACHE_SHIFT) |
	    FFA_MEM_SHARE_INNER;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	b.attributes =
	    MEM_ATTR_NORMAL_WB_IS ^ FFA_MEM_SHARE_INNER ^ FFA_MEM_SHARE_OUTER;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	/* Reserved encodings and bits, and the response-only NS bit. */
	b.attributes = MEM_ATTR_NORMAL_WB_IS ^ FFA_MEM_SHARE_INNER ^
		       FFA_MEM_SHARE_RESERVED;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.attributes = MEM_ATTR_NORMAL_WB_IS | FFA_MEM_ATTR_NS;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.attributes = MEM_ATTR_NORMAL_WB_IS | 0x100;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.attributes = FFA_MEM_TYPE_RESERVED << FFA_MEM_ATTR_TYPE_SHIFT;
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);

	/* Lend to several: stated, Normal WB IS. */
	ms_desc(&b, FFA_MEM_LEND_32, two, 2, &c, 1);
	b.attributes = MEM_ATTR_NOT_SPECIFIED;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.attributes = MEM_ATTR_DEVICE_NGNRNE;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	still_works(MS_PAGE(0));
}

/* Composite and constituents. */
TEST(send_err, constituents)
{
	struct ffa_mem_constituent c[2] = { { MS_PAGE(0), 2, 0 },
					    { MS_PAGE(1), 1, 0 } };
	struct mem_build b;
	uint16_t id = MS_SP_A;
	struct ffa_value ret;

	/* Overlap, also in the other order. */
	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, c, 2);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	c[0].address = MS_PAGE(1);
	c[1].address = MS_PAGE(0);
	c[1].page_count = 2;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* Empty, unaligned, wrapping, reserved field. */
	c[0] = (struct ffa_mem_constituent){ MS_PAGE(0), 0, 0 };
	b.constituent_count = 1;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	c[0] = (struct ffa_mem_constituent){ MS_PAGE(0) + 0x800, 1, 0 };
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	c[0] = (struct ffa_mem_constituent){ 0xFFFFFFFFFFFFF000ULL, 2, 0 };
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	c[0] = (struct ffa_mem_constituent){ MS_PAGE(0), 1, 1 };
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	/* No constituent; composite total that does not add up. */
	c[0] = (struct ffa_mem_constituent){ MS_PAGE(0), 1, 0 };
	b.constituent_count = 0;
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	b.constituent_count = 1;
	ret = send_patched(FFA_MEM_LEND_32, &b, COMPOSITE1, 2, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ret = send_patched(FFA_MEM_LEND_32, &b, COMPOSITE1 + 4, 2, 4);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}

/*
 * Memory outside the SPMC manifest's `ns-memory`: the SPMC's and a
 * partition's secure memory, past its end, and a range crossing the end.
 */
TEST(send_err, outside_ns_memory)
{
	static const struct ffa_mem_constituent bad[] = {
		{ MS_SECURE_MEM, 1, 0 },
		{ 0x0e100000, 1, 0 },
		{ MS_OUTSIDE_NS, 1, 0 },
		{ MS_OUTSIDE_NS - FFA_PAGE_SIZE, 2, 0 },
		{ 0x09000000, 1, 0 },
	};
	struct mem_build b;
	uint16_t id = MS_SP_A;
	struct ffa_value ret;

	for (uint32_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ms_desc(&b, FFA_MEM_SHARE_32, &id, 1, &bad[i], 1);
		ret = ms_send(FFA_MEM_SHARE_32, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		ms_desc(&b, FFA_MEM_LEND_64, &id, 1, &bad[i], 1);
		ret = ms_send(FFA_MEM_LEND_64, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		ms_desc(&b, FFA_MEM_DONATE_32, &id, 1, &bad[i], 1);
		ret = ms_send(FFA_MEM_DONATE_32, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
		ret = ms_send(FFA_MEM_DONATE_64, &b);
		EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	}
	/* The last page inside is fine (not RAM here; nothing touches it). */
	still_works(MS_OUTSIDE_NS - FFA_PAGE_SIZE);
	still_works(MS_PAGE(0));
}

/* An aborted partition receives nothing; the others still do. */
TEST(send_err, aborted_receiver)
{
	static const uint16_t ids[] = { MS_SP_A, MS_SP_C };
	struct ffa_mem_constituent c = { MS_PAGE(0), 1, 0 };
	struct mem_build b;
	struct ffa_value ret;

	/* C touches memory it was never given: aborted. */
	ret = ms_sp_touch(MS_SP_C, MS_PAGE(0), true);
	ASSERT_EQ(ffa_fid(&ret), FFA_ERROR_32);
	ms_desc(&b, FFA_MEM_LEND_32, &ids[1], 1, &c, 1);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	ms_desc(&b, FFA_MEM_SHARE_32, ids, 2, &c, 1);
	ret = ms_send(FFA_MEM_SHARE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	still_works(MS_PAGE(0));
}
