/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/ffa.h"

#include "common.h"
#include "el3fw/platform.h"

/*
 * Stub SPMC for the EL3 firmware's self-test: just enough of an S-EL2
 * SPMC to drive every SPMD path under QEMU. It checks its entry state and
 * the SPMD's answers to its own calls, ends init with FFA_MSG_WAIT, then
 * serves requests:
 *  - framework messages from 0xFFFF: FFA_VERSION (answers min(req, 1.2)),
 *    PSCI CPU_OFF (agrees);
 *  - FFA_INTERRUPT: acknowledges the G1S interrupt, FFA_NORMAL_WORLD_RESUME;
 *  - direct requests to 0x8001, answered as 0x8001 (see stub_direct_req);
 *  - a Group-0 interrupt pending on entry goes to FFA_EL3_INTR_HANDLE.
 * Its log goes to UART1. The normal-world driver asks it for its check
 * results with a direct request.
 */

#define STUB_UART1 0x09040000U
#define STUB_SPMC_ID 0x8000U
#define STUB_SP_ID 0x8001U
#define STUB_VERSION FFA_VERSION_1_2
#define SMC_UNKNOWN UINT64_MAX

/* Direct request payloads (w3) the normal-world driver uses. */
#define STUB_CMD_RESULTS 0xC0DEU
#define STUB_CMD_LAST_INTID 0x1DU
/* FFA_FEATURES of this made-up feature ID identifies the stub. */
#define STUB_FEATURE_HELLO 0x57B5U
#define STUB_HELLO_REPLY 0x57B5C0DEU

/* x0..x4, DAIF, SPSel, SP at entry, per core (stub_entry.S). */
uint64_t stub_entry_regs[8][8];

/* Entry points (stub_entry.S). */
void stub_secondary_entry(void);
void stub_main(uint64_t core);
void stub_secondary_main(uint64_t core);

static uint32_t stub_last_intid = UINT32_MAX;
static bool stub_version_seen;

#define READ_SYSREG(v, name) __asm__ volatile("mrs %0, " #name : "=r"(v))
#define WRITE_SYSREG(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)))

/** What the stub keeps in TPIDR_EL2 / MAIR_EL2 on core `core`. */
static uint64_t stub_tpidr(uint64_t core)
{
	return 0x5EC0000000000000ULL | core;
}

#define STUB_MAIR 0x00000000004404FFULL

/** The EL3 entry state of §1.4.2 / §1.5. */
static void stub_check_entry(uint64_t core)
{
	const uint64_t *r = stub_entry_regs[core];
	uint64_t v;

	st_check("entry x0 = TOS_FW_CONFIG", r[0], EL3_TOS_FW_CONFIG_BASE);
	st_check("entry x1", r[1], 0);
	st_check("entry x2", r[2], 0);
	st_check("entry x3", r[3], 0);
	st_check("entry x4 = core ID", r[4], core);
	st_check("entry DAIF", r[5], 0x3C0);
	st_check("entry SPSel", r[6], 1);
	st_check("entry SP_EL2", r[7], 0);
	READ_SYSREG(v, CurrentEL);
	st_check("CurrentEL", v, 0x8);
	READ_SYSREG(v, sctlr_el2);
	st_check("SCTLR_EL2", v, 0x30C50830);
	READ_SYSREG(v, hcr_el2);
	st_check("HCR_EL2", v, 0);
	READ_SYSREG(v, icc_sre_el2);
	st_check("ICC_SRE_EL2", v, 0xF);
}

/** Makes an SMC with x0..x7 as given (x8..x17 = 0). */
static struct st_args stub_call(uint64_t x0, uint64_t x1, uint64_t x2,
				uint64_t x3)
{
	struct st_args a = { { x0, x1, x2, x3 } };

	st_smc(&a);
	return a;
}

/** True if `a` is FFA_ERROR(`code`) with w2 zero-extended. */
static void stub_check_error(const char *name, const struct st_args *a,
			     int32_t code)
{
	st_check(name, a->x[0], FFA_ERROR_32);
	st_check(name, a->x[2], (uint32_t)code);
}

