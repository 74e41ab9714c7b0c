/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/ffa.h"

#include "common.h"
#include "el3fw/platform.h"
#include "el3fw/test_api.h"

/*
 * Normal-world self-test of the EL3 test firmware (BL33 at NS-EL2). It
 * checks what EL3 answers itself (PSCI, FFA_VERSION, FFA_ID_GET,
 * FFA_SPM_ID_GET, the FID table's refusals, SMC_UNKNOWN), brings the other
 * cores up and down with PSCI, and, when an SPMC initialised (the stub
 * SPMC of this directory), the forwarding rules and both interrupt paths.
 * With the project's SPMC, which ends init with FFA_ERROR, EL3 must boot
 * this image without SPM: FFA_VERSION gets NOT_SUPPORTED.
 *
 * The first boot ends with PSCI SYSTEM_RESET, the second (same checks)
 * with PSCI SYSTEM_OFF (QEMU exit code 0) if every check passed; any
 * failure ends the run with EL3FW_TEST_EXIT(3).
 */

#define NWD_UART0 0x09000000U
#define NWD_CPUS 4U
#define NWD_SP_ID 0x8001U
#define SMC_UNKNOWN UINT64_MAX
#define SMCCC_VERSION_FID 0x80000000U
#define PSCI_CPU_ON_32_FID 0x84000003U

#define READ_SYSREG(v, name) __asm__ volatile("mrs %0, " #name : "=r"(v))
#define WRITE_SYSREG(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)))

/* What each secondary core saw, written by that core. */
struct nwd_secondary {
	volatile uint64_t arrived;
	volatile uint64_t x0;
	volatile uint64_t el;
	volatile uint64_t mpidr;
	volatile uint64_t spm_id;
	volatile uint64_t echo;
};

static struct nwd_secondary nwd_seen[NWD_CPUS];

/*
 * QEMU keeps RAM across a system reset: this word of NS DRAM, outside
 * BL33, tells the boot after PSCI SYSTEM_RESET from the first one.
 */
static volatile uint64_t *const nwd_reset_mark =
    (volatile uint64_t *)0x7FFFF000;
#define NWD_RESET_MAGIC 0x5E5E7BEEF0000001ULL
static bool nwd_spm;
/* BL32 is this directory's stub SPMC: its exact answers are known. */
static bool nwd_stub;

/* Entry points (nwd_entry.S). */
void nwd_secondary_entry(void);
void nwd_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
void nwd_secondary_main(uint64_t index);
[[noreturn]] void nwd_exception(uint64_t esr, uint64_t elr);

#define NWD_TPIDR 0xAAAA5555AAAA5555ULL
#define NWD_MAIR 0x000000000000FF44ULL

static struct st_args nwd_call(uint64_t x0, uint64_t x1, uint64_t x2,
			       uint64_t x3)
{
	struct st_args a = { { x0, x1, x2, x3 } };

	st_smc(&a);
	return a;
}

static uint64_t nwd_get(uint64_t item, uint64_t core)
{
	struct st_args a = nwd_call(EL3FW_TEST_GET, item, core, 0);

	st_check("EL3FW_TEST_GET status", a.x[0], EL3FW_TEST_OK);
	return a.x[1];
}

static void nwd_check_error(const char *name, const struct st_args *a,
			    int32_t code)
{
	st_check(name, a->x[0], FFA_ERROR_32);
	st_check(name, a->x[2], (uint32_t)code);
}

/** PSCI and Arm architecture calls answered by EL3. */
static void nwd_test_psci(void)
{
	struct st_args a;

	a = nwd_call(PSCI_VERSION, 0, 0, 0);
	st_print("PSCI_VERSION", a.x[0]);
	st_check("PSCI_VERSION", a.x[0], 0x10001);
	a = nwd_call(PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0);
	st_check("PSCI_FEATURES(CPU_ON)", a.x[0], 0);
	a = nwd_call(PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0);
	st_check("PSCI_FEATURES(CPU_SUSPEND)", a.x[0], (uint64_t)-1);
	a = nwd_call(PSCI_FEATURES, SMCCC_VERSION_FID, 0, 0);
	st_check("PSCI_FEATURES(SMCCC_VERSION)", a.x[0], 0);
	a = nwd_call(SMCCC_VERSION_FID, 0, 0, 0);
	st_check("SMCCC_VERSION", a.x[0], 0x10002);
	a = nwd_call(PSCI_CPU_SUSPEND_64, 0, 0, 0);
	st_check("PSCI CPU_SUSPEND not implemented", a.x[0], SMC_UNKNOWN);
}

