/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa_mem.h"

/**
 * The few FF-A memory descriptors the memory-sharing benchmark writes
 * (bench_mem_nwd.c sends, bench_mem_sp.c retrieves and relinquishes), in
 * the v1.2 layout (48-byte header, 32-byte access descriptors), with one
 * receiver and the tag 0. The composite follows the receiver directly:
 *
 *   0   struct ffa_mem_region      (48)
 *   48  struct ffa_mem_access      (32)
 *   80  struct ffa_mem_composite   (16)
 *   96  struct ffa_mem_constituent (16 each)
 */

#define BENCH_DESC_RECEIVER_OFFSET 48U
#define BENCH_DESC_COMPOSITE_OFFSET 80U
#define BENCH_DESC_CONSTITUENTS_OFFSET 96U

/** Normal memory, write-back, inner shareable: what a share must name. */
#define BENCH_ATTR_NORMAL_WB_IS                                   \
	((FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |       \
	 (FFA_MEM_CACHE_WRITE_BACK << FFA_MEM_ATTR_CACHE_SHIFT) | \
	 FFA_MEM_SHARE_INNER)

/** Data read-write, instruction access not specified. */
#define BENCH_PERM_RW FFA_DATA_ACCESS_RW

/** What a send or a retrieve request says about its transaction. */
struct bench_desc {
	uint16_t sender;
	uint16_t receiver;
	uint8_t perm;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle; /* 0 on send */
};

/** Bytes of a send descriptor of `count` constituents. */
static inline uint32_t bench_desc_send_size(uint32_t count)
{
	return BENCH_DESC_CONSTITUENTS_OFFSET +
	       count * (uint32_t)sizeof(struct ffa_mem_constituent);
}

uint32_t bench_desc_send(void *buf, uint32_t cap, const struct bench_desc *d,
			 const struct ffa_mem_constituent *constituents,
			 uint32_t count);
uint32_t bench_desc_retrieve(void *buf, uint32_t cap,
			     const struct bench_desc *d);
uint32_t bench_desc_relinquish(void *buf, uint32_t cap, uint64_t handle,
			       uint16_t id);
bool bench_desc_resp_constituents(const void *buf, uint32_t len,
				  uint32_t *count, uint32_t *offset);
