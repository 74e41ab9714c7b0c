/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/**
 * Test hooks of the fake arch's page-table encoding (host builds only).
 * There is no TLB on the host: the fake arch records each invalidation
 * request, and the order of break-before-make steps, so tests can check
 * them per operation.
 */

/** Longest event sequence recorded; later events are dropped. */
#define FAKE_MM_EVENTS_MAX 32

/** What the page-table walker asked of the arch since the last reset. */
struct fake_mm_record {
	/** Calls of `arch_mm_invalidate_stage1`. */
	size_t stage1;
	/** Calls of `arch_mm_invalidate_stage2`. */
	size_t stage2;
	/** Arguments of the last call of each. */
	uint64_t last_begin;
	uint64_t last_end;
	uint16_t last_vmid;
	uint64_t last_secure_root;
	uint64_t last_ns_root;
	/**
	 * The sequence of live writes and invalidations, as a string:
	 * 'B' a valid entry made invalid (break, unmap or parked subtable),
	 * 'M' a broken entry made valid again (make),
	 * 'C' a valid leaf changed in place (permissions, software bits),
	 * 'X' a valid entry replaced by another valid one when that needs
	 *     break-before-make (a bug),
	 * 'I' a TLB invalidation.
	 * Writes of invalid entries over invalid ones are not recorded.
	 */
	char events[FAKE_MM_EVENTS_MAX + 1];
};

#ifdef __cplusplus
extern "C" {
#endif

/** Forgets everything recorded so far. */
void fake_mm_reset(void);

/** What was recorded since the last reset. */
struct fake_mm_record fake_mm_recorded(void);

#ifdef __cplusplus
}
#endif
