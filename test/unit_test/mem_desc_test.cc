/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>
#include <vector>

extern "C" {
#include "spmc/mem_desc.h"
}

namespace
{

constexpr uint16_t kSender = 0x8001;
constexpr uint16_t kRecv1 = 0x8002;
constexpr uint16_t kRecv2 = 0x8003;
constexpr uint16_t kNormalWbInner = (FFA_MEM_TYPE_NORMAL << 4) |
				    (FFA_MEM_CACHE_WRITE_BACK << 2) |
				    FFA_MEM_SHARE_INNER;
constexpr uint8_t kRw = FFA_DATA_ACCESS_RW;
constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kCap = 16;

/** One endpoint memory access descriptor, as the builder writes it. */
struct Recv {
	uint16_t id;
	uint8_t perm;
	uint8_t flags = 0;
	uint32_t composite_offset = kNone; /* kNone: the builder's. */
	uint64_t reserved = 0;
	uint8_t impdef = 0; /* Fills the 16 impdef bytes (v1.2+). */
};

struct Cons {
	uint64_t base;
	uint32_t pages;
	uint32_t reserved = 0;
};

/**
 * Writes a memory transaction descriptor in the v1.0, v1.1 (16-byte
 * access descriptors) or v1.2 (32-byte) layout. Defaults are a valid lend
 * of two pages from kSender to kRecv1.
 */
struct Builder {
	uint32_t layout = FFA_VERSION_1_2;
	uint16_t sender = kSender;
	uint16_t attr = 0;
	uint32_t flags = 0;
	uint64_t handle = 0;
	uint64_t tag = 0;
	uint32_t access_size = 0;       /* 0: from the layout. */
	uint32_t receivers_offset = 48; /* v1.1+ only. */
	uint32_t receiver_count = kNone;
	std::vector<Recv> recv = { { kRecv1, kRw } };
	bool composite = true;
	uint32_t total_pages = kNone; /* kNone: the sum. */
	uint32_t count = kNone;       /* kNone: cons.size(). */
	uint64_t composite_reserved = 0;
	std::vector<Cons> cons = { { 0x100000, 2 } };
	std::vector<uint8_t> b;

	template <typename T> void put(size_t off, T v)
	{
		if (b.size() < off + sizeof(v)) {
			b.resize(off + sizeof(v));
		}
		memcpy(&b[off], &v, sizeof(v));
	}

	uint32_t asize() const
	{
		return access_size ? access_size
				   : (layout == FFA_VERSION_1_2 ? 32 : 16);
	}

	uint32_t roff() const
	{
		return layout == FFA_VERSION_1_0 ? 32 : receivers_offset;
	}

	std::vector<uint8_t> build()
	{
		b.assign(roff(), 0);
		put<uint16_t>(0, sender);
		if (layout == FFA_VERSION_1_0) {
			put<uint8_t>(2, (uint8_t)attr);
		} else {
			put<uint16_t>(2, attr);
			put<uint32_t>(24, asize());
			put<uint32_t>(32, receivers_offset);
		}
		put<uint32_t>(4, flags);
		put<uint64_t>(8, handle);
		put<uint64_t>(16, tag);
		put<uint32_t>(28, receiver_count == kNone ? recv.size()
							  : receiver_count);
		size_t coff = roff() + recv.size() * asize();
		for (size_t i = 0; i < recv.size(); i++) {
			write_recv(roff() + i * asize(), recv[i], coff);
		}
		if (composite) {
			write_composite(coff);
		}
		return b;
	}

	void write_recv(size_t o, const Recv &r, size_t coff)
	{
		put<uint16_t>(o, r.id);
		put<uint8_t>(o + 2, r.perm);
		put<uint8_t>(o + 3, r.flags);
		uint32_t c = r.composite_offset != kNone ? r.composite_offset
			     : composite                 ? (uint32_t)coff
							 : 0;
		put<uint32_t>(o + 4, c);
		for (uint32_t i = 8; i < asize() - 8; i++) {
			put<uint8_t>(o + i, r.impdef);
		}
		put<uint64_t>(o + asize() - 8, r.reserved);
	}

