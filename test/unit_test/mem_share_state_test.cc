/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The state machine of mem_share, exhaustively: every transaction state x
 * receiver state (of the receiver concerned and of another one) x event x
 * receiver index, for share, lend and donate, against the table below,
 * written from docs/design/mem_share.md. A legal event is applied and the
 * whole record compared with the expected one; an illegal one must give
 * the documented FF-A error and leave every byte as it was.
 */

#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <stdint.h>
#include <string>
#include <tuple>

#include "spmc/mem_share.h"

namespace
{

enum Abi { kShare, kLend, kDonate };
enum Txn { kSending, kReady };
enum Rs { kIdle, kRetrieving, kRetrieved, kAnyRs };

constexpr int kOk = 0;
constexpr int kInval = FFA_INVALID_PARAMETERS;
constexpr int kDenied = FFA_DENIED;

/*
 * One row: in transaction state `txn`, event `ev` for a receiver in state
 * `rs` (kAnyRs: any, or a sender event) gives `result`; when legal the
 * receiver moves to `to` (kAnyRs: unchanged), holders change by `dh`,
 * the transaction moves to `txn_to` and `over` says whether the caller
 * must free it. `donate`: -1 any ABI, 0 share/lend only, 1 donate only.
 */
struct Row {
	enum mem_share_event ev;
	Txn txn;
	Rs rs;
	int donate;
	int result;
	Rs to;
	int dh;
	Txn txn_to;
	int over; /* 0 no, 1 yes, 2 = "if donate" */
};

constexpr Row err(enum mem_share_event ev, Txn txn, Rs rs, int donate, int code)
{
	return { ev, txn, rs, donate, code, kAnyRs, 0, txn, 0 };
}

constexpr Row ok(enum mem_share_event ev, Txn txn, Rs rs, int donate, Rs to,
		 int dh, Txn txn_to, int over)
{
	return { ev, txn, rs, donate, kOk, to, dh, txn_to, over };
}

/* RECLAIM when ready also depends on holders: see expected(). */
const Row kTable[] = {
	/* FRAG_TX: more fragments, or the last one. */
	ok(MEM_EV_FRAGMENT, kSending, kAnyRs, -1, kAnyRs, 0, kSending, 0),
	err(MEM_EV_FRAGMENT, kReady, kAnyRs, -1, kInval),
	ok(MEM_EV_SEND_DONE, kSending, kAnyRs, -1, kAnyRs, 0, kReady, 0),
	err(MEM_EV_SEND_DONE, kReady, kAnyRs, -1, kInval),
	/* Reclaim: "still being sent" is an unknown transaction. */
	err(MEM_EV_RECLAIM, kSending, kAnyRs, -1, kInval),
	/* Retrieve: still being sent → INVALID; already retrieved → DENIED. */
	err(MEM_EV_RETRIEVE, kSending, kAnyRs, -1, kInval),
	ok(MEM_EV_RETRIEVE, kReady, kIdle, -1, kRetrieved, 1, kReady, 2),
	err(MEM_EV_RETRIEVE, kReady, kRetrieving, -1, kDenied),
	err(MEM_EV_RETRIEVE, kReady, kRetrieved, -1, kDenied),
	err(MEM_EV_RETRIEVE_FRAG, kSending, kAnyRs, -1, kInval),
	ok(MEM_EV_RETRIEVE_FRAG, kReady, kIdle, -1, kRetrieving, 1, kReady, 0),
	err(MEM_EV_RETRIEVE_FRAG, kReady, kRetrieving, -1, kDenied),
	err(MEM_EV_RETRIEVE_FRAG, kReady, kRetrieved, -1, kDenied),
	/* FRAG_RX: only while the response is being delivered. */
	err(MEM_EV_RESP_FRAG, kSending, kAnyRs, -1, kInval),
	err(MEM_EV_RESP_FRAG, kReady, kIdle, -1, kInval),
	ok(MEM_EV_RESP_FRAG, kReady, kRetrieving, -1, kRetrieving, 0, kReady,
	   0),
	err(MEM_EV_RESP_FRAG, kReady, kRetrieved, -1, kInval),
	err(MEM_EV_RESP_DONE, kSending, kAnyRs, -1, kInval),
	err(MEM_EV_RESP_DONE, kReady, kIdle, -1, kInval),
	ok(MEM_EV_RESP_DONE, kReady, kRetrieving, -1, kRetrieved, 0, kReady, 2),
	err(MEM_EV_RESP_DONE, kReady, kRetrieved, -1, kInval),
	/* Relinquish: not retrieved → DENIED; a donate has no relinquish. */
	err(MEM_EV_RELINQUISH, kSending, kAnyRs, -1, kInval),
	err(MEM_EV_RELINQUISH, kReady, kAnyRs, 1, kInval),
	err(MEM_EV_RELINQUISH, kReady, kIdle, 0, kDenied),
	ok(MEM_EV_RELINQUISH, kReady, kRetrieving, 0, kIdle, -1, kReady, 0),
	ok(MEM_EV_RELINQUISH, kReady, kRetrieved, 0, kIdle, -1, kReady, 0),
};

bool is_receiver_event(enum mem_share_event ev)
{
	return ev != MEM_EV_FRAGMENT && ev != MEM_EV_SEND_DONE &&
	       ev != MEM_EV_RECLAIM;
}

struct Expect {
	int result;
	Rs to;
	int dh;
	Txn txn_to;
	bool over;
};

/* The table's answer; RECLAIM when ready: DENIED while anyone holds it. */
Expect expected(Abi abi, Txn txn, Rs rs, bool recv_valid, uint32_t holders,
		enum mem_share_event ev)
{
	if ((int)ev < 0 || ev >= MEM_EV_COUNT) {
		return { kInval, kAnyRs, 0, kReady, false };
	}
	if (ev == MEM_EV_RECLAIM && txn == kReady) {
		if (holders != 0) {
			return { kDenied, kAnyRs, 0, kReady, false };
		}
		return { kOk, kAnyRs, 0, kReady, true };
	}
	if (is_receiver_event(ev) && !recv_valid) {
		return { kInval, kAnyRs, 0, kReady, false };
	}
	int matches = 0;
	Expect e{};
	for (const Row &r : kTable) {
		bool abi_ok = r.donate < 0 || r.donate == (abi == kDonate);
		bool rs_ok = r.rs == kAnyRs || r.rs == rs;

		if (r.ev == ev && r.txn == txn && abi_ok && rs_ok) {
			matches++;
			e = { r.result, r.to, r.dh, r.txn_to,
			      r.over == 1 || (r.over == 2 && abi == kDonate) };
		}
	}
	EXPECT_EQ(matches, 1) << "table row for event " << ev << " txn " << txn
			      << " rs " << rs << " abi " << abi;
	return e;
}

enum mem_recv_state to_state(Rs r)
{
	return r == kIdle         ? MEM_RECV_IDLE
	       : r == kRetrieving ? MEM_RECV_RETRIEVING
				  : MEM_RECV_RETRIEVED;
}

/* A record as mem_share_alloc leaves it, with distinctive other fields. */
struct mem_share make_share(Abi abi, Txn txn, uint32_t nrecv, const Rs *rs)
{
	struct mem_share s;

