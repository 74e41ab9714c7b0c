/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_SHARE, FFA_MEM_LEND, FFA_MEM_DONATE (SMC32 and SMC64) and the
 * sender's FFA_MEM_FRAG_TX: copy each fragment in, validate it
 * (mem_desc), and once the descriptor is whole, check ownership and move
 * the memory out of the sender: the SP sender's stage 2, or the granule
 * state (and PAS) of normal-world memory. Nothing is mapped into a
 * receiver before it retrieves.
 */

#include "spmc/dlog.h"
#include "spmc/spmc_mm.h"

#include "mem_internal.h"

#define OWNED_EXCLUSIVE (MM_MODE_OWNED | MM_MODE_EXCLUSIVE)
#define OWNERSHIP_BITS                                        \
	(MM_MODE_OWNED | MM_MODE_EXCLUSIVE | MM_MODE_SHARED | \
	 MM_MODE_INVALID | MM_MODE_D)

static enum mem_desc_abi abi_of(uint32_t fid)
{
	switch (fid & 0xFFU) {
	case FFA_MEM_DONATE_32 & 0xFFU:
		return MEM_DESC_DONATE;
	case FFA_MEM_LEND_32 & 0xFFU:
		return MEM_DESC_LEND;
	default:
		return MEM_DESC_SHARE;
	}
}

static enum granule_txn txn_of(enum mem_desc_abi abi)
{
	return abi == MEM_DESC_SHARE  ? GRANULE_TXN_SHARE
	       : abi == MEM_DESC_LEND ? GRANULE_TXN_LEND
				      : GRANULE_TXN_DONATE;
}

/** Receivers exist and are live SPs; an SP never sends to the NWd. */
static int32_t check_receivers(const struct mem_share *share)
{
	for (uint32_t i = 0; i < share->desc.receiver_count; i++) {
		uint16_t id = share->desc.receivers[i].id;

		if (!ffa_id_is_secure(id)) {
			return share->sender_nwd ? FFA_INVALID_PARAMETERS
						 : FFA_DENIED;
		}
		if (mem_live_sp(id) == NULL) {
			return FFA_INVALID_PARAMETERS;
		}
	}
	return 0;
}

/** Requested permissions a subset of `mode`; CLEAR needs write access. */
static bool perms_allowed(const struct mem_desc *d, uint32_t mode)
{
	if ((d->flags & FFA_MEM_FLAG_CLEAR) != 0 && (mode & MM_MODE_W) == 0) {
		return false;
	}
	for (uint32_t i = 0; i < d->receiver_count; i++) {
		const struct mem_desc_receiver *r = &d->receivers[i];

		if (r->data_access == FFA_DATA_ACCESS_RW &&
		    (mode & MM_MODE_W) == 0) {
			return false;
		}
		if (r->instr_access == FFA_INSTR_ACCESS_X &&
		    (mode & MM_MODE_X) == 0) {
			return false;
		}
	}
	return true;
}

/* The sender's mode while the transaction lives. */
static uint32_t sender_mode_after(enum mem_desc_abi abi, uint32_t mode)
{
	if (abi == MEM_DESC_SHARE) {
		return (mode & ~MM_MODE_EXCLUSIVE) | MM_MODE_SHARED;
	}
	return mode | MM_MODE_INVALID;
}

/**
 * An SP sends its own memory: every constituent mapped with one mode,
 * owned exclusively, in one of its two IPA spaces. Updates its stage 2 in
 * two phases; the clear flag zeroes between them.
 */
