/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The SPMD side of the EL3 <-> SPMC contract (TF-A services/std_svc/spmd,
 * tfa-spmd-interface §1): manifest checks, the FF-A function table, the
 * forwarding rules, framework messages and the per-core state machine.
 *
 * Everything here is plain C over `struct el3_cpu` and `struct spmd`: it
 * reads and writes saved registers, never system registers, so the host
 * unit tests drive it directly. The world switch itself is vectors.S.
 *
 * TF-A enters the SPMC "synchronously" (it keeps a C frame on the EL3 stack
 * until the SPMC answers). This model is event-driven instead: a core that
 * waits for an answer records why in `enum spmd_pending`, and the SPMC call
 * that TF-A would turn into a synchronous exit completes that operation.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "el3fw/test_api.h"

/** The `attribute` node of the SPMC manifest (TF-A `spmc_manifest_attribute_t`). */
struct spmd_attrs {
	uint32_t maj_ver;
	uint32_t min_ver;
	uint16_t spmc_id;
	uint32_t exec_state;
	uint32_t binary_size;
	uint64_t load_address;
	uint64_t entrypoint;
};

/**
 * Every reason the SPMD refuses the SPMC manifest or the platform, in the
 * order TF-A checks them (`plat_spm_core_manifest_load`, `spmd_spmc_init`).
 */
#define SPMD_MANIFEST_ERRORS(X)                                             \
	X(OK, "manifest accepted")                                          \
	X(NO_ROOM, "less than an FDT header left in the manifest's page")   \
	X(BAD_HEADER, "fdt_check_header failed")                            \
	X(TOO_LARGE, "the DTB runs past the end of its 4 KiB page")         \
	X(NOT_FOUND, "no node compatible with arm,ffa-core-manifest-1.0")   \
	X(NO_ATTRIBUTE, "the manifest node has no attribute child")         \
	X(NO_MAJ_VER, "attribute/maj_ver missing or shorter than one cell") \
	X(NO_MIN_VER, "attribute/min_ver missing or shorter than one cell") \
	X(NO_SPMC_ID, "attribute/spmc_id missing or shorter than one cell") \
	X(BAD_VERSION, "maj_ver is not 1 or min_ver is above 3")            \
	X(BAD_SPMC_ID, "spmc_id has bit 15 clear")                          \
	X(BAD_EXEC_STATE, "exec_state is neither 0 nor 1")                  \
	X(AARCH32, "exec_state 1 (AArch32) is not supported at S-EL2")      \
	X(NO_SEL2, "FEAT_SEL2 is not implemented")

enum spmd_manifest_error {
#define SPMD_MANIFEST_ENUM(name, desc) SPMD_MANIFEST_##name,
	SPMD_MANIFEST_ERRORS(SPMD_MANIFEST_ENUM)
#undef SPMD_MANIFEST_ENUM
	    SPMD_MANIFEST_ERROR_COUNT
};

/** What a core is waiting for from the SPMC. */
enum spmd_pending {
	SPMD_PENDING_NONE = 0,
	/** SPMC initialisation (state ON_PENDING): MSG_WAIT or FFA_ERROR. */
	SPMD_PENDING_INIT,
	/** FFA_VERSION framework message: its DIRECT_RESP. */
	SPMD_PENDING_VERSION,
	/** PSCI CPU_OFF framework message: its DIRECT_RESP or FFA_ERROR. */
	SPMD_PENDING_CPU_OFF,
	/** FFA_INTERRUPT for a secure interrupt: FFA_NORMAL_WORLD_RESUME. */
	SPMD_PENDING_INTERRUPT,
};

/** SPMD state shared by every core (TF-A `spmd_main.c` globals). */
struct spmd {
	struct spmd_attrs attrs;
	/** The manifest passed the checks and the primary SPMC init worked. */
	bool spm_enabled;
	/** TOS_FW_CONFIG address: x0 at every SPMC entry. */
	uint64_t manifest_pa;
	/** BL32 entry point: SPMC cold entry, and warm entry until registered. */
	uint64_t spmc_entry;
	/** The version the NWd requested (TF-A `nonsecure_ffa_version`). */
	uint32_t nwd_version;
	/** Set by the NWd's first FF-A call other than FFA_VERSION. */
	bool nwd_version_locked;
	/** The SPMC's answer to the last FFA_VERSION framework message. */
	uint32_t spmc_nwd_version;
	uint64_t secondary_ep;
	bool secondary_ep_locked;
	/** Test API bookkeeping: calls and last result of EP registration. */
	uint64_t secondary_ep_calls;
	uint64_t secondary_ep_result;
};

