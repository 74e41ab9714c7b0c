/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/mm.h"

#include "spmc/arch/mmu.h"

/*
 * AArch64 VMSAv8-64 descriptors, 4 KiB granule (Arm ARM D8.3), TLB
 * maintenance, and turning the MMU on at S-EL2.
 *
 * Levels here count from the leaf (level 0 = Arm level 3). Descriptor
 * bits 1:0: 0b11 table (levels above 0) or page (level 0), 0b01 block, bit 0
 * clear invalid. The hardware ignores every other bit of an invalid
 * descriptor, so the walker's transient entries live there: a kept leaf
 * (MM_MODE_INVALID) is its valid image with bit 0 clear (never zero: AF is
 * always set); PENDING_MAKE also sets bit 63 and PENDING_FREE bit 62, which
 * no valid descriptor we write uses.
 */

#define PTE_VALID (1ULL << 0)
#define PTE_TABLE (1ULL << 1) /* Table above level 0, page at level 0. */
#define PTE_ADDR_MASK 0x0000FFFFFFFFF000ULL
#define PTE_PENDING_MAKE (1ULL << 63)
#define PTE_PENDING_FREE (1ULL << 62)

/* Leaf attributes common to both stages. */
#define PTE_SH_INNER (3ULL << 8)
#define PTE_AF (1ULL << 10)
/* Software-defined bits [58:55]: ownership states. */
#define PTE_SW_OWNED (1ULL << 55)
#define PTE_SW_EXCLUSIVE (1ULL << 56)
#define PTE_SW_SHARED (1ULL << 57)

/* Stage 1 (Arm ARM D8.3.2, Table D8-51 lower/upper attributes). */
#define S1_ATTRINDX_SHIFT 2
#define S1_ATTRINDX_MASK (7ULL << S1_ATTRINDX_SHIFT)
#define S1_NS (1ULL << 5)
/* AP[1]: EL0 access in EL2&0; RES1 in the EL2 regime (one VA range). */
#define S1_AP1 (1ULL << 6)
/* AP[2]: read-only. */
#define S1_AP2_RO (1ULL << 7)
#define S1_NG (1ULL << 11)
/* PXN (EL2&0 only; RES0 for EL2) and XN / UXN. */
#define S1_PXN (1ULL << 53)
#define S1_XN (1ULL << 54)

/* MAIR_EL2 indices and attributes. */
#define MAIR_IDX_NORMAL 0U
#define MAIR_IDX_DEVICE 1U
#define MAIR_NORMAL_WB 0xFFULL /* Inner/outer WB, RW-allocate, non-transient. */
#define MAIR_DEVICE_NGNRE 0x04ULL

/* Stage 2 (HCR_EL2.FWB = 0): MemAttr[5:2], S2AP[7:6], XN[54:53]. */
#define S2_MEMATTR_MASK (0xFULL << 2)
#define S2_MEMATTR_NORMAL_WB (0xFULL << 2) /* Outer WB, inner WB. */
#define S2_MEMATTR_DEVICE_NGNRE (0x1ULL << 2)
#define S2AP_R (1ULL << 6)
#define S2AP_W (1ULL << 7)
#define S2_XN (1ULL << 54) /* XN[1:0] = 0b10: no execution at EL1 or EL0. */

/* Bits a change of which needs no break-before-make: permissions, SW. */
#define PTE_PERM_MASK                                                     \
	((3ULL << 6) | S1_PXN | S1_XN | PTE_SW_OWNED | PTE_SW_EXCLUSIVE | \
	 PTE_SW_SHARED)

/* Input address sizes. */
#define S1_VA_BITS 48U
#define S2_IPA_BITS 40U

/* Image layout, from build/image/image.ld. */
extern char data_begin[], image_end[];

static bool aarch64_is_s2(enum mm_stage stage)
{
	return stage == MM_S2_SECURE || stage == MM_S2_NS;
}

uint8_t arch_mm_root_level(enum mm_stage stage)
{
	/* 48-bit VA: Arm level 0. 40-bit IPA: Arm level 1, concatenated. */
	return aarch64_is_s2(stage) ? 2 : 3;
}

uint8_t arch_mm_root_table_count(enum mm_stage stage)
{
	/* Arm level 1 resolves IPA bits [38:30]; bit 39 picks the page. */
	return aarch64_is_s2(stage) ? 2 : 1;
}

uint8_t arch_mm_ia_bits(enum mm_stage stage)
{
	return aarch64_is_s2(stage) ? S2_IPA_BITS : S1_VA_BITS;
}

