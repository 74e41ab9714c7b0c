/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * FF-A memory management descriptors, as written by partitions and the
 * normal world into their TX buffer for FFA_MEM_SHARE / LEND / DONATE and
 * FFA_MEM_RETRIEVE_REQ (FF-A Memory Management Protocol v1.3, DEN0140,
 * §1.10 and Tables 1.13-1.22). All fields are little-endian; every layout
 * has natural alignment, so no packing is needed.
 */

#include <stddef.h>
#include <stdint.h>

/* Memory region attributes (Table 1.18); 16 bits from v1.1, 8 in v1.0. */
#define FFA_MEM_ATTR_SHARE_MASK 0x3U /* bits[1:0] */
#define FFA_MEM_ATTR_CACHE_SHIFT 2   /* bits[3:2] */
#define FFA_MEM_ATTR_CACHE_MASK (0x3U << FFA_MEM_ATTR_CACHE_SHIFT)
#define FFA_MEM_ATTR_TYPE_SHIFT 4 /* bits[5:4] */
#define FFA_MEM_ATTR_TYPE_MASK (0x3U << FFA_MEM_ATTR_TYPE_SHIFT)
#define FFA_MEM_ATTR_NS (1U << 6) /* responses only */
#define FFA_MEM_ATTR_MBZ_MASK 0xFF80U

#define FFA_MEM_SHARE_NON_SHAREABLE 0U
#define FFA_MEM_SHARE_RESERVED 1U
#define FFA_MEM_SHARE_OUTER 2U
#define FFA_MEM_SHARE_INNER 3U

#define FFA_MEM_CACHE_RESERVED 0U
#define FFA_MEM_CACHE_NON_CACHEABLE 1U
#define FFA_MEM_CACHE_RESERVED_1 2U
#define FFA_MEM_CACHE_WRITE_BACK 3U
#define FFA_MEM_DEV_NGNRNE 0U
#define FFA_MEM_DEV_NGNRE 1U
#define FFA_MEM_DEV_NGRE 2U
#define FFA_MEM_DEV_GRE 3U

#define FFA_MEM_TYPE_NOT_SPECIFIED 0U
#define FFA_MEM_TYPE_DEVICE 1U
#define FFA_MEM_TYPE_NORMAL 2U
#define FFA_MEM_TYPE_RESERVED 3U

/* Memory access permissions (Table 1.15). */
#define FFA_MEM_PERM_DATA_MASK 0x3U /* bits[1:0] */
#define FFA_MEM_PERM_INSTR_SHIFT 2  /* bits[3:2] */
#define FFA_MEM_PERM_INSTR_MASK (0x3U << FFA_MEM_PERM_INSTR_SHIFT)
#define FFA_MEM_PERM_MBZ_MASK 0xF0U

#define FFA_DATA_ACCESS_NOT_SPECIFIED 0U
#define FFA_DATA_ACCESS_RO 1U
#define FFA_DATA_ACCESS_RW 2U
#define FFA_DATA_ACCESS_RESERVED 3U
#define FFA_INSTR_ACCESS_NOT_SPECIFIED 0U
#define FFA_INSTR_ACCESS_NX 1U
#define FFA_INSTR_ACCESS_X 2U
#define FFA_INSTR_ACCESS_RESERVED 3U

/* Receiver flags of a memory access descriptor (retrieve only). */
#define FFA_MEM_RECV_FLAG_NON_RETRIEVAL (1U << 0)

