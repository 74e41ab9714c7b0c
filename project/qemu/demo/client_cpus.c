/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "client.h"
#include "driver/console.h"
#include "driver/cpu.h"
#include "driver/ffa.h"
#include "driver/psci.h"

/*
 * The demo's secondary CPUs: each one, started with PSCI CPU_ON, sends a
 * direct request to the MP partition, whose vCPU for that CPU answers.
 * With the MMU off the normal world's memory is Device memory, so a result
 * is visible to CPU 0 once its `done` flag is.
 */

/** What secondary CPU n did, written by it; `done` last. */
struct client_cpu_result {
	struct ffa_value ret;
	bool ok;
	volatile bool done;
};

static struct client_cpu_result client_cpu_results[CLIENT_CPUS];
static uint16_t client_cpu_target;

/* The payload CPU `cpu` sends: distinct per CPU. */
static struct ffa_direct_args client_cpu_args(uint32_t cpu)
{
	struct ffa_direct_args args = { 0 };
	size_t i;

	for (i = 1; i < FFA_DIRECT_MSG_ARGS; i++) {
		args.x[i] = ((uint64_t)cpu << 32) | (0x100 * i);
	}
	return args;
}

/* A secondary CPU's work; it turns itself off when this returns. */
static void client_cpu_main(uintptr_t arg)
{
	uint32_t cpu = nwd_cpu_index();
	struct client_cpu_result *r = &client_cpu_results[arg];
	struct ffa_direct_args args = client_cpu_args(cpu);

	r->ret = nwd_direct_req_64(client_cpu_target, &args);
	r->ok = cpu == arg &&
		client_check_echo(&r->ret, FFA_MSG_SEND_DIRECT_RESP_64,
				  client_cpu_target, &args, cpu);
	__asm__ volatile("dsb sy" : : : "memory");
	r->done = true;
}

/** Runs the secondary CPUs' round (client.h). */
bool client_secondaries(uint16_t mp)
{
	bool started[CLIENT_CPUS] = { false };
	bool ok = true;
	uint32_t cpu;

	client_cpu_target = mp;
	nwd_printf("demo: secondary CPUs (PSCI CPU_ON), each to MP partition "
		   "0x%04x:\n",
		   mp);
	for (cpu = 1; cpu < CLIENT_CPUS; cpu++) {
		int32_t rc = nwd_cpu_start(cpu, client_cpu_main, cpu);

		if (rc != PSCI_E_SUCCESS) {
			nwd_printf("demo:   CPU %u: CPU_ON failed (%d)\n", cpu,
				   rc);
			ok = false;
			continue;
		}
		started[cpu] = true;
	}
	for (cpu = 1; cpu < CLIENT_CPUS; cpu++) {
		struct client_cpu_result *r = &client_cpu_results[cpu];

		if (!started[cpu]) {
			continue;
		}
		while (!r->done) {
		}
		ok &= client_report(cpu, "DIRECT_REQ_64", mp, &r->ret, r->ok);
	}
	for (cpu = 1; cpu < CLIENT_CPUS; cpu++) {
		while (started[cpu] && psci_affinity_info(nwd_cpu_mpidr(cpu),
							  0) != PSCI_AFF_OFF) {
		}
	}
	nwd_printf("demo: CPUs 1-%u are off again (PSCI CPU_OFF)\n",
		   CLIENT_CPUS - 1);
	return ok;
}
