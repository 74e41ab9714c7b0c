/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmapi/spmc/ffa.h"

#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/* boot_fail: a partition whose initialisation fails. */

int sp_main(const struct vmlib_boot *boot)
{
	(void)boot;
	vmlib_log("boot_fail: ending initialisation with FFA_ERROR(DENIED)\n");
	ffa_error(FFA_DENIED);
	/* The SPMC never resumes an aborted partition. */
	vmlib_log("boot_fail: resumed after FFA_ERROR\n");
	vmlib_abort(FFA_DENIED);
}
