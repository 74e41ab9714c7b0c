/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * One FF-A partition manifest: parsed into the scratch partition, checked
 * against the system, and only then committed. A failure at any step leaves
 * `struct manifest` as it was.
 */

#include "spmc/dlog.h"
#include "spmc/std.h"

#include "internal.h"

static const char *const root_props[] = {
	"compatible",
	"ffa-version",
	"uuid",
	"id",
	"auxiliary-id",
	"description",
	"execution-ctx-count",
	"exception-level",
	"execution-state",
	"load-address",
	"entrypoint-offset",
	"xlat-granule",
	"boot-order",
	"messaging-method",
	"managed-exit",
	"managed-exit-virq",
	"ns-interrupts-action",
	"other-s-interrupts-action",
	"sri-interrupts-policy",
	"has-primary-scheduler",
	"time-slice-mem",
	"gp-register-num",
	"power-management-messages",
	"vm-availability-messages",
	"lifecycle-support",
	"abort-action",
	"notification-support",
	NULL,
};

/** Root child nodes, by the `compatible` that selects them. */
static const char *const child_compats[] = {
	"arm,ffa-manifest-memory-regions", "arm,ffa-manifest-device-regions",
	"arm,ffa-manifest-rx_tx-buffer",   "arm,ffa-manifest-boot-info",
	"arm,ffa-manifest-services",
};

/** Names users give those nodes; one without its compatible is an error. */
static const char *const child_names[] = {
	"memory-regions", "device-regions", "rx_tx-info",
	"rx-tx-buffer",   "boot-info",      "services",
};

/** The root `compatible` picks binding 1.0 or 1.1. */
static enum manifest_error partition_binding(struct mp *p,
					     const struct fdt_node *root,
					     struct manifest_partition *part)
{
	if (fdt_is_compatible(root, "arm,ffa-manifest-1.0")) {
		part->binding_minor = MANIFEST_BINDING_1_0;
	} else if (fdt_is_compatible(root, "arm,ffa-manifest-1.1")) {
		part->binding_minor = MANIFEST_BINDING_1_1;
	} else {
		return mp_fail(p, MANIFEST_ERROR_NOT_COMPATIBLE, root,
			       "compatible", NULL);
	}
	return MANIFEST_SUCCESS;
}

/** Checks the root's child nodes; handles rx/tx and boot-info. */
static enum manifest_error partition_children(struct mp *p,
					      const struct fdt_node *root,
					      struct manifest_partition *part)
{
	struct fdt_node n;

	for (bool ok = fdt_first_child(root, &n); ok;
	     ok = fdt_next_sibling(&n, &n)) {
		bool known = false;

		for (size_t i = 0; i < ARRAY_SIZE(child_compats); i++) {
			known |= fdt_is_compatible(&n, child_compats[i]);
		}
		if (fdt_is_compatible(&n, "arm,ffa-manifest-rx_tx-buffer")) {
			if (part->rxtx_present) {
				return mp_fail(p, MANIFEST_ERROR_RXTX_INVALID,
					       &n, NULL,
					       "more than one RX/TX node");
			}
			TRY(mp_partition_rxtx(p, &n, part));
		} else if (fdt_is_compatible(&n,
					     "arm,ffa-manifest-boot-info")) {
			TRY(mp_partition_boot_info(p, &n, part));
		}
		if (known) {
			continue;
		}
		for (size_t i = 0; i < ARRAY_SIZE(child_names); i++) {
			if (strcmp(fdt_node_name(&n), child_names[i]) == 0) {
				return mp_fail(
				    p, MANIFEST_ERROR_NODE_NOT_COMPATIBLE, &n,
				    "compatible",
				    "missing or unknown compatible");
			}
		}
		dlog_warning("%s: unknown node `%s` ignored\n", p->err->file,
			     fdt_node_name(&n));
	}
	return MANIFEST_SUCCESS;
}

static enum manifest_error partition_parse(struct mp *p, const void *blob,
					   size_t max_size,
					   struct manifest_partition *part)
{
	struct fdt_node root;

	if (!fdt_init(&p->fdt, blob, max_size) || !fdt_root(&p->fdt, &root)) {
		return mp_fail(p, MANIFEST_ERROR_FDT_INVALID, NULL, NULL,
			       "%zu bytes available", max_size);
	}
	TRY(partition_binding(p, &root, part));
	TRY(mp_partition_props(p, &root, part));
	TRY(mp_check_identity(p, &root, part));
	TRY(mp_partition_services(p, &root, part));
	TRY(mp_partition_regions(p, &root, part));
	TRY(partition_children(p, &root, part));
	mp_warn_unknown(p, &root, root_props);
	return MANIFEST_SUCCESS;
}

/** Parses and adds the partition of `m->spmc.vms[vm_index]`. */
enum manifest_error manifest_add_partition(struct manifest *m,
					   uint32_t vm_index, const void *blob,
					   size_t max_size,
					   struct manifest_error_info *err)
{
	struct mp p = { .m = m, .err = err };
	struct manifest_partition *part = &m->scratch;
	enum manifest_error ret;

	memset(err, 0, sizeof(*err));
	if (vm_index >= m->spmc.vm_count) {
		mp_set_file(&p, "partition %u", vm_index + 1);
		return mp_fail(&p, MANIFEST_ERROR_TOO_MANY_PARTITIONS, NULL,
			       NULL, "the SPMC manifest lists %u partitions",
			       m->spmc.vm_count);
	}
	mp_set_file(&p, "vm%u (%s)", m->spmc.vms[vm_index].index,
		    m->spmc.vms[vm_index].debug_name);
	for (uint32_t i = 0; i < m->partition_count; i++) {
		if (m->partitions[i].vm_index == vm_index) {
			return mp_fail(&p, MANIFEST_ERROR_TOO_MANY_PARTITIONS,
				       NULL, NULL, "already added");
		}
	}

	memset(part, 0, sizeof(*part));
	part->vm_index = vm_index;
	ret = partition_parse(&p, blob, max_size, part);
	if (ret != MANIFEST_SUCCESS) {
		return ret;
	}
	m->partitions[m->partition_count++] = *part;
	return MANIFEST_SUCCESS;
}
