/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/arch/vcpu.h"

struct cpu;
struct vcpu;

/**
 * The FF-A dispatcher: the core's entry for every request. Each function
 * takes the state of the calling CPU and returns the vCPU to run next, or
 * NULL to return to the normal world with `c->nwd`.
 */

#ifdef __cplusplus
extern "C" {
#endif

struct manifest_spmc;

/** Sets up the dispatcher from the SPMC manifest (our ID, NS memory). */
void ffa_init(const struct manifest_spmc *config);

struct mpool;
struct granule_el3_ops;

/**
 * Sets up memory sharing: the granule map over the manifest's `ns-memory`
 * ranges with EL3 reached through `el3` and the given `policy` (an `enum
 * granule_policy`), and the transaction store keyed by `seed`. False (and
 * memory sharing answers FFA_NOT_SUPPORTED) if the pool is short.
 */
bool ffa_mem_init(const struct manifest_spmc *cfg, struct mpool *ppool,
		  const struct granule_el3_ops *el3, int policy, uint64_t seed);

/** Drops every transaction and the granule map (host tests). */
void ffa_mem_fini(void);

/** A request from EL3 (forwarded NWd call, framework message, interrupt). */
struct vcpu *ffa_handle_nwd(struct cpu *c);

/** An FF-A call made by `v` (its registers hold the call). */
struct vcpu *ffa_handle_vcpu_call(struct cpu *c, struct vcpu *v);

/** Any other exit of `v`: interrupt or unrecoverable fault. */
struct vcpu *ffa_handle_vcpu_exit(struct cpu *c, struct vcpu *v,
				  const struct arch_exit *e);

/**
 * Starts the boot of partitions on CPU `c`: the cold boot of every
 * partition on the primary CPU, or of the MP partitions' vCPUs on a
 * secondary CPU. Returns the first vCPU to run, or NULL with FFA_MSG_WAIT
 * in `c->nwd` if there is nothing to boot.
 */
struct vcpu *ffa_boot_start(struct cpu *c);

#ifdef __cplusplus
}
#endif
