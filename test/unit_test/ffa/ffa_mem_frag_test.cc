/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Fragmented descriptors both ways (FFA_MEM_FRAG_TX from the sender,
 * FFA_MEM_FRAG_RX for the retrieve response) and the retrieve response
 * layouts of FF-A v1.0, v1.1 and v1.2, read byte by byte.
 */

#include "ffa_mem_fixture.h"

namespace
{

using FfaMemFrag = FfaMemTest;

template <class T> T rd(const uint8_t *p, size_t off)
{
	T v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* `n` one-page constituents, adjacent, from `base`. */
std::vector<ffa_mem_constituent> pages(uint64_t base, uint32_t n)
{
	std::vector<ffa_mem_constituent> c;

	for (uint32_t i = 0; i < n; i++) {
		c.push_back({ base + i * 4096ULL, 1, 0 });
	}
	return c;
}

/*
 * 600 constituents: the send takes three fragments, the response to a
 * v1.2 borrower three as well.
 */
TEST_F(FfaMemFrag, NwdShareFragmentedBothWays)
{
	std::vector<ffa_mem_constituent> cons = pages(nwd_mem(0), 600);
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);
	ASSERT_EQ(d.size(), 96U + 600 * 16);

	/* First fragment: header and 250 constituents. */
	ffa_value r = send_first(kNwd, FFA_MEM_SHARE_64, d, 4096);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32) << (int32_t)r.x[2];
	uint64_t h = frag_handle(r);
	EXPECT_EQ((uint32_t)r.x[3], 4096U);
	EXPECT_EQ((uint32_t)r.x[4], 0U);
	EXPECT_EQ(store_count(), 1U);
	/* Not taken from the sender before the descriptor is whole. */
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_NS);

	r = frag_tx(kNwd, h, d, 4096, 4096);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32) << (int32_t)r.x[2];
	EXPECT_EQ(frag_handle(r), h);
	EXPECT_EQ((uint32_t)r.x[3], 8192U);
	r = frag_tx(kNwd, h, d, 8192, (uint32_t)d.size() - 8192);
	ASSERT_FFA_SUCCESS(r);
	EXPECT_EQ(handle_of(r), h);
	EXPECT_EQ(granule(nwd_mem(0)).state, GRANULE_SHARED);
	EXPECT_EQ(granule(nwd_mem(599)).state, GRANULE_SHARED);
	EXPECT_EQ(granule(nwd_mem(600)).state, GRANULE_NS);

	r = retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_EQ((uint32_t)r.x[1], 96U + 600 * 16);
	EXPECT_EQ((uint32_t)r.x[2], 4096U);
	EXPECT_EQ(p(kSp1)->mailbox.rx_owner, RX_OWNER_CONSUMER);
	/* Mapped at the retrieve, before the response is complete. */
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 600),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);

	/* A wrong offset changes nothing. */
	MemSnap before = snap();
	EXPECT_FFA_ERROR(frag_rx(kSp1, h, 4080), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(frag_rx(kSp1, h, 0), FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(frag_rx(kSp2, h, 4096), FFA_INVALID_PARAMETERS);
	EXPECT_SNAP_EQ(before, snap());

	int frags = 0;
	std::vector<uint8_t> resp = collect(kSp1, h, r, &frags);
	EXPECT_EQ(frags, 3);
	ASSERT_EQ(resp.size(), 96U + 600 * 16);
	mem_resp_view view;
	ASSERT_TRUE(mem_parse_resp(resp.data(), (uint32_t)resp.size(),
				   FFA_VERSION_1_2, &view));
	EXPECT_EQ(view.constituent_count, 600U);
	EXPECT_EQ(view.total_page_count, 600U);
	for (uint32_t i = 0; i < 600; i++) {
		size_t off = view.constituents_offset + i * 16;
		ASSERT_EQ(rd<uint64_t>(resp.data(), off), cons[i].address);
		ASSERT_EQ(rd<uint32_t>(resp.data(), off + 8), 1U);
	}
	/* Complete: no more fragments. */
	EXPECT_FFA_ERROR(frag_rx(kSp1, h, (uint32_t)resp.size()),
			 FFA_INVALID_PARAMETERS);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	/* Retrieved: a second retrieve is refused. */
	EXPECT_FFA_ERROR(retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64)),
			 FFA_DENIED);

	/* The normal world's hypervisor request, also in fragments. */
	mem_build hreq{};
	hreq.layout = FFA_VERSION_1_2;
	hreq.handle = h;
	r = retrieve(kNwd, hreq);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	std::vector<uint8_t> hresp = collect(kNwd, h, r, &frags);
	EXPECT_EQ(frags, 3);
	EXPECT_EQ(hresp.size(), resp.size());
	ASSERT_FFA_SUCCESS(rx_release(kNwd));

	ASSERT_FFA_SUCCESS(relinquish(kSp1, h));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_EQ(granule(nwd_mem(599)).state, GRANULE_NS);
	EXPECT_EQ(mode(kSp1, true, nwd_mem(0), 600), MM_MODE_UNMAPPED);
}