/* ID_AA64MMFR0_EL1.PARange, capped at 48 bits (no FEAT_LPA tables). */
static uint64_t aarch64_parange(void)
{
	uint64_t mmfr0;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	mmfr0 &= 0xF;
	return mmfr0 > 5 ? 5 : mmfr0;
}

uint8_t arch_mm_oa_bits(void)
{
	static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48 };

	return bits[aarch64_parange()];
}

bool arch_mm_block_allowed(uint8_t level)
{
	/* Pages, 2 MiB and 1 GiB blocks (no FEAT_LPA2 512 GiB blocks). */
	return level <= 2;
}

bool arch_mm_mode_valid(enum mm_stage stage, uint32_t mode)
{
	switch (stage) {
	case MM_S1_EL2:
		return (mode & MM_MODE_USER) == 0;
	case MM_S1_EL20:
		return true;
	case MM_S2_SECURE:
		return (mode & (MM_MODE_USER | MM_MODE_NS)) == 0;
	case MM_S2_NS:
		return (mode & MM_MODE_USER) == 0 && (mode & MM_MODE_NS) != 0;
	}
	return false;
}

enum arch_mm_pte_kind arch_mm_pte_kind(uint64_t pte, uint8_t level)
{
	if ((pte & PTE_VALID) != 0) {
		return level > 0 && (pte & PTE_TABLE) != 0 ? ARCH_MM_PTE_TABLE
							   : ARCH_MM_PTE_BLOCK;
	}
	if ((pte & PTE_PENDING_MAKE) != 0) {
		return ARCH_MM_PTE_PENDING_MAKE;
	}
	if ((pte & PTE_PENDING_FREE) != 0) {
		return ARCH_MM_PTE_PENDING_FREE;
	}
	return pte == 0 ? ARCH_MM_PTE_ABSENT : ARCH_MM_PTE_INVALID_BLOCK;
}

uint64_t arch_mm_absent_pte(void)
{
	return 0;
}

