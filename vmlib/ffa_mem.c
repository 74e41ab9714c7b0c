/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/ffa.h"

/*
 * FF-A memory management and notification calls (FF-A v1.2). Thin
 * wrappers for the tests of ABIs the SPMC implements later; memory
 * transactions always use the TX buffer (w3 address and w4 page count
 * zero). A handle travels as two 32-bit halves, low half first.
 */

static struct ffa_value ffa_mem_send(uint32_t fid, uint32_t length,
				     uint32_t fragment_length)
{
	return ffa_call(
	    (struct ffa_value){ .x = { fid, length, fragment_length } });
}

/** FFA_MEM_SHARE_32: w1 = total length, w2 = length in this fragment. */
struct ffa_value ffa_mem_share(uint32_t length, uint32_t fragment_length)
{
	return ffa_mem_send(FFA_MEM_SHARE_32, length, fragment_length);
}

/** FFA_MEM_LEND_32; see `ffa_mem_share`. */
struct ffa_value ffa_mem_lend(uint32_t length, uint32_t fragment_length)
{
	return ffa_mem_send(FFA_MEM_LEND_32, length, fragment_length);
}

/** FFA_MEM_DONATE_32; see `ffa_mem_share`. */
struct ffa_value ffa_mem_donate(uint32_t length, uint32_t fragment_length)
{
	return ffa_mem_send(FFA_MEM_DONATE_32, length, fragment_length);
}

/** FFA_MEM_RETRIEVE_REQ_32; see `ffa_mem_share`. */
struct ffa_value ffa_mem_retrieve_req(uint32_t length, uint32_t fragment_length)
{
	return ffa_mem_send(FFA_MEM_RETRIEVE_REQ_32, length, fragment_length);
}

/** FFA_MEM_RELINQUISH: the relinquish descriptor is in the TX buffer. */
struct ffa_value ffa_mem_relinquish(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_MEM_RELINQUISH_32 } });
}

/** FFA_MEM_RECLAIM: w1/w2 = handle, w3 = flags. */
struct ffa_value ffa_mem_reclaim(uint64_t handle, uint32_t flags)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_MEM_RECLAIM_32, (uint32_t)handle,
				       (uint32_t)(handle >> 32), flags } });
}

/**
 * FFA_MEM_FRAG_RX: w1/w2 = handle, w3 = offset of the fragment wanted; w4
 * (the endpoint a hypervisor names) is zero.
 */
struct ffa_value ffa_mem_frag_rx(uint64_t handle, uint32_t fragment_offset)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_MEM_FRAG_RX_32, (uint32_t)handle,
		   (uint32_t)(handle >> 32), fragment_offset } });
}

/**
 * FFA_MEM_FRAG_TX: w1/w2 = handle, w3 = length of the fragment in the TX
 * buffer; w4 (the sender a hypervisor names) is zero.
 */
struct ffa_value ffa_mem_frag_tx(uint64_t handle, uint32_t fragment_length)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_MEM_FRAG_TX_32, (uint32_t)handle,
		   (uint32_t)(handle >> 32), fragment_length } });
}

/** FFA_NOTIFICATION_BITMAP_CREATE: w1 = VM ID, w2 = its vCPU count. */
struct ffa_value ffa_notification_bitmap_create(uint16_t vm_id,
						uint32_t vcpu_count)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_NOTIFICATION_BITMAP_CREATE_32, vm_id, vcpu_count } });
}

/** FFA_NOTIFICATION_BITMAP_DESTROY: w1 = VM ID. */
struct ffa_value ffa_notification_bitmap_destroy(uint16_t vm_id)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_NOTIFICATION_BITMAP_DESTROY_32, vm_id } });
}

/* w1 = (sender << 16) | receiver, w2 = flags, w3/w4 = bitmap. */
static struct ffa_value ffa_notification(uint32_t fid, uint16_t sender,
					 uint16_t receiver, uint32_t flags,
					 uint64_t bitmap)
{
	return ffa_call((struct ffa_value){
	    .x = { fid, ffa_msg_ids(sender, receiver), flags, (uint32_t)bitmap,
		   (uint32_t)(bitmap >> 32) } });
}

/** FFA_NOTIFICATION_BIND of `bitmap` from `sender` to `receiver`. */
struct ffa_value ffa_notification_bind(uint16_t sender, uint16_t receiver,
				       uint32_t flags, uint64_t bitmap)
{
	return ffa_notification(FFA_NOTIFICATION_BIND_32, sender, receiver,
				flags, bitmap);
}

/** FFA_NOTIFICATION_UNBIND (w2 MBZ). */
struct ffa_value ffa_notification_unbind(uint16_t sender, uint16_t receiver,
					 uint64_t bitmap)
{
	return ffa_notification(FFA_NOTIFICATION_UNBIND_32, sender, receiver, 0,
				bitmap);
}

/** FFA_NOTIFICATION_SET of `bitmap` from `sender` to `receiver`. */
struct ffa_value ffa_notification_set(uint16_t sender, uint16_t receiver,
				      uint32_t flags, uint64_t bitmap)
{
	return ffa_notification(FFA_NOTIFICATION_SET_32, sender, receiver,
				flags, bitmap);
}

/** FFA_NOTIFICATION_GET: w1 = (vCPU << 16) | receiver, w2 = flags. */
struct ffa_value ffa_notification_get(uint16_t receiver, uint16_t vcpu,
				      uint32_t flags)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_NOTIFICATION_GET_32,
		   ((uint32_t)vcpu << FFA_TARGET_ID_SHIFT) | receiver,
		   flags } });
}

/** FFA_NOTIFICATION_INFO_GET_64. */
struct ffa_value ffa_notification_info_get(void)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_NOTIFICATION_INFO_GET_64 } });
}
