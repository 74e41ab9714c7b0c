/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/*
 * Fake-arch spinlock for host tests: a C11 atomic flag. The host tests are
 * single-threaded except where a test says otherwise.
 */

#ifdef __cplusplus
#include <atomic>
struct spinlock {
	std::atomic_flag flag = ATOMIC_FLAG_INIT;
};
#define SPINLOCK_INIT \
	{             \
	}
static inline void sl_init(struct spinlock *l)
{
	l->flag.clear();
}
static inline void sl_lock(struct spinlock *l)
{
	while (l->flag.test_and_set(std::memory_order_acquire)) {
	}
}
static inline void sl_unlock(struct spinlock *l)
{
	l->flag.clear(std::memory_order_release);
}
#else
#include <stdatomic.h>
struct spinlock {
	atomic_flag flag;
};
#define SPINLOCK_INIT { .flag = ATOMIC_FLAG_INIT }
static inline void sl_init(struct spinlock *l)
{
	atomic_flag_clear(&l->flag);
}
static inline void sl_lock(struct spinlock *l)
{
	while (
	    atomic_flag_test_and_set_explicit(&l->flag, memory_order_acquire)) {
	}
}
static inline void sl_unlock(struct spinlock *l)
{
	atomic_flag_clear_explicit(&l->flag, memory_order_release);
}
#endif
