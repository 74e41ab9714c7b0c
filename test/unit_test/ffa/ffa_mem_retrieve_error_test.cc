/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The borrower side of the error table of docs/design/mem_share.md
 * (FFA_MEM_RETRIEVE_REQ, FFA_MEM_FRAG_RX, FFA_MEM_RELINQUISH,
 * FFA_MEM_RECLAIM): each condition gives its exact FF-A error and changes
 * nothing, RX ownership included; a valid call afterwards succeeds.
 */

#include "ffa_mem_fixture.h"

namespace
{

#define EXPECT_REFUSED(op, code)                                    \
	do {                                                        \
		MemSnap before_ = snap();                           \
		ffa_value r_ = (op);                                \
		EXPECT_FFA_ERROR(r_, (code));                       \
		EXPECT_SNAP_EQ(before_, snap()) << "after " << #op; \
	} while (0)

/* A share (SP1 RW, SP2 RO) and a lend to SP1 of NWd pages, sent. */
class FfaMemBorrowError : public FfaMemTest
{
      protected:
	void SetUp() override
	{
		FfaMemTest::SetUp();
		if (HasFatalFailure()) {
			return;
		}
		c_share_ = { { nwd_mem(0), 2, 0 } };
		c_lend_ = { { nwd_mem(4), 1, 0 } };
		share_ = desc(kVm, { { kSp1, kPermRW }, { kSp2, kPermRO } },
			      c_share_, MEM_ATTR_NORMAL_WB_IS, 0, 5);
		lend_ = desc(kVm, { { kSp1, kPermRO } }, c_lend_,
			     MEM_ATTR_NOT_SPECIFIED, 0, 6);
		hs_ = send_ok(kNwd, FFA_MEM_SHARE_64, share_);
		hl_ = send_ok(kNwd, FFA_MEM_LEND_64, lend_);
	}

