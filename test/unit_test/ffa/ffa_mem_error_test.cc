/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The send side of the error table of docs/design/mem_share.md
 * (FFA_MEM_SHARE / LEND / DONATE, FFA_MEM_FRAG_TX): each condition gives
 * its exact FF-A error and changes nothing (every piece of state compared
 * with a snapshot), and a valid call afterwards still succeeds.
 */

#include "ffa_mem_fixture.h"

namespace
{

using FfaMemSendError = FfaMemTest;

/* `op` fails with `code` and leaves every piece of state as it was. */
#define EXPECT_REFUSED(op, code)                                    \
	do {                                                        \
		MemSnap before_ = snap();                           \
		ffa_value r_ = (op);                                \
		EXPECT_FFA_ERROR(r_, (code));                       \
		EXPECT_SNAP_EQ(before_, snap()) << "after " << #op; \
	} while (0)

TEST_F(FfaMemSendError, Registers)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);
	uint32_t n = (uint32_t)d.size();
	put_tx(kNwd, d.data(), n);

	for (uint16_t who : { kNwd, kSp1 }) {
		if (who == kSp1) {
			b.sender = kSp1;
			cons[0].address = sp_mem(kSp1, kSpFreePage);
			b.receivers[0].id = kSp2;
			d = bytes(b);
			put_tx(kSp1, d.data(), n);
		}
		auto sh = [&](uint64_t x1, uint64_t x2, uint64_t x3 = 0,
			      uint64_t x4 = 0, uint64_t x5 = 0, uint64_t x6 = 0,
			      uint64_t x7 = 0) {
			return call(who, make(FFA_MEM_SHARE_64, x1, x2, x3, x4,
					      x5, x6, x7));
		};
		/* Address and page count: descriptor in TX only. */
		EXPECT_REFUSED(sh(n, n, nwd_mem(0)), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(n, n, 0, 1), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(n, n, 0, 0, 1), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(n, n, 0, 0, 0, 1), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(n, n, 0, 0, 0, 0, 1), FFA_INVALID_PARAMETERS);
		/* Fragment length 0, above the total, above TX. */
		EXPECT_REFUSED(sh(n, 0), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(n, n + 16), FFA_INVALID_PARAMETERS);
		EXPECT_REFUSED(sh(8192, 4112), FFA_INVALID_PARAMETERS);
		/* SMC32: the upper halves are not part of the call. */
		ffa_value r = call(who, make(FFA_MEM_SHARE_32, n | (1ULL << 32),
					     n | (7ULL << 40), 0xFFULL << 32,
					     1ULL << 32));
		ASSERT_FFA_SUCCESS(r) << (int32_t)r.x[2];
		ASSERT_FFA_SUCCESS(reclaim(who, handle_of(r)));
	}
	EXPECT_EQ(store_count(), 0U);
}

