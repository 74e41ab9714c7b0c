/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The run-time of a secure partition at S-EL1 (tfa-spmd-interface §5.3).
 *
 * The SPMC enters the image's first instruction (`image_entry`, linked at
 * load-address + entrypoint-offset) with x0..x3 as the manifest's
 * `gp-register-num` says (the boot-information blob address in one of
 * them on the first boot, else zero) and the physical core's linear index
 * in x4. vmlib then:
 *
 *  - on the first entry only, zeroes .bss;
 *  - runs on the stack of vCPU x4 (one VMLIB_STACK_SIZE stack per vCPU);
 *  - installs exception vectors that report an exception and end the
 *    partition (`vmlib_abort`);
 *  - enables FP/SIMD at EL1 (CPACR_EL1.FPEN), so the SPMC's lazy FP
 *    switch, not EL1, decides whether FP traps;
 *  - calls `sp_main`, which the partition provides.
 *
 * Secondary execution contexts of an MP partition enter the same way,
 * either at `image_entry` or at `vmlib_entry` registered with
 * FFA_SECONDARY_EP_REGISTER (the same code); `boot->cold` is false for
 * them.
 */

/** Bytes of stack per vCPU. */
#define VMLIB_STACK_SIZE 8192

/** vCPUs (physical cores) a partition image supports. */
#define VMLIB_MAX_VCPUS PLAT_MAX_CPUS

/* The rest is C; entry.S includes this header for the constants above. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

/** What `sp_main` is told about its entry. Layout fixed by entry.S. */
struct vmlib_boot {
	/** x0..x3 at entry: the boot-info blob is in x<gp-register-num>. */
	uint64_t regs[4];
	/** x4 at entry: the linear core index, also the vCPU index. */
	uint32_t vcpu;
	/** True on the first entry into the image, false afterwards. */
	bool cold;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The partition's main function, called on every vCPU's first entry.
 * It ends initialisation with FFA_MSG_WAIT (success) or FFA_ERROR and
 * normally never returns. If it does, vmlib logs the value and ends the
 * partition with `vmlib_abort(value)` (a value >= 0 becomes FFA_ABORTED).
 */
int sp_main(const struct vmlib_boot *boot);

/** The entry point, for FFA_SECONDARY_EP_REGISTER. */
void vmlib_entry(void);

/** The calling vCPU's index (x4 at its entry). */
uint32_t vmlib_vcpu_index(void);

/**
 * Ends the partition: FFA_ERROR(`code`), then FFA_ABORT, repeated for as
 * long as the SPMC keeps returning. Never returns.
 */
[[noreturn]] void vmlib_abort(int32_t code);

#ifdef __cplusplus
}
#endif

#endif /* __ASSEMBLER__ */
