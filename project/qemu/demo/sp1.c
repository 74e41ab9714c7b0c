/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "demo_sp.h"
#include "vmlib/boot_info.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * sp1-up, the demo's UP partition (project/qemu/fdts/sp1_up.dts): one vCPU,
 * the FF-A boot information in x0. It checks the blob, says where its
 * manifest is, and runs the demo message loop.
 */

/* The most of the blob read: it is in the package's first (header) page. */
#define SP1_BOOT_INFO_LIMIT 0x1000

/** sp1-up's main function, on its only vCPU. */
int sp_main(const struct vmlib_boot *boot)
{
	struct vmlib_boot_info_fdt_ret fdt =
	    vmlib_boot_info_find_fdt(boot->regs[0], SP1_BOOT_INFO_LIMIT);

	if (fdt.error != VMLIB_BOOT_INFO_OK) {
		vmlib_log("sp1-up: boot information: %s\n",
			  vmlib_boot_info_error_name(fdt.error));
		return -1;
	}
	vmlib_log("sp1-up: boot information: manifest at %p, %u bytes\n",
		  fdt.fdt, fdt.size);
	demo_sp_run(boot, "sp1-up");
}
