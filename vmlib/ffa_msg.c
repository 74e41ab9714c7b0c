/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/ffa.h"

/*
 * FF-A messaging and CPU-cycle calls (FF-A v1.2). Direct messages carry
 * w1 = (source << 16) | destination and w2 = flags; partition messages
 * have flags zero (bit 31 set would make them framework messages).
 */

/*
 * FFA_MSG_SEND_DIRECT_REQ/RESP: x3..x7 from `args` (zero if NULL),
 * truncated to 32 bits for the SMC32 forms.
 */
static struct ffa_value ffa_direct(uint32_t fid, uint16_t src, uint16_t dst,
				   const struct ffa_direct_args *args)
{
	struct ffa_value v = { .x = { fid, ffa_msg_ids(src, dst) } };
	size_t i;

	if (args == NULL) {
		return ffa_call(v);
	}
	for (i = 0; i < FFA_DIRECT_MSG_ARGS; i++) {
		v.x[3 + i] =
		    ffa_fid_is_smc64(fid) ? args->x[i] : (uint32_t)args->x[i];
	}
	return ffa_call(v);
}

/* FFA_MSG_SEND_DIRECT_REQ2/RESP2: x4..x17 from `args` (zero if NULL). */
static struct ffa_value ffa_direct2(struct ffa_value v,
				    const struct ffa_direct2_args *args)
{
	size_t i;

	if (args == NULL) {
		return ffa_call(v);
	}
	for (i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		v.x[4 + i] = args->x[i];
	}
	return ffa_call(v);
}

/** FFA_MSG_SEND_DIRECT_REQ_32 from `src` to `dst`; w3..w7 from `args`. */
struct ffa_value ffa_msg_send_direct_req_32(uint16_t src, uint16_t dst,
					    const struct ffa_direct_args *args)
{
	return ffa_direct(FFA_MSG_SEND_DIRECT_REQ_32, src, dst, args);
}

/** FFA_MSG_SEND_DIRECT_REQ_64 from `src` to `dst`; x3..x7 from `args`. */
struct ffa_value ffa_msg_send_direct_req_64(uint16_t src, uint16_t dst,
					    const struct ffa_direct_args *args)
{
	return ffa_direct(FFA_MSG_SEND_DIRECT_REQ_64, src, dst, args);
}

/**
 * FFA_MSG_SEND_DIRECT_RESP_32 from `src` (the partition) to `dst` (the
 * requester). Returns the partition's next message.
 */
struct ffa_value ffa_msg_send_direct_resp_32(uint16_t src, uint16_t dst,
					     const struct ffa_direct_args *args)
{
	return ffa_direct(FFA_MSG_SEND_DIRECT_RESP_32, src, dst, args);
}

/** FFA_MSG_SEND_DIRECT_RESP_64; see `ffa_msg_send_direct_resp_32`. */
struct ffa_value ffa_msg_send_direct_resp_64(uint16_t src, uint16_t dst,
					     const struct ffa_direct_args *args)
{
	return ffa_direct(FFA_MSG_SEND_DIRECT_RESP_64, src, dst, args);
}

/**
 * FFA_MSG_SEND_DIRECT_REQ2: the service UUID in x2/x3 (`uuid` NULL: the
 * null UUID), x4..x17 from `args`.
 */
struct ffa_value ffa_msg_send_direct_req2(uint16_t src, uint16_t dst,
					  const struct ffa_uuid *uuid,
					  const struct ffa_direct2_args *args)
{
	struct ffa_value v = { .x = { FFA_MSG_SEND_DIRECT_REQ2_64,
				      ffa_msg_ids(src, dst) } };

	if (uuid != NULL) {
		v.x[2] = uuid->w[0] | ((uint64_t)uuid->w[1] << 32);
		v.x[3] = uuid->w[2] | ((uint64_t)uuid->w[3] << 32);
	}
	return ffa_direct2(v, args);
}

/** FFA_MSG_SEND_DIRECT_RESP2: x2/x3 zero, x4..x17 from `args`. */
struct ffa_value ffa_msg_send_direct_resp2(uint16_t src, uint16_t dst,
					   const struct ffa_direct2_args *args)
{
	struct ffa_value v = { .x = { FFA_MSG_SEND_DIRECT_RESP2_64,
				      ffa_msg_ids(src, dst) } };

	return ffa_direct2(v, args);
}

/**
 * FFA_MSG_SEND2: the message is in the caller's TX buffer; w1 (the sender
 * a hypervisor names) is zero, w2 = flags.
 */
struct ffa_value ffa_msg_send2(uint32_t flags)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_MSG_SEND2_32, 0, flags } });
}

/**
 * FFA_MSG_WAIT with no flags: ends a partition's initialisation or its
 * current run, and returns with its next message.
 */
struct ffa_value ffa_msg_wait(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_MSG_WAIT_32 } });
}

/** FFA_RUN: w1 = (target << 16) | vCPU. */
struct ffa_value ffa_run(uint16_t target, uint16_t vcpu)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_RUN_32,
		   ((uint32_t)target << FFA_TARGET_ID_SHIFT) | vcpu } });
}

/** FFA_YIELD without a timeout. */
struct ffa_value ffa_yield(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_YIELD_32 } });
}