TEST_F(FfaMemSendError, TxNotMapped)
{
	std::vector<ffa_mem_constituent> cons = { { sp_mem(kSp1, kSpFreePage),
						    1, 0 } };
	mem_build b = desc(kSp1, { { kSp2, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);

	put_tx(kSp1, d.data(), d.size());
	ASSERT_FFA_SUCCESS(call(kSp1, make(FFA_RXTX_UNMAP_32)));
	EXPECT_REFUSED(send_first(kSp1, FFA_MEM_SHARE_64, d, d.size()),
		       FFA_INVALID_PARAMETERS);
	ASSERT_FFA_SUCCESS(
	    call(kSp1, make(FFA_RXTX_MAP_64, tx_of(kSp1), rx_of(kSp1), 1)));
	send_ok(kSp1, FFA_MEM_SHARE_64, b);
}

/* Descriptor rules: the error mem_desc_error_code() gives. */
TEST_F(FfaMemSendError, DescriptorRules)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 2, 0 } };
	std::vector<ffa_mem_constituent> odd = { { nwd_mem(0) + 0x800, 1, 0 } };
	std::vector<ffa_mem_constituent> overlap = { { nwd_mem(0), 2, 0 },
						     { nwd_mem(1), 1, 0 } };
	std::vector<ffa_mem_constituent> mine = { { sp_mem(kSp1, kSpFreePage),
						    1, 0 } };

	/* No receiver. */
	mem_build b = desc(kVm, {}, cons);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* Donate to two. */
	b = desc(kVm, { { kSp1, 0 }, { kSp2, 0 } }, cons, 0);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_DONATE_64, b),
		       FFA_INVALID_PARAMETERS);
	/* The same receiver twice. */
	b = desc(kVm, { { kSp1, kPermRW }, { kSp1, kPermRW } }, cons);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* Clear on a share. */
	b = desc(kVm, { { kSp1, kPermRW } }, cons, MEM_ATTR_NORMAL_WB_IS,
		 FFA_MEM_FLAG_CLEAR);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* Device memory type: refused by policy. */
	b = desc(kVm, { { kSp1, kPermRW } }, cons, MEM_ATTR_DEVICE_NGNRNE);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_DENIED);
	/* Unaligned and overlapping constituents. */
	b = desc(kVm, { { kSp1, kPermRW } }, odd);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	b = desc(kVm, { { kSp1, kPermRW } }, overlap);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* An SP naming another sender; an SP giving to itself. */
	b = desc(kSp2, { { kSp3, kPermRW } }, mine);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_SHARE_64, b), FFA_DENIED);
	b = desc(kSp1, { { kSp1, kPermRW } }, mine);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* The composite's page count disagreeing with the constituents. */
	b = desc(kVm, { { kSp1, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);
	d[96 - 16] = 3;
	EXPECT_REFUSED(send_first(kNwd, FFA_MEM_SHARE_64, d, d.size()),
		       FFA_INVALID_PARAMETERS);

	b = desc(kVm, { { kSp1, kPermRW } }, cons);
	send_ok(kNwd, FFA_MEM_SHARE_64, b);
}

TEST_F(FfaMemSendError, Receivers)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	std::vector<ffa_mem_constituent> mine = { { sp_mem(kSp1, kSpFreePage),
						    1, 0 } };

	/* Not an existing SP. */
	mem_build b = desc(kVm, { { 0x8009, kPermRW } }, cons);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* An aborted SP. */
	p(kSp3)->state = PARTITION_ABORTED;
	b = desc(kVm, { { kSp1, kPermRW }, { kSp3, kPermRW } }, cons);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	b = desc(kSp1, { { kSp3, kPermRW } }, mine);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	p(kSp3)->state = PARTITION_READY;
	/* The normal world sending to the normal world. */
	b = desc(kVm, { { 0x0002, kPermRW } }, cons);
	EXPECT_REFUSED(send(kNwd, FFA_MEM_SHARE_64, b), FFA_INVALID_PARAMETERS);
	/* Secure memory never goes to the normal world. */
	b = desc(kSp1, { { 0x0001, kPermRW } }, mine);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_SHARE_64, b), FFA_DENIED);
	b = desc(kSp1, { { kSp2, kPermRW }, { 0x0001, kPermRW } }, mine);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_LEND_64, b), FFA_DENIED);

	b = desc(kSp1, { { kSp3, kPermRW } }, mine);
	send_ok(kSp1, FFA_MEM_SHARE_64, b);
}

TEST_F(FfaMemSendError, NwdMemoryOutsideNsMemory)
{
	std::vector<ffa_mem_constituent> sp = { { sp_mem(kSp2, kSpFreePage), 1,
						  0 } };
	/* The last ns-memory page and the one after it. */
	std::vector<ffa_mem_constituent> edge = {
		{ at(kNwdOffset + kNwdSize) - 4096, 2, 0 }
	};
	std::vector<ffa_mem_constituent> two = { { nwd_mem(0), 1, 0 },
						 { at(kDevOffset), 1, 0 } };

	for (uint32_t fid : { FFA_MEM_SHARE_64, FFA_MEM_LEND_64 }) {
		uint16_t attr = attr_for(fid, 1);
		mem_build b = desc(kVm, { { kSp1, kPermRW } }, sp, attr);
		EXPECT_REFUSED(send(kNwd, fid, b), FFA_INVALID_PARAMETERS);
		b = desc(kVm, { { kSp1, kPermRW } }, edge, attr);
		EXPECT_REFUSED(send(kNwd, fid, b), FFA_INVALID_PARAMETERS);
		b = desc(kVm, { { kSp1, kPermRW } }, two, attr);
		EXPECT_REFUSED(send(kNwd, fid, b), FFA_INVALID_PARAMETERS);
	}
	EXPECT_TRUE(el3_.protect_calls.empty());
}

