/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The EL3 runtime model: one `struct el3_system` with one `struct el3_cpu`
 * per core, and the entry points the world-switch code calls after saving
 * the interrupted world's registers. Each entry point updates saved
 * registers and returns `enum el3_next`; vectors.S then restores and ERETs
 * into that world. Host-testable: no system register is touched here.
 */

#include <stdbool.h>
#include <stdint.h>

#include "el3fw/context.h"
#include "el3fw/gpt.h"
#include "el3fw/platform.h"
#include "el3fw/spmd.h"

/** Where EL3 goes after handling an event. */
enum el3_next : int {
	/** ERET into the normal world's saved context. */
	EL3_NEXT_NWD,
	/** ERET into the SPMC's saved context. */
	EL3_NEXT_SPMC,
	/** Power this core down: back to the hold pen. */
	EL3_NEXT_CPU_OFF,
	/** PSCI SYSTEM_OFF: secure GPIO pin 0. */
	EL3_NEXT_SYSTEM_OFF,
	/** PSCI SYSTEM_RESET: secure GPIO pin 1. */
	EL3_NEXT_SYSTEM_RESET,
	/** EL3 panic; `panic_msg` says why. */
	EL3_NEXT_PANIC,
	/** Test API: end the QEMU run with `exit_code`. */
	EL3_NEXT_EXIT,
};

/** Sentinel for "no SGI armed". */
#define EL3_NO_SGI UINT32_MAX

/** EL3 state of one core. */
struct el3_cpu {
	/** Saved contexts, [EL3_NWD] and [EL3_SWD]. */
	struct el3_world_ctx ctx[2];
	struct el3_system *sys;
	/** Linear core ID. */
	uint32_t id;
	struct el3_id_regs id_regs;

	/* SPMD, per core (TF-A `spmd_spm_core_context_t`). */
	enum el3fw_spmd_state spmd_state;
	enum spmd_pending pending;
	/** Last SPMC init result on this core, EL3FW_TEST_NONE if never. */
	uint64_t init_result;
	/** Cold boot (BL33) or CPU_ON (entry point) after SPMC init. */
	bool warm;

	/* PSCI, per core. */
	/** PSCI_AFF_ON, PSCI_AFF_OFF or PSCI_AFF_ON_PENDING. */
	int psci_state;
	/** Where the normal world starts on this core, and its x0. */
	uint64_t nwd_entry;
	uint64_t nwd_arg0;

	/** Test API: Group-0 SGI to pend before the next SPMC entry. */
	uint32_t armed_g0_sgi;

	/** Why EL3_NEXT_PANIC was returned, and a value to print with it. */
	const char *panic_msg;
	uint64_t panic_arg;
	/** Exit code for EL3_NEXT_EXIT. */
	uint64_t exit_code;
};

/** Counters and last-seen values the test API reads. */
struct el3_counters {
	uint64_t ffa_interrupt;
	uint64_t nwd_resume;
	uint64_t el3_intr_handle;
	uint64_t last_g0_intid;
	uint64_t g0_from_nwd;
	uint64_t forward;
};

/** The whole EL3 state. */
struct el3_system {
	struct spmd spmd;
	struct el3_world_regs wr;
	struct el3_counters counters;
	/** First instruction of BL33, entered at NS-EL2 after cold boot. */
	uint64_t bl33_entry;
	struct el3_cpu cpus[EL3_MAX_CPUS];
	/** Software GPT of the NS DRAM window, all NS at init. */
	struct el3_gpt gpt;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Resets `sys`: SPMD disabled, every core OFF in PSCI and RESET in the
 * SPMD except the primary (core 0, PSCI ON), no SGI armed. World register
 * values come from `features`; each core's NWd context gets `id_regs`
 * (the firmware refreshes them per core at warm boot). `runtime_sp` of
 * each context is left 0 for the caller to set.
 */
void el3_system_init(struct el3_system *sys,
		     const struct el3_features *features,
		     const struct el3_id_regs *id_regs, uint64_t bl33_entry);

/**
 * Cold boot on the primary core once the images are loaded: `spmd_setup`
 * on the manifest at `manifest`, then SPMC initialisation (EL3_NEXT_SPMC)
 * or, without an SPMC, the normal world at BL33 (EL3_NEXT_NWD).
 */
enum el3_next el3_cold_boot(struct el3_cpu *cpu, const void *manifest,
			    uint64_t manifest_pa, uint64_t spmc_entry,
			    bool sel2);

/**
 * Handles the SMC the world `from` just made on `cpu` (registers saved in
 * `cpu->ctx[from]`): routes by owning entity (Arm architecture calls,
 * SiP test calls, PSCI, FF-A) and answers SMC_UNKNOWN (-1 in x0, the other
 * registers preserved) to anything else.
 */
enum el3_next el3_smc(struct el3_cpu *cpu, enum el3_world from);

/**
 * Handles an FIQ taken to EL3 from the normal world: a Secure Group-1
 * interrupt goes to the SPMC as FFA_INTERRUPT; a Group-0 one is
 * acknowledged and ended at EL3; a spurious one is ignored.
 */
enum el3_next el3_fiq(struct el3_cpu *cpu);

/**
 * Called by the firmware right before it enters world `next` on `cpu`:
 * pends the armed Group-0 SGI when entering the SPMC. Returns `next`.
 */
enum el3_next el3_before_entry(struct el3_cpu *cpu, enum el3_next next);

/**
 * Enters the normal world on `cpu` at `nwd_entry` with `nwd_arg0` in x0,
 * with a fresh NS-EL2 context, and marks the core ON for PSCI. Returns
 * EL3_NEXT_NWD.
 */
enum el3_next el3_enter_nwd(struct el3_cpu *cpu);

/** Records an EL3 panic on `cpu` and returns EL3_NEXT_PANIC. */
enum el3_next el3_panic_next(struct el3_cpu *cpu, const char *msg,
			     uint64_t arg);

/** Writes an SMC_UNKNOWN answer (x0 = -1) into `ctx`. */
void el3_ret_unknown(struct el3_world_ctx *ctx);

#ifdef __cplusplus
}
#endif
