/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * FFA_MEM_RETRIEVE_REQ / FFA_MEM_RETRIEVE_RESP and FFA_MEM_FRAG_RX: check a
 * retrieve request against the transaction, map the memory into the
 * borrower's stage 2 (two phases), and write the response into its RX
 * buffer, in fragments when it is larger. A normal-world request with no
 * receivers gets the description only (hypervisor retrieve request).
 */

#include <string.h>

#include "spmc/dlog.h"
#include "spmc/spmc_mm.h"

#include "mem_internal.h"

#define HDR_V1_0 32U
#define HDR_V1_1 48U
#define COMPOSITE 16U
#define CONSTITUENT 16U
/* Largest header part: v1.1+ header, 4 receivers of 32 bytes, composite. */
#define HDR_MAX (HDR_V1_1 + PLAT_MAX_MEM_RECEIVERS * 32U + COMPOSITE)

static uint32_t access_size(uint32_t layout)
{
	return layout >= FFA_VERSION_1_2 ? 32U : 16U;
}

static uint32_t layout_of(uint32_t version)
{
	if (version >= FFA_VERSION_1_2) {
		return FFA_VERSION_1_2;
	}
	return version >= FFA_VERSION_1_1 ? FFA_VERSION_1_1 : FFA_VERSION_1_0;
}

/* Bytes before the first constituent. */
static uint32_t hdr_len(const struct mem_share *share, uint32_t layout)
{
	uint32_t h = layout == FFA_VERSION_1_0 ? HDR_V1_0 : HDR_V1_1;

	return h + share->desc.receiver_count * access_size(layout) + COMPOSITE;
}

uint32_t mem_resp_total(const struct mem_share *share, uint32_t layout)
{
	return hdr_len(share, layout) +
	       share->desc.constituent_count * CONSTITUENT;
}

/* Attributes the borrowers see: what the sender gave, else the default. */
static uint16_t resp_attributes(const struct mem_share *share)
{
	const struct mem_desc_attr *a = &share->desc.attr;
	uint16_t v;

	if (a->type == FFA_MEM_TYPE_NOT_SPECIFIED) {
		v = (uint16_t)(FFA_MEM_TYPE_NORMAL << FFA_MEM_ATTR_TYPE_SHIFT) |
		    (uint16_t)(FFA_MEM_CACHE_WRITE_BACK
			       << FFA_MEM_ATTR_CACHE_SHIFT) |
		    FFA_MEM_SHARE_INNER;
	} else {
		v = (uint16_t)((a->type << FFA_MEM_ATTR_TYPE_SHIFT) |
			       (a->cacheability << FFA_MEM_ATTR_CACHE_SHIFT) |
			       a->shareability);
	}
	return mem_share_ns(share) ? (uint16_t)(v | FFA_MEM_ATTR_NS) : v;
}

/* The NS bit exists from v1.1 on; in the v1.0 layout bit 6 is reserved. */
static uint16_t resp_attributes_for(const struct mem_share *share,
				    uint32_t layout)
{
	uint16_t v = resp_attributes(share);

	return layout == FFA_VERSION_1_0 ? (uint16_t)(v & ~FFA_MEM_ATTR_NS) : v;
}

static uint32_t abi_flag_type(enum mem_desc_abi abi)
{
	uint32_t t = abi == MEM_DESC_SHARE  ? FFA_MEM_FLAG_TYPE_SHARE
		     : abi == MEM_DESC_LEND ? FFA_MEM_FLAG_TYPE_LEND
					    : FFA_MEM_FLAG_TYPE_DONATE;

	return t << FFA_MEM_FLAG_TYPE_SHIFT;
}

/* A receiver's permission byte: what it was granted, else what was sent. */
static uint8_t perm_byte(const struct mem_share *share, uint32_t i)
{
	const struct mem_desc_receiver *r = &share->desc.receivers[i];

	if (share->recv[i].state != MEM_RECV_IDLE) {
		return share->recv[i].perm;
	}
	return (uint8_t)(r->data_access |
			 (r->instr_access << FFA_MEM_PERM_INSTR_SHIFT));
}

