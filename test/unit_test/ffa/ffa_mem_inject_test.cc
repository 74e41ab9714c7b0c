/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * "A failure injected at any step of a share leaves page tables, share
 * state and granule state exactly as before": every step (send, retrieve,
 * response fragments, relinquish, reclaim) of share, lend and donate, from
 * the normal world and from an SP, is run with (a) the page pool shrunk so
 * that each allocation in turn fails, (c) each physical access (TX read,
 * RX write, zeroing) in turn faulting; and NWd lend/donate with (b) EL3
 * refusing the protection of each constituent in turn. After each failure
 * every piece of state is compared with a snapshot taken before; then the
 * call must succeed without the injection.
 */

#include "ffa_mem_fixture.h"

namespace
{

enum class Inject { kNone, kPool, kPa };

enum class Where {
	kNwdPages, /* four NWd constituents, 1-3 pages */
	kNwdBlock, /* a whole aligned 2 MiB of NWd memory and one page */
	kSpWindow, /* three constituents of SP1's load window */
	kSpBig,    /* two constituents inside SP1's 2 MiB block region */
	kNwdMany,  /* 255 NWd constituents: fragments both ways */
	kSpMany,   /* 255 constituents of SP1's block region */
};

struct Scenario {
	const char *name;
	uint16_t sender;
	uint32_t fid;
	std::vector<Recv> recv;
	Where where;
	bool clear;
};

const Scenario kScenarios[] = {
	{ "NwdShare2",
	  kNwd,
	  FFA_MEM_SHARE_64,
	  { { kSp1, kPermRW }, { kSp2, kPermRO } },
	  Where::kNwdPages,
	  false },
	{ "NwdLend1Clear",
	  kNwd,
	  FFA_MEM_LEND_64,
	  { { kSp1, kPermRWNX } },
	  Where::kNwdPages,
	  true },
	{ "NwdLend2Block",
	  kNwd,
	  FFA_MEM_LEND_32,
	  { { kSp1, kPermRW }, { kSp3, kPermRW } },
	  Where::kNwdBlock,
	  true },
	{ "NwdDonateClear",
	  kNwd,
	  FFA_MEM_DONATE_64,
	  { { kSp2, 0 } },
	  Where::kNwdPages,
	  true },
	{ "SpShare2",
	  kSp1,
	  FFA_MEM_SHARE_64,
	  { { kSp2, kPermRW }, { kSp3, kPermRO } },
	  Where::kSpWindow,
	  false },
	{ "SpLendBigClear",
	  kSp1,
	  FFA_MEM_LEND_64,
	  { { kSp2, kPermRWX } },
	  Where::kSpBig,
	  true },
	{ "SpDonateBig",
	  kSp1,
	  FFA_MEM_DONATE_32,
	  { { kSp3, 0 } },
	  Where::kSpBig,
	  false },
	{ "NwdShareMany",
	  kNwd,
	  FFA_MEM_SHARE_64,
	  { { kSp1, kPermRW } },
	  Where::kNwdMany,
	  false },
	{ "SpLendMany",
	  kSp1,
	  FFA_MEM_LEND_64,
	  { { kSp2, kPermRW } },
	  Where::kSpMany,
	  true },
	{ "SpDonateMany",
	  kSp1,
	  FFA_MEM_DONATE_64,
	  { { kSp2, 0 } },
	  Where::kSpMany,
	  true },
};

void PrintTo(const Scenario &s, std::ostream *os)
{
	*os << s.name;
}

bool is_share(uint32_t fid)
{
	return (fid & 0xFFU) == (FFA_MEM_SHARE_32 & 0xFFU);
}

bool is_donate(uint32_t fid)
{
	return (fid & 0xFFU) == (FFA_MEM_DONATE_32 & 0xFFU);
}

class FfaMemInject
    : public FfaMemTest,
      public ::testing::WithParamInterface<std::tuple<Scenario, Inject>>
{
      protected:
	std::vector<ffa_mem_constituent> constituents(Where w)
	{
		std::vector<ffa_mem_constituent> c;

		switch (w) {
		case Where::kNwdPages:
			c = { { nwd_mem(0), 1, 0 },
			      { nwd_mem(2), 2, 0 },
			      { nwd_mem(6), 1, 0 },
			      { nwd_mem(9), 3, 0 } };
			break;
		case Where::kNwdBlock:
			c = { { at(kNwdBlockOffset), 512, 0 },
			      { nwd_mem(3), 1, 0 } };
			break;
		case Where::kSpWindow:
			c = { { sp_mem(kSp1, kSpFreePage), 1, 0 },
			      { sp_mem(kSp1, kSpFreePage + 2), 2, 0 },
			      { sp_mem(kSp1, kSpFreePage + 6), 1, 0 } };
			break;
		case Where::kSpBig:
			c = { { at(kBigOffset) + 0x1000, 2, 0 },
			      { at(kBigOffset) + 0x10000, 1, 0 } };
			break;
		case Where::kNwdMany:
			for (uint32_t i = 0; i < 255; i++) {
				c.push_back({ nwd_mem(2 * i), 1, 0 });
			}
			break;
		case Where::kSpMany:
			for (uint32_t i = 0; i < 255; i++) {
				c.push_back(
				    { at(kBigOffset) + i * 0x2000, 1, 0 });
			}
			break;
		}
		return c;
	}

	/* One step under the test's injection; must succeed in the end. */
	template <class Op>
	ffa_value step(const std::string &what, Op op, int *points)
	{
		*points = 0;
		switch (std::get<1>(GetParam())) {
		case Inject::kPool:
			return under_pool_limit(what, op, points);
		case Inject::kPa:
			return under_pa_fault(what, op, points);
		default:
			return op();
		}
	}

	/* Retrieve by `who`, then FRAG_RX until the whole response is in. */
	void retrieve_all(uint16_t who, const mem_build &req, uint64_t h)
	{
		int pts;
		ffa_value r =
		    step("retrieve", [&] { return retrieve(who, req); }, &pts);
		ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32)
		    << "error " << (int32_t)r.x[2];
		if (std::get<1>(GetParam()) != Inject::kNone) {
			EXPECT_GT(pts, 0) << "retrieve needs no resource?";
		}
		uint32_t total = (uint32_t)r.x[1];
		uint32_t got = (uint32_t)r.x[2];
		while (got < total) {
			r = step(
			    "frag_rx", [&] { return frag_rx(who, h, got); },
			    &pts);
			ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_FRAG_TX_32);
			ASSERT_GT((uint32_t)r.x[3], 0U);
			got += (uint32_t)r.x[3];
		}
		EXPECT_EQ(got, total);
		ASSERT_FFA_SUCCESS(rx_release(who));
	}
};

