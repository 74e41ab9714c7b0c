/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "demo_sp.h"
#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * sp2-mp, the demo's MP partition (project/qemu/fdts/sp2_mp.dts): one vCPU
 * per CPU. Its primary vCPU registers the secondary entry point, where the
 * SPMC starts vCPU n when the normal world turns CPU n on.
 */

/** sp2-mp's main function, on each vCPU's first entry. */
int sp_main(const struct vmlib_boot *boot)
{
	if (boot->cold) {
		struct ffa_value ret =
		    ffa_secondary_ep_register((uintptr_t)vmlib_entry);

		if (ffa_fid(&ret) != FFA_SUCCESS_32) {
			vmlib_log("sp2-mp: FFA_SECONDARY_EP_REGISTER failed "
				  "(%d)\n",
				  ffa_error_code(&ret));
			return -1;
		}
	}
	demo_sp_run(boot, "sp2-mp");
}
