/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Checks of one partition against the rest of the system: the SPMC image and
 * manifest ranges, the other partitions' memory, IDs, boot order,
 * interrupts and stream IDs. Called while the partition is parsed, so each
 * error names the node it came from.
 */

#include "spmc/checked.h"
#include "spmc/std.h"

#include "internal.h"

/** Another endpoint (or the SPMC) already uses `id`. */
static bool system_id_taken(const struct manifest *m, uint16_t id)
{
	if (id == m->spmc.attr.spmc_id) {
		return true;
	}
	for (uint32_t i = 0; i < m->partition_count; i++) {
		const struct manifest_partition *o = &m->partitions[i];

		if (o->id == id ||
		    (o->has_auxiliary_id && o->auxiliary_id == id)) {
			return true;
		}
	}
	return false;
}

/** IDs and boot order are unique across the system. */
enum manifest_error mp_check_identity(struct mp *p, const struct fdt_node *root,
				      const struct manifest_partition *part)
{
	const struct manifest *m = p->m;

	if (system_id_taken(m, part->id)) {
		return mp_fail(p, MANIFEST_ERROR_DUPLICATE_PARTITION_ID, root,
			       part->id_from_manifest ? "id" : NULL, "0x%x%s",
			       part->id,
			       part->id_from_manifest ? "" : " (from vmN)");
	}
	if (part->has_auxiliary_id &&
	    (part->auxiliary_id == part->id ||
	     system_id_taken(m, part->auxiliary_id))) {
		return mp_fail(p, MANIFEST_ERROR_DUPLICATE_PARTITION_ID, root,
			       "auxiliary-id", "0x%x", part->auxiliary_id);
	}
	if (part->boot_order == MANIFEST_BOOT_ORDER_DEFAULT) {
		return MANIFEST_SUCCESS;
	}
	for (uint32_t i = 0; i < m->partition_count; i++) {
		if (m->partitions[i].boot_order == part->boot_order) {
			return mp_fail(
			    p, MANIFEST_ERROR_DUPLICATE_BOOT_ORDER, root,
			    "boot-order", "%u, as vm%u", part->boot_order,
			    m->spmc.vms[m->partitions[i].vm_index].index);
		}
	}
	return MANIFEST_SUCCESS;
}

/** Another partition already owns interrupt `id`. */
bool mp_interrupt_taken(const struct manifest *m, uint32_t id)
{
	for (uint32_t i = 0; i < m->partition_count; i++) {
		const struct manifest_partition *o = &m->partitions[i];

		for (uint32_t j = 0; j < o->interrupt_count; j++) {
			if (o->interrupts[j].id == id) {
				return true;
			}
		}
	}
	return false;
}

/** Another partition's device already declares stream `id` on `smmu`. */
bool mp_stream_taken(const struct manifest *m, uint32_t smmu, uint32_t id)
{
	for (uint32_t i = 0; i < m->partition_count; i++) {
		const struct manifest_partition *o = &m->partitions[i];

		for (uint32_t d = 0; d < o->dev_region_count; d++) {
			const struct manifest_dev_region *r =
			    &o->dev_regions[d];

			for (uint32_t s = r->stream_first;
			     s < r->stream_first + r->stream_count; s++) {
				if (r->smmu_id == smmu &&
				    o->stream_ids[s] == id) {
					return true;
				}
			}
		}
	}
	return false;
}

static uint64_t system_region_end(uint64_t base, uint32_t pages)
{
	/* regions.c checked that this does not overflow. */
	return base + (uint64_t)pages * MANIFEST_PAGE_SIZE;
}

/** True if `[base, end)` overlaps a region of `part`. */
static bool system_overlaps_regions(const struct manifest_partition *part,
				    uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < part->mem_region_count; i++) {
		const struct manifest_mem_region *r = &part->mem_regions[i];

		if (r->base_kind != MANIFEST_BASE_ALLOCATED &&
		    ranges_overlap(
			base, end, r->base,
			system_region_end(r->base, r->pages_count))) {
			return true;
		}
	}
	for (uint32_t i = 0; i < part->dev_region_count; i++) {
		const struct manifest_dev_region *r = &part->dev_regions[i];

		if (ranges_overlap(
			base, end, r->base,
			system_region_end(r->base, r->pages_count))) {
			return true;
		}
	}
	return false;
}

