/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The services a partition implements: its UUIDs and the messaging methods
 * of each. Two syntaxes: the binding's `uuid` list with `messaging-method`
 * (one value, or one per UUID), and, for "arm,ffa-manifest-1.1", a
 * `services` node whose children give a canonical UUID string and a
 * messaging method each.
 */

#include "spmc/std.h"

#include "internal.h"

static const char *const service_props[] = {
	"uuid", "messaging-method", "description", "phandle", NULL,
};

/** Checks one service's messaging methods against the partition. */
static enum manifest_error
services_check_method(struct mp *p, const struct fdt_node *n,
		      const struct manifest_partition *part, uint32_t method)
{
	uint32_t minor = part->ffa_version & FFA_VERSION_MINOR_MASK;

	if (method == 0 || (method & ~FFA_MSG_METHODS_VALID) != 0) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_MESSAGING_METHOD, n,
			       "messaging-method", "0x%x", method);
	}
	if ((method & (FFA_MSG_DIRECT_REQ2_RECV | FFA_MSG_DIRECT_REQ2_SEND)) !=
		0 &&
	    minor < 2) {
		return mp_fail(
		    p, MANIFEST_ERROR_MESSAGING_METHOD_NEEDS_VERSION, n,
		    "messaging-method",
		    "DIRECT_REQ2 needs FF-A v1.2, ffa-version is 1.%u", minor);
	}
	if ((method & FFA_MSG_INDIRECT) != 0 && minor < 1) {
		return mp_fail(p, MANIFEST_ERROR_MESSAGING_METHOD_NEEDS_VERSION,
			       n, "messaging-method",
			       "indirect messaging needs FF-A v1.1");
	}
	return MANIFEST_SUCCESS;
}

/** Adds a UUID after checking it is not nil, not repeated and fits. */
static enum manifest_error services_add(struct mp *p, const struct fdt_node *n,
					struct manifest_partition *part,
					const struct ffa_uuid *uuid,
					uint32_t method)
{
	if (ffa_uuid_is_null(uuid)) {
		return mp_fail(p, MANIFEST_ERROR_UUID_ALL_ZEROS, n, "uuid",
			       "service %u", part->uuid_count);
	}
	for (uint32_t i = 0; i < part->uuid_count; i++) {
		if (ffa_uuid_equal(&part->uuids[i], uuid)) {
			return mp_fail(p, MANIFEST_ERROR_DUPLICATE_UUID, n,
				       "uuid", "services %u and %u", i,
				       part->uuid_count);
		}
	}
	if (part->uuid_count == PLAT_MAX_UUIDS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_UUIDS, n, "uuid",
			       "limit %u", PLAT_MAX_UUIDS);
	}
	TRY(services_check_method(p, n, part, method));
	part->uuids[part->uuid_count] = *uuid;
	part->uuid_messaging[part->uuid_count] = method;
	part->uuid_count++;
	part->messaging_method |= method;
	return MANIFEST_SUCCESS;
}

/** The binding's `uuid` cell list and `messaging-method`. */
static enum manifest_error services_from_props(struct mp *p,
					       const struct fdt_node *root,
					       struct manifest_partition *part,
					       const struct fdt_cells *uuids)
{
	struct fdt_cells methods;
	size_t count;

	if (uuids->count == 0 || uuids->count % 4 != 0) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_UUID, root, "uuid",
			       "%zu cells, expected groups of 4", uuids->count);
	}
	count = uuids->count / 4;
	if (count > PLAT_MAX_UUIDS) {
		return mp_fail(p, MANIFEST_ERROR_TOO_MANY_UUIDS, root, "uuid",
			       "%zu, limit %u", count, PLAT_MAX_UUIDS);
	}
	TRY(mp_cells(p, root, "messaging-method", &methods, NULL));
	if (methods.count != 1 && methods.count != count) {
		return mp_fail(p, MANIFEST_ERROR_UNMATCHED_MESSAGING_METHODS,
			       root, "messaging-method",
			       "%zu values for %zu UUIDs", methods.count,
			       count);
	}
	for (size_t i = 0; i < count; i++) {
		struct ffa_uuid u;

		for (size_t w = 0; w < 4; w++) {
			u.w[w] = fdt_cells_get(uuids, i * 4 + w);
		}
		TRY(services_add(
		    p, root, part, &u,
		    fdt_cells_get(&methods, methods.count == 1 ? 0 : i)));
	}
	return MANIFEST_SUCCESS;
}