uint64_t arch_mm_table_pte(enum mm_stage stage, uint8_t level, paddr_t table)
{
	/* Secure tables: NSTable = 0; no hierarchical permission limits. */
	(void)stage;
	(void)level;
	return (pa_addr(table) & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

static uint64_t aarch64_sw_bits(uint32_t mode)
{
	uint64_t sw = 0;

	sw |= (mode & MM_MODE_OWNED) != 0 ? PTE_SW_OWNED : 0;
	sw |= (mode & MM_MODE_EXCLUSIVE) != 0 ? PTE_SW_EXCLUSIVE : 0;
	sw |= (mode & MM_MODE_SHARED) != 0 ? PTE_SW_SHARED : 0;
	return sw;
}

static uint32_t aarch64_sw_mode(uint64_t pte)
{
	uint32_t mode = 0;

	mode |= (pte & PTE_SW_OWNED) != 0 ? MM_MODE_OWNED : 0;
	mode |= (pte & PTE_SW_EXCLUSIVE) != 0 ? MM_MODE_EXCLUSIVE : 0;
	mode |= (pte & PTE_SW_SHARED) != 0 ? MM_MODE_SHARED : 0;
	return mode;
}

/* Stage-1 leaf attributes (EL2 or EL2&0 regime). */
static uint64_t aarch64_s1_attrs(enum mm_stage stage, uint32_t mode)
{
	bool device = (mode & MM_MODE_D) != 0;
	bool exec = (mode & MM_MODE_X) != 0;
	uint64_t attrs = PTE_AF;

	attrs |= (uint64_t)(device ? MAIR_IDX_DEVICE : MAIR_IDX_NORMAL)
		 << S1_ATTRINDX_SHIFT;
	attrs |= device ? 0 : PTE_SH_INNER;
	attrs |= (mode & MM_MODE_W) == 0 ? S1_AP2_RO : 0;
	attrs |= (mode & MM_MODE_NS) != 0 ? S1_NS : 0;
	if (stage == MM_S1_EL2) {
		attrs |= S1_AP1 | (exec ? 0 : S1_XN);
	} else if ((mode & MM_MODE_USER) != 0) {
		attrs |= S1_AP1 | S1_NG | S1_PXN | (exec ? 0 : S1_XN);
	} else {
		attrs |= S1_XN | (exec ? 0 : S1_PXN);
	}
	return attrs;
}

/* Stage-2 leaf attributes; the IPA space gives NS. */
static uint64_t aarch64_s2_attrs(uint32_t mode)
{
	bool device = (mode & MM_MODE_D) != 0;
	uint64_t attrs = PTE_AF;

	attrs |= device ? S2_MEMATTR_DEVICE_NGNRE
			: S2_MEMATTR_NORMAL_WB | PTE_SH_INNER;
	attrs |= (mode & MM_MODE_R) != 0 ? S2AP_R : 0;
	attrs |= (mode & MM_MODE_W) != 0 ? S2AP_W : 0;
	attrs |= (mode & MM_MODE_X) != 0 ? 0 : S2_XN;
	return attrs;
}

uint64_t arch_mm_block_pte(enum mm_stage stage, uint8_t level, paddr_t pa,
			   uint32_t mode)
{
	uint64_t pte = pa_addr(pa) & PTE_ADDR_MASK;

	pte |= aarch64_is_s2(stage) ? aarch64_s2_attrs(mode)
				    : aarch64_s1_attrs(stage, mode);
	pte |= aarch64_sw_bits(mode);
	pte |= level == 0 ? PTE_TABLE : 0;
	return pte | ((mode & MM_MODE_INVALID) != 0 ? 0 : PTE_VALID);
}

paddr_t arch_mm_pte_addr(uint64_t pte, uint8_t level)
{
	(void)level;
	return pa_init(pte & PTE_ADDR_MASK);
}

static uint32_t aarch64_s1_mode(enum mm_stage stage, uint64_t pte)
{
	uint32_t mode = MM_MODE_R;
	bool user = stage == MM_S1_EL20 && (pte & S1_AP1) != 0;
	uint64_t xn = user || stage == MM_S1_EL2 ? S1_XN : S1_PXN;

	mode |= (pte & S1_AP2_RO) == 0 ? MM_MODE_W : 0;
	mode |= (pte & xn) == 0 ? MM_MODE_X : 0;
	mode |= (pte & S1_ATTRINDX_MASK) == (uint64_t)MAIR_IDX_DEVICE
						<< S1_ATTRINDX_SHIFT
		    ? MM_MODE_D
		    : 0;
	mode |= (pte & S1_NS) != 0 ? MM_MODE_NS : 0;
	mode |= user ? MM_MODE_USER : 0;
	return mode;
}

static uint32_t aarch64_s2_mode(enum mm_stage stage, uint64_t pte)
{
	uint32_t mode = 0;

	mode |= (pte & S2AP_R) != 0 ? MM_MODE_R : 0;
	mode |= (pte & S2AP_W) != 0 ? MM_MODE_W : 0;
	mode |= (pte & S2_XN) == 0 ? MM_MODE_X : 0;
	mode |=
	    (pte & S2_MEMATTR_MASK) == S2_MEMATTR_DEVICE_NGNRE ? MM_MODE_D : 0;
	mode |= stage == MM_S2_NS ? MM_MODE_NS : 0;
	return mode;
}

uint32_t arch_mm_pte_mode(enum mm_stage stage, uint64_t pte, uint8_t level)
{
	uint32_t mode;

	(void)level;
	mode = aarch64_is_s2(stage) ? aarch64_s2_mode(stage, pte)
				    : aarch64_s1_mode(stage, pte);
	mode |= aarch64_sw_mode(pte);
	return mode | ((pte & PTE_VALID) == 0 ? MM_MODE_INVALID : 0);
}

bool arch_mm_needs_bbm(uint64_t old, uint64_t new_pte, uint8_t level)
{
	/*
	 * Arm ARM D8.16.1: changing the output address, memory type,
	 * shareability or nG of a valid entry needs break-before-make;
	 * changing only permissions (or ignored bits) does not.
	 */
	(void)level;
	return ((old ^ new_pte) & ~PTE_PERM_MASK) != 0;
}

uint64_t arch_mm_pending_make_pte(uint64_t final_pte)
{
	return (final_pte & ~PTE_VALID) | PTE_PENDING_MAKE;
}

uint64_t arch_mm_pending_final(uint64_t pte)
{
	return (pte & ~PTE_PENDING_MAKE) | PTE_VALID;
}

uint64_t arch_mm_pending_free_pte(paddr_t table)
{
	return (pa_addr(table) & PTE_ADDR_MASK) | PTE_PENDING_FREE;
}

void arch_mm_write_pte(uint64_t *pte, uint64_t value, uint8_t level)
{
	/* An aligned 64-bit store is single-copy atomic for the walker. */
	(void)level;
	__atomic_store_n(pte, value, __ATOMIC_RELAXED);
}

void arch_mm_sync_writes(void)
{
	/* Table walks are coherent (TCR/VTCR: WBWA, inner shareable). */
	__asm__ volatile("dsb ishst" : : : "memory");
}

void arch_mm_sync_commit(void)
{
	__asm__ volatile("dsb ish\n"
			 "isb"
			 :
			 :
			 : "memory");
}

void arch_mm_invalidate_stage1(uint64_t begin, uint64_t end)
{
	/*
	 * One invalidation of all EL2 and EL2&0 entries, whatever the size
	 * of the range: SPMC stage-1 changes are rare, and a per-page loop is
	 * exactly what one-per-operation batching avoids.
	 */
	(void)begin;
	(void)end;
	__asm__ volatile("dsb ishst\n"
			 "tlbi alle2is\n"
			 "dsb ish\n"
			 "isb"
			 :
			 :
			 : "memory");
}

void arch_mm_invalidate_stage2(uint16_t vmid, paddr_t secure_root,
			       paddr_t ns_root)
{
	uint64_t vttbr = pa_addr(ns_root) | ((uint64_t)vmid << 48);
	uint64_t vsttbr = pa_addr(secure_root);
	uint64_t old_vttbr;
	uint64_t old_vsttbr;
	bool switched;

	/*
	 * TLBI VMALLS12E1IS acts on the VMID in VTTBR_EL2. Load the target's
	 * own trees (not just its VMID), so speculative walks in the window
	 * can only cache its real translations; restore afterwards.
	 */
	__asm__ volatile("mrs %0, vttbr_el2\n"
			 "mrs %1, vsttbr_el2"
			 : "=r"(old_vttbr), "=r"(old_vsttbr));
	switched = old_vttbr != vttbr || old_vsttbr != vsttbr;
	if (switched) {
		__asm__ volatile("msr vsttbr_el2, %0\n"
				 "msr vttbr_el2, %1\n"
				 "isb"
				 :
				 : "r"(vsttbr), "r"(vttbr)
				 : "memory");
	}
	__asm__ volatile("dsb ishst\n"
			 "tlbi vmalls12e1is\n"
			 "dsb ish\n"
			 "isb"
			 :
			 :
			 : "memory");
	if (switched) {
		__asm__ volatile("msr vsttbr_el2, %0\n"
				 "msr vttbr_el2, %1\n"
				 "isb"
				 :
				 : "r"(old_vsttbr), "r"(old_vttbr)
				 : "memory");
	}
}

/*
 * The SPMC's MMU: EL2 regime with HCR_EL2.E2H = 0 (Arm ARM D19.2: TCR_EL2
 * bits 31 and 23 RES1), and partitions' stage-2 control registers.
 */

#define TCR_RES1 ((1ULL << 31) | (1ULL << 23))
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_TG0_4K (0ULL << 14)
#define TCR_PS_SHIFT 16
#define TCR_WALK_ATTRS (TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER)

/* VTCR_EL2 / VSTCR_EL2: 4 KiB granule, start at Arm level 1 (SL0 = 1). */
#define VTCR_RES1 (1ULL << 31)
/* NS IPA space outputs to the NS PA space; its tables are secure (NSW 0). */
#define VTCR_NSA (1ULL << 30)
#define VTCR_SL0_ARM_L1 (1ULL << 6)
/* VSTCR_EL2.SA = 0, .SW = 0: secure IPA space to secure PAs and tables. */

#define SCTLR_M (1ULL << 0)
#define SCTLR_A (1ULL << 1)
#define SCTLR_C (1ULL << 2)
#define SCTLR_I (1ULL << 12)
#define SCTLR_WXN (1ULL << 19)

/* Values `aarch64_mmu_on` loads; offsets are used by its assembly. */
struct aarch64_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t sctlr_set;
	uint64_t sctlr_clear;
};

static_assert(sizeof(struct aarch64_mmu_regs) == 40,
	      "aarch64_mmu_on loads offsets 0..32");

/*
 * Discards the data cache lines of `[x1, x2)`, then loads the registers at
 * `x0` and turns the MMU on. Naked, so nothing touches the stack between
 * the invalidation and the enable: a line of the stack filled in that
 * window would hide what was written with the MMU off.
 */
__attribute__((naked)) static void
aarch64_mmu_on(const struct aarch64_mmu_regs *regs, uintptr_t inv_begin,
	       uintptr_t inv_end)
{
	__asm__ volatile("	dsb	sy\n"
			 "	mrs	x3, ctr_el0\n"
			 "	ubfx	x3, x3, #16, #4\n"
			 "	mov	x4, #4\n"
			 "	lsl	x4, x4, x3\n"
			 "	sub	x3, x4, #1\n"
			 "	bic	x1, x1, x3\n"
			 "1:	cmp	x1, x2\n"
			 "	b.hs	2f\n"
			 "	dc	ivac, x1\n"
			 "	add	x1, x1, x4\n"
			 "	b	1b\n"
			 "2:	dsb	sy\n"
			 "	ldp	x3, x4, [x0]\n"
			 "	ldp	x5, x6, [x0, #16]\n"
			 "	ldr	x7, [x0, #32]\n"
			 "	msr	mair_el2, x3\n"
			 "	msr	tcr_el2, x4\n"
			 "	msr	ttbr0_el2, x5\n"
			 "	isb\n"
			 "	tlbi	alle2\n"
			 "	ic	iallu\n"
			 "	dsb	nsh\n"
			 "	isb\n"
			 "	mrs	x3, sctlr_el2\n"
			 "	bic	x3, x3, x7\n"
			 "	orr	x3, x3, x6\n"
			 "	msr	sctlr_el2, x3\n"
			 "	isb\n"
			 "	ret\n");
}

static void aarch64_mmu_regs(paddr_t root, struct aarch64_mmu_regs *r)
{
	r->mair = (MAIR_NORMAL_WB << (8 * MAIR_IDX_NORMAL)) |
		  (MAIR_DEVICE_NGNRE << (8 * MAIR_IDX_DEVICE));
	r->tcr = TCR_RES1 | TCR_WALK_ATTRS | TCR_TG0_4K |
		 (aarch64_parange() << TCR_PS_SHIFT) | (64 - S1_VA_BITS);
	r->ttbr0 = pa_addr(root);
	r->sctlr_set = SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN;
	r->sctlr_clear = SCTLR_A;
}

/**
 * Primary CPU, cold boot, MMU off: discards stale lines of the image's data
 * (`.data`, `.bss`, `.stacks`) and turns the MMU on with `root`.
 */
void arch_mm_enable_cold(paddr_t root)
{
	struct aarch64_mmu_regs r;

	aarch64_mmu_regs(root, &r);
	aarch64_mmu_on(&r, (uintptr_t)data_begin, (uintptr_t)image_end);
}

/**
 * Other CPUs, MMU off: discards stale lines of their own stack only and
 * turns the MMU on with `root`.
 */
void arch_mm_enable_warm(paddr_t root, uintptr_t stack_begin,
			 uintptr_t stack_end)
{
	struct aarch64_mmu_regs r;

	if (stack_begin >= stack_end) {
		stack_begin = 0;
		stack_end = 0;
	}
	aarch64_mmu_regs(root, &r);
	aarch64_mmu_on(&r, stack_begin, stack_end);
}

/** VTCR_EL2: 40-bit NS IPA space, 8-bit VMIDs. */
uint64_t arch_mm_vtcr(void)
{
	return VTCR_RES1 | VTCR_NSA | (aarch64_parange() << TCR_PS_SHIFT) |
	       TCR_TG0_4K | TCR_WALK_ATTRS | VTCR_SL0_ARM_L1 |
	       (64 - S2_IPA_BITS);
}

/** VSTCR_EL2: 40-bit secure IPA space (walk attributes come from VTCR). */
uint64_t arch_mm_vstcr(void)
{
	return TCR_TG0_4K | VTCR_SL0_ARM_L1 | (64 - S2_IPA_BITS);
}

/* Smallest data cache line, CTR_EL0.DminLine. */
static uintptr_t aarch64_dcache_line(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	return (uintptr_t)4 << ((ctr >> 16) & 0xF);
}

void arch_mm_dcache_clean(uintptr_t begin, uintptr_t end)
{
	uintptr_t line = aarch64_dcache_line();
	uintptr_t a;

	for (a = begin & ~(line - 1); a < end; a += line) {
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	}
	__asm__ volatile("dsb sy" : : : "memory");
}

void arch_mm_dcache_invalidate(uintptr_t begin, uintptr_t end)
{
	uintptr_t line = aarch64_dcache_line();
	uintptr_t a;

	__asm__ volatile("dsb sy" : : : "memory");
	for (a = begin & ~(line - 1); a < end; a += line) {
		__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
	}
	__asm__ volatile("dsb sy" : : : "memory");
}