/* SP to SP, fragmented send and a donate whose response is fragmented. */
TEST_F(FfaMemFrag, SpDonateFragmentedResponse)
{
	std::vector<ffa_mem_constituent> cons;
	for (uint32_t i = 0; i < 256; i++) {
		cons.push_back({ at(kBigOffset) + i * 0x2000, 1, 0 });
	}
	mem_build b = desc(kSp1, { { kSp2, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kSp1, FFA_MEM_DONATE_64, b);
	EXPECT_EQ(mode(kSp1, false, at(kBigOffset)),
		  kRWX | kOwnEx | MM_MODE_INVALID);

	ffa_value r = retrieve(kSp2, request(b, h, FFA_MEM_DONATE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	ASSERT_LT((uint32_t)r.x[2], (uint32_t)r.x[1]);
	/* Still there until the last fragment is delivered. */
	EXPECT_EQ(store_count(), 1U);
	EXPECT_EQ(mode(kSp1, false, at(kBigOffset)), MM_MODE_UNMAPPED);
	EXPECT_EQ(mode(kSp2, false, at(kBigOffset)), kRW | kOwnEx);
	EXPECT_FFA_ERROR(reclaim(kSp1, h), FFA_DENIED);
	int frags = 0;
	std::vector<uint8_t> resp = collect(kSp2, h, r, &frags);
	EXPECT_EQ(frags, 2);
	EXPECT_EQ(store_count(), 0U);
	EXPECT_FFA_ERROR(reclaim(kSp1, h), FFA_INVALID_PARAMETERS);
	/* The odd pages stayed the sender's. */
	EXPECT_EQ(mode(kSp1, false, at(kBigOffset) + 0x1000), kRWX | kOwnEx);
}

/* The NWd's descriptors in the v1.0 layout, answered in each SP's. */
TEST_F(FfaMemFrag, NwdSendsV10Layout)
{
	nwd_endpoint()->ffa_version = FFA_VERSION_1_0;
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW }, { kSp3, kPermRW } }, cons);
	b.layout = FFA_VERSION_1_0;

	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_SHARE_64);
	retrieve_ok(kSp3, b, h, FFA_MEM_SHARE_64);
	EXPECT_EQ(mode(kSp3, true, nwd_mem(0)),
		  kRW | MM_MODE_NS | MM_MODE_SHARED);
	/* A v1.2 layout from a v1.0 caller is refused. */
	b.layout = FFA_VERSION_1_2;
	EXPECT_FFA_ERROR(send(kNwd, FFA_MEM_SHARE_64, b),
			 FFA_INVALID_PARAMETERS);
}

/*
 * Response layouts, read at the offsets FF-A gives: the NWd shares two
 * pages with SP1 (RW) and SP2 (RO); SP2, of each version, retrieves.
 */
class FfaMemLayout : public FfaMemTest,
		     public ::testing::WithParamInterface<uint32_t>
{
};

