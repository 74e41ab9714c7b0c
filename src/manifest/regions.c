/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Memory regions, device regions with their interrupts and DMA stream IDs,
 * and the RX/TX buffer node of a partition manifest. Checks that need only
 * this partition (alignment, overflow, permissions, overlaps between its
 * own regions) are made here; system-wide ones in system.c.
 */

#include "spmc/checked.h"
#include "spmc/std.h"

#include "internal.h"

#define PERM_MASK (MANIFEST_REGION_R | MANIFEST_REGION_W | MANIFEST_REGION_X)
#define ATTR_MASK (PERM_MASK | MANIFEST_REGION_NS)

static const char *const mem_region_props[] = {
	"description",
	"pages-count",
	"attributes",
	"base-address",
	"load-address-relative-offset",
	"smmu-id",
	"stream-ids",
	"stream-ids-access-permissions",
	"phandle",
	NULL,
};

static const char *const dev_region_props[] = {
	"description",      "pages-count", "attributes", "base-address",
	"smmu-id",          "stream-ids",  "interrupts", "interrupts-target",
	"exclusive-access", "phandle",     NULL,
};

/** Valid permission sets: R, RW, RX and (not at S-EL0) RWX. */
static bool regions_perm_valid(uint32_t attrs, bool device, bool s_el0)
{
	uint32_t perm = attrs & PERM_MASK;

	if ((attrs & ~ATTR_MASK) != 0) {
		return false;
	}
	if (device) {
		return perm == MANIFEST_REGION_R ||
		       perm == (MANIFEST_REGION_R | MANIFEST_REGION_W);
	}
	switch (perm) {
	case MANIFEST_REGION_R:
	case MANIFEST_REGION_R | MANIFEST_REGION_W:
	case MANIFEST_REGION_R | MANIFEST_REGION_X:
		return true;
	case PERM_MASK:
		return !s_el0;
	default:
		return false;
	}
}

/** pages-count and attributes, common to both region kinds. */
static enum manifest_error regions_size_perm(struct mp *p,
					     const struct fdt_node *n,
					     bool device, bool s_el0,
					     uint32_t *pages, uint32_t *attrs)
{
	TRY(mp_u32(p, n, "pages-count", pages, NULL));
	if (*pages == 0) {
		return mp_fail(p, MANIFEST_ERROR_REGION_EMPTY, n, "pages-count",
			       NULL);
	}
	TRY(mp_u32(p, n, "attributes", attrs, NULL));
	if (!regions_perm_valid(*attrs, device, s_el0)) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_MEM_PERM, n,
			       "attributes", "0x%x", *attrs);
	}
	return MANIFEST_SUCCESS;
}

/** Checks alignment and overflow of `[base, base + pages * 4K)`. */
static enum manifest_error regions_check_range(struct mp *p,
					       const struct fdt_node *n,
					       const char *prop, uint64_t base,
					       uint32_t pages)
{
	uint64_t size;
	uint64_t end;

	if (!is_aligned(base, MANIFEST_PAGE_SIZE)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_UNALIGNED, n, prop,
			       "0x%llx", (unsigned long long)base);
	}
	if (!checked_size(pages, MANIFEST_PAGE_SIZE, &size) ||
	    !checked_range_end(base, size, &end)) {
		return mp_fail(p, MANIFEST_ERROR_ADDRESS_OVERFLOW, n,
			       "pages-count", NULL);
	}
	return MANIFEST_SUCCESS;
}

