/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Direct messaging: FFA_MSG_SEND_DIRECT_REQ/RESP (SMC32, SMC64) and
 * FFA_MSG_SEND_DIRECT_REQ2/RESP2, from the normal world and between
 * partitions, with messaging-method permissions, run-time models and the
 * call-chain rules (no loops; a response goes only to the origin).
 */

#include "spmc/dlog.h"

#include "internal.h"

static enum vcpu_req_kind req_kind(uint32_t fid)
{
	switch (fid) {
	case FFA_MSG_SEND_DIRECT_REQ_32:
		return REQ_32;
	case FFA_MSG_SEND_DIRECT_REQ_64:
		return REQ_64;
	default:
		return REQ2;
	}
}

/** Messaging methods `p` declares for `uuid` (null: any of its UUIDs). */
static uint32_t methods_for(const struct partition *p,
			    const struct ffa_uuid *uuid, bool *found)
{
	const struct manifest_partition *m = p->manifest;

	*found = true;
	if (uuid == NULL || ffa_uuid_is_null(uuid)) {
		return m->messaging_method;
	}
	for (uint32_t i = 0; i < m->uuid_count; i++) {
		if (ffa_uuid_equal(uuid, &m->uuids[i])) {
			return m->uuid_count > 1 ? m->uuid_messaging[i]
						 : m->messaging_method;
		}
	}
	*found = false;
	return 0;
}

/** Whether `target` already is in the call chain that ends at `v`. */
static bool in_chain(const struct vcpu *v, const struct vcpu *target)
{
	for (; v != NULL; v = v->chain_prev) {
		if (v == target) {
			return true;
		}
	}
	return false;
}

/**
 * The registers the receiver gets: x0..x7 for REQ/RESP (w1..w7 zero-
 * extended for SMC32), x0..x17 for REQ2/RESP2; the rest zero.
 */
static void message_regs(struct ffa_value *out, const struct ffa_value *in,
			 uint32_t fid)
{
	bool wide = fid == FFA_MSG_SEND_DIRECT_REQ2_64 ||
		    fid == FFA_MSG_SEND_DIRECT_RESP2_64;
	uint64_t mask = ffa_fid_is_smc64(fid) ? UINT64_MAX : UINT32_MAX;

	/* Straight-line stores: this is the messaging hot path. */
	out->x[0] = fid;
	for (uint32_t i = 1; i < 8; i++) {
		out->x[i] = in->x[i] & mask;
	}
	for (uint32_t i = 8; i < FFA_VALUE_REGS; i++) {
		out->x[i] = wide ? in->x[i] : 0;
	}
}

/** Checks of a request that need no lock; 0 when it may go on. */
static int32_t check_request(const struct ffa_call *call,
			     struct partition **out)
{
	const struct ffa_value *a = call->regs;
	uint16_t src = ffa_msg_src(a);
	uint16_t dst = ffa_msg_dst(a);
	bool req2 = call->fid == FFA_MSG_SEND_DIRECT_REQ2_64;
	struct partition *target;
	struct ffa_uuid uuid;
	uint32_t methods;
	bool found;

	if ((a->x[1] >> 32) != 0 && ffa_fid_is_smc64(call->fid)) {
		return FFA_INVALID_PARAMETERS;
	}
	/* The source is the caller; the normal world's IDs are non-secure. */
	if (call->partition != NULL ? src != call->id : ffa_id_is_secure(src)) {
		return FFA_INVALID_PARAMETERS;
	}
	/* Non-framework REQ/REQ64: w2 MBZ (framework messages to SPs:
	 * VM availability, are not supported). */
	if (!req2 && (uint32_t)a->x[2] != 0) {
		return FFA_INVALID_PARAMETERS;
	}
	target = partition_find(dst);
	if (target == NULL || target == call->partition) {
		return FFA_INVALID_PARAMETERS;
	}
	if (call->partition != NULL) {
		uint32_t send =
		    req2 ? FFA_MSG_DIRECT_REQ2_SEND : FFA_MSG_DIRECT_REQ_SEND;

		if ((call->partition->manifest->messaging_method & send) == 0) {
			return FFA_DENIED;
		}
	}
	if (req2) {
		uuid = (struct ffa_uuid){
			{ (uint32_t)a->x[2], (uint32_t)(a->x[2] >> 32),
			  (uint32_t)a->x[3], (uint32_t)(a->x[3] >> 32) }
		};
		methods = methods_for(target, &uuid, &found);
		if (!found) {
			return FFA_INVALID_PARAMETERS;
		}
		if ((methods & FFA_MSG_DIRECT_REQ2_RECV) == 0 ||
		    target->ffa_version < FFA_VERSION_1_2) {
			return FFA_DENIED;
		}
	} else {
		methods = methods_for(target, NULL, &found);
		if ((methods & FFA_MSG_DIRECT_REQ_RECV) == 0) {
			return FFA_DENIED;
		}
	}
	*out = target;
	return 0;
}

/** State checks under the vCPU locks; 0 when the request may proceed. */
static int32_t check_target_state(const struct ffa_call *call,
				  const struct partition *target,
				  const struct vcpu *tv)
{
	if (target->state == PARTITION_ABORTED) {
		return FFA_ABORTED;
	}
	if (call->vcpu != NULL) {
		/* No loops: the target must not be waiting on us already. */
		if (in_chain(call->vcpu, tv)) {
			return FFA_DENIED;
		}
		/* A partition in a PSCI framework exchange may not call out. */
		if (call->vcpu->req_kind == REQ_FWK_SPMC) {
			return FFA_DENIED;
		}
	}
	if (target->state != PARTITION_READY || tv->state != VCPU_WAITING) {
		return FFA_BUSY;
	}
	return 0;
}

