/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * AArch64 memory barriers. Each is also a compiler barrier (`memory`
 * clobber), so the compiler cannot move memory accesses across it.
 */

/** Orders memory accesses among the Inner Shareable domain (CPUs). */
static inline void arch_dmb_ish(void)
{
	__asm__ volatile("dmb ish" : : : "memory");
}

/** Orders stores among the Inner Shareable domain. */
static inline void arch_dmb_ishst(void)
{
	__asm__ volatile("dmb ishst" : : : "memory");
}

/** Orders all memory accesses, including to devices. */
static inline void arch_dmb_sy(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

/** Waits for earlier accesses and maintenance to complete (CPUs). */
static inline void arch_dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

/** Waits for earlier accesses and maintenance to complete (system). */
static inline void arch_dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

/** Flushes the pipeline so later instructions see system register writes. */
static inline void arch_isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}