/** The SPMD's answers to SPMC calls during init (§1.4.3, §1.5, §1.7). */
static void stub_check_spmd(void)
{
	struct st_args a;

	a = stub_call(FFA_VERSION_32, 0x10002, 0x22, 0x33);
	st_check("FFA_VERSION from SPMC", a.x[0], 0x10003);
	st_check("FFA_VERSION x2 zeroed", a.x[2], 0);
	a = stub_call(FFA_VERSION_32, 0x80000000U, 0, 0);
	st_check("FFA_VERSION bit 31", a.x[0], 0xFFFFFFFFU);
	a = stub_call(FFA_ID_GET_32, 0, 0, 0);
	st_check("FFA_ID_GET from SPMC", a.x[0], FFA_SUCCESS_32);
	st_check("FFA_ID_GET from SPMC w2", a.x[2], STUB_SPMC_ID);
	a = stub_call(FFA_SPM_ID_GET_32, 0, 0, 0);
	st_check("FFA_SPM_ID_GET from SPMC w2", a.x[2], 0xFFFF);
	a = (struct st_args){ { FFA_FEATURES_32, 0xFFFFFFFF00000063ULL, 0, 0, 0,
				0xAAAAAAAA00000005ULL } };
	st_smc(&a);
	st_check("FFA_FEATURES from SPMC", a.x[0], FFA_SUCCESS_32);
	st_check("FFA_FEATURES x1 echoed as w1", a.x[1], 0x63);
	st_check("FFA_FEATURES x5 echoed raw", a.x[5], 0xAAAAAAAA00000005ULL);

	a = stub_call(FFA_SECONDARY_EP_REGISTER_64, 0x1000, 0, 0);
	st_check("EP register out of image", a.x[0], FFA_SMC64(0x60));
	st_check("EP register error sign-extended", a.x[2],
		 (uint64_t)(int64_t)FFA_INVALID_PARAMETERS);
	a = stub_call(FFA_SECONDARY_EP_REGISTER_64,
		      (uintptr_t)stub_secondary_entry, 0, 0);
	st_check("EP register", a.x[0], FFA_SUCCESS_64);
	a = stub_call(FFA_SECONDARY_EP_REGISTER_64,
		      (uintptr_t)stub_secondary_entry, 0, 0);
	st_check("EP register twice", a.x[0], FFA_SMC64(0x60));

	a = stub_call(FFA_CONSOLE_LOG_32, 0, 0, 0);
	stub_check_error("FFA_CONSOLE_LOG", &a, FFA_NOT_SUPPORTED);
	a = stub_call(FFA_MSG_SEND_DIRECT_REQ_32,
		      ffa_msg_ids(STUB_SPMC_ID, FFA_ID_SPMD), 0, 0);
	stub_check_error("DIRECT_REQ to the SPMD", &a, FFA_DENIED);
	a = stub_call(FFA_NORMAL_WORLD_RESUME_32, 0, 0, 0);
	stub_check_error("NORMAL_WORLD_RESUME outside an interrupt", &a,
			 FFA_DENIED);
	a = stub_call(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0);
	stub_check_error("PARTITION_INFO_GET_REGS", &a, FFA_NOT_SUPPORTED);
	a = stub_call(FFA_RX_RELEASE_32, 0, 0, 0);
	stub_check_error("RX_RELEASE from SPMC", &a, FFA_NOT_SUPPORTED);
	a = stub_call(FFA_MSG_SEND_DIRECT_RESP_32, ffa_msg_ids(STUB_SP_ID, 0),
		      0, 0);
	stub_check_error("DIRECT_RESP to the NWd during init", &a, FFA_DENIED);
	a = stub_call(PSCI_VERSION, 0, 0, 0);
	st_check("PSCI from the secure world", a.x[0], SMC_UNKNOWN);
}

