/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * RX/TX buffers: FFA_RXTX_MAP (SMC32 and SMC64), FFA_RXTX_UNMAP and
 * FFA_RX_RELEASE, for the normal world and for partitions.
 */

#include "spmc/checked.h"
#include "spmc/manifest.h"
#include "spmc/spmc_mm.h"

#include "mem_internal.h"

/* The SPMC manifest's memory ranges, set at boot. */
static const struct manifest_spmc *spmc_config;

void ffa_rxtx_set_config(const struct manifest_spmc *config)
{
	spmc_config = config;
}

struct mailbox *ffa_caller_mailbox(const struct ffa_call *call)
{
	return call->partition != NULL ? &call->partition->mailbox
				       : &nwd_endpoint()->mailbox;
}

struct spinlock *ffa_caller_lock(const struct ffa_call *call)
{
	return call->partition != NULL ? &call->partition->lock
				       : &nwd_endpoint()->lock;
}

/** Whether [base, end) lies inside one of the manifest's NS ranges. */
static bool in_ns_memory(uint64_t base, uint64_t end)
{
	if (spmc_config == NULL) {
		return false;
	}
	for (uint32_t i = 0; i < spmc_config->range_count[MANIFEST_MEM_NS];
	     i++) {
		const struct manifest_range *r =
		    &spmc_config->ranges[MANIFEST_MEM_NS][i];

		if (range_within(base, end, r->base, r->end)) {
			return true;
		}
	}
	return false;
}

/**
 * Whether [base, end) is memory partition `p` can write: its own memory
 * window or one of its read-write, secure memory regions.
 */
static bool in_partition_memory(const struct partition *p, uint64_t base,
				uint64_t end)
{
	const struct manifest_partition *m = p->manifest;
	uint64_t load = p->vm->load_address;

	if (range_within(base, end, load, load + p->vm->mem_size)) {
		return true;
	}
	for (uint32_t i = 0; i < m->mem_region_count; i++) {
		const struct manifest_mem_region *r = &m->mem_regions[i];
		uint32_t rw = MANIFEST_REGION_R | MANIFEST_REGION_W;

		if ((r->attributes & (rw | MANIFEST_REGION_NS)) == rw &&
		    range_within(base, end, r->base,
				 r->base + (uint64_t)r->pages_count *
					       FFA_PAGE_SIZE)) {
			return true;
		}
	}
	return false;
}

/**
 * The normal world's RX/TX pages are shared with the SPMC: the granule
 * module records them as shared (so they cannot be lent or donated to a
 * partition, and the realm side sees them in use) until they are unmapped.
 * Returns 0 or the FF-A error; nothing changes on failure.
 */
static int32_t nwd_buffers_granules(uint64_t tx, uint64_t rx, uint64_t size,
				    bool map)
{
	struct granule_range r[2] = { { tx, size }, { rx, size } };
	struct granule_map_locked gl;
	struct granule_ret g;

	if (!ffa_mem.ready) {
		return 0;
	}
	gl = granule_map_lock(&ffa_mem.granules);
	if (map) {
		g = granule_send(gl, GRANULE_TXN_SHARE, r, 2);
	} else {
		g = granule_unshare(gl, r, 2);
	}
	granule_map_unlock(&gl);
	return granule_result_ffa_error(g.result);
}

struct vcpu *ffa_rxtx_map_call(struct ffa_call *call)
{
	bool smc64 = ffa_fid_is_smc64(call->fid);
	uint64_t tx = smc64 ? call->regs->x[1] : (uint32_t)call->regs->x[1];
	uint64_t rx = smc64 ? call->regs->x[2] : (uint32_t)call->regs->x[2];
	uint32_t w3 = (uint32_t)call->regs->x[3];
	uint32_t pages = w3 & FFA_RXTX_PAGE_COUNT_MASK;
	uint64_t size = (uint64_t)pages * FFA_PAGE_SIZE;
	struct mailbox *mb = ffa_caller_mailbox(call);
	struct spinlock *lock = ffa_caller_lock(call);
	struct vcpu *next;

