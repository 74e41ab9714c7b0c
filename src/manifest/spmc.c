/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The SPMC manifest (TOS_FW_CONFIG): the `attribute` node TF-A's SPMD reads,
 * `/cpus`, the memory nodes, an optional GICv3 node and the Hafnium-style
 * `/hypervisor/vmN` partition list, so existing TF-A and Hafnium platform
 * manifests work unchanged.
 */

#include "spmc/checked.h"
#include "spmc/dlog.h"
#include "spmc/std.h"

#include "internal.h"

/** Highest `attribute/min_ver` for major version 1. */
#define SPMC_MAX_MINOR (FFA_VERSION_COMPILED & FFA_VERSION_MINOR_MASK)

/** Bits of an MPIDR value that hold affinity (Aff3 and Aff2..Aff0). */
#define MPIDR_AFFINITY_MASK 0xFF00FFFFFFULL

static const char *const attribute_props[] = {
	"spmc_id",      "maj_ver",    "min_ver",     "exec_state",
	"load_address", "entrypoint", "binary_size", NULL,
};

static const char *const vm_props[] = {
	"is_ffa_partition",
	"hyp_loaded",
	"debug_name",
	"load_address",
	"vcpu_count",
	"mem_size",
	"smc_whitelist",
	"smc_whitelist_permissive",
	"exception-level",
	"phandle",
	NULL,
};

/** `attribute`: the checks TF-A's SPMD makes, plus the SPMC's own image. */
static enum manifest_error spmc_parse_attribute(struct mp *p,
						const struct fdt_node *attr)
{
	struct manifest_attribute *a = &p->m->spmc.attr;
	const struct manifest_range *img = &p->m->spmc_image;
	uint32_t spmc_id;
	uint64_t end;

	TRY(mp_u32(p, attr, "maj_ver", &a->maj_ver, NULL));
	TRY(mp_u32(p, attr, "min_ver", &a->min_ver, NULL));
	if (a->maj_ver != 1 || a->min_ver > SPMC_MAX_MINOR) {
		return mp_fail(p, MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION, attr,
			       a->maj_ver != 1 ? "maj_ver" : "min_ver",
			       "%u.%u; this SPMC implements 1.0 to 1.%u",
			       a->maj_ver, a->min_ver, SPMC_MAX_MINOR);
	}

	TRY(mp_u32(p, attr, "spmc_id", &spmc_id, NULL));
	if (spmc_id > UINT16_MAX || !ffa_id_is_secure((uint16_t)spmc_id) ||
	    spmc_id >= FFA_ID_SPMD_LP_FIRST) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_SPMC_ID, attr,
			       "spmc_id", "0x%x", spmc_id);
	}
	a->spmc_id = (uint16_t)spmc_id;

	a->exec_state = 0;
	TRY(mp_u32(p, attr, "exec_state", &a->exec_state, &(bool){ false }));
	if (a->exec_state != 0) {
		return mp_fail(p, MANIFEST_ERROR_UNSUPPORTED_EXEC_STATE, attr,
			       "exec_state", "%u", a->exec_state);
	}

	/*
	 * TF-A bounds FFA_SECONDARY_EP_REGISTER with these two, so the SPMC,
	 * which registers its warm entry, needs both (and load_address as two
	 * cells, which is all TF-A reads).
	 */
	TRY(mp_u64_2cells(p, attr, "load_address", &a->load_address, NULL));
	a->has_load_address = true;
	TRY(mp_u32(p, attr, "binary_size", &a->binary_size, NULL));
	if (!checked_range_end(a->load_address, a->binary_size, &end)) {
		return mp_fail(p, MANIFEST_ERROR_ADDRESS_OVERFLOW, attr,
			       "binary_size", NULL);
	}
	if (!range_within(img->base, img->end, a->load_address, end)) {
		return mp_fail(p, MANIFEST_ERROR_SPMC_IMAGE_OUTSIDE_BINARY,
			       attr, "binary_size", "image [0x%llx, 0x%llx)",
			       (unsigned long long)img->base,
			       (unsigned long long)img->end);
	}

	TRY(mp_u64_2cells(p, attr, "entrypoint", &a->entrypoint,
			  &a->has_entrypoint));
	if (a->has_entrypoint && a->entrypoint != img->base) {
		return mp_fail(p, MANIFEST_ERROR_SPMC_ENTRYPOINT_INVALID, attr,
			       "entrypoint", "0x%llx, image starts at 0x%llx",
			       (unsigned long long)a->entrypoint,
			       (unsigned long long)img->base);
	}
	mp_warn_unknown(p, attr, attribute_props);
	return MANIFEST_SUCCESS;
}

