/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/* Partition boot, FFA_ERROR in init, secondary entry, CPU_OFF, console. */

#include "ffa_fixture.h"

namespace
{

class FfaBoot : public FfaTest
{
      protected:
	void SetUp() override
	{
		FfaTest::SetUp();
		for (uint16_t id : { kSp1, kSp2, kSp3 }) {
			struct partition *pp = p(id);

			pp->state = PARTITION_CREATED;
			for (uint16_t i = 0; i < pp->vcpu_count; i++) {
				pp->vcpus[i].state = VCPU_OFF;
			}
		}
	}
};

TEST_F(FfaBoot, BootsInOrderAndEndsWithMsgWait)
{
	struct cpu *c = cpu_get(0);
	struct vcpu *next = ffa_boot_start(c);

	ASSERT_EQ(next, v(kSp1));
	EXPECT_EQ(next->rtm, RTM_SP_INIT);
	EXPECT_EQ(next->arch.gp.pc, p(kSp1)->entry);
	EXPECT_EQ(next->arch.gp.x[4], 0U);
	next = sp_call(next, make(FFA_MSG_WAIT_32));
	ASSERT_EQ(next, v(kSp2, 0));
	EXPECT_EQ(p(kSp1)->state, PARTITION_READY);
	next = sp_call(next, make(FFA_MSG_WAIT_32));
	ASSERT_EQ(next, v(kSp3));
	next = sp_call(next, make(FFA_MSG_WAIT_32));
	EXPECT_EQ(next, nullptr);
	EXPECT_EQ(nwd().x[0], FFA_MSG_WAIT_32);
	EXPECT_TRUE(c->is_on);
	char log[4096];
	fake_console_take(log, sizeof(log));
	EXPECT_NE(strstr(log, "Partitions (boot order)"), nullptr);
	EXPECT_NE(strstr(log, "sp2"), nullptr);
}

TEST_F(FfaBoot, InitFailureAbortsOnlyThatPartition)
{
	struct vcpu *next = ffa_boot_start(cpu_get(0));

	next = sp_call(next, make(FFA_MSG_WAIT_32));
	ASSERT_EQ(next, v(kSp2, 0));
	next = sp_call(next, make(FFA_ERROR_32, 0, (uint32_t)FFA_ABORTED));
	ASSERT_EQ(next, v(kSp3));
	EXPECT_EQ(p(kSp2)->state, PARTITION_ABORTED);
	for (uint16_t i = 0; i < 4; i++) {
		EXPECT_EQ(v(kSp2, i)->state, VCPU_ABORTED);
	}
	sp_call(next, make(FFA_MSG_WAIT_32));
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0, kSp2)));
	EXPECT_FFA_ERROR(nwd(), FFA_ABORTED);
}

TEST_F(FfaBoot, BootInfoRegister)
{
	mp_[0].has_gp_register = true;
	mp_[0].gp_register_num = 1;
	p(kSp1)->boot_info = 0x12345000;
	struct vcpu *next = ffa_boot_start(cpu_get(0));

	EXPECT_EQ(next->arch.gp.x[1], 0x12345000U);
	EXPECT_EQ(next->arch.gp.x[0], 0U);
}

TEST_F(FfaBoot, ErrorOutsideInitNotSupported)
{
	struct vcpu *a = v(kSp1);

	a->rtm = RTM_FFA_DIR_REQ;
	sp_call(a, make(FFA_ERROR_32, 0, (uint32_t)FFA_ABORTED));
	EXPECT_FFA_ERROR(regs(a), FFA_NOT_SUPPORTED);
}

