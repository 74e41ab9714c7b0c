/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/* System register access by name (the assembler resolves the encoding). */
#define read_msr(reg)                                         \
	({                                                    \
		uint64_t v_;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_)); \
		v_;                                           \
	})

#define write_msr(reg, v) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}