	void write_composite(size_t o)
	{
		uint32_t sum = 0;

		for (const Cons &c : cons) {
			sum += c.pages;
		}
		put<uint32_t>(o, total_pages == kNone ? sum : total_pages);
		put<uint32_t>(o + 4, count == kNone ? cons.size() : count);
		put<uint64_t>(o + 8, composite_reserved);
		o += 16;
		for (const Cons &c : cons) {
			put<uint64_t>(o, c.base);
			put<uint32_t>(o + 8, c.pages);
			put<uint32_t>(o + 12, c.reserved);
			o += 16;
		}
	}
};

/** Every test runs once per descriptor layout: v1.0, v1.1 and v1.2. */
class MemDescTest : public ::testing::TestWithParam<uint32_t>
{
      protected:
	Builder bld;
	mem_desc_constituent storage[kCap] = {};
	mem_desc d = {};
	mem_retrieve_req req = {};
	uint32_t version = 0; /* 0: the layout's own version. */
	uint16_t caller = kSender;
	bool nwd = false;
	std::vector<uint8_t> bytes;

	void SetUp() override
	{
		bld.layout = GetParam();
	}

	bool v1_0() const
	{
		return GetParam() == FFA_VERSION_1_0;
	}

	mem_desc_in input(uint32_t frag = kNone)
	{
		mem_desc_in in = {};

		in.buf = bytes.data();
		in.total_length = (uint32_t)bytes.size();
		in.fragment_length = frag == kNone ? in.total_length : frag;
		in.version = version ? version : GetParam();
		in.caller_id = caller;
		in.caller_is_nwd = nwd;
		return in;
	}

	mem_desc_error send(mem_desc_abi abi, uint32_t frag = kNone)
	{
		bytes = bld.build();
		mem_desc_in in = input(frag);
		d = {};
		d.constituents = storage;
		d.constituent_cap = kCap;
		return mem_desc_parse_send(&in, abi, &d);
	}

	mem_desc_error share()
	{
		bld.attr = kNormalWbInner;
		return send(MEM_DESC_SHARE);
	}

	mem_desc_error donate()
	{
		bld.recv[0].perm = 0;
		return send(MEM_DESC_DONATE);
	}

