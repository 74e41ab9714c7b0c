/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/** Register state of a fake execution context: only what core code reads. */
struct arch_gp_regs {
	union {
		uint64_t x[31];
		struct ffa_value ffa;
	};
	uint64_t pc;
	uint64_t spsr;
};

struct arch_vcpu {
	struct arch_gp_regs gp;
	uint64_t vmpidr;
};

struct arch_cpu {
	const void *el1_owner;
};