	std::vector<ffa_mem_constituent> c_share_;
	std::vector<ffa_mem_constituent> c_lend_;
	mem_build share_{};
	mem_build lend_{};
	uint64_t hs_ = 0;
	uint64_t hl_ = 0;
};

TEST_F(FfaMemBorrowError, RetrieveRegisters)
{
	mem_build req = request(share_, hs_, FFA_MEM_SHARE_64);
	uint8_t buf[512];
	uint32_t n = mem_build_retrieve(buf, sizeof(buf), &req);
	put_tx(kSp1, buf, n);
	auto rr = [&](uint64_t x1, uint64_t x2, uint64_t x3 = 0,
		      uint64_t x4 = 0, uint64_t x5 = 0) {
		return call(kSp1,
			    make(FFA_MEM_RETRIEVE_REQ_64, x1, x2, x3, x4, x5));
	};
	/* Not fragmented: w1 = w2; x3/w4 0; MBZ; length within TX. */
	EXPECT_REFUSED(rr(n, n - 16), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(rr(n, n, 0x1000), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(rr(n, n, 0, 1), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(rr(n, n, 0, 0, 1), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(rr(0, 0), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(rr(8192, 8192), FFA_INVALID_PARAMETERS);
	ffa_value r = rr(n, n);
	EXPECT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
}

TEST_F(FfaMemBorrowError, RetrieveNoMailbox)
{
	mem_build req = request(share_, hs_, FFA_MEM_SHARE_64);
	uint8_t buf[512];
	uint32_t n = mem_build_retrieve(buf, sizeof(buf), &req);
	put_tx(kSp1, buf, n);
	ASSERT_FFA_SUCCESS(call(kSp1, make(FFA_RXTX_UNMAP_32)));
	/* No TX to read the request from (RX unmapped with it). */
	EXPECT_REFUSED(call(kSp1, make(FFA_MEM_RETRIEVE_REQ_64, n, n)),
		       FFA_INVALID_PARAMETERS);
	ASSERT_FFA_SUCCESS(
	    call(kSp1, make(FFA_RXTX_MAP_64, tx_of(kSp1), rx_of(kSp1), 1)));
	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
}

TEST_F(FfaMemBorrowError, RetrieveMismatch)
{
	auto req = [&](auto edit) {
		mem_build r = request(share_, hs_, FFA_MEM_SHARE_64);
		edit(r);
		return retrieve(kSp1, r);
	};
	/* Unknown handle (and one the hypervisor would have allocated). */
	EXPECT_REFUSED(req([&](mem_build &r) { r.handle = hs_ ^ 0x100; }),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(req([&](mem_build &r) { r.handle |= 1ULL << 63; }),
		       FFA_INVALID_PARAMETERS);
	/* Tag, sender, transaction type. */
	EXPECT_REFUSED(req([&](mem_build &r) { r.tag = 6; }),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(req([&](mem_build &r) { r.sender = 0x0002; }),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(req([&](mem_build &r) {
			       r.flags = MEM_FLAG_TYPE(FFA_MEM_FLAG_TYPE_LEND);
		       }),
		       FFA_INVALID_PARAMETERS);
	/* Not every receiver listed; a receiver of another transaction. */
	EXPECT_REFUSED(req([&](mem_build &r) { r.receiver_count = 1; }),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(req([&](mem_build &r) { r.receivers[1].id = kSp3; }),
		       FFA_INVALID_PARAMETERS);
	/* The caller is not a receiver. */
	mem_build r3 = request(share_, hs_, FFA_MEM_SHARE_64);
	EXPECT_REFUSED(retrieve(kSp3, r3), FFA_INVALID_PARAMETERS);
	/* The normal world retrieves only as a hypervisor. */
	EXPECT_REFUSED(retrieve(kNwd, r3), FFA_INVALID_PARAMETERS);

	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
}

TEST_F(FfaMemBorrowError, RetrieveDenied)
{
	/* More than granted: write on an RO share, execute on a share. */
	EXPECT_REFUSED(
	    retrieve(kSp2, request(share_, hs_, FFA_MEM_SHARE_64, kPermRW)),
	    FFA_DENIED);
	EXPECT_REFUSED(
	    retrieve(kSp1, request(share_, hs_, FFA_MEM_SHARE_64, kPermRWX)),
	    FFA_DENIED);
	EXPECT_REFUSED(
	    retrieve(kSp1, request(lend_, hl_, FFA_MEM_LEND_64, kPermRW)),
	    FFA_DENIED);
	/* Attributes other than the sender's. */
	mem_build r = request(share_, hs_, FFA_MEM_SHARE_64);
	r.attributes =
	    (FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |
	    (FFA_MEM_CACHE_NON_CACHEABLE << FFA_MEM_ATTR_CACHE_SHIFT) |
	    FFA_MEM_SHARE_INNER;
	EXPECT_REFUSED(retrieve(kSp1, r), FFA_DENIED);

	/* Retrieved once: not again. */
	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
	EXPECT_REFUSED(retrieve(kSp1, request(share_, hs_, FFA_MEM_SHARE_64)),
		       FFA_DENIED);
	retrieve_ok(kSp2, share_, hs_, FFA_MEM_SHARE_64);
}

/* The pages are already mapped in the borrower's tree: DENIED. */
TEST_F(FfaMemBorrowError, RetrieveOverExistingMapping)
{
	std::vector<ffa_mem_constituent> c = { { nwd_mem(1), 2, 0 } };
	mem_build b = desc(kVm, { { kSp1, kPermRW } }, c);
	/* nwd_mem(1) is in share_ too: both map into SP1's NS tree. */
	uint64_t h = send_ok(kNwd, FFA_MEM_SHARE_64, b);
	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
	EXPECT_REFUSED(retrieve(kSp1, request(b, h, FFA_MEM_SHARE_64)),
		       FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp1, hs_));
	retrieve_ok(kSp1, b, h, FFA_MEM_SHARE_64);
}

TEST_F(FfaMemBorrowError, RetrieveRxBusy)
{
	ffa_value r = retrieve(kSp1, request(share_, hs_, FFA_MEM_SHARE_64));
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	/* RX still the partition's: the next response cannot be written. */
	EXPECT_REFUSED(retrieve(kSp1, request(lend_, hl_, FFA_MEM_LEND_64)),
		       FFA_BUSY);
	EXPECT_EQ(mode(kSp1, false, nwd_mem(4)), MM_MODE_UNMAPPED);
	ASSERT_FFA_SUCCESS(rx_release(kSp1));
	retrieve_ok(kSp1, lend_, hl_, FFA_MEM_LEND_64);

	/* The same for the hypervisor request. */
	mem_build h{};
	h.layout = FFA_VERSION_1_2;
	h.handle = hs_;
	r = retrieve(kNwd, h);
	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_REFUSED(retrieve(kNwd, h), FFA_BUSY);
	ASSERT_FFA_SUCCESS(rx_release(kNwd));
	/* A hypervisor request for an SP's transaction. */
	std::vector<ffa_mem_constituent> c = { { sp_mem(kSp1, kSpFreePage), 1,
						 0 } };
	mem_build sb = desc(kSp1, { { kSp2, kPermRW } }, c);
	h.handle = send_ok(kSp1, FFA_MEM_SHARE_64, sb);
	EXPECT_REFUSED(retrieve(kNwd, h), FFA_INVALID_PARAMETERS);
}

TEST_F(FfaMemBorrowError, FragRx)
{
	/* Unknown handle; nothing being retrieved; MBZ. */
	EXPECT_REFUSED(frag_rx(kSp1, hs_ ^ 8, 16), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(frag_rx(kSp1, hs_, 0), FFA_INVALID_PARAMETERS);
	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
	EXPECT_REFUSED(frag_rx(kSp1, hs_, 112), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(frag_rx(kNwd, hs_, 112), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(call(kSp1, make(FFA_MEM_FRAG_RX_32, (uint32_t)hs_,
				       (uint32_t)(hs_ >> 32), 0, 1)),
		       FFA_INVALID_PARAMETERS);
}

TEST_F(FfaMemBorrowError, Relinquish)
{
	auto raw = [&](uint16_t who, uint64_t h, uint32_t flags, uint32_t count,
		       uint16_t id) {
		uint8_t buf[32] = {};
		memcpy(buf, &h, 8);
		memcpy(buf + 8, &flags, 4);
		memcpy(buf + 12, &count, 4);
		memcpy(buf + 16, &id, 2);
		memcpy(buf + 18, &id, 2);
		put_tx(who, buf, sizeof(buf));
		return call(who, make(FFA_MEM_RELINQUISH_32));
	};
	/* Not retrieved yet. */
	EXPECT_REFUSED(relinquish(kSp1, hs_), FFA_DENIED);
	retrieve_ok(kSp1, share_, hs_, FFA_MEM_SHARE_64);
	retrieve_ok(kSp1, lend_, hl_, FFA_MEM_LEND_64);

	/* Bad descriptor: two endpoints, another ID, unknown handle. */
	EXPECT_REFUSED(raw(kSp1, hs_, 0, 2, kSp1), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(raw(kSp1, hs_, 0, 0, kSp1), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(raw(kSp1, hs_, 0, 1, kSp2), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(relinquish(kSp1, hs_ ^ 4), FFA_INVALID_PARAMETERS);
	/* Not a receiver of it. */
	EXPECT_REFUSED(relinquish(kSp3, hs_), FFA_INVALID_PARAMETERS);
	/* MBZ flags and registers. */
	EXPECT_REFUSED(relinquish(kSp1, hs_, 1U << 2), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(call(kSp1, make(FFA_MEM_RELINQUISH_32, 0, 1)),
		       FFA_INVALID_PARAMETERS);
	/* Zeroing: refused for a share, needs write access. */
	EXPECT_REFUSED(relinquish(kSp1, hs_, MEM_RELINQUISH_FLAG_CLEAR),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(relinquish(kSp1, hl_, MEM_RELINQUISH_FLAG_CLEAR),
		       FFA_DENIED);
	/* Only SPs relinquish. */
	ffa_value r = relinquish(kNwd, hs_);
	EXPECT_EQ((uint32_t)r.x[0], FFA_ERROR_32);

	ASSERT_FFA_SUCCESS(
	    relinquish(kSp1, hs_, MEM_RELINQUISH_FLAG_TIME_SLICE));
	ASSERT_FFA_SUCCESS(relinquish(kSp1, hl_));
	/* Relinquished: not again. */
	EXPECT_REFUSED(relinquish(kSp1, hl_), FFA_DENIED);
}

TEST_F(FfaMemBorrowError, Reclaim)
{
	/* Unknown handle; not the sender. */
	EXPECT_REFUSED(reclaim(kNwd, hs_ ^ 2), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(reclaim(kSp1, hs_), FFA_INVALID_PARAMETERS);
	/* MBZ flags and registers; zeroing a share. */
	EXPECT_REFUSED(reclaim(kNwd, hs_, 1U << 2), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(reclaim(kNwd, hs_, MEM_RECLAIM_FLAG_CLEAR),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(call(kNwd, make(FFA_MEM_RECLAIM_32, (uint32_t)hs_,
				       (uint32_t)(hs_ >> 32), 0, 1)),
		       FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(call(kNwd, make(FFA_MEM_RECLAIM_32, (uint32_t)hs_,
				       (uint32_t)(hs_ >> 32), 0, 0, 0, 0, 1)),
		       FFA_INVALID_PARAMETERS);
	/* A borrower holds it. */
	retrieve_ok(kSp2, share_, hs_, FFA_MEM_SHARE_64);
	EXPECT_REFUSED(reclaim(kNwd, hs_), FFA_DENIED);
	ASSERT_FFA_SUCCESS(relinquish(kSp2, hs_));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, hs_, MEM_RECLAIM_FLAG_TIME_SLICE));
	ASSERT_FFA_SUCCESS(reclaim(kNwd, hl_, MEM_RECLAIM_FLAG_CLEAR));
	EXPECT_REFUSED(reclaim(kNwd, hl_), FFA_INVALID_PARAMETERS);
}

/* A donate once retrieved has no handle any more. */
TEST_F(FfaMemBorrowError, RetrievedDonateIsOver)
{
	std::vector<ffa_mem_constituent> c = { { sp_mem(kSp2, kSpFreePage), 1,
						 0 } };
	mem_build b = desc(kSp2, { { kSp1, 0 } }, c, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kSp2, FFA_MEM_DONATE_64, b);
	retrieve_ok(kSp1, b, h, FFA_MEM_DONATE_64);
	EXPECT_REFUSED(reclaim(kSp2, h), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(relinquish(kSp1, h), FFA_INVALID_PARAMETERS);
	EXPECT_REFUSED(retrieve(kSp1, request(b, h, FFA_MEM_DONATE_64)),
		       FFA_INVALID_PARAMETERS);
}

} /* namespace */
