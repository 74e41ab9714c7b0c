/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * PAS changes through EL3 (tfa-spmd-interface §4.3): the Arm SiP
 * PLAT_PROTECT_MEM_64 / PLAT_UNPROTECT_MEM_64 calls on a whole range, or,
 * with GRANULE_EL3_FIRME, FIRME GPI_SET one granule at a time (its granule
 * count must be 1). The answers are decoded by the granule module.
 */

#include "spmc/arch/granule_el3.h"

#include "spmc/arch/smc.h"

#define GRANULE_BYTES 4096U

static struct granule_el3_ret sip(uint32_t fid, uint64_t base, uint64_t size)
{
	struct ffa_value v = { 0 };

	v.x[0] = fid;
	v.x[1] = base;
	v.x[2] = size;
	arch_smc(&v);
	return granule_el3_sip_result(base, size, v.x[0], v.x[1]);
}

static struct granule_el3_ret firme(uint64_t base, uint64_t size, uint32_t gpi)
{
	uint64_t done = 0;

	for (; done < size / GRANULE_BYTES; done++) {
		struct ffa_value v = { 0 };

		v.x[0] = GRANULE_FIRME_GPI_SET_64;
		v.x[1] = base + done * GRANULE_BYTES;
		v.x[2] = 1;
		v.x[3] = gpi;
		arch_smc(&v);
		if (v.x[0] != GRANULE_FIRME_SUCCESS) {
			return granule_el3_firme_result(v.x[0], done);
		}
	}
	return granule_el3_firme_result(GRANULE_FIRME_SUCCESS, done);
}

static struct granule_el3_ret protect(void *ctx, uint64_t base, uint64_t size)
{
	(void)ctx;
	return GRANULE_EL3_FIRME ? firme(base, size, GRANULE_FIRME_GPI_SECURE)
				 : sip(GRANULE_SIP_PROTECT_MEM_64, base, size);
}

static struct granule_el3_ret unprotect(void *ctx, uint64_t base, uint64_t size)
{
	(void)ctx;
	return GRANULE_EL3_FIRME
		   ? firme(base, size, GRANULE_FIRME_GPI_NS)
		   : sip(GRANULE_SIP_UNPROTECT_MEM_64, base, size);
}

struct granule_el3_ops arch_granule_el3_ops(void)
{
	struct granule_el3_ops ops = { protect, unprotect, NULL };

	return ops;
}
