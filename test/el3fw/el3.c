/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/el3.h"

#include "spmc/spinlock.h"
#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "el3fw/log.h"
#include "el3fw/plat.h"
#include "el3fw/psci.h"
#include "el3fw/test_api.h"

/*
 * SMC routing by owning entity (SMCCC v1.4 §2.5, TF-A
 * `runtime_exceptions.S` + `std_svc_setup.c`), the FIQ path, the test SiP
 * calls and the boot flow. Runs on every EL3 entry: no logging on the
 * SMC path, one switch per decision.
 */

#define SMC_FAST_BIT (1U << 31)
#define SMC_64_BIT (1U << 30)
#define SMC_OEN_SHIFT 24
#define SMC_OEN_MASK 0x3FU
/* Bits 23:17 of a fast call's FID are reserved (MBZ). */
#define SMC_FAST_RESERVED 0x00FE0000U
#define SMC_OEN_ARCH 0U
#define SMC_OEN_SIP 2U
#define SMC_OEN_STD 4U
#define SMC_UNKNOWN_VALUE UINT64_MAX

#define SMCCC_VERSION_FID 0x80000000U
#define SMCCC_ARCH_FEATURES_FID 0x80000001U
/* SMCCC v1.2: the first version with x0..x17 for SMC64 (DEN0028). */
#define SMCCC_VERSION_1_2 0x10002U

#define FFA_FNUM_MIN 0x60U
#define FFA_FNUM_MAX 0x97U

/* Test API: the SGIs TF-A's QEMU port makes Secure Group 1. */
#define EL3_G1S_SGI_FIRST 8U
#define EL3_G1S_SGI_LAST 15U
#define EL3_G0_SGI_LAST 7U
#define EL3_SGI_COUNT 16U

/* The GPT lock (TF-A GPT_LOCK): every GPT call runs under it. */
static struct spinlock el3_gpt_lock = SPINLOCK_INIT;

/** See el3.h. */
void el3_ret_unknown(struct el3_world_ctx *ctx)
{
	ctx->x[0] = SMC_UNKNOWN_VALUE;
}

/** See el3.h. */
enum el3_next el3_panic_next(struct el3_cpu *cpu, const char *msg, uint64_t arg)
{
	cpu->panic_msg = msg;
	cpu->panic_arg = arg;
	return EL3_NEXT_PANIC;
}

/** Where an SMC from `from` returns to. */
static enum el3_next el3_back(enum el3_world from)
{
	return from == EL3_SWD ? EL3_NEXT_SPMC : EL3_NEXT_NWD;
}

/** See el3.h. */
void el3_system_init(struct el3_system *sys,
		     const struct el3_features *features,
		     const struct el3_id_regs *id_regs, uint64_t bl33_entry)
{
	uint32_t i;

	memset(sys, 0, sizeof(*sys));
	el3_world_regs_init(&sys->wr, features);
	sys->bl33_entry = bl33_entry;
	sys->counters.last_g0_intid = EL3FW_TEST_NONE;
	sys->spmd.secondary_ep_result = EL3FW_TEST_NONE;
	for (i = 0; i < EL3_MAX_CPUS; i++) {
		struct el3_cpu *cpu = &sys->cpus[i];

		cpu->sys = sys;
		cpu->id = i;
		cpu->id_regs = *id_regs;
		cpu->ctx[EL3_NWD].cpu = cpu;
		cpu->ctx[EL3_SWD].cpu = cpu;
		cpu->spmd_state = EL3FW_SPMD_STATE_RESET;
		cpu->psci_state = i == 0 ? PSCI_AFF_ON : PSCI_AFF_OFF;
		cpu->init_result = EL3FW_TEST_NONE;
		cpu->armed_g0_sgi = EL3_NO_SGI;
	}
}

/** See el3.h. */
enum el3_next el3_enter_nwd(struct el3_cpu *cpu)
{
	struct el3_system *sys = cpu->sys;

	el3_ctx_init_nwd(&cpu->ctx[EL3_NWD], &sys->wr, &cpu->id_regs,
			 cpu->nwd_entry, cpu->nwd_arg0);
	__atomic_store_n(&cpu->psci_state, PSCI_AFF_ON, __ATOMIC_RELAXED);
	if (!cpu->warm) {
		el3_notice("BL31: Preparing for EL3 exit to normal world\n");
		el3_notice("BL31: Entry point address = 0x%lx\n",
			   (unsigned long)cpu->nwd_entry);
	} else {
		el3_verbose("CPU%u: entering the normal world at 0x%lx\n",
			    cpu->id, (unsigned long)cpu->nwd_entry);
	}
	return EL3_NEXT_NWD;
}

