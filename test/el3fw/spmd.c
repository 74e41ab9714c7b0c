/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/spmd.h"

#include "spmc/checked.h"
#include "spmc/spinlock.h"
#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "el3fw/el3.h"
#include "el3fw/log.h"
#include "el3fw/plat.h"

/*
 * The SPMD's FF-A handling (tfa-spmd-interface §1.4-§1.8). Per-ABI facts
 * live in one table; `spmd_smc` is a flat switch over its rules. Error
 * class (a) for anything a world passes in: an FF-A error, no log above
 * VERBOSE except where TF-A itself logs.
 */

#define SPMD_FNUM_MIN 0x60U
#define SPMD_FNUM_MAX 0x97U
#define SPMD_ABI_COUNT (SPMD_FNUM_MAX - SPMD_FNUM_MIN + 1)

/* The SPMD's own FF-A version: TF-A HEAD compiles v1.3 (§1.2). */
#define SPMD_FFA_VERSION FFA_VERSION_1_3

/* FFA_ERROR, SMC64 form: only the EP registration failure uses it. */
#define SPMD_FFA_ERROR_64 FFA_SMC64(0x60)

/* SPMD logical partition IDs (§1.1). */
#define SPMD_LP_ID_FIRST 0xFFC0U
#define SPMD_LP_ID_LAST 0xFFFEU

/** How the SPMD treats one FID from one world. */
enum spmd_rule : uint8_t {
	/** Not an ABI the SPMD knows: NOT_SUPPORTED and a warning. */
	SPMD_RULE_UNKNOWN = 0,
	/** Forwarded to the other world (§1.7 register rules). */
	SPMD_RULE_FORWARD,
	/** FFA_ERROR(NOT_SUPPORTED), e.g. an ABI of the other world only. */
	SPMD_RULE_NOT_SUPPORTED,
	/** FFA_ERROR(DENIED). */
	SPMD_RULE_DENIED,
	SPMD_RULE_VERSION,
	SPMD_RULE_ID_GET,
	SPMD_RULE_SPM_ID_GET,
	/** SPMC FFA_FEATURES: SUCCESS with x1..x7 echoed. */
	SPMD_RULE_FEATURES,
	SPMD_RULE_DIRECT_REQ,
	/** SPMC DIRECT_RESP(2): a reply to the SPMD, or forwarded. */
	SPMD_RULE_DIRECT_RESP,
	SPMD_RULE_MSG_WAIT,
	SPMD_RULE_ERROR,
	SPMD_RULE_NWD_RESUME,
	SPMD_RULE_EL3_INTR,
	SPMD_RULE_ABORT,
	SPMD_RULE_EP_REGISTER,
};

/** Per-ABI facts: the rule for each caller and the version it needs. */
struct spmd_abi {
	enum spmd_rule nwd;
	enum spmd_rule spmc;
	/** Minimum FF-A minor version (major 1) both sides must have. */
	uint8_t min_minor;
};

