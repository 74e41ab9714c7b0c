/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <libfdt.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "boot.h"
#include "hftest/service.h"
#include "vmlib/boot_info.h"
#include "vmlib/vmlib.h"

/*
 * boot_early's own services: what it found in the boot information blob
 * (x0 of its first entry), and what that blob's FDT descriptor points at.
 * Answers start at the first payload register (x4 for DIRECT_REQ2), in
 * the order of boot_info_answer and manifest_answer (boot.h).
 */

static size_t first(const struct ffa_value *req)
{
	return ffa_fid(req) == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
}

TEST_SERVICE(boot_info)
{
	const struct vmlib_boot *boot = hftest_service_boot();
	uintptr_t blob = boot->regs[0];
	struct ffa_value resp = { 0 };
	uint64_t *a = &resp.x[first(req)];
	struct ffa_boot_info_header h = { 0 };
	struct vmlib_boot_info_fdt_ret fdt;
	struct vmlib_boot_info_desc_ret desc;

	a[BI_VALIDATE] = vmlib_boot_info_validate(blob, BOOT_INFO_LIMIT);
	a[BI_BLOB] = blob;
	a[BI_X1_TO_X3] = boot->regs[1] | boot->regs[2] | boot->regs[3];
	if (a[BI_VALIDATE] != VMLIB_BOOT_INFO_OK) {
		return resp;
	}
	memcpy(&h, (const void *)blob, sizeof(h));
	a[BI_SIGNATURE] = h.signature;
	a[BI_VERSION] = h.version;
	a[BI_BLOB_SIZE] = h.blob_size;
	a[BI_DESC_SIZE] = h.desc_size;
	a[BI_DESC_COUNT] = h.desc_count;
	a[BI_DESC_OFFSET] = h.desc_offset;
	fdt = vmlib_boot_info_find_fdt(blob, BOOT_INFO_LIMIT);
	a[BI_FDT_ERROR] = fdt.error;
	a[BI_FDT] = (uintptr_t)fdt.fdt;
	a[BI_FDT_SIZE] = fdt.size;
	desc = vmlib_boot_info_find(blob, BOOT_INFO_LIMIT,
				    FFA_BOOT_INFO_TYPE_ID_FDT);
	a[BI_FDT_FLAGS] = desc.desc.flags;
	return resp;
}

/* Reads the manifest the FDT descriptor points at, with libfdt. */
TEST_SERVICE(manifest)
{
	uintptr_t blob = hftest_service_boot()->regs[0];
	struct vmlib_boot_info_fdt_ret fdt =
	    vmlib_boot_info_find_fdt(blob, BOOT_INFO_LIMIT);
	struct ffa_value resp = { 0 };
	uint64_t *a = &resp.x[first(req)];
	const void *prop;
	int len;

	if (fdt.error != VMLIB_BOOT_INFO_OK) {
		a[MF_HEADER] = (uint64_t)-100 - fdt.error;
		return resp;
	}
	a[MF_HEADER] = (uint64_t)(int64_t)fdt_check_header(fdt.fdt);
	if (a[MF_HEADER] != 0) {
		return resp;
	}
	a[MF_TOTALSIZE] = fdt_totalsize(fdt.fdt);
	prop = fdt_getprop(fdt.fdt, 0, "compatible", &len);
	a[MF_COMPATIBLE] =
	    prop != NULL && len == sizeof("arm,ffa-manifest-1.0") &&
	    memcmp(prop, "arm,ffa-manifest-1.0", (size_t)len) == 0;
	prop = fdt_getprop(fdt.fdt, 0, "description", &len);
	a[MF_DESCRIPTION] = prop != NULL && len == sizeof("boot_early") &&
			    memcmp(prop, "boot_early", (size_t)len) == 0;
	prop = fdt_getprop(fdt.fdt, 0, "load-address", &len);
	if (prop != NULL && len == 8) {
		a[MF_LOAD_ADDRESS] = fdt64_ld((const fdt64_t *)prop);
	}
	prop = fdt_getprop(fdt.fdt, 0, "gp-register-num", &len);
	if (prop != NULL && len == 4) {
		a[MF_GP_REGISTER] = fdt32_ld((const fdt32_t *)prop);
	}
	return resp;
}
