/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/mem_desc.h"
#include "spmc/std.h"

static const char *const mem_desc_error_names[] = {
#define MEM_DESC_ERROR_NAME(name, code) "MEM_DESC_ERROR_" #name,
	MEM_DESC_ERRORS(MEM_DESC_ERROR_NAME)
#undef MEM_DESC_ERROR_NAME
};

static const int32_t mem_desc_error_codes[] = {
#define MEM_DESC_ERROR_CODE(name, code) code,
	MEM_DESC_ERRORS(MEM_DESC_ERROR_CODE)
#undef MEM_DESC_ERROR_CODE
};

static_assert(ARRAY_SIZE(mem_desc_error_names) == MEM_DESC_ERROR_COUNT);
static_assert(ARRAY_SIZE(mem_desc_error_codes) == MEM_DESC_ERROR_COUNT);

/** The enumerator's name, or NULL for a value outside the enum. */
const char *mem_desc_error_name(enum mem_desc_error e)
{
	if ((unsigned int)e >= MEM_DESC_ERROR_COUNT) {
		return NULL;
	}
	return mem_desc_error_names[e];
}

/** The FF-A error code of `e`; 0 for SUCCESS and values outside the enum. */
int32_t mem_desc_error_code(enum mem_desc_error e)
{
	if ((unsigned int)e >= MEM_DESC_ERROR_COUNT) {
		return 0;
	}
	return mem_desc_error_codes[e];
}