TEST_F(FfaBoot, SecondaryEntryRegisterAndSecondaryBoot)
{
	struct vcpu *next = ffa_boot_start(cpu_get(0));
	uint64_t ep = vm_[1].load_address + 0x4100;

	next = sp_call(next, make(FFA_MSG_WAIT_32));
	ASSERT_EQ(next, v(kSp2, 0));
	sp_call(next, make(FFA_SECONDARY_EP_REGISTER_64, ep + 2));
	EXPECT_FFA_ERROR(regs(next), FFA_INVALID_PARAMETERS);
	sp_call(next, make(FFA_SECONDARY_EP_REGISTER_64,
			   vm_[1].load_address + kPartitionMem));
	EXPECT_FFA_ERROR(regs(next), FFA_INVALID_PARAMETERS);
	sp_call(next, make(FFA_SECONDARY_EP_REGISTER_64, ep));
	EXPECT_FFA_SUCCESS(regs(next));
	next = sp_call(next, make(FFA_MSG_WAIT_32));
	sp_call(next, make(FFA_MSG_WAIT_32));

	/* After init the call is refused. */
	v(kSp2, 0)->rtm = RTM_FFA_DIR_REQ;
	sp_call(v(kSp2, 0), make(FFA_SECONDARY_EP_REGISTER_64, ep + 4));
	EXPECT_FFA_ERROR(regs(v(kSp2, 0)), FFA_DENIED);
	EXPECT_EQ(p(kSp2)->secondary_entry, ep);
	v(kSp2, 0)->rtm = RTM_NONE;
	v(kSp2, 0)->state = VCPU_WAITING;

	/* CPU 2 comes up: sp2's vCPU 2 starts at the registered entry. */
	next = ffa_boot_start(cpu_get(2));
	ASSERT_EQ(next, v(kSp2, 2));
	EXPECT_EQ(next->arch.gp.pc, ep);
	EXPECT_EQ(next->arch.gp.x[4], 2U);
	EXPECT_EQ(sp_call(next, make(FFA_MSG_WAIT_32)), nullptr);
	EXPECT_EQ(cpu_get(2)->nwd.x[0], FFA_MSG_WAIT_32);
	EXPECT_EQ(v(kSp2, 2)->state, VCPU_WAITING);
}

TEST_F(FfaBoot, SecondaryEntryFromUpNotSupported)
{
	struct vcpu *next = ffa_boot_start(cpu_get(0));

	sp_call(next, make(FFA_SECONDARY_EP_REGISTER_64,
			   vm_[0].load_address + 0x4000));
	EXPECT_FFA_ERROR(regs(next), FFA_NOT_SUPPORTED);
}

class FfaPower : public FfaTest
{
};

