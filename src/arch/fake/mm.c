/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/mm.h"

#include "spmc/arch/fake_mm.h"

/*
 * Page-table entries of the fake arch, for host tests. The geometry is the
 * AArch64 one (4 KiB granule, 48-bit stage 1 from level 3, 40-bit stage 2
 * from level 2 over two concatenated root pages), but the encoding is its
 * own, simpler one, so the tests show that the walker does not depend on
 * the Arm format:
 *
 *   bit 0        valid
 *   bit 1        table (valid entries above level 0)
 *   bit 2        pending make (invalid)
 *   bit 3        pending free (invalid)
 *   bit 4        kept: an invalid leaf that holds its attributes
 *   bits 11:5    stage-2 attributes: R W X D OWNED EXCLUSIVE SHARED
 *   bits 51:12   address
 *   bits 61:52   stage-1 attributes: the mode bits as they are (without
 *                MM_MODE_INVALID, which the valid bit carries)
 *
 * Stage 2 has no NS bit, as on AArch64: it comes from the IPA space.
 */

#define FAKE_VALID (1ULL << 0)
#define FAKE_TABLE (1ULL << 1)
#define FAKE_PENDING_MAKE (1ULL << 2)
#define FAKE_PENDING_FREE (1ULL << 3)
#define FAKE_KEPT (1ULL << 4)
#define FAKE_ADDR_MASK 0x000FFFFFFFFFF000ULL
#define FAKE_S1_SHIFT 52
#define FAKE_S2_SHIFT 5
/* Stage-2 attribute bits, from FAKE_S2_SHIFT up. */
#define FAKE_S2_R (1ULL << 5)
#define FAKE_S2_W (1ULL << 6)
#define FAKE_S2_X (1ULL << 7)
#define FAKE_S2_D (1ULL << 8)
#define FAKE_S2_OWNED (1ULL << 9)
#define FAKE_S2_EXCLUSIVE (1ULL << 10)
#define FAKE_S2_SHARED (1ULL << 11)

static struct fake_mm_record fake_rec;
static size_t fake_event_count;

void fake_mm_reset(void)
{
	struct fake_mm_record zero = { 0 };

	fake_rec = zero;
	fake_event_count = 0;
}

struct fake_mm_record fake_mm_recorded(void)
{
	return fake_rec;
}

static void fake_event(char e)
{
	if (fake_event_count < FAKE_MM_EVENTS_MAX) {
		fake_rec.events[fake_event_count++] = e;
	}
}

uint8_t arch_mm_root_level(enum mm_stage stage)
{
	return stage == MM_S2_SECURE || stage == MM_S2_NS ? 2 : 3;
}

uint8_t arch_mm_root_table_count(enum mm_stage stage)
{
	return stage == MM_S2_SECURE || stage == MM_S2_NS ? 2 : 1;
}

uint8_t arch_mm_ia_bits(enum mm_stage stage)
{
	return stage == MM_S2_SECURE || stage == MM_S2_NS ? 40 : 48;
}

uint8_t arch_mm_oa_bits(void)
{
	return 48;
}

bool arch_mm_block_allowed(uint8_t level)
{
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
	if ((pte & FAKE_VALID) != 0) {
		return level > 0 && (pte & FAKE_TABLE) != 0 ? ARCH_MM_PTE_TABLE
							    : ARCH_MM_PTE_BLOCK;
	}
	if ((pte & FAKE_PENDING_MAKE) != 0) {
		return ARCH_MM_PTE_PENDING_MAKE;
	}
	if ((pte & FAKE_PENDING_FREE) != 0) {
		return ARCH_MM_PTE_PENDING_FREE;
	}
	if ((pte & FAKE_KEPT) != 0) {
		return ARCH_MM_PTE_INVALID_BLOCK;
	}
	return ARCH_MM_PTE_ABSENT;
}

uint64_t arch_mm_absent_pte(void)
{
	return 0;
}

uint64_t arch_mm_table_pte(enum mm_stage stage, uint8_t level, paddr_t table)
{
	(void)stage;
	(void)level;
	return (pa_addr(table) & FAKE_ADDR_MASK) | FAKE_TABLE | FAKE_VALID;
}

/* Stage-2 attribute bits for `mode`. */
static uint64_t fake_s2_attrs(uint32_t mode)
{
	uint64_t attrs = 0;

	attrs |= (mode & MM_MODE_R) != 0 ? FAKE_S2_R : 0;
	attrs |= (mode & MM_MODE_W) != 0 ? FAKE_S2_W : 0;
	attrs |= (mode & MM_MODE_X) != 0 ? FAKE_S2_X : 0;
	attrs |= (mode & MM_MODE_D) != 0 ? FAKE_S2_D : 0;
	attrs |= (mode & MM_MODE_OWNED) != 0 ? FAKE_S2_OWNED : 0;
	attrs |= (mode & MM_MODE_EXCLUSIVE) != 0 ? FAKE_S2_EXCLUSIVE : 0;
	attrs |= (mode & MM_MODE_SHARED) != 0 ? FAKE_S2_SHARED : 0;
	return attrs;
}

