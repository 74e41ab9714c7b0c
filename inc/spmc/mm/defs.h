/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * Definitions shared by the page-table module (`spmc/mm.h`) and the arch
 * interface that encodes its entries (`spmc/arch/mm.h`): the granule, the
 * kinds of translation tables and the architecture-neutral mapping modes.
 */

/** Translation granule: 4 KiB pages, 512 eight-byte entries per table. */
#define MM_PAGE_BITS 12U
#define MM_PAGE_SIZE (1ULL << MM_PAGE_BITS)
#define MM_LEVEL_BITS 9U
#define MM_PTE_PER_TABLE (1U << MM_LEVEL_BITS)

/**
 * What a table translates. Levels are numbered from the leaf up: level 0
 * entries map 4 KiB pages, level 1 entries 2 MiB, level 2 entries 1 GiB.
 */
enum mm_stage {
	/** The SPMC's own EL2 stage 1 (TTBR0_EL2, HCR_EL2.E2H = 0). */
	MM_S1_EL2 = 0,
	/** EL2&0 stage 1 (E2H = 1), for S-EL0 partitions: has user pages. */
	MM_S1_EL20,
	/** A partition's stage 2 for the secure IPA space (VSTTBR_EL2). */
	MM_S2_SECURE,
	/** A partition's stage 2 for the non-secure IPA space (VTTBR_EL2). */
	MM_S2_NS,
};

/*
 * Mapping modes: what a range of input addresses maps to. A mode of 0
 * (`MM_MODE_UNMAPPED`) means nothing is mapped; updating a range to it
 * unmaps the range.
 */
#define MM_MODE_UNMAPPED 0U
/** Readable. Every mapping, valid or kept (`MM_MODE_INVALID`), has it. */
#define MM_MODE_R (1U << 0)
/** Writable; needs `MM_MODE_R`. */
#define MM_MODE_W (1U << 1)
/** Executable; never with `MM_MODE_D`. */
#define MM_MODE_X (1U << 2)
/** Device memory, nGnRE. Without it: normal memory, write-back cached. */
#define MM_MODE_D (1U << 3)
/**
 * The output address is in the non-secure physical address space. Stage 1:
 * the descriptor's NS bit. Stage 2 has no such bit (Arm ARM: the IPA space
 * decides): set on every mapping of an `MM_S2_NS` table, never on an
 * `MM_S2_SECURE` one.
 */
#define MM_MODE_NS (1U << 4)
/** Accessible from EL0 (`MM_S1_EL20` only). */
#define MM_MODE_USER (1U << 5)
/**
 * Kept but not accessible: the descriptor is written invalid, with its
 * output address, attributes and software bits kept (e.g. memory lent
 * away). Any access faults.
 */
#define MM_MODE_INVALID (1U << 6)
/*
 * Ownership states of memory sharing, kept in the descriptor's software
 * bits; the hardware ignores them.
 */
#define MM_MODE_OWNED (1U << 7)
#define MM_MODE_EXCLUSIVE (1U << 8)
#define MM_MODE_SHARED (1U << 9)

/** Every mode bit. */
#define MM_MODE_ALL ((1U << 10) - 1)
