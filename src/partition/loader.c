/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/loader.h"

#include <string.h>

#include "spmc/dlog.h"
#include "spmc/partition.h"
#include "spmc/sp_pkg.h"

#include "internal.h"

/** Parses vmN's package and manifest into `m`; false (logged) if refused. */
static bool load_manifest(struct manifest *m, uint32_t vm_index,
			  struct sp_pkg *pkg)
{
	const struct manifest_vm *vm = &m->spmc.vms[vm_index];
	const uint8_t *base = (const uint8_t *)(uintptr_t)vm->load_address;
	struct manifest_error_info err;
	enum sp_pkg_error perr;
	char msg[256];

	perr = sp_pkg_parse(base, vm->mem_size, pkg);
	if (perr != SP_PKG_ERROR_SUCCESS) {
		dlog_error(
		    "vm%u (%s): SP package at %#lx: %s [%s]\n", vm->index,
		    vm->debug_name, (unsigned long)vm->load_address,
		    sp_pkg_error_describe(perr), sp_pkg_error_name(perr));
		return false;
	}
	if (manifest_add_partition(m, vm_index, base + pkg->manifest.offset,
				   pkg->manifest.size,
				   &err) != MANIFEST_SUCCESS) {
		manifest_error_format(&err, msg, sizeof(msg));
		dlog_error("%s\n", msg);
		return false;
	}
	return true;
}

/**
 * Names, as warnings, the properties this SPMC version parses and checks
 * but does not act on yet, so that no manifest property is ignored
 * silently.
 */
static void warn_not_yet_honoured(const struct manifest *m,
				  const struct manifest_partition *mp)
{
	const struct manifest_vm *vm = &m->spmc.vms[mp->vm_index];
	const char *props[8];
	uint32_t n = 0;

	if (mp->ns_interrupts_action != MANIFEST_NS_ACTION_SIGNALED) {
		props[n++] = "ns-interrupts-action (non-secure interrupts "
			     "are signalled)";
	}
	if (mp->interrupt_count > 0) {
		props[n++] = "device-regions interrupts (not routed yet)";
	}
	if (mp->notification_support) {
		props[n++] = "notification-support";
	}
	if (mp->vm_availability_messages != 0) {
		props[n++] = "vm-availability-messages";
	}
	if ((mp->power_management_messages & ~MANIFEST_PM_CPU_OFF) != 0) {
		props[n++] = "power-management-messages bits 1-2 (EL3 "
			     "never sends them)";
	}
	if (mp->lifecycle_support ||
	    (mp->has_abort_action && mp->abort_action != MANIFEST_ABORT_STOP)) {
		props[n++] = "lifecycle-support / abort-action (an aborted "
			     "partition stops)";
	}
	for (uint32_t i = 0; i < n; i++) {
		dlog_warning("vm%u (%s): %s: not acted on by this SPMC "
			     "version\n",
			     vm->index, vm->debug_name, props[i]);
	}
}

/** Checks the loader's own rules on a parsed partition. */
static bool check_partition(const struct manifest *m,
			    const struct manifest_partition *mp,
			    const struct sp_pkg *pkg)
{
	const struct manifest_vm *vm = &m->spmc.vms[mp->vm_index];
	const char *why = NULL;

	if (mp->exception_level != MANIFEST_S_EL1) {
		why = "exception-level: only S-EL1 partitions are supported "
		      "by this SPMC version";
	} else if (mp->execution_ctx_count > 1 &&
		   mp->execution_ctx_count != m->spmc.cpu_count) {
		why = "execution-ctx-count: an MP partition needs one "
		      "execution context per CPU of the SPMC manifest";
	} else if (mp->entrypoint_offset < pkg->image.offset ||
		   mp->entrypoint_offset >=
		       pkg->image.offset + pkg->image.size) {
		why = "entrypoint-offset: the entry point is not inside the "
		      "package's image";
	} else if (mp->boot_info_present && mp->has_gp_register &&
		   pkg->boot_info.size < LOADER_BOOT_INFO_MAX) {
		why = "boot-info: the package has no room for the boot "
		      "information blob (SPKG v1 or a too small header area)";
	} else if (mp->boot_info_hob_list && pkg->hob.size == 0) {
		why = "boot-info/hob_list: the package carries no HOB list";
	}
	if (why != NULL) {
		dlog_error("vm%u (%s): %s\n", vm->index, vm->debug_name, why);
		return false;
	}
	return true;
}

/** Creates one partition; false (logged, nothing kept) on failure. */
static bool create(struct manifest *m, const struct manifest_partition *mp,
		   const struct sp_pkg *pkg, uint32_t boot_index,
		   struct mpool *ppool)
{
	const struct manifest_vm *vm = &m->spmc.vms[mp->vm_index];
	struct partition *p;
	const char *why = NULL;

	p = partition_create(mp, vm, boot_index, ppool);
	if (p == NULL) {
		dlog_error("vm%u (%s): out of memory for its vCPUs\n",
			   vm->index, vm->debug_name);
		return false;
	}
	p->entry = vm->load_address + mp->entrypoint_offset;
	p->vmid = (uint16_t)(boot_index + 1);
	if (!loader_stage2_build(p, ppool, &why)) {
		dlog_error("vm%u (%s): stage-2 tables: %s\n", vm->index,
			   vm->debug_name, why);
		partition_destroy_last(p, ppool);
		return false;
	}
	if (mp->boot_info_present && mp->has_gp_register) {
		p->boot_info = loader_write_boot_info(p, pkg);
	}
	if (mp->rxtx_present) {
		const struct manifest_mem_region *rx =
		    &mp->mem_regions[mp->rx_region];
		const struct manifest_mem_region *tx =
		    &mp->mem_regions[mp->tx_region];

		p->mailbox.mapped = true;
		p->mailbox.from_manifest = true;
		p->mailbox.rx = rx->base;
		p->mailbox.tx = tx->base;
		p->mailbox.rx_ns = (rx->attributes & MANIFEST_REGION_NS) != 0;
		p->mailbox.tx_ns = (tx->attributes & MANIFEST_REGION_NS) != 0;
		p->mailbox.page_count = rx->pages_count < tx->pages_count
					    ? rx->pages_count
					    : tx->pages_count;
		p->mailbox.rx_owner = RX_OWNER_PRODUCER;
	}
	return true;
}

uint32_t loader_load_partitions(struct manifest *m, struct mpool *ppool)
{
	static struct sp_pkg pkgs[PLAT_MAX_PARTITIONS];
	uint32_t order[PLAT_MAX_PARTITIONS];
	uint32_t created = 0;

	for (uint32_t i = 0; i < m->spmc.vm_count; i++) {
		struct sp_pkg pkg;

		if (load_manifest(m, i, &pkg)) {
			pkgs[m->partition_count - 1] = pkg;
		}
	}
	manifest_boot_order(m, order);
	for (uint32_t i = 0; i < m->partition_count; i++) {
		const struct manifest_partition *mp = &m->partitions[order[i]];

		warn_not_yet_honoured(m, mp);
		if (check_partition(m, mp, &pkgs[order[i]]) &&
		    create(m, mp, &pkgs[order[i]], created, ppool)) {
			created++;
		}
	}
	return created;
}
