/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Running partition vCPUs and the normal world on one CPU: lazy switch of
 * the EL1 system registers and the FP/SIMD registers, stage-2 and VMPIDR
 * loads only when they change, and decoding of a vCPU's exits.
 */

#include "spmc/arch/vcpu.h"

#include "spmc/arch/init.h"
#include "spmc/arch/mmu.h"
#include "spmc/arch/smc.h"
#include "spmc/arch/sysreg.h"

#include "spmc/cpu.h"
#include "spmc/partition.h"

/* Exit kinds of arch_vcpu_run (switch.S). */
#define ARCH_RUN_SYNC 0
#define ARCH_RUN_IRQ 1
#define ARCH_RUN_FIQ 2

/* ESR_EL2 exception classes. */
#define EC_SHIFT 26
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_HVC64 0x16
#define EC_SMC64 0x17

/* CPTR_EL2 (E2H = 0): RES1 bits, TZ (SVE) and TSM (SME) trapped, TFP. */
#define CPTR_EL2_BASE 0x33FFULL
#define CPTR_EL2_TFP (1ULL << 10)

/* SCTLR_EL1 RES1 bits: the MMU, caches and alignment checks off. */
#define SCTLR_EL1_RES1 0x30D00800ULL
/* EL1h with D, A, I and F masked. */
#define SPSR_EL1H_MASKED 0x3C5ULL
/* VMPIDR_EL2: bit 31 RES1; Aff0 = vCPU index. */
#define VMPIDR_RES1 (1ULL << 31)

uint64_t arch_vcpu_run(struct arch_gp_regs *regs);
void arch_fp_save(struct arch_fp_regs *fp);
void arch_fp_restore(const struct arch_fp_regs *fp);

static void el1_save(struct arch_el1_regs *r)
{
	r->sctlr = read_msr(sctlr_el1);
	r->actlr = read_msr(actlr_el1);
	r->cpacr = read_msr(cpacr_el1);
	r->ttbr0 = read_msr(ttbr0_el1);
	r->ttbr1 = read_msr(ttbr1_el1);
	r->tcr = read_msr(tcr_el1);
	r->mair = read_msr(mair_el1);
	r->amair = read_msr(amair_el1);
	r->vbar = read_msr(vbar_el1);
	r->contextidr = read_msr(contextidr_el1);
	r->tpidr_el1 = read_msr(tpidr_el1);
	r->tpidr_el0 = read_msr(tpidr_el0);
	r->tpidrro_el0 = read_msr(tpidrro_el0);
	r->sp_el0 = read_msr(sp_el0);
	r->sp_el1 = read_msr(sp_el1);
	r->elr = read_msr(elr_el1);
	r->spsr = read_msr(spsr_el1);
	r->esr = read_msr(esr_el1);
	r->far = read_msr(far_el1);
	r->afsr0 = read_msr(afsr0_el1);
	r->afsr1 = read_msr(afsr1_el1);
	r->par = read_msr(par_el1);
	r->csselr = read_msr(csselr_el1);
	r->cntkctl = read_msr(cntkctl_el1);
	r->cntv_ctl = read_msr(cntv_ctl_el0);
	r->cntv_cval = read_msr(cntv_cval_el0);
	r->mdscr = read_msr(mdscr_el1);
}

static void el1_restore(const struct arch_el1_regs *r)
{
	write_msr(sctlr_el1, r->sctlr);
	write_msr(actlr_el1, r->actlr);
	write_msr(cpacr_el1, r->cpacr);
	write_msr(ttbr0_el1, r->ttbr0);
	write_msr(ttbr1_el1, r->ttbr1);
	write_msr(tcr_el1, r->tcr);
	write_msr(mair_el1, r->mair);
	write_msr(amair_el1, r->amair);
	write_msr(vbar_el1, r->vbar);
	write_msr(contextidr_el1, r->contextidr);
	write_msr(tpidr_el1, r->tpidr_el1);
	write_msr(tpidr_el0, r->tpidr_el0);
	write_msr(tpidrro_el0, r->tpidrro_el0);
	write_msr(sp_el0, r->sp_el0);
	write_msr(sp_el1, r->sp_el1);
	write_msr(elr_el1, r->elr);
	write_msr(spsr_el1, r->spsr);
	write_msr(esr_el1, r->esr);
	write_msr(far_el1, r->far);
	write_msr(afsr0_el1, r->afsr0);
	write_msr(afsr1_el1, r->afsr1);
	write_msr(par_el1, r->par);
	write_msr(csselr_el1, r->csselr);
	write_msr(cntkctl_el1, r->cntkctl);
	write_msr(cntv_cval_el0, r->cntv_cval);
	write_msr(cntv_ctl_el0, r->cntv_ctl);
	write_msr(mdscr_el1, r->mdscr);
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry)
{
	struct arch_vcpu *a = &v->arch;

	*a = (struct arch_vcpu){ 0 };
	a->gp.pc = entry;
	a->gp.spsr = SPSR_EL1H_MASKED;
	a->el1.sctlr = SCTLR_EL1_RES1;
	a->vmpidr = VMPIDR_RES1 | v->index;
	/* Its EL1 state is the one just written, not what the CPU holds. */
	if (v->cpu != NULL && v->cpu->arch.el1_owner == v) {
		v->cpu->arch.el1_owner = NULL;
	}
}

