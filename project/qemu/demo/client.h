/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "vmlib/ffa.h"

/** Partitions the client lists (the demo has two). */
#define CLIENT_MAX_PARTITIONS 8

/** CPUs of the demo's machine (QEMU -smp 4, spmc_manifest.dts). */
#define CLIENT_CPUS 4

/**
 * Whether `ret` is the demo echo (demo.h) of the REQ_32/REQ_64 payload
 * `args`: response `resp_fid` from `sp`, run by vCPU `vcpu`.
 */
bool client_check_echo(const struct ffa_value *ret, uint32_t resp_fid,
		       uint16_t sp, const struct ffa_direct_args *args,
		       uint32_t vcpu);

/**
 * Prints one line on the outcome of request `what` from CPU `cpu` to `sp`
 * (answer `ret`) and counts the message if `ok`. Returns `ok`.
 */
bool client_report(uint32_t cpu, const char *what, uint16_t sp,
		   const struct ffa_value *ret, bool ok);

/**
 * Starts CPUs 1 .. CLIENT_CPUS - 1 with PSCI CPU_ON; each sends one
 * DIRECT_REQ_64 to the MP partition `mp`, whose answering vCPU must be the
 * CPU's index, and turns itself off. Waits until all are off again and
 * reports each. Returns true if every CPU got the right answer.
 */
bool client_secondaries(uint16_t mp);
