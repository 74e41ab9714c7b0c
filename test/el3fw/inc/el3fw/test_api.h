/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Test-only SiP calls of the EL3 test firmware (docs/el3-test-firmware.md).
 * Real TF-A has none of them: only test images (normal-world test drivers
 * and, where noted, the SPMC) use them, to observe EL3 and to inject
 * interrupts.
 *
 * Calling convention: fast SMC64 in the SiP range (OEN 2), `smc #0`.
 * x0 returns a status (EL3FW_TEST_OK or a negative EL3FW_TEST_E_* code,
 * sign-extended); results follow in x1. Registers not named are preserved.
 * A function ID of this range that is not listed gets SMC_UNKNOWN (-1), like
 * any unknown SMC.
 *
 * This header is freestanding: it needs only <stdint.h>.
 */

#include <stdint.h>

#define EL3FW_TEST_FID(n) (0xC2000F00U | (n))

/**
 * Reads one EL3 counter or last-seen value.
 *   in:  x1 = `enum el3fw_test_item`, x2 = linear core ID for per-core
 *        items (ignored otherwise)
 *   out: x0 = EL3FW_TEST_OK, x1 = value; or x0 = EL3FW_TEST_E_INVALID for
 *        an unknown item or core.
 */
#define EL3FW_TEST_GET EL3FW_TEST_FID(0x00)

/**
 * Pends Secure Group-1 SGI `x1` (8..15, the SGIs TF-A's QEMU port makes
 * G1S) on the calling core's redistributor. Called from the normal world,
 * the SGI is taken as an FIQ at EL3 as soon as EL3 returns, and EL3 enters
 * the SPMC with FFA_INTERRUPT (tfa-spmd-interface §1.8).
 *   out: x0 = EL3FW_TEST_OK; EL3FW_TEST_E_INVALID if `x1` is not 8..15;
 *        EL3FW_TEST_E_DENIED if the SPMC is not running on this core (the
 *        interrupt would have nobody to go to).
 */
#define EL3FW_TEST_PEND_G1S_SGI EL3FW_TEST_FID(0x01)

/**
 * Makes SGI `x1` (0..7) a Group-0 interrupt on the calling core and arms
 * it: EL3 pends it on this core just before its next entry into the SPMC.
 * The SPMC takes it at S-EL2 (SCR_EL3.FIQ is 0 in the secure world) and
 * must hand it to EL3 with FFA_EL3_INTR_HANDLE. Arming again replaces the
 * armed SGI. The SGI stays Group 0 afterwards.
 *   out: x0 = EL3FW_TEST_OK, or EL3FW_TEST_E_INVALID if `x1` is not 0..7.
 */
#define EL3FW_TEST_ARM_G0_SGI EL3FW_TEST_FID(0x02)

/** Zeroes every counter (the items marked "counter" below). x0 = OK. */
#define EL3FW_TEST_RESET_COUNTERS EL3FW_TEST_FID(0x03)

/**
 * Ends the QEMU run at once with exit code `x1` (semihosting
 * SYS_EXIT_EXTENDED). For test drivers that must report failure; PSCI
 * SYSTEM_OFF exits with 0. Does not return.
 */
#define EL3FW_TEST_EXIT EL3FW_TEST_FID(0x04)

/*
 * Calls that change the PAS of NS DRAM granules in EL3's software GPT
 * (docs/el3-test-firmware.md; QEMU has no FEAT_RME, so the table records
 * ownership but nothing faults). The GPT covers 4 KiB granules of
 * [EL3FW_GPT_BASE, EL3FW_GPT_BASE + EL3FW_GPT_SIZE); at boot all are NS.
 */
#define EL3FW_GPT_BASE 0x40000000ULL
#define EL3FW_GPT_SIZE 0xC0000000ULL

/* GPI values EL3FW_ITEM_GPT_PAS reports (TF-A GPT_GPI_*). */
#define EL3FW_GPI_SECURE 0x8U
#define EL3FW_GPI_NS 0x9U
#define EL3FW_GPI_ROOT 0xAU
#define EL3FW_GPI_REALM 0xBU

/**
 * Arm SiP PLAT_PROTECT_MEM_64 (NS -> SECURE) and PLAT_UNPROTECT_MEM_64
 * (SECURE -> NS), as TF-A's Arm platforms: Secure world only (the normal
 * world gets SMC_UNKNOWN).
 *   in:  x1 = base, x2 = size (both 4 KiB-aligned; size 0 does nothing)
 *   out: x0 = 0 whole range done (x1 kept); -3 (DENIED) a granule was in
 *        a PAS the policy refuses; -4 (INVALID) unaligned, overflow or a
 *        granule outside the GPT. On -3 / -4, x1 = base of the last
 *        granule that did transition (0 if none); the granules before the
 *        failing one stay transitioned.
 */
#define EL3FW_PLAT_PROTECT_MEM_64 0xC2000101U
#define EL3FW_PLAT_UNPROTECT_MEM_64 0xC2000102U
#define EL3FW_SIP_SMC_DENIED (-3)
#define EL3FW_SIP_SMC_INVALID (-4)

