/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/boot_info.h"

#include <stdbool.h>

#include "spmc/std.h"

/*
 * FF-A boot information (FF-A v1.3 §5.4). The blob is read field by field
 * into local copies (copy-in, then validate): a partition may run with its
 * MMU off, where every access must be aligned, and the SPMC's writes must
 * not be trusted more than any other input.
 */

static_assert(sizeof(struct ffa_boot_info_header) == 32, "header size");
static_assert(sizeof(struct ffa_boot_info_desc) == 32, "descriptor size");

/* Flags bits [3:2]: content format, 0 = address (FF-A v1.3 §5.4). */
#define VMLIB_BOOT_INFO_CONTENT_MASK (3U << 2)

/** FDT magic (Devicetree Specification v0.4 §5.2), stored big-endian. */
static const uint8_t vmlib_fdt_magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };

/** Names each error for logs; "unknown" for values outside the enum. */
const char *vmlib_boot_info_error_name(enum vmlib_boot_info_error error)
{
	switch (error) {
	case VMLIB_BOOT_INFO_OK:
		return "ok";
	case VMLIB_BOOT_INFO_ABSENT:
		return "absent";
	case VMLIB_BOOT_INFO_BAD_ALIGNMENT:
		return "bad alignment";
	case VMLIB_BOOT_INFO_BAD_SIGNATURE:
		return "bad signature";
	case VMLIB_BOOT_INFO_BAD_VERSION:
		return "bad version";
	case VMLIB_BOOT_INFO_BAD_DESC_SIZE:
		return "bad descriptor size";
	case VMLIB_BOOT_INFO_BAD_DESC_OFFSET:
		return "bad descriptor offset";
	case VMLIB_BOOT_INFO_BAD_BLOB_SIZE:
		return "bad blob size";
	case VMLIB_BOOT_INFO_NOT_FOUND:
		return "not found";
	case VMLIB_BOOT_INFO_BAD_CONTENT:
		return "bad content";
	}
	return "unknown";
}

/* Checks the header in `hdr` (a copy) against the readable `limit`. */
static enum vmlib_boot_info_error
vmlib_boot_info_check_header(const struct ffa_boot_info_header *hdr,
			     size_t limit)
{
	uint64_t descs_end;

	if (hdr->signature != FFA_BOOT_INFO_SIGNATURE) {
		return VMLIB_BOOT_INFO_BAD_SIGNATURE;
	}
	if ((hdr->version & FFA_VERSION_MBZ_BIT) != 0 ||
	    (hdr->version >> FFA_VERSION_MAJOR_SHIFT) != 1 ||
	    (hdr->version & FFA_VERSION_MINOR_MASK) < 1) {
		return VMLIB_BOOT_INFO_BAD_VERSION;
	}
	if (hdr->desc_size < sizeof(struct ffa_boot_info_desc) ||
	    hdr->desc_size % 8 != 0) {
		return VMLIB_BOOT_INFO_BAD_DESC_SIZE;
	}
	if (hdr->desc_offset < sizeof(struct ffa_boot_info_header) ||
	    hdr->desc_offset % 8 != 0) {
		return VMLIB_BOOT_INFO_BAD_DESC_OFFSET;
	}
	/* 32-bit fields: the product and sum cannot overflow 64 bits. */
	descs_end =
	    hdr->desc_offset + (uint64_t)hdr->desc_count * hdr->desc_size;
	if (descs_end > hdr->blob_size || hdr->blob_size > limit) {
		return VMLIB_BOOT_INFO_BAD_BLOB_SIZE;
	}
	return VMLIB_BOOT_INFO_OK;
}

