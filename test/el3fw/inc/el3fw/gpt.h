/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * A software Granule Protection Table for the EL3 test firmware: one
 * physical address space (PAS) per 4 KiB granule of a window at the start
 * of non-secure DRAM, with TF-A's `gpt_transition_pas` policy
 * (tfa-spmd-interface §4.2), and the range calls built on it:
 *
 *   - PLAT_PROTECT_MEM_64 / PLAT_UNPROTECT_MEM_64 (§4.3), Secure caller;
 *   - a stand-in for the Realm side's RMI range delegate / undelegate
 *     (§4.5), which the normal-world test images call to play the host +
 *     RMM, Realm caller.
 *
 * QEMU has no FEAT_RME: nothing is enforced by hardware, the table only
 * records who owns what so that the conflicts of §4.6 can be observed.
 * Plain C, host-testable; the caller serialises (el3.c takes one lock).
 */

#include <stdbool.h>
#include <stdint.h>

#include "el3fw/platform.h"

/** Granule size (PGS 4K, as TF-A's QEMU and FVP ports). */
#define EL3_GPT_GRANULE EL3_U(0x1000)

/**
 * The window the table covers: all of TF-A's NS_DRAM0 for QEMU
 * (0x40000000, 3 GiB), whatever the `-m` size. 2 bits per granule =
 * 192 KiB of .bss in the BL31 region (el3fw_check keeps it inside).
 * Addresses outside it are INVALID for every call.
 */
#define EL3_GPT_BASE EL3_NS_DRAM_BASE
#define EL3_GPT_SIZE EL3_NS_DRAM_SIZE
#define EL3_GPT_GRANULES (EL3_GPT_SIZE / EL3_GPT_GRANULE)

/**
 * GPI encodings of the PASes the table holds (TF-A `GPT_GPI_*`): the
 * values EL3FW_ITEM_GPT_PAS reports.
 */
enum el3_gpi : uint8_t {
	EL3_GPI_SECURE = 0x8,
	EL3_GPI_NS = 0x9,
	EL3_GPI_ROOT = 0xA,
	EL3_GPI_REALM = 0xB,
};

/** Who asks for a transition (the `caller` of `gpt_transition_pas`). */
enum el3_gpt_caller : uint8_t {
	EL3_GPT_CALLER_SECURE,
	EL3_GPT_CALLER_NS,
	EL3_GPT_CALLER_REALM,
};

/** Result of one transition or of a range call. */
enum el3_gpt_ret : int8_t {
	EL3_GPT_OK = 0,
	/** Disallowed by the policy (TF-A -EPERM). */
	EL3_GPT_DENIED = -1,
	/** Unaligned, outside the table, or overflowing (TF-A -EINVAL). */
	EL3_GPT_INVALID = -2,
};

/** The table: 2 bits per granule, all zero = every granule NS. */
struct el3_gpt {
	uint8_t pas[EL3_GPT_GRANULES / 4];
};

/** Results of PLAT_PROTECT_MEM_64 / PLAT_UNPROTECT_MEM_64 in x0. */
#define EL3_SIP_SMC_OK 0
#define EL3_SIP_SMC_DENIED (-3)
#define EL3_SIP_SMC_INVALID (-4)

/** RMI status codes of the delegate stand-in (§4.5). */
#define EL3_RMI_SUCCESS 0U
#define EL3_RMI_ERROR_INPUT 1U

#ifdef __cplusplus
extern "C" {
#endif

/** Makes every granule of the window NS. */
void el3_gpt_init(struct el3_gpt *gpt);

/**
 * Reads the GPI of the granule holding `pa` into `*gpi`. False (and
 * `*gpi` untouched) if `pa` is outside the window.
 */
bool el3_gpt_get(const struct el3_gpt *gpt, uint64_t pa, enum el3_gpi *gpi);

/**
 * Sets the granule at `pa` to `gpi` without any policy check: platform
 * set-up (as TF-A's GPT init from the PAS region list) and tests. False if
 * `pa` is unaligned or outside the window.
 */
bool el3_gpt_set(struct el3_gpt *gpt, uint64_t pa, enum el3_gpi gpi);

/** Whether TF-A's policy lets `caller` move a granule `from` -> `to`. */
bool el3_gpt_allowed(enum el3_gpt_caller caller, enum el3_gpi from,
		     enum el3_gpi to);

/**
 * `gpt_transition_pas` for one granule: `pa` granule-aligned and inside
 * the window (else INVALID), transition allowed (else DENIED). Changes
 * nothing unless it returns OK.
 */
enum el3_gpt_ret el3_gpt_transition(struct el3_gpt *gpt, uint64_t pa,
				    enum el3_gpi to,
				    enum el3_gpt_caller caller);

/**
 * PLAT_PROTECT_MEM_64 (`protect`, NS -> SECURE) or PLAT_UNPROTECT_MEM_64
 * (SECURE -> NS) of [base, base + size) for the Secure caller, one granule
 * at a time in ascending order, stopping at the first failure.
 * Returns EL3_SIP_SMC_OK, EL3_SIP_SMC_DENIED (a granule in a disallowed
 * PAS) or EL3_SIP_SMC_INVALID (base or size unaligned, base + size
 * overflows, or a granule outside the window). `*last` is the base of the
 * last granule that did transition, 0 if none (TF-A's x1 on failure).
 * Granules before the failing one keep their new PAS; a check that fails
 * before the loop changes nothing. size 0 is OK and changes nothing.
 */
int64_t el3_gpt_protect(struct el3_gpt *gpt, bool protect, uint64_t base,
			uint64_t size, uint64_t *last);

/**
 * Stand-in for RMI_GRANULE_RANGE_DELEGATE (`delegate`, NS -> REALM) or
 * RMI_GRANULE_RANGE_UNDELEGATE (REALM -> NS) of [base, top) for the Realm
 * caller, in ascending order, stopping at the first granule it cannot
 * move. Returns EL3_RMI_SUCCESS or EL3_RMI_ERROR_INPUT (base or top
 * unaligned, top <= base, a granule outside the window or in a PAS the
 * policy refuses). `*next` is the address to continue from: `top` on
 * success, else the first granule not moved (`base` if none was).
 */
uint64_t el3_gpt_delegate(struct el3_gpt *gpt, bool delegate, uint64_t base,
			  uint64_t top, uint64_t *next);

#ifdef __cplusplus
}
#endif
