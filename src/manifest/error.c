/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/dlog.h"
#include "spmc/manifest_error.h"
#include "spmc/std.h"

static const char *const manifest_error_names[] = {
#define MANIFEST_ERROR_NAME(name, desc) "MANIFEST_ERROR_" #name,
	MANIFEST_ERRORS(MANIFEST_ERROR_NAME)
#undef MANIFEST_ERROR_NAME
};

static const char *const manifest_error_descriptions[] = {
#define MANIFEST_ERROR_DESC(name, desc) desc,
	MANIFEST_ERRORS(MANIFEST_ERROR_DESC)
#undef MANIFEST_ERROR_DESC
};

static_assert(ARRAY_SIZE(manifest_error_names) == MANIFEST_ERROR_COUNT);
static_assert(ARRAY_SIZE(manifest_error_descriptions) == MANIFEST_ERROR_COUNT);

/** The enumerator's name, or NULL for a value outside the enum. */
const char *manifest_error_name(enum manifest_error e)
{
	if ((unsigned int)e >= MANIFEST_ERROR_COUNT) {
		return NULL;
	}
	return manifest_error_names[e];
}

/** The one-sentence description, or NULL for a value outside the enum. */
const char *manifest_error_describe(enum manifest_error e)
{
	if ((unsigned int)e >= MANIFEST_ERROR_COUNT) {
		return NULL;
	}
	return manifest_error_descriptions[e];
}

/**
 * Formats the error as "<file>: <node>: <property>: <description>
 * (<detail>) [<name>]", leaving out empty parts. Returns the length the full
 * text needs, like snprintf.
 */
size_t manifest_error_format(const struct manifest_error_info *info, char *buf,
			     size_t size)
{
	const char *desc = manifest_error_describe(info->code);
	const char *name = manifest_error_name(info->code);

	return dlog_snprintf(buf, size, "%s%s%s%s%s%s%s%s%s [%s]", info->file,
			     info->file[0] != '\0' ? ": " : "", info->node,
			     info->node[0] != '\0' ? ": " : "", info->property,
			     info->property[0] != '\0' ? ": " : "",
			     desc != NULL ? desc : "unknown error",
			     info->detail[0] != '\0' ? " - " : "", info->detail,
			     name != NULL ? name : "?");
}
