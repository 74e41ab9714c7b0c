/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>

#include "spmc/dlog.h"
#include "spmc/ffa_dispatch.h"
#include "spmc/manifest.h"

#include "internal.h"

/**
 * The table-driven FF-A dispatcher: decodes who calls, looks the function
 * up in one table, applies the checks common to every ABI (who may call
 * it, from which FF-A version) and hands over to the handler of its area.
 * Framework messages and interrupts from EL3 are routed here too.
 */

static uint16_t spmc_id = FFA_ID_SPMC_DEFAULT;

uint16_t ffa_spmc_id(void)
{
	return spmc_id;
}

void ffa_set_spmc_id(uint16_t id)
{
	spmc_id = id;
}

static uint32_t features_rxtx_map(const struct ffa_call *call)
{
	/* w2 bits[1:0] = 0: 4 KiB minimum; bits[31:16]: maximum pages. */
	if (call->version >= FFA_VERSION_1_2) {
		return (uint32_t)FFA_RXTX_PAGE_COUNT_MASK << 16;
	}
	return 0;
}

#define ABI(f, who, ver, h) { (f), (who), (ver), (h), NULL }
#define ABI_F(f, who, ver, h, feat) { (f), (who), (ver), (h), (feat) }

/* Every FF-A function the SPMC implements; anything else NOT_SUPPORTED. */
static const struct ffa_abi abi_table[] = {
	ABI(FFA_ERROR_32, FFA_FROM_SP, FFA_VERSION_1_0, ffa_error_call),
	ABI(FFA_VERSION_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_version_call),
	ABI(FFA_FEATURES_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_features_call),
	ABI(FFA_RX_RELEASE_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_rx_release_call),
	ABI_F(FFA_RXTX_MAP_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_rxtx_map_call,
	      features_rxtx_map),
	ABI_F(FFA_RXTX_MAP_64, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_rxtx_map_call,
	      features_rxtx_map),
	ABI(FFA_RXTX_UNMAP_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_rxtx_unmap_call),
	ABI(FFA_PARTITION_INFO_GET_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_partition_info_get_call),
	ABI(FFA_ID_GET_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_id_get_call),
	ABI(FFA_MSG_WAIT_32, FFA_FROM_SP, FFA_VERSION_1_0, ffa_msg_wait_call),
	ABI(FFA_YIELD_32, FFA_FROM_SP, FFA_VERSION_1_0, ffa_yield_call),
	ABI(FFA_RUN_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_run_call),
	ABI(FFA_MSG_SEND_DIRECT_REQ_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_direct_req_call),
	ABI(FFA_MSG_SEND_DIRECT_REQ_64, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_direct_req_call),
	ABI(FFA_MSG_SEND_DIRECT_RESP_32, FFA_FROM_SP, FFA_VERSION_1_0,
	    ffa_direct_resp_call),
	ABI(FFA_MSG_SEND_DIRECT_RESP_64, FFA_FROM_SP, FFA_VERSION_1_0,
	    ffa_direct_resp_call),
	ABI(FFA_SPM_ID_GET_32, FFA_FROM_SP, FFA_VERSION_1_1,
	    ffa_spm_id_get_call),
	ABI(FFA_SECONDARY_EP_REGISTER_64, FFA_FROM_MP_SP, FFA_VERSION_1_1,
	    ffa_secondary_ep_register_call),
	ABI(FFA_CONSOLE_LOG_32, FFA_FROM_SP, FFA_VERSION_1_0,
	    ffa_console_log_call),
	ABI(FFA_CONSOLE_LOG_64, FFA_FROM_SP, FFA_VERSION_1_2,
	    ffa_console_log_call),
	ABI(FFA_PARTITION_INFO_GET_REGS_64, FFA_FROM_ANY, FFA_VERSION_1_2,
	    ffa_partition_info_get_regs_call),
	ABI(FFA_MSG_SEND_DIRECT_REQ2_64, FFA_FROM_ANY, FFA_VERSION_1_2,
	    ffa_direct_req_call),
	ABI(FFA_MSG_SEND_DIRECT_RESP2_64, FFA_FROM_SP, FFA_VERSION_1_2,
	    ffa_direct_resp_call),
	ABI(FFA_MEM_DONATE_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_mem_send_call),
	ABI(FFA_MEM_DONATE_64, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_mem_send_call),
	ABI(FFA_MEM_LEND_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_mem_send_call),
	ABI(FFA_MEM_LEND_64, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_mem_send_call),
	ABI(FFA_MEM_SHARE_32, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_mem_send_call),
	ABI(FFA_MEM_SHARE_64, FFA_FROM_ANY, FFA_VERSION_1_0, ffa_mem_send_call),
	ABI_F(FFA_MEM_RETRIEVE_REQ_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	      ffa_mem_retrieve_call, ffa_mem_retrieve_features),
	ABI_F(FFA_MEM_RETRIEVE_REQ_64, FFA_FROM_ANY, FFA_VERSION_1_0,
	      ffa_mem_retrieve_call, ffa_mem_retrieve_features),
	ABI(FFA_MEM_RELINQUISH_32, FFA_FROM_SP, FFA_VERSION_1_0,
	    ffa_mem_relinquish_call),
	ABI(FFA_MEM_RECLAIM_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_mem_reclaim_call),
	ABI(FFA_MEM_FRAG_RX_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_mem_frag_rx_call),
	ABI(FFA_MEM_FRAG_TX_32, FFA_FROM_ANY, FFA_VERSION_1_0,
	    ffa_mem_frag_tx_call),
};