/* Writes the header, access descriptors and composite into `b`. */
static uint32_t build_hdr(const struct mem_share *share, uint32_t layout,
			  uint8_t *b)
{
	const struct mem_desc *d = &share->desc;
	uint32_t asz = access_size(layout);
	uint32_t off = layout == FFA_VERSION_1_0 ? HDR_V1_0 : HDR_V1_1;
	uint32_t comp = off + d->receiver_count * asz;
	uint32_t flags =
	    (d->flags & FFA_MEM_SEND_FLAGS_VALID) | abi_flag_type(share->abi);
	struct ffa_mem_composite c = { d->total_page_count,
				       d->constituent_count, 0 };

	memset(b, 0, comp + COMPOSITE);
	if (layout == FFA_VERSION_1_0) {
		struct ffa_mem_region_v1_0 h = {
			.sender = d->sender,
			.attributes =
			    (uint8_t)resp_attributes_for(share, layout),
			.flags = flags,
			.handle = share->handle,
			.tag = d->tag,
			.receiver_count = d->receiver_count,
		};

		memcpy(b, &h, sizeof(h));
	} else {
		struct ffa_mem_region h = {
			.sender = d->sender,
			.attributes = resp_attributes(share),
			.flags = flags,
			.handle = share->handle,
			.tag = d->tag,
			.access_desc_size = asz,
			.receiver_count = d->receiver_count,
			.receivers_offset = HDR_V1_1,
		};

		memcpy(b, &h, sizeof(h));
	}
	for (uint32_t i = 0; i < d->receiver_count; i++) {
		struct ffa_mem_access a = {
			.receiver = d->receivers[i].id,
			.permissions = perm_byte(share, i),
			.composite_offset = comp,
		};

		if (asz == 32U) {
			memcpy(a.impdef, d->receivers[i].impdef,
			       sizeof(a.impdef));
		}
		memcpy(b + off + (size_t)i * asz, &a, asz);
	}
	memcpy(b + comp, &c, sizeof(c));
	return comp + COMPOSITE;
}

/**
 * Writes the response bytes from `offset` into the RX buffer at `rx`
 * (`cap` bytes): the header part when `offset` is 0, then whole
 * constituents. Returns the bytes written, 0 if an access faulted.
 */
static uint32_t write_resp(const struct mem_share *share, uint32_t layout,
			   uint32_t offset, uint64_t rx, uint32_t cap, bool ns)
{
	const struct mem_desc *d = &share->desc;
	uint32_t hlen = hdr_len(share, layout);
	uint32_t total = mem_resp_total(share, layout);
	uint32_t done = 0;
	uint32_t first;
	uint32_t n;
	uint8_t hdr[HDR_MAX];
	struct ffa_mem_constituent batch[16];

	if (offset == 0) {
		(void)build_hdr(share, layout, hdr);
		if (!spmc_mm_write_pa(rx, hdr, hlen, ns)) {
			return 0;
		}
		done = hlen;
		offset = hlen;
	}
	first = (offset - hlen) / CONSTITUENT;
	n = (cap - done) / CONSTITUENT;
	if (n > (total - offset) / CONSTITUENT) {
		n = (total - offset) / CONSTITUENT;
	}
	for (uint32_t i = 0; i < n; i += 16) {
		uint32_t k = n - i < 16 ? n - i : 16;

		for (uint32_t j = 0; j < k; j++) {
			const struct mem_desc_constituent *c =
			    &d->constituents[first + i + j];

			batch[j] =
			    (struct ffa_mem_constituent){ c->base,
							  c->page_count, 0 };
		}
		if (!spmc_mm_write_pa(rx + done, batch, (size_t)k * CONSTITUENT,
				      ns)) {
			return 0;
		}
		done += k * CONSTITUENT;
	}
	return done;
}

