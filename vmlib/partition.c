/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>

#include "spmc/dlog.h"

#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * The C side of a partition's entry (aarch64/entry.S): calling `sp_main`,
 * reporting unexpected exceptions and ending the partition.
 */

static_assert(offsetof(struct vmlib_boot, regs) == 0, "entry.S BOOT_REGS");
static_assert(offsetof(struct vmlib_boot, vcpu) == 32, "entry.S BOOT_VCPU");
static_assert(offsetof(struct vmlib_boot, cold) == 36, "entry.S BOOT_COLD");
static_assert(sizeof(struct vmlib_boot) <= 48, "entry.S BOOT_FRAME");

/* Called only from entry.S; declared here for -Wmissing-prototypes. */
[[noreturn]] void vmlib_start(const struct vmlib_boot *boot);
[[noreturn]] void vmlib_exception(uint64_t vector, uint64_t esr, uint64_t elr,
				  uint64_t far);

/** Returns the calling vCPU's index, which entry.S keeps in TPIDR_EL1. */
uint32_t vmlib_vcpu_index(void)
{
	uint64_t index;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(index));
	return (uint32_t)index;
}

/**
 * Ends the partition. FFA_ERROR is how a partition fails its
 * initialisation; at run time the SPMC may not accept it, so FFA_ABORT
 * follows, and the pair repeats if the SPMC still resumes the vCPU.
 */
void vmlib_abort(int32_t code)
{
	vmlib_log_flush();
	for (;;) {
		ffa_error(code);
		ffa_abort();
	}
}

/**
 * Runs `sp_main` on a vCPU's entry; if it returns, logs the value and ends
 * the partition with it (a value >= 0 becomes FFA_ABORTED).
 */
void vmlib_start(const struct vmlib_boot *boot)
{
	int ret = sp_main(boot);

	vmlib_log("vmlib: sp_main returned %d on vCPU %u\n", ret, boot->vcpu);
	vmlib_abort(ret < 0 ? ret : FFA_ABORTED);
}

/* Vector table entries: four groups (origins) of four kinds. */
static const char *const vmlib_vector_kinds[4] = { "sync", "IRQ", "FIQ",
						   "SError" };
static const char *const vmlib_vector_origins[4] = {
	"current EL with SP_EL0",
	"current EL with SP_ELx",
	"lower EL, AArch64",
	"lower EL, AArch32",
};

/**
 * Reports an exception taken to S-EL1 (none is expected) and ends the
 * partition. A partial line of the vCPU goes out first, to keep the order;
 * the report itself is formatted on the (freshly reset) stack and sent
 * with FFA_CONSOLE_LOG directly.
 */
void vmlib_exception(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	char line[160];
	size_t len;

	vmlib_log_flush();
	/* entry.S passes 0..15; the modulo keeps a corrupt value in bounds. */
	vector %= 16;
	len =
	    dlog_snprintf(line, sizeof(line),
			  "vmlib: vCPU %u: %s exception from %s: ESR_EL1 0x%lx "
			  "ELR_EL1 0x%lx FAR_EL1 0x%lx\n",
			  vmlib_vcpu_index(), vmlib_vector_kinds[vector % 4],
			  vmlib_vector_origins[vector / 4], esr, elr, far);
	vmlib_console_write(line, len < sizeof(line) ? len : sizeof(line) - 1);
	vmlib_abort(FFA_ABORTED);
}
