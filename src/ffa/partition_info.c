/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Discovery: FFA_PARTITION_INFO_GET (descriptors in the caller's RX
 * buffer, v1.0 and v1.1+ layouts, UUID filter, count-only flag) and
 * FFA_PARTITION_INFO_GET_REGS (descriptors in x3..x17).
 */

#include <string.h>

#include "spmc/spmc_mm.h"

#include "internal.h"

/* One descriptor to report: a partition and the UUID it is listed with. */
struct info_entry {
	const struct partition *p;
	uint32_t uuid_index;
};

/** Properties of `p` (listed under UUID `u`) as `call`'s caller sees them. */
static uint32_t properties(const struct ffa_call *call,
			   const struct partition *p, uint32_t u)
{
	const struct manifest_partition *m = p->manifest;
	uint32_t methods =
	    m->uuid_count > 1 ? m->uuid_messaging[u] : m->messaging_method;
	uint32_t props = 0;

	if ((methods & FFA_MSG_DIRECT_REQ_RECV) != 0) {
		props |= FFA_PROP_DIRECT_REQ_RECV;
	}
	if ((methods & FFA_MSG_DIRECT_REQ2_RECV) != 0 &&
	    call->version >= FFA_VERSION_1_2) {
		props |= FFA_PROP_DIRECT_REQ2_RECV;
	}
	/* Partitions send direct requests only to partitions. */
	if (call->partition != NULL) {
		if ((methods & FFA_MSG_DIRECT_REQ_SEND) != 0) {
			props |= FFA_PROP_DIRECT_REQ_SEND;
		}
		if ((methods & FFA_MSG_DIRECT_REQ2_SEND) != 0 &&
		    call->version >= FFA_VERSION_1_2) {
			props |= FFA_PROP_DIRECT_REQ2_SEND;
		}
	}
	/*
	 * Indirect messaging, notifications and VM availability messages are
	 * not implemented yet, so they are not advertised.
	 */
	props |= FFA_PROP_ID_TYPE_PE_ENDPOINT << FFA_PROP_ID_TYPE_SHIFT;
	if (call->version >= FFA_VERSION_1_1) {
		props |= FFA_PROP_AARCH64;
	}
	return props;
}

/**
 * Lists the descriptors `uuid` selects into `out` (up to `max`) and returns
 * how many there are in total. A null UUID selects every partition: once per
 * UUID for v1.1+ callers, once per partition for v1.0 callers.
 */
static uint32_t select_entries(const struct ffa_call *call,
			       const struct ffa_uuid *uuid,
			       struct info_entry *out, uint32_t max)
{
	uint32_t n = 0;
	bool null = ffa_uuid_is_null(uuid);

	for (uint32_t i = 0; i < partition_count(); i++) {
		const struct partition *p = partition_get(i);
		const struct manifest_partition *m = p->manifest;

		for (uint32_t u = 0; u < m->uuid_count; u++) {
			bool match =
			    null ? (u == 0 || call->version >= FFA_VERSION_1_1)
				 : ffa_uuid_equal(uuid, &m->uuids[u]);

			if (!match) {
				continue;
			}
			if (n < max) {
				out[n] = (struct info_entry){ p, u };
			}
			n++;
			if (!null) {
				break;
			}
		}
	}
	return n;
}

static struct ffa_uuid uuid_from_regs(const struct ffa_value *r)
{
	struct ffa_uuid u = { { (uint32_t)r->x[1], (uint32_t)r->x[2],
				(uint32_t)r->x[3], (uint32_t)r->x[4] } };

	return u;
}

/* Enough for every UUID of every partition. */
#define MAX_ENTRIES (PLAT_MAX_PARTITIONS * PLAT_MAX_UUIDS)

static void write_entry(const struct ffa_call *call, const struct info_entry *e,
			uint8_t *dst)
{
	const struct partition *p = e->p;

	if (call->version < FFA_VERSION_1_1) {
		uint16_t id = p->id;
		uint16_t count = p->vcpu_count;
		uint32_t props = properties(call, p, e->uuid_index);

		memcpy(dst, &id, 2);
		memcpy(dst + 2, &count, 2);
		memcpy(dst + 4, &props, 4);
	} else {
		struct ffa_partition_info info = {
			.id = p->id,
			.exec_ctx_count = p->vcpu_count,
			.properties = properties(call, p, e->uuid_index),
			.uuid = p->manifest->uuids[e->uuid_index],
		};

		memcpy(dst, &info, sizeof(info));
	}
}

