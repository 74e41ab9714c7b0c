/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/gpt.h"

#include "spmc/std.h"

#include "el3fw/test_api.h"

/* test_api.h publishes the same numbers for the test images. */
static_assert(EL3_GPT_BASE == EL3FW_GPT_BASE);
static_assert(EL3_GPT_SIZE == EL3FW_GPT_SIZE);
static_assert(EL3_GPT_BASE + EL3_GPT_SIZE <=
	      EL3_NS_DRAM_BASE + EL3_NS_DRAM_SIZE);
static_assert(EL3_GPI_SECURE == EL3FW_GPI_SECURE);
static_assert(EL3_GPI_NS == EL3FW_GPI_NS);
static_assert(EL3_GPI_ROOT == EL3FW_GPI_ROOT);
static_assert(EL3_GPI_REALM == EL3FW_GPI_REALM);
static_assert(EL3_SIP_SMC_DENIED == EL3FW_SIP_SMC_DENIED);
static_assert(EL3_SIP_SMC_INVALID == EL3FW_SIP_SMC_INVALID);
static_assert(EL3_RMI_SUCCESS == EL3FW_RMI_SUCCESS);
static_assert(EL3_RMI_ERROR_INPUT == EL3FW_RMI_ERROR_INPUT);

/*
 * The table: granule n of the window is bits [2 * (n % 4), +2) of byte
 * n / 4. Code 0 is NS so that a zeroed table (.bss) is all NS.
 */
#define GPT_CODE_NS 0U
#define GPT_CODE_SECURE 1U
#define GPT_CODE_REALM 2U
#define GPT_CODE_ROOT 3U
#define GPT_CODE_MASK 3U

static const enum el3_gpi gpt_code_to_gpi[4] = {
	[GPT_CODE_NS] = EL3_GPI_NS,
	[GPT_CODE_SECURE] = EL3_GPI_SECURE,
	[GPT_CODE_REALM] = EL3_GPI_REALM,
	[GPT_CODE_ROOT] = EL3_GPI_ROOT,
};

/** Code of `gpi`, or false if the table cannot hold it. */
static bool gpt_gpi_to_code(enum el3_gpi gpi, uint8_t *code)
{
	switch (gpi) {
	case EL3_GPI_NS:
		*code = GPT_CODE_NS;
		return true;
	case EL3_GPI_SECURE:
		*code = GPT_CODE_SECURE;
		return true;
	case EL3_GPI_REALM:
		*code = GPT_CODE_REALM;
		return true;
	case EL3_GPI_ROOT:
		*code = GPT_CODE_ROOT;
		return true;
	default:
		return false;
	}
}

/** Granule index of `pa`, false if outside the window. */
static bool gpt_index(uint64_t pa, uint64_t *index)
{
	if (pa < EL3_GPT_BASE || pa - EL3_GPT_BASE >= EL3_GPT_SIZE) {
		return false;
	}
	*index = (pa - EL3_GPT_BASE) / EL3_GPT_GRANULE;
	return true;
}

static enum el3_gpi gpt_read(const struct el3_gpt *gpt, uint64_t index)
{
	uint32_t shift = (uint32_t)(index % 4) * 2;

	return gpt_code_to_gpi[(gpt->pas[index / 4] >> shift) & GPT_CODE_MASK];
}

static void gpt_write(struct el3_gpt *gpt, uint64_t index, uint8_t code)
{
	uint32_t shift = (uint32_t)(index % 4) * 2;
	uint8_t *byte = &gpt->pas[index / 4];

	*byte =
	    (uint8_t)((*byte & ~(GPT_CODE_MASK << shift)) | (code << shift));
}

static bool gpt_aligned(uint64_t v)
{
	return (v & (EL3_GPT_GRANULE - 1)) == 0;
}

/** See gpt.h. */
void el3_gpt_init(struct el3_gpt *gpt)
{
	memset(gpt->pas, 0, sizeof(gpt->pas));
}