	mem_desc_error retrieve()
	{
		bld.composite = false;
		bytes = bld.build();
		mem_desc_in in = input();
		return mem_desc_parse_retrieve(&in, &req);
	}
};

#define EXPECT_MD(expr, err)                        \
	do {                                        \
		mem_desc_error e_ = (expr);         \
		EXPECT_EQ(e_, MEM_DESC_ERROR_##err) \
		    << mem_desc_error_name(e_);     \
	} while (0)

/* The same, for an expected value computed at run time. */
#define EXPECT_MDV(expr, err)                                    \
	do {                                                     \
		mem_desc_error e_ = (expr);                      \
		EXPECT_EQ(e_, (err)) << mem_desc_error_name(e_); \
	} while (0)

INSTANTIATE_TEST_SUITE_P(Layouts, MemDescTest,
			 ::testing::Values(FFA_VERSION_1_0, FFA_VERSION_1_1,
					   FFA_VERSION_1_2));

/* --- Valid descriptors and their normalized form. --- */

TEST_P(MemDescTest, lend_valid_normalized)
{
	bld.tag = 0x1234;
	bld.flags = FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE;
	bld.recv[0].perm = kRw | (FFA_INSTR_ACCESS_X << 2);
	bld.cons = { { 0x200000, 1 }, { 0x100000, 3 } };
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	EXPECT_EQ(d.layout, GetParam());
	EXPECT_EQ(d.sender, kSender);
	EXPECT_EQ(d.tag, 0x1234U);
	EXPECT_EQ(d.flags, FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE);
	EXPECT_EQ(d.attr.type, FFA_MEM_TYPE_NOT_SPECIFIED);
	ASSERT_EQ(d.receiver_count, 1U);
	EXPECT_EQ(d.receivers[0].id, kRecv1);
	EXPECT_EQ(d.receivers[0].data_access, FFA_DATA_ACCESS_RW);
	EXPECT_EQ(d.receivers[0].instr_access, FFA_INSTR_ACCESS_X);
	EXPECT_EQ(d.total_page_count, 4U);
	ASSERT_EQ(d.constituent_done, 2U);
	EXPECT_EQ(d.constituents[0].base, 0x200000U);
	EXPECT_EQ(d.constituents[1].page_count, 3U);
	EXPECT_TRUE(mem_desc_is_complete(&d));
}

TEST_P(MemDescTest, share_valid_two_receivers)
{
	bld.recv.push_back({ kRecv2, FFA_DATA_ACCESS_RO });
	EXPECT_MD(share(), SUCCESS);
	EXPECT_EQ(d.attr.type, FFA_MEM_TYPE_NORMAL);
	EXPECT_EQ(d.attr.cacheability, FFA_MEM_CACHE_WRITE_BACK);
	EXPECT_EQ(d.attr.shareability, FFA_MEM_SHARE_INNER);
	EXPECT_EQ(d.receivers[1].data_access, FFA_DATA_ACCESS_RO);
}

TEST_P(MemDescTest, donate_valid)
{
	EXPECT_MD(donate(), SUCCESS);
	EXPECT_EQ(d.receivers[0].data_access, FFA_DATA_ACCESS_NOT_SPECIFIED);
}

TEST_P(MemDescTest, impdef_carried_in_v1_2_layout)
{
	bld.recv[0].impdef = 0xA5;
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	EXPECT_EQ(d.receivers[0].impdef[15],
		  GetParam() == FFA_VERSION_1_2 ? 0xA5 : 0);
}

/* --- Lengths and header. --- */

TEST_P(MemDescTest, length_zero_or_fragment_over_total)
{
	bytes = bld.build();
	mem_desc_in in = input(0);
	d.constituents = storage;
	d.constituent_cap = kCap;
	EXPECT_MD(mem_desc_parse_send(&in, MEM_DESC_LEND, &d), LENGTH_INVALID);
	in = input((uint32_t)bytes.size() + 1);
	EXPECT_MD(mem_desc_parse_send(&in, MEM_DESC_LEND, &d), LENGTH_INVALID);
}

TEST_P(MemDescTest, header_truncated)
{
	EXPECT_MD(send(MEM_DESC_LEND, v1_0() ? 31 : 47), TRUNCATED);
}

TEST_P(MemDescTest, receivers_past_fragment)
{
	bld.receiver_count = 2;
	bld.composite = false;
	bld.recv[0].composite_offset = 0;
	EXPECT_MD(send(MEM_DESC_LEND), TRUNCATED);
}

TEST_P(MemDescTest, header_mbz)
{
	bytes = bld.build();
	bytes[v1_0() ? 3 : 40] = 1;
	mem_desc_in in = input();
	d.constituents = storage;
	d.constituent_cap = kCap;
	EXPECT_MD(mem_desc_parse_send(&in, MEM_DESC_LEND, &d), HEADER_MBZ);
}

TEST_P(MemDescTest, access_size_invalid)
{
	if (v1_0()) {
		GTEST_SKIP() << "no size field in v1.0";
	}
	bld.access_size = 24;
	EXPECT_MD(send(MEM_DESC_LEND), ACCESS_SIZE_INVALID);
}

TEST_P(MemDescTest, access_size_newer_than_caller)
{
	if (v1_0()) {
		GTEST_SKIP() << "no size field in v1.0";
	}
	bld.layout = FFA_VERSION_1_2;
	version = FFA_VERSION_1_1;
	EXPECT_MD(send(MEM_DESC_LEND), ACCESS_SIZE_VERSION);
	/* An older layout from a newer caller is accepted. */
	bld.layout = FFA_VERSION_1_1;
	version = FFA_VERSION_1_3;
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	EXPECT_EQ(d.layout, FFA_VERSION_1_1);
}

TEST_P(MemDescTest, receivers_offset_rules)
{
	if (v1_0()) {
		GTEST_SKIP() << "fixed offset in v1.0";
	}
	bld.receivers_offset = 40;
	EXPECT_MD(send(MEM_DESC_LEND), RECEIVERS_OFFSET_INVALID);
	bld.receivers_offset = 52;
	EXPECT_MD(send(MEM_DESC_LEND), RECEIVERS_OFFSET_INVALID);
	bld.receivers_offset = 64;
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	bytes[56] = 1; /* The gap before the receivers is MBZ. */
	mem_desc_in in = input();
	EXPECT_MD(mem_desc_parse_send(&in, MEM_DESC_LEND, &d), HEADER_MBZ);
}

TEST_P(MemDescTest, handle_must_be_zero_on_send)
{
	bld.handle = 1;
	EXPECT_MD(send(MEM_DESC_LEND), HANDLE_NOT_ZERO);
}

TEST_P(MemDescTest, sender_must_be_caller)
{
	caller = 0x8005;
	EXPECT_MD(send(MEM_DESC_LEND), SENDER_NOT_CALLER);
	EXPECT_EQ(mem_desc_error_code(MEM_DESC_ERROR_SENDER_NOT_CALLER),
		  FFA_DENIED);
}

TEST_P(MemDescTest, nwd_sender_must_be_non_secure)
{
	nwd = true;
	EXPECT_MD(send(MEM_DESC_LEND), SENDER_NOT_CALLER);
	bld.sender = 0x0001;
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
}

/* --- Receivers. --- */

TEST_P(MemDescTest, receiver_count_zero)
{
	bld.recv.clear();
	bld.composite = false;
	EXPECT_MD(send(MEM_DESC_LEND), RECEIVER_COUNT_ZERO);
}

TEST_P(MemDescTest, too_many_receivers)
{
	bld.recv.clear();
	for (uint16_t i = 0; i <= PLAT_MAX_MEM_RECEIVERS; i++) {
		bld.recv.push_back({ (uint16_t)(0x8002 + i), kRw });
	}
	EXPECT_MD(share(), TOO_MANY_RECEIVERS);
	bld.recv.pop_back();
	EXPECT_MD(share(), SUCCESS);
}

TEST_P(MemDescTest, donate_exactly_one_receiver)
{
	bld.recv.push_back({ kRecv2, 0 });
	EXPECT_MD(donate(), DONATE_MULTIPLE_RECEIVERS);
}

TEST_P(MemDescTest, duplicate_receiver)
{
	bld.recv.push_back({ kRecv1, kRw });
	EXPECT_MD(share(), DUPLICATE_RECEIVER);
}

TEST_P(MemDescTest, receiver_is_sender)
{
	bld.recv[0].id = kSender;
	EXPECT_MD(send(MEM_DESC_LEND), RECEIVER_IS_SENDER);
}

TEST_P(MemDescTest, access_reserved_mbz)
{
	bld.recv[0].reserved = 1;
	EXPECT_MD(send(MEM_DESC_LEND), ACCESS_MBZ);
}

TEST_P(MemDescTest, receiver_flags_refused_on_send)
{
	bld.recv[0].flags = FFA_MEM_RECV_FLAG_NON_RETRIEVAL;
	EXPECT_MD(send(MEM_DESC_LEND), RECEIVER_FLAGS_INVALID);
}

/* --- Permissions per ABI. --- */

TEST_P(MemDescTest, perm_mbz_and_reserved_values)
{
	bld.recv[0].perm = kRw | 0x10;
	EXPECT_MD(send(MEM_DESC_LEND), PERM_MBZ);
	bld.recv[0].perm = FFA_DATA_ACCESS_RESERVED;
	EXPECT_MD(send(MEM_DESC_LEND), DATA_ACCESS_INVALID);
	bld.recv[0].perm = kRw | (FFA_INSTR_ACCESS_RESERVED << 2);
	EXPECT_MD(send(MEM_DESC_LEND), INSTR_ACCESS_INVALID);
}

TEST_P(MemDescTest, data_access_per_abi)
{
	bld.recv[0].perm = FFA_DATA_ACCESS_NOT_SPECIFIED;
	EXPECT_MD(share(), DATA_ACCESS_INVALID);
	EXPECT_MD(send(MEM_DESC_LEND), DATA_ACCESS_INVALID);
	bld.attr = 0;
	bld.recv[0].perm = FFA_DATA_ACCESS_RO;
	EXPECT_MD(send(MEM_DESC_DONATE), DATA_ACCESS_INVALID);
}

TEST_P(MemDescTest, instr_access_per_abi)
{
	bld.recv[0].perm = kRw | (FFA_INSTR_ACCESS_NX << 2);
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	EXPECT_MD(share(), INSTR_ACCESS_INVALID);
	bld.recv.push_back({ kRecv2, kRw });
	EXPECT_MD(send(MEM_DESC_LEND), INSTR_ACCESS_INVALID);
	bld.recv.pop_back();
	bld.attr = 0;
	bld.recv[0].perm = FFA_INSTR_ACCESS_NX << 2;
	EXPECT_MD(send(MEM_DESC_DONATE), INSTR_ACCESS_INVALID);
}

/* --- Memory region attributes per ABI. --- */

TEST_P(MemDescTest, attr_mbz_and_ns)
{
	bld.attr = kNormalWbInner | 0x80;
	EXPECT_MD(send(MEM_DESC_SHARE), ATTR_MBZ);
	bld.attr = kNormalWbInner | FFA_MEM_ATTR_NS;
	bytes = bld.build();
	mem_desc_in in = input();
	EXPECT_MDV(mem_desc_parse_send(&in, MEM_DESC_SHARE, &d),
		   v1_0() ? MEM_DESC_ERROR_ATTR_MBZ
			  : MEM_DESC_ERROR_ATTR_NS_SET);
}

TEST_P(MemDescTest, attr_reserved_values)
{
	bld.recv.push_back({ kRecv2, kRw });
	for (uint16_t attr : { 0x30, 0x23, 0x2B, 0x2D, 0x03 }) {
		bld.attr = attr;
		SCOPED_TRACE(attr);
		EXPECT_MD(send(MEM_DESC_LEND), ATTR_RESERVED_VALUE);
	}
}

TEST_P(MemDescTest, attr_type_left_to_borrower_for_donate_and_lend_one)
{
	bld.attr = kNormalWbInner;
	EXPECT_MD(send(MEM_DESC_LEND), ATTR_TYPE_SPECIFIED);
	bld.recv[0].perm = 0;
	EXPECT_MD(send(MEM_DESC_DONATE), ATTR_TYPE_SPECIFIED);
}

TEST_P(MemDescTest, attr_type_required_for_share_and_lend_many)
{
	bld.attr = 0;
	EXPECT_MD(send(MEM_DESC_SHARE), ATTR_TYPE_MISSING);
	bld.recv.push_back({ kRecv2, kRw });
	EXPECT_MD(send(MEM_DESC_LEND), ATTR_TYPE_MISSING);
	bld.attr = kNormalWbInner;
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
}

TEST_P(MemDescTest, attr_share_device_denied)
{
	bld.attr = (FFA_MEM_TYPE_DEVICE << 4) | (FFA_MEM_DEV_NGNRE << 2);
	EXPECT_MD(send(MEM_DESC_SHARE), ATTR_DEVICE_REFUSED);
	EXPECT_EQ(mem_desc_error_code(MEM_DESC_ERROR_ATTR_DEVICE_REFUSED),
		  FFA_DENIED);
}

TEST_P(MemDescTest, attr_share_not_wb_inner_denied)
{
	bld.attr = (FFA_MEM_TYPE_NORMAL << 4) |
		   (FFA_MEM_CACHE_NON_CACHEABLE << 2) | FFA_MEM_SHARE_INNER;
	EXPECT_MD(send(MEM_DESC_SHARE), ATTR_NOT_WB_INNER);
	bld.attr = (FFA_MEM_TYPE_NORMAL << 4) |
		   (FFA_MEM_CACHE_WRITE_BACK << 2) | FFA_MEM_SHARE_OUTER;
	EXPECT_MD(send(MEM_DESC_SHARE), ATTR_NOT_WB_INNER);
}

/* --- Flags per ABI. --- */

TEST_P(MemDescTest, send_flags)
{
	bld.flags = FFA_MEM_FLAG_CLEAR_RELINQUISH;
	EXPECT_MD(send(MEM_DESC_LEND), FLAGS_INVALID);
	bld.flags = 1U << 31;
	EXPECT_MD(send(MEM_DESC_LEND), FLAGS_INVALID);
	bld.flags = FFA_MEM_FLAG_CLEAR;
	EXPECT_MD(share(), CLEAR_ON_SHARE);
	bld.flags = FFA_MEM_FLAG_TIME_SLICE;
	EXPECT_MD(share(), SUCCESS);
	bld.attr = 0;
	bld.flags = FFA_MEM_FLAG_CLEAR;
	EXPECT_MD(donate(), SUCCESS);
}

/* --- Composite descriptor. --- */

TEST_P(MemDescTest, composite_offset_mismatch)
{
	bld.recv.push_back({ kRecv2, kRw, 0, 8 });
	EXPECT_MD(share(), COMPOSITE_OFFSET_MISMATCH);
}

TEST_P(MemDescTest, composite_offset_invalid)
{
	for (uint32_t off : { 8U, 0U, 1000U }) {
		bld.recv[0].composite_offset = off;
		SCOPED_TRACE(off);
		EXPECT_MD(send(MEM_DESC_LEND), COMPOSITE_OFFSET_INVALID);
	}
	bld.recv[0].composite_offset = bld.roff() + bld.asize() + 4;
	EXPECT_MD(send(MEM_DESC_LEND), COMPOSITE_OFFSET_INVALID);
}

TEST_P(MemDescTest, composite_mbz_and_empty)
{
	bld.composite_reserved = 1;
	EXPECT_MD(send(MEM_DESC_LEND), COMPOSITE_MBZ);
	bld.composite_reserved = 0;
	bld.cons.clear();
	EXPECT_MD(send(MEM_DESC_LEND), NO_CONSTITUENTS);
}

TEST_P(MemDescTest, total_length_must_end_at_last_constituent)
{
	bytes = bld.build();
	bytes.push_back(0);
	mem_desc_in in = input();
	d.constituents = storage;
	d.constituent_cap = kCap;
	EXPECT_MD(mem_desc_parse_send(&in, MEM_DESC_LEND, &d), LENGTH_INVALID);
	bld.count = 2; /* Declares one constituent more than sent. */
	EXPECT_MD(send(MEM_DESC_LEND), LENGTH_INVALID);
}

TEST_P(MemDescTest, constituents_beyond_capacity_no_memory)
{
	bld.cons.clear();
	for (uint32_t i = 0; i <= kCap; i++) {
		bld.cons.push_back({ 0x100000 + i * 0x1000ULL, 1 });
	}
	EXPECT_MD(send(MEM_DESC_LEND), TOO_MANY_CONSTITUENTS);
	EXPECT_EQ(mem_desc_error_code(MEM_DESC_ERROR_TOO_MANY_CONSTITUENTS),
		  FFA_NO_MEMORY);
	bld.cons.pop_back();
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
}

/* --- Constituents. --- */

TEST_P(MemDescTest, constituent_rules)
{
	bld.cons = { { 0x100000, 0 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_EMPTY);
	bld.cons = { { 0x100800, 1 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_UNALIGNED);
	bld.cons = { { 0xFFFFFFFFFFFFF000ULL, 2 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_OVERFLOW);
	bld.cons = { { 0xFFFFFFFFFFFFF000ULL, 1 } }; /* Ends at 2^64. */
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_OVERFLOW);
	bld.cons = { { 0xFFFFFFFFFFFFE000ULL, 1 } };
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
	bld.cons = { { 0x100000, 1, 7 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_MBZ);
}

TEST_P(MemDescTest, constituents_overlap)
{
	bld.cons = { { 0x100000, 2 }, { 0x101000, 1 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_OVERLAP);
	/* Out of order: found by the pairwise comparison. */
	bld.cons = { { 0x200000, 1 }, { 0x100000, 1 }, { 0x0FF000, 2 } };
	EXPECT_MD(send(MEM_DESC_LEND), CONSTITUENT_OVERLAP);
	bld.cons = { { 0x200000, 1 }, { 0x100000, 1 }, { 0x101000, 1 } };
	EXPECT_MD(send(MEM_DESC_LEND), SUCCESS);
}

TEST_P(MemDescTest, total_page_count_must_match)
{
	bld.total_pages = 3;
	EXPECT_MD(send(MEM_DESC_LEND), PAGE_COUNT_MISMATCH);
	bld.total_pages = 1;
	EXPECT_MD(send(MEM_DESC_LEND), PAGE_COUNT_MISMATCH);
}

/* --- Fragments (FFA_MEM_FRAG_TX). --- */

TEST_P(MemDescTest, two_fragments)
{
	bld.cons = { { 0x100000, 1 }, { 0x300000, 2 }, { 0x200000, 1 } };
	uint32_t first = (uint32_t)bld.build().size() - 32;
	EXPECT_MD(send(MEM_DESC_LEND, first), SUCCESS);
	EXPECT_FALSE(mem_desc_is_complete(&d));
	EXPECT_EQ(d.constituent_done, 1U);
	mem_desc saved = d;
	/* A bad fragment changes nothing; the good one then succeeds. */
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 24), FRAGMENT_SPLIT);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 0), FRAGMENT_SPLIT);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 48),
		  FRAGMENT_TOO_LONG);
	EXPECT_EQ(memcmp(&saved, &d, sizeof(d)), 0);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 16), SUCCESS);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first + 16], 16), SUCCESS);
	EXPECT_TRUE(mem_desc_is_complete(&d));
	EXPECT_EQ(d.constituents[2].base, 0x200000U);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 16),
		  ALREADY_COMPLETE);
}

