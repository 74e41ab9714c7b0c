/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/* libfdt includes <stdlib.h>; the freestanding image needs nothing of it. */
#include <stddef.h>
