/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

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