TEST_P(FfaMemInject, EveryStepLeavesStateOnFailure)
{
	const Scenario &sc = std::get<0>(GetParam());
	Inject inj = std::get<1>(GetParam());
	std::vector<ffa_mem_constituent> cons = constituents(sc.where);
	uint16_t sender_id = sc.sender == kNwd ? kVm : sc.sender;
	bool clear = sc.clear && !is_share(sc.fid);
	mem_build b =
	    desc(sender_id, sc.recv, cons, attr_for(sc.fid, sc.recv.size()),
		 clear ? FFA_MEM_FLAG_CLEAR : 0, 0x77);
	MemSnap start = snap();
	int pts;

	/* Send (in fragments when large). */
	ffa_value r =
	    step("send", [&] { return send(sc.sender, sc.fid, b); }, &pts);
	ASSERT_EQ((uint32_t)r.x[0], FFA_SUCCESS_32)
	    << "error " << (int32_t)r.x[2];
	if (inj != Inject::kNone) {
		EXPECT_GT(pts, 0) << "send needs no resource?";
	}
	uint64_t h = handle_of(r);
	EXPECT_EQ(store_count(), 1U);

	/* Every receiver retrieves. */
	for (const Recv &rv : sc.recv) {
		retrieve_all(rv.id, request(b, h, sc.fid), h);
		if (HasFatalFailure()) {
			return;
		}
		uint64_t a = cons[0].address;
		EXPECT_TRUE(mode(rv.id, false, a) != MM_MODE_UNMAPPED ||
			    mode(rv.id, true, a) != MM_MODE_UNMAPPED)
		    << "not mapped after retrieve";
	}
	if (is_donate(sc.fid)) {
		/* Over once retrieved. */
		EXPECT_EQ(store_count(), 0U);
		return;
	}

	/*
	 * Every receiver relinquishes, zeroing where it may write; not under
	 * faulting accesses: FfaMemKnownBug.RelinquishZeroFaultKeepsMapping
	 * (ffa_mem_misc_test.cc) shows that case; the reclaim below is still
	 * reached.
	 */
	for (const Recv &rv : sc.recv) {
		bool rw = MEM_PERM_DATA(rv.perm) == FFA_DATA_ACCESS_RW;
		uint32_t f = clear && rw && inj != Inject::kPa
				 ? MEM_RELINQUISH_FLAG_CLEAR
				 : 0;

		r = step(
		    "relinquish", [&] { return relinquish(rv.id, h, f); },
		    &pts);
		ASSERT_FFA_SUCCESS(r) << "error " << (int32_t)r.x[2];
		if (inj != Inject::kNone) {
			EXPECT_GT(pts, 0) << "relinquish needs no resource?";
		}
	}

	/* The sender reclaims. */
	r = step(
	    "reclaim",
	    [&] {
		    return reclaim(sc.sender, h,
				   clear ? MEM_RECLAIM_FLAG_CLEAR : 0);
	    },
	    &pts);
	ASSERT_FFA_SUCCESS(r) << "error " << (int32_t)r.x[2];
	if (inj == Inject::kPa && clear) {
		EXPECT_GT(pts, 0) << "reclaim zeroes: faults to inject";
	}
	EXPECT_EQ(store_count(), 0U);

	/* Back where it started, page for page. */
	MemSnap end = snap();
	EXPECT_EQ(end.modes, start.modes);
	EXPECT_EQ(end.granules, start.granules);
	EXPECT_EQ(end.gpt, start.gpt);
	EXPECT_EQ(end.boxes, start.boxes);
}