static uint32_t fake_s2_mode(uint64_t pte)
{
	uint32_t mode = 0;

	mode |= (pte & FAKE_S2_R) != 0 ? MM_MODE_R : 0;
	mode |= (pte & FAKE_S2_W) != 0 ? MM_MODE_W : 0;
	mode |= (pte & FAKE_S2_X) != 0 ? MM_MODE_X : 0;
	mode |= (pte & FAKE_S2_D) != 0 ? MM_MODE_D : 0;
	mode |= (pte & FAKE_S2_OWNED) != 0 ? MM_MODE_OWNED : 0;
	mode |= (pte & FAKE_S2_EXCLUSIVE) != 0 ? MM_MODE_EXCLUSIVE : 0;
	mode |= (pte & FAKE_S2_SHARED) != 0 ? MM_MODE_SHARED : 0;
	return mode;
}

static bool fake_is_s2(enum mm_stage stage)
{
	return stage == MM_S2_SECURE || stage == MM_S2_NS;
}

uint64_t arch_mm_block_pte(enum mm_stage stage, uint8_t level, paddr_t pa,
			   uint32_t mode)
{
	uint64_t pte = pa_addr(pa) & FAKE_ADDR_MASK;

	(void)level;
	if (fake_is_s2(stage)) {
		pte |= fake_s2_attrs(mode);
	} else {
		pte |= (uint64_t)(mode & ~MM_MODE_INVALID) << FAKE_S1_SHIFT;
	}
	return pte | ((mode & MM_MODE_INVALID) != 0 ? FAKE_KEPT : FAKE_VALID);
}

paddr_t arch_mm_pte_addr(uint64_t pte, uint8_t level)
{
	(void)level;
	return pa_init(pte & FAKE_ADDR_MASK);
}

uint32_t arch_mm_pte_mode(enum mm_stage stage, uint64_t pte, uint8_t level)
{
	uint32_t mode;

	(void)level;
	if (fake_is_s2(stage)) {
		mode = fake_s2_mode(pte);
		mode |= stage == MM_S2_NS ? MM_MODE_NS : 0;
	} else {
		mode = (uint32_t)(pte >> FAKE_S1_SHIFT) & MM_MODE_ALL;
	}
	return mode | ((pte & FAKE_VALID) == 0 ? MM_MODE_INVALID : 0);
}

bool arch_mm_needs_bbm(uint64_t old, uint64_t new_pte, uint8_t level)
{
	/* The address, and the memory type or NS of either stage. */
	uint64_t mask = FAKE_ADDR_MASK | FAKE_S2_D |
			((uint64_t)(MM_MODE_D | MM_MODE_NS) << FAKE_S1_SHIFT);

	(void)level;
	return ((old ^ new_pte) & mask) != 0;
}

uint64_t arch_mm_pending_make_pte(uint64_t final_pte)
{
	return (final_pte & ~FAKE_VALID) | FAKE_PENDING_MAKE;
}

uint64_t arch_mm_pending_final(uint64_t pte)
{
	return (pte & ~FAKE_PENDING_MAKE) | FAKE_VALID;
}

uint64_t arch_mm_pending_free_pte(paddr_t table)
{
	return (pa_addr(table) & FAKE_ADDR_MASK) | FAKE_PENDING_FREE;
}

/* True if `pte` at `level` is valid (a table or a leaf). */
static bool fake_valid(uint64_t pte, uint8_t level)
{
	enum arch_mm_pte_kind kind = arch_mm_pte_kind(pte, level);

	return kind == ARCH_MM_PTE_TABLE || kind == ARCH_MM_PTE_BLOCK;
}

void arch_mm_write_pte(uint64_t *pte, uint64_t value, uint8_t level)
{
	uint64_t old = *pte;
	bool was_valid = fake_valid(old, level);
	bool is_valid = fake_valid(value, level);

	if (was_valid && !is_valid) {
		fake_event('B');
	} else if (was_valid && is_valid && old != value) {
		bool same_kind = arch_mm_pte_kind(old, level) ==
				 arch_mm_pte_kind(value, level);
		bool leaf = arch_mm_pte_kind(old, level) == ARCH_MM_PTE_BLOCK;

		fake_event(same_kind && leaf &&
				   !arch_mm_needs_bbm(old, value, level)
			       ? 'C'
			       : 'X');
	} else if (!was_valid && is_valid &&
		   arch_mm_pte_kind(old, level) == ARCH_MM_PTE_PENDING_MAKE) {
		fake_event('M');
	}
	*pte = value;
}

void arch_mm_sync_writes(void)
{
}

void arch_mm_sync_commit(void)
{
}

void arch_mm_invalidate_stage1(uint64_t begin, uint64_t end)
{
	fake_rec.stage1++;
	fake_rec.last_begin = begin;
	fake_rec.last_end = end;
	fake_event('I');
}

void arch_mm_invalidate_stage2(uint16_t vmid, paddr_t secure_root,
			       paddr_t ns_root)
{
	fake_rec.stage2++;
	fake_rec.last_vmid = vmid;
	fake_rec.last_secure_root = pa_addr(secure_root);
	fake_rec.last_ns_root = pa_addr(ns_root);
	fake_event('I');
}