static void set_fp_trap(struct arch_cpu *ac, bool trap)
{
	if (ac->fp_trapped != trap) {
		write_msr(cptr_el2, CPTR_EL2_BASE | (trap ? CPTR_EL2_TFP : 0));
		isb();
		ac->fp_trapped = trap;
	}
}

static struct arch_fp_regs *fp_area(struct arch_cpu *ac, const void *owner)
{
	return owner == NULL ? &ac->nwd_fp : &((struct vcpu *)owner)->arch.fp;
}

static struct arch_el1_regs *el1_area(struct arch_cpu *ac, const void *owner)
{
	return owner == NULL ? &ac->nwd_el1 : &((struct vcpu *)owner)->arch.el1;
}

/** First FP/SIMD access of `v` on this CPU: give it its registers. */
static void fp_switch(struct arch_cpu *ac, struct vcpu *v)
{
	set_fp_trap(ac, false);
	arch_fp_save(fp_area(ac, ac->fp_owner));
	arch_fp_restore(&v->arch.fp);
	ac->fp_owner = v;
}

/** Loads `v`'s EL1, stage-2 and identity registers where they differ. */
static void load_context(struct arch_cpu *ac, struct vcpu *v)
{
	const struct partition *p = v->partition;

	if (ac->el1_owner != v) {
		el1_save(el1_area(ac, ac->el1_owner));
		el1_restore(&v->arch.el1);
		ac->el1_owner = v;
	}
	if (ac->vsttbr != p->vsttbr || ac->vttbr != p->vttbr) {
		write_msr(vsttbr_el2, p->vsttbr);
		write_msr(vttbr_el2, p->vttbr);
		ac->vsttbr = p->vsttbr;
		ac->vttbr = p->vttbr;
	}
	if (ac->vmpidr != v->arch.vmpidr) {
		write_msr(vmpidr_el2, v->arch.vmpidr);
		ac->vmpidr = v->arch.vmpidr;
	}
	set_fp_trap(ac, ac->fp_owner != v);
}

/* INTIDs 1020..1023 are special: nothing valid is pending. */
#define INTID_SPECIAL_FIRST 1020U

/**
 * A Group 0 interrupt is EL3's: if one is pending, hands it over with
 * FFA_EL3_INTR_HANDLE (tfa-spmd-interface §1.8) and returns true.
 */
static bool el3_group0_interrupt(void)
{
	struct ffa_value v = { 0 };

	if ((read_msr(S3_0_C12_C8_2) & 0xFFFFFFU) >= INTID_SPECIAL_FIRST) {
		return false;
	}
	v.x[0] = FFA_EL3_INTR_HANDLE_32;
	arch_smc(&v);
	return true;
}

struct arch_exit arch_vcpu_enter(struct cpu *c, struct vcpu *v)
{
	struct arch_cpu *ac = &c->arch;
	struct arch_exit e = { 0 };

