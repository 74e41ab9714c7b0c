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

/**
 * The registers of one FF-A call or return, SMCCC v1.2: x0 is the function
 * ID (or FFA_SUCCESS / FFA_ERROR / a return ABI), x1..x17 the arguments.
 * SMC32 ABIs use x0..x7; SMC64 ABIs of FF-A >= v1.2 use all eighteen.
 */
struct ffa_value {
	uint64_t x[18];
};

#define FFA_VALUE_REGS 18U

/* x0 with the SMCCC SVE hint (bit 16) cleared: the FID to decode. */
#define FFA_FID_SVE_HINT (1U << 16)

static inline uint32_t ffa_fid(const struct ffa_value *v)
{
	return (uint32_t)v->x[0] & ~FFA_FID_SVE_HINT;
}

static inline bool ffa_fid_is_smc64(uint32_t fid)
{
	return (fid & 0x40000000U) != 0;
}

/** The error code of an FFA_ERROR return, read from w2. */
static inline int32_t ffa_error_code(const struct ffa_value *v)
{
	return (int32_t)(uint32_t)v->x[2];
}

static inline bool ffa_is_error(const struct ffa_value *v, int32_t code)
{
	return (uint32_t)v->x[0] == FFA_ERROR_32 && ffa_error_code(v) == code;
}

/* Direct messages: w1 = (source << 16) | destination. */
static inline uint16_t ffa_msg_src(const struct ffa_value *v)
{
	return (uint16_t)(v->x[1] >> 16);
}

static inline uint16_t ffa_msg_dst(const struct ffa_value *v)
{
	return (uint16_t)v->x[1];
}

static inline uint64_t ffa_msg_ids(uint16_t src, uint16_t dst)
{
	return ((uint64_t)src << 16) | dst;
}

/* Framework messages: w2 bit 31 set, function in bits [7:0]. */
#define FFA_FWK_MSG_BIT (1U << 31)
#define FFA_FWK_MSG_FUNC_MASK 0xFFU
#define FFA_FWK_PSCI_REQ 0U
#define FFA_FWK_PSCI_WARM_BOOT_REQ 1U
#define FFA_FWK_PSCI_RESP 2U
#define FFA_FWK_VM_CREATED_REQ 4U
#define FFA_FWK_VM_CREATED_RESP 5U
#define FFA_FWK_VM_DESTROYED_REQ 6U
#define FFA_FWK_VM_DESTROYED_RESP 7U
#define FFA_FWK_VERSION_REQ 8U
#define FFA_FWK_VERSION_RESP 9U

/* PSCI function IDs and return codes (DEN0022). */
#define PSCI_VERSION 0x84000000U
#define PSCI_CPU_SUSPEND_64 0xC4000001U
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON_64 0xC4000003U
#define PSCI_AFFINITY_INFO_64 0xC4000004U
#define PSCI_SYSTEM_OFF 0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000AU
#define PSCI_E_SUCCESS 0
#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID_PARAMS (-2)
#define PSCI_E_DENIED (-3)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_ON_PENDING (-5)
#define PSCI_E_INTERN_FAIL (-6)
#define PSCI_E_NOT_PRESENT (-7)
#define PSCI_E_DISABLED (-8)
#define PSCI_E_INVALID_ADDRESS (-9)
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1
#define PSCI_AFF_ON_PENDING 2

/* FFA_PARTITION_INFO_GET: flags in w5, descriptor sizes per version. */
#define FFA_PARTITION_INFO_FLAG_COUNT_ONLY (1U << 0)
#define FFA_PARTITION_INFO_V1_0_SIZE 8U
#define FFA_PARTITION_INFO_V1_1_SIZE 24U

/* Partition properties (w2 of the v1.1+ descriptor, FF-A v1.3 Table 6.2). */
#define FFA_PROP_DIRECT_REQ_RECV (1U << 0)
#define FFA_PROP_DIRECT_REQ_SEND (1U << 1)
#define FFA_PROP_INDIRECT_MSG (1U << 2)
#define FFA_PROP_NOTIFICATIONS (1U << 3)
#define FFA_PROP_ID_TYPE_SHIFT 4
#define FFA_PROP_ID_TYPE_PE_ENDPOINT 0U
#define FFA_PROP_ID_TYPE_SEPID_INDEP 1U
#define FFA_PROP_ID_TYPE_SEPID_DEP 2U
#define FFA_PROP_ID_TYPE_AUX 3U
#define FFA_PROP_VM_CREATED (1U << 6)
#define FFA_PROP_VM_DESTROYED (1U << 7)
#define FFA_PROP_AARCH64 (1U << 8)
#define FFA_PROP_DIRECT_REQ2_RECV (1U << 9)
#define FFA_PROP_DIRECT_REQ2_SEND (1U << 10)

