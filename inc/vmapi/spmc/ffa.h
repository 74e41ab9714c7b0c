/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * FF-A ABI as seen by partitions and the normal world: function IDs, error
 * codes, version encoding, endpoint ID ranges and UUIDs. Values from the
 * FF-A specification (DEN0077A v1.3) as TF-A encodes them.
 */

#include <stdbool.h>
#include <stdint.h>

/* Function IDs: SMC32 = 0x84000000 | n, SMC64 = 0xC4000000 | n. */
#define FFA_SMC32(n) (0x84000000U | (n))
#define FFA_SMC64(n) (0xC4000000U | (n))

#define FFA_ERROR_32 FFA_SMC32(0x60)
#define FFA_SUCCESS_32 FFA_SMC32(0x61)
#define FFA_SUCCESS_64 FFA_SMC64(0x61)
#define FFA_INTERRUPT_32 FFA_SMC32(0x62)
#define FFA_VERSION_32 FFA_SMC32(0x63)
#define FFA_FEATURES_32 FFA_SMC32(0x64)
#define FFA_RX_RELEASE_32 FFA_SMC32(0x65)
#define FFA_RXTX_MAP_32 FFA_SMC32(0x66)
#define FFA_RXTX_MAP_64 FFA_SMC64(0x66)
#define FFA_RXTX_UNMAP_32 FFA_SMC32(0x67)
#define FFA_PARTITION_INFO_GET_32 FFA_SMC32(0x68)
#define FFA_ID_GET_32 FFA_SMC32(0x69)
#define FFA_MSG_WAIT_32 FFA_SMC32(0x6B)
#define FFA_YIELD_32 FFA_SMC32(0x6C)
#define FFA_RUN_32 FFA_SMC32(0x6D)
#define FFA_MSG_SEND_32 FFA_SMC32(0x6E)
#define FFA_MSG_SEND_DIRECT_REQ_32 FFA_SMC32(0x6F)
#define FFA_MSG_SEND_DIRECT_REQ_64 FFA_SMC64(0x6F)
#define FFA_MSG_SEND_DIRECT_RESP_32 FFA_SMC32(0x70)
#define FFA_MSG_SEND_DIRECT_RESP_64 FFA_SMC64(0x70)
#define FFA_MEM_DONATE_32 FFA_SMC32(0x71)
#define FFA_MEM_DONATE_64 FFA_SMC64(0x71)
#define FFA_MEM_LEND_32 FFA_SMC32(0x72)
#define FFA_MEM_LEND_64 FFA_SMC64(0x72)
#define FFA_MEM_SHARE_32 FFA_SMC32(0x73)
#define FFA_MEM_SHARE_64 FFA_SMC64(0x73)
#define FFA_MEM_RETRIEVE_REQ_32 FFA_SMC32(0x74)
#define FFA_MEM_RETRIEVE_REQ_64 FFA_SMC64(0x74)
#define FFA_MEM_RETRIEVE_RESP_32 FFA_SMC32(0x75)
#define FFA_MEM_RELINQUISH_32 FFA_SMC32(0x76)
#define FFA_MEM_RECLAIM_32 FFA_SMC32(0x77)
#define FFA_MEM_FRAG_RX_32 FFA_SMC32(0x7A)
#define FFA_MEM_FRAG_TX_32 FFA_SMC32(0x7B)
#define FFA_NORMAL_WORLD_RESUME_32 FFA_SMC32(0x7C)
#define FFA_NOTIFICATION_BITMAP_CREATE_32 FFA_SMC32(0x7D)
#define FFA_NOTIFICATION_BITMAP_DESTROY_32 FFA_SMC32(0x7E)
#define FFA_NOTIFICATION_BIND_32 FFA_SMC32(0x7F)
#define FFA_NOTIFICATION_UNBIND_32 FFA_SMC32(0x80)
#define FFA_NOTIFICATION_SET_32 FFA_SMC32(0x81)
#define FFA_NOTIFICATION_GET_32 FFA_SMC32(0x82)
#define FFA_NOTIFICATION_INFO_GET_32 FFA_SMC32(0x83)
#define FFA_NOTIFICATION_INFO_GET_64 FFA_SMC64(0x83)
#define FFA_RX_ACQUIRE_32 FFA_SMC32(0x84)
#define FFA_SPM_ID_GET_32 FFA_SMC32(0x85)
#define FFA_MSG_SEND2_32 FFA_SMC32(0x86)
#define FFA_SECONDARY_EP_REGISTER_64 FFA_SMC64(0x87)
#define FFA_MEM_PERM_GET_32 FFA_SMC32(0x88)
#define FFA_MEM_PERM_GET_64 FFA_SMC64(0x88)
#define FFA_MEM_PERM_SET_32 FFA_SMC32(0x89)
#define FFA_MEM_PERM_SET_64 FFA_SMC64(0x89)
#define FFA_CONSOLE_LOG_32 FFA_SMC32(0x8A)
#define FFA_CONSOLE_LOG_64 FFA_SMC64(0x8A)
#define FFA_PARTITION_INFO_GET_REGS_64 FFA_SMC64(0x8B)
#define FFA_EL3_INTR_HANDLE_32 FFA_SMC32(0x8C)
#define FFA_MSG_SEND_DIRECT_REQ2_64 FFA_SMC64(0x8D)
#define FFA_MSG_SEND_DIRECT_RESP2_64 FFA_SMC64(0x8E)
#define FFA_NS_RES_INFO_GET_64 FFA_SMC64(0x8F)
#define FFA_ABORT_32 FFA_SMC32(0x90)
#define FFA_ABORT_64 FFA_SMC64(0x90)

