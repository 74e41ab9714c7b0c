/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Decoding EL3's answers to the two PAS-change interfaces
 * (tfa-spmd-interface §4.3) into `struct granule_el3_ret`: how far the
 * range got and why it stopped. The arch layer makes the SMCs; this is
 * plain arithmetic, tested on the host.
 */

#include "spmc/granule.h"

#define GRANULE_BYTES 4096U

struct granule_el3_ret granule_el3_sip_result(uint64_t base, uint64_t size,
					      uint64_t x0, uint64_t x1)
{
	struct granule_el3_ret r = { GRANULE_EL3_NOT_SUPPORTED, 0 };
	int64_t status = (int64_t)x0;

	if (status == GRANULE_SIP_OK) {
		r.status = GRANULE_EL3_SUCCESS;
		r.done = size;
		return r;
	}
	if (status != GRANULE_SIP_DENIED && status != GRANULE_SIP_INVALID) {
		/* SMC_UNK or anything else: no protection here. */
		return r;
	}
	r.status = status == GRANULE_SIP_DENIED ? GRANULE_EL3_DENIED
						: GRANULE_EL3_INVALID;
	/*
	 * x1 is the base of the last granule that did transition, 0 if
	 * none. A value outside the range is EL3 misbehaving: count nothing
	 * as done rather than trust it.
	 */
	if (x1 >= base && x1 < base + size &&
	    (x1 - base) % GRANULE_BYTES == 0) {
		r.done = x1 - base + GRANULE_BYTES;
	}
	return r;
}

struct granule_el3_ret granule_el3_firme_result(uint64_t x0, uint64_t done)
{
	struct granule_el3_ret r = { GRANULE_EL3_NOT_SUPPORTED, 0 };

	switch ((int64_t)x0) {
	case GRANULE_FIRME_SUCCESS:
		r.status = GRANULE_EL3_SUCCESS;
		break;
	case GRANULE_FIRME_DENIED:
		r.status = GRANULE_EL3_DENIED;
		break;
	case GRANULE_FIRME_INVALID:
		r.status = GRANULE_EL3_INVALID;
		break;
	default:
		return r;
	}
	r.done = done * GRANULE_BYTES;
	return r;
}