#define ABI_COUNT (sizeof(abi_table) / sizeof(abi_table[0]))

/* FF-A function numbers are 0x60..0x9F in both conventions. */
#define FFA_FUNC_FIRST 0x60U
#define FFA_FUNC_SLOTS 0x40U

/* abi_table index + 1 per (convention, function number); 0 = none. */
static uint8_t abi_index[2][FFA_FUNC_SLOTS];
static bool abi_index_ready;

static void abi_index_build(void)
{
	for (uint32_t i = 0; i < ABI_COUNT; i++) {
		uint32_t fid = abi_table[i].fid;

		abi_index[ffa_fid_is_smc64(fid) ? 1 : 0]
			 [(fid & 0xFFU) - FFA_FUNC_FIRST] = (uint8_t)(i + 1);
	}
	abi_index_ready = true;
}

const struct ffa_abi *ffa_abi_find(uint32_t fid)
{
	uint32_t func = fid & 0xFFU;
	uint8_t slot;

	if ((fid & 0xBFFFFF00U) != 0x84000000U || func < FFA_FUNC_FIRST ||
	    func >= FFA_FUNC_FIRST + FFA_FUNC_SLOTS) {
		return NULL;
	}
	if (!abi_index_ready) {
		abi_index_build();
	}
	slot = abi_index[ffa_fid_is_smc64(fid) ? 1 : 0][func - FFA_FUNC_FIRST];
	return slot == 0 ? NULL : &abi_table[slot - 1];
}

bool ffa_abi_allowed(const struct ffa_abi *abi, const struct ffa_call *call)
{
	if (call->vcpu == NULL) {
		if ((abi->from & FFA_FROM_NWD) == 0) {
			return false;
		}
	} else if ((abi->from & FFA_FROM_SP) == 0 &&
		   !((abi->from & FFA_FROM_MP_SP) != 0 &&
		     partition_is_mp(call->partition))) {
		return false;
	}
	return call->version >= abi->min_version;
}

struct vcpu *ffa_return(struct ffa_call *call, struct ffa_value v)
{
	struct ffa_value *r = call->regs;
	uint32_t count =
	    ffa_fid_is_smc64((uint32_t)v.x[0]) ? FFA_VALUE_REGS : 8;

	for (uint32_t i = 0; i < count; i++) {
		r->x[i] = v.x[i];
	}
	return call->vcpu;
}

bool ffa_regs_zero(const struct ffa_call *call, unsigned first, unsigned last)
{
	bool smc32 = !ffa_fid_is_smc64(call->fid);

	for (unsigned i = first; i <= last; i++) {
		uint64_t x = call->regs->x[i];

		/* SMC32 arguments are the low 32 bits; the rest is ignored. */
		if ((smc32 ? (uint32_t)x : x) != 0) {
			return false;
		}
	}
	return true;
}

struct vcpu *ffa_deliver_nwd(struct cpu *c, struct ffa_value v)
{
	c->nwd = v;
	return NULL;
}

struct vcpu *ffa_deliver_vcpu(struct cpu *c, struct vcpu *target,
			      struct ffa_value v)
{
	*vcpu_ffa(target) = v;
	target->cpu = c;
	target->state = VCPU_RUNNING;
	return target;
}

/** Calls the handler of `call->fid` after the checks common to all. */
static struct vcpu *dispatch(struct ffa_call *call)
{
	const struct ffa_abi *abi = ffa_abi_find(call->fid);

	if (abi == NULL || !ffa_abi_allowed(abi, call)) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	/* Any ABI but FFA_VERSION fixes the caller's version (FF-A §13.2). */
	if (call->fid != FFA_VERSION_32) {
		if (call->partition != NULL) {
			call->partition->version_locked = true;
		} else {
			nwd_endpoint()->version_locked = true;
		}
	}
	return abi->handler(call);
}

static void call_init_nwd(struct ffa_call *call, struct cpu *c)
{
	call->cpu = c;
	call->vcpu = NULL;
	call->partition = NULL;
	call->id = FFA_ID_NS_ENDPOINT;
	call->version = nwd_endpoint()->ffa_version;
	call->regs = &c->nwd;
	call->fid = ffa_fid(&c->nwd);
}

/** Framework message from the SPMD (source 0xFFFF, destination us). */
static struct vcpu *handle_spmd_message(struct cpu *c)
{
	struct ffa_value r = { 0 };
	uint32_t w2 = (uint32_t)c->nwd.x[2];
	uint32_t func = w2 & FFA_FWK_MSG_FUNC_MASK;

