/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "driver/ffa.h"

#include <stdbool.h>

#include "spmc/std.h"

/*
 * FF-A helpers of the normal-world endpoint. The RX/TX pair is static and
 * page-aligned; with the MMU off its physical address is its address.
 */

static uint8_t nwd_rx[NWD_RXTX_PAGES * FFA_PAGE_SIZE]
    __attribute__((aligned(FFA_PAGE_SIZE)));
static uint8_t nwd_tx[NWD_RXTX_PAGES * FFA_PAGE_SIZE]
    __attribute__((aligned(FFA_PAGE_SIZE)));

/* FFA_ID_GET's answer, fetched on first use. */
static bool nwd_id_known;
static uint16_t nwd_id;

/* The FF-A error code of `ret`: 0 for anything but FFA_ERROR. */
static int32_t nwd_ffa_error(const struct ffa_value *ret)
{
	return (uint32_t)ret->x[0] == FFA_ERROR_32 ? ffa_error_code(ret) : 0;
}

/**
 * FFA_VERSION with `requested`. Compatible (error 0) when the SPMC's major
 * version equals the requested one and its minor is at least the
 * requested minor (FF-A v1.2, FFA_VERSION); the SPMC's version is returned
 * either way, unless it answered NOT_SUPPORTED.
 */
struct nwd_version_ret nwd_ffa_version(uint32_t requested)
{
	struct ffa_value ret = ffa_version(requested);
	uint32_t version = (uint32_t)ret.x[0];
	struct nwd_version_ret out = { .version = version };

	if ((version & FFA_VERSION_MBZ_BIT) != 0) {
		out.error = (int32_t)version;
		out.version = 0;
		return out;
	}
	if ((version >> FFA_VERSION_MAJOR_SHIFT) !=
		(requested >> FFA_VERSION_MAJOR_SHIFT) ||
	    (version & FFA_VERSION_MINOR_MASK) <
		(requested & FFA_VERSION_MINOR_MASK)) {
		out.error = FFA_NOT_SUPPORTED;
	}
	return out;
}

/**
 * The normal world's endpoint ID: FFA_ID_GET's answer, asked once; 0 (the
 * NS endpoint ID) if the call fails.
 */
uint16_t nwd_ffa_id(void)
{
	struct ffa_value ret;

	if (!nwd_id_known) {
		ret = ffa_id_get();
		nwd_id = (uint32_t)ret.x[0] == FFA_SUCCESS_32
			     ? (uint16_t)ret.x[2]
			     : 0;
		nwd_id_known = true;
	}
	return nwd_id;
}

/** Maps the static RX/TX pair with FFA_RXTX_MAP_64. */
int32_t nwd_rxtx_map(void)
{
	struct ffa_value ret =
	    ffa_rxtx_map((uintptr_t)nwd_tx, (uintptr_t)nwd_rx, NWD_RXTX_PAGES);

	return nwd_ffa_error(&ret);
}

/** Unmaps the RX/TX pair with FFA_RXTX_UNMAP. */
int32_t nwd_rxtx_unmap(void)
{
	struct ffa_value ret = ffa_rxtx_unmap();

	return nwd_ffa_error(&ret);
}

/** The RX buffer (NWD_RXTX_PAGES pages). */
void *nwd_rx_buffer(void)
{
	return nwd_rx;
}

/** The TX buffer (NWD_RXTX_PAGES pages). */
void *nwd_tx_buffer(void)
{
	return nwd_tx;
}

/*
 * Copies `count` descriptors of `size` bytes from the RX buffer into `out`
 * (at most `out_max`, and only what lies inside the buffer). Bytes a
 * smaller (v1.0) descriptor lacks are zero.
 */
static void nwd_copy_partition_info(uint32_t count, uint32_t size,
				    struct ffa_partition_info *out,
				    size_t out_max)
{
	size_t copy = size < sizeof(*out) ? size : sizeof(*out);
	size_t i;

	for (i = 0; i < count && i < out_max; i++) {
		if (((uint64_t)i + 1) * size > sizeof(nwd_rx)) {
			break;
		}
		memset(&out[i], 0, sizeof(out[i]));
		memcpy(&out[i], &nwd_rx[i * size], copy);
	}
}

/**
 * FFA_PARTITION_INFO_GET into the RX buffer (which must be mapped), then
 * FFA_RX_RELEASE. Copies up to `out_max` descriptors into `out`; `count`
 * is the number the SPMC reported. A descriptor size of zero (v1.0) counts
 * as FFA_PARTITION_INFO_V1_0_SIZE.
 */