/** smmu-id and stream-ids (plus, for memory, their permissions). */
static enum manifest_error
regions_streams(struct mp *p, const struct fdt_node *n,
		struct manifest_partition *part, uint32_t attrs, bool *has_smmu,
		uint32_t *smmu, uint32_t *first, uint32_t *count)
{
	struct fdt_cells ids;
	struct fdt_cells perms;
	bool has_ids;
	bool has_perms;
	bool memory = attrs != UINT32_MAX;

	TRY(mp_u32(p, n, "smmu-id", smmu, has_smmu));
	TRY(mp_cells(p, n, "stream-ids", &ids, &has_ids));
	has_perms = false;
	if (memory) {
		TRY(mp_cells(p, n, "stream-ids-access-permissions", &perms,
			     &has_perms));
	}
	*first = part->stream_count;
	*count = 0;
	if (!has_ids) {
		if (has_perms) {
			return mp_fail(
			    p, MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS,
			    n, "stream-ids-access-permissions",
			    "no stream-ids");
		}
		return MANIFEST_SUCCESS;
	}
	if (!*has_smmu) {
		return mp_fail(p, MANIFEST_ERROR_MISSING_SMMU_ID, n, "smmu-id",
			       NULL);
	}
	if (ids.count > PLAT_MAX_STREAM_IDS ||
	    part->stream_count + ids.count > ARRAY_SIZE(part->stream_ids)) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_STREAM_IDS, n,
			       "stream-ids", "limit %u per region",
			       PLAT_MAX_STREAM_IDS);
	}
	if (memory && (!has_perms || perms.count != ids.count)) {
		return mp_fail(
		    p, MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS, n,
		    "stream-ids-access-permissions", "one per stream ID");
	}
	for (size_t i = 0; i < ids.count; i++) {
		uint32_t perm = memory ? fdt_cells_get(&perms, i) : 0;

		if (memory &&
		    (perm == 0 || (perm & ~(attrs & PERM_MASK)) != 0)) {
			return mp_fail(
			    p, MANIFEST_ERROR_MISMATCH_DMA_ACCESS_PERMISSIONS,
			    n, "stream-ids-access-permissions",
			    "0x%x is not a subset of attributes 0x%x", perm,
			    attrs);
		}
		if (!memory &&
		    mp_stream_taken(p->m, *smmu, fdt_cells_get(&ids, i))) {
			return mp_fail(p, MANIFEST_ERROR_DUPLICATE_STREAM_ID, n,
				       "stream-ids",
				       "%u belongs to another partition",
				       fdt_cells_get(&ids, i));
		}
		part->stream_ids[part->stream_count] = fdt_cells_get(&ids, i);
		part->stream_perms[part->stream_count] = perm;
		part->stream_count++;
	}
	*count = (uint32_t)ids.count;
	return MANIFEST_SUCCESS;
}

/** One child of a memory-regions node. */
static enum manifest_error regions_parse_mem(struct mp *p,
					     const struct fdt_node *n,
					     struct manifest_partition *part)
{
	struct manifest_mem_region r = { 0 };
	bool has_base;
	bool has_rel;
	bool found;

	if (part->mem_region_count == PLAT_MAX_MEM_REGIONS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_MEM_REGIONS, n, NULL,
			       "limit %u", PLAT_MAX_MEM_REGIONS);
	}
	TRY(mp_string(p, n, "description", r.description, sizeof(r.description),
		      &found));
	TRY(regions_size_perm(p, n, false,
			      part->exception_level == MANIFEST_S_EL0,
			      &r.pages_count, &r.attributes));
	TRY(mp_u64(p, n, "base-address", &r.base, &has_base));
	TRY(mp_u64(p, n, "load-address-relative-offset", &r.relative_offset,
		   &has_rel));
	if (has_base && has_rel) {
		return mp_fail(p, MANIFEST_ERROR_BASE_AND_RELATIVE_ADDRESS, n,
			       "load-address-relative-offset", NULL);
	}
	if (has_rel) {
		r.base_kind = MANIFEST_BASE_RELATIVE;
		if (!checked_add_u64(part->load_address, r.relative_offset,
				     &r.base)) {
			return mp_fail(p, MANIFEST_ERROR_ADDRESS_OVERFLOW, n,
				       "load-address-relative-offset", NULL);
		}
	} else if (has_base) {
		r.base_kind = MANIFEST_BASE_ABSOLUTE;
	} else {
		/* The SPMC places it and tells the partition (binding). */
		r.base_kind = MANIFEST_BASE_ALLOCATED;
	}
	TRY(regions_check_range(
	    p, n, has_rel ? "load-address-relative-offset" : "base-address",
	    r.base, r.pages_count));
	if (r.base_kind != MANIFEST_BASE_ALLOCATED) {
		TRY(mp_check_region(
		    p, n,
		    has_rel ? "load-address-relative-offset" : "base-address",
		    part, r.base, r.pages_count, r.attributes, false));
	}
	TRY(regions_streams(p, n, part, r.attributes, &r.has_smmu_id,
			    &r.smmu_id, &r.stream_first, &r.stream_count));
	TRY(mp_u32(p, n, "phandle", &r.phandle, &found));
	mp_warn_unknown(p, n, mem_region_props);
	part->mem_regions[part->mem_region_count++] = r;
	return MANIFEST_SUCCESS;
}

