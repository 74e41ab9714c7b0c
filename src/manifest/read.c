/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdarg.h>

#include "spmc/dlog.h"
#include "spmc/std.h"

#include "internal.h"

/** Records the error in the context's error info and returns `code`. */
enum manifest_error mp_fail(struct mp *p, enum manifest_error code,
			    const struct fdt_node *node, const char *prop,
			    const char *fmt, ...)
{
	struct manifest_error_info *err = p->err;
	va_list args;

	err->code = code;
	err->node[0] = '\0';
	err->property[0] = '\0';
	err->detail[0] = '\0';
	if (node != NULL) {
		fdt_node_path(node, err->node, sizeof(err->node));
	}
	if (prop != NULL) {
		std_strlcpy(err->property, prop, sizeof(err->property));
	}
	if (fmt != NULL) {
		va_start(args, fmt);
		dlog_vsnprintf(err->detail, sizeof(err->detail), fmt, args);
		va_end(args);
	}
	return code;
}

/** Sets the label naming the manifest in error reports. */
void mp_set_file(struct mp *p, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	dlog_vsnprintf(p->err->file, sizeof(p->err->file), fmt, args);
	va_end(args);
}

/**
 * Common tail of every reader: reports whether the property was there, and
 * turns the absence of a mandatory one (`found` NULL) into an error.
 */
static enum manifest_error mp_presence(struct mp *p, bool present,
				       const struct fdt_node *n,
				       const char *prop, bool *found)
{
	if (found != NULL) {
		*found = present;
		return MANIFEST_SUCCESS;
	}
	if (!present) {
		return mp_fail(p, MANIFEST_ERROR_PROPERTY_MISSING, n, prop,
			       NULL);
	}
	return MANIFEST_SUCCESS;
}

/** Maps an FDT status to the manifest error for an integer property. */
static enum manifest_error mp_int_status(struct mp *p, enum fdt_status st,
					 const struct fdt_node *n,
					 const char *prop, bool *found)
{
	switch (st) {
	case FDT_OK:
		return mp_presence(p, true, n, prop, found);
	case FDT_NOT_FOUND:
		return mp_presence(p, false, n, prop, found);
	case FDT_OVERFLOW:
		return mp_fail(p, MANIFEST_ERROR_INTEGER_OVERFLOW, n, prop,
			       NULL);
	case FDT_MALFORMED:
	case FDT_BAD_STRING:
	default:
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_INTEGER, n, prop,
			       NULL);
	}
}

/** A mandatory or optional one-cell property. */
enum manifest_error mp_u32(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint32_t *out, bool *found)
{
	return mp_int_status(p, fdt_read_u32(n, prop, out), n, prop, found);
}

/** A one-cell property that must fit in 16 bits. */
enum manifest_error mp_u16(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint16_t *out, bool *found)
{
	return mp_int_status(p, fdt_read_u16(n, prop, out), n, prop, found);
}

/** A one- or two-cell property (the binding's <u64>). */
enum manifest_error mp_u64(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint64_t *out, bool *found)
{
	return mp_int_status(p, fdt_read_u64(n, prop, out), n, prop, found);
}

/** A two-cell property, as TF-A requires for some SPMC fields. */
enum manifest_error mp_u64_2cells(struct mp *p, const struct fdt_node *n,
				  const char *prop, uint64_t *out, bool *found)
{
	return mp_int_status(p, fdt_read_u64_2cells(n, prop, out), n, prop,
			     found);
}

/** A string copied into `out` (which must hold it with its NUL). */
enum manifest_error mp_string(struct mp *p, const struct fdt_node *n,
			      const char *prop, char *out, size_t out_size,
			      bool *found)
{
	const char *s;
	enum fdt_status st = fdt_read_string(n, prop, &s, out_size - 1);

	switch (st) {
	case FDT_OK:
		std_strlcpy(out, s, out_size);
		return mp_presence(p, true, n, prop, found);
	case FDT_NOT_FOUND:
		return mp_presence(p, false, n, prop, found);
	case FDT_OVERFLOW:
		return mp_fail(p, MANIFEST_ERROR_STRING_TOO_LONG, n, prop,
			       "at most %zu characters", out_size - 1);
	default:
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_STRING, n, prop,
			       NULL);
	}
}

/** An empty (flag) property. */
enum manifest_error mp_bool(struct mp *p, const struct fdt_node *n,
			    const char *prop, bool *out)
{
	if (fdt_read_bool(n, prop, out) != FDT_OK) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_BOOLEAN, n, prop,
			       NULL);
	}
	return MANIFEST_SUCCESS;
}

/** A list of cells. */
enum manifest_error mp_cells(struct mp *p, const struct fdt_node *n,
			     const char *prop, struct fdt_cells *out,
			     bool *found)
{
	enum fdt_status st = fdt_read_cells(n, prop, out);

	if (st == FDT_MALFORMED) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_LIST, n, prop,
			       "length is not a multiple of 4");
	}
	return mp_int_status(p, st, n, prop, found);
}

/** Logs a warning for every property of `n` that is not in `known`. */
void mp_warn_unknown(struct mp *p, const struct fdt_node *n,
		     const char *const *known)
{
	struct fdt_prop_iter it;
	char path[64];

	if (!fdt_prop_first(n, &it)) {
		return;
	}
	do {
		const char *name = fdt_prop_name(&it);
		const char *const *k;
		bool is_known = false;

		for (k = known; *k != NULL; k++) {
			if (strcmp(*k, name) == 0) {
				is_known = true;
				break;
			}
		}
		if (!is_known) {
			fdt_node_path(n, path, sizeof(path));
			dlog_warning("%s: %s: unknown property `%s` ignored\n",
				     p->err->file, path, name);
		}
	} while (fdt_prop_next(&it));
}