/* Transaction flags: send (Table 1.21) and retrieve request (Table 1.22). */
#define FFA_MEM_FLAG_CLEAR (1U << 0)
#define FFA_MEM_FLAG_TIME_SLICE (1U << 1)
#define FFA_MEM_FLAG_CLEAR_RELINQUISH (1U << 2)
#define FFA_MEM_FLAG_TYPE_SHIFT 3
#define FFA_MEM_FLAG_TYPE_MASK (0x3U << FFA_MEM_FLAG_TYPE_SHIFT)
#define FFA_MEM_FLAG_TYPE_UNSPECIFIED 0U
#define FFA_MEM_FLAG_TYPE_SHARE 1U
#define FFA_MEM_FLAG_TYPE_LEND 2U
#define FFA_MEM_FLAG_TYPE_DONATE 3U
#define FFA_MEM_FLAG_HINT_SHIFT 5
#define FFA_MEM_FLAG_HINT_MASK (0xFU << FFA_MEM_FLAG_HINT_SHIFT)
#define FFA_MEM_FLAG_HINT_VALID (1U << 9)
#define FFA_MEM_FLAG_BYPASS_BORROWERS (1U << 10)
#define FFA_MEM_SEND_FLAGS_VALID (FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE)

/* Handles: bit 63 names the allocator (0 = SPMC, 1 = hypervisor). */
#define FFA_MEM_HANDLE_ALLOCATOR_HYP (1ULL << 63)
#define FFA_MEM_HANDLE_INVALID UINT64_MAX

#define FFA_MEM_PAGE_SIZE 4096U

/** Memory transaction descriptor, v1.1+ (Table 1.20). */
struct ffa_mem_region {
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t access_desc_size; /* 16 (v1.1) or 32 (v1.2+) */
	uint32_t receiver_count;
	uint32_t receivers_offset;
	uint8_t reserved[12];
};

/** Memory transaction descriptor, v1.0 (FF-A v1.0 Table 5.19). */
struct ffa_mem_region_v1_0 {
	uint16_t sender;
	uint8_t attributes;
	uint8_t reserved_0;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t reserved_1;
	uint32_t receiver_count;
	/* 16-byte `struct ffa_mem_access_v1_0` entries follow. */
};

/** Endpoint memory access descriptor, v1.0 and v1.1 (16 bytes). */
struct ffa_mem_access_v1_0 {
	uint16_t receiver;
	uint8_t permissions;
	uint8_t flags;
	uint32_t composite_offset;
	uint64_t reserved;
};

/** Endpoint memory access descriptor, v1.2+ (Table 1.16, 32 bytes). */
struct ffa_mem_access {
	uint16_t receiver;
	uint8_t permissions;
	uint8_t flags;
	uint32_t composite_offset;
	uint8_t impdef[16];
	uint64_t reserved;
};

/** Composite memory region descriptor (Table 1.13). */
struct ffa_mem_composite {
	uint32_t page_count;
	uint32_t constituent_count;
	uint64_t reserved;
	/* `struct ffa_mem_constituent` entries follow. */
};

/** Constituent memory region descriptor (Table 1.14). */
struct ffa_mem_constituent {
	uint64_t address;
	uint32_t page_count;
	uint32_t reserved;
};

static_assert(sizeof(struct ffa_mem_region) == 48, "DEN0140 Table 1.20");
static_assert(offsetof(struct ffa_mem_region, access_desc_size) == 24,
	      "DEN0140 Table 1.20");
static_assert(offsetof(struct ffa_mem_region, receivers_offset) == 32,
	      "DEN0140 Table 1.20");
static_assert(sizeof(struct ffa_mem_region_v1_0) == 32, "FF-A v1.0 5.19");
static_assert(offsetof(struct ffa_mem_region_v1_0, receiver_count) == 28,
	      "FF-A v1.0 Table 5.19");
static_assert(sizeof(struct ffa_mem_access_v1_0) == 16, "DEN0140 1.16");
static_assert(sizeof(struct ffa_mem_access) == 32, "DEN0140 Table 1.16");
static_assert(offsetof(struct ffa_mem_access, reserved) == 24,
	      "DEN0140 Table 1.16");
static_assert(sizeof(struct ffa_mem_composite) == 16, "DEN0140 Table 1.13");
static_assert(sizeof(struct ffa_mem_constituent) == 16, "DEN0140 1.14");
