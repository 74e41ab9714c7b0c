/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

/**
 * Arch interface: running partition vCPUs and the normal world on the
 * calling CPU. The arch layer owns every system register; core code sees
 * only the GP registers in `struct vcpu.arch.gp` and `struct cpu.nwd`.
 */

struct cpu;
struct vcpu;

enum arch_exit_reason {
	/** An SMC or HVC: an FF-A call with its registers in the vCPU. */
	ARCH_EXIT_CALL = 0,
	/** A secure (Group 1 Secure) interrupt arrived while the vCPU ran. */
	ARCH_EXIT_INTERRUPT,
	/** A non-secure interrupt arrived: the normal world must run. */
	ARCH_EXIT_NS_INTERRUPT,
	/** A fault the SPMC does not resolve: the partition cannot go on. */
	ARCH_EXIT_FAULT,
};

struct arch_exit {
	enum arch_exit_reason reason;
	/** Syndrome, fault address and PC of the exit, for the log. */
	uint64_t esr;
	uint64_t far;
	uint64_t pc;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Puts `v` in its reset state: PC `entry`, EL1h with exceptions masked,
 * the MMU off, every GP register zero, VMPIDR for vCPU `v->index`.
 */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry);

/**
 * Runs `v` on CPU `c` until it makes an FF-A call or exits for another
 * reason. Handles on its own what needs no decision of the core (lazy
 * FP/SIMD switch, WFI/WFE as no-ops, Group 0 interrupts, which go to EL3
 * with FFA_EL3_INTR_HANDLE).
 */
struct arch_exit arch_vcpu_enter(struct cpu *c, struct vcpu *v);

/**
 * Returns `c->nwd` to the normal world through EL3 and comes back with the
 * next request from EL3 in `c->nwd`. Restores the normal world's EL1 and
 * FP/SIMD state first if a partition changed them.
 */
void arch_nwd_enter(struct cpu *c);

/**
 * Acknowledges the highest-priority pending secure interrupt at the
 * physical CPU interface, completes it (EOI and deactivation) and returns
 * its INTID (1023 if none was pending).
 */
uint32_t arch_interrupt_ack_complete(void);

/** VSTTBR_EL2/VTTBR_EL2 values for a stage-2 root and VMID. */
uint64_t arch_stage2_ttbr(uint64_t root_pa, uint16_t vmid);

#ifdef __cplusplus
}
#endif
