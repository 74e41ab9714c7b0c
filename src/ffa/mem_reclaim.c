/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_RELINQUISH (a borrower gives memory back) and FFA_MEM_RECLAIM
 * (the owner takes it back once no borrower holds it). Unmapping and TLB
 * invalidation come first, then zeroing, then the granule state (and, for
 * protected normal-world memory, the EL3 unprotect).
 */

#include <string.h>

#include "spmc/dlog.h"
#include "spmc/spmc_mm.h"

#include "mem_internal.h"

/* Relinquish descriptor (DEN0140 Table 1.23): the fixed part. */
struct relinquish_hdr {
	uint64_t handle;
	uint32_t flags;
	uint32_t endpoint_count;
};

#define RELINQUISH_FLAGS_VALID (FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE)
#define RECLAIM_FLAGS_VALID (FFA_MEM_FLAG_CLEAR | FFA_MEM_FLAG_TIME_SLICE)

/* Reads and checks the relinquish descriptor of an SP caller. */
static int32_t read_relinquish(const struct ffa_call *call,
			       struct relinquish_hdr *h)
{
	struct mem_buf buf;
	uint16_t id;
	int32_t ret = mem_tx_read(call, sizeof(*h) + sizeof(id), &buf);

	if (ret != 0) {
		return ret;
	}
	memcpy(h, buf.ptr, sizeof(*h));
	memcpy(&id, (uint8_t *)buf.ptr + sizeof(*h), sizeof(id));
	mem_buf_free(&buf);
	if (h->endpoint_count != 1 || id != call->id ||
	    (h->flags & ~RELINQUISH_FLAGS_VALID) != 0) {
		return FFA_INVALID_PARAMETERS;
	}
	return 0;
}

static struct vcpu *relinquish(struct ffa_call *call, struct mem_share *share,
			       uint32_t i, uint32_t flags)
{
	bool zero = (flags & FFA_MEM_FLAG_CLEAR) != 0 ||
		    share->recv[i].clear_on_relinquish;
	int32_t ret = mem_share_check(share, MEM_EV_RELINQUISH, i);

	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	if (zero && share->abi == MEM_DESC_SHARE) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	if (zero && (share->recv[i].perm & FFA_MEM_PERM_DATA_MASK) !=
			FFA_DATA_ACCESS_RW) {
		return ffa_return_error(call, FFA_DENIED);
	}
	/*
	 * Zeroed between prepare and commit, while the borrower is in this
	 * call, so a fault (a granule delegated under the SPMC's feet) can
	 * still leave everything as it was.
	 */
	ret = mem_table_update(mem_receiver_table(call->partition, share),
			       MM_MODE_UNMAPPED, &share->desc, zero,
			       mem_share_ns(share));
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	(void)mem_share_apply(share, MEM_EV_RELINQUISH, i);
	return ffa_return(call, ffa_success(0));
}

struct vcpu *ffa_mem_relinquish_call(struct ffa_call *call)
{
	struct mem_share_store_locked l;
	struct relinquish_hdr h;
	struct mem_share *share;
	struct vcpu *next;
	int32_t ret;
	int idx;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if (!ffa_regs_zero(call, 1, 7) || call->partition == NULL) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	ret = read_relinquish(call, &h);
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	l = mem_share_store_lock(&ffa_mem.store);
	share = mem_share_find(l, h.handle);
	if (share == NULL ||
	    (idx = mem_share_receiver_index(share, call->id)) < 0) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
	} else {
		next = relinquish(call, share, (uint32_t)idx, h.flags);
	}
	mem_share_store_unlock(&l);
	return next;
}

/* The SP sender gets its memory back with the mode it had. */
static int32_t reclaim_sp(struct mem_share *share, bool zero)
{
	struct partition *p = partition_find(share->desc.sender);

	return mem_table_update(
	    share->sender_ns_tree ? &p->s2.ns : &p->s2.secure,
	    share->sender_mode, &share->desc, zero, share->sender_ns_tree);
}

