/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * The FF-A boot information blob (FF-A v1.3 §5.4, tfa-spmd-interface
 * §5.3): a header and one descriptor per item the manifest's boot-info
 * node asks for (the partition manifest, the HOB list), written in the
 * package's header area, which the partition no longer needs.
 */

#include <string.h>

#include "internal.h"

uint64_t loader_write_boot_info(const struct partition *p,
				const struct sp_pkg *pkg)
{
	const struct manifest_partition *m = p->manifest;
	uint64_t load = p->vm->load_address;
	uint64_t blob = load + pkg->boot_info.offset;
	struct ffa_boot_info_header h = { 0 };
	struct ffa_boot_info_desc d[2];
	uint32_t n = 0;

	memset(d, 0, sizeof(d));
	if (m->boot_info_ffa_manifest) {
		d[n].type = FFA_BOOT_INFO_TYPE_ID_FDT;
		d[n].size = (uint32_t)pkg->manifest.size;
		d[n].content = load + pkg->manifest.offset;
		n++;
	}
	if (m->boot_info_hob_list) {
		d[n].type = FFA_BOOT_INFO_TYPE_ID_HOB;
		d[n].size = (uint32_t)pkg->hob.size;
		d[n].content = load + pkg->hob.offset;
		n++;
	}
	h.signature = FFA_BOOT_INFO_SIGNATURE;
	h.version = p->ffa_version;
	h.desc_size = sizeof(struct ffa_boot_info_desc);
	h.desc_count = n;
	h.desc_offset = sizeof(h);
	h.blob_size = (uint32_t)(sizeof(h) + n * sizeof(d[0]));

	memcpy((void *)(uintptr_t)blob, &h, sizeof(h));
	memcpy((void *)(uintptr_t)(blob + sizeof(h)), d, n * sizeof(d[0]));
	return blob;
}
