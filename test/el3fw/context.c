/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/context.h"

#include <stddef.h>

#include "spmc/std.h"

/* The layout vectors.S relies on. */
static_assert(offsetof(struct el3_world_ctx, x) == CTX_GP);
static_assert(offsetof(struct el3_world_ctx, sp_el0) == CTX_SP_EL0);
static_assert(offsetof(struct el3_world_ctx, elr_el3) == CTX_ELR_EL3);
static_assert(offsetof(struct el3_world_ctx, spsr_el3) == CTX_SPSR_EL3);
static_assert(offsetof(struct el3_world_ctx, scr_el3) == CTX_SCR_EL3);
static_assert(offsetof(struct el3_world_ctx, cptr_el3) == CTX_CPTR_EL3);
static_assert(offsetof(struct el3_world_ctx, runtime_sp) == CTX_RUNTIME_SP);
static_assert(offsetof(struct el3_world_ctx, cpu) == CTX_CPU);
static_assert(offsetof(struct el3_world_ctx, el2) == CTX_EL2);
static_assert(sizeof(struct el3_el2_regs) == CTX_EL2_COUNT * 8);
static_assert(sizeof(struct el3_world_ctx) == CTX_SIZE);
static_assert(CTX_SIZE % 16 == 0, "contexts are 16-byte aligned stacks");
/* vectors.S saves the EL2 registers in pairs, in field order. */
static_assert(offsetof(struct el3_el2_regs, sctlr) == 19 * 8);
static_assert(offsetof(struct el3_el2_regs, vttbr) == 29 * 8);

/** See context.h. */
void el3_world_regs_init(struct el3_world_regs *wr,
			 const struct el3_features *f)
{
	uint64_t common = SCR_RES1 | SCR_RW | SCR_SIF | SCR_HCE;

	if (f->pauth) {
		common |= SCR_API | SCR_APK;
	}
	wr->scr[EL3_SWD] = common | SCR_EEL2;
	wr->scr[EL3_NWD] = common | SCR_NS | SCR_FIQ;

	wr->cptr[EL3_SWD] = 0;
	wr->cptr[EL3_NWD] =
	    (f->sve ? CPTR_EL3_EZ : 0) | (f->sme ? CPTR_EL3_ESM : 0);
}

/** Zeroes every saved register of `ctx`, keeping its EL3 bookkeeping. */
static void el3_ctx_clear(struct el3_world_ctx *ctx)
{
	uint64_t runtime_sp = ctx->runtime_sp;
	struct el3_cpu *cpu = ctx->cpu;

	memset(ctx, 0, sizeof(*ctx));
	ctx->runtime_sp = runtime_sp;
	ctx->cpu = cpu;
}

/** See context.h. */
void el3_ctx_init_spmc(struct el3_world_ctx *ctx,
		       const struct el3_world_regs *wr, uint64_t entry,
		       uint64_t manifest_pa, uint64_t core_id)
{
	el3_ctx_clear(ctx);
	ctx->x[0] = manifest_pa;
	ctx->x[4] = core_id;
	ctx->elr_el3 = entry;
	ctx->spsr_el3 = SPSR_EL2H_DAIF_MASKED;
	ctx->scr_el3 = wr->scr[EL3_SWD];
	ctx->cptr_el3 = wr->cptr[EL3_SWD];
	ctx->el2.sctlr = SCTLR_EL2_RES1;
	ctx->el2.icc_sre = ICC_SRE_EL2_VALUE;
}

/** See context.h. */
void el3_ctx_init_nwd(struct el3_world_ctx *ctx,
		      const struct el3_world_regs *wr,
		      const struct el3_id_regs *id, uint64_t entry,
		      uint64_t arg0)
{
	el3_ctx_clear(ctx);
	ctx->x[0] = arg0;
	ctx->elr_el3 = entry;
	ctx->spsr_el3 = SPSR_EL2H_DAIF_MASKED;
	ctx->scr_el3 = wr->scr[EL3_NWD];
	ctx->cptr_el3 = wr->cptr[EL3_NWD];
	ctx->el2.sctlr = SCTLR_EL2_RES1;
	ctx->el2.icc_sre = ICC_SRE_EL2_VALUE;
	ctx->el2.cptr = CPTR_EL2_RES1;
	ctx->el2.cnthctl = CNTHCTL_EL2_EL1_ACCESS;
	ctx->el2.vpidr = id->midr;
	ctx->el2.vmpidr = id->mpidr;
	ctx->el2.mdcr = id->mdcr_el2;
}
