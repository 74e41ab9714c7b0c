/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * A partition's stage-2 tables, built from its manifests: the package
 * window [load_address, load_address + mem_size) identity-mapped
 * read-write-execute in the secure IPA space, then each memory and device
 * region with the attributes its manifest gives (RX/TX buffers included);
 * regions with the NS attribute go to the non-secure IPA space.
 */

#include "spmc/arch/vcpu.h"

#include "spmc/manifest.h"
#include "spmc/mm.h"

#include "internal.h"

/* Memory a partition owns exclusively (docs/design/mem_share.md). */
#define OWN (MM_MODE_OWNED | MM_MODE_EXCLUSIVE)

static uint32_t region_mode(uint32_t attributes)
{
	uint32_t mode = 0;

	if ((attributes & MANIFEST_REGION_R) != 0) {
		mode |= MM_MODE_R;
	}
	if ((attributes & MANIFEST_REGION_W) != 0) {
		mode |= MM_MODE_W;
	}
	if ((attributes & MANIFEST_REGION_X) != 0) {
		mode |= MM_MODE_X;
	}
	return mode;
}

/** Identity-maps [base, base + pages) in the IPA space `ns` selects. */
static enum mm_error map(struct partition *p, bool ns, uint64_t base,
			 uint64_t pages, uint32_t mode, struct mpool *ppool)
{
	struct mm_ptable *t = ns ? &p->s2.ns : &p->s2.secure;
	struct mm_ptable_locked locked = mm_ptable_lock(t);
	enum mm_error e;

	e = mm_identity_map(locked, pa_init(base),
			    pa_init(base + pages * MM_PAGE_SIZE),
			    mode | (ns ? MM_MODE_NS : 0), ppool);
	mm_ptable_unlock(&locked);
	return e;
}

static enum mm_error map_regions(struct partition *p, struct mpool *ppool)
{
	const struct manifest_partition *m = p->manifest;
	enum mm_error e = MM_SUCCESS;

	for (uint32_t i = 0; i < m->mem_region_count && e == MM_SUCCESS; i++) {
		const struct manifest_mem_region *r = &m->mem_regions[i];

		/* Stage 2 has no write-only or execute-only pages. */
		if ((r->attributes & MANIFEST_REGION_R) == 0) {
			return MM_ERROR_MODE;
		}
		bool ns = (r->attributes & MANIFEST_REGION_NS) != 0;

		/*
		 * Secure memory regions are the partition's own (it may
		 * share, lend or donate them); NS regions belong to the
		 * normal world.
		 */
		e = map(p, ns, r->base, r->pages_count,
			region_mode(r->attributes) | (ns ? 0 : OWN), ppool);
	}
	for (uint32_t i = 0; i < m->dev_region_count && e == MM_SUCCESS; i++) {
		const struct manifest_dev_region *r = &m->dev_regions[i];

		e = map(p, (r->attributes & MANIFEST_REGION_NS) != 0, r->base,
			r->pages_count,
			region_mode(r->attributes & ~MANIFEST_REGION_X) |
			    MM_MODE_D,
			ppool);
	}
	return e;
}

bool loader_stage2_build(struct partition *p, struct mpool *ppool,
			 const char **why)
{
	enum mm_error e = mm_stage2_init(&p->s2, p->vmid, ppool);

	if (e != MM_SUCCESS) {
		*why = mm_error_name(e);
		return false;
	}
	e = map(p, false, p->vm->load_address, p->vm->mem_size / MM_PAGE_SIZE,
		MM_MODE_R | MM_MODE_W | MM_MODE_X | OWN, ppool);
	if (e == MM_SUCCESS) {
		e = map_regions(p, ppool);
	}
	if (e != MM_SUCCESS) {
		/* Nothing ran on these tables yet: drop them whole. */
		mm_stage2_fini(&p->s2, ppool);
		*why = mm_error_name(e);
		return false;
	}
	p->vsttbr = arch_stage2_ttbr(pa_addr(p->s2.secure.root), 0);
	p->vttbr = arch_stage2_ttbr(pa_addr(p->s2.ns.root), p->vmid);
	return true;
}
