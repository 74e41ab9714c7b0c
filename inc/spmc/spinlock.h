/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/*
 * The arch header defines `struct spinlock`, `SPINLOCK_INIT`, `sl_init`,
 * `sl_lock` and `sl_unlock`: exclusive-access (or LSE) code on AArch64, C11
 * atomics on the fake arch.
 */
#include "spmc/arch/spinlock.h"

/**
 * Locks two locks of the same class without deadlock: the lower address is
 * always taken first (see docs/design/locking.md).
 */
static inline void sl_lock_both(struct spinlock *a, struct spinlock *b)
{
	if ((uintptr_t)a < (uintptr_t)b) {
		sl_lock(a);
		sl_lock(b);
	} else {
		sl_lock(b);
		sl_lock(a);
	}
}