/** `/cpus`: the MPIDR of each CPU, primary first. */
static enum manifest_error spmc_parse_cpus(struct mp *p,
					   const struct fdt_node *root)
{
	struct manifest_spmc *s = &p->m->spmc;
	struct fdt_node cpus;
	struct fdt_node cpu;
	uint32_t ac;
	uint32_t sc;

	if (!fdt_find_child(root, "cpus", &cpus)) {
		return mp_fail(p, MANIFEST_ERROR_NO_CPUS, root, NULL,
			       "no /cpus node");
	}
	if (!fdt_cell_counts(&cpus, &ac, &sc)) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_CELL_COUNT, &cpus,
			       "#address-cells", NULL);
	}
	for (bool ok = fdt_first_child(&cpus, &cpu); ok;
	     ok = fdt_next_sibling(&cpu, &cpu)) {
		const char *type;
		struct fdt_cells reg;
		uint64_t mpidr;

		/* Other children (cpu-map...) carry no device_type "cpu". */
		if (fdt_read_string(&cpu, "device_type", &type, 16) != FDT_OK ||
		    strcmp(type, "cpu") != 0) {
			continue;
		}
		TRY(mp_cells(p, &cpu, "reg", &reg, NULL));
		if (reg.count != ac) {
			return mp_fail(p, MANIFEST_ERROR_MALFORMED_INTEGER,
				       &cpu, "reg", "%zu cells, expected %u",
				       reg.count, ac);
		}
		mpidr = fdt_cells_get_n(&reg, 0, ac);
		if ((mpidr & ~MPIDR_AFFINITY_MASK) != 0) {
			return mp_fail(p, MANIFEST_ERROR_INTEGER_OVERFLOW, &cpu,
				       "reg", "0x%llx is not an MPIDR affinity",
				       (unsigned long long)mpidr);
		}
		for (uint32_t i = 0; i < s->cpu_count; i++) {
			if (s->cpu_mpidr[i] == mpidr) {
				return mp_fail(p, MANIFEST_ERROR_DUPLICATE_CPU,
					       &cpu, "reg", "0x%llx",
					       (unsigned long long)mpidr);
			}
		}
		if (s->cpu_count == PLAT_MAX_CPUS) {
			return mp_fail(p, MANIFEST_ERROR_TOO_MANY_CPUS, &cpu,
				       NULL, "limit %u", PLAT_MAX_CPUS);
		}
		s->cpu_mpidr[s->cpu_count++] = mpidr;
	}
	if (s->cpu_count == 0) {
		return mp_fail(p, MANIFEST_ERROR_NO_CPUS, &cpus, NULL, NULL);
	}
	return MANIFEST_SUCCESS;
}

/** The kind of a memory node from its `device_type`, if it is one. */
static bool spmc_range_kind(const struct fdt_node *n,
			    enum manifest_range_kind *kind)
{
	static const char *const names[MANIFEST_RANGE_KIND_COUNT] = {
		[MANIFEST_MEM_SECURE] = "memory",
		[MANIFEST_MEM_NS] = "ns-memory",
		[MANIFEST_DEV_SECURE] = "device-memory",
		[MANIFEST_DEV_NS] = "ns-device-memory",
	};
	const char *type;

	if (fdt_read_string(n, "device_type", &type, 32) != FDT_OK) {
		return false;
	}
	for (uint32_t k = 0; k < MANIFEST_RANGE_KIND_COUNT; k++) {
		if (strcmp(type, names[k]) == 0) {
			*kind = (enum manifest_range_kind)k;
			return true;
		}
	}
	return false;
}

/** Checks a new range against every range recorded so far. */
static enum manifest_error spmc_check_overlap(struct mp *p,
					      const struct fdt_node *n,
					      uint64_t base, uint64_t end)
{
	const struct manifest_spmc *s = &p->m->spmc;

	for (uint32_t k = 0; k < MANIFEST_RANGE_KIND_COUNT; k++) {
		for (uint32_t i = 0; i < s->range_count[k]; i++) {
			const struct manifest_range *r = &s->ranges[k][i];

			if (ranges_overlap(base, end, r->base, r->end)) {
				return mp_fail(p,
					       MANIFEST_ERROR_MEM_RANGE_OVERLAP,
					       n, "reg",
					       "[0x%llx, 0x%llx) overlaps "
					       "[0x%llx, 0x%llx)",
					       (unsigned long long)base,
					       (unsigned long long)end,
					       (unsigned long long)r->base,
					       (unsigned long long)r->end);
			}
		}
	}
	return MANIFEST_SUCCESS;
}

