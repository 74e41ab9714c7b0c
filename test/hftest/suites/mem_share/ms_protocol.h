/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa_mem.h"

/**
 * The `mem` service of the mem_share and mem_conflict partitions
 * (sp_mem.c), driven by the normal-world tests (ms_nwd.h) with
 * DIRECT_REQ_64, so partitions of FF-A v1.0, v1.1 and v1.2 all serve it.
 * Payload x3..x7; x3 bits [7:0] are the command. Each command answers in
 * x3..x7 of the response.
 *
 * The partition retrieves, relinquishes and touches memory on request and
 * reports what the SPMC said; it checks nothing itself. Its RX/TX buffers
 * (one page each) are mapped on the first command that needs them.
 *
 * Memory the partition retrieved is reached through its own stage 1
 * (sp_mmu.c), which maps every address twice: at the address itself with
 * NS = 0 (secure IPA space: memory the SPMC protected, i.e. lent or
 * donated by the normal world) and at MS_NS_ALIAS + address with NS = 1
 * (non-secure IPA space: shared memory, which stays in the NS PAS).
 */

/* Partitions of the suites and their FF-A versions. */
#define MS_SP_A 0x8001U /* v1.2 */
#define MS_SP_B 0x8002U /* v1.1 */
#define MS_SP_C 0x8003U /* v1.0 */
#define MS_NWD_ID 0x0000U

/** Where the partitions see the non-secure IPA space. */
#define MS_NS_ALIAS (1ULL << 38)

/** Bytes of a retrieve response the partition keeps (all fragments). */
#define MS_RESP_MAX (24U * 1024U)

/** Pages of each of the partition's RX and TX buffers. */
#define MS_SP_BUF_PAGES 1U

enum ms_cmd {
	/*
	 * Retrieve. x3: [15:8] options (MS_OPT_*), [23:16] permissions of
	 * every listed receiver, [31:24] layout (MS_LAYOUT_*), [47:32]
	 * memory region attributes, [63:48] sender. x4 handle, x5 tag.
	 * x6: [31:0] flags, [39:32] receivers (bit i: 0x8001 + i; 0 = the
	 * caller only), [47:40] the caller's receiver flags, [63:48] an ID
	 * listed instead of the caller (0: none). x7: [31:0] total length,
	 * [63:32] fragment length given to the SPMC (0: as built).
	 * Answer: x3 = x0 of the first call; x4 = w1 | w2 << 32 of it;
	 * x5 = bytes kept | FRAG_RX calls << 32; x6 = MS_ST_* | x0 of the
	 * failing call << 32; x7 = its x2.
	 * With MS_OPT_BUILD_ONLY only the request is written to TX: x3 = 0,
	 * x4 = its length.
	 */
	MS_CMD_RETRIEVE = 1,
	/* x4 = offset into the kept response: x4..x7 = four words. */
	MS_CMD_RESP_READ,
	/*
	 * Constituents of the kept response (layout of the last retrieve):
	 * x3 = MS_ST_*, x4 = constituents read, x5 = pages, x6 =
	 * ms_hash_constituent over them, x7 = kept length.
	 */
	MS_CMD_RESP_HASH,
	/*
	 * Relinquish. x4 handle, x5 flags, x6: [15:0] ID (0: the caller),
	 * [31:16] endpoint count written instead of 1 if bit 32
	 * (MS_RELINQUISH_COUNT_SET) is set (a second ID, 0x8001, then
	 * follows the first). x7: [31:0] fid (FFA_MEM_RELINQUISH_32), bit
	 * 32 build only (x4 = length). Answer x3..x7 = x0..x4 of the call.
	 */
	MS_CMD_RELINQUISH,
	/*
	 * Memory. x4 = address, x5 = bytes (multiple of 8), x6 = 64-bit
	 * pattern, x7 = 1 to go through MS_NS_ALIAS. CHECK answers x3 = 0,
	 * x4 = words equal to the pattern, x5 = the first word; FILL
	 * writes the pattern.
	 */
	MS_CMD_CHECK,
	MS_CMD_FILL,
	/* Any call: x4 = fid, x5..x7 = x1..x3; x3..x7 = x0..x4 of it. */
	MS_CMD_CALL,
	/* x4 = offset, x5 = value, x6 = width (1, 2, 4, 8): patch TX. */
	MS_CMD_TX_WRITE,
	/* Map RX/TX if not yet: x3 = 0 or the FF-A error of RXTX_MAP. */
	MS_CMD_MAP,
};

/* Retrieve options (x3 bits [15:8]). */
#define MS_OPT_BUILD_ONLY (1U << 0) /* write TX, do not call */
#define MS_OPT_KEEP_RX (1U << 1)    /* leave RX owned at the end */
#define MS_OPT_NO_RELEASE (1U << 2) /* let FRAG_RX release RX */
#define MS_OPT_FIRST_ONLY (1U << 3) /* no FRAG_RX, RX kept */
#define MS_OPT_NO_MAP (1U << 4)     /* do not map RX/TX first */
#define MS_OPT_SMC64 (1U << 5)      /* FFA_MEM_RETRIEVE_REQ_64 */

#define MS_RELINQUISH_COUNT_SET (1ULL << 32)

/* Layouts (x3 bits [31:24]). */
#define MS_LAYOUT_1_0 0U
#define MS_LAYOUT_1_1 1U
#define MS_LAYOUT_1_2 2U

/* Retrieve status (x6 bits [31:0]). */
enum ms_status {
	MS_ST_OK = 0,
	MS_ST_CALL_FAILED,    /* the retrieve itself was refused */
	MS_ST_FRAG_FAILED,    /* a FRAG_RX was not answered FRAG_TX */
	MS_ST_FRAG_HANDLE,    /* FRAG_TX named another handle */
	MS_ST_RELEASE_FAILED, /* RX_RELEASE refused */
	MS_ST_TOO_BIG,        /* more than MS_RESP_MAX or RX size */
	MS_ST_PARSE_FAILED,   /* mem_parse_resp refused the response */
	MS_ST_MAP_FAILED,     /* RXTX_MAP refused */
	MS_ST_BUILD_FAILED,   /* the request did not fit TX */
	MS_ST_PARTIAL,        /* MS_OPT_FIRST_ONLY and more to come */
};

/** The FF-A version of a layout code. */
static inline uint32_t ms_layout_version(uint32_t code)
{
	return code == MS_LAYOUT_1_0   ? 0x10000U
	       : code == MS_LAYOUT_1_1 ? 0x10001U
				       : 0x10002U;
}

/** FNV-1a step over one constituent (address, page count). */
static inline uint64_t ms_hash_constituent(uint64_t h, uint64_t address,
					   uint32_t pages)
{
	uint64_t words[2] = { address, pages };

	for (int w = 0; w < 2; w++) {
		for (int i = 0; i < 8; i++) {
			h ^= (words[w] >> (8 * i)) & 0xFFU;
			h *= 0x100000001b3ULL;
		}
	}
	return h;
}

#define MS_HASH_INIT 0xcbf29ce484222325ULL