/* Permissions the caller gets, or -1 if it asks for more than it may. */
static int resolve_perm(const struct mem_share *share, uint32_t i,
			const struct mem_desc_receiver *req)
{
	const struct mem_desc_receiver *sent = &share->desc.receivers[i];
	uint8_t data = sent->data_access;
	uint8_t instr = sent->instr_access;

	if (data == FFA_DATA_ACCESS_NOT_SPECIFIED) {
		data = req->data_access != FFA_DATA_ACCESS_NOT_SPECIFIED
			   ? req->data_access
			   : FFA_DATA_ACCESS_RW;
	} else if (req->data_access == FFA_DATA_ACCESS_RW &&
		   data != FFA_DATA_ACCESS_RW) {
		return -1;
	} else if (req->data_access != FFA_DATA_ACCESS_NOT_SPECIFIED) {
		data = req->data_access;
	}
	if (instr == FFA_INSTR_ACCESS_NOT_SPECIFIED &&
	    share->abi != MEM_DESC_SHARE && share->desc.receiver_count == 1) {
		instr = req->instr_access != FFA_INSTR_ACCESS_NOT_SPECIFIED
			    ? req->instr_access
			    : FFA_INSTR_ACCESS_NX;
	} else if (req->instr_access == FFA_INSTR_ACCESS_X &&
		   instr != FFA_INSTR_ACCESS_X) {
		return -1;
	} else if (instr == FFA_INSTR_ACCESS_NOT_SPECIFIED ||
		   req->instr_access != FFA_INSTR_ACCESS_NOT_SPECIFIED) {
		instr = req->instr_access != FFA_INSTR_ACCESS_NOT_SPECIFIED
			    ? req->instr_access
			    : FFA_INSTR_ACCESS_NX;
	}
	if (instr == FFA_INSTR_ACCESS_X && data == FFA_DATA_ACCESS_RW &&
	    share->abi == MEM_DESC_SHARE) {
		return -1;
	}
	return data | (instr << FFA_MEM_PERM_INSTR_SHIFT);
}

/**
 * The request matches the transaction: sender, tag, type, receivers (all
 * of them unless the bypass flag lets the caller name only itself), zero
 * flags the sender allowed. Returns 0 or INVALID_PARAMETERS.
 */
static int32_t match_request(const struct mem_share *share,
			     const struct mem_retrieve_req *req,
			     uint16_t caller, int *req_index)
{
	const struct mem_desc *d = &share->desc;
	uint8_t type = req->type;

	*req_index = -1;
	if (req->sender != d->sender || req->tag != d->tag ||
	    (type != FFA_MEM_FLAG_TYPE_UNSPECIFIED &&
	     (uint32_t)type << FFA_MEM_FLAG_TYPE_SHIFT !=
		 abi_flag_type(share->abi))) {
		return FFA_INVALID_PARAMETERS;
	}
	if ((req->flags & FFA_MEM_FLAG_CLEAR) != 0 &&
	    (d->flags & FFA_MEM_FLAG_CLEAR) == 0) {
		return FFA_INVALID_PARAMETERS;
	}
	if ((req->flags & FFA_MEM_FLAG_CLEAR_RELINQUISH) != 0 &&
	    share->abi == MEM_DESC_SHARE) {
		return FFA_INVALID_PARAMETERS;
	}
	if (req->receiver_count != d->receiver_count &&
	    (req->flags & FFA_MEM_FLAG_BYPASS_BORROWERS) == 0) {
		return FFA_INVALID_PARAMETERS;
	}
	for (uint32_t i = 0; i < req->receiver_count; i++) {
		if (mem_share_receiver_index(share, req->receivers[i].id) < 0) {
			return FFA_INVALID_PARAMETERS;
		}
		if (req->receivers[i].id == caller) {
			*req_index = (int)i;
		}
	}
	return *req_index < 0 ? FFA_INVALID_PARAMETERS : 0;
}

