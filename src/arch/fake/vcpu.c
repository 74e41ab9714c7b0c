/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * The fake arch's vCPU interface: enough for host tests of the FF-A
 * dispatcher, which never run a vCPU. Entering a vCPU or the normal world
 * is not emulated.
 */

#include "spmc/arch/vcpu.h"

#include "spmc/partition.h"

void arch_vcpu_reset(struct vcpu *v, uint64_t entry)
{
	v->arch = (struct arch_vcpu){ 0 };
	v->arch.gp.pc = entry;
	v->arch.vmpidr = (1ULL << 31) | v->index;
}

uint32_t arch_interrupt_ack_complete(void)
{
	return 1023;
}

uint64_t arch_stage2_ttbr(uint64_t root_pa, uint16_t vmid)
{
	return root_pa | ((uint64_t)vmid << 48);
}