/** Sets this core's own EL2 registers, which EL3 must keep per world. */
static void stub_set_el2(uint64_t core)
{
	WRITE_SYSREG(tpidr_el2, stub_tpidr(core));
	WRITE_SYSREG(mair_el2, STUB_MAIR);
}

static void stub_check_el2(uint64_t core)
{
	uint64_t v;

	READ_SYSREG(v, tpidr_el2);
	st_check("SPMC TPIDR_EL2 kept", v, stub_tpidr(core));
	READ_SYSREG(v, mair_el2);
	st_check("SPMC MAIR_EL2 kept", v, STUB_MAIR);
}

/** A framework message from the SPMD (§1.6). */
static void stub_framework(struct st_args *a)
{
	uint32_t func = (uint32_t)a->x[2] & FFA_FWK_MSG_FUNC_MASK;
	uint64_t value = 0;
	uint32_t resp;
	uint32_t i;

	if (func == FFA_FWK_VERSION_REQ) {
		uint32_t req = (uint32_t)a->x[3];

		if (!stub_version_seen) {
			/* The NWd's x8..x17 come along (§1.6.2). */
			st_check("VERSION message x8 from the NWd", a->x[8],
				 0x1008);
			st_check("VERSION message x17 from the NWd", a->x[17],
				 0x1011);
			stub_version_seen = true;
		}
		resp = FFA_FWK_VERSION_RESP;
		value = (req >> 16) != 1     ? 0xFFFFFFFFU
			: req < STUB_VERSION ? req
					     : STUB_VERSION;
	} else {
		st_check("PSCI message function", func, FFA_FWK_PSCI_REQ);
		st_check("PSCI message is CPU_OFF", a->x[3], PSCI_CPU_OFF);
		for (i = 4; i < 18; i++) {
			st_check("CPU_OFF message x4..x17 zero", a->x[i], 0);
		}
		resp = FFA_FWK_PSCI_RESP;
		value = PSCI_E_SUCCESS;
	}
	*a = (struct st_args){ { FFA_MSG_SEND_DIRECT_RESP_32,
				 ffa_msg_ids(STUB_SPMC_ID, FFA_ID_SPMD),
				 FFA_FWK_MSG_BIT | resp, value } };
}

/**
 * A direct request to 0x8001. SMC32: the reply carries the received
 * x3..x5 (x4 with junk in its upper half, which EL3 must truncate) and raw
 * 64-bit x6/x7. SMC64 and REQ2: x3 echoed, x4 = received x8, x5 =
 * received x17, x6 = received x0 (SVE hint included), x8..x17 = 0x800 + n.
 * Commands in w3 return check results or the last G1S INTID.
 */
static void stub_direct_req(struct st_args *a, uint32_t fid)
{
	uint16_t src = ffa_msg_src((const struct ffa_value *)a);
	struct st_args r = { 0 };
	uint32_t i;

	r.x[1] = ffa_msg_ids(STUB_SP_ID, src);
	if (!ffa_fid_is_smc64(fid)) {
		r.x[0] = FFA_MSG_SEND_DIRECT_RESP_32;
		r.x[3] = a->x[3];
		r.x[4] = a->x[4] | 0xABCD000000000000ULL;
		r.x[5] = a->x[5];
		r.x[6] = 0xFFFFFFFF00000066ULL;
		r.x[7] = 0xFFFFFFFF00000077ULL;
		if ((uint32_t)a->x[3] == STUB_CMD_RESULTS) {
			r.x[3] = st_failures();
			r.x[4] = st_checks();
		} else if ((uint32_t)a->x[3] == STUB_CMD_LAST_INTID) {
			r.x[3] = stub_last_intid;
		}
	} else {
		r.x[0] = fid == FFA_MSG_SEND_DIRECT_REQ2_64
			     ? FFA_MSG_SEND_DIRECT_RESP2_64
			     : FFA_MSG_SEND_DIRECT_RESP_64;
		r.x[3] = a->x[3];
		r.x[4] = a->x[8];
		r.x[5] = a->x[17];
		r.x[6] = a->x[0];
		for (i = 8; i < 18; i++) {
			r.x[i] = 0x800 + i;
		}
	}
	*a = r;
}

