/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/*
 * The world_switch suite: EL1 system registers and FP/SIMD state of the
 * normal world (NS-EL2, so it can write the EL1 registers it does not use)
 * and of partitions, across direct messages to partitions that change
 * their own copies.
 */

#define WS_A 0x8001U
#define WS_B 0x8002U

/* Payload index of the services' answer (first payload register). */
#define WS_RESULT 0

/*
 * EL1 registers both worlds write. A partition's vmlib needs TPIDR_EL1
 * (its vCPU index), VBAR_EL1 and CPACR_EL1 (FP on) and cannot write
 * SP_EL1, so those are in WS_NWD_ONLY_REGS: the partition's values differ
 * from the normal world's anyway. MDSCR_EL1 is left alone (debug).
 */
#define WS_SHARED_REGS(X) \
	X(ttbr0_el1)      \
	X(ttbr1_el1)      \
	X(tcr_el1)        \
	X(mair_el1)       \
	X(amair_el1)      \
	X(contextidr_el1) \
	X(tpidr_el0)      \
	X(tpidrro_el0)    \
	X(sp_el0)         \
	X(elr_el1)        \
	X(spsr_el1)       \
	X(esr_el1)        \
	X(far_el1)        \
	X(afsr0_el1)      \
	X(afsr1_el1)      \
	X(par_el1)        \
	X(csselr_el1)     \
	X(cntkctl_el1)    \
	X(cntv_cval_el0)

#define WS_NWD_ONLY_REGS(X) \
	X(sctlr_el1)        \
	X(cpacr_el1)        \
	X(vbar_el1)         \
	X(tpidr_el1)        \
	X(sp_el1)

#define WS_COUNT_ONE(reg) +1
#define WS_SHARED_COUNT (0 WS_SHARED_REGS(WS_COUNT_ONE))
#define WS_NWD_COUNT (WS_SHARED_COUNT WS_NWD_ONLY_REGS(WS_COUNT_ONE))

/* The value register `i` gets for `seed`: distinct per seed and index. */
static inline uint64_t ws_pattern(uint64_t seed, unsigned i)
{
	uint64_t s = seed & 0xFFU;

	return (s << 56) | ((uint64_t)(i + 1) << 44) | (s << 28) |
	       ((uint64_t)(i + 1) << 16) | (s << 4);
}

#define WS_READ(reg, out) \
	__asm__ volatile("mrs %0, " #reg : "=r"(out) : : "memory")
#define WS_WRITE(reg, v) \
	__asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory")