/** One memory node: each (address, size) pair of its `reg`. */
static enum manifest_error spmc_parse_mem_node(struct mp *p,
					       const struct fdt_node *n,
					       enum manifest_range_kind kind,
					       uint32_t ac, uint32_t sc)
{
	struct manifest_spmc *s = &p->m->spmc;
	struct fdt_cells reg;
	uint32_t stride = ac + sc;

	TRY(mp_cells(p, n, "reg", &reg, NULL));
	if (sc == 0 || reg.count == 0 || reg.count % stride != 0) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_LIST, n, "reg",
			       "%zu cells for (%u + %u)-cell entries",
			       reg.count, ac, sc);
	}
	for (size_t i = 0; i < reg.count; i += stride) {
		uint64_t base = fdt_cells_get_n(&reg, i, ac);
		uint64_t size = fdt_cells_get_n(&reg, i + ac, sc);
		uint64_t end;

		if (size == 0) {
			return mp_fail(p, MANIFEST_ERROR_MEM_RANGE_EMPTY, n,
				       "reg", "base 0x%llx",
				       (unsigned long long)base);
		}
		if (!is_aligned(base, MANIFEST_PAGE_SIZE) ||
		    !is_aligned(size, MANIFEST_PAGE_SIZE)) {
			return mp_fail(p, MANIFEST_ERROR_MEM_RANGE_UNALIGNED, n,
				       "reg", "0x%llx + 0x%llx",
				       (unsigned long long)base,
				       (unsigned long long)size);
		}
		if (!checked_range_end(base, size, &end)) {
			return mp_fail(p, MANIFEST_ERROR_ADDRESS_OVERFLOW, n,
				       "reg", NULL);
		}
		TRY(spmc_check_overlap(p, n, base, end));
		if (s->range_count[kind] == PLAT_MAX_MEM_RANGES) {
			return mp_fail(p, MANIFEST_ERROR_TOO_MANY_MEM_RANGES, n,
				       "reg", "limit %u", PLAT_MAX_MEM_RANGES);
		}
		s->ranges[kind][s->range_count[kind]++] =
		    (struct manifest_range){ .base = base, .end = end };
	}
	return MANIFEST_SUCCESS;
}

/** Every child of the root with a memory `device_type`. */
static enum manifest_error spmc_parse_memory(struct mp *p,
					     const struct fdt_node *root)
{
	struct fdt_node n;
	uint32_t ac;
	uint32_t sc;

	if (!fdt_cell_counts(root, &ac, &sc)) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_CELL_COUNT, root,
			       "#address-cells", NULL);
	}
	for (bool ok = fdt_first_child(root, &n); ok;
	     ok = fdt_next_sibling(&n, &n)) {
		enum manifest_range_kind kind;

		if (spmc_range_kind(&n, &kind)) {
			TRY(spmc_parse_mem_node(p, &n, kind, ac, sc));
		}
	}
	if (p->m->spmc.range_count[MANIFEST_MEM_SECURE] == 0) {
		return mp_fail(p, MANIFEST_ERROR_MEMORY_MISSING, root, NULL,
			       "no node with device_type \"memory\"");
	}
	return MANIFEST_SUCCESS;
}

/** Reads an optional region-count property of the GIC node (must be 1..max). */
static enum manifest_error spmc_gic_count(struct mp *p,
					  const struct fdt_node *gic,
					  const char *prop, uint32_t max,
					  uint32_t *count)
{
	*count = 1;
	TRY(mp_u32(p, gic, prop, count, &(bool){ false }));
	if (*count < 1 || *count > max) {
		return mp_fail(p, MANIFEST_ERROR_GIC_INVALID, gic, prop,
			       "%u; supported 1..%u", *count, max);
	}
	return MANIFEST_SUCCESS;
}