/* Attributes asked for must be those the borrowers get. */
static bool attr_match(const struct mem_share *share,
		       const struct mem_desc_attr *a)
{
	uint16_t want = (uint16_t)(resp_attributes(share) & ~FFA_MEM_ATTR_NS);

	if (a->type == FFA_MEM_TYPE_NOT_SPECIFIED) {
		return true;
	}
	return want ==
	       (uint16_t)((a->type << FFA_MEM_ATTR_TYPE_SHIFT) |
			  (a->cacheability << FFA_MEM_ATTR_CACHE_SHIFT) |
			  a->shareability);
}

static uint32_t stage2_mode(const struct mem_share *share, uint8_t perm)
{
	uint32_t mode = MM_MODE_R;
	uint8_t data = perm & FFA_MEM_PERM_DATA_MASK;
	uint8_t instr =
	    (perm & FFA_MEM_PERM_INSTR_MASK) >> FFA_MEM_PERM_INSTR_SHIFT;

	mode |= data == FFA_DATA_ACCESS_RW ? MM_MODE_W : 0;
	mode |= instr == FFA_INSTR_ACCESS_X ? MM_MODE_X : 0;
	mode |= mem_share_ns(share) ? MM_MODE_NS : 0;
	if (share->abi == MEM_DESC_DONATE) {
		return mode | MM_MODE_OWNED | MM_MODE_EXCLUSIVE;
	}
	if (share->abi == MEM_DESC_LEND && share->desc.receiver_count == 1) {
		return mode | MM_MODE_EXCLUSIVE;
	}
	return mode | MM_MODE_SHARED;
}

struct mm_ptable *mem_receiver_table(struct partition *p,
				     const struct mem_share *share)
{
	return mem_share_ns(share) ? &p->s2.ns : &p->s2.secure;
}

static struct vcpu *resp_reply(struct ffa_call *call, uint32_t fid, uint64_t a1,
			       uint64_t a2, uint64_t a3)
{
	struct ffa_value v = { 0 };

	v.x[0] = fid;
	v.x[1] = a1;
	v.x[2] = a2;
	v.x[3] = a3;
	return ffa_return(call, v);
}

/* First response fragment into the caller's RX: bytes written, 0 = fault. */
static uint32_t first_fragment(const struct ffa_call *call,
			       const struct mem_share *share, uint32_t layout)
{
	const struct mailbox *mb = ffa_caller_mailbox(call);

	return write_resp(share, layout, 0, mb->rx, mb->page_count * 4096U,
			  mb->rx_ns);
}

/* Hypervisor retrieve request: the description, nothing mapped. */
static struct vcpu *hyp_retrieve(struct ffa_call *call, struct mem_share *share)
{
	struct mailbox *mb = ffa_caller_mailbox(call);
	uint32_t layout = layout_of(call->version);
	uint32_t len;

	if (share->state != MEM_SHARE_READY || !share->sender_nwd) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	len = first_fragment(call, share, layout);
	if (len == 0) {
		return ffa_return_error(call, FFA_ABORTED);
	}
	share->hyp_resp_layout = layout;
	share->hyp_resp_total = mem_resp_total(share, layout);
	share->hyp_resp_sent = len;
	mb->rx_owner = RX_OWNER_CONSUMER;
	return resp_reply(call, FFA_MEM_RETRIEVE_RESP_32, share->hyp_resp_total,
			  len, 0);
}

