/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/checked.h"
#include "spmc/fip.h"
#include "spmc/std.h"

#include "el3fw/log.h"
#include "el3fw/tb_fw_config.h"
#include "firmware.h"

/*
 * What TF-A's BL2 does on QEMU with SPD=spmd (tfa-spmd-interface §2.5):
 * reads the FIP in flash and copies BL32, TOS_FW_CONFIG, TB_FW_CONFIG, the
 * SP packages TB_FW_CONFIG lists (by UUID, at their load-address, at most
 * 4 MiB each) and BL33 to their load addresses. A missing mandatory image
 * or an image that does not fit is fatal, as in BL2. TB_FW_CONFIG is
 * optional here (no SPs without it).
 */

/* TF-A image IDs, for TF-A-like messages. */
#define IMAGE_ID_BL32 4U
#define IMAGE_ID_BL33 5U
#define IMAGE_ID_TB_FW_CONFIG 24U
#define IMAGE_ID_TOS_FW_CONFIG 26U
#define IMAGE_ID_SP_PKG1 41U

/** A destination range EL3 lets an image be copied to. */
struct el3_load_area {
	uint64_t base;
	uint64_t limit;
};

/**
 * Copies FIP entry `e` to `base`, which must leave the image inside
 * `area`. Panics, like BL2, if it does not fit.
 */
static void el3_copy_image(const struct fip *fip, const struct fip_entry *e,
			   uint32_t id, uint64_t base, uint64_t max_size,
			   struct el3_load_area area)
{
	uint64_t end;

	if (e->size > max_size || !checked_range_end(base, e->size, &end) ||
	    base < area.base || end > area.limit) {
		el3_error("Image id=%u (0x%lx bytes at 0x%lx) does not fit\n",
			  id, (unsigned long)e->size, (unsigned long)base);
		el3_panic("image does not fit its load area", id);
	}
	memcpy((void *)(uintptr_t)base, fip_entry_data(fip, e), e->size);
	el3_info("Loaded image id=%u at 0x%lx, size 0x%lx\n", id,
		 (unsigned long)base, (unsigned long)e->size);
}

/** Loads the entry with `uuid`; returns false if the FIP has none. */
static bool el3_load(const struct fip *fip, const struct fip_uuid *uuid,
		     uint32_t id, uint64_t base, uint64_t max_size,
		     struct el3_load_area area)
{
	struct fip_entry e;

	if (!fip_find(fip, uuid, &e)) {
		return false;
	}
	el3_copy_image(fip, &e, id, base, max_size, area);
	return true;
}

/** Loads a mandatory image; panics like BL2 if it is missing. */
static void el3_load_mandatory(const struct fip *fip,
			       const struct fip_uuid *uuid, uint32_t id,
			       uint64_t base, uint64_t max_size,
			       struct el3_load_area area)
{
	if (!el3_load(fip, uuid, id, base, max_size, area)) {
		el3_error("Failed to load image id=%u\n", id);
		el3_panic("mandatory image missing from the FIP", id);
	}
}

/** The SP packages TB_FW_CONFIG lists, into secure DRAM. */
static void el3_load_sps(const struct fip *fip)
{
	static const struct el3_load_area sp_area = { EL3_BL32_BASE,
						      EL3_BL32_LIMIT };
	struct tb_fw_config_sps sps;
	enum tb_fw_config_error err;
	uint32_t i;

	err = tb_fw_config_read_sps((const void *)EL3_TB_FW_CONFIG_BASE,
				    EL3_TB_FW_CONFIG_MAX, &sps);
	if (err != TB_FW_CONFIG_OK) {
		el3_panic(tb_fw_config_error_name(err), err);
	}
	for (i = 0; i < sps.count; i++) {
		char uuid[FIP_UUID_STR_SIZE];

		fip_uuid_format(&sps.sp[i].uuid, uuid);
		el3_info("SP %s: uuid %s, load-address 0x%x\n", sps.sp[i].name,
			 uuid, sps.sp[i].load_address);
		el3_load_mandatory(fip, &sps.sp[i].uuid, IMAGE_ID_SP_PKG1 + i,
				   sps.sp[i].load_address, EL3_SP_MAX_SIZE,
				   sp_area);
	}
}

/** See firmware.h. */
void el3_load_images(void)
{
	static const struct el3_load_area bl32_area = { EL3_BL32_BASE,
							EL3_BL32_LIMIT };
	static const struct el3_load_area tos_area = {
		EL3_TOS_FW_CONFIG_BASE,
		EL3_TOS_FW_CONFIG_BASE + EL3_TOS_FW_CONFIG_MAX
	};
	static const struct el3_load_area tb_area = {
		EL3_TB_FW_CONFIG_BASE,
		EL3_TB_FW_CONFIG_BASE + EL3_TB_FW_CONFIG_MAX
	};
	static const struct el3_load_area bl33_area = {
		EL3_BL33_BASE, EL3_BL33_BASE + EL3_BL33_MAX_SIZE
	};
	struct fip fip;
	enum fip_error err;

	err = fip_init(&fip, (const void *)EL3_FIP_BASE, EL3_FIP_MAX_SIZE);
	if (err != FIP_ERROR_SUCCESS) {
		el3_error("No valid FIP at 0x%llx: %s\n", EL3_FIP_BASE,
			  fip_error_describe(err));
		el3_panic(fip_error_name(err), err);
	}
	el3_load_mandatory(&fip, &fip_uuid_tos_fw, IMAGE_ID_BL32, EL3_BL32_BASE,
			   EL3_BL32_LIMIT - EL3_BL32_BASE, bl32_area);
	el3_load_mandatory(&fip, &fip_uuid_tos_fw_config,
			   IMAGE_ID_TOS_FW_CONFIG, EL3_TOS_FW_CONFIG_BASE,
			   EL3_TOS_FW_CONFIG_MAX, tos_area);
	if (el3_load(&fip, &fip_uuid_tb_fw_config, IMAGE_ID_TB_FW_CONFIG,
		     EL3_TB_FW_CONFIG_BASE, EL3_TB_FW_CONFIG_MAX, tb_area)) {
		el3_load_sps(&fip);
	} else {
		el3_notice("No TB_FW_CONFIG in the FIP: no SP is loaded\n");
	}
	el3_load_mandatory(&fip, &fip_uuid_nt_fw, IMAGE_ID_BL33, EL3_BL33_BASE,
			   EL3_BL33_MAX_SIZE, bl33_area);
}