/** Optional `interrupt-controller` compatible with "arm,gic-v3". */
static enum manifest_error spmc_parse_gic(struct mp *p,
					  const struct fdt_node *root)
{
	struct manifest_gic *g = &p->m->spmc.gic;
	struct fdt_node gic;
	struct fdt_cells reg;
	uint32_t ac;
	uint32_t sc;
	uint32_t dist;
	uint32_t spi;

	if (!fdt_find_compatible(root->fdt, "arm,gic-v3", &gic)) {
		return MANIFEST_SUCCESS;
	}
	/* One distributor (and SPI range): multi-chip GICs are refused. */
	TRY(spmc_gic_count(p, &gic, "#distributor-regions", 1, &dist));
	TRY(spmc_gic_count(p, &gic, "#spi-regions", 1, &spi));
	TRY(spmc_gic_count(p, &gic, "#redistributor-regions",
			   PLAT_MAX_GICR_REGIONS, &g->redist_count));
	if (!fdt_cell_counts(root, &ac, &sc) || sc == 0) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_CELL_COUNT, root,
			       "#size-cells", NULL);
	}
	TRY(mp_cells(p, &gic, "reg", &reg, NULL));
	if (reg.count != (size_t)(1 + g->redist_count) * (ac + sc)) {
		return mp_fail(p, MANIFEST_ERROR_GIC_INVALID, &gic, "reg",
			       "expected 1 distributor + %u redistributor "
			       "regions",
			       g->redist_count);
	}
	for (uint32_t i = 0; i <= g->redist_count; i++) {
		size_t at = (size_t)i * (ac + sc);
		uint64_t base = fdt_cells_get_n(&reg, at, ac);
		uint64_t size = fdt_cells_get_n(&reg, at + ac, sc);
		struct manifest_range r;

		if (size == 0 || !checked_range_end(base, size, &r.end)) {
			return mp_fail(p, MANIFEST_ERROR_GIC_INVALID, &gic,
				       "reg", "region %u is empty or overflows",
				       i);
		}
		r.base = base;
		if (i == 0) {
			g->distributor = r;
		} else {
			g->redist[i - 1] = r;
		}
	}
	g->present = true;
	return MANIFEST_SUCCESS;
}

/**
 * Parses "vm<N>" or "vm<N>@<unit>" with N decimal; false for other names.
 * `*unit` tells whether a unit address follows (refused by the caller:
 * vmN nodes are looked up by their exact name).
 */
static bool spmc_vm_node_index(const char *name, uint32_t *index, bool *unit)
{
	uint32_t v = 0;
	const char *c;

	if (name[0] != 'v' || name[1] != 'm' || name[2] < '0' ||
	    name[2] > '9') {
		return false;
	}
	for (c = name + 2; *c >= '0' && *c <= '9'; c++) {
		if (v > 100000) {
			return false;
		}
		v = v * 10 + (uint32_t)(*c - '0');
	}
	if (*c != '\0' && *c != '@') {
		return false;
	}
	*unit = *c == '@';
	*index = v;
	return true;
}

/** Checks a partition's memory against the ranges, the image and others. */
static enum manifest_error spmc_check_vm_memory(struct mp *p,
						const struct fdt_node *n,
						const struct manifest_vm *vm)
{
	const struct manifest_spmc *s = &p->m->spmc;
	const struct manifest_range *img = &p->m->spmc_image;
	uint64_t end;

	if (!checked_range_end(vm->load_address, vm->mem_size, &end)) {
		return mp_fail(p, MANIFEST_ERROR_ADDRESS_OVERFLOW, n,
			       "mem_size", NULL);
	}
	if (ranges_overlap(vm->load_address, end, img->base, img->end)) {
		return mp_fail(p, MANIFEST_ERROR_PARTITION_OVERLAPS_SPMC, n,
			       "load_address", "[0x%llx, 0x%llx)",
			       (unsigned long long)vm->load_address,
			       (unsigned long long)end);
	}
	if (!mp_in_ranges(s, MANIFEST_MEM_SECURE, vm->load_address, end)) {
		return mp_fail(p, MANIFEST_ERROR_PARTITION_OUTSIDE_MEMORY, n,
			       "load_address", "[0x%llx, 0x%llx)",
			       (unsigned long long)vm->load_address,
			       (unsigned long long)end);
	}
	for (uint32_t i = 0; i < s->vm_count; i++) {
		const struct manifest_vm *o = &s->vms[i];

		if (ranges_overlap(vm->load_address, end, o->load_address,
				   o->load_address + o->mem_size)) {
			return mp_fail(p, MANIFEST_ERROR_PARTITION_OVERLAP, n,
				       "load_address", "overlaps vm%u",
				       o->index);
		}
	}
	return MANIFEST_SUCCESS;
}