/** SMCs nobody owns: x0 = -1, the other registers preserved. */
static void nwd_test_unknown(void)
{
	struct st_args a;

	a = nwd_call(0xC2000FFFU, 0x1234, 0x5678, 0);
	st_check("unknown SiP SMC", a.x[0], SMC_UNKNOWN);
	st_check("unknown SMC keeps x1", a.x[1], 0x1234);
	st_check("unknown SMC keeps x2", a.x[2], 0x5678);
	a = nwd_call(0x04000063U, 0, 0, 0);
	st_check("yielding call", a.x[0], SMC_UNKNOWN);
	a = nwd_call(0x84020063U, 0x10002, 0, 0);
	st_check("reserved FID bits", a.x[0], SMC_UNKNOWN);
	a = nwd_call(0xC5000000U, 0, 0, 0);
	st_check("unknown OEN", a.x[0], SMC_UNKNOWN);
	a = nwd_call(0x8400FFFFU, 0, 0, 0);
	st_check("unknown standard service call", a.x[0], SMC_UNKNOWN);
}

/** FF-A calls EL3 answers without the SPMC (§1.6.2, §1.7). */
static void nwd_test_ffa_el3(void)
{
	struct st_args a = { { FFA_VERSION_32, FFA_VERSION_1_2, 0x22, 0x33,
			       0x44, 0x55, 0x66, 0x77 } };
	uint32_t i;

	/* x8..x17 travel with the FFA_VERSION framework message. */
	for (i = 8; i < 18; i++) {
		a.x[i] = 0x1000 + i;
	}
	st_smc(&a);
	st_print("FFA_VERSION(1.2)", a.x[0]);
	if (nwd_spm) {
		st_check("FFA_VERSION answered", a.x[0] >> 31, 0);
	} else {
		st_check("FFA_VERSION", a.x[0], 0xFFFFFFFFU);
	}
	for (i = 1; i < 8; i++) {
		st_check("FFA_VERSION x1..x7 zero", a.x[i], 0);
	}
	st_check("FFA_VERSION keeps x8", a.x[8], 0x1008);
	st_check("FFA_VERSION keeps x17", a.x[17], 0x1011);
	a = nwd_call(FFA_VERSION_32, 0x80010002U, 0, 0);
	st_check("FFA_VERSION bit 31", a.x[0], 0xFFFFFFFFU);
	st_check("NWd version remembered",
		 nwd_get(EL3FW_ITEM_NWD_FFA_VERSION, 0),
		 nwd_spm ? FFA_VERSION_1_2 : 0);
	st_check("NWd version not locked yet",
		 nwd_get(EL3FW_ITEM_NWD_FFA_VERSION_LOCKED, 0), 0);

	a = nwd_call(FFA_ID_GET_32, 0, 0, 0);
	st_print("FFA_ID_GET", a.x[0]);
	st_print("FFA_ID_GET w2", a.x[2]);
	st_check("FFA_ID_GET", a.x[0], FFA_SUCCESS_32);
	st_check("FFA_ID_GET w2", a.x[2], 0);
	st_check("NWd version locked",
		 nwd_get(EL3FW_ITEM_NWD_FFA_VERSION_LOCKED, 0), 1);
	a = nwd_call(FFA_SPM_ID_GET_32, 0, 0, 0);
	st_print("FFA_SPM_ID_GET", a.x[0]);
	st_print("FFA_SPM_ID_GET w2", a.x[2]);
	st_check("FFA_SPM_ID_GET", a.x[0], FFA_SUCCESS_32);
	st_check("FFA_SPM_ID_GET w2", a.x[2], 0x8000);

	a = nwd_call(FFA_MSG_WAIT_32, 0, 0, 0);
	nwd_check_error("FFA_MSG_WAIT from the NWd", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_SECONDARY_EP_REGISTER_64, EL3_BL33_BASE, 0, 0);
	nwd_check_error("EP register from the NWd", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_NORMAL_WORLD_RESUME_32, 0, 0, 0);
	nwd_check_error("NORMAL_WORLD_RESUME from the NWd", &a, FFA_DENIED);
	a = nwd_call(FFA_EL3_INTR_HANDLE_32, 0, 0, 0);
	nwd_check_error("EL3_INTR_HANDLE from the NWd", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_MEM_PERM_GET_32, 0, 0, 0);
	nwd_check_error("MEM_PERM_GET", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_SMC64(0x60), 0, 0, 0);
	nwd_check_error("FFA_ERROR_64", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_ABORT_32, 0, 0, 0);
	nwd_check_error("FFA_ABORT from the NWd", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0x8001, 0x8002), 0,
		     0);
	nwd_check_error("DIRECT_REQ with a secure source", &a,
			FFA_INVALID_PARAMETERS);
}

