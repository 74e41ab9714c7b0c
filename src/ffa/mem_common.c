/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Memory sharing: module state, TX copies and two-phase stage-2 updates
 * over the constituents of a transaction (docs/design/mem_share.md).
 */

#include <string.h>

#include "spmc/dlog.h"
#include "spmc/ffa_dispatch.h"
#include "spmc/manifest.h"
#include "spmc/spmc_mm.h"

#include "mem_internal.h"

#define PAGE FFA_PAGE_SIZE

struct ffa_mem_global ffa_mem;

bool ffa_mem_init(const struct manifest_spmc *cfg, struct mpool *ppool,
		  const struct granule_el3_ops *el3, int policy, uint64_t seed)
{
	struct granule_range ns[GRANULE_MAX_NS_RANGES];
	uint32_t count = cfg->range_count[MANIFEST_MEM_NS];
	enum granule_result r;

	if (count > GRANULE_MAX_NS_RANGES) {
		dlog_error("mem: %u ns-memory ranges, at most %u tracked\n",
			   count, GRANULE_MAX_NS_RANGES);
		return false;
	}
	for (uint32_t i = 0; i < count; i++) {
		const struct manifest_range *m =
		    &cfg->ranges[MANIFEST_MEM_NS][i];

		ns[i] = (struct granule_range){ m->base, m->end - m->base };
	}
	ffa_mem.ppool = ppool;
	r = granule_map_init(&ffa_mem.granules, ns, count, ppool, el3,
			     (enum granule_policy)policy);
	if (r != GRANULE_OK) {
		dlog_error("mem: granule map: %s\n", granule_result_name(r));
		return false;
	}
	if (!mem_share_store_init(&ffa_mem.store, ppool, seed)) {
		granule_map_fini(&ffa_mem.granules);
		dlog_error("mem: no memory for the share store\n");
		return false;
	}
	ffa_mem.ready = true;
	return true;
}

void ffa_mem_fini(void)
{
	if (ffa_mem.ready) {
		mem_share_store_fini(&ffa_mem.store);
		granule_map_fini(&ffa_mem.granules);
		ffa_mem.ready = false;
	}
}

void mem_fatal(const char *what, uint64_t at)
{
	dlog_error("mem: EL3 refused %s at %#lx\n", what, at);
	__builtin_trap();
}

void mem_buf_free(struct mem_buf *b)
{
	if (b->ptr == NULL) {
		return;
	}
	if (b->pages == 1) {
		mpool_free(ffa_mem.ppool, b->ptr);
	} else {
		(void)mpool_add_chunk(ffa_mem.ppool, b->ptr, b->pages * PAGE);
	}
	b->ptr = NULL;
}

int32_t mem_tx_read(const struct ffa_call *call, uint32_t len,
		    struct mem_buf *out)
{
	const struct mailbox *mb = ffa_caller_mailbox(call);
	struct spinlock *lock = ffa_caller_lock(call);
	size_t pages = (len + PAGE - 1) / PAGE;
	int32_t ret = 0;

	out->ptr = NULL;
	sl_lock(lock);
	if (!mb->mapped || len == 0 || len > (uint64_t)mb->page_count * PAGE) {
		sl_unlock(lock);
		return FFA_INVALID_PARAMETERS;
	}
	out->pages = pages;
	out->ptr = pages == 1 ? mpool_alloc(ffa_mem.ppool)
			      : mpool_alloc_contiguous(ffa_mem.ppool, pages, 1);
	if (out->ptr == NULL) {
		ret = FFA_NO_MEMORY;
	} else if (!spmc_mm_read_pa(out->ptr, mb->tx, len, mb->tx_ns)) {
		/* The mailbox lock keeps TX mapped under the copy. */
		mem_buf_free(out);
		ret = FFA_ABORTED;
	}
	sl_unlock(lock);
	return ret;
}

bool mem_is_sender(const struct ffa_call *call, const struct mem_share *share)
{
	if (call->partition == NULL) {
		return share->sender_nwd;
	}
	return !share->sender_nwd && share->desc.sender == call->id;
}

bool mem_share_ns(const struct mem_share *share)
{
	return share->sender_nwd ? !share->secure_pas : share->sender_ns_tree;
}