TEST_P(MemDescTest, first_fragment_split_mid_constituent)
{
	uint32_t n = (uint32_t)bld.build().size() - 8;
	EXPECT_MD(send(MEM_DESC_LEND, n), FRAGMENT_SPLIT);
}

TEST_P(MemDescTest, fragment_overlap_and_page_count_checked)
{
	bld.cons = { { 0x100000, 1 }, { 0x100000, 1 } };
	uint32_t first = (uint32_t)bld.build().size() - 16;
	EXPECT_MD(send(MEM_DESC_LEND, first), SUCCESS);
	mem_desc saved = d;
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 16),
		  CONSTITUENT_OVERLAP);
	EXPECT_EQ(memcmp(&saved, &d, sizeof(d)), 0);
	bld.cons = { { 0x100000, 1 }, { 0x200000, 1 } };
	bld.total_pages = 3;
	EXPECT_MD(send(MEM_DESC_LEND, first), SUCCESS);
	EXPECT_MD(mem_desc_add_fragment(&d, &bytes[first], 16),
		  PAGE_COUNT_MISMATCH);
}

TEST_P(MemDescTest, composite_header_must_be_in_first_fragment)
{
	uint32_t n = (uint32_t)bld.build().size() - 24;
	EXPECT_MD(send(MEM_DESC_LEND, n), COMPOSITE_OFFSET_INVALID);
}

