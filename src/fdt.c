/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/fdt.h"

#include "spmc/checked.h"
#include "spmc/std.h"

#include "libfdt.h"

/** Deepest node nesting accepted; manifests use four levels at most. */
#define FDT_MAX_DEPTH 32

/**
 * Walks every tag of the structure block. libfdt bounds each step against
 * the header's sizes; this adds the checks its accessors assume were made:
 * balanced nodes, a single root, property names inside the strings block and
 * progress on every step.
 */
static bool fdt_check_structure(const void *blob)
{
	int offset = 0;
	int depth = 0;
	bool seen_root = false;

	for (;;) {
		int next;
		uint32_t tag = fdt_next_tag(blob, offset, &next);

		if (next < 0 && tag != FDT_END) {
			return false;
		}
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && seen_root) {
				return false;
			}
			seen_root = true;
			if (++depth > FDT_MAX_DEPTH ||
			    fdt_get_name(blob, offset, NULL) == NULL) {
				return false;
			}
			break;
		case FDT_END_NODE:
			if (--depth < 0) {
				return false;
			}
			break;
		case FDT_PROP: {
			const char *name = NULL;
			int len;

			if (depth == 0 ||
			    fdt_getprop_by_offset(blob, offset, &name, &len) ==
				NULL ||
			    name == NULL) {
				return false;
			}
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return next >= 0 && depth == 0 && seen_root;
		default:
			return false;
		}
		if (next <= offset) {
			return false;
		}
		offset = next;
	}
}

/**
 * Checks the blob at `blob` and binds `fdt` to it. Returns false, leaving
 * `fdt` unbound, when the header, the declared size or the structure is bad.
 */
bool fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	fdt->blob = NULL;
	fdt->size = 0;

	if (blob == NULL || max_size < sizeof(struct fdt_header)) {
		return false;
	}
	/*
	 * libfdt reads tags as aligned 32-bit words: a misaligned blob or
	 * structure block would be undefined behaviour on the host and an
	 * alignment fault at S-EL2 with the MMU off (DT spec: the structure
	 * block is 4-byte and the reservation map 8-byte aligned).
	 */
	if (!is_aligned((uintptr_t)blob, 8)) {
		return false;
	}
	if (fdt_check_header(blob) != 0 || fdt_totalsize(blob) > max_size ||
	    !is_aligned(fdt_off_dt_struct(blob), 4) ||
	    !is_aligned(fdt_off_mem_rsvmap(blob), 8)) {
		return false;
	}
	if (!fdt_check_structure(blob)) {
		return false;
	}
	fdt->blob = blob;
	fdt->size = fdt_totalsize(blob);
	return true;
}

/** Size of the bound blob as its header declares it. */
size_t fdt_blob_size(const struct fdt *fdt)
{
	return fdt->size;
}

/** The root node. */
bool fdt_root(const struct fdt *fdt, struct fdt_node *root)
{
	if (fdt->blob == NULL) {
		return false;
	}
	root->fdt = fdt;
	root->offset = 0;
	return true;
}

/** The direct child of `parent` named exactly `name` (with unit address). */
bool fdt_find_child(const struct fdt_node *parent, const char *name,
		    struct fdt_node *child)
{
	int off = fdt_subnode_offset(parent->fdt->blob, parent->offset, name);

	if (off < 0) {
		return false;
	}
	child->fdt = parent->fdt;
	child->offset = off;
	return true;
}

/** The first direct child of `parent`. */
bool fdt_first_child(const struct fdt_node *parent, struct fdt_node *child)
{
	int off = fdt_first_subnode(parent->fdt->blob, parent->offset);

	if (off < 0) {
		return false;
	}
	child->fdt = parent->fdt;
	child->offset = off;
	return true;
}

/** The next sibling of `node`. */
bool fdt_next_sibling(const struct fdt_node *node, struct fdt_node *next)
{
	int off = fdt_next_subnode(node->fdt->blob, node->offset);

	if (off < 0) {
		return false;
	}
	next->fdt = node->fdt;
	next->offset = off;
	return true;
}

