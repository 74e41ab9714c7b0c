/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/arch/pa_access.h"

#include <string.h>

/*
 * Host builds take no faults: these copy and zero, and always succeed.
 * What recovers from a fault is tested under QEMU (the pa_fault suite).
 */

bool arch_copy_recoverable(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
	return true;
}

bool arch_zero_recoverable(void *dst, size_t len)
{
	memset(dst, 0, len);
	return true;
}
