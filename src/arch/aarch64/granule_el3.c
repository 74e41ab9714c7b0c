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

#include <stdint.h>

#define GRANULE_BYTES 4096U

/** EL3's answer in x0 and x1. */
struct smc_ret2 {
	uint64_t x0;
	uint64_t x1;
};

/*
 * An SMCCC call with four arguments: these calls take the memory path, one
 * per constituent, so they skip the 18-register block of `arch_smc`. EL3
 * may change x0..x17 (SMCCC v1.2 §2.6) and preserves the rest.
 */
static struct smc_ret2 smc4(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (struct smc_ret2){ x0, x1 };
}

static struct granule_el3_ret sip(uint32_t fid, uint64_t base, uint64_t size)
{
	struct smc_ret2 r = smc4(fid, base, size, 0);

	return granule_el3_sip_result(base, size, r.x0, r.x1);
}

static struct granule_el3_ret firme(uint64_t base, uint64_t size, uint32_t gpi)
{
	uint64_t done = 0;

	for (; done < size / GRANULE_BYTES; done++) {
		struct smc_ret2 r = smc4(GRANULE_FIRME_GPI_SET_64,
					 base + done * GRANULE_BYTES, 1, gpi);

		if (r.x0 != GRANULE_FIRME_SUCCESS) {
			return granule_el3_firme_result(r.x0, done);
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