/* The SP `call` retrieves `share`, as receiver `i`, with `req`. */
static struct vcpu *retrieve(struct ffa_call *call,
			     struct mem_share_store_locked l,
			     struct mem_share *share, uint32_t i,
			     const struct mem_retrieve_req *req, int ri)
{
	struct mailbox *mb = ffa_caller_mailbox(call);
	uint32_t layout = layout_of(call->version);
	struct mem_table_update ups[2];
	size_t n = 1;
	int perm = resolve_perm(share, i, &req->receivers[ri]);
	uint32_t total = mem_resp_total(share, layout);
	uint32_t len;
	int32_t ret;
	bool over;

	if (perm < 0 || !attr_match(share, &req->attr)) {
		return ffa_return_error(call, FFA_DENIED);
	}
	/* Zeroing on relinquish needs write access, or it could never end. */
	if ((req->flags & FFA_MEM_FLAG_CLEAR_RELINQUISH) != 0 &&
	    (perm & FFA_MEM_PERM_DATA_MASK) != FFA_DATA_ACCESS_RW) {
		return ffa_return_error(call, FFA_DENIED);
	}
	ret = mem_share_check(share, MEM_EV_RETRIEVE, i);
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	if (mb->rx_owner != RX_OWNER_PRODUCER) {
		return ffa_return_error(call, FFA_BUSY);
	}
	ups[0] = (struct mem_table_update){
		.t = mem_receiver_table(call->partition, share),
		.mode = stage2_mode(share, (uint8_t)perm),
	};
	if (!mem_tables_uniform(ups[0].t, &share->desc, NULL)) {
		return ffa_return_error(call, FFA_DENIED);
	}
	if (share->abi == MEM_DESC_DONATE && !share->sender_nwd) {
		struct partition *s = partition_find(share->desc.sender);

		ups[n++] = (struct mem_table_update){
			.t = share->sender_ns_tree ? &s->s2.ns : &s->s2.secure,
			.mode = MM_MODE_UNMAPPED,
		};
	}
	ret = mem_tables_prepare(ups, n, &share->desc);
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	share->recv[i].perm = (uint8_t)perm;
	share->recv[i].state = MEM_RECV_RETRIEVED; /* for the response */
	len = first_fragment(call, share, layout);
	share->recv[i].state = MEM_RECV_IDLE;
	if (len == 0) {
		mem_tables_abandon(ups, n);
		return ffa_return_error(call, FFA_ABORTED);
	}
	mem_tables_commit(ups, n, &share->desc);
	share->recv[i].clear_on_relinquish =
	    (req->flags & FFA_MEM_FLAG_CLEAR_RELINQUISH) != 0;
	share->recv[i].resp_layout = layout;
	share->recv[i].resp_total = total;
	share->recv[i].resp_sent = len;
	over = mem_share_apply(
	    share, len == total ? MEM_EV_RETRIEVE : MEM_EV_RETRIEVE_FRAG, i);
	mb->rx_owner = RX_OWNER_CONSUMER;
	if (over) {
		mem_share_free(l, share);
	}
	return resp_reply(call, FFA_MEM_RETRIEVE_RESP_32, total, len, 0);
}

