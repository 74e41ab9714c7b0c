/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The state EL3 keeps for one world on one core, exactly what TF-A's
 * context management saves with SPMD_SPM_AT_SEL2=1 (tfa-spmd-interface
 * §1.9): x0-x30, SP_EL0, ELR_EL3, SPSR_EL3 and the EL2 register list below.
 * EL1 registers, FP/SIMD/SVE/SME state and the GIC list registers are not
 * saved: the SPMC must handle them, as under TF-A.
 *
 * vectors.S saves and restores this structure; the offsets below are its
 * contract with the C code, checked by static_assert in context.c.
 */

#define CTX_GP 0
#define CTX_SP_EL0 248
#define CTX_ELR_EL3 256
#define CTX_SPSR_EL3 264
#define CTX_SCR_EL3 272
#define CTX_CPTR_EL3 280
#define CTX_RUNTIME_SP 288
#define CTX_CPU 296
#define CTX_EL2 304
#define CTX_EL2_COUNT 30
#define CTX_SIZE (CTX_EL2 + CTX_EL2_COUNT * 8)

/* Architectural values (Arm ARM, DDI 0487). */
#define SCTLR_EL2_RES1 0x30C50830
#define SPSR_EL2H_DAIF_MASKED 0x3C9
#define ICC_SRE_SRE (1 << 0)
#define ICC_SRE_DFB (1 << 1)
#define ICC_SRE_DIB (1 << 2)
#define ICC_SRE_EN (1 << 3)
#define ICC_SRE_EL2_VALUE (ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_EN)

#define SCR_NS (1 << 0)
#define SCR_IRQ (1 << 1)
#define SCR_FIQ (1 << 2)
#define SCR_RES1 ((1 << 4) | (1 << 5))
#define SCR_HCE (1 << 8)
#define SCR_SIF (1 << 9)
#define SCR_RW (1 << 10)
#define SCR_APK (1 << 16)
#define SCR_API (1 << 17)
#define SCR_EEL2 (1 << 18)

#define CPTR_EL3_EZ (1 << 8)
#define CPTR_EL3_TFP (1 << 10)
#define CPTR_EL3_ESM (1 << 12)

/* CPTR_EL2 RES1 bits with HCR_EL2.E2H = 0; TFP/TZ/TSM clear. */
#define CPTR_EL2_RES1 0x33FF
/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN: EL1 may use the physical counter/timer. */
#define CNTHCTL_EL2_EL1_ACCESS 0x3

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

/** The two worlds EL3 switches between. */
enum el3_world {
	EL3_NWD = 0,
	EL3_SWD = 1,
};

/**
 * EL2 system registers saved per world (TF-A `el2_sysregs_t`, the
 * "common" list). Field order is the save/restore order of vectors.S.
 */
struct el3_el2_regs {
	uint64_t actlr;
	uint64_t afsr0;
	uint64_t afsr1;
	uint64_t amair;
	uint64_t cnthctl;
	uint64_t cntvoff;
	uint64_t cptr;
	uint64_t elr;
	uint64_t esr;
	uint64_t far;
	uint64_t hacr;
	uint64_t hcr;
	uint64_t hpfar;
	uint64_t hstr;
	uint64_t icc_sre;
	uint64_t ich_hcr;
	uint64_t ich_vmcr;
	uint64_t mair;
	uint64_t mdcr;
	uint64_t sctlr;
	uint64_t spsr;
	uint64_t sp;
	uint64_t tcr;
	uint64_t tpidr;
	uint64_t ttbr0;
	uint64_t vbar;
	uint64_t vmpidr;
	uint64_t vpidr;
	uint64_t vtcr;
	uint64_t vttbr;
};

struct el3_cpu;

/** Everything EL3 holds for one world on one core. */
struct el3_world_ctx {
	/** x0..x30 of the world, as it will see them at the next ERET. */
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr_el3;
	uint64_t spsr_el3;
	/** SCR_EL3 and CPTR_EL3 while this world runs. */
	uint64_t scr_el3;
	uint64_t cptr_el3;
	/** Top of this core's EL3 stack: C runs there on every EL3 entry. */
	uint64_t runtime_sp;
	/** The core this context belongs to. */
	struct el3_cpu *cpu;
	struct el3_el2_regs el2;
};

/** What a core's identity registers give the normal world's EL2 context. */
struct el3_id_regs {
	uint64_t midr;
	uint64_t mpidr;
	/** MDCR_EL2 as reset (HPMN = number of PMU counters). */
	uint64_t mdcr_el2;
};

/** SCR_EL3 / CPTR_EL3 per world, chosen once from the CPU's features. */
struct el3_world_regs {
	uint64_t scr[2];
	uint64_t cptr[2];
};

/** The CPU features the world register values depend on. */
struct el3_features {
	bool sel2;
	bool pauth;
	bool sve;
	bool sme;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Chooses SCR_EL3 and CPTR_EL3 for both worlds like TF-A with SPD=spmd at
 * S-EL2 (context_mgmt.c defaults):
 *  - both: RW (AArch64 below), SIF, HCE, API/APK when PAuth exists;
 *  - secure: EEL2, NS = 0, IRQ = FIQ = 0 (every interrupt to S-EL2);
 *  - normal: NS, FIQ (G0 and G1S from the NWd go to EL3), IRQ = 0;
 *  - CPTR_EL3: FP never trapped; SVE (EZ) and SME (ESM) enabled for the
 *    normal world when present, trapped for the secure world.
 */
void el3_world_regs_init(struct el3_world_regs *wr,
			 const struct el3_features *f);

/**
 * Fresh SPMC context, as `spmd_setup_context` builds it: everything zero,
 * then ELR = `entry`, SPSR = EL2h with DAIF masked, x0 = `manifest_pa`,
 * x4 = `core_id`, SCTLR_EL2 = RES1, ICC_SRE_EL2 = SRE|DFB|DIB|Enable,
 * HCR_EL2 = 0. `runtime_sp` and `cpu` are kept.
 */
void el3_ctx_init_spmc(struct el3_world_ctx *ctx,
		       const struct el3_world_regs *wr, uint64_t entry,
		       uint64_t manifest_pa, uint64_t core_id);

/**
 * Fresh normal-world context entered at NS-EL2: ELR = `entry`, x0 = `arg0`,
 * x1..x30 = 0, SPSR = EL2h with DAIF masked, SCTLR_EL2 = RES1, HCR_EL2 = 0,
 * ICC_SRE_EL2 = SRE|DFB|DIB|Enable, CPTR_EL2 = RES1, CNTHCTL_EL2 lets EL1
 * use the physical timer, VPIDR/VMPIDR = MIDR/MPIDR, MDCR_EL2 as reset.
 * `runtime_sp` and `cpu` are kept.
 */
void el3_ctx_init_nwd(struct el3_world_ctx *ctx,
		      const struct el3_world_regs *wr,
		      const struct el3_id_regs *id, uint64_t entry,
		      uint64_t arg0);

#ifdef __cplusplus
}
#endif

#endif /* __ASSEMBLER__ */
