/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/std.h"

/**
 * Copies `src` into `dst` (`dst_size` bytes), truncating and always
 * terminating when `dst_size` > 0. Returns strlen(src), like BSD strlcpy.
 */
size_t std_strlcpy(char *dst, const char *src, size_t dst_size)
{
	size_t len = strlen(src);
	size_t n;

	if (dst_size == 0) {
		return len;
	}
	n = len < dst_size - 1 ? len : dst_size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return len;
}
