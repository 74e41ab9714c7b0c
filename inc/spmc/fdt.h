/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Typed, bounds-checked access to a flattened device tree, built on libfdt.
 * `fdt_init` runs libfdt's full structure check once, so later walks over an
 * untrusted blob cannot leave it. Property readers say precisely why a value
 * was refused, so the manifest parser can name the error.
 */

struct fdt {
	const void *blob;
	size_t size;
};

struct fdt_node {
	const struct fdt *fdt;
	int offset;
};

enum fdt_status {
	FDT_OK = 0,
	/** The property is absent. */
	FDT_NOT_FOUND,
	/** The property's length does not fit its type. */
	FDT_MALFORMED,
	/** A string is not terminated, or is longer than allowed. */
	FDT_BAD_STRING,
	/** An integer does not fit the requested width. */
	FDT_OVERFLOW,
};

/** Cursor over the properties of one node. */
struct fdt_prop_iter {
	const struct fdt_node *node;
	int offset;
};

/** A list of big-endian 32-bit cells inside the blob. */
struct fdt_cells {
	const uint8_t *data;
	size_t count;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Checks the header and the whole structure of the blob at `blob`, which must
 * fit in `max_size` bytes. Returns false if it is not a valid FDT.
 */
bool fdt_init(struct fdt *fdt, const void *blob, size_t max_size);

/** Total size the blob's header declares (valid after fdt_init). */
size_t fdt_blob_size(const struct fdt *fdt);

bool fdt_root(const struct fdt *fdt, struct fdt_node *root);
bool fdt_find_child(const struct fdt_node *parent, const char *name,
		    struct fdt_node *child);
bool fdt_first_child(const struct fdt_node *parent, struct fdt_node *child);
bool fdt_next_sibling(const struct fdt_node *node, struct fdt_node *next);

/** Name of the node including any unit address; never NULL. */
const char *fdt_node_name(const struct fdt_node *node);

/** Writes the node's full path into `buf` (truncated, terminated). */
void fdt_node_path(const struct fdt_node *node, char *buf, size_t size);

/** First node of the tree whose `compatible` list contains `compat`. */
bool fdt_find_compatible(const struct fdt *fdt, const char *compat,
			 struct fdt_node *node);

/** True if the node's `compatible` string list contains `compat`. */
bool fdt_is_compatible(const struct fdt_node *node, const char *compat);

/** First node whose `phandle` property equals `phandle`. */
bool fdt_find_phandle(const struct fdt *fdt, uint32_t phandle,
		      struct fdt_node *node);

bool fdt_has_property(const struct fdt_node *node, const char *name);

/** Raw property bytes. */
enum fdt_status fdt_read_prop(const struct fdt_node *node, const char *name,
			      const void **data, size_t *len);

/** Exactly one 32-bit cell. */
enum fdt_status fdt_read_u32(const struct fdt_node *node, const char *name,
			     uint32_t *out);

/** One or two cells (two: high word first). */
enum fdt_status fdt_read_u64(const struct fdt_node *node, const char *name,
			     uint64_t *out);

/** Exactly two cells, as TF-A reads `load_address` and `entrypoint`. */
enum fdt_status fdt_read_u64_2cells(const struct fdt_node *node,
				    const char *name, uint64_t *out);

/** One 32-bit cell whose value must fit in 16 bits. */
enum fdt_status fdt_read_u16(const struct fdt_node *node, const char *name,
			     uint16_t *out);

/** A single terminated string of at most `max_len` characters. */
enum fdt_status fdt_read_string(const struct fdt_node *node, const char *name,
				const char **out, size_t max_len);

/**
 * An empty property: present → true, absent → false. A property that
 * carries a value is FDT_MALFORMED (the binding says <empty>).
 */
enum fdt_status fdt_read_bool(const struct fdt_node *node, const char *name,
			      bool *out);

/** A list of 32-bit cells (length a multiple of 4; may be empty). */
enum fdt_status fdt_read_cells(const struct fdt_node *node, const char *name,
			       struct fdt_cells *out);

/** Cell `i` of a list (the caller checks `i < list->count`). */
uint32_t fdt_cells_get(const struct fdt_cells *list, size_t i);

/** Reads `n` (1 or 2) cells starting at cell `i` as one number. */
uint64_t fdt_cells_get_n(const struct fdt_cells *list, size_t i, uint32_t n);

/**
 * The node's `#address-cells` and `#size-cells` as they apply to its
 * children (defaults 2 and 1). Fails if a value is not 1 or 2 (address) or
 * 0..2 (size).
 */
bool fdt_cell_counts(const struct fdt_node *node, uint32_t *address_cells,
		     uint32_t *size_cells);

/** Starts iterating over the node's properties. */
bool fdt_prop_first(const struct fdt_node *node, struct fdt_prop_iter *it);
bool fdt_prop_next(struct fdt_prop_iter *it);
/** Name of the property the iterator is on. */
const char *fdt_prop_name(const struct fdt_prop_iter *it);

#ifdef __cplusplus
}
#endif
