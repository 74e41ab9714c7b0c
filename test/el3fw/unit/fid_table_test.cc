/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw_fixture.h"

/*
 * The whole FF-A function range (0x60-0x97, SMC32 and SMC64) from both
 * worlds against tfa-spmd-interface §1.7 "How each FID is treated",
 * written out again here, independently of spmd.c's table. Both sides
 * negotiated v1.3, so version-gated ABIs are allowed.
 */

namespace test
{
namespace
{

/** What the SPMD does with one FID from one world. */
enum class Treat {
	/** Forwarded: the other world runs with this FID in x0. */
	kForward,
	/** FFA_ERROR(NOT_SUPPORTED) to the caller. */
	kNotSupported,
	/** FFA_ERROR(DENIED) to the caller. */
	kDenied,
	/** Answered at EL3 with something other than FFA_ERROR. */
	kEl3,
	/** Sent to the SPMC as the FFA_VERSION framework message. */
	kFramework,
	/** EL3 panic. */
	kPanic,
};

using enum Treat;

struct Row {
	uint32_t fnum;
	bool has32;
	bool has64;
	Treat nwd;
	Treat spmc;
};

/* §1.7, row by row. Absent pairs are "anything else": NOT_SUPPORTED. */
constexpr Row kTable[] = {
	{ 0x60, true, false, kForward, kForward },      /* ERROR */
	{ 0x61, true, true, kForward, kForward },       /* SUCCESS */
	{ 0x62, true, false, kNotSupported, kForward }, /* INTERRUPT */
	{ 0x63, true, false, kFramework, kEl3 },        /* VERSION */
	{ 0x64, true, false, kForward, kEl3 },          /* FEATURES */
	{ 0x65, true, false, kForward, kNotSupported }, /* RX_RELEASE */
	{ 0x66, true, true, kForward, kNotSupported },  /* RXTX_MAP */
	{ 0x67, true, false, kForward, kNotSupported }, /* RXTX_UNMAP */
	{ 0x68, true, false, kForward, kNotSupported }, /* PARTITION_INFO_GET */
	{ 0x69, true, false, kEl3, kEl3 },              /* ID_GET */
	{ 0x6B, true, false, kNotSupported, kForward }, /* MSG_WAIT */
	{ 0x6C, true, false, kNotSupported, kForward }, /* MSG_YIELD */
	{ 0x6D, true, false, kForward, kNotSupported }, /* RUN */
	{ 0x6E, true, false, kForward, kForward },      /* MSG_SEND */
	{ 0x6F, true, true, kForward, kForward },       /* DIRECT_REQ */
	{ 0x70, true, true, kForward, kForward },       /* DIRECT_RESP */
	{ 0x71, true, true, kForward, kForward },       /* MEM_DONATE */
	{ 0x72, true, true, kForward, kForward },       /* MEM_LEND */
	{ 0x73, true, true, kForward, kForward },       /* MEM_SHARE */
	{ 0x74, true, true, kForward, kForward },       /* MEM_RETRIEVE_REQ */
	{ 0x75, true, false, kForward, kForward },      /* MEM_RETRIEVE_RESP */
	{ 0x76, true, false, kForward, kForward },      /* MEM_RELINQUISH */
	{ 0x77, true, false, kForward, kForward },      /* MEM_RECLAIM */
	{ 0x7A, true, false, kForward, kForward },      /* MEM_FRAG_RX */
	{ 0x7B, true, false, kForward, kForward },      /* MEM_FRAG_TX */
	{ 0x7C, true, false, kDenied, kDenied }, /* NORMAL_WORLD_RESUME */
	{ 0x7D, true, false, kForward,
	  kNotSupported }, /* NOTIF BITMAP_CREATE */
	{ 0x7E, true, false, kForward,
	  kNotSupported }, /* NOTIF BITMAP_DESTROY */
	{ 0x7F, true, false, kForward, kNotSupported }, /* NOTIF BIND */
	{ 0x80, true, false, kForward, kNotSupported }, /* NOTIF UNBIND */
	{ 0x81, true, false, kForward, kNotSupported }, /* NOTIF SET */
	{ 0x82, true, false, kForward, kNotSupported }, /* NOTIF GET */
	{ 0x83, true, true, kForward, kNotSupported },  /* NOTIF INFO_GET */
	{ 0x84, true, false, kForward, kNotSupported }, /* RX_ACQUIRE */
	{ 0x85, true, false, kEl3, kEl3 },              /* SPM_ID_GET */
	{ 0x86, true, false, kForward, kNotSupported }, /* MSG_SEND2 */
	{ 0x87, false, true, kNotSupported, kEl3 }, /* SECONDARY_EP_REGISTER */
	{ 0x8A, true, true, kNotSupported, kNotSupported }, /* CONSOLE_LOG */
	{ 0x8B, false, true, kForward, kNotSupported }, /* PART_INFO_GET_REGS */
	{ 0x8C, true, false, kNotSupported, kEl3 },     /* EL3_INTR_HANDLE */
	{ 0x8D, false, true, kForward, kForward },      /* DIRECT_REQ2 */
	{ 0x8E, false, true, kForward, kForward },      /* DIRECT_RESP2 */
	{ 0x8F, false, true, kForward, kNotSupported }, /* NS_RES_INFO_GET */
	{ 0x90, true, true, kNotSupported, kPanic },    /* ABORT */
	{ 0x94, false, true, kForward, kNotSupported }, /* NOTIF BIND2 */
	{ 0x95, false, true, kForward, kNotSupported }, /* NOTIF UNBIND2 */
	{ 0x96, false, true, kForward, kNotSupported }, /* NOTIF SET2 */
	{ 0x97, false, true, kForward, kNotSupported }, /* NOTIF GET2 */
};

Treat Expected(uint32_t fnum, bool smc64, bool secure)
{
	for (const Row &r : kTable) {
		if (r.fnum == fnum && (smc64 ? r.has64 : r.has32)) {
			return secure ? r.spmc : r.nwd;
		}
	}
	return kNotSupported;
}

class FidTableTest : public El3Test
{
      protected:
	/** A core with the SPMC ON and both sides at v1.3, version locked. */
	void Fresh()
	{
		Init(features_);
		BootToNwd();
		Negotiate(FFA_VERSION_1_3, FFA_VERSION_1_3);
		ASSERT_EQ(FromNwd({ FFA_ID_GET_32 }), EL3_NEXT_NWD);
		g_plat.iar0 = 5;
	}