static int32_t send_from_sp(struct mem_share *share, struct partition *p)
{
	struct mem_desc *d = &share->desc;
	uint32_t mode = 0;
	bool ns = false;
	int32_t ret;

	if (!mem_tables_uniform(&p->s2.secure, d, &mode) ||
	    mode == MM_MODE_UNMAPPED) {
		ns = true;
		if (!mem_tables_uniform(&p->s2.ns, d, &mode)) {
			return FFA_DENIED;
		}
	}
	if ((mode & OWNERSHIP_BITS) != OWNED_EXCLUSIVE ||
	    !perms_allowed(d, mode)) {
		return FFA_DENIED;
	}
	ret = mem_table_update(ns ? &p->s2.ns : &p->s2.secure,
			       sender_mode_after(share->abi, mode), d,
			       (d->flags & FFA_MEM_FLAG_CLEAR) != 0, ns);
	if (ret != 0) {
		return ret;
	}
	share->sender_ns_tree = ns;
	share->sender_mode = mode;
	return 0;
}

/**
 * The normal world sends memory in `ns-memory`: the granule module checks
 * and records its state, protects it for lend/donate (undoing everything
 * if EL3 refuses part-way), then the clear flag zeroes it.
 */
static int32_t send_from_nwd(struct mem_share *share)
{
	struct granule_range *ranges = share->extra;
	struct granule_map_locked gl;
	struct granule_ret r;
	uint32_t n = share->desc.constituent_count;

	for (uint32_t i = 0; i < n; i++) {
		ranges[i] = (struct granule_range){
			share->desc.constituents[i].base,
			(uint64_t)share->desc.constituents[i].page_count *
			    FFA_PAGE_SIZE,
		};
	}
	gl = granule_map_lock(&ffa_mem.granules);
	r = granule_send(gl, txn_of(share->abi), ranges, n);
	if (r.result == GRANULE_FATAL) {
		mem_fatal("undo of a protection", r.next);
	}
	if (r.result != GRANULE_OK) {
		granule_map_unlock(&gl);
		dlog_verbose("mem: granule %s at %#lx\n",
			     granule_result_name(r.result), r.next);
		return granule_result_ffa_error(r.result);
	}
	share->secure_pas = r.secure;
	if ((share->desc.flags & FFA_MEM_FLAG_CLEAR) != 0 &&
	    !mem_zero(&share->desc, !share->secure_pas)) {
		/* Take the send back: the memory returns to NS as it was. */
		r = share->abi == MEM_DESC_SHARE
			? granule_unshare(gl, ranges, n)
			: granule_reclaim(gl, txn_of(share->abi), ranges, n);
		if (r.result != GRANULE_OK) {
			mem_fatal("undo of a send", r.next);
		}
		granule_map_unlock(&gl);
		return FFA_ABORTED;
	}
	granule_map_unlock(&gl);
	return 0;
}

/** The descriptor is whole: take the memory from its sender. */
static int32_t send_complete(struct mem_share *share)
{
	int32_t ret = check_receivers(share);

	if (ret != 0) {
		return ret;
	}
	if (share->sender_nwd) {
		return send_from_nwd(share);
	}
	return send_from_sp(share, partition_find(share->desc.sender));
}

static struct vcpu *frag_rx_reply(struct ffa_call *call,
				  const struct mem_share *share)
{
	struct ffa_value v = { 0 };

	v.x[0] = FFA_MEM_FRAG_RX_32;
	v.x[1] = (uint32_t)share->handle;
	v.x[2] = (uint32_t)(share->handle >> 32);
	v.x[3] = share->desc.received;
	return ffa_return(call, v);
}

static struct vcpu *success_handle(struct ffa_call *call,
				   const struct mem_share *share)
{
	struct ffa_value v = ffa_success((uint32_t)share->handle);

	v.x[3] = (uint32_t)(share->handle >> 32);
	return ffa_return(call, v);
}

/*
 * After the first or a later fragment: finish the transaction when it is
 * whole, else ask for more. Frees it on any failure.
 */
static struct vcpu *send_progress(struct ffa_call *call,
				  struct mem_share_store_locked l,
				  struct mem_share *share, bool inserted)
{
	int32_t ret;

