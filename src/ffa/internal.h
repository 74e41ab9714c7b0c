/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/cpu.h"
#include "spmc/partition.h"

#include "vmapi/spmc/ffa.h"

/**
 * Shared by the files of src/ffa: the call being handled and the helpers
 * every handler uses. One file per FF-A area implements the handlers named
 * in dispatch.c's table.
 */

/** One FF-A call in flight. */
struct ffa_call {
	struct cpu *cpu;
	/** The calling vCPU, or NULL for the normal world (via EL3). */
	struct vcpu *vcpu;
	/** Its partition, NULL for the normal world. */
	struct partition *partition;
	/** The caller's endpoint ID. */
	uint16_t id;
	/** The caller's FF-A version. */
	uint32_t version;
	/** The decoded function ID (SVE hint cleared). */
	uint32_t fid;
	/** The caller's registers: the call on entry, the return on exit. */
	struct ffa_value *regs;
};

typedef struct vcpu *(*ffa_handler_fn)(struct ffa_call *call);

/* Who may call an ABI. */
#define FFA_FROM_NWD (1U << 0)
#define FFA_FROM_SP (1U << 1)
#define FFA_FROM_MP_SP (1U << 2) /* only MP partitions */
#define FFA_FROM_ANY (FFA_FROM_NWD | FFA_FROM_SP)

/** An entry of the dispatch table. */
struct ffa_abi {
	uint32_t fid;
	/** FFA_FROM_* */
	uint8_t from;
	/** Lowest caller FF-A version that may use it. */
	uint32_t min_version;
	ffa_handler_fn handler;
	/** FFA_FEATURES w2 for this function, given the caller. */
	uint32_t (*features)(const struct ffa_call *call);
};

/** The table entry of `fid`, or NULL if the SPMC does not implement it. */
const struct ffa_abi *ffa_abi_find(uint32_t fid);

/** Whether the caller of `call` may use `abi`. */
bool ffa_abi_allowed(const struct ffa_abi *abi, const struct ffa_call *call);

/** The SPMC's own endpoint ID (from the SPMC manifest). */
uint16_t ffa_spmc_id(void);
void ffa_set_spmc_id(uint16_t id);

/* Return values. */

static inline struct ffa_value ffa_error(int32_t code)
{
	struct ffa_value v = { 0 };

	v.x[0] = FFA_ERROR_32;
	v.x[2] = (uint32_t)code;
	return v;
}

static inline struct ffa_value ffa_success(uint64_t w2)
{
	struct ffa_value v = { 0 };

	v.x[0] = FFA_SUCCESS_32;
	v.x[2] = w2;
	return v;
}

/**
 * Writes the return `v` into the caller's registers (x0..x7; x8..x17 too
 * for an SMC64 return) and resumes the caller.
 */
struct vcpu *ffa_return(struct ffa_call *call, struct ffa_value v);

static inline struct vcpu *ffa_return_error(struct ffa_call *call, int32_t code)
{
	return ffa_return(call, ffa_error(code));
}

/** Whether x`first`..x`last` of the call are all zero (MBZ checks). */
bool ffa_regs_zero(const struct ffa_call *call, unsigned first, unsigned last);

/**
 * Delivers `v` to the normal world on this CPU (it becomes what EL3 gets
 * on the SPMC's next exit) and returns NULL, "run the normal world".
 */
struct vcpu *ffa_deliver_nwd(struct cpu *c, struct ffa_value v);

/** Delivers `v` into vCPU `target`'s registers, marks it running, runs it. */
struct vcpu *ffa_deliver_vcpu(struct cpu *c, struct vcpu *target,
			      struct ffa_value v);

/* Handlers, by area. */

/* setup.c */
struct vcpu *ffa_version_call(struct ffa_call *call);
struct vcpu *ffa_features_call(struct ffa_call *call);
struct vcpu *ffa_id_get_call(struct ffa_call *call);
struct vcpu *ffa_spm_id_get_call(struct ffa_call *call);
/** FFA_VERSION framework message from the SPMD: returns the w3 answer. */
uint32_t ffa_version_nwd_framework(uint32_t requested);

