/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/arch/vcpu_regs.h"

#include "spmc/manifest.h"
#include "spmc/mm.h"
#include "spmc/spinlock.h"

#include "vmapi/spmc/ffa.h"

struct cpu;
struct mpool;

/**
 * Partitions and their vCPUs.
 *
 * A partition is created by the loader from its manifest and lives until
 * the system stops (an aborted partition keeps its slot). Its vCPUs are
 * allocated with it: `vcpu_count` of them, MP vCPU n pinned to CPU n, a UP
 * vCPU migrating to the CPU that gives it cycles.
 *
 * Locks: `partition.lock` protects the mailbox and the version; each
 * `vcpu.lock` protects that vCPU's state, run-time model and call chain.
 * Order: partition.lock, then vcpu locks (two vCPUs: lower address first),
 * then page tables (mm), then mpool, then dlog. docs/architecture.md has
 * the whole table.
 */

/** vCPU states (FF-A v1.3 §7.2 run-time states, plus OFF). */
enum vcpu_state {
	/** Not started yet, or switched off with its CPU. */
	VCPU_OFF = 0,
	/** Running on `cpu`. */
	VCPU_RUNNING,
	/** In FFA_MSG_WAIT: can take a direct request or FFA_RUN. */
	VCPU_WAITING,
	/** Waiting for a direct response from `chain_next`. */
	VCPU_BLOCKED,
	/** Gave its cycles back with FFA_YIELD, resumable by FFA_RUN. */
	VCPU_PREEMPTED,
	/** Its partition failed or aborted: never runs again. */
	VCPU_ABORTED,
};

/** Run-time models (FF-A v1.3 §7.3): why a running vCPU has cycles. */
enum vcpu_rtm {
	RTM_NONE = 0,
	RTM_SP_INIT,
	RTM_FFA_DIR_REQ,
	RTM_FFA_RUN,
	RTM_SEC_INTERRUPT,
};

/** The kind of direct request a vCPU is serving. */
enum vcpu_req_kind {
	REQ_NONE = 0,
	REQ_32,
	REQ_64,
	REQ2,
	/** A framework message (PSCI) from the SPMC itself. */
	REQ_FWK_SPMC,
};

enum partition_state {
	/** Loaded, its primary vCPU not yet run. */
	PARTITION_CREATED = 0,
	/** Its primary vCPU is running its initialisation. */
	PARTITION_STARTING,
	/** Initialised: takes messages. */
	PARTITION_READY,
	/** Initialisation failed, or aborted at run time. */
	PARTITION_ABORTED,
};

/** Who owns an RX buffer (FF-A v1.3 §5.3.2). */
enum rx_owner {
	RX_OWNER_PRODUCER = 0, /* the SPMC may write it */
	RX_OWNER_CONSUMER,     /* the endpoint reads it */
};

/** RX/TX buffer pair of an endpoint. */
struct mailbox {
	bool mapped;
	/** Physical address of RX and TX (identity: IPA == PA for SPs). */
	uint64_t rx;
	uint64_t tx;
	uint32_t page_count;
	/** RX / TX are in the NS physical address space (the normal world's,
	 * or an SP manifest region with the NS attribute). */
	bool rx_ns;
	bool tx_ns;
	/** The buffers came from the manifest's rx_tx-info node. */
	bool from_manifest;
	enum rx_owner rx_owner;
};

struct vcpu {
	/** Register state; first so the world switch finds it at offset 0. */
	struct arch_vcpu arch;
	struct partition *partition;
	uint16_t index;
	/** CPU it runs or last ran on; fixed for MP vCPUs. */
	struct cpu *cpu;

	struct spinlock lock;
	enum vcpu_state state;
	enum vcpu_rtm rtm;

	/* The direct request being served (rtm == RTM_FFA_DIR_REQ). */
	enum vcpu_req_kind req_kind;
	/** Endpoint the response must go to. */
	uint16_t req_origin;
	/** The SP vCPU blocked on this one, NULL when the origin is the NWd. */
	struct vcpu *chain_prev;
	/** The vCPU this one is blocked on (state VCPU_BLOCKED). */
	struct vcpu *chain_next;
	/**
	 * Who gave cycles with FFA_RUN (rtm == RTM_FFA_RUN), or who gets
	 * FFA_YIELD: endpoint ID; `run_origin_vcpu` NULL for the NWd.
	 */
	uint16_t run_origin;
	struct vcpu *run_origin_vcpu;
	/** PREEMPTED by its own FFA_YIELD (else by an interrupt). */
	bool yielded;
	/**
	 * While PREEMPTED: who was told (FFA_YIELD or FFA_INTERRUPT) and so
	 * may resume it with FFA_RUN; NULL for the normal world.
	 */
	struct vcpu *resumer;

	/** FFA_CONSOLE_LOG line buffer. */
	uint32_t log_len;
	char log[128];
};

struct partition {
	uint16_t id;
	uint16_t vcpu_count;
	/** Position in boot order, 0 first. */
	uint32_t boot_index;
	const struct manifest_partition *manifest;
	const struct manifest_vm *vm;

	enum partition_state state;
	/** Primary entry and the one registered for secondary vCPUs (IPA). */
	uint64_t entry;
	uint64_t secondary_entry;
	/** IPA of the FF-A boot information blob, 0 if none. */
	uint64_t boot_info;
	/** FF-A version the partition declared or negotiated. */
	uint32_t ffa_version;
	/** Set by the first FF-A call other than FFA_VERSION. */
	bool version_locked;

	/** Stage-2 translation: both IPA spaces and the VMID. */
	uint16_t vmid;
	struct mm_stage2 s2;
	/** Arch-ready values of VSTTBR_EL2 / VTTBR_EL2. */
	uint64_t vsttbr;
	uint64_t vttbr;

	struct spinlock lock;
	struct mailbox mailbox;

	struct vcpu *vcpus;
};

/** The normal world as an FF-A endpoint (one ID: 0, the OS/hypervisor). */
struct nwd_endpoint {
	struct spinlock lock;
	uint32_t ffa_version;
	bool version_negotiated;
	bool version_locked;
	struct mailbox mailbox;
};

#ifdef __cplusplus
extern "C" {
#endif

/** Number of partitions created so far. */
uint32_t partition_count(void);

/** The i-th partition in boot order, or NULL. */
struct partition *partition_get(uint32_t boot_index);

/** The partition with endpoint ID `id`, or NULL. */
struct partition *partition_find(uint16_t id);

/**
 * Creates the partition for `m` with its vCPUs (allocated from `ppool`),
 * in boot order position `boot_index`. Returns NULL if out of memory or
 * slots; nothing is created then.
 */
struct partition *partition_create(const struct manifest_partition *m,
				   const struct manifest_vm *vm,
				   uint32_t boot_index, struct mpool *ppool);

/** Forgets every partition (host tests only). */
void partition_module_reset(void);

static inline bool partition_is_mp(const struct partition *p)
{
	return p->vcpu_count > 1;
}

/**
 * The vCPU of `p` that serves requests made on physical CPU `cpu_index`:
 * vCPU `cpu_index` for an MP partition (NULL if it has none), vCPU 0 for a
 * UP one.
 */
struct vcpu *partition_vcpu_for_cpu(struct partition *p, uint32_t cpu_index);

/** The FF-A registers of a vCPU: x0..x17 of its GP registers. */
static inline struct ffa_value *vcpu_ffa(struct vcpu *v)
{
	return &v->arch.gp.ffa;
}

/** The normal-world endpoint. */
struct nwd_endpoint *nwd_endpoint(void);

#ifdef __cplusplus
}
#endif
