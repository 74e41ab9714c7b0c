/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/el3.h"
#include "el3fw/log.h"
#include "el3fw/psci.h"
#include "firmware.h"

/*
 * C entry points of the EL3 firmware image: cold boot on the primary core
 * (BL1 + BL2 + BL31 setup in one), warm boot of a core released by
 * CPU_ON, and the exception entry that vectors.S calls with the
 * interrupted world's registers saved. The decisions are made by the
 * host-testable logic (el3.c, spmd.c, psci.c); this file turns them into
 * world switches, power-down and QEMU exits.
 */

static struct el3_system el3_sys;
static struct el3_features el3_features;

/** Top of core `core`'s EL3 stack (entry.S lays them out the same way). */
static uint64_t el3_stack_top(uint32_t core)
{
	return (uintptr_t)el3_stacks + (uint64_t)(core + 1) * EL3_STACK_SIZE;
}

/**
 * This core leaves EL3 for good (PSCI CPU_OFF done): GIC CPU interface
 * off, then the hold pen, from where CPU_ON brings it back to the warm
 * entry.
 */
[[noreturn]] static void el3_power_down(struct el3_cpu *cpu)
{
	el3_verbose("CPU%u off\n", cpu->id);
	el3_gic_disable_cpu(cpu->id);
	el3_pen_wait(cpu->id);
}

/** Turns a decision into the context to ERET to, or never returns. */
static struct el3_world_ctx *el3_resolve(struct el3_cpu *cpu,
					 enum el3_next next)
{
	switch (el3_before_entry(cpu, next)) {
	case EL3_NEXT_NWD:
		return &cpu->ctx[EL3_NWD];
	case EL3_NEXT_SPMC:
		return &cpu->ctx[EL3_SWD];
	case EL3_NEXT_CPU_OFF:
		el3_power_down(cpu);
	case EL3_NEXT_SYSTEM_OFF:
		el3_system_off();
	case EL3_NEXT_SYSTEM_RESET:
		el3_system_reset();
	case EL3_NEXT_EXIT:
		el3_notice("Test API exit with code %lu\n",
			   (unsigned long)cpu->exit_code);
		el3_exit_qemu(cpu->exit_code);
	case EL3_NEXT_PANIC:
		break;
	}
	el3_panic(cpu->panic_msg != NULL ? cpu->panic_msg : "bad decision",
		  cpu->panic_arg);
}

/**
 * An exception from a lower EL (vectors.S), registers saved in `ctx`:
 * an SMC from either world, or an FIQ from the normal world. Anything
 * else (a trapped instruction, SError, IRQ) is an EL3 panic that names it.
 */
struct el3_world_ctx *el3_lower_entry(struct el3_world_ctx *ctx, uint64_t kind,
				      uint64_t esr)
{
	struct el3_cpu *cpu = ctx->cpu;
	enum el3_world from = ctx == &cpu->ctx[EL3_SWD] ? EL3_SWD : EL3_NWD;
	uint32_t ec = (uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	if (kind == EL3_VEC_SYNC && ec == ESR_EC_SMC64) {
		return el3_resolve(cpu, el3_smc(cpu, from));
	}
	if (kind == EL3_VEC_FIQ && from == EL3_NWD) {
		return el3_resolve(cpu, el3_fiq(cpu));
	}
	el3_error("Unexpected exception from the %s world: kind %lu, "
		  "ESR_EL3 0x%lx, ELR_EL3 0x%lx\n",
		  from == EL3_SWD ? "secure" : "normal", (unsigned long)kind,
		  (unsigned long)esr, (unsigned long)ctx->elr_el3);
	el3_panic("unexpected exception from a lower EL", esr);
}

/** Per-core state of `core` that only the hardware knows. */
static struct el3_cpu *el3_cpu_setup(uint32_t core)
{
	struct el3_cpu *cpu = &el3_sys.cpus[core];

	el3_arch_init_cpu(&el3_features);
	el3_read_id_regs(&cpu->id_regs);
	cpu->ctx[EL3_NWD].runtime_sp = el3_stack_top(core);
	cpu->ctx[EL3_SWD].runtime_sp = el3_stack_top(core);
	el3_gic_init_cpu(core);
	return cpu;
}

/** See firmware.h: BL1 + BL2 + BL31 cold boot on the primary core. */
void el3_cold_boot_main(void)
{
	struct el3_id_regs id;
	struct el3_cpu *cpu;
	enum el3_next next;

	el3_console_init();
	el3_read_features(&el3_features);
	el3_read_id_regs(&id);
	el3_notice("EL3 test firmware: TF-A SPMD model (SPMD_SPM_AT_SEL2), "
		   "FF-A v1.3, PSCI v1.1\n");
	el3_info("FEAT_SEL2 %u, PAuth %u, SVE %u, SME %u\n", el3_features.sel2,
		 el3_features.pauth, el3_features.sve, el3_features.sme);
	el3_system_init(&el3_sys, &el3_features, &id, EL3_BL33_BASE);
	el3_gic_init_distributor();
	cpu = el3_cpu_setup(0);
	el3_load_images();
	next = el3_cold_boot(cpu, (const void *)EL3_TOS_FW_CONFIG_BASE,
			     EL3_TOS_FW_CONFIG_BASE, EL3_BL32_BASE,
			     el3_features.sel2);
	el3_world_run(el3_resolve(cpu, next), NULL);
}

/** See firmware.h: a core released by PSCI CPU_ON. */
void el3_warm_boot_main(uint64_t core)
{
	struct el3_cpu *cpu = el3_cpu_setup((uint32_t)core);

	el3_verbose("CPU%u warm boot\n", cpu->id);
	el3_world_run(el3_resolve(cpu, psci_cpu_on_finish(cpu)), NULL);
}
