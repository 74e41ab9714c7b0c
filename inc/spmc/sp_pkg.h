/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

/**
 * Reader for a secure partition package: the blob BL2 copies verbatim from
 * the FIP to the partition's load address. Two formats are recognised by
 * their first 32-bit word:
 *
 * - "SPKG" (magic 0x474B5053), versions 1 and 2: a 24-byte header giving
 *   the offset and size of the partition manifest (a DTB) and of the image.
 * - A Firmware Handoff Transfer List (signature 0x4a0fb10b) whose entries
 *   are the FF-A manifest (tag 0x106), an optional HOB list (tag 0x3) and
 *   the SP binary (tag 0x103, exactly once and last).
 *
 * `sp_pkg_parse` checks every field before it reports anything, reads only
 * inside the bytes it is given and never writes them. The result describes
 * where each part lies as offsets from the package base, so the caller can
 * map or copy them.
 *
 * Boot-information area: the first bytes of the package are reused by the
 * SPMC for the FF-A boot-information blob once the package is parsed.
 * - SPKG v2: `[0, pm_offset)`. We require `pm_offset >= 0x1000`, so the
 *   area is at least the whole header page.
 * - Transfer List: the first 4 KiB page (every entry we use is 4 KiB
 *   aligned, so it starts at 0x1000 or later).
 * - SPKG v1: none (the manifest follows the header directly).
 *
 * Error class: a package is configuration (class b): every refusal is one
 * named `enum sp_pkg_error` value.
 */

#define SP_PKG_PAGE_SIZE 4096U

/* SPKG header: six little-endian u32 words. */
#define SP_PKG_MAGIC 0x474B5053U
#define SP_PKG_HEADER_SIZE 24U
#define SP_PKG_VERSION_1 1U
#define SP_PKG_VERSION_2 2U

/* Firmware Handoff Transfer List (spec v1.0/v2.0, "Transfer list"). */
#define SP_PKG_TL_SIGNATURE 0x4a0fb10bU
#define SP_PKG_TL_HEADER_SIZE 0x18U
#define SP_PKG_TL_ENTRY_HEADER_SIZE 8U
#define SP_PKG_TL_GRANULE 8U
#define SP_PKG_TL_FLAG_HAS_CHECKSUM 0x1U
/* The `alignment` field is a power of two: at least 8 bytes, at most a
 * page (load addresses are only page aligned). */
#define SP_PKG_TL_MIN_ALIGN_LOG2 3U
#define SP_PKG_TL_MAX_ALIGN_LOG2 12U

/* Transfer entry tags the package uses. */
#define SP_PKG_TL_TAG_VOID 0x0U
#define SP_PKG_TL_TAG_HOB_LIST 0x3U
#define SP_PKG_TL_TAG_SP_BINARY 0x103U
#define SP_PKG_TL_TAG_FFA_MANIFEST 0x106U

/* A DTB starts with this big-endian magic, then its big-endian total size. */
#define SP_PKG_FDT_MAGIC 0xd00dfeedU
#define SP_PKG_FDT_HEADER_MIN 8U

/**
 * Every reason a package is refused. One list generates the enum, the names
 * and the descriptions; a unit test walks all of them and triggers each.
 */
