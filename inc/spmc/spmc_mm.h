/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The SPMC's own address space (EL2 stage 1): what core code needs to map
 * normal-world pages it must read or write (RX/TX buffers). Implemented
 * over the page-table module in firmware, by a test double on the host.
 */

struct spmc_mm_range {
	uint64_t pa;
	uint64_t size;
	bool writable;
};

struct manifest_spmc;
struct mpool;

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Builds the SPMC's identity map: its image with per-section permissions,
 * the manifest page, its console, the GIC, and the secure memory and
 * device ranges of the manifest; then turns the MMU on for the calling
 * (primary) CPU. Page-table memory comes from `ppool`.
 */
bool spmc_mm_init(const struct manifest_spmc *cfg, uint64_t manifest_pa,
		  struct mpool *ppool);

/** Turns the MMU on for a secondary CPU with the tables already built. */
void spmc_mm_cpu_enable(uint32_t cpu_index);

/**
 * Maps every range, non-secure, identity, never executable: all of them or,
 * when page-table memory runs out, none (returns false, nothing changed).
 */
bool spmc_mm_map_ns(const struct spmc_mm_range *ranges, uint32_t count);

/** Unmaps ranges mapped by spmc_mm_map_ns. Cannot fail. */
void spmc_mm_unmap_ns(const struct spmc_mm_range *ranges, uint32_t count);

/*
 * Access to physical memory for memory sharing: reads and writes of
 * descriptors in RX/TX buffers and zeroing of shared memory. `ns` says in
 * which physical address space `pa` is: true for normal-world memory still
 * in the NS PAS, false for secure memory and for normal-world granules the
 * granule module protected (Secure PAS). Normal-world memory (the SPMC
 * manifest's `ns-memory`) is reached through two permanent windows of the
 * SPMC's stage 1, one per PAS; secure memory through the identity map.
 *
 * Each returns false, and changes nothing else, if the range is not
 * memory the SPMC can reach, or if an access faulted on the way (a granule
 * protection fault because the granule was delegated to the Realm world
 * under the SPMC's feet, or an external abort): such faults are recovered,
 * never fatal. On false, `dst` (or the target range) may be partly
 * written.
 */
bool spmc_mm_read_pa(void *dst, uint64_t pa, size_t len, bool ns);
bool spmc_mm_write_pa(uint64_t pa, const void *src, size_t len, bool ns);
bool spmc_mm_zero_pa(uint64_t pa, uint64_t size, bool ns);

#ifdef __cplusplus
}
#endif
