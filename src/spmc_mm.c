/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * The SPMC's own address space (EL2 stage 1), identity-mapped: its image
 * with per-section permissions, its manifest, console and GIC, the secure
 * memory and devices of its manifest (partitions' packages live there),
 * and, on demand, normal-world pages such as RX/TX buffers. Above the
 * identity map, two permanent windows onto the manifest's `ns-memory`, one
 * per physical address space, for spmc_mm_read/write/zero_pa
 * (docs/design/pa_access.md).
 */

#include "spmc/spmc_mm.h"

#include "spmc/arch/mmu.h"
#include "spmc/arch/pa_access.h"

#include "spmc/checked.h"
#include "spmc/dlog.h"
#include "spmc/manifest.h"
#include "spmc/mm.h"

extern char image_begin[];
extern char text_begin[], text_end[], rodata_begin[], rodata_end[];
extern char data_begin[], image_end[];
extern char arch_stacks[];

/*
 * The windows: `ns-memory` PA `pa` is at VA WINDOW_NS + pa (NS PAS) and at
 * WINDOW_SEC + pa (Secure PAS). Each window spans WINDOW_SIZE bytes of PA;
 * the identity map must stay below WINDOW_NS, and the 48-bit VA space
 * (T0SZ 16) ends at WINDOW_SEC + WINDOW_SIZE.
 */
#define WINDOW_SIZE (UINT64_C(1) << 46)
#define WINDOW_NS WINDOW_SIZE
#define WINDOW_SEC (2 * WINDOW_SIZE)
#define IDENTITY_END WINDOW_NS

#define STACK_SIZE 8192U
#define GICD_SIZE 0x10000U
#define GICR_FRAME_SIZE 0x20000U

static struct mm_ptable stage1;
static struct mpool *stage1_pool;
/* The manifest's memory ranges, for spmc_mm_*_pa; set by spmc_mm_init. */
static const struct manifest_spmc *spmc_cfg;
/* The root for secondary CPUs, which read it with their MMU off. */
static paddr_t stage1_root __attribute__((aligned(64)));

static enum mm_error map_range(struct mm_ptable_locked t, uint64_t base,
			       uint64_t size, uint32_t mode)
{
	uint64_t begin = base & ~(MM_PAGE_SIZE - 1);
	uint64_t end = (base + size + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);

	/* Nothing identity-mapped may reach into the windows. */
	if (end > IDENTITY_END || end < begin) {
		return MM_ERROR_RANGE;
	}
	return mm_identity_map(t, pa_init(begin), pa_init(end), mode,
			       stage1_pool);
}

/**
 * Maps every `ns-memory` range into both windows: Normal write-back
 * memory, read-write, never executable, in blocks wherever alignment
 * allows (the windows are 64 TiB-aligned, so VA and PA align alike).
 */
static enum mm_error map_windows(struct mm_ptable_locked t,
				 const struct manifest_spmc *cfg)
{
	enum mm_error e = MM_SUCCESS;

	for (uint32_t i = 0;
	     i < cfg->range_count[MANIFEST_MEM_NS] && e == MM_SUCCESS; i++) {
		const struct manifest_range *r =
		    &cfg->ranges[MANIFEST_MEM_NS][i];
		struct mm_req ns;
		struct mm_req sec;

		if (r->end > WINDOW_SIZE) {
			dlog_error("ns-memory [%#lx, %#lx) is beyond the "
				   "SPMC's windows (%#lx)\n",
				   (unsigned long)r->base,
				   (unsigned long)r->end,
				   (unsigned long)WINDOW_SIZE);
			return MM_ERROR_OUTPUT;
		}
		ns = mm_req_va(va_init(WINDOW_NS + r->base),
			       va_init(WINDOW_NS + r->end), pa_init(r->base),
			       MM_MODE_R | MM_MODE_W | MM_MODE_NS);
		sec = mm_req_va(va_init(WINDOW_SEC + r->base),
				va_init(WINDOW_SEC + r->end), pa_init(r->base),
				MM_MODE_R | MM_MODE_W);
		e = mm_map(t, &ns, stage1_pool);
		if (e == MM_SUCCESS) {
			e = mm_map(t, &sec, stage1_pool);
		}
	}
	return e;
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
		e = (uintptr_t)image_end <= IDENTITY_END
			? mm_identity_map_image(t, &layout, ppool)
			: MM_ERROR_RANGE;
	}
	if (e == MM_SUCCESS) {
		e = map_windows(t, cfg);
	}
	mm_ptable_unlock(&t);
	if (e != MM_SUCCESS) {
		dlog_error("stage 1: %s\n", mm_error_name(e));
		return false;
	}
	spmc_cfg = cfg;
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
		uint64_t end;

		/* Below the windows, which ns-memory is mapped in anyway. */
		if (!checked_range_end(ranges[i].pa, ranges[i].size, &end) ||
		    end > IDENTITY_END) {
			ok = false;
			break;
		}

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

/** Whether `[pa, end)` lies inside one manifest range of `kind`. */
static bool in_ranges(enum manifest_range_kind kind, uint64_t pa, uint64_t end)
{
	for (uint32_t i = 0; i < spmc_cfg->range_count[kind]; i++) {
		const struct manifest_range *r = &spmc_cfg->ranges[kind][i];

		if (range_within(pa, end, r->base, r->end)) {
			return true;
		}
	}
	return false;
}

/**
 * Where the SPMC reaches `[pa, pa + len)` of PAS `ns`: a window for
 * `ns-memory`, the identity map for secure memory outside the SPMC's own
 * image (NS PAS: `ns-memory` only). False if neither holds it whole.
 */
static bool pa_to_va(uint64_t pa, uint64_t len, bool ns, uintptr_t *va)
{
	uint64_t end;

	if (spmc_cfg == NULL || !checked_range_end(pa, len, &end)) {
		return false;
	}
	if (in_ranges(MANIFEST_MEM_NS, pa, end)) {
		/* Below WINDOW_SIZE: checked when the windows were mapped. */
		*va = (uintptr_t)((ns ? WINDOW_NS : WINDOW_SEC) + pa);
		return true;
	}
	if (!ns && in_ranges(MANIFEST_MEM_SECURE, pa, end) &&
	    !ranges_overlap(pa, end, (uintptr_t)image_begin,
			    (uintptr_t)image_end)) {
		*va = (uintptr_t)pa;
		return true;
	}
	return false;
}

bool spmc_mm_read_pa(void *dst, uint64_t pa, size_t len, bool ns)
{
	uintptr_t va;

	if (len == 0) {
		return true;
	}
	return pa_to_va(pa, len, ns, &va) &&
	       arch_copy_recoverable(dst, (const void *)va, len);
}

bool spmc_mm_write_pa(uint64_t pa, const void *src, size_t len, bool ns)
{
	uintptr_t va;

	if (len == 0) {
		return true;
	}
	return pa_to_va(pa, len, ns, &va) &&
	       arch_copy_recoverable((void *)va, src, len);
}

bool spmc_mm_zero_pa(uint64_t pa, uint64_t size, bool ns)
{
	uintptr_t va;

	if (size == 0) {
		return true;
	}
	return pa_to_va(pa, size, ns, &va) &&
	       arch_zero_recoverable((void *)va, (size_t)size);
}