	memset(&s, 0, sizeof(s));
	s.handle = 0x1234567890ABCULL;
	s.abi = abi == kShare  ? MEM_DESC_SHARE
		: abi == kLend ? MEM_DESC_LEND
			       : MEM_DESC_DONATE;
	s.state = txn == kSending ? MEM_SHARE_SENDING : MEM_SHARE_READY;
	s.sender_nwd = true;
	s.desc.receiver_count = nrecv;
	s.desc.constituent_count = 3;
	for (uint32_t i = 0; i < nrecv; i++) {
		s.desc.receivers[i].id = (uint16_t)(0x8001 + i);
		s.recv[i].state = to_state(rs[i]);
		s.recv[i].perm = (uint8_t)(i + 1);
		s.holders += rs[i] != kIdle;
	}
	return s;
}

struct Counts {
	std::map<int, int> results;
	int applied = 0;
	int cases = 0;
};

void check_case(Abi abi, Txn txn, uint32_t nrecv, const Rs *rs,
		enum mem_share_event ev, uint32_t recv, Counts *n)
{
	struct mem_share s = make_share(abi, txn, nrecv, rs);
	struct mem_share before = s;
	bool valid = recv < nrecv;
	Rs mine = valid ? rs[recv] : kIdle;
	Expect e = expected(abi, txn, mine, valid, s.holders, ev);
	std::string where =
	    "abi " + std::to_string(abi) + " txn " + std::to_string(txn) +
	    " nrecv " + std::to_string(nrecv) + " recv " +
	    std::to_string(recv) + " ev " + mem_share_event_name(ev);
	for (uint32_t i = 0; i < nrecv; i++) {
		where += " r" + std::to_string(i) + "=" + std::to_string(rs[i]);
	}