/**
 * Stand-in for the Realm side: RMI v2.0 SMC_RMI_GRANULE_RANGE_DELEGATE
 * (NS -> REALM) and _UNDELEGATE (REALM -> NS), answered by EL3 for the
 * normal world (the host + RMM in one) with the Realm caller's GPT policy.
 * Secure world: SMC_UNKNOWN.
 *   in:  x1 = base, x2 = top (exclusive, both 4 KiB-aligned, top > base)
 *   out: x0 = 0 (RMI_SUCCESS) or 1 (RMI_ERROR_INPUT: bad range, a granule
 *        outside the GPT or in a PAS the policy refuses, e.g. SECURE);
 *        x1 = the address to continue from: top on success, else the
 *        first granule not moved (granules below it were moved).
 */
#define EL3FW_RMI_GRANULE_RANGE_DELEGATE 0xC40001F1U
#define EL3FW_RMI_GRANULE_RANGE_UNDELEGATE 0xC40001F2U
#define EL3FW_RMI_SUCCESS 0
#define EL3FW_RMI_ERROR_INPUT 1

/* Status codes in x0 (sign-extended). */
#define EL3FW_TEST_OK 0
#define EL3FW_TEST_E_UNKNOWN (-1)
#define EL3FW_TEST_E_INVALID (-2)
#define EL3FW_TEST_E_DENIED (-3)

/** Value of items that have not happened yet ("never"). */
#define EL3FW_TEST_NONE UINT64_MAX

/** Version of this interface, the value of EL3FW_ITEM_API_VERSION. */
#define EL3FW_TEST_API_VERSION 2U

/** What EL3FW_TEST_GET reads. */
enum el3fw_test_item {
	/** EL3FW_TEST_API_VERSION. */
	EL3FW_ITEM_API_VERSION = 0,
	/** Counter: entries into the SPMC with FFA_INTERRUPT (all cores). */
	EL3FW_ITEM_FFA_INTERRUPT_COUNT = 1,
	/** Counter: FFA_NORMAL_WORLD_RESUME calls that resumed the NWd. */
	EL3FW_ITEM_NWD_RESUME_COUNT = 2,
	/** Counter: FFA_EL3_INTR_HANDLE calls that acknowledged a G0 INTID. */
	EL3FW_ITEM_EL3_INTR_HANDLE_COUNT = 3,
	/** INTID of the last Group-0 interrupt EL3 acknowledged, or NONE. */
	EL3FW_ITEM_LAST_G0_INTID = 4,
	/** Counter: Group-0 interrupts EL3 took directly from the NWd. */
	EL3FW_ITEM_G0_FROM_NWD_COUNT = 5,
	/** The registered secondary entry point, or 0 if none. */
	EL3FW_ITEM_SECONDARY_EP = 6,
	/** Counter: FFA_SECONDARY_EP_REGISTER calls from the SPMC. */
	EL3FW_ITEM_SECONDARY_EP_CALLS = 7,
	/**
	 * Result of the last FFA_SECONDARY_EP_REGISTER: 0 on success, the
	 * FF-A error code (sign-extended) on failure, NONE if never called.
	 */
	EL3FW_ITEM_SECONDARY_EP_RESULT = 8,
	/** spmc_nwd_ffa_version: the SPMC's FFA_VERSION answer, 0 = none. */
	EL3FW_ITEM_SPMC_NWD_FFA_VERSION = 9,
	/** The version the NWd requested (0 until its first FFA_VERSION). */
	EL3FW_ITEM_NWD_FFA_VERSION = 10,
	/** 1 once a non-FFA_VERSION FF-A call froze the NWd version. */
	EL3FW_ITEM_NWD_FFA_VERSION_LOCKED = 11,
	/** 1 if the manifest was accepted and the SPMC initialised. */
	EL3FW_ITEM_SPM_ENABLED = 12,
	/** Per core (x2): `enum el3fw_spmd_state` of the SPMD context. */
	EL3FW_ITEM_SPMD_STATE = 13,
	/**
	 * Per core (x2): result of the last SPMC initialisation on that core
	 * (0 = success, else the x2 of the SPMC's FFA_ERROR), NONE if never.
	 */
	EL3FW_ITEM_SPMC_INIT_RESULT = 14,
	/** `spmc_id` from the SPMC manifest (0 if it was not read). */
	EL3FW_ITEM_SPMC_ID = 15,
	/** Counter: FF-A calls EL3 forwarded between the worlds. */
	EL3FW_ITEM_FORWARD_COUNT = 16,
	/**
	 * Since API version 2. x2 = a physical address: the GPI of its
	 * granule in EL3's software GPT (EL3FW_GPI_*). E_INVALID outside the
	 * window the GPT covers (EL3FW_GPT_BASE, EL3FW_GPT_SIZE).
	 */
	EL3FW_ITEM_GPT_PAS = 17,
	EL3FW_ITEM_COUNT
};

/** Per-core SPMD states (TF-A `spmc_state_t`). */
enum el3fw_spmd_state {
	EL3FW_SPMD_STATE_RESET = 0,
	EL3FW_SPMD_STATE_OFF = 1,
	EL3FW_SPMD_STATE_ON_PENDING = 2,
	EL3FW_SPMD_STATE_ON = 3,
};