/* Validates the blob at `blob` and copies its header to `hdr`. */
static enum vmlib_boot_info_error
vmlib_boot_info_read_header(uintptr_t blob, size_t limit,
			    struct ffa_boot_info_header *hdr)
{
	if (blob == 0) {
		return VMLIB_BOOT_INFO_ABSENT;
	}
	if (blob % 8 != 0) {
		return VMLIB_BOOT_INFO_BAD_ALIGNMENT;
	}
	if (limit < sizeof(*hdr)) {
		return VMLIB_BOOT_INFO_BAD_BLOB_SIZE;
	}
	memcpy(hdr, (const void *)blob, sizeof(*hdr));
	return vmlib_boot_info_check_header(hdr, limit);
}

/**
 * Checks the blob at `blob`: signature, version (1.1 or later), descriptor
 * size and offset, and that the descriptors fit in the blob and the blob
 * in `limit`, the number of bytes the caller may read from `blob`.
 */
enum vmlib_boot_info_error vmlib_boot_info_validate(uintptr_t blob,
						    size_t limit)
{
	struct ffa_boot_info_header hdr;

	return vmlib_boot_info_read_header(blob, limit, &hdr);
}

/**
 * Finds the first descriptor of standard type `type` (bit 7 clear, type ID
 * in bits [6:0]; FFA_BOOT_INFO_TYPE_ID_FDT or _HOB) in a valid blob and
 * returns a copy of it.
 */
struct vmlib_boot_info_desc_ret vmlib_boot_info_find(uintptr_t blob,
						     size_t limit, uint8_t type)
{
	struct vmlib_boot_info_desc_ret ret = { 0 };
	struct ffa_boot_info_header hdr;
	uint32_t i;

	ret.error = vmlib_boot_info_read_header(blob, limit, &hdr);
	if (ret.error != VMLIB_BOOT_INFO_OK) {
		return ret;
	}
	for (i = 0; i < hdr.desc_count; i++) {
		uintptr_t at =
		    blob + hdr.desc_offset + (uintptr_t)i * hdr.desc_size;

		memcpy(&ret.desc, (const void *)at, sizeof(ret.desc));
		if ((ret.desc.type & FFA_BOOT_INFO_TYPE_IMPDEF) == 0 &&
		    (ret.desc.type & FFA_BOOT_INFO_TYPE_ID_MASK) == type) {
			return ret;
		}
	}
	ret = (struct vmlib_boot_info_desc_ret){ 0 };
	ret.error = VMLIB_BOOT_INFO_NOT_FOUND;
	return ret;
}

/* Whether an FDT descriptor's content is an address of an FDT. */
static bool vmlib_boot_info_fdt_ok(const struct ffa_boot_info_desc *desc)
{
	uint8_t magic[sizeof(vmlib_fdt_magic)];

	if ((desc->flags & VMLIB_BOOT_INFO_CONTENT_MASK) != 0 ||
	    desc->content == 0 || desc->size < sizeof(magic) ||
	    desc->content > UINTPTR_MAX - desc->size) {
		return false;
	}
	memcpy(magic, (const void *)(uintptr_t)desc->content, sizeof(magic));
	return memcmp(magic, vmlib_fdt_magic, sizeof(magic)) == 0;
}

/**
 * Finds the partition manifest: the FDT descriptor of a valid blob, whose
 * content must be an address (not a value) of `size` > 0 bytes starting
 * with the FDT magic.
 */
struct vmlib_boot_info_fdt_ret vmlib_boot_info_find_fdt(uintptr_t blob,
							size_t limit)
{
	struct vmlib_boot_info_desc_ret found =
	    vmlib_boot_info_find(blob, limit, FFA_BOOT_INFO_TYPE_ID_FDT);
	struct vmlib_boot_info_fdt_ret ret = { .error = found.error };

	if (found.error != VMLIB_BOOT_INFO_OK) {
		return ret;
	}
	if (!vmlib_boot_info_fdt_ok(&found.desc)) {
		ret.error = VMLIB_BOOT_INFO_BAD_CONTENT;
		return ret;
	}
	ret.fdt = (const void *)(uintptr_t)found.desc.content;
	ret.size = found.desc.size;
	return ret;
}
