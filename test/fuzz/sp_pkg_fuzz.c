/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/sp_pkg.h"

/*
 * libFuzzer target for `sp_pkg_parse`. The input is copied into a heap
 * buffer of exactly its size, so ASan reports any read past it. On success
 * the reported ranges must lie inside the package and the package inside
 * the input; every byte of them is read to prove it.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Reads every byte of `r` (ASan checks the access) and returns their sum. */
static uint8_t touch(const uint8_t *buf, const struct sp_pkg_range *r)
{
	uint8_t sum = 0;
	uint64_t i;

	for (i = 0; i < r->size; i++) {
		sum = (uint8_t)(sum + buf[r->offset + i]);
	}
	return sum;
}

/** Traps unless `r` lies inside `[0, size)`. */
static void check_range(const struct sp_pkg_range *r, uint64_t size)
{
	if (r->offset > size || r->size > size - r->offset) {
		__builtin_trap();
	}
}

/** Checks the invariants a successful parse promises. */
static void check_pkg(const uint8_t *buf, size_t size, const struct sp_pkg *p)
{
	volatile uint8_t sink;

	if (p->size > size || p->manifest.size == 0 || p->image.size == 0) {
		__builtin_trap();
	}
	check_range(&p->manifest, p->size);
	check_range(&p->image, p->size);
	check_range(&p->hob, p->size);
	check_range(&p->boot_info, p->size);
	if (p->manifest.offset + p->manifest.size > p->image.offset) {
		__builtin_trap();
	}
	sink = touch(buf, &p->manifest);
	sink = touch(buf, &p->image);
	sink = touch(buf, &p->hob);
	sink = touch(buf, &p->boot_info);
	(void)sink;
}

/** Parses `buf` and checks the result. */
static void parse_and_check(const uint8_t *buf, size_t size)
{
	struct sp_pkg pkg;
	enum sp_pkg_error err;

	err = sp_pkg_parse(size ? buf : NULL, size, &pkg);
	if (sp_pkg_error_name(err) == NULL) {
		__builtin_trap();
	}
	if (err == SP_PKG_ERROR_SUCCESS) {
		check_pkg(buf, size, &pkg);
	}
}

/** Reads a little-endian u32 (the caller checked the bounds). */
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/**
 * If `buf` is a Transfer List that asks for a checksum, makes the checksum
 * right and returns true. Random bytes almost never carry the right sum, so
 * without this second pass the fuzzer would rarely get past the header.
 */
static bool fix_tl_checksum(uint8_t *buf, size_t size)
{
	uint32_t used;
	uint8_t sum = 0;
	size_t i;

	if (size < SP_PKG_TL_HEADER_SIZE || le32(buf) != SP_PKG_TL_SIGNATURE ||
	    (le32(buf + 16) & SP_PKG_TL_FLAG_HAS_CHECKSUM) == 0) {
		return false;
	}
	used = le32(buf + 8);
	buf[4] = 0;
	for (i = 0; i < used && i < size; i++) {
		sum = (uint8_t)(sum + buf[i]);
	}
	buf[4] = (uint8_t)-sum;
	return true;
}

/**
 * libFuzzer entry point: parses the input as it is and, for a Transfer
 * List, once more with its checksum fixed. Never fails the run itself.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);

	if (buf == NULL) {
		return 0;
	}
	if (size > 0) {
		memcpy(buf, data, size);
	}
	parse_and_check(buf, size);
	if (fix_tl_checksum(buf, size)) {
		parse_and_check(buf, size);
	}
	free(buf);
	return 0;
}
