/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/tb_fw_config.h"

#include <libfdt.h>

#include "spmc/std.h"

#include "el3fw/log.h"

/*
 * TB_FW_CONFIG `arm,sp` list, as TF-A's QEMU BL2 reads it
 * (plat/qemu/common/qemu_bl2_setup.c, tfa-spmd-interface §2.5).
 */

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define UUID_STR_LEN 36U

static const char *const tb_fw_config_error_names[] = {
#define TB_FW_CONFIG_NAME(name, desc) "TB_FW_CONFIG_" #name,
	TB_FW_CONFIG_ERRORS(TB_FW_CONFIG_NAME)
#undef TB_FW_CONFIG_NAME
};

static_assert(ARRAY_SIZE(tb_fw_config_error_names) == TB_FW_CONFIG_ERROR_COUNT);

/** See tb_fw_config.h. */
const char *tb_fw_config_error_name(enum tb_fw_config_error e)
{
	if ((unsigned int)e >= TB_FW_CONFIG_ERROR_COUNT) {
		return NULL;
	}
	return tb_fw_config_error_names[e];
}

/** Value of hex digit `c`, or -1. */
static int tb_hex(char c)
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

/** See tb_fw_config.h. */
bool tb_fw_config_parse_uuid(const char *s, struct fip_uuid *out)
{
	struct fip_uuid u;
	size_t pos = 0;
	size_t i;

	for (i = 0; i < FIP_UUID_SIZE; i++) {
		int hi;
		int lo;

		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (s[pos] != '-') {
				return false;
			}
			pos++;
		}
		hi = tb_hex(s[pos]);
		lo = hi < 0 ? -1 : tb_hex(s[pos + 1]);
		if (lo < 0) {
			return false;
		}
		u.b[i] = (uint8_t)((hi << 4) | lo);
		pos += 2;
	}
	if (s[pos] != '\0') {
		return false;
	}
	*out = u;
	return true;
}

/** Reads one SP child node into `*sp`. */
static enum tb_fw_config_error tb_read_sp(const void *dtb, int node,
					  struct tb_fw_config_sp *sp)
{
	const char *name = fdt_get_name(dtb, node, NULL);
	const char *uuid;
	const uint8_t *load;
	int len;

	std_strlcpy(sp->name, name != NULL ? name : "?", sizeof(sp->name));
	uuid = fdt_getprop(dtb, node, "uuid", &len);
	if (uuid == NULL || len != (int)UUID_STR_LEN + 1 ||
	    !tb_fw_config_parse_uuid(uuid, &sp->uuid)) {
		el3_error("Invalid uuid of SP node %s\n", sp->name);
		return TB_FW_CONFIG_BAD_UUID;
	}
	load = fdt_getprop(dtb, node, "load-address", &len);
	if (load == NULL || len < 4) {
		el3_error("Invalid load-address of SP node %s\n", sp->name);
		return TB_FW_CONFIG_NO_LOAD_ADDRESS;
	}
	sp->load_address = ((uint32_t)load[0] << 24) |
			   ((uint32_t)load[1] << 16) |
			   ((uint32_t)load[2] << 8) | load[3];
	return TB_FW_CONFIG_OK;
}

/** See tb_fw_config.h. */
enum tb_fw_config_error tb_fw_config_read_sps(const void *dtb, size_t size,
					      struct tb_fw_config_sps *out)
{
	struct tb_fw_config_sps sps = { 0 };
	enum tb_fw_config_error err;
	int parent;
	int node;

	if (size < sizeof(struct fdt_header) || fdt_check_header(dtb) != 0 ||
	    fdt_totalsize(dtb) > size) {
		el3_error("TB_FW_CONFIG is not a valid DTB\n");
		return TB_FW_CONFIG_BAD_DTB;
	}
	parent = fdt_node_offset_by_compatible(dtb, -1, "arm,sp");
	if (parent < 0) {
		el3_error("SP node not found.\n");
		return TB_FW_CONFIG_NO_SP_NODE;
	}
	fdt_for_each_subnode(node, dtb, parent)
	{
		if (sps.count == EL3_SP_MAX_COUNT) {
			el3_error("Reached Max number of SPs\n");
			return TB_FW_CONFIG_TOO_MANY;
		}
		err = tb_read_sp(dtb, node, &sps.sp[sps.count]);
		if (err != TB_FW_CONFIG_OK) {
			return err;
		}
		sps.count++;
	}
	*out = sps;
	return TB_FW_CONFIG_OK;
}