/** True if `[base, end)` overlaps another partition's memory or regions. */
static bool system_overlaps_others(const struct manifest *m,
				   const struct manifest_partition *part,
				   uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < m->spmc.vm_count; i++) {
		const struct manifest_vm *vm = &m->spmc.vms[i];

		if (i != part->vm_index &&
		    ranges_overlap(base, end, vm->load_address,
				   vm->load_address + vm->mem_size)) {
			return true;
		}
	}
	for (uint32_t i = 0; i < m->partition_count; i++) {
		if (system_overlaps_regions(&m->partitions[i], base, end)) {
			return true;
		}
	}
	return false;
}

/**
 * Places one region of `part` (not yet added to it) in the system: not on
 * the SPMC, wholly inside or wholly outside the partition's own memory,
 * inside a manifest range of its kind when outside, clear of the
 * partition's other regions and of every other partition.
 */
enum manifest_error mp_check_region(struct mp *p, const struct fdt_node *n,
				    const char *prop,
				    const struct manifest_partition *part,
				    uint64_t base, uint32_t pages,
				    uint32_t attrs, bool device)
{
	const struct manifest *m = p->m;
	uint64_t end = system_region_end(base, pages);
	uint64_t own_end = part->load_address + part->mem_size;
	bool ns = (attrs & MANIFEST_REGION_NS) != 0;
	enum manifest_range_kind kind;

	if (ranges_overlap(base, end, m->spmc_image.base, m->spmc_image.end)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_OVERLAPS_SPMC, n, prop,
			       "[0x%llx, 0x%llx)", (unsigned long long)base,
			       (unsigned long long)end);
	}
	if (system_overlaps_regions(part, base, end)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_OVERLAP, n, prop,
			       "[0x%llx, 0x%llx)", (unsigned long long)base,
			       (unsigned long long)end);
	}
	if (range_within(base, end, part->load_address, own_end)) {
		/* A re-mapping of the partition's own (secure) memory. */
		if (device || ns) {
			return mp_fail(p, MANIFEST_ERROR_REGION_OUTSIDE_RANGES,
				       n, prop,
				       "%s region inside the partition's "
				       "secure memory",
				       device ? "a device" : "an NS");
		}
		return MANIFEST_SUCCESS;
	}
	if (ranges_overlap(base, end, part->load_address, own_end)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_OVERLAP, n, prop,
			       "straddles the partition's own memory");
	}
	if (device) {
		kind = ns ? MANIFEST_DEV_NS : MANIFEST_DEV_SECURE;
	} else {
		kind = ns ? MANIFEST_MEM_NS : MANIFEST_MEM_SECURE;
	}
	if (!mp_in_ranges(&m->spmc, kind, base, end)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_OUTSIDE_RANGES, n, prop,
			       "[0x%llx, 0x%llx)", (unsigned long long)base,
			       (unsigned long long)end);
	}
	if (system_overlaps_others(m, part, base, end)) {
		return mp_fail(p, MANIFEST_ERROR_REGION_OVERLAPS_PARTITION, n,
			       prop, "[0x%llx, 0x%llx)",
			       (unsigned long long)base,
			       (unsigned long long)end);
	}
	return MANIFEST_SUCCESS;
}

/** Partition indices in boot order; ties keep vmN order. */
void manifest_boot_order(const struct manifest *m, uint32_t *order)
{
	for (uint32_t i = 0; i < m->partition_count; i++) {
		uint32_t j = i;

		/* Insertion sort: at most PLAT_MAX_PARTITIONS entries. */
		while (j > 0 && m->partitions[order[j - 1]].boot_order >
				    m->partitions[i].boot_order) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

/** The partition whose endpoint ID is `id`, or NULL. */
const struct manifest_partition *
manifest_find_partition(const struct manifest *m, uint16_t id)
{
	for (uint32_t i = 0; i < m->partition_count; i++) {
		if (m->partitions[i].id == id) {
			return &m->partitions[i];
		}
	}
	return NULL;
}