/** FFA_PARTITION_INFO_GET descriptor, FF-A v1.1+ (24 bytes). */
struct ffa_partition_info {
	uint16_t id;
	uint16_t exec_ctx_count;
	uint32_t properties;
	struct ffa_uuid uuid;
};

static_assert(sizeof(struct ffa_partition_info) == 24,
	      "FF-A v1.1 partition information descriptor");

/* FF-A boot information (FF-A v1.3 §5.4; tfa-spmd-interface §5.3). */
#define FFA_BOOT_INFO_SIGNATURE 0x0FFAU
#define FFA_BOOT_INFO_TYPE_IMPDEF (1U << 7)
#define FFA_BOOT_INFO_TYPE_ID_MASK 0x7FU
#define FFA_BOOT_INFO_TYPE_ID_FDT 0U
#define FFA_BOOT_INFO_TYPE_ID_HOB 1U
#define FFA_BOOT_INFO_FLAG_NAME_UUID 1U
#define FFA_BOOT_INFO_FLAG_CONTENT_VALUE (1U << 2)

struct ffa_boot_info_header {
	uint32_t signature;
	uint32_t version;
	uint32_t blob_size;
	uint32_t desc_size;
	uint32_t desc_count;
	uint32_t desc_offset;
	uint64_t reserved;
};

struct ffa_boot_info_desc {
	char name[16];
	uint8_t type;
	uint8_t reserved;
	uint16_t flags;
	uint32_t size;
	uint64_t content;
};

static_assert(sizeof(struct ffa_boot_info_header) == 32, "boot info header");
static_assert(sizeof(struct ffa_boot_info_desc) == 32, "boot info desc");

/* FFA_RXTX_MAP: page count in w3 bits [5:0]; FF-A pages are 4 KiB. */
#define FFA_PAGE_SIZE 4096U
#define FFA_RXTX_PAGE_COUNT_MASK 0x3FU

/* FFA_MSG_WAIT flags (w2, v1.2): keep RX buffer ownership. */
#define FFA_MSG_WAIT_FLAG_RETAIN_RX (1U << 0)

/* FFA_FEATURES feature IDs (w1 bit 31 clear). */
#define FFA_FEATURE_NPI 1U
#define FFA_FEATURE_SRI 2U
#define FFA_FEATURE_MEI 3U

/* Direct messaging payloads (FF-A v1.2). */
/** Payload registers of FFA_MSG_SEND_DIRECT_REQ/RESP: x3..x7. */
#define FFA_DIRECT_MSG_ARGS 5U
/** Payload registers of FFA_MSG_SEND_DIRECT_REQ2/RESP2: x4..x17. */
#define FFA_DIRECT_MSG2_ARGS 14U

/* FFA_RUN and FFA_INTERRUPT/FFA_YIELD targets: w1 = (ID << 16) | vCPU. */
#define FFA_TARGET_ID_SHIFT 16

/*
 * FFA_CONSOLE_LOG (FF-A v1.2): w1 bits [7:0] hold the character
 * count; the characters follow in x2.., packed little-endian, the first
 * character in the lowest byte of x2.
 */
#define FFA_CONSOLE_LOG_COUNT_MASK 0xFFU
/** SMC32: w2..w7, four characters each. */
#define FFA_CONSOLE_LOG_32_MAX_CHARS 24U
/** SMC64 in FF-A v1.2: x2..x17, eight characters each. */
#define FFA_CONSOLE_LOG_64_MAX_CHARS 128U
/** SMC64 in FF-A v1.1, which used x2..x7 only. */
#define FFA_CONSOLE_LOG_64_V1_1_MAX_CHARS 48U

/*
 * FFA_PARTITION_INFO_GET_REGS (FF-A v1.2, SMC64). Input: x1/x2 the
 * UUID (x1 = w[0] | w[1] << 32, x2 = w[2] | w[3] << 32), x3 bits [15:0]
 * the start index and [31:16] the UUID information tag. Output x2: last
 * index [15:0], current index [31:16], tag [47:32], descriptor size
 * [63:48]; then three registers per descriptor from x3: id [15:0],
 * execution context count [31:16], properties [63:32]; then the UUID as
 * in x1/x2 of the input.
 */
#define FFA_PART_INFO_REGS_TAG_SHIFT 16
#define FFA_PART_INFO_REGS_LAST_SHIFT 0
#define FFA_PART_INFO_REGS_CURR_SHIFT 16
#define FFA_PART_INFO_REGS_OUT_TAG_SHIFT 32
#define FFA_PART_INFO_REGS_SIZE_SHIFT 48
/** Descriptors one call returns at most: x3..x17, three registers each. */
#define FFA_PART_INFO_REGS_MAX 5U
