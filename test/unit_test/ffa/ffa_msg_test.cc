/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* Direct messaging, call chains, FFA_MSG_WAIT, FFA_YIELD, FFA_RUN. */

#include "ffa_fixture.h"

namespace
{

using FfaMsg = FfaTest;

constexpr uint64_t kReq = FFA_MSG_SEND_DIRECT_REQ_32;
constexpr uint64_t kResp = FFA_MSG_SEND_DIRECT_RESP_32;

TEST_F(FfaMsg, NwdToUpPartitionAndBack)
{
	struct vcpu *vc = v(kSp1);
	struct vcpu *next = nwd_call(make(kReq, ffa_msg_ids(0, kSp1), 0, 3,
					  0xFFFFFFFF00000004ULL, 5, 6, 7));

	ASSERT_EQ(next, vc);
	EXPECT_EQ(vc->state, VCPU_RUNNING);
	EXPECT_EQ(vc->rtm, RTM_FFA_DIR_REQ);
	EXPECT_EQ(regs(vc).x[0], kReq);
	EXPECT_EQ(regs(vc).x[1], ffa_msg_ids(0, kSp1));
	EXPECT_EQ(regs(vc).x[3], 3U);
	/* SMC32: the receiver sees w-values. */
	EXPECT_EQ(regs(vc).x[4], 4U);
	EXPECT_EQ(regs(vc).x[7], 7U);

	next = sp_call(vc, make(kResp, ffa_msg_ids(kSp1, 0), 0, 0x33));
	EXPECT_EQ(next, nullptr);
	EXPECT_EQ(nwd().x[0], kResp);
	EXPECT_EQ(nwd().x[1], ffa_msg_ids(kSp1, 0));
	EXPECT_EQ(nwd().x[3], 0x33U);
	EXPECT_EQ(vc->state, VCPU_WAITING);
	EXPECT_EQ(vc->rtm, RTM_NONE);
}

TEST_F(FfaMsg, Smc64PayloadIntact)
{
	struct vcpu *vc = v(kSp1);

	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ_64, ffa_msg_ids(0, kSp1), 0,
		      0xAAAABBBBCCCCDDDDULL));
	EXPECT_EQ(regs(vc).x[3], 0xAAAABBBBCCCCDDDDULL);
	sp_call(vc, make(FFA_MSG_SEND_DIRECT_RESP_64, ffa_msg_ids(kSp1, 0), 0,
			 0x1111222233334444ULL));
	EXPECT_EQ(nwd().x[3], 0x1111222233334444ULL);
}

TEST_F(FfaMsg, MpPartitionUsesVcpuOfThisCpu)
{
	for (uint32_t cpu = 0; cpu < 4; cpu++) {
		struct vcpu *next =
		    nwd_call(make(kReq, ffa_msg_ids(0, kSp2)), cpu);

		ASSERT_EQ(next, v(kSp2, (uint16_t)cpu_get(cpu)->vcpu_index));
		sp_call(next, make(kResp, ffa_msg_ids(kSp2, 0)));
		EXPECT_EQ(cpu_get(cpu)->nwd.x[0], kResp);
	}
}

struct BadReq {
	const char *what;
	uint64_t x1, x2;
	int32_t error;
};

class FfaMsgBad : public FfaTest, public ::testing::WithParamInterface<BadReq>
{
};

TEST_P(FfaMsgBad, NwdRequestRefusedNoChange)
{
	const BadReq &b = GetParam();

	EXPECT_EQ(nwd_call(make(kReq, b.x1, b.x2)), nullptr);
	EXPECT_FFA_ERROR(nwd(), b.error);
	for (uint16_t id : { kSp1, kSp3 }) {
		EXPECT_EQ(v(id)->state, VCPU_WAITING);
		EXPECT_EQ(v(id)->rtm, RTM_NONE);
	}
}

