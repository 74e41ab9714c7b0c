/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/mem_desc.h"

/** The transaction header, whichever layout it came in. */
struct md_header {
	uint32_t layout; /* FFA_VERSION_1_0, _1_1 or _1_2. */
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t access_size;
	uint32_t receiver_count;
	uint32_t receivers_offset;
	uint32_t receivers_end; /* Valid once the count is checked. */
};

/** Receivers as parsed, with each one's composite offset. */
struct md_receivers {
	uint32_t count;
	struct mem_desc_receiver r[PLAT_MAX_MEM_RECEIVERS];
	uint32_t composite_offset[PLAT_MAX_MEM_RECEIVERS];
};

static inline uint16_t md_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t md_le32(const uint8_t *p)
{
	return (uint32_t)md_le16(p) | ((uint32_t)md_le16(p + 2) << 16);
}

static inline uint64_t md_le64(const uint8_t *p)
{
	return (uint64_t)md_le32(p) | ((uint64_t)md_le32(p + 4) << 32);
}

bool md_all_zero(const uint8_t *p, uint32_t n);

enum mem_desc_error md_parse_header(const struct mem_desc_in *in,
				    struct md_header *h);
enum mem_desc_error md_parse_receivers(const struct mem_desc_in *in,
				       const struct md_header *h,
				       struct md_receivers *rs);
enum mem_desc_error md_decode_attr(const struct md_header *h,
				   struct mem_desc_attr *a);
enum mem_desc_error md_take_constituents(struct mem_desc *d, const uint8_t *p,
					 uint32_t n);
