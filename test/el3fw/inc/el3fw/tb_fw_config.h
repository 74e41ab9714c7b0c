/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The SP list of TB_FW_CONFIG, read as TF-A's QEMU BL2 reads it
 * (`load_sps_from_tb_fw_config`, tfa-spmd-interface §2.5): the first node
 * compatible with "arm,sp"; for each child, `uuid` as an RFC 4122 string
 * and `load-address` as a u32 (the first cell). At most 8 SPs.
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/fip.h"

#include "el3fw/platform.h"

#define TB_FW_CONFIG_ERRORS(X)                                                \
	X(OK, "SP list read")                                                 \
	X(BAD_DTB, "TB_FW_CONFIG is not a valid DTB of at most its size")     \
	X(NO_SP_NODE, "no node compatible with arm,sp")                       \
	X(TOO_MANY, "more than 8 SP nodes: \"Reached Max number of SPs\"")    \
	X(BAD_UUID, "an SP node's uuid is missing or not an RFC 4122 string") \
	X(NO_LOAD_ADDRESS, "an SP node's load-address is missing or short")

enum tb_fw_config_error {
#define TB_FW_CONFIG_ENUM(name, desc) TB_FW_CONFIG_##name,
	TB_FW_CONFIG_ERRORS(TB_FW_CONFIG_ENUM)
#undef TB_FW_CONFIG_ENUM
	    TB_FW_CONFIG_ERROR_COUNT
};

/** One SP package BL2 would load. */
struct tb_fw_config_sp {
	/** The node name (TF-A's semihosting fallback `<name>.pkg`). */
	char name[32];
	struct fip_uuid uuid;
	uint32_t load_address;
};

/** The SP list. */
struct tb_fw_config_sps {
	struct tb_fw_config_sp sp[EL3_SP_MAX_COUNT];
	uint32_t count;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Reads the SP list from the DTB at `dtb` (`size` readable bytes). On
 * success fills `*out`; an `arm,sp` node without children gives count 0.
 * Error class (b).
 */
enum tb_fw_config_error tb_fw_config_read_sps(const void *dtb, size_t size,
					      struct tb_fw_config_sps *out);

/**
 * Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case) into its 16
 * bytes in string order. Returns false on any other text.
 */
bool tb_fw_config_parse_uuid(const char *s, struct fip_uuid *out);

/** "TB_FW_CONFIG_..." for `e`, or NULL if out of range. */
const char *tb_fw_config_error_name(enum tb_fw_config_error e);

#ifdef __cplusplus
}
#endif
