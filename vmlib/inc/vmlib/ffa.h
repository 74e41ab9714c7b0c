/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * FF-A calls for the endpoints outside the SPMC: secure partitions and the
 * normal world. `ffa_call` is the one conduit (SMC, SMCCC v1.2: x0..x17 in
 * and out); every other function is a thin typed wrapper that places its
 * arguments in the registers FF-A v1.2 gives them, zeroes the rest and
 * returns the raw result registers. None of them interprets the result:
 * the caller checks `ffa_fid(&ret)` and `ffa_error_code(&ret)`.
 *
 * SMC32 wrappers pass 32-bit values, so registers never carry stray upper
 * bits. Tests that need exotic register contents call `ffa_call` directly.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** The payload of FFA_MSG_SEND_DIRECT_REQ/RESP: x3..x7. */
struct ffa_direct_args {
	uint64_t x[FFA_DIRECT_MSG_ARGS];
};

/** The payload of FFA_MSG_SEND_DIRECT_REQ2/RESP2: x4..x17. */
struct ffa_direct2_args {
	uint64_t x[FFA_DIRECT_MSG2_ARGS];
};

/**
 * Loads x0..x17 from `args`, issues `smc #0` and returns x0..x17 as the
 * callee left them. Implemented in assembly (aarch64/ffa_call.S); host
 * unit tests link a recording fake instead.
 */
struct ffa_value ffa_call(struct ffa_value args);

/* Setup and discovery. */

struct ffa_value ffa_version(uint32_t requested);
struct ffa_value ffa_features(uint32_t feature_id, uint32_t input_props);
struct ffa_value ffa_id_get(void);
struct ffa_value ffa_spm_id_get(void);
struct ffa_value ffa_rxtx_map(uint64_t tx, uint64_t rx, uint32_t page_count);
struct ffa_value ffa_rxtx_map_32(uint32_t tx, uint32_t rx, uint32_t page_count);
struct ffa_value ffa_rxtx_unmap(void);
struct ffa_value ffa_rx_release(void);
struct ffa_value ffa_rx_acquire(uint16_t vm_id);
struct ffa_value ffa_partition_info_get(const struct ffa_uuid *uuid,
					uint32_t flags);
struct ffa_value ffa_partition_info_get_regs(const struct ffa_uuid *uuid,
					     uint16_t start_index,
					     uint16_t tag);
struct ffa_value ffa_secondary_ep_register(uint64_t entry);
struct ffa_value ffa_mem_perm_get(uint64_t va);
struct ffa_value ffa_mem_perm_set(uint64_t va, uint32_t page_count,
				  uint32_t perm);

/* Ending a partition or an initialisation. */

struct ffa_value ffa_error(int32_t code);
struct ffa_value ffa_abort(void);

/* Messaging and CPU cycles. `args` may be NULL for an all-zero payload. */

struct ffa_value ffa_msg_send_direct_req_32(uint16_t src, uint16_t dst,
					    const struct ffa_direct_args *args);
struct ffa_value ffa_msg_send_direct_req_64(uint16_t src, uint16_t dst,
					    const struct ffa_direct_args *args);
struct ffa_value
ffa_msg_send_direct_resp_32(uint16_t src, uint16_t dst,
			    const struct ffa_direct_args *args);
struct ffa_value
ffa_msg_send_direct_resp_64(uint16_t src, uint16_t dst,
			    const struct ffa_direct_args *args);
struct ffa_value ffa_msg_send_direct_req2(uint16_t src, uint16_t dst,
					  const struct ffa_uuid *uuid,
					  const struct ffa_direct2_args *args);
struct ffa_value ffa_msg_send_direct_resp2(uint16_t src, uint16_t dst,
					   const struct ffa_direct2_args *args);
struct ffa_value ffa_msg_send2(uint32_t flags);
struct ffa_value ffa_msg_wait(void);
struct ffa_value ffa_run(uint16_t target, uint16_t vcpu);
struct ffa_value ffa_yield(void);

/* Console. */

/**
 * Packs up to the ABI's maximum number of `chars` into `v` for the
 * FFA_CONSOLE_LOG form `fid` (FFA_CONSOLE_LOG_32 or _64, FF-A v1.2
 * layout): x1 = count, then the characters from the lowest byte of x2
 * upwards. Returns how many characters were packed (0 for another `fid`).
 */
size_t ffa_console_log_pack(struct ffa_value *v, uint32_t fid,
			    const char *chars, size_t count);
/** FFA_CONSOLE_LOG_32 with the first (at most 24) of `count` characters. */
struct ffa_value ffa_console_log_32(const char *chars, size_t count);
/** FFA_CONSOLE_LOG_64 with the first (at most 128) of `count` characters. */
struct ffa_value ffa_console_log_64(const char *chars, size_t count);

/*
 * Memory management, with the transaction descriptor in the TX buffer
 * (address and page count zero). Thin wrappers: the SPMC implements these
 * ABIs later.
 */

struct ffa_value ffa_mem_share(uint32_t length, uint32_t fragment_length);
struct ffa_value ffa_mem_lend(uint32_t length, uint32_t fragment_length);
struct ffa_value ffa_mem_donate(uint32_t length, uint32_t fragment_length);
struct ffa_value ffa_mem_retrieve_req(uint32_t length,
				      uint32_t fragment_length);
struct ffa_value ffa_mem_relinquish(void);
struct ffa_value ffa_mem_reclaim(uint64_t handle, uint32_t flags);
struct ffa_value ffa_mem_frag_rx(uint64_t handle, uint32_t fragment_offset);
struct ffa_value ffa_mem_frag_tx(uint64_t handle, uint32_t fragment_length);

/** The memory handle of a successful share, lend or donate (w2, w3). */
static inline uint64_t ffa_mem_handle(const struct ffa_value *v)
{
	return (uint64_t)(uint32_t)v->x[2] |
	       ((uint64_t)(uint32_t)v->x[3] << 32);
}

/* Notifications. Thin wrappers: the SPMC implements these ABIs later. */

struct ffa_value ffa_notification_bitmap_create(uint16_t vm_id,
						uint32_t vcpu_count);
struct ffa_value ffa_notification_bitmap_destroy(uint16_t vm_id);
struct ffa_value ffa_notification_bind(uint16_t sender, uint16_t receiver,
				       uint32_t flags, uint64_t bitmap);
struct ffa_value ffa_notification_unbind(uint16_t sender, uint16_t receiver,
					 uint64_t bitmap);
struct ffa_value ffa_notification_set(uint16_t sender, uint16_t receiver,
				      uint32_t flags, uint64_t bitmap);
struct ffa_value ffa_notification_get(uint16_t receiver, uint16_t vcpu,
				      uint32_t flags);
struct ffa_value ffa_notification_info_get(void);

#ifdef __cplusplus
}
#endif