#define ABI(fnum, nwd_rule, spmc_rule)                            \
	[(fnum) - SPMD_FNUM_MIN] = { .nwd = SPMD_RULE_##nwd_rule, \
				     .spmc = SPMD_RULE_##spmc_rule }
#define ABI_V(fnum, nwd_rule, spmc_rule, minor)                     \
	[(fnum) - SPMD_FNUM_MIN] = { .nwd = SPMD_RULE_##nwd_rule,   \
				     .spmc = SPMD_RULE_##spmc_rule, \
				     .min_minor = (minor) }

/** SMC32 FIDs 0x84000060..0x84000097 (§1.7 "How each FID is treated"). */
static const struct spmd_abi spmd_abi32[SPMD_ABI_COUNT] = {
	ABI(0x60, FORWARD, ERROR),          /* FFA_ERROR */
	ABI(0x61, FORWARD, FORWARD),        /* FFA_SUCCESS */
	ABI(0x62, NOT_SUPPORTED, FORWARD),  /* FFA_INTERRUPT */
	ABI(0x63, VERSION, VERSION),        /* FFA_VERSION */
	ABI(0x64, FORWARD, FEATURES),       /* FFA_FEATURES */
	ABI(0x65, FORWARD, NOT_SUPPORTED),  /* FFA_RX_RELEASE */
	ABI(0x66, FORWARD, NOT_SUPPORTED),  /* FFA_RXTX_MAP */
	ABI(0x67, FORWARD, NOT_SUPPORTED),  /* FFA_RXTX_UNMAP */
	ABI(0x68, FORWARD, NOT_SUPPORTED),  /* FFA_PARTITION_INFO_GET */
	ABI(0x69, ID_GET, ID_GET),          /* FFA_ID_GET */
	ABI(0x6B, NOT_SUPPORTED, MSG_WAIT), /* FFA_MSG_WAIT */
	ABI(0x6C, NOT_SUPPORTED, FORWARD),  /* FFA_MSG_YIELD */
	ABI(0x6D, FORWARD, NOT_SUPPORTED),  /* FFA_RUN */
	ABI(0x6E, FORWARD, FORWARD),        /* FFA_MSG_SEND (v1.0) */
	ABI(0x6F, DIRECT_REQ, DIRECT_REQ),  /* DIRECT_REQ */
	ABI(0x70, FORWARD, DIRECT_RESP),    /* DIRECT_RESP */
	ABI(0x71, FORWARD, FORWARD),        /* FFA_MEM_DONATE */
	ABI(0x72, FORWARD, FORWARD),        /* FFA_MEM_LEND */
	ABI(0x73, FORWARD, FORWARD),        /* FFA_MEM_SHARE */
	ABI(0x74, FORWARD, FORWARD),        /* FFA_MEM_RETRIEVE_REQ */
	ABI(0x75, FORWARD, FORWARD),        /* FFA_MEM_RETRIEVE_RESP */
	ABI(0x76, FORWARD, FORWARD),        /* FFA_MEM_RELINQUISH */
	ABI(0x77, FORWARD, FORWARD),        /* FFA_MEM_RECLAIM */
	ABI(0x7A, FORWARD, FORWARD),        /* FFA_MEM_FRAG_RX */
	ABI(0x7B, FORWARD, FORWARD),        /* FFA_MEM_FRAG_TX */
	ABI(0x7C, DENIED, NWD_RESUME),      /* FFA_NORMAL_WORLD_RESUME */
	ABI(0x7D, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_BITMAP_CREATE */
	ABI(0x7E, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_BITMAP_DESTROY */
	ABI(0x7F, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_BIND */
	ABI(0x80, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_UNBIND */
	ABI(0x81, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_SET */
	ABI(0x82, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_GET */
	ABI(0x83, FORWARD, NOT_SUPPORTED),  /* NOTIFICATION_INFO_GET */
	ABI(0x84, FORWARD, NOT_SUPPORTED),  /* FFA_RX_ACQUIRE */
	ABI(0x85, SPM_ID_GET, SPM_ID_GET),  /* FFA_SPM_ID_GET */
	ABI(0x86, FORWARD, NOT_SUPPORTED),  /* FFA_MSG_SEND2 */
	ABI(0x8A, NOT_SUPPORTED, NOT_SUPPORTED), /* FFA_CONSOLE_LOG */
	ABI(0x8C, NOT_SUPPORTED, EL3_INTR),      /* FFA_EL3_INTR_HANDLE */
	ABI(0x90, NOT_SUPPORTED, ABORT),         /* FFA_ABORT */
};

/** SMC64 FIDs 0xC4000060..0xC4000097. */
static const struct spmd_abi spmd_abi64[SPMD_ABI_COUNT] = {
	ABI(0x61, FORWARD, FORWARD),             /* FFA_SUCCESS */
	ABI(0x66, FORWARD, NOT_SUPPORTED),       /* FFA_RXTX_MAP */
	ABI(0x6F, DIRECT_REQ, DIRECT_REQ),       /* DIRECT_REQ */
	ABI(0x70, FORWARD, DIRECT_RESP),         /* DIRECT_RESP */
	ABI(0x71, FORWARD, FORWARD),             /* FFA_MEM_DONATE */
	ABI(0x72, FORWARD, FORWARD),             /* FFA_MEM_LEND */
	ABI(0x73, FORWARD, FORWARD),             /* FFA_MEM_SHARE */
	ABI(0x74, FORWARD, FORWARD),             /* FFA_MEM_RETRIEVE_REQ */
	ABI(0x83, FORWARD, NOT_SUPPORTED),       /* NOTIFICATION_INFO_GET */
	ABI(0x87, NOT_SUPPORTED, EP_REGISTER),   /* SECONDARY_EP_REGISTER */
	ABI(0x8A, NOT_SUPPORTED, NOT_SUPPORTED), /* FFA_CONSOLE_LOG */
	ABI(0x8B, FORWARD, NOT_SUPPORTED),       /* PARTITION_INFO_GET_REGS */
	ABI_V(0x8D, DIRECT_REQ, DIRECT_REQ, 2),  /* DIRECT_REQ2 */
	ABI_V(0x8E, FORWARD, DIRECT_RESP, 2),    /* DIRECT_RESP2 */
	ABI(0x8F, FORWARD, NOT_SUPPORTED),       /* FFA_NS_RES_INFO_GET */
	ABI(0x90, NOT_SUPPORTED, ABORT),         /* FFA_ABORT */
	ABI_V(0x94, FORWARD, NOT_SUPPORTED, 3),  /* NOTIFICATION_BIND2 */
	ABI_V(0x95, FORWARD, NOT_SUPPORTED, 3),  /* NOTIFICATION_UNBIND2 */
	ABI_V(0x96, FORWARD, NOT_SUPPORTED, 3),  /* NOTIFICATION_SET2 */
	ABI_V(0x97, FORWARD, NOT_SUPPORTED, 3),  /* NOTIFICATION_GET2 */
};

/* Serialises secondary entry point registration across cores. */
static struct spinlock spmd_ep_lock = SPINLOCK_INIT;

/** Counts an event for the test API; safe on several cores at once. */
static void spmd_count(uint64_t *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

/** Where a call from the SPMC (`secure`) or the NWd returns to. */
static enum el3_next spmd_back(bool secure)
{
	return secure ? EL3_NEXT_SPMC : EL3_NEXT_NWD;
}

/** The saved x0..x30 of world `w` on `cpu`. */
static uint64_t *spmd_regs(struct el3_cpu *cpu, enum el3_world w)
{
	return cpu->ctx[w].x;
}

/** TF-A SMC_RET8 with x4..x7 = 0: x0..x3 as given. */
static void spmd_ret4(uint64_t *x, uint64_t x0, uint64_t x1, uint64_t x2,
		      uint64_t x3)
{
	x[0] = x0;
	x[1] = x1;
	x[2] = x2;
	x[3] = x3;
	x[4] = 0;
	x[5] = 0;
	x[6] = 0;
	x[7] = 0;
}

/** Answers the caller with FFA_ERROR(`code`); w2 zero-extended. */
static enum el3_next spmd_error(struct el3_cpu *cpu, bool secure, int32_t code)
{
	spmd_ret4(spmd_regs(cpu, secure ? EL3_SWD : EL3_NWD), FFA_ERROR_32, 0,
		  (uint32_t)code, 0);
	return spmd_back(secure);
}

/** Answers the caller with FFA_SUCCESS_32 and `w2`. */
static enum el3_next spmd_success(struct el3_cpu *cpu, bool secure, uint64_t w2)
{
	spmd_ret4(spmd_regs(cpu, secure ? EL3_SWD : EL3_NWD), FFA_SUCCESS_32, 0,
		  w2, 0);
	return spmd_back(secure);
}

/** See spmd.h. */
bool spmd_spmc_ready(const struct el3_cpu *cpu)
{
	return cpu->sys->spmd.spm_enabled &&
	       cpu->spmd_state == EL3FW_SPMD_STATE_ON;
}

/** True if both sides negotiated at least FF-A v1.`minor`. */
static bool spmd_common_version(const struct spmd *spmd, uint32_t minor)
{
	uint32_t v = FFA_VERSION(1U, minor);

	return spmd->nwd_version >= v && spmd->spmc_nwd_version >= v;
}

/**
 * Copies a call or a return into the other world (TF-A
 * `spmd_smc_switch_state`): x0 = the FID (with the SVE hint towards the
 * SPMC only), x1..x4 truncated for SMC32, x5..x7 raw, and x8..x17 copied
 * for SMC64 when both versions are >= v1.2, zeroed when only the
 * destination's is, untouched otherwise.
 */
static void spmd_copy_call(const struct spmd *spmd, const uint64_t *in,
			   uint64_t *out, uint32_t fid_out, bool to_spmc)
{
	bool smc64 = ffa_fid_is_smc64(fid_out);
	uint32_t v_in = to_spmc ? spmd->nwd_version : spmd->spmc_nwd_version;
	uint32_t v_out = to_spmc ? spmd->spmc_nwd_version : spmd->nwd_version;
	size_t i;

	out[0] = fid_out;
	for (i = 1; i <= 4; i++) {
		out[i] = smc64 ? in[i] : (uint32_t)in[i];
	}
	for (i = 5; i <= 7; i++) {
		out[i] = in[i];
	}
	if (smc64 && v_out >= FFA_VERSION_1_2) {
		for (i = 8; i < FFA_VALUE_REGS; i++) {
			out[i] = v_in >= FFA_VERSION_1_2 ? in[i] : 0;
		}
	}
}

/**
 * Writes an SPMD -> SPMC framework request into the SPMC's registers
 * (`spmd_build_spmc_message`, §1.6): DIRECT_REQ_32 from 0xFFFF to the
 * SPMC, w2 = BIT(31) | `func`, w3 = `payload`, x4..x7 = 0.
 */
static void spmd_fwk_request(const struct spmd *spmd, uint64_t *x,
			     uint32_t func, uint64_t payload)
{
	spmd_ret4(x, FFA_MSG_SEND_DIRECT_REQ_32,
		  ffa_msg_ids(FFA_ID_SPMD, spmd->attrs.spmc_id),
		  FFA_FWK_MSG_BIT | func, payload);
}

/**
 * Resumes the normal world once SPMC initialisation on `cpu` ended with
 * `rc` (0: success). Cold boot: a failure disables the SPMD for good.
 */
static enum el3_next spmd_init_done(struct el3_cpu *cpu, uint64_t rc)
{
	struct spmd *spmd = &cpu->sys->spmd;

	cpu->pending = SPMD_PENDING_NONE;
	cpu->init_result = rc;
	if (rc == 0) {
		cpu->spmd_state = EL3FW_SPMD_STATE_ON;
		el3_verbose("SPM Core init end.\n");
	} else if (!cpu->warm) {
		el3_error("SPMC initialisation failed 0x%lx\n",
			  (unsigned long)rc);
		el3_warn("BL31: BL32 initialization failed\n");
		cpu->spmd_state = EL3FW_SPMD_STATE_OFF;
		spmd->spm_enabled = false;
	} else {
		el3_error("spmd_cpu_on_finish_handler failed (%lu) on CPU%u\n",
			  (unsigned long)rc, cpu->id);
		cpu->spmd_state = EL3FW_SPMD_STATE_OFF;
	}
	return el3_enter_nwd(cpu);
}

/**
 * The SPMC answered the FFA_VERSION framework message, with
 * `spmc_message` telling whether its call was a DIRECT_RESP from the SPMC
 * to 0xFFFF. The NWd gets w3 of a valid FFA_VERSION response, else
 * NOT_SUPPORTED; x1..x7 = 0, x8..x17 untouched.
 */
static enum el3_next spmd_version_done(struct el3_cpu *cpu, bool spmc_message)
{
	struct spmd *spmd = &cpu->sys->spmd;
	const uint64_t *s = spmd_regs(cpu, EL3_SWD);
	uint32_t ret;

	cpu->pending = SPMD_PENDING_NONE;
	if (spmc_message && s[0] == FFA_MSG_SEND_DIRECT_RESP_32 &&
	    s[2] == (FFA_FWK_MSG_BIT | FFA_FWK_VERSION_RESP)) {
		ret = (uint32_t)s[3];
		if ((ret & FFA_VERSION_MBZ_BIT) == 0) {
			spmd->spmc_nwd_version = ret;
		}
	} else {
		el3_error("Failed to forward FFA_VERSION\n");
		ret = (uint32_t)FFA_NOT_SUPPORTED;
	}
	spmd_ret4(spmd_regs(cpu, EL3_NWD), ret, 0, 0, 0);
	return EL3_NEXT_NWD;
}

/**
 * Ends a CPU_OFF on `cpu`: PSCI state OFF, nothing armed. The SPMD state
 * changes only if the SPMC took part (`spmc_off`).
 */
static enum el3_next spmd_cpu_off_commit(struct el3_cpu *cpu, bool spmc_off)
{
	cpu->pending = SPMD_PENDING_NONE;
	if (spmc_off) {
		cpu->spmd_state = EL3FW_SPMD_STATE_OFF;
	}
	cpu->armed_g0_sgi = EL3_NO_SGI;
	__atomic_store_n(&cpu->psci_state, PSCI_AFF_OFF, __ATOMIC_RELAXED);
	return EL3_NEXT_CPU_OFF;
}

/**
 * The SPMC answered the CPU_OFF framework message (`spmd_cpu_off_handler`,
 * §1.6.1): FFA_ERROR is ignored; DIRECT_RESP_32 with BIT(31) | 2 in w2 and
 * PSCI_E_SUCCESS in w3 is agreement; anything else is an EL3 panic.
 */
static enum el3_next spmd_cpu_off_done(struct el3_cpu *cpu)
{
	const uint64_t *s = spmd_regs(cpu, EL3_SWD);
	uint32_t fid = (uint32_t)s[0];
	uint32_t flags = (uint32_t)s[2];
	int32_t status = (int32_t)s[3];

	if (fid == FFA_ERROR_32) {
		el3_verbose("SPMC ignored PSCI CPU_OFF framework message\n");
	} else if (fid != FFA_MSG_SEND_DIRECT_RESP_32) {
		return el3_panic_next(cpu,
				      "spmd_cpu_off_handler invalid SPMC "
				      "response",
				      fid);
	} else if ((flags & FFA_FWK_MSG_BIT) == 0 ||
		   (flags & FFA_FWK_MSG_FUNC_MASK) != FFA_FWK_PSCI_RESP) {
		return el3_panic_next(cpu,
				      "SPMC failed to send framework "
				      "message response for power "
				      "management operation",
				      flags);
	} else if (status != PSCI_E_SUCCESS) {
		return el3_panic_next(cpu,
				      "SPMC denied CPU_OFF power "
				      "management request",
				      (uint32_t)status);
	}
	return spmd_cpu_off_commit(cpu, true);
}

/**
 * The SPMC made a call that leaves the secure world while `cpu` waits for
 * an answer to an SPMD operation. TF-A would forward it into a normal
 * world that is not expecting it; this model ends the operation the way
 * §1.6/§1.8 describe a wrong answer: FFA_VERSION gets NOT_SUPPORTED,
 * CPU_OFF panics, a secure interrupt resumes the NWd untouched after a
 * log. During initialisation there is no NWd yet: the SPMC gets DENIED.
 */
static enum el3_next spmd_pending_other(struct el3_cpu *cpu)
{
	uint32_t fid = (uint32_t)spmd_regs(cpu, EL3_SWD)[0];

	switch (cpu->pending) {
	case SPMD_PENDING_INIT:
		el3_verbose("SPMC called 0x%x before ending its init\n", fid);
		return spmd_error(cpu, true, FFA_DENIED);
	case SPMD_PENDING_VERSION:
		return spmd_version_done(cpu, false);
	case SPMD_PENDING_CPU_OFF:
		return el3_panic_next(cpu,
				      "spmd_cpu_off_handler invalid SPMC "
				      "response",
				      fid);
	case SPMD_PENDING_INTERRUPT:
		el3_error("spmd_secure_interrupt_handler: SPMC returned 0x%x "
			  "on CPU%u\n",
			  fid, cpu->id);
		cpu->pending = SPMD_PENDING_NONE;
		return EL3_NEXT_NWD;
	case SPMD_PENDING_NONE:
		break;
	}
	return spmd_error(cpu, true, FFA_DENIED);
}

/**
 * The SPMC sent DIRECT_RESP from its ID to 0xFFFF: TF-A's synchronous exit
 * with rc = 0, which completes whatever the core waits for.
 */
static enum el3_next spmd_sync_reply(struct el3_cpu *cpu)
{
	switch (cpu->pending) {
	case SPMD_PENDING_INIT:
		return spmd_init_done(cpu, 0);
	case SPMD_PENDING_VERSION:
		return spmd_version_done(cpu, true);
	case SPMD_PENDING_CPU_OFF:
		return spmd_cpu_off_done(cpu);
	case SPMD_PENDING_INTERRUPT:
		cpu->pending = SPMD_PENDING_NONE;
		return EL3_NEXT_NWD;
	case SPMD_PENDING_NONE:
		break;
	}
	el3_verbose("SPMC replied to the SPMD with no request pending\n");
	return spmd_error(cpu, true, FFA_DENIED);
}

/**
 * Forwards the caller's FF-A call to the other world. From the NWd it
 * needs a running SPMC on this core (NOT_SUPPORTED otherwise); from the
 * SPMC it ends a pending operation instead (`spmd_pending_other`).
 */
static enum el3_next spmd_forward(struct el3_cpu *cpu, bool secure,
				  uint32_t fid, bool sve_hint)
{
	struct el3_system *sys = cpu->sys;

	if (!secure) {
		if (!spmd_spmc_ready(cpu)) {
			return spmd_error(cpu, false, FFA_NOT_SUPPORTED);
		}
		spmd_copy_call(&sys->spmd, spmd_regs(cpu, EL3_NWD),
			       spmd_regs(cpu, EL3_SWD),
			       fid | (sve_hint ? FFA_FID_SVE_HINT : 0), true);
		spmd_count(&sys->counters.forward);
		return EL3_NEXT_SPMC;
	}
	if (cpu->pending != SPMD_PENDING_NONE) {
		return spmd_pending_other(cpu);
	}
	spmd_copy_call(&sys->spmd, spmd_regs(cpu, EL3_SWD),
		       spmd_regs(cpu, EL3_NWD), fid, false);
	spmd_count(&sys->counters.forward);
	return EL3_NEXT_NWD;
}

/**
 * FFA_VERSION (§1.6.2). The SPMC gets the SPMD's own version. The NWd's
 * request is remembered until the version is locked and sent to the SPMC
 * as a framework message, except with a v1.0 manifest, which the SPMD
 * answers itself. Bit 31 set, or no SPMC on this core: NOT_SUPPORTED.
 */
static enum el3_next spmd_version(struct el3_cpu *cpu, bool secure)
{
	struct spmd *spmd = &cpu->sys->spmd;
	uint64_t *x = spmd_regs(cpu, secure ? EL3_SWD : EL3_NWD);
	uint32_t req = (uint32_t)x[1];
	uint64_t *s;

	if ((req & FFA_VERSION_MBZ_BIT) != 0 ||
	    (!secure && !spmd_spmc_ready(cpu))) {
		spmd_ret4(x, (uint32_t)FFA_NOT_SUPPORTED, 0, 0, 0);
		return spmd_back(secure);
	}
	if (secure) {
		spmd_ret4(x, SPMD_FFA_VERSION, 0, 0, 0);
		return EL3_NEXT_SPMC;
	}
	if (!spmd->nwd_version_locked) {
		spmd->nwd_version = req;
	}
	if (spmd->attrs.maj_ver == 1 && spmd->attrs.min_ver == 0) {
		spmd_ret4(x, FFA_VERSION_1_0, 0, 0, 0);
		return EL3_NEXT_NWD;
	}
	s = spmd_regs(cpu, EL3_SWD);
	spmd_fwk_request(spmd, s, FFA_FWK_VERSION_REQ, req);
	memcpy(&s[8], &x[8], (FFA_VALUE_REGS - 8) * sizeof(uint64_t));
	cpu->pending = SPMD_PENDING_VERSION;
	return EL3_NEXT_SPMC;
}

/**
 * DIRECT_REQ (32, 64) and DIRECT_REQ2. From the NWd a secure or SPMD-LP
 * source, or an SPMD-LP destination, is INVALID_PARAMETERS; from the SPMC
 * a request from itself to the SPMD is DENIED. Otherwise forwarded.
 */
static enum el3_next spmd_direct_req(struct el3_cpu *cpu, bool secure,
				     uint32_t fid, bool sve_hint)
{
	const uint64_t *x = spmd_regs(cpu, secure ? EL3_SWD : EL3_NWD);
	uint16_t src = (uint16_t)(x[1] >> 16);
	uint16_t dst = (uint16_t)x[1];

	if (!secure) {
		if (ffa_id_is_secure(src) ||
		    (dst >= SPMD_LP_ID_FIRST && dst <= SPMD_LP_ID_LAST)) {
			return spmd_error(cpu, false, FFA_INVALID_PARAMETERS);
		}
	} else if (src == cpu->sys->spmd.attrs.spmc_id && dst == FFA_ID_SPMD) {
		return spmd_error(cpu, true, FFA_DENIED);
	}
	return spmd_forward(cpu, secure, fid, sve_hint);
}

/** SPMC DIRECT_RESP: to the SPMD a synchronous reply, else forwarded. */
static enum el3_next spmd_direct_resp(struct el3_cpu *cpu, uint32_t fid)
{
	const uint64_t *x = spmd_regs(cpu, EL3_SWD);
	uint16_t src = (uint16_t)(x[1] >> 16);
	uint16_t dst = (uint16_t)x[1];

	if (dst == FFA_ID_SPMD && src == cpu->sys->spmd.attrs.spmc_id) {
		return spmd_sync_reply(cpu);
	}
	return spmd_forward(cpu, true, fid, false);
}

/** SPMC FFA_MSG_WAIT: ends initialisation, else forwarded. */
static enum el3_next spmd_msg_wait(struct el3_cpu *cpu, uint32_t fid)
{
	if (cpu->pending == SPMD_PENDING_INIT) {
		return spmd_init_done(cpu, 0);
	}
	return spmd_forward(cpu, true, fid, false);
}

/**
 * SPMC FFA_ERROR: during initialisation the init result is w2 (0 counts as
 * success, as in TF-A); during CPU_OFF it is the (ignored) answer;
 * otherwise forwarded.
 */
static enum el3_next spmd_ffa_error(struct el3_cpu *cpu, uint32_t fid)
{
	const uint64_t *x = spmd_regs(cpu, EL3_SWD);

	if (cpu->pending == SPMD_PENDING_INIT) {
		return spmd_init_done(cpu, (uint32_t)x[2]);
	}
	if (cpu->pending == SPMD_PENDING_CPU_OFF) {
		return spmd_cpu_off_done(cpu);
	}
	return spmd_forward(cpu, true, fid, false);
}

/** SPMC FFA_NORMAL_WORLD_RESUME: valid only during a secure interrupt. */
static enum el3_next spmd_nwd_resume(struct el3_cpu *cpu)
{
	if (cpu->pending != SPMD_PENDING_INTERRUPT) {
		return spmd_error(cpu, true, FFA_DENIED);
	}
	cpu->pending = SPMD_PENDING_NONE;
	spmd_count(&cpu->sys->counters.nwd_resume);
	return EL3_NEXT_NWD;
}

/**
 * FFA_EL3_INTR_HANDLE (§1.8): acknowledges the pending Group-0 interrupt,
 * handles it (only the test API's Group-0 SGIs exist; anything else is
 * TF-A's "Group0 interrupt %u not handled" panic), ends it and returns
 * FFA_SUCCESS_32 with x1..x7 = 0.
 */
static enum el3_next spmd_el3_intr(struct el3_cpu *cpu)
{
	struct el3_counters *c = &cpu->sys->counters;
	uint32_t intid = el3_plat_gic_ack_g0();

	if (intid >= GIC_INTID_G1S_PENDING) {
		el3_verbose("FFA_EL3_INTR_HANDLE with no Group-0 interrupt\n");
	} else if (intid >= 16) {
		return el3_panic_next(cpu, "Group0 interrupt not handled",
				      intid);
	} else {
		el3_plat_gic_eoi_g0(intid);
		c->last_g0_intid = intid;
		spmd_count(&c->el3_intr_handle);
	}
	return spmd_success(cpu, true, 0);
}

/**
 * FFA_SECONDARY_EP_REGISTER_64 (§1.5): accepted once, and only inside
 * [load_address, load_address + binary_size). Success is FFA_SUCCESS_64;
 * failure is FFA_ERROR_64 with INVALID_PARAMETERS sign-extended in x2.
 */
static enum el3_next spmd_ep_register(struct el3_cpu *cpu)
{
	struct spmd *spmd = &cpu->sys->spmd;
	uint64_t *x = spmd_regs(cpu, EL3_SWD);
	uint64_t ep = x[1];
	uint64_t end;
	bool ok = false;

	sl_lock(&spmd_ep_lock);
	spmd->secondary_ep_calls++;
	if (!spmd->secondary_ep_locked) {
		if (checked_range_end(spmd->attrs.load_address,
				      spmd->attrs.binary_size, &end) &&
		    ep >= spmd->attrs.load_address && ep < end) {
			spmd->secondary_ep = ep;
			spmd->secondary_ep_locked = true;
			ok = true;
		} else {
			el3_error("spmd_pm_secondary_ep_register entry point "
				  "is not within image boundaries\n");
		}
	}
	spmd->secondary_ep_result =
	    ok ? 0 : (uint64_t)(int64_t)FFA_INVALID_PARAMETERS;
	sl_unlock(&spmd_ep_lock);

	if (ok) {
		spmd_ret4(x, FFA_SUCCESS_64, 0, 0, 0);
	} else {
		spmd_ret4(x, SPMD_FFA_ERROR_64, 0,
			  (uint64_t)(int64_t)FFA_INVALID_PARAMETERS, 0);
	}
	return EL3_NEXT_SPMC;
}

/** SPMC FFA_FEATURES: FFA_SUCCESS_32 with x1..x7 echoed (x1..x4 as w). */
static enum el3_next spmd_features_secure(struct el3_cpu *cpu)
{
	uint64_t *x = spmd_regs(cpu, EL3_SWD);
	size_t i;

	x[0] = FFA_SUCCESS_32;
	for (i = 1; i <= 4; i++) {
		x[i] = (uint32_t)x[i];
	}
	return EL3_NEXT_SPMC;
}

/** The table entry for an FF-A FID (bits 23:16 already checked zero). */
static const struct spmd_abi *spmd_abi_find(uint32_t fid)
{
	uint32_t idx = (fid & 0xFFFFU) - SPMD_FNUM_MIN;

	return ffa_fid_is_smc64(fid) ? &spmd_abi64[idx] : &spmd_abi32[idx];
}

/** See spmd.h. */
enum el3_next spmd_smc(struct el3_cpu *cpu, bool secure, uint32_t fid,
		       bool sve_hint)
{
	struct spmd *spmd = &cpu->sys->spmd;
	const struct spmd_abi *abi = spmd_abi_find(fid);
	enum spmd_rule rule = secure ? abi->spmc : abi->nwd;

	if (!secure && fid != FFA_VERSION_32) {
		spmd->nwd_version_locked = true;
	}
	if (abi->min_minor != 0 && !spmd_common_version(spmd, abi->min_minor)) {
		return spmd_error(cpu, secure, FFA_NOT_SUPPORTED);
	}

	switch (rule) {
	case SPMD_RULE_UNKNOWN:
		el3_warn("SPM(%u): Unsupported call 0x%x\n", cpu->id, fid);
		return spmd_error(cpu, secure, FFA_NOT_SUPPORTED);
	case SPMD_RULE_FORWARD:
		return spmd_forward(cpu, secure, fid, sve_hint);
	case SPMD_RULE_NOT_SUPPORTED:
		return spmd_error(cpu, secure, FFA_NOT_SUPPORTED);
	case SPMD_RULE_DENIED:
		return spmd_error(cpu, secure, FFA_DENIED);
	case SPMD_RULE_VERSION:
		return spmd_version(cpu, secure);
	case SPMD_RULE_ID_GET:
		return spmd_success(cpu, secure,
				    secure ? spmd->attrs.spmc_id
					   : FFA_ID_NS_ENDPOINT);
	case SPMD_RULE_SPM_ID_GET:
		return spmd_success(cpu, secure,
				    secure ? FFA_ID_SPMD : spmd->attrs.spmc_id);
	case SPMD_RULE_FEATURES:
		return spmd_features_secure(cpu);
	case SPMD_RULE_DIRECT_REQ:
		return spmd_direct_req(cpu, secure, fid, sve_hint);
	case SPMD_RULE_DIRECT_RESP:
		return spmd_direct_resp(cpu, fid);
	case SPMD_RULE_MSG_WAIT:
		return spmd_msg_wait(cpu, fid);
	case SPMD_RULE_ERROR:
		return spmd_ffa_error(cpu, fid);
	case SPMD_RULE_NWD_RESUME:
		return spmd_nwd_resume(cpu);
	case SPMD_RULE_EL3_INTR:
		return spmd_el3_intr(cpu);
	case SPMD_RULE_ABORT:
		return el3_panic_next(cpu, "SPMC encountered a fatal error",
				      fid);
	case SPMD_RULE_EP_REGISTER:
		return spmd_ep_register(cpu);
	}
	return spmd_error(cpu, secure, FFA_NOT_SUPPORTED);
}

/** See spmd.h. */
enum el3_next spmd_secure_interrupt(struct el3_cpu *cpu)
{
	if (!spmd_spmc_ready(cpu)) {
		return el3_panic_next(cpu,
				      "Secure interrupt with no SPMC "
				      "running on this core",
				      cpu->id);
	}
	spmd_ret4(spmd_regs(cpu, EL3_SWD), FFA_INTERRUPT_32, 0, 0, 0);
	cpu->pending = SPMD_PENDING_INTERRUPT;
	spmd_count(&cpu->sys->counters.ffa_interrupt);
	return EL3_NEXT_SPMC;
}

/** See spmd.h. */
enum el3_next spmd_cpu_off(struct el3_cpu *cpu)
{
	uint64_t *s = spmd_regs(cpu, EL3_SWD);

	if (!spmd_spmc_ready(cpu)) {
		return spmd_cpu_off_commit(cpu, false);
	}
	spmd_fwk_request(&cpu->sys->spmd, s, FFA_FWK_PSCI_REQ, PSCI_CPU_OFF);
	memset(&s[8], 0, (FFA_VALUE_REGS - 8) * sizeof(uint64_t));
	cpu->pending = SPMD_PENDING_CPU_OFF;
	return EL3_NEXT_SPMC;
}

/** See spmd.h. */
enum spmd_manifest_error spmd_setup(struct spmd *spmd, const void *pm,
				    uint64_t pm_pa, uint64_t spmc_entry,
				    bool sel2)
{
	enum spmd_manifest_error err;

	spmd->spm_enabled = false;
	err = spmd_manifest_load(pm, &spmd->attrs);
	if (err != SPMD_MANIFEST_OK) {
		el3_warn("No or invalid SPM Core manifest image provided by "
			 "BL2\n");
	} else {
		err = spmd_attrs_check(&spmd->attrs, sel2);
	}
	if (err != SPMD_MANIFEST_OK) {
		el3_warn("Booting device without SPM initialization.\n");
		return err;
	}
	spmd->manifest_pa = pm_pa;
	spmd->spmc_entry = spmc_entry;
	spmd->spm_enabled = true;
	el3_info("SPM Core setup done.\n");
	return SPMD_MANIFEST_OK;
}

/** See spmd.h. */
enum el3_next spmd_spmc_start(struct el3_cpu *cpu, bool warm)
{
	struct el3_system *sys = cpu->sys;
	struct spmd *spmd = &sys->spmd;
	uint64_t entry;

	cpu->warm = warm;
	if (!spmd->spm_enabled) {
		return el3_enter_nwd(cpu);
	}
	entry = warm && spmd->secondary_ep_locked ? spmd->secondary_ep
						  : spmd->spmc_entry;
	el3_ctx_init_spmc(&cpu->ctx[EL3_SWD], &sys->wr, entry,
			  spmd->manifest_pa, cpu->id);
	cpu->spmd_state = EL3FW_SPMD_STATE_ON_PENDING;
	cpu->pending = SPMD_PENDING_INIT;
	if (!warm) {
		el3_info("BL31: Initializing BL32\n");
	}
	return EL3_NEXT_SPMC;
}
