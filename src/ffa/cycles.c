/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * CPU cycle management: FFA_MSG_WAIT, FFA_RUN, FFA_YIELD, FFA_ERROR from a
 * partition and FFA_SECONDARY_EP_REGISTER, with the run-time model rules
 * of FF-A v1.3 §7.
 */

#include "spmc/dlog.h"

#include "internal.h"

/* FFA_RUN / FFA_YIELD target information: endpoint ID, vCPU index. */
static uint64_t target_info(const struct vcpu *v)
{
	return ((uint64_t)v->partition->id << 16) | v->index;
}

/** Whether `target` is `v` or waits on it further up its call chain. */
static bool chain_contains(const struct vcpu *v, const struct vcpu *target)
{
	for (; v != NULL; v = v->chain_prev) {
		if (v == target) {
			return true;
		}
	}
	return false;
}

/** Hands `v` to whoever gave it cycles with FFA_RUN, with `msg`. */
static struct vcpu *to_run_origin(struct cpu *c, struct vcpu *v,
				  struct ffa_value msg)
{
	struct vcpu *origin = v->run_origin_vcpu;

	v->run_origin_vcpu = NULL;
	if (origin == NULL) {
		return ffa_deliver_nwd(c, msg);
	}
	origin->chain_next = NULL;
	return ffa_deliver_vcpu(c, origin, msg);
}

struct vcpu *ffa_msg_wait_call(struct ffa_call *call)
{
	struct vcpu *v = call->vcpu;
	uint32_t flags = (uint32_t)call->regs->x[2];
	struct mailbox *mb = &call->partition->mailbox;
	struct ffa_value msg = { 0 };

