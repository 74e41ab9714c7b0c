/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/memiter.h"

/*
 * Little-endian values are assembled byte by byte: the data may be at any
 * alignment (the firmware runs with -mstrict-align and, before the MMU is on,
 * with alignment faults on Device memory), and the host may be big-endian.
 */

/** Reads `n` (at most 8) bytes at `p` as a little-endian number. */
static uint64_t memiter_le_bytes(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = n; i > 0; i--) {
		v = (v << 8) | p[i - 1];
	}
	return v;
}

/*
 * Pointer arithmetic that tolerates an empty range at NULL: in C, even
 * `NULL + 0` is undefined (and UBSan reports it).
 */
static const uint8_t *memiter_offset(const uint8_t *p, size_t n)
{
	return n == 0 ? p : p + n;
}

/**
 * Points `it` at `[data, data + size)`. `data` may be NULL only when `size`
 * is 0. The caller keeps ownership of the memory, which must outlive `it`.
 */
void memiter_init(struct memiter *it, const void *data, size_t size)
{
	it->next = data;
	it->limit = memiter_offset(it->next, size);
}

/** Returns the number of bytes left between the cursor and the limit. */
size_t memiter_remaining(const struct memiter *it)
{
	return (size_t)(it->limit - it->next);
}

/**
 * Moves the cursor `n` bytes forward. Returns false, without moving, if
 * fewer than `n` bytes remain.
 */
bool memiter_advance(struct memiter *it, size_t n)
{
	if (n > memiter_remaining(it)) {
		return false;
	}
	it->next = memiter_offset(it->next, n);
	return true;
}

/**
 * Returns in `*data` a pointer to the next `n` bytes and moves past them.
 * Returns false, leaving the cursor and `*data` unchanged, if fewer than `n`
 * bytes remain. The bytes are not copied: `*data` points into the range.
 */
bool memiter_consume(struct memiter *it, size_t n, const void **data)
{
	const uint8_t *p = it->next;

	if (!memiter_advance(it, n)) {
		return false;
	}
	*data = p;
	return true;
}

/**
 * Reads an `n`-byte little-endian value into `*out`. Returns false, leaving
 * the cursor and `*out` unchanged, if fewer than `n` bytes remain.
 */
static bool memiter_read_le(struct memiter *it, size_t n, uint64_t *out)
{
	if (n > memiter_remaining(it)) {
		return false;
	}
	*out = memiter_le_bytes(it->next, n);
	it->next += n;
	return true;
}

/** Reads one byte. Fails without moving if none remains. */
bool memiter_read_u8(struct memiter *it, uint8_t *out)
{
	uint64_t v;

	if (!memiter_read_le(it, sizeof(*out), &v)) {
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

/** Reads a little-endian 16-bit value. Fails without moving if too short. */
bool memiter_read_le16(struct memiter *it, uint16_t *out)
{
	uint64_t v;

	if (!memiter_read_le(it, sizeof(*out), &v)) {
		return false;
	}
	*out = (uint16_t)v;
	return true;
}

/** Reads a little-endian 32-bit value. Fails without moving if too short. */
bool memiter_read_le32(struct memiter *it, uint32_t *out)
{
	uint64_t v;

	if (!memiter_read_le(it, sizeof(*out), &v)) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/** Reads a little-endian 64-bit value. Fails without moving if too short. */
bool memiter_read_le64(struct memiter *it, uint64_t *out)
{
	return memiter_read_le(it, sizeof(*out), out);
}

/**
 * Makes `*out` a new cursor over `[offset, offset + size)` of what remains
 * of `it`, without moving `it`. Returns false, leaving `*out` unchanged, if
 * that range does not lie entirely within the remaining bytes (including
 * when `offset + size` overflows).
 */
bool memiter_slice(const struct memiter *it, size_t offset, size_t size,
		   struct memiter *out)
{
	size_t remaining = memiter_remaining(it);

	if (offset > remaining || size > remaining - offset) {
		return false;
	}
	out->next = memiter_offset(it->next, offset);
	out->limit = memiter_offset(out->next, size);
	return true;
}