/** See el3.h. */
enum el3_next el3_cold_boot(struct el3_cpu *cpu, const void *manifest,
			    uint64_t manifest_pa, uint64_t spmc_entry,
			    bool sel2)
{
	struct el3_system *sys = cpu->sys;

	cpu->nwd_entry = sys->bl33_entry;
	cpu->nwd_arg0 = 0;
	spmd_setup(&sys->spmd, manifest, manifest_pa, spmc_entry, sel2);
	return spmd_spmc_start(cpu, false);
}

/** See el3.h. */
enum el3_next el3_before_entry(struct el3_cpu *cpu, enum el3_next next)
{
	if (next == EL3_NEXT_SPMC && cpu->armed_g0_sgi != EL3_NO_SGI) {
		el3_plat_sgi_pend(cpu->id, cpu->armed_g0_sgi);
		cpu->armed_g0_sgi = EL3_NO_SGI;
	}
	return next;
}

/** Value of per-core test item `item` for core `core`. */
static bool el3_test_get_core(const struct el3_system *sys, uint64_t item,
			      uint64_t core, uint64_t *value)
{
	const struct el3_cpu *cpu;

	if (core >= EL3_MAX_CPUS) {
		return false;
	}
	cpu = &sys->cpus[core];
	if (item == EL3FW_ITEM_SPMD_STATE) {
		*value = cpu->spmd_state;
	} else {
		*value = cpu->init_result;
	}
	return true;
}

/** EL3FW_TEST_GET: reads `item` (per-core items for `core`). */
static bool el3_test_get(const struct el3_system *sys, uint64_t item,
			 uint64_t core, uint64_t *value)
{
	const struct el3_counters *c = &sys->counters;
	const struct spmd *spmd = &sys->spmd;

	switch (item) {
	case EL3FW_ITEM_API_VERSION:
		*value = EL3FW_TEST_API_VERSION;
		return true;
	case EL3FW_ITEM_FFA_INTERRUPT_COUNT:
		*value = c->ffa_interrupt;
		return true;
	case EL3FW_ITEM_NWD_RESUME_COUNT:
		*value = c->nwd_resume;
		return true;
	case EL3FW_ITEM_EL3_INTR_HANDLE_COUNT:
		*value = c->el3_intr_handle;
		return true;
	case EL3FW_ITEM_LAST_G0_INTID:
		*value = c->last_g0_intid;
		return true;
	case EL3FW_ITEM_G0_FROM_NWD_COUNT:
		*value = c->g0_from_nwd;
		return true;
	case EL3FW_ITEM_SECONDARY_EP:
		*value = spmd->secondary_ep_locked ? spmd->secondary_ep : 0;
		return true;
	case EL3FW_ITEM_SECONDARY_EP_CALLS:
		*value = spmd->secondary_ep_calls;
		return true;
	case EL3FW_ITEM_SECONDARY_EP_RESULT:
		*value = spmd->secondary_ep_result;
		return true;
	case EL3FW_ITEM_SPMC_NWD_FFA_VERSION:
		*value = spmd->spmc_nwd_version;
		return true;
	case EL3FW_ITEM_NWD_FFA_VERSION:
		*value = spmd->nwd_version;
		return true;
	case EL3FW_ITEM_NWD_FFA_VERSION_LOCKED:
		*value = spmd->nwd_version_locked;
		return true;
	case EL3FW_ITEM_SPM_ENABLED:
		*value = spmd->spm_enabled;
		return true;
	case EL3FW_ITEM_SPMD_STATE:
	case EL3FW_ITEM_SPMC_INIT_RESULT:
		return el3_test_get_core(sys, item, core, value);
	case EL3FW_ITEM_SPMC_ID:
		*value = spmd->attrs.spmc_id;
		return true;
	case EL3FW_ITEM_FORWARD_COUNT:
		*value = c->forward;
		return true;
	case EL3FW_ITEM_GPT_PAS: {
		enum el3_gpi gpi;

		if (!el3_gpt_get(&sys->gpt, core, &gpi)) {
			return false;
		}
		*value = gpi;
		return true;
	}
	default:
		return false;
	}
}