	if (!ffa_regs_zero(call, 1, 1) ||
	    (flags & ~FFA_MSG_WAIT_FLAG_RETAIN_RX) != 0 ||
	    !ffa_regs_zero(call, 3, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	/* Waiting for a message while serving one is not allowed. */
	if (v->rtm == RTM_FFA_DIR_REQ) {
		return ffa_return_error(call, FFA_DENIED);
	}
	/* Unless told to keep it, the RX buffer goes back to the producer. */
	if ((flags & FFA_MSG_WAIT_FLAG_RETAIN_RX) == 0) {
		sl_lock(&call->partition->lock);
		if (mb->mapped) {
			mb->rx_owner = RX_OWNER_PRODUCER;
		}
		sl_unlock(&call->partition->lock);
	}
	if (v->rtm == RTM_SP_INIT) {
		return ffa_boot_vcpu_done(call->cpu, v, true);
	}
	sl_lock(&v->lock);
	v->state = VCPU_WAITING;
	v->rtm = RTM_NONE;
	sl_unlock(&v->lock);
	msg.x[0] = FFA_MSG_WAIT_32;
	msg.x[1] = target_info(v);
	return to_run_origin(call->cpu, v, msg);
}

/** Run checks; 0 when `tv` may be given cycles by the caller. */
static int32_t check_run(const struct ffa_call *call, struct vcpu **out)
{
	uint32_t w1 = (uint32_t)call->regs->x[1];
	struct partition *p = partition_find((uint16_t)(w1 >> 16));
	uint32_t index = w1 & 0xFFFFU;

	if (!ffa_regs_zero(call, 2, 7) || p == NULL || p == call->partition ||
	    index >= p->vcpu_count) {
		return FFA_INVALID_PARAMETERS;
	}
	/* An MP partition's vCPU runs on its own CPU only. */
	if (partition_is_mp(p) && index != call->cpu->vcpu_index) {
		return FFA_INVALID_PARAMETERS;
	}
	if (call->vcpu != NULL && (call->vcpu->rtm == RTM_SP_INIT ||
				   call->vcpu->req_kind == REQ_FWK_SPMC)) {
		return FFA_DENIED;
	}
	if (p->state == PARTITION_ABORTED) {
		return FFA_ABORTED;
	}
	*out = &p->vcpus[index];
	return 0;
}

struct vcpu *ffa_run_call(struct ffa_call *call)
{
	struct vcpu *cv = call->vcpu;
	struct vcpu *tv = NULL;
	struct ffa_value resume = { 0 };
	bool resume_regs = true;
	int32_t err = check_run(call, &tv);

	if (err != 0) {
		return ffa_return_error(call, err);
	}
	if (cv != NULL) {
		sl_lock_both(&cv->lock, &tv->lock);
	} else {
		sl_lock(&tv->lock);
	}
	if (cv != NULL && chain_contains(cv, tv)) {
		/* Running a vCPU waiting on us would be a loop. */
		err = FFA_DENIED;
	} else if (tv->state == VCPU_PREEMPTED) {
		/*
		 * Only who was told of the preemption (FFA_YIELD or
		 * FFA_INTERRUPT) resumes it, and a vCPU in a call chain resumes
		 * on the chain's CPU. A yielded vCPU's FFA_YIELD returns
		 * success; one preempted by an interrupt resumes where it was,
		 * registers untouched.
		 */
		if (tv->resumer != cv ||
		    (tv->chain_prev != NULL && tv->cpu != call->cpu)) {
			err = FFA_DENIED;
		}
		resume_regs = tv->yielded;
		resume.x[0] = FFA_SUCCESS_32;
	} else if (tv->state == VCPU_WAITING &&
		   tv->partition->state == PARTITION_READY) {
		tv->rtm = RTM_FFA_RUN;
		tv->run_origin_vcpu = cv;
		resume.x[0] = FFA_RUN_32;
		resume.x[1] = target_info(tv);
	} else {
		err = FFA_BUSY;
	}
	if (err == 0) {
		tv->cpu = call->cpu;
		tv->state = VCPU_RUNNING;
		tv->yielded = false;
		if (resume_regs) {
			*vcpu_ffa(tv) = resume;
		}
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

struct vcpu *ffa_yield_call(struct ffa_call *call)
{
	struct vcpu *v = call->vcpu;
	struct vcpu *origin;
	struct ffa_value msg = { 0 };

	if (!ffa_regs_zero(call, 1, 1) || !ffa_regs_zero(call, 4, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	if (v->rtm != RTM_FFA_DIR_REQ && v->rtm != RTM_FFA_RUN) {
		return ffa_return_error(call, FFA_DENIED);
	}
	if (v->req_kind == REQ_FWK_SPMC) {
		return ffa_return_error(call, FFA_DENIED);
	}
	msg.x[0] = FFA_YIELD_32;
	msg.x[1] = target_info(v);
	/* w2/w3: the timeout the partition asked for. */
	msg.x[2] = (uint32_t)call->regs->x[2];
	msg.x[3] = (uint32_t)call->regs->x[3];

	sl_lock(&v->lock);
	v->state = VCPU_PREEMPTED;
	v->yielded = true;
	origin = v->rtm == RTM_FFA_DIR_REQ ? v->chain_prev : v->run_origin_vcpu;
	v->resumer = origin;
	sl_unlock(&v->lock);
	if (origin == NULL) {
		return ffa_deliver_nwd(call->cpu, msg);
	}
	return ffa_deliver_vcpu(call->cpu, origin, msg);
}

struct vcpu *ffa_error_call(struct ffa_call *call)
{
	struct vcpu *v = call->vcpu;

	/* FFA_ERROR is a call only while initialising: init failed. */
	if (v->rtm != RTM_SP_INIT) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	dlog_error("partition %#x vCPU %u: initialisation failed, error %d\n",
		   call->id, v->index, ffa_error_code(call->regs));
	return ffa_boot_vcpu_done(call->cpu, v, false);
}

struct vcpu *ffa_secondary_ep_register_call(struct ffa_call *call)
{
	struct partition *p = call->partition;
	uint64_t ep = call->regs->x[1];
	uint64_t load = p->vm->load_address;

	/* Only while the partition initialises (its first vCPU). */
	if (call->vcpu->rtm != RTM_SP_INIT || p->state != PARTITION_STARTING) {
		return ffa_return_error(call, FFA_DENIED);
	}
	if (!ffa_regs_zero(call, 2, 17) || (ep & 3U) != 0 || ep < load ||
	    ep >= load + p->vm->mem_size) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	/* The last registration made during initialisation wins. */
	p->secondary_entry = ep;
	return ffa_return(call, ffa_success(0));
}

struct vcpu *ffa_vcpu_fatal(struct cpu *c, struct vcpu *v)
{
	struct ffa_value err = ffa_error(FFA_ABORTED);
	struct vcpu *origin;
	enum vcpu_rtm rtm = v->rtm;

	if (rtm == RTM_SP_INIT) {
		return ffa_boot_vcpu_done(c, v, false);
	}
	origin = rtm == RTM_FFA_DIR_REQ ? v->chain_prev : v->run_origin_vcpu;
	ffa_partition_abort(v->partition, v, "fatal exception");
	if (v->req_kind == REQ_FWK_SPMC) {
		return ffa_power_resp(c, v, false);
	}
	if (origin == NULL) {
		return ffa_deliver_nwd(c, err);
	}
	origin->chain_next = NULL;
	if (origin->partition->state == PARTITION_ABORTED) {
		return ffa_vcpu_fatal(c, origin);
	}
	return ffa_deliver_vcpu(c, origin, err);
}

struct vcpu *ffa_vcpu_preempted(struct cpu *c, struct vcpu *v)
{
	struct ffa_value msg = { 0 };

	/* Initialisation is not preemptible: finish it first. */
	if (v->rtm == RTM_SP_INIT) {
		return v;
	}
	sl_lock(&v->lock);
	v->state = VCPU_PREEMPTED;
	v->yielded = false;
	v->resumer = NULL;
	sl_unlock(&v->lock);
	msg.x[0] = FFA_INTERRUPT_32;
	msg.x[1] = target_info(v);
	return ffa_deliver_nwd(c, msg);
}