/** A direct request to the stub with command `cmd` in w3. */
static struct st_args nwd_stub_cmd(uint32_t cmd)
{
	return nwd_call(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0, NWD_SP_ID),
			0, cmd);
}

/**
 * Whether BL32 is the stub SPMC: it answers FFA_FEATURES for the made-up
 * feature ID 0x57B5 with w2 = 0x57B5C0DE. Asking the SPMC itself keeps a
 * real SPMC's partitions out of it.
 */
static bool nwd_is_stub(void)
{
	struct st_args a = nwd_call(FFA_FEATURES_32, 0x57B5, 0, 0);

	return a.x[0] == FFA_SUCCESS_32 && a.x[2] == 0x57B5C0DE;
}

/** Without an SPMC, everything for it is NOT_SUPPORTED. */
static void nwd_test_no_spm(void)
{
	struct st_args a;

	st_check("SPMD state of core 0",
		 nwd_get(EL3FW_ITEM_SPMD_STATE, 0) != EL3FW_SPMD_STATE_ON, 1);
	st_print("SPMC init result on core 0",
		 nwd_get(EL3FW_ITEM_SPMC_INIT_RESULT, 0));
	a = nwd_call(FFA_FEATURES_32, FFA_VERSION_32, 0, 0);
	nwd_check_error("FFA_FEATURES without SPMC", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(0, NWD_SP_ID), 0,
		     0);
	nwd_check_error("DIRECT_REQ without SPMC", &a, FFA_NOT_SUPPORTED);
	a = nwd_call(EL3FW_TEST_PEND_G1S_SGI, 8, 0, 0);
	st_check("pend G1S SGI without SPMC", a.x[0],
		 (uint64_t)(int64_t)EL3FW_TEST_E_DENIED);
}