std::string scenario_name(
    const ::testing::TestParamInfo<std::tuple<Scenario, Inject>> &info)
{
	static const char *const kInject[] = { "None", "Pool", "PaFault" };

	return std::string(std::get<0>(info.param).name) + "_" +
	       kInject[(int)std::get<1>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(All, FfaMemInject,
			 ::testing::Combine(::testing::ValuesIn(kScenarios),
					    ::testing::Values(Inject::kNone,
							      Inject::kPool,
							      Inject::kPa)),
			 scenario_name);

/*
 * (b) EL3 refuses to protect constituent k (DENIED or INVALID) of a NWd
 * lend or donate, for every k: the error of the table, the granules
 * already protected unprotected, nothing else changed; then the send
 * without the refusal succeeds. With 255 constituents the refusal comes at
 * the last FFA_MEM_FRAG_TX and drops the transaction.
 */
class FfaMemEl3 : public FfaMemTest,
		  public ::testing::WithParamInterface<
		      std::tuple<uint32_t, granule_el3_status, uint32_t>>
{
};

TEST_P(FfaMemEl3, ProtectRefusedAtEveryConstituent)
{
	uint32_t fid = std::get<0>(GetParam());
	granule_el3_status status = std::get<1>(GetParam());
	uint32_t n = std::get<2>(GetParam());
	std::vector<ffa_mem_constituent> cons;
	for (uint32_t i = 0; i < n; i++) {
		cons.push_back({ nwd_mem(3 * i), 1 + i % 2, 0 });
	}
	uint8_t perm = is_donate(fid) ? 0 : kPermRW;
	mem_build b = desc(kVm, { { kSp1, perm } }, cons,
			   MEM_ATTR_NOT_SPECIFIED, FFA_MEM_FLAG_CLEAR);
	int32_t code =
	    status == GRANULE_EL3_DENIED ? FFA_DENIED : FFA_INVALID_PARAMETERS;
	/* Every constituent when few, a spread of them and the last when
	 * many. */
	std::vector<uint32_t> ks;
	for (uint32_t k = 0; k < n; k += n > 8 ? 37 : 1) {
		ks.push_back(k);
	}
	if (ks.back() != n - 1) {
		ks.push_back(n - 1);
	}

	for (uint32_t k : ks) {
		SCOPED_TRACE("refused at constituent " + std::to_string(k));
		MemSnap before = snap();
		size_t calls = el3_.protect_calls.size();
		size_t undo = el3_.unprotect_calls.size();
		el3_.fail_protect_call = calls + k;
		el3_.fail_status = status;
		ffa_value r = send(kNwd, fid, b);
		el3_.fail_protect_call = SIZE_MAX;
		EXPECT_FFA_ERROR(r, code);
		EXPECT_SNAP_EQ(before, snap());
		EXPECT_EQ(el3_.protect_calls.size(), calls + k + 1);
		EXPECT_EQ(el3_.unprotect_calls.size(), undo + k)
		    << "each protected constituent undone";
		EXPECT_EQ(mm_double.zeroed, 0U) << "zeroed a refused send";
	}
	uint64_t h = send_ok(kNwd, fid, b);
	EXPECT_EQ(granule(cons.back().address).state,
		  is_donate(fid) ? GRANULE_DONATED : GRANULE_LENT);
	EXPECT_EQ(el3_.gpi(cons.back().address), granule_test::Gpi::kSecure);
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
	EXPECT_TRUE(el3_.gpt_.empty());
}

std::string el3_name(const ::testing::TestParamInfo<
		     std::tuple<uint32_t, granule_el3_status, uint32_t>> &i)
{
	return std::string(is_donate(std::get<0>(i.param)) ? "Donate"
							   : "Lend") +
	       (std::get<1>(i.param) == GRANULE_EL3_DENIED ? "Denied"
							   : "Invalid") +
	       std::to_string(std::get<2>(i.param));
}

INSTANTIATE_TEST_SUITE_P(
    All, FfaMemEl3,
    ::testing::Combine(::testing::Values(FFA_MEM_LEND_64, FFA_MEM_DONATE_64),
		       ::testing::Values(GRANULE_EL3_DENIED,
					 GRANULE_EL3_INVALID),
		       ::testing::Values(5U, 255U)),
    el3_name);

using FfaMemFatal = FfaMemTest;

/* EL3 refusing to give protected memory back is fatal: the SPMC stops. */
TEST_F(FfaMemFatal, UnprotectRefusedOnReclaimStops)
{
	GTEST_FLAG_SET(death_test_style, "threadsafe");
	std::vector<ffa_mem_constituent> c = { { nwd_mem(0), 1, 0 } };
	mem_build b =
	    desc(kVm, { { kSp1, kPermRW } }, c, MEM_ATTR_NOT_SPECIFIED);
	uint64_t h = send_ok(kNwd, FFA_MEM_LEND_64, b);

	el3_.fail_unprotect = true;
	EXPECT_DEATH(reclaim(kNwd, h), "");
	el3_.fail_unprotect = false;
	ASSERT_FFA_SUCCESS(reclaim(kNwd, h));
}

} /* namespace */