INSTANTIATE_TEST_SUITE_P(
    Req, FfaMsgBad,
    ::testing::Values(BadReq{ "unknown target", ffa_msg_ids(0, 0x8009), 0,
			      FFA_INVALID_PARAMETERS },
		      BadReq{ "normal-world target", ffa_msg_ids(0, 0x0001), 0,
			      FFA_INVALID_PARAMETERS },
		      BadReq{ "secure source", ffa_msg_ids(0x8003, kSp1), 0,
			      FFA_INVALID_PARAMETERS },
		      BadReq{ "w2 mbz", ffa_msg_ids(0, kSp1), 1,
			      FFA_INVALID_PARAMETERS },
		      BadReq{ "framework to SP", ffa_msg_ids(0, kSp1),
			      FFA_FWK_MSG_BIT | FFA_FWK_VM_CREATED_REQ,
			      FFA_INVALID_PARAMETERS },
		      BadReq{ "target does not receive", ffa_msg_ids(0, kSp3),
			      0, FFA_DENIED }));

TEST_F(FfaMsg, VcpuIndexIsRankByMpidr)
{
	/* The manifest lists MPIDRs 0, 3, 2, 1. */
	EXPECT_EQ(cpu_get(0)->vcpu_index, 0U);
	EXPECT_EQ(cpu_get(1)->vcpu_index, 3U);
	EXPECT_EQ(cpu_get(2)->vcpu_index, 2U);
	EXPECT_EQ(cpu_get(3)->vcpu_index, 1U);
}

TEST_F(FfaMsg, BusyTarget)
{
	ASSERT_EQ(nwd_call(make(kReq, ffa_msg_ids(0, kSp1))), v(kSp1));
	/* Another CPU asks the same UP partition while it runs. */
	EXPECT_EQ(nwd_call(make(kReq, ffa_msg_ids(0, kSp1)), 1), nullptr);
	EXPECT_FFA_ERROR(nwd(1), FFA_BUSY);
	EXPECT_EQ(v(kSp1)->cpu, cpu_get(0));
}

TEST_F(FfaMsg, AbortedTarget)
{
	p(kSp2)->state = PARTITION_ABORTED;
	nwd_call(make(kReq, ffa_msg_ids(0, kSp2)));
	EXPECT_FFA_ERROR(nwd(), FFA_ABORTED);
}

TEST_F(FfaMsg, PartitionToPartitionChain)
{
	struct vcpu *a = v(kSp1);
	struct vcpu *b = v(kSp2, 0);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	ASSERT_EQ(sp_call(a, make(kReq, ffa_msg_ids(kSp1, kSp2), 0, 9)), b);
	EXPECT_EQ(a->state, VCPU_BLOCKED);
	EXPECT_EQ(b->chain_prev, a);
	EXPECT_EQ(regs(b).x[3], 9U);
	ASSERT_EQ(sp_call(b, make(kResp, ffa_msg_ids(kSp2, kSp1), 0, 10)), a);
	EXPECT_EQ(a->state, VCPU_RUNNING);
	EXPECT_EQ(regs(a).x[3], 10U);
	EXPECT_EQ(b->state, VCPU_WAITING);
	EXPECT_EQ(sp_call(a, make(kResp, ffa_msg_ids(kSp1, 0))), nullptr);
	EXPECT_EQ(nwd().x[0], kResp);
}

TEST_F(FfaMsg, LoopRefused)
{
	struct vcpu *a = v(kSp1);
	struct vcpu *b = v(kSp2, 0);

	/* sp2 may not send; give it the right to try a loop back to sp1. */
	mp_[1].messaging_method |= FFA_MSG_DIRECT_REQ_SEND;
	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	sp_call(a, make(kReq, ffa_msg_ids(kSp1, kSp2)));
	EXPECT_EQ(sp_call(b, make(kReq, ffa_msg_ids(kSp2, kSp1))), b);
	EXPECT_FFA_ERROR(regs(b), FFA_DENIED);
	EXPECT_EQ(a->state, VCPU_BLOCKED);
	EXPECT_EQ(b->chain_prev, a);
	EXPECT_EQ(a->chain_next, b);
}

TEST_F(FfaMsg, SenderWithoutPermissionDenied)
{
	struct vcpu *b = v(kSp2, 0);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp2)));
	EXPECT_EQ(sp_call(b, make(kReq, ffa_msg_ids(kSp2, kSp1))), b);
	EXPECT_FFA_ERROR(regs(b), FFA_DENIED);
	EXPECT_EQ(v(kSp1)->state, VCPU_WAITING);
}

TEST_F(FfaMsg, SpoofedSourceFromPartition)
{
	struct vcpu *a = v(kSp1);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	sp_call(a, make(kReq, ffa_msg_ids(kSp3, kSp2)));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(a->state, VCPU_RUNNING);
}