/** True if `id` is a GICv3 INTID of the given type. */
static bool regions_intid_type(uint32_t id, uint32_t *type)
{
	if (id < 16) {
		*type = MANIFEST_INT_TYPE_SGI;
	} else if (id < 32 || (id >= 1056 && id < 1120)) {
		*type = MANIFEST_INT_TYPE_PPI;
	} else if (id < 1020 || (id >= 4096 && id < 5120)) {
		*type = MANIFEST_INT_TYPE_SPI;
	} else {
		return false;
	}
	return true;
}

/** One (id, attributes) pair of `interrupts`. */
static enum manifest_error
regions_add_interrupt(struct mp *p, const struct fdt_node *n,
		      struct manifest_partition *part, uint32_t id,
		      uint32_t attrs)
{
	struct manifest_interrupt *irq;
	uint32_t type =
	    (attrs & MANIFEST_INT_TYPE_MASK) >> MANIFEST_INT_TYPE_SHIFT;
	uint32_t id_type;

	if ((attrs & ~MANIFEST_INT_ATTR_VALID) != 0 || type == 3) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_INTERRUPT_ATTRIBUTES,
			       n, "interrupts", "id %u attributes 0x%x", id,
			       attrs);
	}
	if (!regions_intid_type(id, &id_type)) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_INTERRUPT_ID, n,
			       "interrupts", "%u", id);
	}
	if (id_type != type) {
		return mp_fail(p, MANIFEST_ERROR_INTERRUPT_TYPE_MISMATCH, n,
			       "interrupts", "id %u with type %u", id, type);
	}
	for (uint32_t i = 0; i < part->interrupt_count; i++) {
		if (part->interrupts[i].id == id) {
			return mp_fail(p, MANIFEST_ERROR_INTERRUPT_ID_REPEATED,
				       n, "interrupts", "%u", id);
		}
	}
	if (mp_interrupt_taken(p->m, id)) {
		return mp_fail(p, MANIFEST_ERROR_INTERRUPT_ID_REPEATED, n,
			       "interrupts", "%u belongs to another partition",
			       id);
	}
	if (part->interrupt_count == PLAT_MAX_INTERRUPTS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_INTERRUPTS, n,
			       "interrupts", "limit %u per partition",
			       PLAT_MAX_INTERRUPTS);
	}
	irq = &part->interrupts[part->interrupt_count++];
	*irq = (struct manifest_interrupt){
		.id = id,
		.attributes = attrs,
		.priority = (uint8_t)(attrs & MANIFEST_INT_PRIORITY_MASK),
		.type = (uint8_t)type,
		.secure = (attrs & MANIFEST_INT_SECURE) != 0,
		.level_triggered = (attrs & MANIFEST_INT_LEVEL) != 0,
		.dev_region = part->dev_region_count,
	};
	return MANIFEST_SUCCESS;
}

/** True if `mpidr` is one of the SPMC manifest's CPUs. */
static bool regions_cpu_known(const struct manifest_spmc *s, uint64_t mpidr)
{
	for (uint32_t i = 0; i < s->cpu_count; i++) {
		if (s->cpu_mpidr[i] == mpidr) {
			return true;
		}
	}
	return false;
}

/** `interrupts-target` (id, MPIDR high, MPIDR low) triples. */
static enum manifest_error regions_targets(struct mp *p,
					   const struct fdt_node *n,
					   struct manifest_partition *part,
					   uint32_t first)
{
	struct fdt_cells t;
	bool found;

	TRY(mp_cells(p, n, "interrupts-target", &t, &found));
	if (!found) {
		return MANIFEST_SUCCESS;
	}
	if (t.count % 3 != 0) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_LIST, n,
			       "interrupts-target", "triples expected");
	}
	for (size_t i = 0; i < t.count; i += 3) {
		uint32_t id = fdt_cells_get(&t, i);
		uint64_t mpidr = fdt_cells_get_n(&t, i + 1, 2);
		struct manifest_interrupt *irq = NULL;

		for (uint32_t j = first; j < part->interrupt_count; j++) {
			if (part->interrupts[j].id == id) {
				irq = &part->interrupts[j];
			}
		}
		if (irq == NULL) {
			return mp_fail(p,
				       MANIFEST_ERROR_INTERRUPT_ID_NOT_IN_LIST,
				       n, "interrupts-target", "%u", id);
		}
		if (irq->type != MANIFEST_INT_TYPE_SPI) {
			return mp_fail(p,
				       MANIFEST_ERROR_INTERRUPT_TARGET_NOT_SPI,
				       n, "interrupts-target", "%u", id);
		}
		if (irq->has_target) {
			return mp_fail(p, MANIFEST_ERROR_INTERRUPT_ID_REPEATED,
				       n, "interrupts-target",
				       "%u targeted twice", id);
		}
		if (!regions_cpu_known(&p->m->spmc, mpidr)) {
			return mp_fail(
			    p, MANIFEST_ERROR_INTERRUPT_TARGET_UNKNOWN_CPU, n,
			    "interrupts-target", "0x%llx",
			    (unsigned long long)mpidr);
		}
		irq->has_target = true;
		irq->target_mpidr = mpidr;
	}
	return MANIFEST_SUCCESS;
}

