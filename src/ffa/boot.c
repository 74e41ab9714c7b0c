/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Partition boot, one vCPU at a time in boot order: every partition's
 * primary vCPU on the primary CPU at cold boot, then each MP partition's
 * vCPU n when CPU n comes up. FFA_MSG_WAIT ends a vCPU's initialisation;
 * FFA_ERROR or a fatal fault aborts the partition and boot goes on.
 */

#include "spmc/arch/vcpu.h"

#include "spmc/dlog.h"
#include "spmc/ffa_dispatch.h"

#include "internal.h"

void ffa_partition_abort(struct partition *p, struct vcpu *self,
			 const char *why)
{
	bool first;

	sl_lock(&p->lock);
	first = p->state != PARTITION_ABORTED;
	p->state = PARTITION_ABORTED;
	sl_unlock(&p->lock);
	/*
	 * vCPUs running on other CPUs, or blocked in a call chain, are
	 * stopped when they next reach the SPMC (ffa_vcpu_fatal); the others
	 * stop now.
	 */
	for (struct vcpu *v = p->vcpus;
	     v != NULL && v < p->vcpus + p->vcpu_count; v++) {
		sl_lock(&v->lock);
		if (v->state != VCPU_RUNNING && v->state != VCPU_BLOCKED) {
			v->state = VCPU_ABORTED;
			v->rtm = RTM_NONE;
		}
		sl_unlock(&v->lock);
	}
	if (self != NULL) {
		sl_lock(&self->lock);
		self->state = VCPU_ABORTED;
		self->rtm = RTM_NONE;
		sl_unlock(&self->lock);
	}
	if (first) {
		dlog_error("partition %#x aborted: %s\n", p->id, why);
		ffa_mem_partition_aborted(p);
	}
}

/** Prepares `v` to start at `entry` with the boot registers of FF-A. */
static void start_vcpu(struct cpu *c, struct vcpu *v, uint64_t entry,
		       bool first)
{
	struct partition *p = v->partition;
	const struct manifest_partition *m = p->manifest;
	struct arch_gp_regs *gp = &v->arch.gp;

	arch_vcpu_reset(v, entry);
	/*
	 * The boot information address goes in x<gp-register-num>, on the
	 * first boot only; x4 is the physical CPU's linear index.
	 */
	if (first && p->boot_info != 0 && m->has_gp_register) {
		gp->x[m->gp_register_num] = p->boot_info;
	}
	gp->x[4] = c->vcpu_index;
	v->cpu = c;
	v->rtm = RTM_SP_INIT;
	v->state = VCPU_RUNNING;
	v->chain_prev = NULL;
	v->chain_next = NULL;
	v->req_kind = REQ_NONE;
}

/** The next vCPU to boot on `c`, or NULL (and FFA_MSG_WAIT) when done. */
static struct vcpu *boot_next(struct cpu *c)
{
	bool primary = c->index == 0;

	while (c->boot_next < partition_count()) {
		struct partition *p = partition_get(c->boot_next++);
		struct vcpu *v;

		if (primary) {
			if (p->state != PARTITION_CREATED) {
				continue;
			}
			v = partition_vcpu_for_cpu(p, c->vcpu_index);
			if (v == NULL) {
				ffa_partition_abort(p, NULL,
						    "no vCPU for the boot CPU");
				continue;
			}
			p->state = PARTITION_STARTING;
			start_vcpu(c, v, p->entry, true);
			dlog_info("booting partition %#x (%s)\n", p->id,
				  p->vm->debug_name);
			return v;
		}
		if (!partition_is_mp(p) || p->state != PARTITION_READY ||
		    c->vcpu_index >= p->vcpu_count) {
			continue;
		}
		v = &p->vcpus[c->vcpu_index];
		if (v->state != VCPU_OFF) {
			continue;
		}
		start_vcpu(c, v,
			   p->secondary_entry != 0 ? p->secondary_entry
						   : p->entry,
			   false);
		return v;
	}
	c->booting = false;
	sl_lock(&c->lock);
	c->is_on = true;
	sl_unlock(&c->lock);
	if (primary) {
		ffa_log_partition_table();
	}
	struct ffa_value wait = { 0 };

	wait.x[0] = FFA_MSG_WAIT_32;
	return ffa_deliver_nwd(c, wait);
}