TEST_F(FfaMsg, ResponseOnlyToOrigin)
{
	struct vcpu *a = v(kSp1);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	sp_call(a, make(kResp, ffa_msg_ids(kSp1, kSp2)));
	EXPECT_FFA_ERROR(regs(a), FFA_DENIED);
	EXPECT_EQ(a->rtm, RTM_FFA_DIR_REQ);
	sp_call(a, make(kResp, ffa_msg_ids(kSp2, 0)));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	sp_call(a, make(kResp, ffa_msg_ids(kSp1, 0), 5));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(a->rtm, RTM_FFA_DIR_REQ);
}

TEST_F(FfaMsg, ResponseWithoutRequestDenied)
{
	struct vcpu *a = v(kSp1);

	sp_call(a, make(kResp, ffa_msg_ids(kSp1, 0)));
	EXPECT_FFA_ERROR(regs(a), FFA_DENIED);
	nwd_call(make(kResp, ffa_msg_ids(0, kSp1)));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
}

TEST_F(FfaMsg, Req2WithUuidAndPayload)
{
	struct vcpu *a = v(kSp1);
	ffa_value req{};

	nwd_version(FFA_VERSION_1_2);
	req.x[0] = FFA_MSG_SEND_DIRECT_REQ2_64;
	req.x[1] = ffa_msg_ids(0, kSp1);
	req.x[2] = 0x1000ULL | (0x1001ULL << 32);
	req.x[3] = 0x1002ULL | (0x1003ULL << 32);
	for (int i = 4; i < 18; i++) {
		req.x[i] = 0x100ULL + i;
	}
	ASSERT_EQ(nwd_call(req), a);
	EXPECT_EQ(regs(a).x[17], 0x111U);
	EXPECT_EQ(regs(a).x[2], req.x[2]);
	ffa_value resp{};
	resp.x[0] = FFA_MSG_SEND_DIRECT_RESP2_64;
	resp.x[1] = ffa_msg_ids(kSp1, 0);
	resp.x[4] = 0x44;
	resp.x[17] = 0x1717;
	EXPECT_EQ(sp_call(a, resp), nullptr);
	EXPECT_EQ(nwd().x[17], 0x1717U);
	EXPECT_EQ(nwd().x[4], 0x44U);
}

TEST_F(FfaMsg, Req2NullUuidAccepted)
{
	nwd_version(FFA_VERSION_1_2);
	EXPECT_EQ(
	    nwd_call(make(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, kSp2))),
	    v(kSp2, 0));
}

TEST_F(FfaMsg, Req2Errors)
{
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, kSp1)));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED); /* NWd at v1.0 */
	nwd_version(FFA_VERSION_1_2);
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, kSp1), 7));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS); /* unknown UUID */
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, kSp1),
		      0x2000ULL | (0x2001ULL << 32),
		      0x2002ULL | (0x2003ULL << 32)));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS); /* sp2's UUID */
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, kSp3)));
	EXPECT_FFA_ERROR(nwd(), FFA_DENIED);
	EXPECT_EQ(v(kSp1)->state, VCPU_WAITING);
}

TEST_F(FfaMsg, MismatchedResponseAbi)
{
	struct vcpu *a = v(kSp1);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	sp_call(a, make(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_msg_ids(kSp1, 0)));
	EXPECT_FFA_ERROR(regs(a), FFA_DENIED);
	EXPECT_EQ(a->rtm, RTM_FFA_DIR_REQ);
}

TEST_F(FfaMsg, MsgWaitWhileServingDenied)
{
	struct vcpu *a = v(kSp1);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	sp_call(a, make(FFA_MSG_WAIT_32));
	EXPECT_FFA_ERROR(regs(a), FFA_DENIED);
	sp_call(a, make(FFA_MSG_WAIT_32, 0, 2));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(a->rtm, RTM_FFA_DIR_REQ);
}