	r.x[0] = FFA_MSG_SEND_DIRECT_RESP_32;
	r.x[1] = ffa_msg_ids(ffa_spmc_id(), FFA_ID_SPMD);
	if ((w2 & FFA_FWK_MSG_BIT) == 0) {
		/* The SPMD sends no partition messages to the SPMC. */
		return ffa_deliver_nwd(c, ffa_error(FFA_INVALID_PARAMETERS));
	}
	switch (func) {
	case FFA_FWK_VERSION_REQ:
		r.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_VERSION_RESP;
		r.x[3] = ffa_version_nwd_framework((uint32_t)c->nwd.x[3]);
		return ffa_deliver_nwd(c, r);
	case FFA_FWK_PSCI_REQ:
		if ((uint32_t)c->nwd.x[3] == PSCI_CPU_OFF) {
			return ffa_power_cpu_off(c);
		}
		r.x[2] = FFA_FWK_MSG_BIT | FFA_FWK_PSCI_RESP;
		r.x[3] = (uint32_t)PSCI_E_NOT_SUPPORTED;
		return ffa_deliver_nwd(c, r);
	default:
		return ffa_deliver_nwd(c, ffa_error(FFA_INVALID_PARAMETERS));
	}
}

static bool is_spmd_message(const struct ffa_value *v, uint32_t fid)
{
	return (fid == FFA_MSG_SEND_DIRECT_REQ_32 ||
		fid == FFA_MSG_SEND_DIRECT_REQ_64) &&
	       ffa_msg_src(v) == FFA_ID_SPMD && ffa_msg_dst(v) == ffa_spmc_id();
}

struct vcpu *ffa_handle_nwd(struct cpu *c)
{
	struct ffa_call call;

	call_init_nwd(&call, c);
	if (call.fid == FFA_INTERRUPT_32) {
		/*
		 * A secure interrupt preempted the normal world. Partition
		 * interrupt delivery is not implemented yet: the interrupt
		 * is acknowledged and completed, then the normal world
		 * resumes, as the SPMD expects.
		 */
		dlog_warning("secure interrupt %u while the normal world ran: "
			     "no partition handles it yet\n",
			     arch_interrupt_ack_complete());
		struct ffa_value v = { 0 };

		v.x[0] = FFA_NORMAL_WORLD_RESUME_32;
		return ffa_deliver_nwd(c, v);
	}
	if (is_spmd_message(&c->nwd, call.fid)) {
		return handle_spmd_message(c);
	}
	return dispatch(&call);
}

struct vcpu *ffa_handle_vcpu_call(struct cpu *c, struct vcpu *v)
{
	struct ffa_call call = {
		.cpu = c,
		.vcpu = v,
		.partition = v->partition,
		.id = v->partition->id,
		.version = v->partition->ffa_version,
		.regs = vcpu_ffa(v),
	};

	/* Its partition was aborted while this vCPU ran elsewhere. */
	if (v->partition->state == PARTITION_ABORTED) {
		return ffa_vcpu_fatal(c, v);
	}
	call.fid = ffa_fid(call.regs);
	if ((call.fid & 0x3F00FF00U) != 0x04000000U ||
	    (call.fid & 0xFFU) < FFA_FUNC_FIRST ||
	    (call.fid & 0xFFU) >= FFA_FUNC_FIRST + FFA_FUNC_SLOTS) {
		/*
		 * Not an FF-A function (another standard service such as PSCI,
		 * or another owner): SMCCC NOT_SUPPORTED, not an FF-A error.
		 */
		call.regs->x[0] = (uint64_t)(int64_t)-1;
		return v;
	}
	return dispatch(&call);
}

struct vcpu *ffa_handle_vcpu_exit(struct cpu *c, struct vcpu *v,
				  const struct arch_exit *e)
{
	if (v->partition->state == PARTITION_ABORTED) {
		return ffa_vcpu_fatal(c, v);
	}
	if (e->reason == ARCH_EXIT_NS_INTERRUPT) {
		return ffa_vcpu_preempted(c, v);
	}
	if (e->reason == ARCH_EXIT_INTERRUPT) {
		dlog_warning("secure interrupt %u while %#x ran: no partition "
			     "handles it yet\n",
			     arch_interrupt_ack_complete(), v->partition->id);
		return v;
	}
	dlog_error("partition %#x vCPU %u: fatal exception, ESR %#lx ELR "
		   "%#lx FAR %#lx\n",
		   v->partition->id, v->index, (unsigned long)e->esr,
		   (unsigned long)e->pc, (unsigned long)e->far);
	return ffa_vcpu_fatal(c, v);
}

void ffa_init(const struct manifest_spmc *config)
{
	ffa_set_spmc_id(config->attr.spmc_id);
	ffa_rxtx_set_config(config);
	abi_index_build();
}
