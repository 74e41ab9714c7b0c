/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The C library subset the SPMC uses. Host builds take it from libc; the
 * freestanding firmware build links `//src/std`, which implements the same
 * functions (mem* and str*).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/** Copies at most `dst_size - 1` chars of `src` and always terminates. */
size_t std_strlcpy(char *dst, const char *src, size_t dst_size);