struct el3_cpu;
struct el3_system;
enum el3_next : int;

#ifdef __cplusplus
extern "C" {
#endif

/** "SPMD_MANIFEST_..." for `e`, or NULL if out of range. */
const char *spmd_manifest_error_name(enum spmd_manifest_error e);

/**
 * TF-A `plat_spm_core_manifest_load` on the DTB at `pm`: the FDT header
 * check, the size check against the rest of `pm`'s 4 KiB page (the only
 * page TF-A maps), the first node compatible with
 * "arm,ffa-core-manifest-1.0" and its `attribute` child. Mandatory u32
 * properties (maj_ver, min_ver, spmc_id) must hold at least one cell; a
 * u32 reads the first cell. Optional ones (exec_state, binary_size,
 * load_address and entrypoint as 2 cells) keep 0 when missing or short,
 * with a NOTICE, as TF-A does. Fills `*attrs` only with what was read.
 * Error class (b); logs like TF-A.
 */
enum spmd_manifest_error spmd_manifest_load(const void *pm,
					    struct spmd_attrs *attrs);

/**
 * TF-A `spmd_spmc_init` checks on parsed attributes: maj_ver == 1,
 * min_ver <= 3, spmc_id bit 15, exec_state 0 (1 is AArch32, refused at
 * S-EL2), FEAT_SEL2 present.
 */
enum spmd_manifest_error spmd_attrs_check(const struct spmd_attrs *attrs,
					  bool sel2);

/**
 * `spmd_setup`: loads and checks the manifest at `pm` (physical address
 * `pm_pa`, the x0 the SPMC gets), remembers `spmc_entry`, and sets
 * `spm_enabled` on success. On failure logs "Booting device without SPM initialization."
 * and leaves the SPMD disabled. Returns the first failed check.
 */
enum spmd_manifest_error spmd_setup(struct spmd *spmd, const void *pm,
				    uint64_t pm_pa, uint64_t spmc_entry,
				    bool sel2);

/**
 * Starts SPMC initialisation on `cpu` (cold boot: the BL32 entry point;
 * warm boot after CPU_ON: the registered secondary entry point, else the
 * BL32 entry): a fresh secure context, state ON_PENDING. Returns
 * EL3_NEXT_SPMC, or EL3_NEXT_NWD (after preparing the normal world) when
 * the SPMD is disabled.
 */
enum el3_next spmd_spmc_start(struct el3_cpu *cpu, bool warm);

/**
 * Handles an FF-A SMC (function number 0x60-0x97) from world `from` on
 * `cpu`. `fid` has the SVE hint cleared; `sve_hint` says whether it was
 * set. Writes the results into the saved registers and returns where EL3
 * goes next.
 */
enum el3_next spmd_smc(struct el3_cpu *cpu, bool secure, uint32_t fid,
		       bool sve_hint);

/**
 * A Secure Group-1 interrupt was taken at EL3 while the normal world ran
 * (§1.8): enters the SPMC with FFA_INTERRUPT, x1..x7 = 0. Panics (via
 * EL3_NEXT_PANIC) if the SPMC is not running on this core.
 */
enum el3_next spmd_secure_interrupt(struct el3_cpu *cpu);

/**
 * PSCI CPU_OFF on `cpu` (the `svc_off` hook, §1.6.1). If the SPMC runs on
 * this core, sends it the CPU_OFF framework message and returns
 * EL3_NEXT_SPMC; else returns EL3_NEXT_CPU_OFF at once.
 */
enum el3_next spmd_cpu_off(struct el3_cpu *cpu);

/** True if the SPMC is initialised on `cpu` and can take requests. */
bool spmd_spmc_ready(const struct el3_cpu *cpu);

#ifdef __cplusplus
}
#endif