TEST_F(FfaPower, CpuOffRelayedToSubscribedPartition)
{
	struct vcpu *next = nwd_call(
	    make(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(FFA_ID_SPMD, 0x8000),
		 FFA_FWK_MSG_BIT | FFA_FWK_PSCI_REQ, PSCI_CPU_OFF),
	    1);

	/* CPU 1 is MPIDR 3: it runs vCPU 3. */
	ASSERT_EQ(next, v(kSp2, 3));
	EXPECT_EQ(regs(next).x[1], ffa_msg_ids(0x8000, kSp2));
	EXPECT_EQ(regs(next).x[2], FFA_FWK_MSG_BIT | FFA_FWK_PSCI_REQ);
	EXPECT_EQ(regs(next).x[3], PSCI_CPU_OFF);
	/* A plain response is refused; the framework one completes. */
	sp_call(next, make(FFA_MSG_SEND_DIRECT_RESP_32,
			   ffa_msg_ids(kSp2, 0x8000), 0, 0));
	EXPECT_FFA_ERROR(regs(next), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(sp_call(next, make(FFA_MSG_SEND_DIRECT_RESP_32,
				     ffa_msg_ids(kSp2, 0x8000),
				     FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP, 0)),
		  nullptr);
	EXPECT_EQ(nwd(1).x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	EXPECT_EQ(nwd(1).x[1], ffa_msg_ids(0x8000, FFA_ID_SPMD));
	EXPECT_EQ(nwd(1).x[2], FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP);
	EXPECT_EQ(nwd(1).x[3], 0U);
	EXPECT_EQ(v(kSp2, 3)->state, VCPU_OFF);
	EXPECT_EQ(v(kSp2, 1)->state, VCPU_WAITING);
	EXPECT_FALSE(cpu_get(1)->is_on);
}

TEST_F(FfaPower, CpuOffRefusedGivesDenied)
{
	struct vcpu *next = nwd_call(
	    make(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(FFA_ID_SPMD, 0x8000),
		 FFA_FWK_MSG_BIT | FFA_FWK_PSCI_REQ, PSCI_CPU_OFF),
	    3);

	ASSERT_EQ(next, v(kSp2, 1)); /* CPU 3 is MPIDR 1 */
	/* The partition may not call out while handling it. */
	sp_call(next,
		make(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(kSp2, kSp1)));
	EXPECT_FFA_ERROR(regs(next), FFA_DENIED);
	sp_call(next,
		make(FFA_MSG_SEND_DIRECT_RESP_32, ffa_msg_ids(kSp2, 0x8000),
		     FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP,
		     (uint32_t)PSCI_E_DENIED));
	EXPECT_EQ((int32_t)(uint32_t)nwd(3).x[3], PSCI_E_DENIED);
}

TEST_F(FfaPower, OtherPsciMessagesNotSupported)
{
	nwd_call(make(FFA_MSG_SEND_DIRECT_REQ_32,
		      ffa_msg_ids(FFA_ID_SPMD, 0x8000),
		      FFA_FWK_MSG_BIT | FFA_FWK_PSCI_REQ, PSCI_CPU_SUSPEND_64));
	EXPECT_EQ((int32_t)(uint32_t)nwd().x[3], PSCI_E_NOT_SUPPORTED);
}

class FfaConsole : public FfaTest
{
};

TEST_F(FfaConsole, Smc32LinesArePrefixed)
{
	struct vcpu *a = v(kSp1);
	char log[256];

	/* "hi!\n" in w2, "ok\n" in w3. */
	sp_call(a, make(FFA_CONSOLE_LOG_32, 7, 0x0A216968, 0x0A6B6F));
	EXPECT_FFA_SUCCESS(regs(a));
	fake_console_take(log, sizeof(log));
	EXPECT_NE(strstr(log, "[8001 c0] hi!"), nullptr) << log;
	EXPECT_NE(strstr(log, "ok"), nullptr) << log;
}

TEST_F(FfaConsole, Smc64PacksEightPerRegister)
{
	struct vcpu *a = v(kSp1);
	char log[256];
	ffa_value call{};

	call.x[0] = FFA_CONSOLE_LOG_64;
	call.x[1] = 9;
	memcpy(&call.x[2], "abcdefgh", 8);
	call.x[3] = '\n';
	sp_call(a, call);
	EXPECT_FFA_SUCCESS(regs(a));
	fake_console_take(log, sizeof(log));
	EXPECT_NE(strstr(log, "abcdefgh"), nullptr) << log;
}

TEST_F(FfaConsole, BadCounts)
{
	struct vcpu *a = v(kSp1);
	char log[64];

	sp_call(a, make(FFA_CONSOLE_LOG_32, 0));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	sp_call(a, make(FFA_CONSOLE_LOG_32, 25, 0x41414141));
	EXPECT_FFA_ERROR(regs(a), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(fake_console_take(log, sizeof(log)), 0U);
	/* sp3 is v1.1: the SMC64 form needs v1.2. */
	sp_call(v(kSp3), make(FFA_CONSOLE_LOG_64, 1, 'x'));
	EXPECT_FFA_ERROR(regs(v(kSp3)), FFA_NOT_SUPPORTED);
	nwd_call(make(FFA_CONSOLE_LOG_32, 1, 'x'));
	EXPECT_FFA_ERROR(nwd(), FFA_NOT_SUPPORTED);
}

} // namespace