	load_context(ac, v);
	c->current = v;
	for (;;) {
		uint64_t kind = arch_vcpu_run(&v->arch.gp);
		uint64_t esr;

		if (kind == ARCH_RUN_FIQ) {
			/* In the secure state FIQ is Group 0 or non-secure. */
			if (el3_group0_interrupt()) {
				continue;
			}
			e.reason = ARCH_EXIT_NS_INTERRUPT;
			return e;
		}
		if (kind != ARCH_RUN_SYNC) {
			e.reason = kind == ARCH_RUN_IRQ ? ARCH_EXIT_INTERRUPT
							: ARCH_EXIT_FAULT;
			break;
		}
		esr = read_msr(esr_el2);
		switch (esr >> EC_SHIFT) {
		case EC_SMC64:
			/* A trapped SMC returns to the SMC itself: skip it. */
			v->arch.gp.pc += 4;
			e.reason = ARCH_EXIT_CALL;
			return e;
		case EC_HVC64:
			e.reason = ARCH_EXIT_CALL;
			return e;
		case EC_FP:
			fp_switch(ac, v);
			continue;
		case EC_WFX:
			/* No timers or virtual interrupts yet: a no-op. */
			v->arch.gp.pc += 4;
			continue;
		default:
			e.reason = ARCH_EXIT_FAULT;
			break;
		}
		e.esr = esr;
		break;
	}
	if (e.reason == ARCH_EXIT_FAULT) {
		e.far = read_msr(far_el2);
		e.pc = v->arch.gp.pc;
	}
	return e;
}

void arch_nwd_enter(struct cpu *c)
{
	struct arch_cpu *ac = &c->arch;

	if (ac->el1_owner != NULL) {
		el1_save(el1_area(ac, ac->el1_owner));
		el1_restore(&ac->nwd_el1);
		ac->el1_owner = NULL;
	}
	if (ac->fp_owner != NULL) {
		set_fp_trap(ac, false);
		arch_fp_save(fp_area(ac, ac->fp_owner));
		arch_fp_restore(&ac->nwd_fp);
		ac->fp_owner = NULL;
	}
	c->current = NULL;
	arch_smc(&c->nwd);
}

uint64_t arch_stage2_ttbr(uint64_t root_pa, uint16_t vmid)
{
	return root_pa | ((uint64_t)vmid << 48);
}

static void arch_cpu_init_el2(struct cpu *c, uint64_t hcr, uint64_t vtcr,
			      uint64_t vstcr)
{
	struct arch_cpu *ac = &c->arch;

	write_msr(hcr_el2, hcr);
	write_msr(vtcr_el2, vtcr);
	write_msr(vstcr_el2, vstcr);
	write_msr(cptr_el2, CPTR_EL2_BASE | CPTR_EL2_TFP);
	isb();
	ac->fp_trapped = true;
	ac->el1_owner = NULL;
	ac->fp_owner = NULL;
	ac->vsttbr = ~0ULL;
	ac->vttbr = ~0ULL;
	ac->vmpidr = ~0ULL;
}

/* HCR_EL2 while partitions run: stage 2 on, AArch64 EL1, SMC trapped,
 * physical interrupts and SErrors to EL2, barriers and TLB maintenance
 * broadcast inner shareable. */
#define HCR_VM (1ULL << 0)
#define HCR_SWIO (1ULL << 1)
#define HCR_FMO (1ULL << 3)
#define HCR_IMO (1ULL << 4)
#define HCR_AMO (1ULL << 5)
#define HCR_FB (1ULL << 9)
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TSC (1ULL << 19)
#define HCR_RW (1ULL << 31)
#define HCR_PARTITION                                               \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
	 HCR_BSU_IS | HCR_TSC | HCR_RW)

void arch_cpu_init(struct cpu *c)
{
	arch_cpu_init_el2(c, HCR_PARTITION, arch_mm_vtcr(), arch_mm_vstcr());
	arch_gic_cpu_init();
}

uint64_t arch_cpu_mpidr[PLAT_MAX_CPUS];

void arch_cpus_publish(const uint64_t *mpidr, uint32_t count)
{
	for (uint32_t i = 0; i < PLAT_MAX_CPUS; i++) {
		arch_cpu_mpidr[i] = i < count ? mpidr[i] : ~0ULL;
		__asm__ volatile("dc civac, %0"
				 :
				 : "r"(&arch_cpu_mpidr[i])
				 : "memory");
	}
	__asm__ volatile("dsb sy" : : : "memory");
}

void arch_secondary_entry(void);

uint64_t arch_secondary_entry_address(void)
{
	return (uint64_t)(uintptr_t)&arch_secondary_entry;
}

uint64_t arch_mpidr(void)
{
	return read_msr(mpidr_el1);
}
