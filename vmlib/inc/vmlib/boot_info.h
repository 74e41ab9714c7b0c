/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * Reader of the FF-A boot-information blob a partition finds in
 * x<gp-register-num> on its first entry (FF-A v1.3 §5.4,
 * tfa-spmd-interface §5.3). The SPMC wrote it, but a partition checks it
 * like any input: every field is validated on a copy before use, and a
 * bad blob gives a specific error, never a fault.
 */

#ifdef __cplusplus
extern "C" {
#endif

enum vmlib_boot_info_error {
	VMLIB_BOOT_INFO_OK = 0,
	/** The blob address is zero (no `gp-register-num`). */
	VMLIB_BOOT_INFO_ABSENT,
	/** The blob address is not 8-byte aligned. */
	VMLIB_BOOT_INFO_BAD_ALIGNMENT,
	/** The signature is not 0xFFA. */
	VMLIB_BOOT_INFO_BAD_SIGNATURE,
	/** The version is not 1.1 or later with major 1, or bit 31 is set. */
	VMLIB_BOOT_INFO_BAD_VERSION,
	/** The descriptor size is below 32 or not a multiple of 8. */
	VMLIB_BOOT_INFO_BAD_DESC_SIZE,
	/** The descriptor array starts inside the header or unaligned. */
	VMLIB_BOOT_INFO_BAD_DESC_OFFSET,
	/** The descriptors overflow the blob, or the blob the limit. */
	VMLIB_BOOT_INFO_BAD_BLOB_SIZE,
	/** No descriptor of the wanted type. */
	VMLIB_BOOT_INFO_NOT_FOUND,
	/** The FDT descriptor is not an address, is empty or has no FDT. */
	VMLIB_BOOT_INFO_BAD_CONTENT,
};

/** A descriptor found in the blob, copied out of it. */
struct vmlib_boot_info_desc_ret {
	enum vmlib_boot_info_error error;
	struct ffa_boot_info_desc desc;
};

/** Where the partition manifest (FDT) is. */
struct vmlib_boot_info_fdt_ret {
	enum vmlib_boot_info_error error;
	const void *fdt;
	uint32_t size;
};

const char *vmlib_boot_info_error_name(enum vmlib_boot_info_error error);

enum vmlib_boot_info_error vmlib_boot_info_validate(uintptr_t blob,
						    size_t limit);

struct vmlib_boot_info_desc_ret
vmlib_boot_info_find(uintptr_t blob, size_t limit, uint8_t type);

struct vmlib_boot_info_fdt_ret vmlib_boot_info_find_fdt(uintptr_t blob,
							size_t limit);

#ifdef __cplusplus
}
#endif