struct vcpu *ffa_direct_req_call(struct ffa_call *call)
{
	struct partition *target = NULL;
	struct vcpu *tv;
	struct vcpu *cv = call->vcpu;
	int32_t err = check_request(call, &target);

	if (err != 0) {
		return ffa_return_error(call, err);
	}
	tv = partition_vcpu_for_cpu(target, call->cpu->vcpu_index);
	if (tv == NULL) {
		/* An MP partition with no vCPU for this CPU. */
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	if (cv != NULL) {
		sl_lock_both(&cv->lock, &tv->lock);
	} else {
		sl_lock(&tv->lock);
	}
	err = check_target_state(call, target, tv);
	if (err == 0) {
		tv->rtm = RTM_FFA_DIR_REQ;
		tv->req_kind = req_kind(call->fid);
		tv->req_origin = ffa_msg_src(call->regs);
		tv->chain_prev = cv;
		tv->chain_next = NULL;
		tv->cpu = call->cpu;
		tv->state = VCPU_RUNNING;
		message_regs(vcpu_ffa(tv), call->regs, call->fid);
		if (cv != NULL) {
			cv->state = VCPU_BLOCKED;
			cv->chain_next = tv;
		}
	}
	sl_unlock(&tv->lock);
	if (cv != NULL) {
		sl_unlock(&cv->lock);
	}
	return err != 0 ? ffa_return_error(call, err) : tv;
}

struct vcpu *ffa_direct_req_from_spmc(struct cpu *c, struct vcpu *target,
				      struct ffa_value req)
{
	sl_lock(&target->lock);
	target->rtm = RTM_FFA_DIR_REQ;
	target->req_kind = REQ_FWK_SPMC;
	target->req_origin = ffa_spmc_id();
	target->chain_prev = NULL;
	target->chain_next = NULL;
	target->cpu = c;
	target->state = VCPU_RUNNING;
	*vcpu_ffa(target) = req;
	sl_unlock(&target->lock);
	return target;
}

/** Whether response `fid` answers a request of kind `kind`. */
static bool resp_matches(uint32_t fid, enum vcpu_req_kind kind)
{
	if (kind == REQ2) {
		return fid == FFA_MSG_SEND_DIRECT_RESP2_64;
	}
	return fid == FFA_MSG_SEND_DIRECT_RESP_32 ||
	       fid == FFA_MSG_SEND_DIRECT_RESP_64;
}

/** Checks of a response under the caller's lock; 0 when valid. */
static int32_t check_response(const struct ffa_call *call)
{
	const struct vcpu *v = call->vcpu;
	const struct ffa_value *a = call->regs;
	uint32_t w2 = (uint32_t)a->x[2];

	if (ffa_msg_src(a) != call->id ||
	    ((a->x[1] >> 32) != 0 && ffa_fid_is_smc64(call->fid))) {
		return FFA_INVALID_PARAMETERS;
	}
	if (v->rtm != RTM_FFA_DIR_REQ) {
		return FFA_DENIED;
	}
	/* Only to the origin, with the matching ABI. */
	if (ffa_msg_dst(a) != v->req_origin ||
	    !resp_matches(call->fid, v->req_kind)) {
		return FFA_DENIED;
	}
	if (v->req_kind == REQ_FWK_SPMC) {
		if (w2 != (FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP)) {
			return FFA_INVALID_PARAMETERS;
		}
	} else if (call->fid != FFA_MSG_SEND_DIRECT_RESP2_64 && w2 != 0) {
		return FFA_INVALID_PARAMETERS;
	}
	return 0;
}

struct vcpu *ffa_direct_resp_call(struct ffa_call *call)
{
	struct vcpu *v = call->vcpu;
	struct vcpu *prev;
	enum vcpu_req_kind kind;
	int32_t err;

	sl_lock(&v->lock);
	err = check_response(call);
	if (err != 0) {
		sl_unlock(&v->lock);
		return ffa_return_error(call, err);
	}
	kind = v->req_kind;
	prev = v->chain_prev;
	v->state = VCPU_WAITING;
	v->rtm = RTM_NONE;
	v->req_kind = REQ_NONE;
	v->chain_prev = NULL;
	sl_unlock(&v->lock);

	if (kind == REQ_FWK_SPMC) {
		return ffa_power_resp(
		    call->cpu, v, (uint32_t)call->regs->x[3] == PSCI_E_SUCCESS);
	}
	if (prev == NULL) {
		/* Straight into what the SPMC returns to EL3. */
		message_regs(&call->cpu->nwd, call->regs, call->fid);
		return NULL;
	}
	sl_lock(&prev->lock);
	prev->chain_next = NULL;
	sl_unlock(&prev->lock);
	/* The requester's partition was aborted meanwhile: unwind further. */
	if (prev->partition->state == PARTITION_ABORTED) {
		return ffa_vcpu_fatal(call->cpu, prev);
	}
	message_regs(vcpu_ffa(prev), call->regs, call->fid);
	prev->cpu = call->cpu;
	prev->state = VCPU_RUNNING;
	return prev;
}
