/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/plat/console.h"

#include "driver/console.h"
#include "driver/cpu.h"
#include "driver/nwd.h"
#include "driver/psci.h"

/*
 * The C side of the normal world's entry (aarch64/entry.S): console,
 * `nwd_main`, power-off, and the report of unexpected exceptions.
 */

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
[[noreturn]] void nwd_boot(void);
[[noreturn]] void nwd_exception(uint64_t vector, uint64_t esr, uint64_t elr,
				uint64_t far);

static void (*nwd_exception_hook)(const struct nwd_exception *e);

/** Sets the function `nwd_exception` calls before powering off. */
void nwd_set_exception_hook(void (*hook)(const struct nwd_exception *e))
{
	nwd_exception_hook = hook;
}

/** Primary CPU: starts the console, runs `nwd_main`, powers off. */
void nwd_boot(void)
{
	int ret;

	plat_console_init();
	ret = nwd_main();
	if (ret != 0) {
		nwd_printf("nwd: nwd_main returned %d\n", ret);
	}
	psci_system_off();
}

static const char *const nwd_vector_kinds[4] = { "sync", "IRQ", "FIQ",
						 "SError" };
static const char *const nwd_vector_origins[4] = {
	"current EL with SP_EL0",
	"current EL with SP_ELx",
	"lower EL, AArch64",
	"lower EL, AArch32",
};

/**
 * Reports an exception taken to NS-EL2 (none is expected), calls the hook
 * and powers the system off.
 */
void nwd_exception(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	struct nwd_exception e = {
		/* entry.S passes 0..15; the modulo keeps it in bounds. */
		.vector = vector % 16,
		.esr = esr,
		.elr = elr,
		.far = far,
	};

	nwd_printf("nwd: unexpected %s exception from %s on CPU %u: ESR_EL2 "
		   "0x%lx ELR_EL2 0x%lx FAR_EL2 0x%lx\n",
		   nwd_vector_kinds[e.vector % 4],
		   nwd_vector_origins[e.vector / 4], nwd_cpu_index(), esr, elr,
		   far);
	if (nwd_exception_hook != NULL) {
		nwd_exception_hook(&e);
	}
	psci_system_off();
}