/* SP senders: only pages they own exclusively, within their modes. */
TEST_F(FfaMemSendError, SpOwnership)
{
	auto one = [&](uint64_t a, uint32_t n, uint32_t fid, uint8_t perm,
		       uint32_t flags = 0) {
		std::vector<ffa_mem_constituent> c = { { a, n, 0 } };
		return send(
		    kSp1, fid,
		    desc(kSp1, { { kSp2, perm } }, c, attr_for(fid, 1), flags));
	};
	/* Another SP's memory, unmapped memory, the window's edge. */
	EXPECT_REFUSED(
	    one(sp_mem(kSp2, kSpFreePage), 1, FFA_MEM_SHARE_64, kPermRW),
	    FFA_DENIED);
	EXPECT_REFUSED(
	    one(at(kBigOffset) + (2 << 20), 1, FFA_MEM_SHARE_64, kPermRW),
	    FFA_DENIED);
	EXPECT_REFUSED(one(sp_mem(kSp1, 63), 2, FFA_MEM_SHARE_64, kPermRW),
		       FFA_DENIED);
	/* Two regions of different modes in one constituent. */
	EXPECT_REFUSED(one(at(kNxOffset) - 4096, 2, FFA_MEM_SHARE_64, kPermRO),
		       FFA_DENIED);
	/* Device memory is not owned memory. */
	EXPECT_REFUSED(one(at(kDevOffset), 1, FFA_MEM_SHARE_64, kPermRW),
		       FFA_DENIED);
	/* Beyond the sender's permissions: write on RO, execute on NX. */
	EXPECT_REFUSED(one(at(kRoOffset), 1, FFA_MEM_SHARE_64, kPermRW),
		       FFA_DENIED);
	EXPECT_REFUSED(one(at(kRoOffset), 1, FFA_MEM_LEND_64, kPermRW),
		       FFA_DENIED);
	EXPECT_REFUSED(one(at(kNxOffset), 1, FFA_MEM_LEND_64, kPermRWX),
		       FFA_DENIED);
	/* Clear on memory the sender cannot write. */
	EXPECT_REFUSED(
	    one(at(kRoOffset), 1, FFA_MEM_LEND_64, kPermRO, FFA_MEM_FLAG_CLEAR),
	    FFA_DENIED);
	EXPECT_EQ(mm_double.zeroed, 0U);

	/* Pages already in a transaction: shared, lent, donated. */
	uint64_t a = sp_mem(kSp1, kSpFreePage);
	ASSERT_FFA_SUCCESS(one(a, 1, FFA_MEM_SHARE_64, kPermRW));
	ASSERT_FFA_SUCCESS(one(a + 0x1000, 1, FFA_MEM_LEND_64, kPermRW));
	ASSERT_FFA_SUCCESS(one(a + 0x2000, 1, FFA_MEM_DONATE_64, 0));
	for (uint64_t x : { a, a + 0x1000, a + 0x2000 }) {
		for (uint32_t fid :
		     { FFA_MEM_SHARE_64, FFA_MEM_LEND_64, FFA_MEM_DONATE_64 }) {
			uint8_t perm = fid == FFA_MEM_DONATE_64 ? 0 : kPermRW;
			EXPECT_REFUSED(one(x, 1, fid, perm), FFA_DENIED);
		}
	}
	/* Partly inside one. */
	EXPECT_REFUSED(one(a - 0x1000, 2, FFA_MEM_LEND_64, kPermRW),
		       FFA_DENIED);
	ASSERT_FFA_SUCCESS(one(a + 0x3000, 1, FFA_MEM_LEND_64, kPermRW));
}