/** `interrupts` pairs and their targets. */
static enum manifest_error regions_interrupts(struct mp *p,
					      const struct fdt_node *n,
					      struct manifest_partition *part,
					      struct manifest_dev_region *r)
{
	struct fdt_cells ints;
	bool found;

	r->interrupt_first = part->interrupt_count;
	TRY(mp_cells(p, n, "interrupts", &ints, &found));
	if (!found) {
		if (fdt_has_property(n, "interrupts-target")) {
			return mp_fail(p,
				       MANIFEST_ERROR_INTERRUPT_ID_NOT_IN_LIST,
				       n, "interrupts-target", "no interrupts");
		}
		return MANIFEST_SUCCESS;
	}
	if (ints.count % 2 != 0) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_LIST, n,
			       "interrupts", "(id, attributes) pairs expected");
	}
	if (ints.count / 2 > PLAT_MAX_INTERRUPTS_PER_DEVICE) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_INTERRUPTS, n,
			       "interrupts", "limit %u per device region",
			       PLAT_MAX_INTERRUPTS_PER_DEVICE);
	}
	for (size_t i = 0; i < ints.count; i += 2) {
		TRY(regions_add_interrupt(p, n, part, fdt_cells_get(&ints, i),
					  fdt_cells_get(&ints, i + 1)));
	}
	r->interrupt_count = part->interrupt_count - r->interrupt_first;
	return regions_targets(p, n, part, r->interrupt_first);
}

/** One child of a device-regions node. */
static enum manifest_error regions_parse_dev(struct mp *p,
					     const struct fdt_node *n,
					     struct manifest_partition *part)
{
	struct manifest_dev_region r = { 0 };
	bool found;
	uint32_t dma = 0;

	if (part->dev_region_count == PLAT_MAX_DEV_REGIONS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_DEV_REGIONS, n, NULL,
			       "limit %u", PLAT_MAX_DEV_REGIONS);
	}
	TRY(mp_string(p, n, "description", r.description, sizeof(r.description),
		      &found));
	TRY(regions_size_perm(p, n, true, false, &r.pages_count,
			      &r.attributes));
	TRY(mp_u64(p, n, "base-address", &r.base, NULL));
	TRY(regions_check_range(p, n, "base-address", r.base, r.pages_count));
	TRY(mp_check_region(p, n, "base-address", part, r.base, r.pages_count,
			    r.attributes, true));
	TRY(regions_streams(p, n, part, UINT32_MAX, &r.has_smmu_id, &r.smmu_id,
			    &r.stream_first, &r.stream_count));
	for (uint32_t i = 0; i < part->dev_region_count; i++) {
		dma += part->dev_regions[i].stream_count != 0 ? 1 : 0;
	}
	if (r.stream_count != 0 && dma == PLAT_MAX_DMA_DEVICES) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_DMA_DEVICES, n,
			       "stream-ids", "limit %u", PLAT_MAX_DMA_DEVICES);
	}
	TRY(regions_interrupts(p, n, part, &r));
	TRY(mp_bool(p, n, "exclusive-access", &r.exclusive_access));
	mp_warn_unknown(p, n, dev_region_props);
	part->dev_regions[part->dev_region_count++] = r;
	return MANIFEST_SUCCESS;
}