	void Check(uint32_t fid, bool secure)
	{
		uint32_t fnum = fid & 0xFFFF;
		Treat want = Expected(fnum, ffa_fid_is_smc64(fid), secure);
		/* NWd: source 0 to 0x8001; SPMC: 0x8001 to 0. */
		uint64_t ids = secure ? 0x80010000U : 0x00008001U;
		el3_next caller = secure ? EL3_NEXT_SPMC : EL3_NEXT_NWD;
		el3_next other = secure ? EL3_NEXT_NWD : EL3_NEXT_SPMC;
		el3_next next;

		SCOPED_TRACE(testing::Message()
			     << std::hex << "fid 0x" << fid << " from "
			     << (secure ? "SPMC" : "NWd"));
		Fresh();
		uint64_t *in = secure ? Swd() : Nwd();
		uint64_t *out = secure ? Nwd() : Swd();
		out[0] = 0xDEAD;
		/* FFA_VERSION asks for 1.2; EP registration gives a valid EP. */
		next = Call(secure ? EL3_SWD : EL3_NWD,
			    { fid, fnum == 0x63   ? FFA_VERSION_1_2
				   : fnum == 0x87 ? kBl32
						  : ids });
		switch (want) {
		case kForward:
			EXPECT_EQ(next, other);
			EXPECT_EQ(out[0], fid);
			break;
		case kNotSupported:
			EXPECT_EQ(next, caller);
			ExpectError(in, FFA_NOT_SUPPORTED);
			EXPECT_EQ(out[0], 0xDEADU);
			break;
		case kDenied:
			EXPECT_EQ(next, caller);
			ExpectError(in, FFA_DENIED);
			break;
		case kEl3:
			EXPECT_EQ(next, caller);
			EXPECT_NE(in[0], FFA_ERROR_32);
			EXPECT_NE(in[0], FFA_SMC64(0x60));
			EXPECT_EQ(out[0], 0xDEADU);
			break;
		case kFramework:
			EXPECT_EQ(next, EL3_NEXT_SPMC);
			EXPECT_EQ(out[0], FFA_MSG_SEND_DIRECT_REQ_32);
			EXPECT_EQ(out[2], 0x80000008U);
			break;
		case kPanic:
			EXPECT_EQ(next, EL3_NEXT_PANIC);
			break;
		}
	}
};

TEST_F(FidTableTest, every_ffa_fid_from_the_normal_world)
{
	for (uint32_t fnum = 0x60; fnum <= 0x97; fnum++) {
		Check(FFA_SMC32(fnum), false);
		Check(FFA_SMC64(fnum), false);
	}
}

TEST_F(FidTableTest, every_ffa_fid_from_the_spmc)
{
	for (uint32_t fnum = 0x60; fnum <= 0x97; fnum++) {
		Check(FFA_SMC32(fnum), true);
		Check(FFA_SMC64(fnum), true);
	}
}

/* "anything else in 0x60..0x97": NOT_SUPPORTED with TF-A's warning. */
TEST_F(FidTableTest, unknown_ffa_fid_warns)
{
	Fresh();
	g_plat.log.clear();
	ASSERT_EQ(FromNwd({ FFA_MEM_PERM_GET_32 }), EL3_NEXT_NWD);
	ExpectError(Nwd(), FFA_NOT_SUPPORTED);
	EXPECT_NE(g_plat.log.find("3:SPM(0): Unsupported call 0x84000088"),
		  std::string::npos);
	g_plat.log.clear();
	ASSERT_EQ(FromNwd({ FFA_CONSOLE_LOG_32 }), EL3_NEXT_NWD);
	EXPECT_EQ(g_plat.log, "") << "listed NOT_SUPPORTED ABIs do not warn";
}

} // namespace
} // namespace test