/** FFA_INTERRUPT: acknowledge the Secure Group-1 interrupt, then resume. */
static void stub_interrupt(struct st_args *a)
{
	uint64_t intid;
	uint32_t i;

	for (i = 1; i < 8; i++) {
		st_check("FFA_INTERRUPT x1..x7 zero", a->x[i], 0);
	}
	READ_SYSREG(intid, icc_iar1_el1);
	intid &= 0xFFFFFF;
	WRITE_SYSREG(icc_eoir1_el1, intid);
	stub_last_intid = (uint32_t)intid;
	*a = (struct st_args){ { FFA_NORMAL_WORLD_RESUME_32 } };
}

/** A Group-0 interrupt pending at S-EL2 goes to EL3 (§1.8). */
static void stub_pass_g0(void)
{
	uint64_t hppir0;
	struct st_args a;
	uint32_t i;

	READ_SYSREG(hppir0, icc_hppir0_el1);
	if ((hppir0 & 0xFFFFFF) >= 1020) {
		return;
	}
	a = stub_call(FFA_EL3_INTR_HANDLE_32, 0, 0, 0);
	st_check("FFA_EL3_INTR_HANDLE", a.x[0], FFA_SUCCESS_32);
	for (i = 1; i < 8; i++) {
		st_check("FFA_EL3_INTR_HANDLE x1..x7 zero", a.x[i], 0);
	}
}

/** Serves requests forever, starting with `a` (FFA_MSG_WAIT). */
[[noreturn]] static void stub_loop(uint64_t core, struct st_args a)
{
	for (;;) {
		uint32_t fid;

		st_smc(&a);
		stub_check_el2(core);
		stub_pass_g0();
		fid = (uint32_t)a.x[0] & ~FFA_FID_SVE_HINT;
		if (fid == FFA_INTERRUPT_32) {
			stub_interrupt(&a);
		} else if ((fid == FFA_MSG_SEND_DIRECT_REQ_32 ||
			    fid == FFA_MSG_SEND_DIRECT_REQ_64) &&
			   ffa_msg_src((const struct ffa_value *)&a) ==
			       FFA_ID_SPMD) {
			stub_framework(&a);
		} else if (fid == FFA_MSG_SEND_DIRECT_REQ_32 ||
			   fid == FFA_MSG_SEND_DIRECT_REQ_64 ||
			   fid == FFA_MSG_SEND_DIRECT_REQ2_64) {
			stub_direct_req(&a, fid);
		} else if (fid == FFA_FEATURES_32) {
			a = (struct st_args){ { FFA_SUCCESS_32, 0,
						(uint32_t)a.x[1] ==
							STUB_FEATURE_HELLO
						    ? STUB_HELLO_REPLY
						    : 0 } };
		} else {
			a = (struct st_args){ { FFA_ERROR_32, 0,
						(uint32_t)FFA_NOT_SUPPORTED } };
		}
	}
}

/** Cold boot on the primary core (x4 = 0). */
void stub_main(uint64_t core)
{
	st_console_init(STUB_UART1);
	st_set_prefix("[stub-spmc] ");
	st_puts("[stub-spmc] cold boot\n");
	stub_check_entry(core);
	stub_check_spmd();
	stub_set_el2(core);
	st_print("init checks failed", st_failures());
	stub_loop(core, (struct st_args){ { FFA_MSG_WAIT_32 } });
}

/** Secondary entry after PSCI CPU_ON (x4 = core ID). */
void stub_secondary_main(uint64_t core)
{
	stub_check_entry(core);
	stub_set_el2(core);
	st_print("secondary boot, core", core);
	stub_loop(core, (struct st_args){ { FFA_MSG_WAIT_32 } });
}