/** Device stream IDs are unique; memory ones must name a device's. */
static enum manifest_error
regions_check_streams(struct mp *p, const struct fdt_node *root,
		      const struct manifest_partition *part)
{
	for (uint32_t d = 0; d < part->dev_region_count; d++) {
		const struct manifest_dev_region *r = &part->dev_regions[d];

		for (uint32_t i = r->stream_first;
		     i < r->stream_first + r->stream_count; i++) {
			/* Device entries are the ones without permissions. */
			for (uint32_t j = i + 1; j < part->stream_count; j++) {
				if (part->stream_ids[i] ==
					part->stream_ids[j] &&
				    part->stream_perms[j] == 0) {
					return mp_fail(
					    p,
					    MANIFEST_ERROR_DUPLICATE_STREAM_ID,
					    root, "stream-ids", "%u",
					    part->stream_ids[i]);
				}
			}
		}
	}
	for (uint32_t m = 0; m < part->mem_region_count; m++) {
		const struct manifest_mem_region *r = &part->mem_regions[m];

		for (uint32_t i = r->stream_first;
		     i < r->stream_first + r->stream_count; i++) {
			bool declared = false;

			for (uint32_t d = 0; d < part->dev_region_count; d++) {
				const struct manifest_dev_region *dr =
				    &part->dev_regions[d];

				for (uint32_t j = dr->stream_first;
				     j < dr->stream_first + dr->stream_count;
				     j++) {
					declared |= part->stream_ids[j] ==
							part->stream_ids[i] &&
						    dr->smmu_id == r->smmu_id;
				}
			}
			if (!declared) {
				return mp_fail(
				    p, MANIFEST_ERROR_STREAM_ID_NOT_DECLARED,
				    root, "stream-ids", "%u (%s)",
				    part->stream_ids[i], r->description);
			}
		}
	}
	return MANIFEST_SUCCESS;
}

/** Every region node among the root's children, then stream IDs. */
enum manifest_error mp_partition_regions(struct mp *p,
					 const struct fdt_node *root,
					 struct manifest_partition *part)
{
	struct fdt_node node;
	struct fdt_node n;

	for (bool ok = fdt_first_child(root, &node); ok;
	     ok = fdt_next_sibling(&node, &node)) {
		bool mem =
		    fdt_is_compatible(&node, "arm,ffa-manifest-memory-regions");
		bool dev =
		    fdt_is_compatible(&node, "arm,ffa-manifest-device-regions");

		if (!mem && !dev) {
			continue;
		}
		for (bool ok2 = fdt_first_child(&node, &n); ok2;
		     ok2 = fdt_next_sibling(&n, &n)) {
			if (mem) {
				TRY(regions_parse_mem(p, &n, part));
			} else {
				TRY(regions_parse_dev(p, &n, part));
			}
		}
	}
	return regions_check_streams(p, root, part);
}

/** Index of the memory region with `phandle`, or -1. */
static int regions_by_phandle(const struct manifest_partition *part,
			      uint32_t phandle)
{
	for (uint32_t i = 0; i < part->mem_region_count; i++) {
		if (phandle != 0 && part->mem_regions[i].phandle == phandle) {
			return (int)i;
		}
	}
	return -1;
}

/** The RX/TX buffer node: two distinct, equal-sized memory regions. */
enum manifest_error mp_partition_rxtx(struct mp *p, const struct fdt_node *n,
				      struct manifest_partition *part)
{
	uint32_t rx_ph;
	uint32_t tx_ph;
	int rx;
	int tx;
	const struct manifest_mem_region *r;
	const struct manifest_mem_region *t;

	TRY(mp_u32(p, n, "rx-buffer", &rx_ph, NULL));
	TRY(mp_u32(p, n, "tx-buffer", &tx_ph, NULL));
	rx = regions_by_phandle(part, rx_ph);
	tx = regions_by_phandle(part, tx_ph);
	if (rx < 0 || tx < 0 || rx == tx) {
		return mp_fail(p, MANIFEST_ERROR_RXTX_INVALID, n,
			       rx < 0 ? "rx-buffer" : "tx-buffer",
			       "phandles 0x%x / 0x%x", rx_ph, tx_ph);
	}
	r = &part->mem_regions[rx];
	t = &part->mem_regions[tx];
	if (r->pages_count != t->pages_count) {
		return mp_fail(p, MANIFEST_ERROR_RXTX_SIZE_MISMATCH, n,
			       "tx-buffer", "%u and %u pages", r->pages_count,
			       t->pages_count);
	}
	if ((r->attributes & (MANIFEST_REGION_R | MANIFEST_REGION_X)) !=
		MANIFEST_REGION_R ||
	    (t->attributes & PERM_MASK) !=
		(MANIFEST_REGION_R | MANIFEST_REGION_W)) {
		return mp_fail(p, MANIFEST_ERROR_RXTX_INVALID_PERM, n,
			       (r->attributes & MANIFEST_REGION_X) != 0 ||
				       (r->attributes & MANIFEST_REGION_R) == 0
				   ? "rx-buffer"
				   : "tx-buffer",
			       "RX 0x%x, TX 0x%x", r->attributes,
			       t->attributes);
	}
	part->rxtx_present = true;
	part->rx_region = (uint32_t)rx;
	part->tx_region = (uint32_t)tx;
	return MANIFEST_SUCCESS;
}