/* --- Retrieve requests. --- */

TEST_P(MemDescTest, retrieve_valid)
{
	caller = kRecv1;
	bld.handle = FFA_MEM_HANDLE_ALLOCATOR_HYP | 7;
	bld.tag = 9;
	bld.flags = (FFA_MEM_FLAG_TYPE_LEND << 3) | FFA_MEM_FLAG_CLEAR |
		    FFA_MEM_FLAG_HINT_VALID | (5U << 5);
	bld.recv[0].flags = FFA_MEM_RECV_FLAG_NON_RETRIEVAL;
	EXPECT_MD(retrieve(), SUCCESS);
	EXPECT_EQ(req.handle, FFA_MEM_HANDLE_ALLOCATOR_HYP | 7);
	EXPECT_TRUE(req.handle_from_hyp);
	EXPECT_EQ(req.type, FFA_MEM_FLAG_TYPE_LEND);
	EXPECT_TRUE(req.hint_valid);
	EXPECT_EQ(req.hint, 5);
	EXPECT_EQ(req.tag, 9U);
	EXPECT_FALSE(req.hyp_request);
	ASSERT_EQ(req.receiver_count, 1U);
	EXPECT_EQ(req.receivers[0].flags, FFA_MEM_RECV_FLAG_NON_RETRIEVAL);
}