#define SP_PKG_ERRORS(X)                                                      \
	X(SUCCESS, "no error")                                                \
	/* Both formats. */                                                   \
	X(TRUNCATED_HEADER, "fewer bytes than the package header")            \
	X(UNKNOWN_FORMAT, "the first word is neither \"SPKG\" nor the "       \
			  "Transfer List signature")                          \
	X(PACKAGE_TRUNCATED, "the package is larger than the bytes "          \
			     "available")                                     \
	X(MANIFEST_EMPTY, "the partition manifest has size 0")                \
	X(MANIFEST_UNALIGNED, "the partition manifest is not 4 KiB aligned")  \
	X(MANIFEST_NOT_FDT, "the partition manifest does not start with the " \
			    "DTB magic")                                      \
	X(MANIFEST_FDT_TOO_BIG, "the DTB's totalsize is larger than the "     \
				"manifest")                                   \
	X(IMAGE_EMPTY, "the partition image has size 0")                      \
	X(IMAGE_UNALIGNED, "the partition image is not 4 KiB aligned")        \
	/* SPKG. */                                                           \
	X(SPKG_VERSION, "the SPKG version is neither 1 nor 2")                \
	X(SPKG_V1_PM_OFFSET, "SPKG v1: pm_offset is not 24")                  \
	X(SPKG_PM_IN_HEADER_PAGE, "SPKG v2: pm_offset is below 0x1000, the "  \
				  "header page")                              \
	X(SPKG_PM_AFTER_IMAGE, "the manifest does not come before the image") \
	X(SPKG_PM_OVERLAPS_IMAGE, "the manifest overlaps the image (v1: the " \
				  "image must start on a later page)")        \
	/* Transfer List header. */                                           \
	X(TL_VERSION, "the Transfer List version is 0")                       \
	X(TL_HEADER_SIZE, "the Transfer List hdr_size is below 0x18")         \
	X(TL_FLAGS, "the Transfer List sets reserved flags")                  \
	X(TL_ALIGNMENT, "the Transfer List alignment is not 3..12")           \
	X(TL_SIZE_UNALIGNED, "used_size or total_size is not a multiple of "  \
			     "8")                                             \
	X(TL_SIZE_INVALID, "used_size is below hdr_size or above "            \
			   "total_size")                                      \
	X(TL_CHECKSUM, "the Transfer List checksum does not match")           \
	/* Transfer entries. */                                               \
	X(TL_ENTRY_HEADER_SIZE, "an entry's hdr_size is below 8")             \
	X(TL_ENTRY_OUT_OF_BOUNDS,                                             \
	  "an entry's header or data ends beyond used_size")                  \
	X(TL_DUPLICATE_ENTRY, "the manifest, HOB list or SP binary entry "    \
			      "appears twice")                                \
	X(TL_BINARY_NOT_LAST,                                                 \
	  "an entry, even a void one, follows the SP binary")                 \
	X(TL_NO_MANIFEST, "no FF-A manifest entry (tag 0x106)")               \
	X(TL_NO_BINARY, "no SP binary entry (tag 0x103)")                     \
	X(TL_HOB_EMPTY, "the HOB list entry has size 0")                      \
	X(TL_HOB_UNALIGNED, "the HOB list is not 4 KiB aligned")

/** Why `sp_pkg_parse` refused a package; see `SP_PKG_ERRORS`. */
enum sp_pkg_error {
#define SP_PKG_ERROR_ENUM(name, desc) SP_PKG_ERROR_##name,
	SP_PKG_ERRORS(SP_PKG_ERROR_ENUM)
#undef SP_PKG_ERROR_ENUM
	    SP_PKG_ERROR_COUNT
};

/** Which container the package uses. */
enum sp_pkg_format {
	SP_PKG_FORMAT_SPKG = 1,
	SP_PKG_FORMAT_TL = 2,
};

/** A part of the package: `size` bytes from `offset` after its base. */
struct sp_pkg_range {
	uint64_t offset;
	uint64_t size;
};

/**
 * A parsed package. All ranges lie inside `[0, size)` and, apart from the
 * boot-information area, do not overlap.
 */
struct sp_pkg {
	enum sp_pkg_format format;
	/** SPKG header version (1 or 2), or the Transfer List version. */
	uint32_t version;
	/** The FF-A partition manifest (a DTB). */
	struct sp_pkg_range manifest;
	/** The partition image. */
	struct sp_pkg_range image;
	/** The HOB list (Transfer List only); size 0 when absent. */
	struct sp_pkg_range hob;
	/** Where the SPMC may write the boot-info blob; size 0 for v1. */
	struct sp_pkg_range boot_info;
	/**
	 * Bytes BL2 must have loaded: `img_offset + img_size` for SPKG, the
	 * Transfer List's used_size for a Transfer List.
	 */
	uint64_t size;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Parses the package at `data`, of which `size` bytes are readable. On
 * success fills `*pkg` and returns SP_PKG_ERROR_SUCCESS; otherwise returns
 * the first rule broken and leaves `*pkg` unchanged.
 */
enum sp_pkg_error sp_pkg_parse(const void *data, size_t size,
			       struct sp_pkg *pkg);

/** "SP_PKG_ERROR_..." for the value, or NULL if out of range. */
const char *sp_pkg_error_name(enum sp_pkg_error e);

/** One-sentence description, or NULL if out of range. */
const char *sp_pkg_error_describe(enum sp_pkg_error e);

#ifdef __cplusplus
}
#endif