/** EL3FW_TEST_RESET_COUNTERS. */
static void el3_test_reset_counters(struct el3_system *sys)
{
	struct el3_counters *c = &sys->counters;

	c->ffa_interrupt = 0;
	c->nwd_resume = 0;
	c->el3_intr_handle = 0;
	c->g0_from_nwd = 0;
	c->forward = 0;
	sys->spmd.secondary_ep_calls = 0;
}

/** Sets x0 (sign-extended status) and, for OK, x1 = `value`. */
static void el3_test_ret(uint64_t *x, int64_t status, uint64_t value)
{
	x[0] = (uint64_t)status;
	if (status == EL3FW_TEST_OK) {
		x[1] = value;
	}
}

/**
 * PLAT_PROTECT_MEM_64 / PLAT_UNPROTECT_MEM_64 (tfa-spmd-interface §4.3):
 * Secure caller only; x1 = last granule done on failure.
 */
static enum el3_next el3_protect_smc(struct el3_cpu *cpu, enum el3_world from,
				     bool protect)
{
	uint64_t *x = cpu->ctx[from].x;
	uint64_t last;
	int64_t ret;

	if (from != EL3_SWD) {
		el3_ret_unknown(&cpu->ctx[from]);
		return el3_back(from);
	}
	sl_lock(&el3_gpt_lock);
	ret = el3_gpt_protect(&cpu->sys->gpt, protect, x[1], x[2], &last);
	sl_unlock(&el3_gpt_lock);
	x[0] = (uint64_t)ret;
	if (ret != EL3_SIP_SMC_OK) {
		x[1] = last;
	}
	return EL3_NEXT_SPMC;
}

/**
 * Stand-in for RMI range delegate / undelegate (§4.5): normal world only,
 * Realm caller's policy.
 */
static enum el3_next el3_delegate_smc(struct el3_cpu *cpu, enum el3_world from,
				      bool delegate)
{
	uint64_t *x = cpu->ctx[from].x;
	uint64_t next;

	if (from != EL3_NWD) {
		el3_ret_unknown(&cpu->ctx[from]);
		return el3_back(from);
	}
	sl_lock(&el3_gpt_lock);
	x[0] = el3_gpt_delegate(&cpu->sys->gpt, delegate, x[1], x[2], &next);
	sl_unlock(&el3_gpt_lock);
	x[1] = next;
	return EL3_NEXT_NWD;
}

/** The SiP calls: protect / unprotect and the test-only calls. */
static enum el3_next el3_test_smc(struct el3_cpu *cpu, enum el3_world from,
				  uint32_t fid)
{
	uint64_t *x = cpu->ctx[from].x;
	uint64_t value = 0;

	switch (fid) {
	case EL3FW_PLAT_PROTECT_MEM_64:
		return el3_protect_smc(cpu, from, true);
	case EL3FW_PLAT_UNPROTECT_MEM_64:
		return el3_protect_smc(cpu, from, false);
	case EL3FW_TEST_GET:
		el3_test_ret(x,
			     el3_test_get(cpu->sys, x[1], x[2], &value)
				 ? EL3FW_TEST_OK
				 : EL3FW_TEST_E_INVALID,
			     value);
		break;
	case EL3FW_TEST_PEND_G1S_SGI:
		if (x[1] < EL3_G1S_SGI_FIRST || x[1] > EL3_G1S_SGI_LAST) {
			el3_test_ret(x, EL3FW_TEST_E_INVALID, 0);
		} else if (!spmd_spmc_ready(cpu)) {
			el3_test_ret(x, EL3FW_TEST_E_DENIED, 0);
		} else {
			el3_plat_sgi_pend(cpu->id, (uint32_t)x[1]);
			x[0] = EL3FW_TEST_OK;
		}
		break;
	case EL3FW_TEST_ARM_G0_SGI:
		if (x[1] > EL3_G0_SGI_LAST) {
			el3_test_ret(x, EL3FW_TEST_E_INVALID, 0);
		} else {
			el3_plat_sgi_make_g0(cpu->id, (uint32_t)x[1]);
			cpu->armed_g0_sgi = (uint32_t)x[1];
			x[0] = EL3FW_TEST_OK;
		}
		break;
	case EL3FW_TEST_RESET_COUNTERS:
		el3_test_reset_counters(cpu->sys);
		x[0] = EL3FW_TEST_OK;
		break;
	case EL3FW_TEST_EXIT:
		cpu->exit_code = x[1];
		return EL3_NEXT_EXIT;
	default:
		el3_ret_unknown(&cpu->ctx[from]);
		break;
	}
	return el3_back(from);
}