/** One `/hypervisor/vmN` node. */
static enum manifest_error spmc_parse_vm(struct mp *p, const struct fdt_node *n,
					 uint32_t index, struct manifest_vm *vm)
{
	const struct manifest_spmc *s = &p->m->spmc;
	bool flag;
	bool found;
	struct fdt_cells wl;

	vm->index = index;
	TRY(mp_bool(p, n, "is_ffa_partition", &flag));
	if (!flag) {
		return mp_fail(p, MANIFEST_ERROR_NOT_FFA_PARTITION, n,
			       "is_ffa_partition", NULL);
	}
	TRY(mp_bool(p, n, "hyp_loaded", &flag));
	if (flag) {
		return mp_fail(p, MANIFEST_ERROR_HYP_LOADED_UNSUPPORTED, n,
			       "hyp_loaded", NULL);
	}
	TRY(mp_string(p, n, "debug_name", vm->debug_name,
		      sizeof(vm->debug_name), NULL));
	TRY(mp_u64(p, n, "load_address", &vm->load_address, NULL));
	if (vm->load_address == 0 ||
	    !is_aligned(vm->load_address, MANIFEST_PAGE_SIZE)) {
		return mp_fail(p, MANIFEST_ERROR_LOAD_ADDRESS_INVALID, n,
			       "load_address", "0x%llx",
			       (unsigned long long)vm->load_address);
	}
	TRY(mp_u16(p, n, "vcpu_count", &vm->vcpu_count, NULL));
	if (vm->vcpu_count == 0 || vm->vcpu_count > s->cpu_count) {
		return mp_fail(p, MANIFEST_ERROR_VCPU_COUNT_INVALID, n,
			       "vcpu_count", "%u with %u CPUs", vm->vcpu_count,
			       s->cpu_count);
	}
	TRY(mp_u64(p, n, "mem_size", &vm->mem_size, NULL));
	if (vm->mem_size == 0 ||
	    !is_aligned(vm->mem_size, MANIFEST_PAGE_SIZE)) {
		return mp_fail(p, MANIFEST_ERROR_MEM_SIZE_INVALID, n,
			       "mem_size", "0x%llx",
			       (unsigned long long)vm->mem_size);
	}
	TRY(mp_cells(p, n, "smc_whitelist", &wl, &found));
	if (found) {
		if (wl.count > PLAT_MAX_SMC_WHITELIST) {
			return mp_fail(p, MANIFEST_ERROR_TOO_MANY_SMC_WHITELIST,
				       n, "smc_whitelist", "%zu, limit %u",
				       wl.count, PLAT_MAX_SMC_WHITELIST);
		}
		for (size_t i = 0; i < wl.count; i++) {
			vm->smc_whitelist[i] = fdt_cells_get(&wl, i);
		}
		vm->smc_whitelist_count = (uint32_t)wl.count;
	}
	TRY(mp_bool(p, n, "smc_whitelist_permissive",
		    &vm->smc_whitelist_permissive));
	TRY(mp_u32(p, n, "exception-level", &vm->exception_level,
		   &vm->has_exception_level));
	mp_warn_unknown(p, n, vm_props);
	return spmc_check_vm_memory(p, n, vm);
}

/** Counts the vmN children and checks they are vm1..vmN without gaps. */
static enum manifest_error
spmc_count_vms(struct mp *p, const struct fdt_node *hyp, uint32_t *count)
{
	struct fdt_node n;
	uint32_t max = 0;
	uint32_t seen = 0;

	for (bool ok = fdt_first_child(hyp, &n); ok;
	     ok = fdt_next_sibling(&n, &n)) {
		uint32_t index;
		bool unit;

		if (!spmc_vm_node_index(fdt_node_name(&n), &index, &unit)) {
			continue;
		}
		if (unit) {
			return mp_fail(p, MANIFEST_ERROR_VM_NODE_GAP, &n, NULL,
				       "vmN nodes take no unit address");
		}
		if (index == 0) {
			return mp_fail(p, MANIFEST_ERROR_RESERVED_VM_ID, &n,
				       NULL, NULL);
		}
		seen++;
		max = index > max ? index : max;
	}
	if (max != seen) {
		return mp_fail(p, MANIFEST_ERROR_VM_NODE_GAP, hyp, NULL,
			       "%u vmN nodes, highest vm%u", seen, max);
	}
	if (seen > PLAT_MAX_PARTITIONS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_PARTITIONS, hyp, NULL,
			       "%u, limit %u", seen, PLAT_MAX_PARTITIONS);
	}
	*count = seen;
	return MANIFEST_SUCCESS;
}

