/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * Reader for the table of contents (ToC) of a Firmware Image Package, the
 * container TF-A's fiptool builds and BL2 loads images from.
 *
 * Layout (everything little-endian): a 16-byte header (name 0xAA640001,
 * serial number, flags), then 40-byte entries (UUID, offset, size, flags)
 * back to back, ended by an entry whose UUID is all zeros. Offsets count
 * from the start of the FIP.
 *
 * `fip_init` validates the whole ToC once: header, end marker, and every
 * entry's bounds against the FIP and against the ToC and the other
 * entries. Afterwards `fip_entry_get` and `fip_find` cannot fail on a
 * malformed table. Nothing is copied: `struct fip` points into the caller's
 * buffer, which must outlive it.
 *
 * Error class: a FIP is configuration (class b): every refusal is one named
 * `enum fip_error` value.
 */

#define FIP_TOC_NAME 0xAA640001U
#define FIP_HEADER_SIZE 16U
#define FIP_ENTRY_SIZE 40U
#define FIP_UUID_SIZE 16U

/** Header flags other than the platform ToC flags (bits 32-47) are zero. */
#define FIP_FLAGS_PLAT_MASK 0x0000FFFF00000000ULL

/**
 * Most real entries (the end marker excluded) a ToC may hold. fiptool knows
 * about 40 image types; 64 leaves room for `--blob` entries.
 */
#define FIP_MAX_ENTRIES 64U

/** Length of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" plus the terminator. */
#define FIP_UUID_STR_SIZE 37U

/**
 * Every reason a FIP is refused. One list generates the enum, the names and
 * the descriptions; a unit test walks all of them and triggers each.
 */
#define FIP_ERRORS(X)                                                          \
	X(SUCCESS, "no error")                                                 \
	X(TRUNCATED_HEADER, "fewer than 16 bytes: no ToC header")              \
	X(BAD_NAME, "the ToC name is not 0xAA640001")                          \
	X(BAD_SERIAL, "the ToC serial number is 0")                            \
	X(RESERVED_FLAGS, "the ToC flags set bits outside 32-47")              \
	X(NO_END_MARKER, "the ToC runs past the end of the FIP without a "     \
			 "null-UUID end marker")                               \
	X(TOO_MANY_ENTRIES, "more than FIP_MAX_ENTRIES entries")               \
	X(END_MARKER_INVALID, "the end marker's size is not 0, or its offset " \
			      "is inside the ToC or beyond the FIP")           \
	X(ENTRY_EMPTY, "an entry has size 0")                                  \
	X(ENTRY_OVERFLOW, "an entry's offset + size overflows")                \
	X(ENTRY_OUT_OF_BOUNDS, "an entry ends beyond the FIP or its end "      \
			       "marker's offset")                              \
	X(ENTRY_OVERLAPS_TOC, "an entry starts inside the ToC")                \
	X(ENTRIES_OVERLAP, "two entries' payloads overlap")                    \
	X(DUPLICATE_UUID, "two entries have the same UUID")

/** Why `fip_init` refused a FIP; see `FIP_ERRORS`. */
enum fip_error {
#define FIP_ERROR_ENUM(name, desc) FIP_ERROR_##name,
	FIP_ERRORS(FIP_ERROR_ENUM)
#undef FIP_ERROR_ENUM
	    FIP_ERROR_COUNT
};

/** A UUID as a FIP stores it: RFC 4122 byte order, as the string reads. */
struct fip_uuid {
	uint8_t b[FIP_UUID_SIZE];
};

/** One ToC entry: `size` bytes at `offset` from the start of the FIP. */
struct fip_entry {
	struct fip_uuid uuid;
	uint64_t offset;
	uint64_t size;
	/** Entry flags: fiptool writes 0 and BL2 ignores them. */
	uint64_t flags;
};

