/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * AArch64 register state of one execution context. `gp`, `pc` and `spsr`
 * are read and written by the world-switch assembly (switch.S) at fixed
 * offsets; the static asserts below pin them.
 */
struct arch_gp_regs {
	union {
		uint64_t x[31];
		/* x0..x17: the FF-A call or return of this context. */
		struct ffa_value ffa;
	};
	uint64_t pc;
	uint64_t spsr;
};

#define ARCH_GP_REGS_PC_OFFSET ((size_t)31 * 8)
#define ARCH_GP_REGS_SPSR_OFFSET ((size_t)32 * 8)

static_assert(__builtin_offsetof(struct arch_gp_regs, pc) ==
		  ARCH_GP_REGS_PC_OFFSET,
	      "switch.S: pc offset");
static_assert(__builtin_offsetof(struct arch_gp_regs, spsr) ==
		  ARCH_GP_REGS_SPSR_OFFSET,
	      "switch.S: spsr offset");

/**
 * EL1 (and EL0) system registers that an S-EL1 partition and the normal
 * world both use and that EL3 does not switch (tfa-spmd-interface §1.9).
 */
struct arch_el1_regs {
	uint64_t sctlr;
	uint64_t actlr;
	uint64_t cpacr;
	uint64_t ttbr0;
	uint64_t ttbr1;
	uint64_t tcr;
	uint64_t mair;
	uint64_t amair;
	uint64_t vbar;
	uint64_t contextidr;
	uint64_t tpidr_el1;
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
	uint64_t sp_el0;
	uint64_t sp_el1;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t afsr0;
	uint64_t afsr1;
	uint64_t par;
	uint64_t csselr;
	uint64_t cntkctl;
	uint64_t cntv_ctl;
	uint64_t cntv_cval;
	uint64_t mdscr;
};

/** FP/SIMD state: Q0..Q31, FPSR, FPCR (fp.S, fixed offsets). */
struct arch_fp_regs {
	__uint128_t q[32];
	uint64_t fpsr;
	uint64_t fpcr;
} __attribute__((aligned(16)));

struct arch_vcpu {
	struct arch_gp_regs gp;
	struct arch_el1_regs el1;
	struct arch_fp_regs fp;
	/* VMPIDR_EL2 seen by the partition. */
	uint64_t vmpidr;
};

/** Normal-world state the SPMC keeps per physical CPU. */
struct arch_cpu {
	/* EL1 system registers of the normal world while a partition runs. */
	struct arch_el1_regs nwd_el1;
	struct arch_fp_regs nwd_fp;
	/* Whose EL1 state is live in the registers: NULL = normal world. */
	const void *el1_owner;
	/* Whose FP state is live in the registers: NULL = normal world. */
	const void *fp_owner;
	/* Whether CPTR_EL2.TFP is set (FP/SIMD accesses trap). */
	bool fp_trapped;
	/* The stage-2 tables currently loaded (VTTBR/VSTTBR), to skip reloads. */
	uint64_t vttbr;
	uint64_t vsttbr;
	uint64_t vmpidr;
};