TEST_P(MemDescTest, retrieve_length_rules)
{
	bld.composite = false;
	bytes = bld.build();
	mem_desc_in in = input((uint32_t)bytes.size() - 16);
	EXPECT_MD(mem_desc_parse_retrieve(&in, &req), LENGTH_INVALID);
	bytes.resize(bytes.size() + 16);
	in = input();
	EXPECT_MD(mem_desc_parse_retrieve(&in, &req), LENGTH_INVALID);
}

TEST_P(MemDescTest, retrieve_handle_invalid)
{
	bld.handle = FFA_MEM_HANDLE_INVALID;
	EXPECT_MD(retrieve(), HANDLE_INVALID);
}

TEST_P(MemDescTest, retrieve_hypervisor_request)
{
	bld.recv.clear();
	bld.sender = 0;
	bld.handle = 3;
	EXPECT_MD(retrieve(), HYP_RETRIEVE_INVALID);
	nwd = true;
	EXPECT_MD(retrieve(), SUCCESS);
	EXPECT_TRUE(req.hyp_request);
	bld.tag = 1;
	EXPECT_MD(retrieve(), HYP_RETRIEVE_INVALID);
}

TEST_P(MemDescTest, retrieve_flags)
{
	bld.flags = 1U << 11;
	EXPECT_MD(retrieve(), FLAGS_INVALID);
	bld.flags = 3U << 5;
	EXPECT_MD(retrieve(), HINT_WITHOUT_VALID);
	bld.flags = (FFA_MEM_FLAG_TYPE_SHARE << 3) | FFA_MEM_FLAG_CLEAR;
	EXPECT_MD(retrieve(), CLEAR_ON_SHARE);
	bld.flags =
	    (FFA_MEM_FLAG_TYPE_SHARE << 3) | FFA_MEM_FLAG_CLEAR_RELINQUISH;
	EXPECT_MD(retrieve(), CLEAR_ON_SHARE);
	bld.flags = FFA_MEM_FLAG_CLEAR_RELINQUISH | FFA_MEM_FLAG_TIME_SLICE;
	EXPECT_MD(retrieve(), SUCCESS);
}