/* rxtx.c */
struct vcpu *ffa_rxtx_map_call(struct ffa_call *call);
struct vcpu *ffa_rxtx_unmap_call(struct ffa_call *call);
struct vcpu *ffa_rx_release_call(struct ffa_call *call);
/** The caller's mailbox (NWd endpoint or partition). */
struct mailbox *ffa_caller_mailbox(const struct ffa_call *call);
/** The lock of the caller's mailbox (its partition's, or the NWd's). */
struct spinlock *ffa_caller_lock(const struct ffa_call *call);

/* partition_info.c */
struct vcpu *ffa_partition_info_get_call(struct ffa_call *call);
struct vcpu *ffa_partition_info_get_regs_call(struct ffa_call *call);

/* direct_msg.c */
struct vcpu *ffa_direct_req_call(struct ffa_call *call);
struct vcpu *ffa_direct_resp_call(struct ffa_call *call);
/** SPMC-originated framework request to `target` (PSCI CPU_OFF). */
struct vcpu *ffa_direct_req_from_spmc(struct cpu *c, struct vcpu *target,
				      struct ffa_value req);

/* cycles.c */
struct vcpu *ffa_msg_wait_call(struct ffa_call *call);
struct vcpu *ffa_run_call(struct ffa_call *call);
struct vcpu *ffa_yield_call(struct ffa_call *call);
struct vcpu *ffa_error_call(struct ffa_call *call);
struct vcpu *ffa_secondary_ep_register_call(struct ffa_call *call);

/* boot.c */
/** The vCPU `v` ended its initialisation (ok = FFA_MSG_WAIT). */
struct vcpu *ffa_boot_vcpu_done(struct cpu *c, struct vcpu *v, bool ok);
/**
 * Aborts partition `p` (init failure or fatal fault of its vCPU `self`,
 * which may be NULL): no vCPU of it runs again.
 */
void ffa_partition_abort(struct partition *p, struct vcpu *self,
			 const char *why);

/* power.c */
struct vcpu *ffa_power_cpu_off(struct cpu *c);
struct vcpu *ffa_power_resp(struct cpu *c, struct vcpu *v, bool ok);

/* console.c */
struct vcpu *ffa_console_log_call(struct ffa_call *call);

/* mem_send.c, mem_retrieve.c, mem_reclaim.c */
struct vcpu *ffa_mem_send_call(struct ffa_call *call);
struct vcpu *ffa_mem_frag_tx_call(struct ffa_call *call);
struct vcpu *ffa_mem_retrieve_call(struct ffa_call *call);
struct vcpu *ffa_mem_frag_rx_call(struct ffa_call *call);
struct vcpu *ffa_mem_relinquish_call(struct ffa_call *call);
struct vcpu *ffa_mem_reclaim_call(struct ffa_call *call);
uint32_t ffa_mem_retrieve_features(const struct ffa_call *call);
/** `p` aborted: unmaps what it borrowed, drops its unfinished sends. */
void ffa_mem_partition_aborted(struct partition *p);

/**
 * A non-secure interrupt preempted `v`: it becomes PREEMPTED (resumable
 * with FFA_RUN) and the normal world gets FFA_INTERRUPT with its target
 * information (the "signalled" action of FF-A v1.3 §8.3).
 */
struct vcpu *ffa_vcpu_preempted(struct cpu *c, struct vcpu *v);

/** `v` cannot go on (fatal fault): aborts it and tells who waits on it. */
struct vcpu *ffa_vcpu_fatal(struct cpu *c, struct vcpu *v);

/* rxtx.c */
void ffa_rxtx_set_config(const struct manifest_spmc *config);

/* boot.c */
/** Prints the partition table (ID, EL, vCPUs, memory, methods, UUIDs). */
void ffa_log_partition_table(void);