	n->cases++;
	int32_t got = mem_share_check(&s, ev, recv);
	n->results[got]++;
	ASSERT_EQ(got, e.result) << where;
	ASSERT_EQ(memcmp(&s, &before, sizeof(s)), 0) << "check wrote " << where;
	if (got != 0) {
		return;
	}

	/* Legal: apply, then compare with the record the table predicts. */
	struct mem_share want = before;
	if (e.to != kAnyRs) {
		want.recv[recv].state = to_state(e.to);
	}
	want.holders = (uint32_t)((int)want.holders + e.dh);
	want.state = e.txn_to == kSending ? MEM_SHARE_SENDING : MEM_SHARE_READY;
	bool over = mem_share_apply(&s, ev, recv);
	n->applied++;
	EXPECT_EQ(over, e.over) << where;
	EXPECT_EQ(s.state, want.state) << where;
	EXPECT_EQ(s.holders, want.holders) << where;
	for (uint32_t i = 0; i < PLAT_MAX_MEM_RECEIVERS; i++) {
		EXPECT_EQ(s.recv[i].state, want.recv[i].state)
		    << where << " " << i;
	}
	/* Only the state fields move; permissions etc. are the handler's. */
	EXPECT_EQ(memcmp(&s, &want, sizeof(s)), 0) << "other bytes " << where;
}

TEST(MemShareState, ExhaustiveAgainstTable)
{
	const Rs states[] = { kIdle, kRetrieving, kRetrieved };
	Counts n;

	for (Abi abi : { kShare, kLend, kDonate }) {
		/* A donate has one receiver; share and lend 1 to 4. */
		for (uint32_t nrecv = 1;
		     nrecv <= (abi == kDonate ? 1U : PLAT_MAX_MEM_RECEIVERS);
		     nrecv++) {
			for (Txn txn : { kSending, kReady }) {
				/* Every combination of receiver states. */
				uint32_t combos = 1;
				for (uint32_t i = 0; i < nrecv; i++) {
					combos *= 3;
				}
				for (uint32_t c = 0; c < combos; c++) {
					Rs rs[PLAT_MAX_MEM_RECEIVERS] = {};
					uint32_t x = c;
					for (uint32_t i = 0; i < nrecv; i++) {
						rs[i] = states[x % 3];
						x /= 3;
					}
					for (int ev = 0; ev <= MEM_EV_COUNT;
					     ev++) {
						for (uint32_t r :
						     { 0U, 1U, 2U, 3U, 4U,
						       UINT32_MAX }) {
							check_case(
							    abi, txn, nrecv, rs,
							    (enum mem_share_event)
								ev,
							    r, &n);
						}
					}
				}
			}
		}
	}
	/* Every outcome happened, so the table was really exercised. */
	EXPECT_GT(n.results[0], 0);
	EXPECT_GT(n.results[kInval], 0);
	EXPECT_GT(n.results[kDenied], 0);
	EXPECT_EQ(n.results.size(), 3U);
	EXPECT_GT(n.applied, 200);
	EXPECT_GT(n.cases, 5000);
}

/* Walks every state reachable by legal events from a fresh send. */
TEST(MemShareState, ReachableStatesKeepHoldersConsistent)
{
	for (Abi abi : { kShare, kLend, kDonate }) {
		uint32_t nrecv = abi == kDonate ? 1 : 2;
		Rs idle[PLAT_MAX_MEM_RECEIVERS] = {};
		std::set<std::string> seen;
		std::vector<struct mem_share> todo = { make_share(
		    abi, kSending, nrecv, idle) };
		int overs = 0;

		while (!todo.empty()) {
			struct mem_share s = todo.back();
			todo.pop_back();
			std::string key(reinterpret_cast<const char *>(&s),
					sizeof(s));
			if (!seen.insert(key).second) {
				continue;
			}
			uint32_t held = 0;
			for (uint32_t i = 0; i < nrecv; i++) {
				held += s.recv[i].state != MEM_RECV_IDLE;
			}
			ASSERT_EQ(s.holders, held);
			for (int ev = 0; ev < MEM_EV_COUNT; ev++) {
				for (uint32_t r = 0; r < nrecv; r++) {
					auto e = (enum mem_share_event)ev;
					struct mem_share t = s;

					if (mem_share_check(&t, e, r) != 0) {
						continue;
					}
					if (mem_share_apply(&t, e, r)) {
						overs++;
						continue;
					}
					todo.push_back(t);
				}
			}
		}
		/* Sending, ready and each receiver's three states. */
		size_t want = abi == kDonate ? 3 : 1 + 9;
		EXPECT_EQ(seen.size(), want) << abi;
		EXPECT_GT(overs, 0);
	}
}

} /* namespace */