/** See gpt.h. */
bool el3_gpt_get(const struct el3_gpt *gpt, uint64_t pa, enum el3_gpi *gpi)
{
	uint64_t index;

	if (!gpt_index(pa, &index)) {
		return false;
	}
	*gpi = gpt_read(gpt, index);
	return true;
}

/** See gpt.h. */
bool el3_gpt_set(struct el3_gpt *gpt, uint64_t pa, enum el3_gpi gpi)
{
	uint64_t index;
	uint8_t code;

	if (!gpt_aligned(pa) || !gpt_index(pa, &index) ||
	    !gpt_gpi_to_code(gpi, &code)) {
		return false;
	}
	gpt_write(gpt, index, code);
	return true;
}

/**
 * See gpt.h. TF-A's default policy (§4.2): the Secure and Realm worlds
 * each move granules between their own PAS and NS, in both directions;
 * the normal world moves nothing (NSP/SA need FEAT_RME_GDI); ROOT and
 * everything else never moves.
 */
bool el3_gpt_allowed(enum el3_gpt_caller caller, enum el3_gpi from,
		     enum el3_gpi to)
{
	enum el3_gpi own;

	switch (caller) {
	case EL3_GPT_CALLER_SECURE:
		own = EL3_GPI_SECURE;
		break;
	case EL3_GPT_CALLER_REALM:
		own = EL3_GPI_REALM;
		break;
	default:
		return false;
	}
	return (from == EL3_GPI_NS && to == own) ||
	       (from == own && to == EL3_GPI_NS);
}

/** See gpt.h. */
enum el3_gpt_ret el3_gpt_transition(struct el3_gpt *gpt, uint64_t pa,
				    enum el3_gpi to, enum el3_gpt_caller caller)
{
	uint64_t index;
	uint8_t code;

	if (!gpt_aligned(pa) || !gpt_index(pa, &index) ||
	    !gpt_gpi_to_code(to, &code)) {
		return EL3_GPT_INVALID;
	}
	if (!el3_gpt_allowed(caller, gpt_read(gpt, index), to)) {
		return EL3_GPT_DENIED;
	}
	gpt_write(gpt, index, code);
	return EL3_GPT_OK;
}

/** See gpt.h. */
int64_t el3_gpt_protect(struct el3_gpt *gpt, bool protect, uint64_t base,
			uint64_t size, uint64_t *last)
{
	enum el3_gpi to = protect ? EL3_GPI_SECURE : EL3_GPI_NS;
	uint64_t off;

	*last = 0;
	if (!gpt_aligned(base) || !gpt_aligned(size) || base + size < base) {
		return EL3_SIP_SMC_INVALID;
	}
	for (off = 0; off < size; off += EL3_GPT_GRANULE) {
		switch (el3_gpt_transition(gpt, base + off, to,
					   EL3_GPT_CALLER_SECURE)) {
		case EL3_GPT_OK:
			*last = base + off;
			break;
		case EL3_GPT_DENIED:
			return EL3_SIP_SMC_DENIED;
		default:
			return EL3_SIP_SMC_INVALID;
		}
	}
	return EL3_SIP_SMC_OK;
}

/** See gpt.h. */
uint64_t el3_gpt_delegate(struct el3_gpt *gpt, bool delegate, uint64_t base,
			  uint64_t top, uint64_t *next)
{
	enum el3_gpi to = delegate ? EL3_GPI_REALM : EL3_GPI_NS;
	uint64_t pa;

	*next = base;
	if (!gpt_aligned(base) || !gpt_aligned(top) || top <= base) {
		return EL3_RMI_ERROR_INPUT;
	}
	for (pa = base; pa < top; pa += EL3_GPT_GRANULE) {
		if (el3_gpt_transition(gpt, pa, to, EL3_GPT_CALLER_REALM) !=
		    EL3_GPT_OK) {
			*next = pa;
			return EL3_RMI_ERROR_INPUT;
		}
	}
	*next = top;
	return EL3_RMI_SUCCESS;
}
