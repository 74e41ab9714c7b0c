/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * The SPMC's own address space (EL2 stage 1), identity-mapped: its image
 * with per-section permissions, its manifest, console and GIC, the secure
 * memory and devices of its manifest (partitions' packages live there),
 * and, on demand, normal-world pages such as RX/TX buffers.
 */

#include "spmc/spmc_mm.h"

#include "spmc/arch/mmu.h"

#include "spmc/dlog.h"
#include "spmc/manifest.h"
#include "spmc/mm.h"

extern char text_begin[], text_end[], rodata_begin[], rodata_end[];
extern char data_begin[], image_end[];
extern char arch_stacks[];

#define STACK_SIZE 8192U
#define GICD_SIZE 0x10000U
#define GICR_FRAME_SIZE 0x20000U

static struct mm_ptable stage1;
static struct mpool *stage1_pool;
/* The root for secondary CPUs, which read it with their MMU off. */
static paddr_t stage1_root __attribute__((aligned(64)));

static enum mm_error map_range(struct mm_ptable_locked t, uint64_t base,
			       uint64_t size, uint32_t mode)
{
	uint64_t begin = base & ~(MM_PAGE_SIZE - 1);
	uint64_t end = (base + size + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);

	return mm_identity_map(t, pa_init(begin), pa_init(end), mode,
			       stage1_pool);
}

static enum mm_error map_manifest_ranges(struct mm_ptable_locked t,
					 const struct manifest_spmc *cfg)
{
	enum mm_error e = MM_SUCCESS;

	for (uint32_t i = 0;
	     i < cfg->range_count[MANIFEST_MEM_SECURE] && e == MM_SUCCESS;
	     i++) {
		const struct manifest_range *r =
		    &cfg->ranges[MANIFEST_MEM_SECURE][i];

		e = map_range(t, r->base, r->end - r->base,
			      MM_MODE_R | MM_MODE_W);
	}
	for (uint32_t i = 0;
	     i < cfg->range_count[MANIFEST_DEV_SECURE] && e == MM_SUCCESS;
	     i++) {
		const struct manifest_range *r =
		    &cfg->ranges[MANIFEST_DEV_SECURE][i];

		e = map_range(t, r->base, r->end - r->base,
			      MM_MODE_R | MM_MODE_W | MM_MODE_D);
	}
	return e;
}

static enum mm_error map_platform(struct mm_ptable_locked t,
				  const struct manifest_spmc *cfg,
				  uint64_t manifest_pa)
{
	uint64_t gicd =
	    cfg->gic.present ? cfg->gic.distributor.base : PLAT_GICD_BASE;
	uint64_t dev = MM_MODE_R | MM_MODE_W | MM_MODE_D;
	enum mm_error e;

	e = map_range(t, manifest_pa, MM_PAGE_SIZE, MM_MODE_R);
	if (e == MM_SUCCESS) {
		e = map_range(t, PLAT_SPMC_UART_BASE, MM_PAGE_SIZE, dev);
	}
	if (e == MM_SUCCESS) {
		e = map_range(t, gicd, GICD_SIZE, dev);
	}
	if (e == MM_SUCCESS) {
		e = map_range(t, PLAT_GICR_BASE,
			      (uint64_t)PLAT_MAX_CPUS * GICR_FRAME_SIZE, dev);
	}
	return e;
}

bool spmc_mm_init(const struct manifest_spmc *cfg, uint64_t manifest_pa,
		  struct mpool *ppool)
{
	struct mm_image_layout layout = {
		.text_begin = pa_init((uintptr_t)text_begin),
		.text_end = pa_init((uintptr_t)text_end),
		.rodata_begin = pa_init((uintptr_t)rodata_begin),
		.rodata_end = pa_init((uintptr_t)rodata_end),
		.data_begin = pa_init((uintptr_t)data_begin),
		.data_end = pa_init((uintptr_t)image_end),
	};
	struct mm_ptable_locked t;
	enum mm_error e;

	stage1_pool = ppool;
	e = mm_ptable_init(&stage1, MM_S1_EL2, ppool);
	if (e != MM_SUCCESS) {
		dlog_error("stage 1: %s\n", mm_error_name(e));
		return false;
	}
	t = mm_ptable_lock(&stage1);
	/* Secure memory first: the image's own permissions then win. */
	e = map_manifest_ranges(t, cfg);
	if (e == MM_SUCCESS) {
		e = map_platform(t, cfg, manifest_pa);
	}
	if (e == MM_SUCCESS) {
		e = mm_identity_map_image(t, &layout, ppool);
	}
	mm_ptable_unlock(&t);
	if (e != MM_SUCCESS) {
		dlog_error("stage 1: %s\n", mm_error_name(e));
		return false;
	}
	stage1_root = stage1.root;
	arch_mm_enable_cold(stage1.root);
	arch_mm_dcache_clean((uintptr_t)&stage1_root,
			     (uintptr_t)&stage1_root + sizeof(stage1_root));
	return true;
}

void spmc_mm_cpu_enable(uint32_t cpu_index)
{
	uintptr_t stack =
	    (uintptr_t)arch_stacks + (uintptr_t)cpu_index * STACK_SIZE;

	arch_mm_enable_warm(stage1_root, stack, stack + STACK_SIZE);
}

bool spmc_mm_map_ns(const struct spmc_mm_range *ranges, uint32_t count)
{
	struct mm_ptable_locked t = mm_ptable_lock(&stage1);
	struct mm_update u;
	struct mm_req req[2];
	bool ok = true;

	if (count > 2) {
		mm_ptable_unlock(&t);
		return false;
	}
	mm_update_init(&u, stage1_pool);
	for (uint32_t i = 0; i < count && ok; i++) {
		uint32_t mode = MM_MODE_R | MM_MODE_NS |
				(ranges[i].writable ? MM_MODE_W : 0);

		req[i] = mm_req_identity(pa_init(ranges[i].pa),
					 pa_init(ranges[i].pa + ranges[i].size),
					 mode);
		ok = mm_prepare(t, &u, &req[i]) == MM_SUCCESS;
	}
	for (uint32_t i = 0; i < count && ok; i++) {
		mm_commit(t, &u, &req[i]);
	}
	mm_update_fini(t, &u);
	mm_ptable_unlock(&t);
	return ok;
}

void spmc_mm_unmap_ns(const struct spmc_mm_range *ranges, uint32_t count)
{
	struct mm_ptable_locked t = mm_ptable_lock(&stage1);

	for (uint32_t i = 0; i < count; i++) {
		/*
		 * RX/TX buffers are page-mapped (at most 63 pages, never
		 * inside a block), so this needs no table; log if it did.
		 */
		enum mm_error e =
		    mm_identity_map(t, pa_init(ranges[i].pa),
				    pa_init(ranges[i].pa + ranges[i].size),
				    MM_MODE_UNMAPPED, stage1_pool);

		if (e != MM_SUCCESS) {
			dlog_error("unmapping %#lx: %s\n",
				   (unsigned long)ranges[i].pa,
				   mm_error_name(e));
		}
	}
	mm_ptable_unlock(&t);
}