struct vcpu *ffa_mem_retrieve_call(struct ffa_call *call)
{
	const struct ffa_value *r = call->regs;
	bool smc64 = ffa_fid_is_smc64(call->fid);
	uint32_t total = (uint32_t)r->x[1];
	uint64_t addr = smc64 ? r->x[3] : (uint32_t)r->x[3];
	struct mem_share_store_locked l;
	struct mem_retrieve_req req;
	struct mem_share *share;
	struct mem_desc_in in;
	struct mem_buf buf;
	enum mem_desc_error e;
	struct vcpu *next;
	int32_t ret;
	int idx;
	int ri;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if (addr != 0 || (uint32_t)r->x[4] != 0 || !ffa_regs_zero(call, 5, 7) ||
	    (uint32_t)r->x[2] != total) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	ret = mem_tx_read(call, total, &buf);
	if (ret != 0) {
		return ffa_return_error(call, ret);
	}
	in = (struct mem_desc_in){ buf.ptr,  total,
				   total,    call->version,
				   call->id, call->partition == NULL };
	e = mem_desc_parse_retrieve(&in, &req);
	mem_buf_free(&buf);
	if (e != MEM_DESC_ERROR_SUCCESS) {
		dlog_verbose("mem: retrieve by %#x: %s\n", call->id,
			     mem_desc_error_name(e));
		return ffa_return_error(call, mem_desc_error_code(e));
	}
	l = mem_share_store_lock(&ffa_mem.store);
	sl_lock(ffa_caller_lock(call));
	share = mem_share_find(l, req.handle);
	if (share == NULL) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
	} else if (!ffa_caller_mailbox(call)->mapped) {
		next = ffa_return_error(call, FFA_DENIED);
	} else if (ffa_caller_mailbox(call)->rx_owner != RX_OWNER_PRODUCER) {
		next = ffa_return_error(call, FFA_BUSY);
	} else if (req.hyp_request) {
		next = hyp_retrieve(call, share);
	} else if (call->partition == NULL || share->state != MEM_SHARE_READY ||
		   (idx = mem_share_receiver_index(share, call->id)) < 0 ||
		   match_request(share, &req, call->id, &ri) != 0) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
	} else {
		next = retrieve(call, l, share, (uint32_t)idx, &req, ri);
	}
	sl_unlock(ffa_caller_lock(call));
	mem_share_store_unlock(&l);
	return next;
}

struct vcpu *ffa_mem_frag_rx_call(struct ffa_call *call)
{
	uint64_t handle = mem_handle_arg(call);
	uint32_t offset = (uint32_t)call->regs->x[3];
	struct mailbox *mb = ffa_caller_mailbox(call);
	struct mem_share_store_locked l;
	struct mem_share *share;
	struct mem_share_recv *rv = NULL;
	uint32_t *sent;
	uint32_t total;
	uint32_t layout;
	uint32_t len;
	struct vcpu *next;
	int idx = -1;

	if (!ffa_mem.ready) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	if ((uint32_t)call->regs->x[4] != 0 || !ffa_regs_zero(call, 5, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	l = mem_share_store_lock(&ffa_mem.store);
	sl_lock(ffa_caller_lock(call));
	share = mem_share_find(l, handle);
	if (share != NULL && call->partition == NULL) {
		sent = &share->hyp_resp_sent;
		total = share->hyp_resp_total;
		layout = share->hyp_resp_layout;
	} else if (share != NULL &&
		   (idx = mem_share_receiver_index(share, call->id)) >= 0 &&
		   mem_share_check(share, MEM_EV_RESP_FRAG, (uint32_t)idx) ==
		       0) {
		rv = &share->recv[idx];
		sent = &rv->resp_sent;
		total = rv->resp_total;
		layout = rv->resp_layout;
	} else {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
		goto out;
	}
	if (*sent == 0 || *sent >= total || offset != *sent || !mb->mapped) {
		next = ffa_return_error(call, FFA_INVALID_PARAMETERS);
		goto out;
	}
	/* Asking for the next fragment gives the previous one back. */
	len = write_resp(share, layout, offset, mb->rx, mb->page_count * 4096U,
			 mb->rx_ns);
	if (len == 0) {
		next = ffa_return_error(call, FFA_ABORTED);
		goto out;
	}
	*sent += len;
	mb->rx_owner = RX_OWNER_CONSUMER;
	next = resp_reply(call, FFA_MEM_FRAG_TX_32, (uint32_t)handle,
			  (uint32_t)(handle >> 32), len);
	if (rv != NULL && *sent == total &&
	    mem_share_apply(share, MEM_EV_RESP_DONE, (uint32_t)idx)) {
		mem_share_free(l, share);
	}
out:
	sl_unlock(ffa_caller_lock(call));
	mem_share_store_unlock(&l);
	return next;
}

uint32_t ffa_mem_retrieve_features(const struct ffa_call *call)
{
	/* Bit 1: the NS bit is set in responses (v1.1+). */
	return call->version >= FFA_VERSION_1_1 ? (1U << 1) : 0;
}