/** Arm architecture calls: SMCCC_VERSION and SMCCC_ARCH_FEATURES. */
static enum el3_next el3_arch_smc(struct el3_cpu *cpu, enum el3_world from,
				  uint32_t fid)
{
	uint64_t *x = cpu->ctx[from].x;

	switch (fid) {
	case SMCCC_VERSION_FID:
		x[0] = SMCCC_VERSION_1_2;
		break;
	case SMCCC_ARCH_FEATURES_FID:
		/* No workaround or optional architecture call is offered. */
		x[0] = (uint64_t)(int64_t)-1;
		break;
	default:
		el3_ret_unknown(&cpu->ctx[from]);
		break;
	}
	return el3_back(from);
}

/** Standard service: PSCI (NWd only, as TF-A) and FF-A. */
static enum el3_next el3_std_smc(struct el3_cpu *cpu, enum el3_world from,
				 uint32_t fid, bool sve_hint)
{
	uint32_t fnum = fid & 0xFFFFU;

	if (fnum <= PSCI_FID_LAST) {
		if (from == EL3_SWD) {
			el3_ret_unknown(&cpu->ctx[from]);
			return EL3_NEXT_SPMC;
		}
		return psci_smc(cpu, fid);
	}
	if (fnum >= FFA_FNUM_MIN && fnum <= FFA_FNUM_MAX) {
		return spmd_smc(cpu, from == EL3_SWD, fid, sve_hint);
	}
	if (fid == EL3FW_RMI_GRANULE_RANGE_DELEGATE ||
	    fid == EL3FW_RMI_GRANULE_RANGE_UNDELEGATE) {
		return el3_delegate_smc(
		    cpu, from, fid == EL3FW_RMI_GRANULE_RANGE_DELEGATE);
	}
	el3_ret_unknown(&cpu->ctx[from]);
	return el3_back(from);
}

/** See el3.h. */
enum el3_next el3_smc(struct el3_cpu *cpu, enum el3_world from)
{
	uint32_t raw = (uint32_t)cpu->ctx[from].x[0];
	uint32_t fid = raw & ~FFA_FID_SVE_HINT;
	bool sve_hint = (raw & FFA_FID_SVE_HINT) != 0;

	if ((fid & SMC_FAST_BIT) == 0 || (fid & SMC_FAST_RESERVED) != 0) {
		el3_ret_unknown(&cpu->ctx[from]);
		return el3_back(from);
	}
	switch ((fid >> SMC_OEN_SHIFT) & SMC_OEN_MASK) {
	case SMC_OEN_ARCH:
		return el3_arch_smc(cpu, from, fid);
	case SMC_OEN_SIP:
		return el3_test_smc(cpu, from, fid);
	case SMC_OEN_STD:
		return el3_std_smc(cpu, from, fid, sve_hint);
	default:
		el3_ret_unknown(&cpu->ctx[from]);
		return el3_back(from);
	}
}

/**
 * A Group-0 interrupt taken at EL3 from the normal world: acknowledged,
 * handled (only the test API's Group-0 SGIs exist) and ended.
 */
static enum el3_next el3_g0_from_nwd(struct el3_cpu *cpu)
{
	struct el3_counters *c = &cpu->sys->counters;
	uint32_t intid = el3_plat_gic_ack_g0();

	if (intid >= GIC_INTID_G1S_PENDING) {
		return EL3_NEXT_NWD;
	}
	if (intid >= EL3_SGI_COUNT) {
		return el3_panic_next(cpu, "Group0 interrupt not handled",
				      intid);
	}
	el3_plat_gic_eoi_g0(intid);
	c->last_g0_intid = intid;
	__atomic_fetch_add(&c->g0_from_nwd, 1, __ATOMIC_RELAXED);
	return EL3_NEXT_NWD;
}

/** See el3.h. */
enum el3_next el3_fiq(struct el3_cpu *cpu)
{
	uint32_t intid = el3_plat_gic_hppir0();

	if (intid == GIC_INTID_G1S_PENDING) {
		return spmd_secure_interrupt(cpu);
	}
	if (intid < GIC_INTID_G1S_PENDING) {
		return el3_g0_from_nwd(cpu);
	}
	/* G1NS or spurious: nothing for EL3 (SCR_EL3.IRQ is 0 for NS). */
	return EL3_NEXT_NWD;
}
