/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "vmlib/ffa.h"

/**
 * FF-A helpers of the normal-world endpoint (ID 0): version negotiation,
 * the RX/TX buffer pair (one static page each), discovery, and direct
 * requests that see a preempted partition through to its response. Errors
 * are FF-A error codes (FFA_* in vmapi/spmc/ffa.h), 0 meaning success.
 */

/** Pages of each of the RX and TX buffers. */
#define NWD_RXTX_PAGES 1

#ifdef __cplusplus
extern "C" {
#endif

/** Result of a version negotiation. */
struct nwd_version_ret {
	/** 0, or FFA_NOT_SUPPORTED if the SPMC's version is incompatible. */
	int32_t error;
	/** The SPMC's version (0 if it returned an error). */
	uint32_t version;
};

/** Result of a discovery call. */
struct nwd_pinfo_ret {
	/** 0, the FF-A error of the call, or FFA_ABORTED if malformed. */
	int32_t error;
	/** Partitions the SPMC reported (may exceed what was copied). */
	uint32_t count;
};

struct nwd_version_ret nwd_ffa_version(uint32_t requested);
uint16_t nwd_ffa_id(void);

int32_t nwd_rxtx_map(void);
int32_t nwd_rxtx_unmap(void);
void *nwd_rx_buffer(void);
void *nwd_tx_buffer(void);

struct nwd_pinfo_ret nwd_partition_info_get(const struct ffa_uuid *uuid,
					    struct ffa_partition_info *out,
					    size_t out_max);
struct nwd_pinfo_ret nwd_partition_info_get_regs(const struct ffa_uuid *uuid,
						 struct ffa_partition_info *out,
						 size_t out_max);

struct ffa_value nwd_direct_req_32(uint16_t dst,
				   const struct ffa_direct_args *args);
struct ffa_value nwd_direct_req_64(uint16_t dst,
				   const struct ffa_direct_args *args);
struct ffa_value nwd_direct_req2(uint16_t dst, const struct ffa_uuid *uuid,
				 const struct ffa_direct2_args *args);
struct ffa_value nwd_ffa_resume(struct ffa_value ret);

#ifdef __cplusplus
}
#endif
