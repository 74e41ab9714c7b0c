/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "sp_mmu.h"

#include <stdbool.h>

#include "ms_protocol.h"

/*
 * VMSAv8-64, 4 KiB granule, 39-bit VA (T0SZ 25): the walk starts at level
 * 1, whose 512 entries map 1 GiB blocks (Arm ARM D8.2). Entries 0..3 are
 * the secure identity map, entries 256..259 (MS_NS_ALIAS = 256 GiB) the
 * non-secure one.
 */
#define MMU_BLOCK 0x1ULL
#define MMU_ATTR_NORMAL (0ULL << 2) /* MAIR index 0 */
#define MMU_NS (1ULL << 5)
#define MMU_SH_INNER (3ULL << 8)
#define MMU_AF (1ULL << 10)
#define MMU_GIB (1ULL << 30)
#define MMU_NS_INDEX (MS_NS_ALIAS / MMU_GIB)
#define MMU_MAPPED_GIB 4U

#define MAIR_NORMAL_WB 0xFFULL /* index 0 */

#define TCR_T0SZ_39 25ULL
#define TCR_IRGN0_WB (1ULL << 8)
#define TCR_ORGN0_WB (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_TG0_4K (0ULL << 14)
#define TCR_EPD1 (1ULL << 23)
#define TCR_IPS_40 (2ULL << 32)

#define SCTLR_M (1ULL << 0)
#define SCTLR_C (1ULL << 2)
#define SCTLR_I (1ULL << 12)

static uint64_t sp_mmu_l1[512] __attribute__((aligned(4096)));
static bool sp_mmu_on;

void sp_mmu_enable(void)
{
	uint64_t tcr = TCR_T0SZ_39 | TCR_IRGN0_WB | TCR_ORGN0_WB |
		       TCR_SH0_INNER | TCR_TG0_4K | TCR_EPD1 | TCR_IPS_40;
	uint64_t attrs = MMU_BLOCK | MMU_ATTR_NORMAL | MMU_SH_INNER | MMU_AF;
	uint64_t sctlr;

	if (sp_mmu_on) {
		return;
	}
	for (uint64_t i = 0; i < MMU_MAPPED_GIB; i++) {
		sp_mmu_l1[i] = i * MMU_GIB | attrs;
		sp_mmu_l1[MMU_NS_INDEX + i] = i * MMU_GIB | attrs | MMU_NS;
	}
	__asm__ volatile("dsb ish\n"
			 "msr mair_el1, %0\n"
			 "msr tcr_el1, %1\n"
			 "msr ttbr0_el1, %2\n"
			 "isb\n"
			 "tlbi vmalle1\n"
			 "dsb nsh\n"
			 "isb\n"
			 :
			 : "r"(MAIR_NORMAL_WB), "r"(tcr),
			   "r"((uint64_t)(uintptr_t)sp_mmu_l1)
			 : "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	__asm__ volatile("msr sctlr_el1, %0\n"
			 "isb\n"
			 :
			 : "r"(sctlr)
			 : "memory");
	sp_mmu_on = true;
}

uint64_t sp_mmu_va(uint64_t pa, bool ns)
{
	return ns ? pa + MS_NS_ALIAS : pa;
}
