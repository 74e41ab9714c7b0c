/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

/**
 * The mem_sp suite's protocol: the normal-world test drives the `mem`
 * service of its three partitions (sp_mem*.c) with DIRECT_REQ2. Request
 * payload p[0..13] = x4..x17: p[0] an MSP_OP_*, p[1..] its arguments.
 * Response payload, same registers: p[0..3] = x0..x3 of the FF-A call the
 * operation ended with (0 in p[0] for operations that call nothing), the
 * rest as each operation says.
 *
 * The partitions map their own one-page RX/TX buffers with FFA_RXTX_MAP
 * on their first operation; memory they give away is a page-aligned pool
 * in their image (.bss), MSP_POOL_PAGES pages from the address that
 * MSP_OP_INFO reports.
 */

/* Partitions (spmc_manifest.dts, msp_*.dts); 2 MiB each. */
#define MSP_A 0x8001U
#define MSP_B 0x8002U
#define MSP_C 0x8003U
#define MSP_A_LOAD 0x0e300000ULL
#define MSP_B_LOAD 0x0e500000ULL
#define MSP_C_LOAD 0x0e700000ULL
#define MSP_MEM_SIZE 0x200000ULL
/* No partition has this ID. */
#define MSP_NONE 0x8009U

/* msp_c only: a read-only (R, not X) region of its own memory. */
#define MSP_C_RO_BASE (MSP_C_LOAD + 0x1f0000ULL)
/* msp_c only: a device region (QEMU virt's secure GPIO, never touched). */
#define MSP_C_DEV_BASE 0x090b0000ULL

/* The pool: pages [0, MSP_FRAG_FIRST) for the small tests, the rest for
 * descriptors larger than a TX buffer (one constituent per page). */
#define MSP_POOL_PAGES 272U
#define MSP_FRAG_FIRST 16U
#define MSP_FRAG_PAGES (MSP_POOL_PAGES - MSP_FRAG_FIRST)

/* RX and TX are one page each. */
#define MSP_BUF_SIZE 4096U

/* Operations (p[0] of a request). */
enum msp_op {
	/*
	 * -> p[1] own ID (FFA_ID_GET), p[2] pool address, p[3] pool pages,
	 * p[4] RX address, p[5] TX address, p[6] FFA_RXTX_MAP result (0 ok).
	 */
	MSP_OP_INFO = 1,
	/*
	 * Build and send a transaction descriptor.
	 * p[1] FID (FFA_MEM_SHARE/LEND/DONATE, _32 or _64), p[2] address,
	 * p[3] pages, p[4] pages per constituent (0: one constituent),
	 * p[5] receivers 0-1, p[6] receivers 2-3 (MSP_RECV pairs),
	 * p[7] receiver count | attributes << 16, p[8] flags, p[9] tag,
	 * p[10] largest fragment in bytes (0: the TX size), p[11] options
	 * (MSP_SEND_*), p[12] sender ID (with MSP_SEND_SENDER), p[13]
	 * descriptor layout (FFA_VERSION_1_x; 0: v1.2).
	 * -> x0..x3 of the last call; p[4] total length, p[5] bytes sent,
	 * p[6] calls made, p[7] handle (from FRAG_RX or SUCCESS).
	 */
	MSP_OP_SEND = 2,
	/*
	 * FFA_MEM_FRAG_TX with the next bytes of the descriptor MSP_OP_SEND
	 * built. p[1] handle to name, p[2] fragment length (0: whole
	 * constituents up to the fragment cap of the send), p[3] bytes to
	 * skip before the fragment (a multiple of 8; corrupts the stream),
	 * p[4] 1 = send all remaining fragments the same way. If this
	 * partition sent nothing yet: FRAG_TX(p[1], p[2]) of whatever TX
	 * holds. -> as MSP_OP_SEND.
	 */
	MSP_OP_FRAG_TX = 3,
	/*
	 * FFA_MEM_RETRIEVE_REQ. p[1] FID (_32 or _64), p[2] handle,
	 * p[3] sender, p[4] tag, p[5] flags, p[6] attributes, p[7] receivers
	 * 0-1, p[8] receivers 2-3, p[9] receiver count, p[10] options
	 * (MSP_RETR_*), p[11] layout (0: v1.2).
	 * -> x0..x3 of the last call (RETRIEVE_RESP, FRAG_TX or an error),
	 * then the response as far as received: MSP_RESP_* indices.
	 */
	MSP_OP_RETRIEVE = 4,
	/*
	 * FFA_MEM_FRAG_RX for the retrieve in progress. p[1] handle to name,
	 * p[2] offset to name (MSP_NEXT: the bytes received so far), p[3]
	 * MSP_RETR_* options (KEEP_RX: do not release RX first; FIRST_ONLY:
	 * stop after this fragment). -> as MSP_OP_RETRIEVE.
	 */
	MSP_OP_FRAG_RX = 5,
	/* FFA_RX_RELEASE. */
	MSP_OP_RX_RELEASE = 6,
	/*
	 * FFA_MEM_RELINQUISH. p[1] handle, p[2] flags, p[3] endpoint ID
	 * (0: own), p[4] endpoint count written (0: 1).
	 */
	MSP_OP_RELINQUISH = 7,
	/* FFA_MEM_RECLAIM. p[1] handle, p[2] flags. */
	MSP_OP_RECLAIM = 8,
	/*
	 * Writes p[3] + i to every 8-byte word i of p[2] pages at p[1]
	 * (p[3] = 0: zeros).
	 */
	MSP_OP_FILL = 9,
	/*
	 * Checks p[2] pages at p[1] against the MSP_OP_FILL pattern p[3].
	 * -> p[1] words that differ, p[2] the first word, p[3] the first
	 * differing word index (or ~0).
	 */
	MSP_OP_CHECK = 10,
	/* One 8-byte load at p[1]. -> p[1] the value. */
	MSP_OP_READ = 11,
	/* One 8-byte store of p[2] at p[1]. */
	MSP_OP_WRITE = 12,
};