TEST_P(FfaMemLayout, RetrieveResponse)
{
	uint32_t v = GetParam();
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 },
						  { nwd_mem(5), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW }, { kSp2, kPermRO } }, cons,
			   MEM_ATTR_NORMAL_WB_IS, 0, 0xABCDEF);
	std::vector<uint8_t> d = bytes(b);
	/* SP1's v1.2 access descriptor: 16 impdef bytes from offset 8. */
	for (uint32_t i = 0; i < 16; i++) {
		d[48 + 8 + i] = (uint8_t)(0xA0 + i);
	}
	ffa_value r = send_first(kNwd, FFA_MEM_SHARE_64, d, (uint32_t)d.size());
	ASSERT_FFA_SUCCESS(r);
	uint64_t h = handle_of(r);

	p(kSp2)->ffa_version = v;
	mem_build req = request(b, h, FFA_MEM_SHARE_64, kPermRONX);
	req.layout = v;
	r = retrieve(kSp2, req);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32)
	    << (int32_t)r.x[2];
	const uint8_t *x = rx_ptr(kSp2);
	bool v10 = v == FFA_VERSION_1_0;
	uint32_t hdr = v10 ? 32 : 48;
	uint32_t asz = v >= FFA_VERSION_1_2 ? 32 : 16;
	uint32_t comp = hdr + 2 * asz;
	uint32_t total = comp + 16 + 2 * 16;
	EXPECT_EQ((uint32_t)r.x[1], total);
	EXPECT_EQ((uint32_t)r.x[2], total);

	/* Header. Attributes: Normal WB Inner-shareable, NS (bit 6). */
	EXPECT_EQ(rd<uint16_t>(x, 0), kVm);
	if (v10) {
		/* Bit 6: see FfaMemKnownBug.V10ResponseHasNoNsBit. */
		EXPECT_EQ(x[2] & 0x3F, 0x2F);
		EXPECT_EQ(x[3], 0);
		EXPECT_EQ(rd<uint32_t>(x, 24), 0U);
	} else {
		EXPECT_EQ(rd<uint16_t>(x, 2), 0x2F | FFA_MEM_ATTR_NS);
		EXPECT_EQ(rd<uint32_t>(x, 24), asz);
		EXPECT_EQ(rd<uint32_t>(x, 32), 48U);
		for (uint32_t i = 36; i < 48; i++) {
			EXPECT_EQ(x[i], 0) << i;
		}
	}
	EXPECT_EQ(rd<uint32_t>(x, 4),
		  FFA_MEM_FLAG_TYPE_SHARE << FFA_MEM_FLAG_TYPE_SHIFT);
	EXPECT_EQ(rd<uint64_t>(x, 8), h);
	EXPECT_EQ(rd<uint64_t>(x, 16), 0xABCDEFU);
	EXPECT_EQ(rd<uint32_t>(x, 28), 2U);

	/* Every receiver: SP1 as sent, SP2 as granted. */
	const uint8_t *a0 = x + hdr;
	const uint8_t *a1 = x + hdr + asz;
	EXPECT_EQ(rd<uint16_t>(a0, 0), kSp1);
	EXPECT_EQ(a0[2], kPermRW);
	EXPECT_EQ(rd<uint32_t>(a0, 4), comp);
	EXPECT_EQ(rd<uint16_t>(a1, 0), kSp2);
	EXPECT_EQ(a1[2], kPermRONX);
	EXPECT_EQ(rd<uint32_t>(a1, 4), comp);
	if (asz == 32) {
		for (uint32_t i = 0; i < 16; i++) {
			EXPECT_EQ(a0[8 + i], 0xA0 + i) << "impdef " << i;
			EXPECT_EQ(a1[8 + i], 0) << "impdef " << i;
		}
		EXPECT_EQ(rd<uint64_t>(a0, 24), 0U);
	} else {
		EXPECT_EQ(rd<uint64_t>(a0, 8), 0U);
	}

	/* One composite, every constituent, addresses = IPA = PA. */
	EXPECT_EQ(rd<uint32_t>(x, comp), 3U);
	EXPECT_EQ(rd<uint32_t>(x, comp + 4), 2U);
	EXPECT_EQ(rd<uint64_t>(x, comp + 8), 0U);
	EXPECT_EQ(rd<uint64_t>(x, comp + 16), nwd_mem(0));
	EXPECT_EQ(rd<uint32_t>(x, comp + 24), 1U);
	EXPECT_EQ(rd<uint64_t>(x, comp + 32), nwd_mem(5));
	EXPECT_EQ(rd<uint32_t>(x, comp + 40), 2U);
	EXPECT_EQ(rd<uint32_t>(x, comp + 44), 0U);

	ASSERT_FFA_SUCCESS(rx_release(kSp2));
	EXPECT_EQ(mode(kSp2, true, nwd_mem(5), 2),
		  MM_MODE_R | MM_MODE_NS | MM_MODE_SHARED);
}

INSTANTIATE_TEST_SUITE_P(Versions, FfaMemLayout,
			 ::testing::Values(FFA_VERSION_1_0, FFA_VERSION_1_1,
					   FFA_VERSION_1_2));

} /* namespace */
