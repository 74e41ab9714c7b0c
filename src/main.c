/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Boot of the SPMC at S-EL2 and the per-CPU loop.
 *
 * Cold boot (primary CPU): console, SPMC manifest, page pool, the SPMC's
 * own MMU, the GIC, checks against EL3 (its FF-A version, our ID), the
 * partitions, the secondary entry point; then the CPU loop boots the
 * partitions one by one and ends with FFA_MSG_WAIT to EL3. A secondary
 * CPU turns its MMU on with the tables the primary built and boots its MP
 * vCPUs the same way.
 */

#include <stdint.h>

#include "spmc/arch/cpu.h"
#include "spmc/arch/granule_el3.h"
#include "spmc/arch/init.h"
#include "spmc/arch/smc.h"
#include "spmc/arch/vcpu.h"

#include "spmc/cpu.h"
#include "spmc/dlog.h"
#include "spmc/ffa_dispatch.h"
#include "spmc/granule.h"
#include "spmc/loader.h"
#include "spmc/manifest.h"
#include "spmc/mm.h"
#include "spmc/mpool.h"
#include "spmc/partition.h"
#include "spmc/plat/console.h"
#include "spmc/spmc_mm.h"

#include "vmapi/spmc/ffa.h"

/* Image layout, from build/image/image.ld. */
extern char image_begin[], image_end[];

/* TF-A maps (and BL2 loads) at most one 4 KiB page of TOS_FW_CONFIG. */
#define SPMC_MANIFEST_MAX_SIZE 4096

#define PAGE_SIZE 4096

/* The parsed system configuration: large, so not on the boot stack. */
static struct manifest spmc_manifest;

/*
 * The page pool: page tables, vCPUs. It lives in the NOLOAD `.stacks`
 * output section, which the entry code does not zero (1 MiB of stores at
 * every cold boot): whoever takes a page initialises it.
 */
static struct mpool ppool;
static uint8_t heap[PLAT_HEAP_PAGES * PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE), section(".stacks.heap")));

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
void spmc_cold_boot(uintptr_t manifest_pa, uint64_t core_id);
void spmc_secondary_boot(uint64_t core_id);

/** Runs partitions and the normal world on this CPU, forever. */
static void __attribute__((noreturn)) cpu_loop(struct cpu *c, struct vcpu *next)
{
	for (;;) {
		if (next == NULL) {
			arch_nwd_enter(c);
			next = ffa_handle_nwd(c);
		} else {
			struct arch_exit e = arch_vcpu_enter(c, next);

			next = e.reason == ARCH_EXIT_CALL
				   ? ffa_handle_vcpu_call(c, next)
				   : ffa_handle_vcpu_exit(c, next, &e);
		}
	}
}

/**
 * Ends initialisation on this CPU with FFA_ERROR: the SPMD then boots the
 * normal world without the secure world (x2 must be non-zero: 0 would
 * count as success). Returns only if EL3 ever enters the SPMC again.
 */
static void init_failed(void)
{
	struct ffa_value args = { 0 };

	args.x[0] = FFA_ERROR_32;
	args.x[2] = (uint32_t)FFA_NOT_SUPPORTED;
	arch_smc(&args);
	dlog_error("EL3 re-entered the SPMC after FFA_ERROR: x0=%#lx\n",
		   (unsigned long)args.x[0]);
}

static bool parse_manifest(uintptr_t manifest_pa)
{
	struct manifest_error_info err;
	char msg[256];
	struct manifest_range image = {
		.base = (uintptr_t)image_begin,
		.end = (uintptr_t)image_end,
	};

	manifest_init(&spmc_manifest, image);
	if (manifest_parse_spmc(&spmc_manifest, (const void *)manifest_pa,
				SPMC_MANIFEST_MAX_SIZE,
				&err) != MANIFEST_SUCCESS) {
		manifest_error_format(&err, msg, sizeof(msg));
		dlog_error("%s\n", msg);
		return false;
	}
	return true;
}