/** The node's name; "" for the root and never NULL. */
const char *fdt_node_name(const struct fdt_node *node)
{
	const char *name = fdt_get_name(node->fdt->blob, node->offset, NULL);

	return name != NULL ? name : "";
}

/** The node's path, truncated to fit `buf` and always terminated. */
void fdt_node_path(const struct fdt_node *node, char *buf, size_t size)
{
	if (size == 0) {
		return;
	}
	if (fdt_get_path(node->fdt->blob, node->offset, buf, (int)size) != 0) {
		/* Too deep for the buffer: the name is the useful part. */
		buf[0] = '\0';
		std_strlcpy(buf, "...", size);
		std_strlcpy(buf + strlen(buf), fdt_node_name(node),
			    size - strlen(buf));
	}
}

/** The first node whose `compatible` contains `compat`. */
bool fdt_find_compatible(const struct fdt *fdt, const char *compat,
			 struct fdt_node *node)
{
	int off = fdt_node_offset_by_compatible(fdt->blob, -1, compat);

	if (off < 0) {
		return false;
	}
	node->fdt = fdt;
	node->offset = off;
	return true;
}

/** True if the node's `compatible` string list contains `compat`. */
bool fdt_is_compatible(const struct fdt_node *node, const char *compat)
{
	return fdt_node_check_compatible(node->fdt->blob, node->offset,
					 compat) == 0;
}

/** The node whose `phandle` is `phandle`. */
bool fdt_find_phandle(const struct fdt *fdt, uint32_t phandle,
		      struct fdt_node *node)
{
	int off;

	if (phandle == 0 || phandle == UINT32_MAX) {
		return false;
	}
	off = fdt_node_offset_by_phandle(fdt->blob, phandle);
	if (off < 0) {
		return false;
	}
	node->fdt = fdt;
	node->offset = off;
	return true;
}

/** True if the node has a property called `name`. */
bool fdt_has_property(const struct fdt_node *node, const char *name)
{
	return fdt_getprop(node->fdt->blob, node->offset, name, NULL) != NULL;
}

/** The property's bytes and length. */
enum fdt_status fdt_read_prop(const struct fdt_node *node, const char *name,
			      const void **data, size_t *len)
{
	int l;
	const void *p = fdt_getprop(node->fdt->blob, node->offset, name, &l);

	if (p == NULL || l < 0) {
		return FDT_NOT_FOUND;
	}
	*data = p;
	*len = (size_t)l;
	return FDT_OK;
}

static uint32_t fdt_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/** A property of exactly one cell. */
enum fdt_status fdt_read_u32(const struct fdt_node *node, const char *name,
			     uint32_t *out)
{
	const void *data;
	size_t len;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);

	if (st != FDT_OK) {
		return st;
	}
	if (len != sizeof(uint32_t)) {
		return FDT_MALFORMED;
	}
	*out = fdt_be32(data);
	return FDT_OK;
}

/** A property of one or two cells, as a 64-bit number. */
enum fdt_status fdt_read_u64(const struct fdt_node *node, const char *name,
			     uint64_t *out)
{
	const void *data;
	size_t len;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);
	const uint8_t *p;

	if (st != FDT_OK) {
		return st;
	}
	p = data;
	if (len == sizeof(uint32_t)) {
		*out = fdt_be32(p);
	} else if (len == sizeof(uint64_t)) {
		*out = ((uint64_t)fdt_be32(p) << 32) | fdt_be32(p + 4);
	} else {
		return FDT_MALFORMED;
	}
	return FDT_OK;
}

/** A property of exactly two cells. */
enum fdt_status fdt_read_u64_2cells(const struct fdt_node *node,
				    const char *name, uint64_t *out)
{
	const void *data;
	size_t len;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);

	if (st != FDT_OK) {
		return st;
	}
	if (len != sizeof(uint64_t)) {
		return FDT_MALFORMED;
	}
	return fdt_read_u64(node, name, out);
}

