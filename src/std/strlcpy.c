/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/std.h"

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