	if (!mem_desc_is_complete(&share->desc)) {
		if (!inserted) {
			mem_share_insert(l, share);
		}
		return frag_rx_reply(call, share);
	}
	ret = send_complete(share);
	if (ret != 0) {
		mem_share_free(l, share);
		return ffa_return_error(call, ret);
	}
	(void)mem_share_apply(share, MEM_EV_SEND_DONE, 0);
	if (!inserted) {
		mem_share_insert(l, share);
	}
	return success_handle(call, share);
}

struct vcpu *ffa_mem_send_call(struct ffa_call *call)
{
	const struct ffa_value *r = call->regs;
	bool smc64 = ffa_fid_is_smc64(call->fid);
	uint32_t total = (uint32_t)r->x[1];
	uint32_t frag = (uint32_t)r->x[2];
	uint64_t addr = smc64 ? r->x[3] : (uint32_t)r->x[3];
	struct mem_share_store_locked l;
	struct mem_share *share;
	struct mem_desc_in in;
	struct mem_buf buf;
	enum mem_desc_error e;
	struct vcpu *next;
	int32_t ret;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if (addr != 0 || (uint32_t)r->x[4] != 0 || !ffa_regs_zero(call, 5, 7) ||
	    frag == 0 || frag > total) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	ret = mem_tx_read(call, frag, &buf);
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	in = (struct mem_desc_in){
		.buf = buf.ptr,
		.fragment_length = frag,
		.total_length = total,
		.version = call->version,
		.caller_id = call->id,
		.caller_is_nwd = call->partition == NULL,
	};
	l = mem_share_store_lock(&ffa_mem.store);
	/* A constituent takes 16 bytes: `total / 16` bounds their number. */
	share = mem_share_alloc(l, total / 16U,
				(size_t)(total / 16U) *
				    sizeof(struct granule_range));
	if (share == NULL) {
		next = ffa_return_error(call, FFA_NO_MEMORY);
		goto out;
	}
	share->abi = abi_of(call->fid);
	share->sender_nwd = call->partition == NULL;
	e = mem_desc_parse_send(&in, share->abi, &share->desc);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		dlog_verbose("mem: send from %#x: %s\n", call->id,
			     mem_desc_error_name(e));
		mem_share_free(l, share);
		next = ffa_return_error(call, mem_desc_error_code(e));
		goto out;
	}
	next = send_progress(call, l, share, false);
out:
	mem_share_store_unlock(&l);
	mem_buf_free(&buf);
	return next;
}

struct vcpu *ffa_mem_frag_tx_call(struct ffa_call *call)
{
	uint64_t handle = mem_handle_arg(call);
	uint32_t len = (uint32_t)call->regs->x[3];
	struct mem_share_store_locked l;
	struct mem_share *share;
	struct mem_buf buf = { 0 };
	enum mem_desc_error e;
	struct vcpu *next;
	int32_t ret;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if ((uint32_t)call->regs->x[4] != 0 || !ffa_regs_zero(call, 5, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	l = mem_share_store_lock(&ffa_mem.store);
	share = mem_share_find(l, handle);
	if (share == NULL || !mem_is_sender(call, share) ||
	    mem_share_check(share, MEM_EV_FRAGMENT, 0) != 0) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
		goto out;
	}
	/* From here on a bad fragment drops the whole transaction. */
	ret = mem_tx_read(call, len, &buf);
	if (ret != 0) {
		mem_share_free(l, share);
		next = ffa_return_error(call, ret);
		goto out;
	}
	e = mem_desc_add_fragment(&share->desc, buf.ptr, len);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		dlog_verbose("mem: fragment from %#x: %s\n", call->id,
			     mem_desc_error_name(e));
		mem_share_free(l, share);
		next = ffa_return_error(call, mem_desc_error_code(e));
		goto out;
	}
	next = send_progress(call, l, share, true);
out:
	mem_share_store_unlock(&l);
	mem_buf_free(&buf);
	return next;
}
