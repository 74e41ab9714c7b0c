/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "spmc/fdt.h"
#include "spmc/manifest.h"

/*
 * Private to the manifest module: the parse context and the property
 * readers every file of the module shares.
 */

/** Parse context of one manifest blob. */
struct mp {
	struct manifest *m;
	struct manifest_error_info *err;
	struct fdt fdt;
};

/** Returns the error of `expr` from the calling function, if any. */
#define TRY(expr)                                      \
	do {                                           \
		enum manifest_error try_ret_ = (expr); \
		if (try_ret_ != MANIFEST_SUCCESS) {    \
			return try_ret_;               \
		}                                      \
	} while (0)

/**
 * Records an error at `node` (may be NULL) / `prop` (may be NULL) with a
 * printf-style detail, and returns `code`.
 */
enum manifest_error mp_fail(struct mp *p, enum manifest_error code,
			    const struct fdt_node *node, const char *prop,
			    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sets the file label used in error reports. */
void mp_set_file(struct mp *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Property readers. With `found` NULL the property is mandatory and its
 * absence is MANIFEST_ERROR_PROPERTY_MISSING; otherwise `*found` says
 * whether it was there and `*out` is untouched when it was not.
 */
enum manifest_error mp_u32(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint32_t *out, bool *found);
enum manifest_error mp_u16(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint16_t *out, bool *found);
enum manifest_error mp_u64(struct mp *p, const struct fdt_node *n,
			   const char *prop, uint64_t *out, bool *found);
enum manifest_error mp_u64_2cells(struct mp *p, const struct fdt_node *n,
				  const char *prop, uint64_t *out, bool *found);
enum manifest_error mp_string(struct mp *p, const struct fdt_node *n,
			      const char *prop, char *out, size_t out_size,
			      bool *found);
enum manifest_error mp_bool(struct mp *p, const struct fdt_node *n,
			    const char *prop, bool *out);
enum manifest_error mp_cells(struct mp *p, const struct fdt_node *n,
			     const char *prop, struct fdt_cells *out,
			     bool *found);

/**
 * Warns about every property of `n` not in the NULL-terminated `known`
 * list: the parser never ignores a property silently. Unknown properties
 * are refused before boot by `make check-manifests`.
 */
void mp_warn_unknown(struct mp *p, const struct fdt_node *n,
		     const char *const *known);

/* Partition manifest parts (partition_props.c, regions.c). */
enum manifest_error mp_partition_props(struct mp *p,
				       const struct fdt_node *root,
				       struct manifest_partition *part);
enum manifest_error mp_partition_services(struct mp *p,
					  const struct fdt_node *root,
					  struct manifest_partition *part);
enum manifest_error mp_partition_regions(struct mp *p,
					 const struct fdt_node *root,
					 struct manifest_partition *part);
enum manifest_error mp_partition_rxtx(struct mp *p, const struct fdt_node *n,
				      struct manifest_partition *part);
enum manifest_error mp_partition_boot_info(struct mp *p,
					   const struct fdt_node *n,
					   struct manifest_partition *part);

/* System-wide checks against the SPMC manifest and the other partitions. */
enum manifest_error mp_check_identity(struct mp *p, const struct fdt_node *root,
				      const struct manifest_partition *part);
enum manifest_error mp_check_region(struct mp *p, const struct fdt_node *n,
				    const char *prop,
				    const struct manifest_partition *part,
				    uint64_t base, uint32_t pages,
				    uint32_t attrs, bool device);
bool mp_interrupt_taken(const struct manifest *m, uint32_t id);
bool mp_stream_taken(const struct manifest *m, uint32_t smmu, uint32_t id);

/** True if `[base, end)` lies inside one range of `kind`. */
bool mp_in_ranges(const struct manifest_spmc *spmc,
		  enum manifest_range_kind kind, uint64_t base, uint64_t end);
