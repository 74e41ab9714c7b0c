/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Setup and discovery: FFA_VERSION (calls and the SPMD's framework
 * message), FFA_FEATURES, FFA_ID_GET, FFA_SPM_ID_GET.
 */

#include "internal.h"

/**
 * Negotiates `requested` for an endpoint whose version is `*version`.
 * Returns the value of w0: the SPMC's version, or NOT_SUPPORTED.
 */
static uint32_t negotiate(uint32_t requested, uint32_t *version, bool locked)
{
	uint32_t major = requested >> FFA_VERSION_MAJOR_SHIFT;
	uint32_t minor = requested & FFA_VERSION_MINOR_MASK;
	uint32_t agreed;

	if ((requested & FFA_VERSION_MBZ_BIT) != 0 ||
	    major != (FFA_VERSION_COMPILED >> FFA_VERSION_MAJOR_SHIFT)) {
		return (uint32_t)FFA_NOT_SUPPORTED;
	}
	/* A newer minor version works at ours; an older one is honoured. */
	agreed = minor > (FFA_VERSION_COMPILED & FFA_VERSION_MINOR_MASK)
		     ? FFA_VERSION_COMPILED
		     : requested;
	if (locked && agreed != *version) {
		return (uint32_t)FFA_NOT_SUPPORTED;
	}
	*version = agreed;
	return FFA_VERSION_COMPILED;
}

struct vcpu *ffa_version_call(struct ffa_call *call)
{
	struct ffa_value r = { 0 };
	uint32_t requested = (uint32_t)call->regs->x[1];

	if (call->partition != NULL) {
		struct partition *p = call->partition;

		sl_lock(&p->lock);
		r.x[0] =
		    negotiate(requested, &p->ffa_version, p->version_locked);
		sl_unlock(&p->lock);
	} else {
		struct nwd_endpoint *nwd = nwd_endpoint();

		sl_lock(&nwd->lock);
		r.x[0] = negotiate(requested, &nwd->ffa_version,
				   nwd->version_locked);
		sl_unlock(&nwd->lock);
	}
	/* FFA_VERSION returns in w0 alone; x1..x7 are zero. */
	return ffa_return(call, r);
}

uint32_t ffa_version_nwd_framework(uint32_t requested)
{
	struct nwd_endpoint *nwd = nwd_endpoint();
	uint32_t ret;

	sl_lock(&nwd->lock);
	ret = negotiate(requested, &nwd->ffa_version, nwd->version_locked);
	if (ret != (uint32_t)FFA_NOT_SUPPORTED) {
		nwd->version_negotiated = true;
	}
	sl_unlock(&nwd->lock);
	return ret;
}

/* FFA_FEATURES: w1 bit 31 set = function ID, clear = feature ID. */
#define FEATURES_FID_BIT (1U << 31)

struct vcpu *ffa_features_call(struct ffa_call *call)
{
	uint32_t id = (uint32_t)call->regs->x[1];
	uint32_t props = (uint32_t)call->regs->x[2];
	const struct ffa_abi *abi;
	struct ffa_call probe;

	/* x3..x7 are MBZ; w2 (input properties) only for memory retrieve. */
	if (!ffa_regs_zero(call, 3, 7) || props != 0) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	if ((id & FEATURES_FID_BIT) == 0) {
		/*
		 * Feature IDs (NPI, SRI, MEI, notification features) come with
		 * interrupt and notification support: none yet.
		 */
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	abi = ffa_abi_find(id);
	/* Answer for the caller, as if it made that call. */
	probe = *call;
	probe.fid = id;
	if (abi == NULL || !ffa_abi_allowed(abi, &probe)) {
		return ffa_return_error(call, FFA_NOT_SUPPORTED);
	}
	return ffa_return(
	    call,
	    ffa_success(abi->features != NULL ? abi->features(&probe) : 0));
}

struct vcpu *ffa_id_get_call(struct ffa_call *call)
{
	if (!ffa_regs_zero(call, 1, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	return ffa_return(call, ffa_success(call->id));
}

struct vcpu *ffa_spm_id_get_call(struct ffa_call *call)
{
	if (!ffa_regs_zero(call, 1, 7)) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	return ffa_return(call, ffa_success(ffa_spmc_id()));
}
