/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The normal-world image run-time (QEMU `virt`, docs/design/runtime.md
 * §1). EL3 enters the primary CPU at `image_entry`, the image's first
 * byte (0x60000000), at NS-EL2 with the MMU off. The driver sets up
 * HCR_EL2, SCTLR_EL2 (MMU and caches off), CPTR_EL2 (FP/SIMD allowed),
 * exception vectors, .bss and CPU 0's stack, starts the console (UART0)
 * and calls `nwd_main`; when it returns, the driver powers the system off
 * with PSCI SYSTEM_OFF.
 */

#define NWD_LOAD_ADDRESS 0x60000000

/** PL011 UART0 of QEMU `virt`, shared with EL3. */
#define NWD_UART_BASE 0x09000000

/** Bytes of stack per CPU. */
#define NWD_STACK_SIZE 8192

/** CPUs the image supports; index i has MPIDR Aff0 = i (QEMU `virt`). */
#define NWD_MAX_CPUS PLAT_MAX_CPUS

#ifndef __ASSEMBLER__

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An exception the normal world did not expect (all of them). */
struct nwd_exception {
	/** Vector table entry 0..15 (Arm ARM D1.10.2 order). */
	uint64_t vector;
	uint64_t esr;
	uint64_t elr;
	uint64_t far;
};

/** The image's main function, on CPU 0. */
int nwd_main(void);

/**
 * Sets a function the exception handler calls after printing the
 * exception (e.g. to print a test verdict). When it returns, or if none is
 * set, the handler powers the system off.
 */
void nwd_set_exception_hook(void (*hook)(const struct nwd_exception *e));

#ifdef __cplusplus
}
#endif

#endif /* __ASSEMBLER__ */