/* Memory shared to an SP is not its own: it cannot pass it on. */
TEST_F(FfaMemSendError, BorrowedMemoryNotPassedOn)
{
	std::vector<ffa_mem_constituent> cons = { { nwd_mem(0), 1, 0 } };
	mem_build b =
	    desc(kVm, { { kSp1, kPermRW } }, cons, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_LEND_64);

	for (uint32_t fid : { FFA_MEM_SHARE_64, FFA_MEM_LEND_64 }) {
		mem_build b2 =
		    desc(kSp1, { { kSp2, kPermRW } }, cons, attr_for(fid, 1));
		EXPECT_REFUSED(send(kSp1, fid, b2), FFA_DENIED);
	}
	mem_build b3 =
	    desc(kSp1, { { kSp2, 0 } }, cons, MEM_ATTR_NOT_SPECIFIED);
	EXPECT_REFUSED(send(kSp1, FFA_MEM_DONATE_64, b3), FFA_DENIED);
}

/* Normal-world granules already in a transaction. */
TEST_F(FfaMemSendError, NwdGranuleStates)
{
	std::vector<ffa_mem_constituent> shared = { { nwd_mem(0), 1, 0 } };
	std::vector<ffa_mem_constituent> lent = { { nwd_mem(1), 1, 0 } };
	std::vector<ffa_mem_constituent> both = { { nwd_mem(0), 2, 0 } };
	std::vector<ffa_mem_constituent> rxtx = { { nwd_tx_, 1, 0 } };
	auto give = [&](uint32_t fid,
			const std::vector<ffa_mem_constituent> &c) {
		uint8_t perm = fid == FFA_MEM_DONATE_64 ? 0 : kPermRW;
		return send(kNwd, fid,
			    desc(kVm, { { kSp2, perm } }, c, attr_for(fid, 1)));
	};
	ASSERT_FFA_SUCCESS(give(FFA_MEM_SHARE_64, shared));
	ASSERT_FFA_SUCCESS(give(FFA_MEM_LEND_64, lent));

	EXPECT_REFUSED(give(FFA_MEM_LEND_64, shared), FFA_DENIED);
	EXPECT_REFUSED(give(FFA_MEM_DONATE_64, shared), FFA_DENIED);
	EXPECT_REFUSED(give(FFA_MEM_SHARE_64, lent), FFA_DENIED);
	EXPECT_REFUSED(give(FFA_MEM_LEND_64, lent), FFA_DENIED);
	EXPECT_REFUSED(give(FFA_MEM_LEND_64, both), FFA_DENIED);
	/* The RX/TX pages are shared with the SPMC. */
	EXPECT_REFUSED(give(FFA_MEM_LEND_64, rxtx), FFA_DENIED);
	/* A share of shared pages is fine. */
	ASSERT_FFA_SUCCESS(give(FFA_MEM_SHARE_64, shared));
	EXPECT_EQ(granule(nwd_mem(0)).share_count, 2U);
}

TEST_F(FfaMemSendError, FragTxWrongTransaction)
{
	std::vector<ffa_mem_constituent> cons;
	for (uint32_t i = 0; i < 300; i++) {
		cons.push_back({ nwd_mem(2 * i), 1, 0 });
	}
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);
	ffa_value r = send_first(kNwd, FFA_MEM_SHARE_64, d, 4096);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
	uint64_t h = frag_handle(r);
	uint32_t rest = (uint32_t)d.size() - 4096;

	/* Unknown handle; not the sender; MBZ registers. */
	EXPECT_REFUSED(frag_tx(kNwd, h ^ 0x10, d, 4096, rest),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(frag_tx(kSp1, h, d, 4096, rest), FFA_INVALID_PARAMETERS);
	put_tx(kNwd, d.data() + 4096, rest);
	EXPECT_REFUSED(call(kNwd, make(FFA_MEM_FRAG_TX_32, (uint32_t)h,
				       (uint32_t)(h >> 32), rest, 1)),
		       FFA_INVALID_PARAMETERS);
	/* Not yet retrievable or reclaimable while being sent. */
	EXPECT_REFUSED(retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64)),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(reclaim(kNwd, h), FFA_INVALID_PARAMETERS);

	ASSERT_FFA_SUCCESS(frag_tx(kNwd, h, d, 4096, rest));
	/* Not sending any more. */
	EXPECT_REFUSED(frag_tx(kNwd, h, d, 4096, 16), FFA_INVALID_PARAMETERS);
	r = retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64));
	EXPECT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
}

