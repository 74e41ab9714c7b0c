/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * GICv3 bring-up for the secure side. EL3 owns the distributor's
 * configuration (ARE, group enables) as TF-A does; the SPMC checks it,
 * enables Group 1 Secure at its CPU interface on each CPU, and acknowledges
 * secure interrupts. Routing partition interrupts comes with interrupt
 * support in a later version.
 */

#include <stdint.h>

#include "spmc/arch/init.h"
#include "spmc/arch/sysreg.h"
#include "spmc/arch/vcpu.h"

#include "spmc/dlog.h"

#define GICD_CTLR 0x0U
#define GICD_TYPER 0x4U
#define GICD_CTLR_ARE_S (1U << 4)
#define GICD_CTLR_EN_G1S (1U << 2)
#define INTID_SPURIOUS_FIRST 1020U

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile const uint32_t *)addr;
}

bool arch_gic_init(uintptr_t gicd)
{
	uint32_t ctlr = mmio_read32(gicd + GICD_CTLR);
	uint32_t typer = mmio_read32(gicd + GICD_TYPER);

	dlog_info("GICv3: distributor %#lx, %u SPI lines, CTLR %#x\n",
		  (unsigned long)gicd, ((typer & 0x1FU) + 1) * 32 - 32, ctlr);
	if ((ctlr & GICD_CTLR_ARE_S) == 0) {
		dlog_error("GICv3: affinity routing is off for the secure "
			   "state; EL3 must enable ARE_S\n");
		return false;
	}
	return true;
}

void arch_gic_cpu_init(void)
{
	/* The secure copy of ICC_IGRPEN1_EL1: accept Group 1 Secure. */
	write_msr(S3_0_C12_C12_7, 1);
	isb();
}

uint32_t arch_interrupt_ack_complete(void)
{
	uint64_t intid = read_msr(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	if (intid < INTID_SPURIOUS_FIRST) {
		/* EOImode 0: the write also deactivates the interrupt. */
		write_msr(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
		isb();
	}
	return (uint32_t)intid;
}
