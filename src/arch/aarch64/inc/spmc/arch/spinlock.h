/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/*
 * AArch64 ticket-free spinlock on a 32-bit word. The image is built for
 * Armv8.4-A (FEAT_SEL2 needs it), which always has LSE atomics: `swpa`
 * takes the lock with acquire semantics and `stlr` releases it. WFE/SEV
 * keep waiting CPUs quiet: the release store clears the exclusive monitor
 * armed by `ldaxr`, which wakes the waiter.
 */
struct spinlock {
	volatile uint32_t v;
};

#define SPINLOCK_INIT { .v = 0 }

static inline void sl_init(struct spinlock *l)
{
	l->v = 0;
}

static inline void sl_lock(struct spinlock *l)
{
	uint32_t old;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%1]\n"
			 "	cbnz	%w0, 1b\n"
			 "	mov	%w0, #1\n"
			 "	swpa	%w0, %w0, [%1]\n"
			 "	cbnz	%w0, 2b\n"
			 : "=&r"(old)
			 : "r"(&l->v)
			 : "memory");
}

static inline void sl_unlock(struct spinlock *l)
{
	__asm__ volatile("stlr	wzr, [%0]" : : "r"(&l->v) : "memory");
}
