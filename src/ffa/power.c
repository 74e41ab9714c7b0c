/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Power management: PSCI CPU_OFF, which the SPMD sends as a framework
 * direct request (tfa-spmd-interface §1.6.1). The SPMC relays it, one at a
 * time, to every MP partition whose vCPU runs on this CPU and that
 * subscribed (power-management-messages bit 0), then switches those vCPUs
 * off and answers the SPMD. A partition that refuses makes the answer
 * DENIED, which TF-A turns into a panic: that is the FF-A contract.
 */

#include "spmc/dlog.h"

#include "internal.h"

/** The SPMC's answer to the SPMD once every partition was asked. */
static struct vcpu *power_off_done(struct cpu *c)
{
	struct ffa_value r = { 0 };

	for (uint32_t i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);
		struct vcpu *v;

		if (!partition_is_mp(p) || c->vcpu_index >= p->vcpu_count) {
			continue;
		}
		v = &p->vcpus[c->vcpu_index];
		sl_lock(&v->lock);
		if (v->state == VCPU_WAITING) {
			v->state = VCPU_OFF;
		}
		sl_unlock(&v->lock);
	}
	c->powering_off = false;
	sl_lock(&c->lock);
	c->is_on = false;
	sl_unlock(&c->lock);

	r.x[0] = FFA_MSG_SEND_DIRECT_RESP_32;
	r.x[1] = ffa_msg_ids(ffa_spmc_id(), FFA_ID_SPMD);
	r.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP;
	r.x[3] = (uint32_t)(c->off_denied ? PSCI_E_DENIED : PSCI_E_SUCCESS);
	return ffa_deliver_nwd(c, r);
}

static struct vcpu *power_off_next(struct cpu *c)
{
	while (c->off_next < partition_count()) {
		struct partition *p = partition_get(c->off_next++);
		struct ffa_value req = { 0 };
		struct vcpu *v;

		if (!partition_is_mp(p) || p->state != PARTITION_READY ||
		    c->vcpu_index >= p->vcpu_count ||
		    (p->manifest->power_management_messages &
		     MANIFEST_PM_CPU_OFF) == 0) {
			continue;
		}
		v = &p->vcpus[c->vcpu_index];
		if (v->state != VCPU_WAITING) {
			continue;
		}
		req.x[0] = FFA_MSG_SEND_DIRECT_REQ_32;
		req.x[1] = ffa_msg_ids(ffa_spmc_id(), p->id);
		req.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_PSCI_REQ;
		req.x[3] = PSCI_CPU_OFF;
		return ffa_direct_req_from_spmc(c, v, req);
	}
	return power_off_done(c);
}

struct vcpu *ffa_power_cpu_off(struct cpu *c)
{
	c->powering_off = true;
	c->off_next = 0;
	c->off_denied = false;
	return power_off_next(c);
}

struct vcpu *ffa_power_resp(struct cpu *c, struct vcpu *v, bool ok)
{
	if (!ok) {
		dlog_error("partition %#x refused CPU_OFF on CPU %u\n",
			   v->partition->id, c->index);
		c->off_denied = true;
	}
	return power_off_next(c);
}
