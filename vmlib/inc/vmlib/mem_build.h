/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

/**
 * Builders of FF-A memory management descriptors (DEN0140 §1.10) for the
 * tests of FFA_MEM_SHARE / LEND / DONATE, FFA_MEM_RETRIEVE_REQ and
 * FFA_MEM_RELINQUISH, and a decoder of FFA_MEM_RETRIEVE_RESP. Shared by
 * secure partitions and the normal-world test image.
 *
 * The builders write exactly what they are given: they check only that
 * the descriptor fits the buffer and that the layout is one they know, so
 * tests can build descriptors the SPMC must refuse (or patch the buffer
 * afterwards for what cannot be expressed here). Every store is a naturally
 * aligned field store, so the buffer (8-byte aligned) may be Device memory
 * of a partition running with its MMU off.
 *
 * A fragmented send builds the whole descriptor in a larger local buffer
 * and copies it into the TX buffer a chunk at a time.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Memory region attributes: Normal, Write-Back, Inner Shareable. */
#define MEM_ATTR_NORMAL_WB_IS                                     \
	((FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |       \
	 (FFA_MEM_CACHE_WRITE_BACK << FFA_MEM_ATTR_CACHE_SHIFT) | \
	 FFA_MEM_SHARE_INNER)

/** Memory region attributes: type not specified (lend to one, donate). */
#define MEM_ATTR_NOT_SPECIFIED 0U

/** Device-nGnRnE memory region attributes. */
#define MEM_ATTR_DEVICE_NGNRNE                              \
	((FFA_MEM_TYPE_DEVICE << FFA_MEM_ATTR_TYPE_SHIFT) | \
	 (FFA_MEM_DEV_NGNRNE << FFA_MEM_ATTR_CACHE_SHIFT))

/** Memory access permissions byte from its data and instruction fields. */
#define MEM_PERM(data, instr)                               \
	((uint8_t)(((data) & FFA_MEM_PERM_DATA_MASK) |      \
		   (((instr) << FFA_MEM_PERM_INSTR_SHIFT) & \
		    FFA_MEM_PERM_INSTR_MASK)))

/** Data access field of a permissions byte. */
#define MEM_PERM_DATA(perm) ((perm) & FFA_MEM_PERM_DATA_MASK)

/** Instruction access field of a permissions byte. */
#define MEM_PERM_INSTR(perm) \
	(((perm) & FFA_MEM_PERM_INSTR_MASK) >> FFA_MEM_PERM_INSTR_SHIFT)

/** Transaction type bits of the retrieve request flags. */
#define MEM_FLAG_TYPE(type) ((uint32_t)(type) << FFA_MEM_FLAG_TYPE_SHIFT)

/** The relinquish descriptor's flag bit 0: zero the memory. */
#define MEM_RELINQUISH_FLAG_CLEAR (1U << 0)

/** The relinquish descriptor's flag bit 1: time slicing. */
#define MEM_RELINQUISH_FLAG_TIME_SLICE (1U << 1)

/** Reclaim flag (w3) bit 0: zero the memory. */
#define MEM_RECLAIM_FLAG_CLEAR (1U << 0)

/** Reclaim flag (w3) bit 1: time slicing. */
#define MEM_RECLAIM_FLAG_TIME_SLICE (1U << 1)

/** Most receivers a descriptor built or decoded here holds. */
#define MEM_BUILD_MAX_RECEIVERS 4U

/** One endpoint memory access descriptor. */
struct mem_build_receiver {
	uint16_t id;
	/** FFA_MEM_PERM_* byte: data bits[1:0], instruction bits[3:2]. */
	uint8_t perm;
	uint8_t flags;
};

/** What a descriptor holds. */
struct mem_build {
	/**
	 * FFA_VERSION_1_0 (v1.0 header, 16-byte access descriptors),
	 * FFA_VERSION_1_1 (48-byte header, 16-byte), FFA_VERSION_1_2 or
	 * later (48-byte header, 32-byte).
	 */
	uint32_t layout;
	uint16_t sender;
	/** Memory region attributes as encoded in the descriptor. */
	uint16_t attributes;
	uint32_t flags;
	/** 0 on send; the handle in a retrieve request. */
	uint64_t handle;
	uint64_t tag;
	uint32_t receiver_count;
	struct mem_build_receiver receivers[MEM_BUILD_MAX_RECEIVERS];
	const struct ffa_mem_constituent *constituents;
	uint32_t constituent_count;
};

/**
 * Send descriptor: header, receivers, one composite (page count = sum of
 * the constituents'), constituents. Returns the total length, 0 if it does
 * not fit in `cap` or `b` is not expressible (unknown layout, more than
 * MEM_BUILD_MAX_RECEIVERS receivers, attributes above 8 bits in v1.0).
 */
uint32_t mem_build_send(void *buf, uint32_t cap, const struct mem_build *b);

/**
 * Retrieve request: header + receivers, composite offsets 0, no
 * composite. `b->receiver_count` 0 gives a hypervisor retrieve request.
 * Returns the length, 0 as for `mem_build_send`.
 */
uint32_t mem_build_retrieve(void *buf, uint32_t cap, const struct mem_build *b);

/** Relinquish descriptor {handle, flags, count 1, id}; 0 if cap < 18. */
uint32_t mem_build_relinquish(void *buf, uint32_t cap, uint64_t handle,
			      uint32_t flags, uint16_t id);

/** Decoded retrieve response (any layout the caller negotiated). */
struct mem_resp_view {
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t receiver_count;
	struct mem_build_receiver receivers[MEM_BUILD_MAX_RECEIVERS];
	uint32_t total_page_count;
	uint32_t constituent_count;
	/** Byte offset of constituent 0 in the full response. */
	uint32_t constituents_offset;
};

/**
 * Decodes the first fragment (`len` bytes) of a retrieve response in
 * `layout`. False if the header, the receivers or the composite header do
 * not lie inside `len`; the access descriptor size is not the layout's; a
 * receivers offset is below 48 or misaligned (v1.1+); more than
 * MEM_BUILD_MAX_RECEIVERS receivers or none; the receivers disagree on the
 * composite offset, or it is misaligned or overlaps the receivers. The
 * constituents themselves may lie in later fragments.
 */
bool mem_parse_resp(const void *buf, uint32_t len, uint32_t layout,
		    struct mem_resp_view *out);

#ifdef __cplusplus
}
#endif