struct nwd_pinfo_ret nwd_partition_info_get(const struct ffa_uuid *uuid,
					    struct ffa_partition_info *out,
					    size_t out_max)
{
	struct ffa_value ret = ffa_partition_info_get(uuid, 0);
	struct nwd_pinfo_ret pinfo = { .error = nwd_ffa_error(&ret) };
	uint32_t size;

	if (pinfo.error != 0) {
		return pinfo;
	}
	pinfo.count = (uint32_t)ret.x[2];
	size = (uint32_t)ret.x[3];
	if (size == 0) {
		size = FFA_PARTITION_INFO_V1_0_SIZE;
	}
	nwd_copy_partition_info(pinfo.count, size, out, out_max);
	ret = ffa_rx_release();
	pinfo.error = nwd_ffa_error(&ret);
	return pinfo;
}

/* Decodes descriptor `i` of a FFA_PARTITION_INFO_GET_REGS result. */
static void nwd_regs_partition_info(const struct ffa_value *ret, uint32_t i,
				    struct ffa_partition_info *info)
{
	uint64_t r0 = ret->x[3 + 3 * i];
	uint64_t r1 = ret->x[4 + 3 * i];
	uint64_t r2 = ret->x[5 + 3 * i];

	info->id = (uint16_t)r0;
	info->exec_ctx_count = (uint16_t)(r0 >> 16);
	info->properties = (uint32_t)(r0 >> 32);
	info->uuid.w[0] = (uint32_t)r1;
	info->uuid.w[1] = (uint32_t)(r1 >> 32);
	info->uuid.w[2] = (uint32_t)r2;
	info->uuid.w[3] = (uint32_t)(r2 >> 32);
}

/**
 * Discovery through FFA_PARTITION_INFO_GET_REGS, calling again from the
 * next index until the last one. Copies up to `out_max` descriptors into
 * `out`. A reply whose indices do not advance within the call's capacity
 * gives FFA_ABORTED.
 */
struct nwd_pinfo_ret nwd_partition_info_get_regs(const struct ffa_uuid *uuid,
						 struct ffa_partition_info *out,
						 size_t out_max)
{
	struct nwd_pinfo_ret pinfo = { 0 };
	uint32_t start = 0;
	uint16_t tag = 0;
	uint32_t last;

	do {
		struct ffa_value ret =
		    ffa_partition_info_get_regs(uuid, (uint16_t)start, tag);
		uint32_t curr;
		uint32_t i;

		pinfo.error = nwd_ffa_error(&ret);
		if (pinfo.error != 0) {
			return pinfo;
		}
		last = (uint16_t)(ret.x[2] >> FFA_PART_INFO_REGS_LAST_SHIFT);
		curr = (uint16_t)(ret.x[2] >> FFA_PART_INFO_REGS_CURR_SHIFT);
		tag = (uint16_t)(ret.x[2] >> FFA_PART_INFO_REGS_OUT_TAG_SHIFT);
		if (curr < start || curr > last ||
		    curr - start >= FFA_PART_INFO_REGS_MAX) {
			pinfo.error = FFA_ABORTED;
			return pinfo;
		}
		for (i = 0; i <= curr - start; i++) {
			if (start + i < out_max) {
				nwd_regs_partition_info(&ret, i,
							&out[start + i]);
			}
		}
		start = curr + 1;
	} while (start <= last);

	pinfo.count = last + 1;
	return pinfo;
}

/**
 * Follows a preempted direct request through to its end: while `ret` is
 * FFA_INTERRUPT or FFA_YIELD (w1 = (partition << 16) | vCPU), resumes that
 * vCPU with FFA_RUN. Returns the first other result.
 */
struct ffa_value nwd_ffa_resume(struct ffa_value ret)
{
	for (;;) {
		uint32_t fid = ffa_fid(&ret);
		uint32_t target = (uint32_t)ret.x[1];

		if (fid != FFA_INTERRUPT_32 && fid != FFA_YIELD_32) {
			return ret;
		}
		ret = ffa_run((uint16_t)(target >> FFA_TARGET_ID_SHIFT),
			      (uint16_t)target);
	}
}

/** FFA_MSG_SEND_DIRECT_REQ_32 from the NWd to `dst`, resumed to its end. */
struct ffa_value nwd_direct_req_32(uint16_t dst,
				   const struct ffa_direct_args *args)
{
	return nwd_ffa_resume(
	    ffa_msg_send_direct_req_32(nwd_ffa_id(), dst, args));
}

/** FFA_MSG_SEND_DIRECT_REQ_64 from the NWd to `dst`, resumed to its end. */
struct ffa_value nwd_direct_req_64(uint16_t dst,
				   const struct ffa_direct_args *args)
{
	return nwd_ffa_resume(
	    ffa_msg_send_direct_req_64(nwd_ffa_id(), dst, args));
}

/** FFA_MSG_SEND_DIRECT_REQ2 from the NWd to `dst`, resumed to its end. */
struct ffa_value nwd_direct_req2(uint16_t dst, const struct ffa_uuid *uuid,
				 const struct ffa_direct2_args *args)
{
	return nwd_ffa_resume(
	    ffa_msg_send_direct_req2(nwd_ffa_id(), dst, uuid, args));
}