/* p[0] of the answer to an unknown operation, or when RX/TX are not
 * mapped (p[2]: the error of FFA_RXTX_MAP). */
#define MSP_BAD_OP 0x4d53503fU  /* "MSP?" */
#define MSP_NO_RXTX 0x4d535021U /* "MSP!" */

/* A receiver in MSP_OP_SEND / MSP_OP_RETRIEVE: id, permissions, flags. */
#define MSP_RECV(id, perm, flags)                                       \
	((uint32_t)(uint16_t)(id) | ((uint32_t)(uint8_t)(perm) << 16) | \
	 ((uint32_t)(uint8_t)(flags) << 24))
#define MSP_RECV_PAIR(r0, r1) ((uint64_t)(r0) | ((uint64_t)(r1) << 32))

/* MSP_OP_SEND options. */
#define MSP_SEND_FIRST_ONLY (1U << 0) /* stop after the first fragment */
#define MSP_SEND_SENDER (1U << 1)     /* sender ID from p[12] */

/* MSP_OP_RETRIEVE / MSP_OP_FRAG_RX options. */
#define MSP_RETR_FIRST_ONLY (1U << 0) /* no FFA_MEM_FRAG_RX */
#define MSP_RETR_KEEP_RX (1U << 1)    /* no FFA_RX_RELEASE */

/* MSP_OP_FRAG_RX offset: continue where the response stands. */
#define MSP_NEXT UINT64_MAX

/* Response indices of MSP_OP_RETRIEVE and MSP_OP_FRAG_RX. */
#define MSP_RESP_FRAGS 4        /* fragments received */
#define MSP_RESP_TOTAL 5        /* total length (w1 of RETRIEVE_RESP) */
#define MSP_RESP_RECEIVED 6     /* bytes received */
#define MSP_RESP_CONSTITUENTS 7 /* constituents received */
#define MSP_RESP_PAGES 8        /* composite total page count */
#define MSP_RESP_TAG 9
#define MSP_RESP_FIRST_ADDR 10 /* address of constituent 0 */
#define MSP_RESP_HASH 11       /* msp_hash_step over the constituents */
#define MSP_RESP_HANDLE 12
/* sender | attributes << 16 | flags[7:0] << 32 | receivers << 40 |
 * own permissions << 48 | 1 << 56 if the header parsed. */
#define MSP_RESP_DESC 13

#define MSP_DESC_SENDER(d) ((uint16_t)(d))
#define MSP_DESC_ATTR(d) ((uint16_t)((d) >> 16))
#define MSP_DESC_FLAGS(d) ((uint8_t)((d) >> 32))
#define MSP_DESC_RECEIVERS(d) ((uint8_t)((d) >> 40))
#define MSP_DESC_PERM(d) ((uint8_t)((d) >> 48))
#define MSP_DESC_PARSED(d) (((d) >> 56) & 1U)

/** One step of the constituent hash (FNV-1a style over two words). */
static inline uint64_t msp_hash_step(uint64_t h, uint64_t address,
				     uint32_t pages)
{
	h = (h ^ address) * 0x100000001b3ULL;
	return (h ^ pages) * 0x100000001b3ULL;
}

#define MSP_HASH_INIT 0xcbf29ce484222325ULL