/** Checks EL3's FF-A version and that it knows us by the manifest's ID. */
static bool check_el3(void)
{
	struct ffa_value v = { 0 };
	uint16_t id = spmc_manifest.spmc.attr.spmc_id;

	v.x[0] = FFA_VERSION_32;
	v.x[1] = FFA_VERSION_COMPILED;
	arch_smc(&v);
	if ((uint32_t)v.x[0] == (uint32_t)FFA_NOT_SUPPORTED ||
	    (v.x[0] >> FFA_VERSION_MAJOR_SHIFT) != 1) {
		dlog_error("EL3 FF-A version %#lx is not compatible\n",
			   (unsigned long)v.x[0]);
		return false;
	}
	dlog_info("EL3 (SPMD) FF-A version %u.%u\n",
		  (uint32_t)v.x[0] >> FFA_VERSION_MAJOR_SHIFT,
		  (uint32_t)v.x[0] & FFA_VERSION_MINOR_MASK);
	v = (struct ffa_value){ { FFA_ID_GET_32 } };
	arch_smc(&v);
	if ((uint32_t)v.x[0] != FFA_SUCCESS_32 || (uint16_t)v.x[2] != id) {
		dlog_error("EL3 gives the SPMC ID %#lx, the manifest %#x\n",
			   (unsigned long)v.x[2], id);
		return false;
	}
	return true;
}

/** Registers the secondary entry point with the SPMD. */
static void register_secondary_entry(void)
{
	struct ffa_value v = { 0 };

	v.x[0] = FFA_SECONDARY_EP_REGISTER_64;
	v.x[1] = arch_secondary_entry_address();
	arch_smc(&v);
	if ((uint32_t)v.x[0] != FFA_SUCCESS_64 &&
	    (uint32_t)v.x[0] != FFA_SUCCESS_32) {
		dlog_error("FFA_SECONDARY_EP_REGISTER(%#lx) failed: %d; "
			   "secondary CPUs will enter at the cold entry\n",
			   (unsigned long)arch_secondary_entry_address(),
			   ffa_error_code(&v));
	}
}

static bool cold_init(uintptr_t manifest_pa)
{
	const struct manifest_spmc *cfg = &spmc_manifest.spmc;
	struct granule_el3_ops el3;
	struct cpu *c;

	if (!parse_manifest(manifest_pa)) {
		return false;
	}
	mpool_init(&ppool, PAGE_SIZE);
	mpool_add_chunk(&ppool, heap, sizeof(heap));
	cpu_module_init(cfg->cpu_mpidr, cfg->cpu_count);
	c = cpu_find(arch_mpidr());
	if (c == NULL || c->index != 0) {
		dlog_error("the boot CPU (MPIDR %#lx) is not the manifest's "
			   "first CPU\n",
			   (unsigned long)arch_mpidr());
		return false;
	}
	if (!spmc_mm_init(cfg, manifest_pa, &ppool)) {
		dlog_error("building the SPMC's page tables failed\n");
		return false;
	}
	mpool_enable_locks();
	mm_enable_locks();
	dlog_enable_lock();
	if (!arch_gic_init(cfg->gic.present ? cfg->gic.distributor.base
					    : PLAT_GICD_BASE) ||
	    !check_el3()) {
		return false;
	}
	ffa_init(cfg);
	el3 = arch_granule_el3_ops();
	if (!ffa_mem_init(cfg, &ppool, &el3, granule_build_policy(),
			  arch_boot_entropy())) {
		dlog_error("memory sharing is not available\n");
	}
	arch_cpus_publish(cfg->cpu_mpidr, cfg->cpu_count);
	arch_cpu_init(c);
	loader_load_partitions(&spmc_manifest, &ppool);
	register_secondary_entry();
	return true;
}

void spmc_cold_boot(uintptr_t manifest_pa, uint64_t core_id)
{
	plat_console_init();
	dlog_notice("SPMC cold boot on core %lu at S-EL2, FF-A v%u.%u\n",
		    (unsigned long)core_id,
		    FFA_VERSION_COMPILED >> FFA_VERSION_MAJOR_SHIFT,
		    FFA_VERSION_COMPILED & FFA_VERSION_MINOR_MASK);
	if (!cold_init(manifest_pa)) {
		init_failed();
		return;
	}
	cpu_loop(cpu_get(0), ffa_boot_start(cpu_get(0)));
}

void spmc_secondary_boot(uint64_t core_id)
{
	struct cpu *c;

	/* With the MMU off, only data cleaned by the primary is reliable. */
	spmc_mm_cpu_enable(arch_cpu_index());
	c = cpu_current();
	arch_cpu_init(c);
	dlog_info("CPU %u (core %lu) up\n", c->index, (unsigned long)core_id);
	cpu_loop(c, ffa_boot_start(c));
}