struct vcpu *ffa_partition_info_get_call(struct ffa_call *call)
{
	struct info_entry entries[MAX_ENTRIES];
	struct ffa_uuid uuid = uuid_from_regs(call->regs);
	uint32_t flags = (uint32_t)call->regs->x[5];
	uint32_t size = call->version < FFA_VERSION_1_1
			    ? FFA_PARTITION_INFO_V1_0_SIZE
			    : FFA_PARTITION_INFO_V1_1_SIZE;
	struct mailbox *mb = ffa_caller_mailbox(call);
	struct spinlock *lock = call->partition != NULL ? &call->partition->lock
							: &nwd_endpoint()->lock;
	uint32_t count;
	struct ffa_value r;
	struct vcpu *next;

	if ((flags & ~FFA_PARTITION_INFO_FLAG_COUNT_ONLY) != 0 ||
	    !ffa_regs_zero(call, 6, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	count = select_entries(call, &uuid, entries, MAX_ENTRIES);
	if (count == 0) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	r = ffa_success(count);
	/* w3: descriptor size, from v1.1 on. */
	r.x[3] = call->version < FFA_VERSION_1_1 ? 0 : size;
	if ((flags & FFA_PARTITION_INFO_FLAG_COUNT_ONLY) != 0) {
		return ffa_return(call, r);
	}

	sl_lock(lock);
	if (!mb->mapped || mb->rx_owner != RX_OWNER_PRODUCER) {
		next = ffa_return_error(call, FFA_BUSY);
	} else if ((uint64_t)count * size >
		   (uint64_t)mb->page_count * FFA_PAGE_SIZE) {
		next = ffa_return_error(call, FFA_NO_MEMORY);
	} else {
		/* A fault on the way (e.g. RX not backed) aborts the call. */
		uint8_t desc[FFA_PARTITION_INFO_V1_1_SIZE];
		bool ok = true;

		for (uint32_t i = 0; i < count && ok; i++) {
			write_entry(call, &entries[i], desc);
			ok = spmc_mm_write_pa(mb->rx + (uint64_t)i * size, desc,
					      size, mb->rx_ns);
		}
		if (ok) {
			mb->rx_owner = RX_OWNER_CONSUMER;
			next = ffa_return(call, r);
		} else {
			next = ffa_return_error(call, FFA_ABORTED);
		}
	}
	sl_unlock(lock);
	return next;
}

/* FFA_PARTITION_INFO_GET_REGS: x3 = start index | tag << 16. */
#define REGS_PER_ENTRY 3U
#define ENTRIES_PER_CALL 5U

struct vcpu *ffa_partition_info_get_regs_call(struct ffa_call *call)
{
	struct info_entry entries[MAX_ENTRIES];
	const struct ffa_value *a = call->regs;
	struct ffa_uuid uuid = { { (uint32_t)a->x[1], (uint32_t)(a->x[1] >> 32),
				   (uint32_t)a->x[2],
				   (uint32_t)(a->x[2] >> 32) } };
	uint64_t start = a->x[3] & 0xFFFFU;
	uint64_t tag = (a->x[3] >> 16) & 0xFFFFU;
	struct ffa_value r = { 0 };
	uint32_t count;
	uint64_t last;

	if ((a->x[3] >> 32) != 0 || !ffa_regs_zero(call, 4, 17)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	/* The partition list never changes at run time: its tag is 0. */
	if (tag != 0) {
		return ffa_return_error(call, FFA_RETRY);
	}
	count = select_entries(call, &uuid, entries, MAX_ENTRIES);
	if (count == 0 || start >= count) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	last = start + ENTRIES_PER_CALL - 1;
	if (last > count - 1) {
		last = count - 1;
	}
	r.x[0] = FFA_SUCCESS_64;
	r.x[2] = (uint64_t)(count - 1) | (last << 16) |
		 ((uint64_t)FFA_PARTITION_INFO_V1_1_SIZE << 48);
	for (uint64_t i = start; i <= last; i++) {
		const struct partition *p = entries[i].p;
		const struct ffa_uuid *u =
		    &p->manifest->uuids[entries[i].uuid_index];
		uint32_t reg = 3 + (uint32_t)(i - start) * REGS_PER_ENTRY;

		r.x[reg] = p->id | ((uint64_t)p->vcpu_count << 16) |
			   ((uint64_t)properties(call, p, entries[i].uuid_index)
			    << 32);
		r.x[reg + 1] = u->w[0] | ((uint64_t)u->w[1] << 32);
		r.x[reg + 2] = u->w[2] | ((uint64_t)u->w[3] << 32);
	}
	return ffa_return(call, r);
}