const struct granule_range *mem_ranges(const struct mem_share *share)
{
	return share->extra;
}

struct partition *mem_live_sp(uint16_t id)
{
	struct partition *p = partition_find(id);

	if (p == NULL || p->state == PARTITION_ABORTED) {
		return NULL;
	}
	return p;
}

static struct mm_req req_of(const struct mem_desc_constituent *c, uint32_t mode)
{
	uint64_t end = c->base + (uint64_t)c->page_count * PAGE;

	return mm_req_identity(pa_init(c->base), pa_init(end), mode);
}

/* Sorts the updates by table address, the order their locks are taken. */
static void sort_tables(struct mem_table_update *ups, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0 && ups[j - 1].t > ups[j].t; j--) {
			struct mem_table_update tmp = ups[j];

			ups[j] = ups[j - 1];
			ups[j - 1] = tmp;
		}
	}
}

int32_t mem_tables_prepare(struct mem_table_update *ups, size_t n,
			   const struct mem_desc *d)
{
	sort_tables(ups, n);
	for (size_t i = 0; i < n; i++) {
		ups[i].l = mm_ptable_lock(ups[i].t);
		mm_update_init(&ups[i].u, ffa_mem.ppool);
	}
	for (size_t i = 0; i < n; i++) {
		for (uint32_t c = 0; c < d->constituent_count; c++) {
			struct mm_req r =
			    req_of(&d->constituents[c], ups[i].mode);

			if (mm_prepare(ups[i].l, &ups[i].u, &r) != MM_SUCCESS) {
				mem_tables_abandon(ups, n);
				return FFA_NO_MEMORY;
			}
		}
	}
	return 0;
}

void mem_tables_commit(struct mem_table_update *ups, size_t n,
		       const struct mem_desc *d)
{
	for (size_t i = 0; i < n; i++) {
		for (uint32_t c = 0; c < d->constituent_count; c++) {
			struct mm_req r =
			    req_of(&d->constituents[c], ups[i].mode);

			mm_commit(ups[i].l, &ups[i].u, &r);
		}
		mm_update_fini(ups[i].l, &ups[i].u);
		mm_ptable_unlock(&ups[i].l);
	}
}

void mem_tables_abandon(struct mem_table_update *ups, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		mm_update_fini(ups[i].l, &ups[i].u);
		mm_ptable_unlock(&ups[i].l);
	}
}

int32_t mem_table_update(struct mm_ptable *t, uint32_t mode,
			 const struct mem_desc *d, bool zero, bool ns)
{
	struct mem_table_update up = { .t = t, .mode = mode };
	int32_t ret = mem_tables_prepare(&up, 1, d);

	if (ret != 0) {
		return ret;
	}
	if (zero && !mem_zero(d, ns)) {
		mem_tables_abandon(&up, 1);
		return FFA_ABORTED;
	}
	mem_tables_commit(&up, 1, d);
	return 0;
}

bool mem_tables_uniform(struct mm_ptable *t, const struct mem_desc *d,
			uint32_t *mode)
{
	struct mm_ptable_locked l = mm_ptable_lock(t);
	bool ok = true;

	for (uint32_t c = 0; c < d->constituent_count && ok; c++) {
		const struct mem_desc_constituent *k = &d->constituents[c];
		struct mm_mode_ret m = mm_get_mode(
		    l, k->base, k->base + (uint64_t)k->page_count * PAGE);

		if (m.status != MM_MODE_STATUS_UNIFORM) {
			ok = false;
		} else if (mode == NULL) {
			ok = m.mode == MM_MODE_UNMAPPED;
		} else if (c == 0) {
			*mode = m.mode;
		} else {
			ok = m.mode == *mode;
		}
	}
	mm_ptable_unlock(&l);
	return ok;
}

bool mem_zero(const struct mem_desc *d, bool ns)
{
	for (uint32_t c = 0; c < d->constituent_count; c++) {
		const struct mem_desc_constituent *k = &d->constituents[c];

		if (!spmc_mm_zero_pa(k->base, (uint64_t)k->page_count * PAGE,
				     ns)) {
			return false;
		}
	}
	return true;
}
