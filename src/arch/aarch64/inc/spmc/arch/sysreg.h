/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * System register access by name: `read_msr(reg)` and `write_msr(reg, v)`
 * for the registers listed in SYSREGS (one accessor pair each, so reads
 * are plain function calls, not statement expressions).
 */
#define SYSREGS(X)                                                         \
	X(sctlr_el1)                                                       \
	X(actlr_el1)                                                       \
	X(cpacr_el1)                                                       \
	X(ttbr0_el1)                                                       \
	X(ttbr1_el1)                                                       \
	X(tcr_el1)                                                         \
	X(mair_el1)                                                        \
	X(amair_el1)                                                       \
	X(vbar_el1)                                                        \
	X(contextidr_el1)                                                  \
	X(tpidr_el1)                                                       \
	X(tpidr_el0)                                                       \
	X(tpidrro_el0)                                                     \
	X(sp_el0)                                                          \
	X(sp_el1)                                                          \
	X(elr_el1)                                                         \
	X(spsr_el1)                                                        \
	X(esr_el1)                                                         \
	X(far_el1)                                                         \
	X(afsr0_el1)                                                       \
	X(afsr1_el1)                                                       \
	X(par_el1)                                                         \
	X(csselr_el1)                                                      \
	X(cntkctl_el1)                                                     \
	X(cntv_ctl_el0)                                                    \
	X(cntv_cval_el0)                                                   \
	X(mdscr_el1)                                                       \
	X(esr_el2)                                                         \
	X(far_el2)                                                         \
	X(hcr_el2)                                                         \
	X(cptr_el2)                                                        \
	X(vtcr_el2)                                                        \
	X(vstcr_el2)                                                       \
	X(vttbr_el2)                                                       \
	X(vsttbr_el2)                                                      \
	X(vmpidr_el2)                                                      \
	X(mpidr_el1)                                                       \
	/* ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_IGRPEN1_EL1, ICC_HPPIR0_EL1 */ \
	X(S3_0_C12_C12_0)                                                  \
	X(S3_0_C12_C12_1)                                                  \
	X(S3_0_C12_C12_7)                                                  \
	X(S3_0_C12_C8_2)

#define SYSREG_ACCESSORS(reg)                                               \
	static inline uint64_t read_sysreg_##reg(void)                      \
	{                                                                   \
		uint64_t v;                                                 \
		__asm__ volatile("mrs %0, " #reg : "=r"(v));                \
		return v;                                                   \
	}                                                                   \
	static inline void write_sysreg_##reg(uint64_t v)                   \
	{                                                                   \
		__asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory"); \
	}

SYSREGS(SYSREG_ACCESSORS)

#undef SYSREG_ACCESSORS

#define read_msr(reg) read_sysreg_##reg()
#define write_msr(reg, v) write_sysreg_##reg((uint64_t)(v))

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}