TEST_F(FfaMsg, YieldThenRun)
{
	struct vcpu *a = v(kSp1);

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	EXPECT_EQ(sp_call(a, make(FFA_YIELD_32, 0, 100, 0)), nullptr);
	EXPECT_EQ(nwd().x[0], FFA_YIELD_32);
	EXPECT_EQ(nwd().x[1], (uint64_t)kSp1 << 16);
	EXPECT_EQ(nwd().x[2], 100U);
	EXPECT_EQ(a->state, VCPU_PREEMPTED);
	/* Another request meanwhile finds it busy. */
	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	EXPECT_FFA_ERROR(nwd(), FFA_BUSY);
	ASSERT_EQ(nwd_call(make(FFA_RUN_32, (uint64_t)kSp1 << 16)), a);
	EXPECT_EQ(regs(a).x[0], FFA_SUCCESS_32);
	EXPECT_EQ(sp_call(a, make(kResp, ffa_msg_ids(kSp1, 0), 0, 1)), nullptr);
	EXPECT_EQ(nwd().x[0], kResp);
}

TEST_F(FfaMsg, RunWaitingPartitionThenMsgWait)
{
	struct vcpu *a = v(kSp1);

	ASSERT_EQ(nwd_call(make(FFA_RUN_32, (uint64_t)kSp1 << 16)), a);
	EXPECT_EQ(regs(a).x[0], FFA_RUN_32);
	EXPECT_EQ(a->rtm, RTM_FFA_RUN);
	EXPECT_EQ(sp_call(a, make(FFA_MSG_WAIT_32)), nullptr);
	EXPECT_EQ(nwd().x[0], FFA_MSG_WAIT_32);
	EXPECT_EQ(a->state, VCPU_WAITING);
}

TEST_F(FfaMsg, RunErrors)
{
	nwd_call(make(FFA_RUN_32, (uint64_t)0x8009 << 16));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_RUN_32, ((uint64_t)kSp1 << 16) | 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	/* MP vCPU 2 from CPU 0. */
	nwd_call(make(FFA_RUN_32, ((uint64_t)kSp2 << 16) | 2));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(FFA_RUN_32, (uint64_t)kSp1 << 16, 1));
	EXPECT_FFA_ERROR(nwd(), FFA_INVALID_PARAMETERS);
	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	nwd_call(make(FFA_RUN_32, (uint64_t)kSp1 << 16), 1);
	EXPECT_FFA_ERROR(nwd(1), FFA_BUSY);
}

TEST_F(FfaMsg, YieldOutsideRequestDenied)
{
	struct vcpu *a = v(kSp1);

	a->rtm = RTM_SP_INIT;
	sp_call(a, make(FFA_YIELD_32));
	EXPECT_FFA_ERROR(regs(a), FFA_DENIED);
	a->rtm = RTM_FFA_DIR_REQ;
	sp_call(a, make(FFA_YIELD_32, 0, 0, 0, 1));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
}

} // namespace

namespace
{

TEST_F(FfaMsg, NsInterruptPreemptsThenRunResumesUntouched)
{
	struct vcpu *a = v(kSp1);
	struct arch_exit e = {};

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	regs(a).x[0] = 0x1234; /* mid-computation register state */
	e.reason = ARCH_EXIT_NS_INTERRUPT;
	EXPECT_EQ(ffa_handle_vcpu_exit(cpu_get(0), a, &e), nullptr);
	EXPECT_EQ((uint32_t)nwd().x[0], FFA_INTERRUPT_32);
	EXPECT_EQ(nwd().x[1], (uint64_t)kSp1 << 16);
	EXPECT_EQ(a->state, VCPU_PREEMPTED);
	ASSERT_EQ(nwd_call(make(FFA_RUN_32, (uint64_t)kSp1 << 16)), a);
	EXPECT_EQ(regs(a).x[0], 0x1234U);
	EXPECT_EQ(a->rtm, RTM_FFA_DIR_REQ);
}

TEST_F(FfaMsg, FatalFaultAbortsAndTellsOrigin)
{
	struct vcpu *a = v(kSp1);
	struct arch_exit e = {};

	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	e.reason = ARCH_EXIT_FAULT;
	EXPECT_EQ(ffa_handle_vcpu_exit(cpu_get(0), a, &e), nullptr);
	EXPECT_FFA_ERROR(nwd(), FFA_ABORTED);
	EXPECT_EQ(p(kSp1)->state, PARTITION_ABORTED);
	nwd_call(make(kReq, ffa_msg_ids(0, kSp1)));
	EXPECT_FFA_ERROR(nwd(), FFA_ABORTED);
}

} // namespace
