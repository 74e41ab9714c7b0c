/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <libfdt.h>

#include "spmc/std.h"

#include "el3fw/log.h"
#include "el3fw/spmd.h"

/*
 * The SPMC manifest as TF-A's SPMD reads it (tfa-spmd-interface §1.3):
 * `plat_spm_core_manifest_load` + `manifest_parse_attribute`, then the
 * checks of `spmd_spmc_init`. Messages are TF-A's.
 */

#define SPMD_PAGE_SIZE 4096U

static const char *const spmd_manifest_error_names[] = {
#define SPMD_MANIFEST_NAME(name, desc) "SPMD_MANIFEST_" #name,
	SPMD_MANIFEST_ERRORS(SPMD_MANIFEST_NAME)
#undef SPMD_MANIFEST_NAME
};

static_assert(ARRAY_SIZE(spmd_manifest_error_names) ==
	      SPMD_MANIFEST_ERROR_COUNT);

/** See spmd.h. */
const char *spmd_manifest_error_name(enum spmd_manifest_error e)
{
	if ((unsigned int)e >= SPMD_MANIFEST_ERROR_COUNT) {
		return NULL;
	}
	return spmd_manifest_error_names[e];
}

/** Big-endian cell `i` of a property value. */
static uint32_t spmd_cell(const void *prop, size_t i)
{
	const uint8_t *p = (const uint8_t *)prop + 4 * i;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/**
 * TF-A `fdt_read_uint32_array` for `cells` cells: the property must hold at
 * least `cells * 4` bytes; extra cells are ignored. Returns false, leaving
 * `*out` unchanged, otherwise.
 */
static bool spmd_read_cells(const void *fdt, int node, const char *name,
			    uint32_t cells, uint64_t *out)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, node, name, &len);
	if (prop == NULL || len < 0 || (uint32_t)len < cells * 4) {
		return false;
	}
	*out = cells == 1
		   ? spmd_cell(prop, 0)
		   : ((uint64_t)spmd_cell(prop, 0) << 32) | spmd_cell(prop, 1);
	return true;
}

/** A mandatory u32 of the `attribute` node. */
static bool spmd_read_u32(const void *fdt, int node, const char *name,
			  uint32_t *out)
{
	uint64_t v;

	if (!spmd_read_cells(fdt, node, name, 1, &v)) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/** Reads the optional properties; a missing one keeps 0 (a NOTICE). */
static void spmd_read_optional(const void *fdt, int node,
			       struct spmd_attrs *attrs)
{
	uint64_t v;

	if (spmd_read_cells(fdt, node, "exec_state", 1, &v)) {
		attrs->exec_state = (uint32_t)v;
	} else {
		el3_notice("%s not specified in SPM Core manifest.\n",
			   "Execution state");
	}
	if (spmd_read_cells(fdt, node, "binary_size", 1, &v)) {
		attrs->binary_size = (uint32_t)v;
	} else {
		el3_notice("%s not specified in SPM Core manifest.\n",
			   "Binary size");
	}
	if (spmd_read_cells(fdt, node, "load_address", 2, &v)) {
		attrs->load_address = v;
	} else {
		el3_notice("%s not specified in SPM Core manifest.\n",
			   "Load address");
	}
	if (spmd_read_cells(fdt, node, "entrypoint", 2, &v)) {
		attrs->entrypoint = v;
	} else {
		el3_notice("%s not specified in SPM Core manifest.\n",
			   "Entry point");
	}
}

/** TF-A `manifest_parse_attribute`. */
static enum spmd_manifest_error spmd_parse_attribute(const void *fdt, int node,
						     struct spmd_attrs *attrs)
{
	uint32_t spmc_id;

	node = fdt_subnode_offset(fdt, node, "attribute");
	if (node < 0) {
		el3_error("Missing root node %s\n", "attribute");
		return SPMD_MANIFEST_NO_ATTRIBUTE;
	}
	if (!spmd_read_u32(fdt, node, "maj_ver", &attrs->maj_ver)) {
		el3_error("Missing FFA %s version in SPM Core manifest.\n",
			  "major");
		return SPMD_MANIFEST_NO_MAJ_VER;
	}
	if (!spmd_read_u32(fdt, node, "min_ver", &attrs->min_ver)) {
		el3_error("Missing FFA %s version in SPM Core manifest.\n",
			  "minor");
		return SPMD_MANIFEST_NO_MIN_VER;
	}
	if (!spmd_read_u32(fdt, node, "spmc_id", &spmc_id)) {
		el3_error("Missing SPMC ID in manifest.\n");
		return SPMD_MANIFEST_NO_SPMC_ID;
	}
	attrs->spmc_id = (uint16_t)spmc_id;
	spmd_read_optional(fdt, node, attrs);
	return SPMD_MANIFEST_OK;
}

/** See spmd.h. */
enum spmd_manifest_error spmd_manifest_load(const void *pm,
					    struct spmd_attrs *attrs)
{
	uintptr_t base = (uintptr_t)pm;
	size_t mapped = SPMD_PAGE_SIZE - (base % SPMD_PAGE_SIZE);
	int rc;
	int node;

	if (mapped < sizeof(struct fdt_header)) {
		el3_error("Error while mapping SPM Core manifest.\n");
		return SPMD_MANIFEST_NO_ROOM;
	}
	rc = fdt_check_header(pm);
	if (rc != 0) {
		el3_error("Wrong format for SPM Core manifest (%d).\n", rc);
		return SPMD_MANIFEST_BAD_HEADER;
	}
	if (fdt_totalsize(pm) > mapped) {
		el3_error("SPM Core manifest too large.\n");
		return SPMD_MANIFEST_TOO_LARGE;
	}
	node =
	    fdt_node_offset_by_compatible(pm, -1, "arm,ffa-core-manifest-1.0");
	if (node < 0) {
		el3_error("Unrecognized SPM Core manifest\n");
		return SPMD_MANIFEST_NOT_FOUND;
	}
	return spmd_parse_attribute(pm, node, attrs);
}

/** See spmd.h. */
enum spmd_manifest_error spmd_attrs_check(const struct spmd_attrs *attrs,
					  bool sel2)
{
	if (attrs->maj_ver != 1 || attrs->min_ver > 3) {
		el3_warn("Unsupported FFA version (%u.%u)\n", attrs->maj_ver,
			 attrs->min_ver);
		return SPMD_MANIFEST_BAD_VERSION;
	}
	if ((attrs->spmc_id & 0x8000U) == 0) {
		el3_warn("Invalid ID (0x%x) for SPMC.\n", attrs->spmc_id);
		return SPMD_MANIFEST_BAD_SPMC_ID;
	}
	if (attrs->exec_state != 0 && attrs->exec_state != 1) {
		el3_warn("Unsupported %s%x.\n", "SPM Core execution state 0x",
			 attrs->exec_state);
		return SPMD_MANIFEST_BAD_EXEC_STATE;
	}
	if (attrs->exec_state == 1) {
		el3_warn("AArch32 state at S-EL2 is not supported.\n");
		return SPMD_MANIFEST_AARCH32;
	}
	if (!sel2) {
		el3_warn("SPM Core run time S-EL2 is not supported.\n");
		return SPMD_MANIFEST_NO_SEL2;
	}
	return SPMD_MANIFEST_OK;
}
