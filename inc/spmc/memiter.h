/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * A bounded cursor over a byte range. Every read checks the remaining length
 * first and fails without moving when it is too short, so parsers of
 * untrusted data never read past the range they were given.
 */
struct memiter {
	const uint8_t *next;
	const uint8_t *limit;
};

void memiter_init(struct memiter *it, const void *data, size_t size);
size_t memiter_remaining(const struct memiter *it);
bool memiter_advance(struct memiter *it, size_t n);
bool memiter_consume(struct memiter *it, size_t n, const void **data);
bool memiter_read_u8(struct memiter *it, uint8_t *out);
bool memiter_read_le16(struct memiter *it, uint16_t *out);
bool memiter_read_le32(struct memiter *it, uint32_t *out);
bool memiter_read_le64(struct memiter *it, uint64_t *out);
bool memiter_slice(const struct memiter *it, size_t offset, size_t size,
		   struct memiter *out);