/* A bad later fragment drops the whole transaction. */
TEST_F(FfaMemSendError, BadFragmentDropsTransaction)
{
	std::vector<ffa_mem_constituent> cons;
	for (uint32_t i = 0; i < 300; i++) {
		cons.push_back({ at(kBigOffset) + i * 0x1000ULL, 1, 0 });
	}
	mem_build b = desc(kSp1, { { kSp2, kPermRW } }, cons);
	std::vector<uint8_t> d = bytes(b);
	uint32_t rest = (uint32_t)d.size() - 4096;
	MemSnap start = snap();

	struct Bad {
		uint32_t len;
		size_t patch;
		uint8_t value;
		int32_t code;
	};
	const Bad bads[] = {
		{ rest - 8, 0, 0, FFA_INVALID_PARAMETERS },  /* split */
		{ rest + 16, 0, 0, FFA_INVALID_PARAMETERS }, /* too long */
		{ rest, 4096 + 1, 0x08,
		  FFA_INVALID_PARAMETERS },                     /* unaligned */
		{ rest, 4096 + 12, 1, FFA_INVALID_PARAMETERS }, /* MBZ */
		{ rest, 4096 + 8, 0, FFA_INVALID_PARAMETERS },  /* empty */
		{ 0, 0, 0, FFA_INVALID_PARAMETERS },            /* none */
	};
	for (const Bad &bad : bads) {
		SCOPED_TRACE(std::to_string(bad.len) + " " +
			     std::to_string(bad.patch));
		std::vector<uint8_t> e = d;
		if (bad.patch != 0) {
			e[bad.patch] = bad.value;
		}
		e.resize(std::max<size_t>(e.size(), 4096 + bad.len));
		ffa_value r = send_first(kSp1, FFA_MEM_SHARE_64, d, 4096);
		ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
		uint64_t h = frag_handle(r);
		r = frag_tx(kSp1, h, e, 4096, bad.len);
		EXPECT_FFA_ERROR(r, bad.code);
		/* Gone: as before the first fragment. */
		EXPECT_SNAP_EQ(start, snap());
		EXPECT_FFA_ERROR(frag_tx(kSp1, h, d, 4096, rest),
				 FFA_INVALID_PARAMETERS);
	}
	uint64_t h = send_ok(kSp1, FFA_MEM_SHARE_64, b);
	ffa_value r = retrieve(kSp2, request(b, h, FFA_MEM_SHARE_64));
	EXPECT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
}

/*
 * The last fragment completes the send; when taking the memory from the
 * sender then fails the transaction is dropped, nothing else changes.
 */
TEST_F(FfaMemSendError, LastFragmentRefusedDropsTransaction)
{
	std::vector<ffa_mem_constituent> cons;
	for (uint32_t i = 0; i < 300; i++) {
		cons.push_back({ nwd_mem(2 * i), 1, 0 });
	}
	/* The last constituent is already shared: the lend is refused. */
	std::vector<ffa_mem_constituent> last = { cons.back() };
	ASSERT_FFA_SUCCESS(send(kNwd, FFA_MEM_SHARE_64,
				desc(kVm, { { kSp3, kPermRW } }, last)));
	mem_build b =
	    desc(kVm, { { kSp1, kPermRW } }, cons, MEM_ATTR_NOT_SPECIFIED);
	MemSnap start = snap();
	std::vector<uint8_t> d = bytes(b);

	ffa_value r = send_first(kNwd, FFA_MEM_LEND_64, d, 4096);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
	uint64_t h = frag_handle(r);
	r = frag_tx(kNwd, h, d, 4096, (uint32_t)d.size() - 4096);
	EXPECT_FFA_ERROR(r, FFA_DENIED);
	EXPECT_SNAP_EQ(start, snap());
	EXPECT_FFA_ERROR(reclaim(kNwd, h), FFA_INVALID_PARAMETERS);
}

} /* namespace */