/** `/hypervisor` and its vm1..vmN children. */
static enum manifest_error spmc_parse_partitions(struct mp *p,
						 const struct fdt_node *root)
{
	struct manifest_spmc *s = &p->m->spmc;
	struct fdt_node hyp;
	uint32_t count = 0;

	if (!fdt_find_child(root, "hypervisor", &hyp)) {
		return mp_fail(p, MANIFEST_ERROR_NO_HYPERVISOR_NODE, root, NULL,
			       NULL);
	}
	if (!fdt_is_compatible(&hyp, "hafnium,hafnium")) {
		return mp_fail(p, MANIFEST_ERROR_NODE_NOT_COMPATIBLE, &hyp,
			       "compatible", "expected \"hafnium,hafnium\"");
	}
	TRY(spmc_count_vms(p, &hyp, &count));
	for (uint32_t i = 0; i < count; i++) {
		char name[16];
		struct fdt_node vm;

		dlog_snprintf(name, sizeof(name), "vm%u", i + 1);
		if (!fdt_find_child(&hyp, name, &vm)) {
			/* spmc_count_vms saw it; unit addresses are refused. */
			return mp_fail(p, MANIFEST_ERROR_VM_NODE_GAP, &hyp,
				       NULL, "no node named exactly %s", name);
		}
		TRY(spmc_parse_vm(p, &vm, i + 1, &s->vms[i]));
		s->vm_count++;
	}
	return MANIFEST_SUCCESS;
}

/** True if `[base, end)` lies inside one range of `kind`. */
bool mp_in_ranges(const struct manifest_spmc *spmc,
		  enum manifest_range_kind kind, uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < spmc->range_count[kind]; i++) {
		const struct manifest_range *r = &spmc->ranges[kind][i];

		if (range_within(base, end, r->base, r->end)) {
			return true;
		}
	}
	return false;
}

static enum manifest_error spmc_parse(struct mp *p, const void *blob,
				      size_t max_size)
{
	struct fdt_node root;
	struct fdt_node core;
	struct fdt_node attr;

	if (!fdt_init(&p->fdt, blob, max_size) || !fdt_root(&p->fdt, &root)) {
		return mp_fail(p, MANIFEST_ERROR_FDT_INVALID, NULL, NULL,
			       "%zu bytes available", max_size);
	}
	if (!fdt_find_compatible(&p->fdt, "arm,ffa-core-manifest-1.0", &core)) {
		return mp_fail(p, MANIFEST_ERROR_NO_CORE_MANIFEST_NODE, &root,
			       "compatible", NULL);
	}
	if (!fdt_find_child(&core, "attribute", &attr)) {
		return mp_fail(p, MANIFEST_ERROR_NO_ATTRIBUTE_NODE, &core, NULL,
			       NULL);
	}
	TRY(spmc_parse_attribute(p, &attr));
	TRY(spmc_parse_cpus(p, &root));
	TRY(spmc_parse_memory(p, &root));
	TRY(spmc_parse_gic(p, &root));
	return spmc_parse_partitions(p, &root);
}

/** Parses the SPMC manifest; on failure `m->spmc` is left empty. */
enum manifest_error manifest_parse_spmc(struct manifest *m, const void *blob,
					size_t max_size,
					struct manifest_error_info *err)
{
	struct mp p = { .m = m, .err = err };
	enum manifest_error ret;

	memset(err, 0, sizeof(*err));
	mp_set_file(&p, "SPMC manifest");
	memset(&m->spmc, 0, sizeof(m->spmc));
	m->partition_count = 0;
	ret = spmc_parse(&p, blob, max_size);
	if (ret != MANIFEST_SUCCESS) {
		memset(&m->spmc, 0, sizeof(m->spmc));
	}
	return ret;
}

/** Resets `m` for a new boot with the SPMC image at `spmc_image`. */
void manifest_init(struct manifest *m, struct manifest_range spmc_image)
{
	memset(m, 0, sizeof(*m));
	m->spmc_image = spmc_image;
}