/** A validated FIP. Points into the caller's buffer. */
struct fip {
	const uint8_t *data;
	size_t size;
	uint32_t serial;
	/** Header flags; only bits 32-47 (platform ToC flags) can be set. */
	uint64_t flags;
	/** Real entries, the end marker excluded. */
	uint32_t entry_count;
	/** Offset just past the end marker: where payloads may start. */
	uint64_t toc_end;
	/** The end marker's offset: the end of the FIP as its ToC says. */
	uint64_t end;
};

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Well-known image UUIDs (TF-A `firmware_image_package.h`), with the
 * fiptool option that adds each.
 */
extern const struct fip_uuid fip_uuid_tb_fw;         /* --tb-fw (BL2) */
extern const struct fip_uuid fip_uuid_soc_fw;        /* --soc-fw (BL31) */
extern const struct fip_uuid fip_uuid_tos_fw;        /* --tos-fw (BL32) */
extern const struct fip_uuid fip_uuid_nt_fw;         /* --nt-fw (BL33) */
extern const struct fip_uuid fip_uuid_rmm_fw;        /* --rmm-fw */
extern const struct fip_uuid fip_uuid_fw_config;     /* --fw-config */
extern const struct fip_uuid fip_uuid_hw_config;     /* --hw-config */
extern const struct fip_uuid fip_uuid_tb_fw_config;  /* --tb-fw-config */
extern const struct fip_uuid fip_uuid_soc_fw_config; /* --soc-fw-config */
extern const struct fip_uuid fip_uuid_tos_fw_config; /* --tos-fw-config */
extern const struct fip_uuid fip_uuid_nt_fw_config;  /* --nt-fw-config */

/**
 * Validates the FIP at `data` (`size` readable bytes) and fills `*fip`.
 * Returns FIP_ERROR_SUCCESS, or the first broken rule with `*fip`
 * unchanged.
 */
enum fip_error fip_init(struct fip *fip, const void *data, size_t size);

/**
 * Copies entry `index` (0 to `entry_count - 1`, in ToC order) to `*entry`.
 * Returns false, leaving `*entry` unchanged, if `index` is out of range.
 */
bool fip_entry_get(const struct fip *fip, uint32_t index,
		   struct fip_entry *entry);

/**
 * Finds the entry with `uuid`. Returns false, leaving `*entry` unchanged,
 * if there is none. UUIDs are unique in a validated FIP.
 */
bool fip_find(const struct fip *fip, const struct fip_uuid *uuid,
	      struct fip_entry *entry);

/** The first byte of `entry`'s payload, inside the FIP's buffer. */
const void *fip_entry_data(const struct fip *fip,
			   const struct fip_entry *entry);

/** True if both UUIDs have the same 16 bytes. */
bool fip_uuid_equal(const struct fip_uuid *a, const struct fip_uuid *b);

/**
 * Converts an FF-A UUID (four words in the SMCCC register layout, as a
 * partition manifest's `uuid` holds them) to its FIP bytes: the
 * little-endian image of `w[0]`, `w[1]`, `w[2]`, `w[3]` (§2.2).
 */
void fip_uuid_from_ffa(const struct ffa_uuid *in, struct fip_uuid *out);

/**
 * The inverse of `fip_uuid_from_ffa`: the FF-A words whose little-endian
 * image is `in`.
 */
void fip_uuid_to_ffa(const struct fip_uuid *in, struct ffa_uuid *out);

/**
 * Writes `uuid` as a lower-case RFC 4122 string, as fiptool's `--blob
 * uuid=` takes it, into `buf` (FIP_UUID_STR_SIZE bytes, terminated).
 */
void fip_uuid_format(const struct fip_uuid *uuid, char buf[FIP_UUID_STR_SIZE]);

/** "FIP_ERROR_..." for the value, or NULL if out of range. */
const char *fip_error_name(enum fip_error e);

/** One-sentence description, or NULL if out of range. */
const char *fip_error_describe(enum fip_error e);

#ifdef __cplusplus
}
#endif