TEST_P(MemDescTest, retrieve_bypass_needs_v1_2)
{
	bld.flags = FFA_MEM_FLAG_BYPASS_BORROWERS;
	EXPECT_MDV(retrieve(), GetParam() >= FFA_VERSION_1_2
				   ? MEM_DESC_ERROR_SUCCESS
				   : MEM_DESC_ERROR_BYPASS_NOT_SUPPORTED);
}

TEST_P(MemDescTest, retrieve_receivers)
{
	bld.recv[0].flags = 2;
	EXPECT_MD(retrieve(), RECEIVER_FLAGS_INVALID);
	bld.recv[0].flags = 0;
	bld.recv[0].composite_offset = 64;
	EXPECT_MD(retrieve(), RETRIEVE_COMPOSITE_SET);
	bld.recv[0].composite_offset = kNone;
	bld.recv.push_back({ kRecv1, kRw });
	EXPECT_MD(retrieve(), DUPLICATE_RECEIVER);
	bld.recv[1] = { kRecv2, FFA_DATA_ACCESS_RESERVED };
	EXPECT_MD(retrieve(), DATA_ACCESS_INVALID);
}

TEST_P(MemDescTest, retrieve_attributes)
{
	bld.attr = kNormalWbInner;
	EXPECT_MD(retrieve(), SUCCESS);
	EXPECT_EQ(req.attr.type, FFA_MEM_TYPE_NORMAL);
	bld.attr = kNormalWbInner | FFA_MEM_ATTR_NS;
	EXPECT_MDV(retrieve(), v1_0() ? MEM_DESC_ERROR_ATTR_MBZ
				      : MEM_DESC_ERROR_ATTR_NS_SET);
}

/* --- Error table. --- */

TEST(MemDescError, every_value_named_with_ffa_code)
{
	for (int i = 0; i < MEM_DESC_ERROR_COUNT; i++) {
		auto e = static_cast<mem_desc_error>(i);
		ASSERT_NE(mem_desc_error_name(e), nullptr) << i;
		EXPECT_EQ(mem_desc_error_code(e) == 0,
			  e == MEM_DESC_ERROR_SUCCESS)
		    << mem_desc_error_name(e);
		EXPECT_LE(mem_desc_error_code(e), 0);
	}
	EXPECT_EQ(mem_desc_error_name(MEM_DESC_ERROR_COUNT), nullptr);
	EXPECT_EQ(mem_desc_error_code(MEM_DESC_ERROR_COUNT), 0);
	EXPECT_STREQ(mem_desc_error_name(MEM_DESC_ERROR_DUPLICATE_RECEIVER),
		     "MEM_DESC_ERROR_DUPLICATE_RECEIVER");
}

} /* namespace */