/** One cell whose value fits in 16 bits. */
enum fdt_status fdt_read_u16(const struct fdt_node *node, const char *name,
			     uint16_t *out)
{
	uint32_t v;
	enum fdt_status st = fdt_read_u32(node, name, &v);

	if (st != FDT_OK) {
		return st;
	}
	if (v > UINT16_MAX) {
		return FDT_OVERFLOW;
	}
	*out = (uint16_t)v;
	return FDT_OK;
}

/** One terminated string without embedded NULs, at most `max_len` long. */
enum fdt_status fdt_read_string(const struct fdt_node *node, const char *name,
				const char **out, size_t max_len)
{
	const void *data;
	size_t len;
	size_t slen;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);

	if (st != FDT_OK) {
		return st;
	}
	if (len == 0) {
		return FDT_BAD_STRING;
	}
	slen = strnlen(data, len);
	if (slen != len - 1) {
		return FDT_BAD_STRING;
	}
	if (slen > max_len) {
		return FDT_OVERFLOW;
	}
	*out = data;
	return FDT_OK;
}

/** An empty property: true if present, MALFORMED if it has a value. */
enum fdt_status fdt_read_bool(const struct fdt_node *node, const char *name,
			      bool *out)
{
	const void *data;
	size_t len;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);

	if (st == FDT_NOT_FOUND) {
		*out = false;
		return FDT_OK;
	}
	if (len != 0) {
		return FDT_MALFORMED;
	}
	*out = true;
	return FDT_OK;
}

/** A list of cells; its length must be a multiple of 4. */
enum fdt_status fdt_read_cells(const struct fdt_node *node, const char *name,
			       struct fdt_cells *out)
{
	const void *data;
	size_t len;
	enum fdt_status st = fdt_read_prop(node, name, &data, &len);

	if (st != FDT_OK) {
		return st;
	}
	if (len % sizeof(uint32_t) != 0) {
		return FDT_MALFORMED;
	}
	out->data = data;
	out->count = len / sizeof(uint32_t);
	return FDT_OK;
}

/** Cell `i` of `list`. */
uint32_t fdt_cells_get(const struct fdt_cells *list, size_t i)
{
	return fdt_be32(list->data + i * sizeof(uint32_t));
}

/** Cells `i .. i + n - 1` (n is 1 or 2) as one number. */
uint64_t fdt_cells_get_n(const struct fdt_cells *list, size_t i, uint32_t n)
{
	uint64_t v = fdt_cells_get(list, i);

	if (n == 2) {
		v = (v << 32) | fdt_cells_get(list, i + 1);
	}
	return v;
}

/** `#address-cells` (1..2) and `#size-cells` (0..2) of `node`. */
bool fdt_cell_counts(const struct fdt_node *node, uint32_t *address_cells,
		     uint32_t *size_cells)
{
	uint32_t ac = 2;
	uint32_t sc = 1;
	enum fdt_status st;

	st = fdt_read_u32(node, "#address-cells", &ac);
	if (st != FDT_OK && st != FDT_NOT_FOUND) {
		return false;
	}
	st = fdt_read_u32(node, "#size-cells", &sc);
	if (st != FDT_OK && st != FDT_NOT_FOUND) {
		return false;
	}
	if (ac < 1 || ac > 2 || sc > 2) {
		return false;
	}
	*address_cells = ac;
	*size_cells = sc;
	return true;
}

/** Positions `it` on the node's first property. */
bool fdt_prop_first(const struct fdt_node *node, struct fdt_prop_iter *it)
{
	it->node = node;
	it->offset = fdt_first_property_offset(node->fdt->blob, node->offset);
	return it->offset >= 0;
}

/** Moves `it` to the next property of the node. */
bool fdt_prop_next(struct fdt_prop_iter *it)
{
	it->offset = fdt_next_property_offset(it->node->fdt->blob, it->offset);
	return it->offset >= 0;
}

/** Name of the current property; "" if it cannot be read. */
const char *fdt_prop_name(const struct fdt_prop_iter *it)
{
	const char *name = NULL;
	int len;

	if (fdt_getprop_by_offset(it->node->fdt->blob, it->offset, &name,
				  &len) == NULL ||
	    name == NULL) {
		return "";
	}
	return name;
}