/* Error codes, returned in w2 of FFA_ERROR. */
#define FFA_NOT_SUPPORTED (-1)
#define FFA_INVALID_PARAMETERS (-2)
#define FFA_NO_MEMORY (-3)
#define FFA_BUSY (-4)
#define FFA_INTERRUPTED (-5)
#define FFA_DENIED (-6)
#define FFA_RETRY (-7)
#define FFA_ABORTED (-8)
#define FFA_NO_DATA (-9)
#define FFA_NOT_READY (-10)

/* Version: (major << 16) | minor, bit 31 zero. */
#define FFA_VERSION_MAJOR_SHIFT 16
#define FFA_VERSION_MINOR_MASK 0xFFFFU
#define FFA_VERSION_MBZ_BIT (1U << 31)
#define FFA_VERSION(major, minor) (((major) << 16) | (minor))
#define FFA_VERSION_1_0 FFA_VERSION(1U, 0U)
#define FFA_VERSION_1_1 FFA_VERSION(1U, 1U)
#define FFA_VERSION_1_2 FFA_VERSION(1U, 2U)
#define FFA_VERSION_1_3 FFA_VERSION(1U, 3U)
/** The highest version this SPMC implements. */
#define FFA_VERSION_COMPILED FFA_VERSION_1_3

/* Endpoint IDs (FF-A v1.3 §; TF-A `ffa_svc.h`). */
#define FFA_ID_NS_ENDPOINT 0x0000U
#define FFA_ID_SECURE_BIT 0x8000U
#define FFA_ID_SPMC_DEFAULT 0x8000U
#define FFA_ID_SPMD_LP_FIRST 0xFFC0U
#define FFA_ID_SPMD 0xFFFFU

static inline bool ffa_id_is_secure(uint16_t id)
{
	return (id & FFA_ID_SECURE_BIT) != 0;
}

/* Messaging-method bits of a partition (manifest and partition info). */
#define FFA_MSG_DIRECT_REQ_RECV (1U << 0)
#define FFA_MSG_DIRECT_REQ_SEND (1U << 1)
#define FFA_MSG_INDIRECT (1U << 2)
#define FFA_MSG_DIRECT_REQ2_RECV (1U << 9)
#define FFA_MSG_DIRECT_REQ2_SEND (1U << 10)
#define FFA_MSG_METHODS_VALID                                \
	(FFA_MSG_DIRECT_REQ_RECV | FFA_MSG_DIRECT_REQ_SEND | \
	 FFA_MSG_INDIRECT | FFA_MSG_DIRECT_REQ2_RECV |       \
	 FFA_MSG_DIRECT_REQ2_SEND)

/**
 * A UUID as four 32-bit words in the SMCCC register layout (SMCCC v1.6
 * §5.3): the layout of the `uuid` manifest property and of x2..x5 in
 * FFA_PARTITION_INFO_GET. The RFC 4122 byte string of the same UUID is the
 * little-endian byte image of w[0..3].
 */
struct ffa_uuid {
	uint32_t w[4];
};

static inline bool ffa_uuid_is_null(const struct ffa_uuid *u)
{
	return (u->w[0] | u->w[1] | u->w[2] | u->w[3]) == 0;
}

static inline bool ffa_uuid_equal(const struct ffa_uuid *a,
				  const struct ffa_uuid *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3];
}
