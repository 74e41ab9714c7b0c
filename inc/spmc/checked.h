/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

/**
 * Overflow-safe arithmetic for sizes and addresses. Every helper returns
 * false, and leaves `*out` unchanged, when the exact result does not fit.
 * Use these on every value that comes from a manifest, a descriptor or a
 * register of another world.
 */

static inline bool checked_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	uint64_t r;

	if (__builtin_add_overflow(a, b, &r)) {
		return false;
	}
	*out = r;
	return true;
}

static inline bool checked_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	uint64_t r;

	if (__builtin_mul_overflow(a, b, &r)) {
		return false;
	}
	*out = r;
	return true;
}

static inline bool checked_add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
	uint32_t r;

	if (__builtin_add_overflow(a, b, &r)) {
		return false;
	}
	*out = r;
	return true;
}

static inline bool checked_mul_u32(uint32_t a, uint32_t b, uint32_t *out)
{
	uint32_t r;

	if (__builtin_mul_overflow(a, b, &r)) {
		return false;
	}
	*out = r;
	return true;
}

/**
 * Computes the exclusive end `base + size` of a range. Fails on overflow.
 * An empty range (size 0) is allowed and ends at `base`.
 */
static inline bool checked_range_end(uint64_t base, uint64_t size,
				     uint64_t *end)
{
	return checked_add_u64(base, size, end);
}

/**
 * Computes the byte size of `count` items of `item_size` bytes, as used for
 * "pages-count" style fields. Fails on overflow.
 */
static inline bool checked_size(uint64_t count, uint64_t item_size,
				uint64_t *size)
{
	return checked_mul_u64(count, item_size, size);
}

/**
 * True if `[a_base, a_end)` and `[b_base, b_end)` share at least a byte; an
 * empty range overlaps nothing.
 */
static inline bool ranges_overlap(uint64_t a_base, uint64_t a_end,
				  uint64_t b_base, uint64_t b_end)
{
	return a_base < a_end && b_base < b_end && a_base < b_end &&
	       b_base < a_end;
}

/** True if `[in_base, in_end)` lies inside `[out_base, out_end)`. */
static inline bool range_within(uint64_t in_base, uint64_t in_end,
				uint64_t out_base, uint64_t out_end)
{
	return in_base >= out_base && in_end <= out_end;
}

/** True if `value` is a multiple of `align`, a power of two. */
static inline bool is_aligned(uint64_t value, uint64_t align)
{
	return (value & (align - 1)) == 0;
}

/** Rounds `value` up to `align` (a power of two). Fails on overflow. */
static inline bool checked_align_up(uint64_t value, uint64_t align,
				    uint64_t *out)
{
	uint64_t r;

	if (!checked_add_u64(value, align - 1, &r)) {
		return false;
	}
	*out = r & ~(align - 1);
	return true;
}