/* Normal-world memory back to NS: zero, then the granule state. */
static int32_t reclaim_nwd(struct mem_share *share, bool zero)
{
	const struct granule_range *ranges = mem_ranges(share);
	uint32_t n = share->desc.constituent_count;
	struct granule_map_locked gl;
	struct granule_ret r;

	if (zero && !mem_zero(&share->desc, !share->secure_pas)) {
		return FFA_ABORTED;
	}
	gl = granule_map_lock(&ffa_mem.granules);
	if (share->abi == MEM_DESC_SHARE) {
		r = granule_unshare(gl, ranges, n);
	} else {
		r = granule_reclaim(gl,
				    share->abi == MEM_DESC_LEND
					? GRANULE_TXN_LEND
					: GRANULE_TXN_DONATE,
				    ranges, n);
	}
	granule_map_unlock(&gl);
	if (r.result == GRANULE_FATAL) {
		mem_fatal("unprotect on reclaim", r.next);
	}
	if (r.result != GRANULE_OK) {
		/* The share state says these granules are ours: a bug. */
		dlog_error("mem: reclaim of %#lx: granule %s at %#lx\n",
			   share->handle, granule_result_name(r.result),
			   r.next);
		__builtin_trap();
	}
	return 0;
}

struct vcpu *ffa_mem_reclaim_call(struct ffa_call *call)
{
	uint64_t handle = mem_handle_arg(call);
	uint32_t flags = (uint32_t)call->regs->x[3];
	bool zero = (flags & FFA_MEM_FLAG_CLEAR) != 0;
	struct mem_share_store_locked l;
	struct mem_share *share;
	struct vcpu *next;
	int32_t ret;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if ((flags & ~RECLAIM_FLAGS_VALID) != 0 || !ffa_regs_zero(call, 4, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	l = mem_share_store_lock(&ffa_mem.store);
	share = mem_share_find(l, handle);
	if (share == NULL || !mem_is_sender(call, share)) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
		goto out;
	}
	ret = mem_share_check(share, MEM_EV_RECLAIM, 0);
	if (ret == 0 && zero && share->abi == MEM_DESC_SHARE) {
		ret = FFA_INVALID_PARAMETERS;
	}
	if (ret == 0) {
		ret = share->sender_nwd ? reclaim_nwd(share, zero)
					: reclaim_sp(share, zero);
	}
	if (ret != 0) {
		next = ffa_return_error(call, ret);
		goto out;
	}
	(void)mem_share_apply(share, MEM_EV_RECLAIM, 0);
	mem_share_free(l, share);
	next = ffa_return(call, ffa_success(0));
out:
	mem_share_store_unlock(&l);
	return next;
}

/*
 * Partition `ctx` aborted: it gives back what it borrowed, so the lenders
 * can reclaim, and its unfinished sends are dropped. What it owned and
 * lent or shared stays with its borrowers until they relinquish.
 */
static bool release_aborted(struct mem_share *share, void *ctx)
{
	struct partition *p = ctx;
	int idx = mem_share_receiver_index(share, p->id);
	struct mem_table_update up;

	if (!share->sender_nwd && share->desc.sender == p->id) {
		return share->state == MEM_SHARE_SENDING;
	}
	if (idx < 0 || share->abi == MEM_DESC_DONATE ||
	    mem_share_check(share, MEM_EV_RELINQUISH, (uint32_t)idx) != 0) {
		return false;
	}
	up = (struct mem_table_update){
		.t = mem_receiver_table(p, share),
		.mode = MM_MODE_UNMAPPED,
	};
	if (mem_tables_prepare(&up, 1, &share->desc) != 0) {
		dlog_error("mem: %#lx stays with aborted %#x (no memory)\n",
			   share->handle, p->id);
		return false;
	}
	mem_tables_commit(&up, 1, &share->desc);
	(void)mem_share_apply(share, MEM_EV_RELINQUISH, (uint32_t)idx);
	return false;
}

void ffa_mem_partition_aborted(struct partition *p)
{
	struct mem_share_store_locked l;

	if (!ffa_mem.ready) {
		return;
	}
	l = mem_share_store_lock(&ffa_mem.store);
	mem_share_for_each(l, release_aborted, p);
	mem_share_store_unlock(&l);
}