static int services_hex(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/**
 * Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (RFC 4122 byte order) into
 * the SMCCC word layout: word i is the little-endian image of bytes
 * 4i..4i+3 (tfa-spmd-interface §2.2).
 */
static bool services_parse_uuid(const char *s, struct ffa_uuid *u)
{
	uint8_t bytes[16];
	size_t b = 0;

	for (size_t i = 0; i < 36; i++) {
		int hi;
		int lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-') {
				return false;
			}
			continue;
		}
		hi = services_hex(s[i]);
		lo = hi < 0 ? -1 : services_hex(s[i + 1]);
		if (lo < 0) {
			return false;
		}
		bytes[b++] = (uint8_t)((hi << 4) | lo);
		i++;
	}
	if (s[36] != '\0' || b != 16) {
		return false;
	}
	for (size_t w = 0; w < 4; w++) {
		u->w[w] = (uint32_t)bytes[4 * w] |
			  ((uint32_t)bytes[4 * w + 1] << 8) |
			  ((uint32_t)bytes[4 * w + 2] << 16) |
			  ((uint32_t)bytes[4 * w + 3] << 24);
	}
	return true;
}

/** A `services` node (binding 1.1): one child per service. */
static enum manifest_error services_from_node(struct mp *p,
					      const struct fdt_node *svcs,
					      struct manifest_partition *part)
{
	struct fdt_node n;

	for (bool ok = fdt_first_child(svcs, &n); ok;
	     ok = fdt_next_sibling(&n, &n)) {
		char str[40];
		struct ffa_uuid u;
		uint32_t method;

		TRY(mp_string(p, &n, "uuid", str, sizeof(str), NULL));
		if (!services_parse_uuid(str, &u)) {
			return mp_fail(p, MANIFEST_ERROR_MALFORMED_UUID, &n,
				       "uuid", "\"%s\"", str);
		}
		TRY(mp_u32(p, &n, "messaging-method", &method, NULL));
		TRY(services_add(p, &n, part, &u, method));
		mp_warn_unknown(p, &n, service_props);
	}
	if (part->uuid_count == 0) {
		return mp_fail(p, MANIFEST_ERROR_NO_SERVICES, svcs, NULL,
			       "the services node is empty");
	}
	return MANIFEST_SUCCESS;
}

/** The partition's services in either syntax. */
enum manifest_error mp_partition_services(struct mp *p,
					  const struct fdt_node *root,
					  struct manifest_partition *part)
{
	struct fdt_node svcs;
	struct fdt_cells uuids;
	bool has_uuid;
	bool has_node = false;

	for (bool ok = fdt_first_child(root, &svcs); ok;
	     ok = fdt_next_sibling(&svcs, &svcs)) {
		if (fdt_is_compatible(&svcs, "arm,ffa-manifest-services")) {
			has_node = true;
			break;
		}
	}
	TRY(mp_cells(p, root, "uuid", &uuids, &has_uuid));
	if (has_uuid && has_node) {
		return mp_fail(p, MANIFEST_ERROR_MALFORMED_UUID, root, "uuid",
			       "both `uuid` and a services node");
	}
	if (has_node) {
		if (part->binding_minor < MANIFEST_BINDING_1_1) {
			return mp_fail(p, MANIFEST_ERROR_NOT_COMPATIBLE, &svcs,
				       NULL,
				       "a services node needs "
				       "\"arm,ffa-manifest-1.1\"");
		}
		if (fdt_has_property(root, "messaging-method")) {
			return mp_fail(
			    p, MANIFEST_ERROR_UNMATCHED_MESSAGING_METHODS, root,
			    "messaging-method",
			    "set per service in the services node");
		}
		return services_from_node(p, &svcs, part);
	}
	if (!has_uuid) {
		return mp_fail(p, MANIFEST_ERROR_NO_SERVICES, root, "uuid",
			       NULL);
	}
	return services_from_props(p, root, part, &uuids);
}
