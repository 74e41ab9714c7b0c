/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/arch/smc.h"

#include "spmc/dlog.h"
#include "spmc/manifest.h"
#include "spmc/plat/console.h"

#include "vmapi/spmc/ffa.h"

/*
 * Cold boot of the SPMC on the primary CPU, entered from entry.S with a
 * stack, a zeroed .bss and the panic vectors installed.
 */

/* Image layout, from build/image/image.ld. */
extern char image_begin[], image_end[];
extern char text_begin[], text_end[];
extern char rodata_begin[], rodata_end[];
extern char data_begin[], data_end[];
extern char bss_begin[], bss_end[];
extern char stacks_begin[], stacks_end[];

/* TF-A maps (and BL2 loads) at most one 4 KiB page of TOS_FW_CONFIG. */
#define SPMC_MANIFEST_MAX_SIZE 4096

/* The parsed system configuration: large, so not on the boot stack. */
static struct manifest spmc_manifest;

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
void spmc_cold_boot(uintptr_t manifest_pa, uint64_t core_id);

static void spmc_log_section(const char *name, const char *begin,
			     const char *end)
{
	dlog_info("  %-7s %#010lx..%#010lx %6zu bytes\n", name,
		  (uintptr_t)begin, (uintptr_t)end, (size_t)(end - begin));
}

static void spmc_log_layout(void)
{
	dlog_info("Image layout:\n");
	spmc_log_section(".text", text_begin, text_end);
	spmc_log_section(".rodata", rodata_begin, rodata_end);
	spmc_log_section(".data", data_begin, data_end);
	spmc_log_section(".bss", bss_begin, bss_end);
	spmc_log_section(".stacks", stacks_begin, stacks_end);
	spmc_log_section("image", image_begin, image_end);
}

/*
 * Ends initialisation on this CPU with FFA_ERROR(NOT_SUPPORTED). The SPMD
 * treats FFA_ERROR during init as "SPMC initialisation failed" (a non-zero
 * x2 is required: x2 = 0 would count as success) and boots the normal world
 * without the secure world. Returns only if EL3 ever enters the SPMC again.
 */
static void spmc_init_failed(void)
{
	struct ffa_value args = { 0 };

	args.x[0] = FFA_ERROR_32;
	/*
	 * w1 is MBZ; w2 is the error code, which the SPMD returns as the
	 * init result (tfa-spmd-interface.md §1.4.4).
	 */
	args.x[2] = (uint32_t)FFA_NOT_SUPPORTED;
	arch_smc(&args);

	dlog_error("EL3 re-entered the SPMC after FFA_ERROR: x0=%#lx\n",
		   (unsigned long)args.x[0]);
}

/**
 * Parses the SPMC manifest at `manifest_pa` (identity-mapped, MMU off) and
 * logs what it declares. Returns false, after logging the named error with
 * its node and property, if the manifest is refused.
 */
static bool spmc_parse_manifest(uintptr_t manifest_pa)
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
	dlog_info("SPMC ID %#x, %u CPUs, %u partitions declared\n",
		  spmc_manifest.spmc.attr.spmc_id, spmc_manifest.spmc.cpu_count,
		  spmc_manifest.spmc.vm_count);
	for (uint32_t i = 0; i < spmc_manifest.spmc.vm_count; i++) {
		const struct manifest_vm *vm = &spmc_manifest.spmc.vms[i];

		dlog_info("  vm%u %-16s %#010lx + %#lx, %u vCPUs\n", vm->index,
			  vm->debug_name, (unsigned long)vm->load_address,
			  (unsigned long)vm->mem_size, vm->vcpu_count);
	}
	return true;
}

/**
 * Cold boot entry on the primary CPU. `manifest_pa` is the physical address
 * of the SPMC manifest (TOS_FW_CONFIG) and `core_id` the linear core ID EL3
 * passed in x4. Never returns while the SPMC is working; if it does,
 * entry.S parks the CPU.
 */
void spmc_cold_boot(uintptr_t manifest_pa, uint64_t core_id)
{
	plat_console_init();

	dlog_notice("SPMC cold boot on core %lu at S-EL2, FF-A v%u.%u\n",
		    (unsigned long)core_id,
		    FFA_VERSION_COMPILED >> FFA_VERSION_MAJOR_SHIFT,
		    FFA_VERSION_COMPILED & FFA_VERSION_MINOR_MASK);
	dlog_notice("SPMC manifest at %#lx\n", (unsigned long)manifest_pa);
	spmc_log_layout();

	if (!spmc_parse_manifest(manifest_pa)) {
		spmc_init_failed();
		return;
	}

	/*
	 * Nothing can run yet: without a partition loader there is no
	 * partition to boot and no FF-A ABI to serve. Say so, then end
	 * initialisation the way the SPMD understands.
	 */
	dlog_warning("partition loading is not implemented yet\n");
	dlog_warning("ending initialisation with FFA_ERROR(NOT_SUPPORTED): "
		     "EL3 boots the normal world without SPMC services\n");
	spmc_init_failed();
}
