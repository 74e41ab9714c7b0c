/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/**
 * Typed addresses. Each address space has its own single-field struct so a
 * physical address cannot be passed where an intermediate-physical or a
 * virtual one is expected. The helpers are trivial and compile away.
 */

/** A physical address. */
typedef struct {
	uintptr_t pa;
} paddr_t;

/** An intermediate physical address (stage-2 input). */
typedef struct {
	uintptr_t ipa;
} ipaddr_t;

/** A virtual address (stage-1 input). */
typedef struct {
	uintptr_t va;
} vaddr_t;

static inline paddr_t pa_init(uintptr_t addr)
{
	paddr_t r;

	r.pa = addr;
	return r;
}

static inline uintptr_t pa_addr(paddr_t addr)
{
	return addr.pa;
}

static inline paddr_t pa_add(paddr_t addr, size_t n)
{
	return pa_init(pa_addr(addr) + n);
}

static inline size_t pa_difference(paddr_t start, paddr_t end)
{
	return pa_addr(end) - pa_addr(start);
}

static inline ipaddr_t ipa_init(uintptr_t addr)
{
	ipaddr_t r;

	r.ipa = addr;
	return r;
}

static inline uintptr_t ipa_addr(ipaddr_t addr)
{
	return addr.ipa;
}

static inline ipaddr_t ipa_add(ipaddr_t addr, size_t n)
{
	return ipa_init(ipa_addr(addr) + n);
}

static inline ipaddr_t ipa_from_pa(paddr_t pa)
{
	return ipa_init(pa_addr(pa));
}

static inline vaddr_t va_init(uintptr_t addr)
{
	vaddr_t r;

	r.va = addr;
	return r;
}

static inline uintptr_t va_addr(vaddr_t addr)
{
	return addr.va;
}

static inline vaddr_t va_add(vaddr_t addr, size_t n)
{
	return va_init(va_addr(addr) + n);
}

/** Identity-mapped SPMC memory: the virtual address of a physical one. */
static inline vaddr_t va_from_pa(paddr_t pa)
{
	return va_init(pa_addr(pa));
}

static inline void *ptr_from_va(vaddr_t va)
{
	return (void *)va_addr(va);
}