	/* Validate everything before touching any state. */
	if ((w3 & ~FFA_RXTX_PAGE_COUNT_MASK) != 0 ||
	    !ffa_regs_zero(call, 4, 7) || pages == 0 ||
	    !is_aligned(tx, FFA_PAGE_SIZE) || !is_aligned(rx, FFA_PAGE_SIZE) ||
	    tx + size < tx || rx + size < rx ||
	    ranges_overlap(tx, tx + size, rx, rx + size)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	if (call->partition == NULL
		? !in_ns_memory(tx, tx + size) || !in_ns_memory(rx, rx + size)
		: !in_partition_memory(call->partition, tx, tx + size) ||
		      !in_partition_memory(call->partition, rx, rx + size)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}

	sl_lock(lock);
	if (mb->mapped) {
		next = ffa_return_error(call, FFA_DENIED);
		goto out;
	}
	if (call->partition == NULL) {
		/* The SPMC writes RX and reads TX. */
		struct spmc_mm_range r[2] = {
			{ .pa = rx, .size = size, .writable = true },
			{ .pa = tx, .size = size, .writable = false },
		};
		int32_t err = nwd_buffers_granules(tx, rx, size, true);

		if (err != 0) {
			next = ffa_return_error(call, err);
			goto out;
		}
		if (!spmc_mm_map_ns(r, 2)) {
			(void)nwd_buffers_granules(tx, rx, size, false);
			next = ffa_return_error(call, FFA_NO_MEMORY);
			goto out;
		}
	}
	mb->mapped = true;
	mb->tx = tx;
	mb->rx = rx;
	mb->page_count = pages;
	/* An SP maps only Secure memory of its own (in_partition_memory). */
	mb->rx_ns = call->partition == NULL;
	mb->tx_ns = call->partition == NULL;
	mb->from_manifest = false;
	mb->rx_owner = RX_OWNER_PRODUCER;
	next = ffa_return(call, ffa_success(0));
out:
	sl_unlock(lock);
	return next;
}

struct vcpu *ffa_rxtx_unmap_call(struct ffa_call *call)
{
	uint32_t w1 = (uint32_t)call->regs->x[1];
	struct mailbox *mb = ffa_caller_mailbox(call);
	struct spinlock *lock = ffa_caller_lock(call);
	struct vcpu *next;

	/*
	 * w1[31:16] names the endpoint when a hypervisor calls for one of
	 * its VMs; the SPMC serves the caller itself, so it must be the
	 * caller's own ID (0 for the normal world) and w1[15:0] MBZ.
	 */
	if ((w1 & 0xFFFFU) != 0 ||
	    ((w1 >> 16) != 0 && (w1 >> 16) != call->id) ||
	    !ffa_regs_zero(call, 2, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	sl_lock(lock);
	if (!mb->mapped) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
		goto out;
	}
	if (call->partition == NULL) {
		uint64_t size = (uint64_t)mb->page_count * FFA_PAGE_SIZE;
		struct spmc_mm_range r[2] = {
			{ .pa = mb->rx, .size = size, .writable = true },
			{ .pa = mb->tx, .size = size, .writable = false },
		};

		spmc_mm_unmap_ns(r, 2);
		(void)nwd_buffers_granules(mb->tx, mb->rx, size, false);
	}
	*mb = (struct mailbox){ 0 };
	next = ffa_return(call, ffa_success(0));
out:
	sl_unlock(lock);
	return next;
}

struct vcpu *ffa_rx_release_call(struct ffa_call *call)
{
	uint32_t w1 = (uint32_t)call->regs->x[1];
	struct mailbox *mb = ffa_caller_mailbox(call);
	struct spinlock *lock = ffa_caller_lock(call);
	struct vcpu *next;

	/* w1[15:0]: the endpoint for a hypervisor; the caller's own or 0. */
	if ((w1 >> 16) != 0 || ((w1 & 0xFFFFU) != 0 && w1 != call->id) ||
	    !ffa_regs_zero(call, 2, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	sl_lock(lock);
	if (!mb->mapped || mb->rx_owner != RX_OWNER_CONSUMER) {
		next = ffa_return_error(call, FFA_DENIED);
	} else {
		mb->rx_owner = RX_OWNER_PRODUCER;
		next = ffa_return(call, ffa_success(0));
	}
	sl_unlock(lock);
	return next;
}