/** The forwarding rules of §1.7 through the stub SPMC. */
static void nwd_test_forwarding(void)
{
	struct st_args a = { { FFA_MSG_SEND_DIRECT_REQ_32,
			       ffa_msg_ids(0, NWD_SP_ID), 0,
			       0xFFFFFFFF00001234ULL, 0xFFFFFFFF00000044ULL,
			       0xFFFFFFFF00000055ULL, 0x66, 0x77, 0x88 } };
	uint32_t i;

	st_smc(&a);
	st_check("DIRECT_RESP_32", a.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	st_check("DIRECT_RESP_32 w1", a.x[1], ffa_msg_ids(NWD_SP_ID, 0));
	st_check("SMC32 x3 truncated", a.x[3], 0x1234);
	st_check("SMC32 x4 truncated both ways", a.x[4], 0x44);
	st_check("SMC32 x5 raw", a.x[5], 0xFFFFFFFF00000055ULL);
	st_check("SMC32 x6 raw", a.x[6], 0xFFFFFFFF00000066ULL);
	st_check("SMC32 keeps NWd x8", a.x[8], 0x88);

	a = (struct st_args){ { FFA_MSG_SEND_DIRECT_REQ_64 | FFA_FID_SVE_HINT,
				ffa_msg_ids(0, NWD_SP_ID), 0,
				0xFFFFFFFF00001234ULL } };
	for (i = 8; i < 18; i++) {
		a.x[i] = 0x80 + i;
	}
	st_smc(&a);
	st_check("DIRECT_RESP_64", a.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	st_check("SMC64 x3 full", a.x[3], 0xFFFFFFFF00001234ULL);
	st_check("SMC64 x8 to the SPMC (both v1.2)", a.x[4], 0x88);
	st_check("SMC64 x17 to the SPMC (both v1.2)", a.x[5], 0x91);
	st_check("SVE hint passed to the SPMC", a.x[6],
		 FFA_MSG_SEND_DIRECT_REQ_64 | FFA_FID_SVE_HINT);
	st_check("SMC64 x8 back", a.x[8], 0x808);
	st_check("SMC64 x17 back", a.x[17], 0x811);

	a = nwd_call(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_msg_ids(0, NWD_SP_ID), 0,
		     0x2);
	st_check("DIRECT_REQ2 (both v1.2)", a.x[0],
		 FFA_MSG_SEND_DIRECT_RESP2_64);
	a = nwd_call(FFA_FEATURES_32, FFA_VERSION_32, 0, 0);
	st_check("FFA_FEATURES forwarded", a.x[0], FFA_SUCCESS_32);
	st_check("SPMC version stored",
		 nwd_get(EL3FW_ITEM_SPMC_NWD_FFA_VERSION, 0), FFA_VERSION_1_2);
}

/** Both secure interrupt paths of §1.8, through the test SiP calls. */
static void nwd_test_interrupts(void)
{
	struct st_args a;

	/* The SPMC registered its entry point in 3 calls (1 good). */
	st_check("EP register calls", nwd_get(EL3FW_ITEM_SECONDARY_EP_CALLS, 0),
		 3);
	st_check("EP registered", nwd_get(EL3FW_ITEM_SECONDARY_EP, 0) != 0, 1);
	a = nwd_call(EL3FW_TEST_RESET_COUNTERS, 0, 0, 0);
	st_check("reset counters", a.x[0], EL3FW_TEST_OK);
	a = nwd_call(EL3FW_TEST_PEND_G1S_SGI, 3, 0, 0);
	st_check("pend a non-G1S SGI", a.x[0],
		 (uint64_t)(int64_t)EL3FW_TEST_E_INVALID);
	/* Taken as an FIQ at EL3 as soon as this SMC returns. */
	a = nwd_call(EL3FW_TEST_PEND_G1S_SGI, 9, 0, 0);
	st_check("pend G1S SGI 9", a.x[0], EL3FW_TEST_OK);
	st_check("FFA_INTERRUPT delivered",
		 nwd_get(EL3FW_ITEM_FFA_INTERRUPT_COUNT, 0), 1);
	st_check("NWd resumed", nwd_get(EL3FW_ITEM_NWD_RESUME_COUNT, 0), 1);
	a = nwd_stub_cmd(0x1D);
	st_check("SPMC acknowledged INTID 9", a.x[3], 9);

	a = nwd_call(EL3FW_TEST_ARM_G0_SGI, 5, 0, 0);
	st_check("arm G0 SGI 5", a.x[0], EL3FW_TEST_OK);
	a = nwd_stub_cmd(0x1234);
	st_check("request with a G0 SGI", a.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	st_check("counters reset", nwd_get(EL3FW_ITEM_SECONDARY_EP_CALLS, 0),
		 0);
	st_check("FFA_EL3_INTR_HANDLE calls",
		 nwd_get(EL3FW_ITEM_EL3_INTR_HANDLE_COUNT, 0), 1);
	st_check("last G0 INTID", nwd_get(EL3FW_ITEM_LAST_G0_INTID, 0), 5);
	st_print("forwarded calls", nwd_get(EL3FW_ITEM_FORWARD_COUNT, 0));
}

/** Waits for `cond` with a bound; returns whether it came true. */
static bool nwd_wait(volatile uint64_t *v, uint64_t want)
{
	uint64_t i;

	for (i = 0; i < 200000000ULL; i++) {
		if (*v == want) {
			return true;
		}
	}
	return false;
}

/** AFFINITY_INFO of core `i` until it reads `state`. */
static bool nwd_wait_aff(uint64_t i, int64_t state)
{
	uint64_t n;

	for (n = 0; n < 100000; n++) {
		struct st_args a = nwd_call(PSCI_AFFINITY_INFO_64, i, 0, 0);

		if ((int64_t)a.x[0] == state) {
			return true;
		}
	}
	return false;
}

/** CPU_ON's refusals, then every secondary core on and off, twice. */
static void nwd_test_cpus(void)
{
	struct st_args a;
	uint64_t i;
	uint32_t round;

	a = nwd_call(PSCI_CPU_ON_64, 0, (uintptr_t)nwd_secondary_entry, 0);
	st_check("CPU_ON of an ON core", a.x[0],
		 (uint64_t)(int64_t)PSCI_E_ALREADY_ON);
	a = nwd_call(PSCI_CPU_ON_64, 0x100000, (uintptr_t)nwd_secondary_entry,
		     0);
	st_check("CPU_ON of a bad MPIDR", a.x[0],
		 (uint64_t)(int64_t)PSCI_E_INVALID_PARAMS);
	a = nwd_call(PSCI_CPU_ON_64, 1, 0x1000, 0);
	st_check("CPU_ON at a secure address", a.x[0],
		 (uint64_t)(int64_t)PSCI_E_INVALID_ADDRESS);
	a = nwd_call(PSCI_AFFINITY_INFO_64, 1, 1, 0);
	st_check("AFFINITY_INFO level 1", a.x[0],
		 (uint64_t)(int64_t)PSCI_E_INVALID_PARAMS);
	a = nwd_call(PSCI_AFFINITY_INFO_64, 0, 0, 0);
	st_check("AFFINITY_INFO of core 0", a.x[0], PSCI_AFF_ON);

	for (round = 0; round < 2; round++) {
		for (i = 1; i < NWD_CPUS; i++) {
			nwd_seen[i].arrived = 0;
			a = nwd_call(round == 0 ? PSCI_CPU_ON_64
						: PSCI_CPU_ON_32_FID,
				     i, (uintptr_t)nwd_secondary_entry, i);
			st_check("CPU_ON", a.x[0], 0);
		}
		for (i = 1; i < NWD_CPUS; i++) {
			st_check("secondary arrived",
				 nwd_wait(&nwd_seen[i].arrived, 1), 1);
			st_check("secondary x0 = context ID", nwd_seen[i].x0,
				 i);
			st_check("secondary at NS-EL2", nwd_seen[i].el, 0x8);
			st_check("secondary MPIDR",
				 nwd_seen[i].mpidr & 0xFFFFFF, i);
			st_check("SPM_ID_GET on a secondary",
				 nwd_seen[i].spm_id, 0x8000);
			if (nwd_stub) {
				st_check("direct request on a secondary",
					 nwd_seen[i].echo, 0x5ECu + i);
			}
			st_check("secondary off (AFFINITY_INFO)",
				 nwd_wait_aff(i, PSCI_AFF_OFF), 1);
			if (nwd_stub || !nwd_spm) {
				st_check("SPMD state after CPU_OFF",
					 nwd_get(EL3FW_ITEM_SPMD_STATE, i),
					 nwd_spm ? EL3FW_SPMD_STATE_OFF
						 : EL3FW_SPMD_STATE_RESET);
			}
		}
	}
	st_print("CPU_ON/CPU_OFF rounds done, cores", NWD_CPUS);
}

/** The NWd's EL2 registers must survive every trip through EL3. */
static void nwd_check_el2(void)
{
	uint64_t v;

	READ_SYSREG(v, tpidr_el2);
	st_check("NWd TPIDR_EL2 kept", v, NWD_TPIDR);
	READ_SYSREG(v, mair_el2);
	st_check("NWd MAIR_EL2 kept", v, NWD_MAIR);
}

/** Primary core entry: x0..x3 as EL3 passed them. */
void nwd_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	uint64_t v;
	struct st_args a;

	st_console_init(NWD_UART0);
	st_set_prefix("[nwd] ");
	st_puts("[nwd] EL3 firmware self-test (BL33)\n");
	st_check("BL33 x0..x3 zero", x0 | x1 | x2 | x3, 0);
	READ_SYSREG(v, CurrentEL);
	st_check("BL33 at NS-EL2", v, 0x8);
	READ_SYSREG(v, sctlr_el2);
	st_check("BL33 SCTLR_EL2", v, 0x30C50830);
	WRITE_SYSREG(tpidr_el2, NWD_TPIDR);
	WRITE_SYSREG(mair_el2, NWD_MAIR);

	st_check("test API version", nwd_get(EL3FW_ITEM_API_VERSION, 0),
		 EL3FW_TEST_API_VERSION);
	nwd_spm = nwd_get(EL3FW_ITEM_SPM_ENABLED, 0) != 0;
	st_print("SPM enabled", nwd_spm);

	nwd_test_psci();
	nwd_test_unknown();
	nwd_test_ffa_el3();
	nwd_stub = nwd_spm && nwd_is_stub();
	st_print("stub SPMC", nwd_stub);
	if (nwd_stub) {
		nwd_test_forwarding();
		nwd_test_interrupts();
	} else if (!nwd_spm) {
		nwd_test_no_spm();
	}
	if (nwd_stub || !nwd_spm) {
		nwd_test_cpus();
	} else {
		/* Whether the cores come up depends on that SPMC's warm boot. */
		st_puts("[nwd] CPU_ON rounds skipped: not the stub SPMC\n");
	}
	if (nwd_stub) {
		a = nwd_stub_cmd(0xC0DE);
		st_print("stub SPMC checks", a.x[4]);
		st_check("stub SPMC checks failed", a.x[3], 0);
		st_check("EP register last result",
			 nwd_get(EL3FW_ITEM_SECONDARY_EP_RESULT, 0),
			 (uint64_t)(int64_t)FFA_INVALID_PARAMETERS);
	}
	nwd_check_el2();

	st_print("checks", st_checks());
	st_print("failures", st_failures());
	if (st_failures() != 0) {
		st_puts("[nwd] SELFTEST FAILED\n");
		nwd_call(EL3FW_TEST_EXIT, 3, 0, 0);
	}
	if (*nwd_reset_mark != NWD_RESET_MAGIC) {
		/* First boot: once more after PSCI SYSTEM_RESET. */
		*nwd_reset_mark = NWD_RESET_MAGIC;
		st_puts("[nwd] first boot passed, PSCI SYSTEM_RESET\n");
		nwd_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		st_puts("[nwd] SYSTEM_RESET returned\n");
		nwd_call(EL3FW_TEST_EXIT, 5, 0, 0);
	}
	*nwd_reset_mark = 0;
	st_puts("[nwd] SELFTEST PASSED, PSCI SYSTEM_OFF\n");
	nwd_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	st_puts("[nwd] SYSTEM_OFF returned\n");
	for (;;) {
	}
}

/** A secondary core, released by CPU_ON with its index as context ID. */
void nwd_secondary_main(uint64_t index)
{
	struct nwd_secondary *s = &nwd_seen[index % NWD_CPUS];
	struct st_args a;
	uint64_t v;

	s->x0 = index;
	READ_SYSREG(v, CurrentEL);
	s->el = v;
	READ_SYSREG(v, mpidr_el1);
	s->mpidr = v;
	a = nwd_call(FFA_SPM_ID_GET_32, 0, 0, 0);
	s->spm_id = a.x[2];
	if (nwd_stub) {
		a = nwd_stub_cmd(0x5EC + (uint32_t)index);
		s->echo = a.x[3];
	}
	__asm__ volatile("dsb sy" ::: "memory");
	s->arrived = 1;
	__asm__ volatile("dsb sy" ::: "memory");
	nwd_call(PSCI_CPU_OFF, 0, 0, 0);
	st_puts("[nwd] CPU_OFF returned\n");
	for (;;) {
	}
}

/** Any exception taken at NS-EL2 ends the test. */
void nwd_exception(uint64_t esr, uint64_t elr)
{
	st_puts("[nwd] unexpected exception\n");
	st_print("ESR_EL2", esr);
	st_print("ELR_EL2", elr);
	nwd_call(EL3FW_TEST_EXIT, 4, 0, 0);
	for (;;) {
	}
}