struct vcpu *ffa_boot_start(struct cpu *c)
{
	c->booting = true;
	c->boot_next = 0;
	return boot_next(c);
}

struct vcpu *ffa_boot_vcpu_done(struct cpu *c, struct vcpu *v, bool ok)
{
	struct partition *p = v->partition;

	if (!ok) {
		if (p->state == PARTITION_STARTING) {
			ffa_partition_abort(p, v, "initialisation failed");
		} else {
			sl_lock(&v->lock);
			v->state = VCPU_ABORTED;
			v->rtm = RTM_NONE;
			sl_unlock(&v->lock);
			dlog_error("partition %#x vCPU %u aborted\n", p->id,
				   v->index);
		}
		return boot_next(c);
	}
	sl_lock(&v->lock);
	v->state = VCPU_WAITING;
	v->rtm = RTM_NONE;
	sl_unlock(&v->lock);
	if (p->state == PARTITION_STARTING) {
		sl_lock(&p->lock);
		p->state = PARTITION_READY;
		sl_unlock(&p->lock);
		dlog_info("partition %#x initialised\n", p->id);
	} else {
		dlog_info("partition %#x vCPU %u initialised on CPU %u\n",
			  p->id, v->index, c->index);
	}
	return boot_next(c);
}

static const char *state_name(enum partition_state s)
{
	switch (s) {
	case PARTITION_CREATED:
		return "created";
	case PARTITION_STARTING:
		return "starting";
	case PARTITION_READY:
		return "ready";
	case PARTITION_ABORTED:
		return "aborted";
	}
	return "?";
}

/** Formats the messaging methods of `m` ("req-recv,req2-send"...). */
static void format_methods(uint32_t methods, char *buf, size_t size)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ FFA_MSG_DIRECT_REQ_RECV, "req-recv" },
		{ FFA_MSG_DIRECT_REQ_SEND, "req-send" },
		{ FFA_MSG_INDIRECT, "indirect" },
		{ FFA_MSG_DIRECT_REQ2_RECV, "req2-recv" },
		{ FFA_MSG_DIRECT_REQ2_SEND, "req2-send" },
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((methods & names[i].bit) != 0 && len < size) {
			len +=
			    dlog_snprintf(buf + len, size - len, "%s%s",
					  len == 0 ? "" : ",", names[i].name);
		}
	}
	if (len == 0) {
		dlog_snprintf(buf, size, "none");
	}
}

/** Prints a UUID in its RFC 4122 string form (bytes of w[0..3], LE). */
static void log_uuid(const struct ffa_uuid *id)
{
	uint8_t b[16];

	for (uint32_t i = 0; i < 16; i++) {
		b[i] = (uint8_t)(id->w[i / 4] >> (8 * (i % 4)));
	}
	dlog_notice("         uuid %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		    "%02x%02x%02x%02x%02x%02x\n",
		    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		    b[10], b[11], b[12], b[13], b[14], b[15]);
}

void ffa_log_partition_table(void)
{
	char methods[64];
	char order[8];

	dlog_notice("Partitions (boot order):\n");
	dlog_notice("  ID     EL     vCPUs memory                  "
		    "msg    state    name (boot-order, messaging)\n");
	for (uint32_t i = 0; i < partition_count(); i++) {
		const struct partition *p = partition_get(i);
		const struct manifest_partition *m = p->manifest;

		format_methods(m->messaging_method, methods, sizeof(methods));
		if (m->boot_order == MANIFEST_BOOT_ORDER_DEFAULT) {
			dlog_snprintf(order, sizeof(order), "-");
		} else {
			dlog_snprintf(order, sizeof(order), "%u",
				      m->boot_order);
		}
		dlog_notice(
		    "  %#06x %-6s %5u %#010lx+%#-9lx %#05x  %-8s %s boot=%s "
		    "%s\n",
		    p->id,
		    m->exception_level == MANIFEST_S_EL0 ? "S-EL0" : "S-EL1",
		    p->vcpu_count, (unsigned long)p->vm->load_address,
		    (unsigned long)p->vm->mem_size, m->messaging_method,
		    state_name(p->state), p->vm->debug_name, order, methods);
		for (uint32_t u = 0; u < m->uuid_count; u++) {
			log_uuid(&m->uuids[u]);
		}
	}
}
