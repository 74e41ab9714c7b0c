/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/log.h"
#include "el3fw/plat.h"
#include "firmware.h"

/*
 * GICv3 set up as TF-A's QEMU port does it (drivers/arm/gic/v3 with
 * plat/qemu interrupt properties, tfa-spmd-interface §1.8): affinity
 * routing for both security states; every SPI Group 1 Non-secure at the
 * default priority; on each redistributor, SGI/PPI Group 1 Non-secure
 * except SGIs 8-15, which are Secure Group 1 at the highest priority;
 * Group 0, Group 1 Secure and Group 1 Non-secure enabled in the
 * distributor. Register offsets: GICv3 architecture (IHI 0069).
 */

#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_IGROUPR 0x0080U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ICFGR 0x0C00U
#define GICD_IGRPMODR 0x0D00U

#define GICD_CTLR_EN_G0 (1U << 0)
#define GICD_CTLR_EN_G1NS (1U << 1)
#define GICD_CTLR_EN_G1S (1U << 2)
#define GICD_CTLR_ARE_S (1U << 4)
#define GICD_CTLR_ARE_NS (1U << 5)
#define GICD_CTLR_RWP (1U << 31)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB further. */
#define GICR_CTLR 0x0000U
#define GICR_TYPER 0x0008U
#define GICR_WAKER 0x0014U
#define GICR_SGI_OFFSET 0x10000U
#define GICR_IGROUPR0 0x0080U
#define GICR_ISENABLER0 0x0100U
#define GICR_ICENABLER0 0x0180U
#define GICR_ISPENDR0 0x0200U
#define GICR_IPRIORITYR 0x0400U
#define GICR_ICFGR1 0x0C04U
#define GICR_IGRPMODR0 0x0D00U

#define GICR_CTLR_RWP (1U << 3)
#define GICR_TYPER_VLPIS (1ULL << 1)
#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define GIC_FRAME_SIZE 0x10000U
/* TF-A GIC_HIGHEST_NS_PRIORITY and GIC_HIGHEST_SEC_PRIORITY. */
#define GIC_PRI_DEFAULT_NS 0x80808080U
#define GIC_PRI_HIGHEST_SEC 0x00U
#define GIC_PRI_MASK 0xFFU
/* TF-A's QEMU port: SGIs 8-15 are Secure Group 1 (QEMU_IRQ_SEC_SGI_*). */
#define GIC_G1S_SGI_MASK 0xFF00U

#define ICC_IGRPEN1_EL3_G1S (1U << 1)

/* Each core's redistributor, found by affinity at its first boot. */
static uintptr_t gic_rd_base[EL3_MAX_CPUS];

static volatile uint32_t *gic_reg32(uintptr_t base, uintptr_t off)
{
	return (volatile uint32_t *)(base + off);
}

static void gicd_wait_rwp(void)
{
	while ((*gic_reg32(EL3_GICD_BASE, GICD_CTLR) & GICD_CTLR_RWP) != 0) {
	}
}

static void gicr_wait_rwp(uintptr_t rd)
{
	while ((*gic_reg32(rd, GICR_CTLR) & GICR_CTLR_RWP) != 0) {
	}
}

/** See firmware.h: the distributor, once, on the primary core. */
void el3_gic_init_distributor(void)
{
	uint32_t lines =
	    32 * ((*gic_reg32(EL3_GICD_BASE, GICD_TYPER) & 0x1F) + 1);
	uint32_t i;

	*gic_reg32(EL3_GICD_BASE, GICD_CTLR) = 0;
	gicd_wait_rwp();
	*gic_reg32(EL3_GICD_BASE, GICD_CTLR) =
	    GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS;
	gicd_wait_rwp();
	/* SPIs (INTID 32 and up): G1NS, level, default priority. */
	for (i = 32; i < lines; i += 32) {
		*gic_reg32(EL3_GICD_BASE, GICD_IGROUPR + i / 8) = ~0U;
		*gic_reg32(EL3_GICD_BASE, GICD_IGRPMODR + i / 8) = 0;
	}
	for (i = 32; i < lines; i += 4) {
		*gic_reg32(EL3_GICD_BASE, GICD_IPRIORITYR + i) =
		    GIC_PRI_DEFAULT_NS;
	}
	for (i = 32; i < lines; i += 16) {
		*gic_reg32(EL3_GICD_BASE, GICD_ICFGR + i / 4) = 0;
	}
	*gic_reg32(EL3_GICD_BASE, GICD_CTLR) =
	    GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_EN_G0 |
	    GICD_CTLR_EN_G1NS | GICD_CTLR_EN_G1S;
	gicd_wait_rwp();
	el3_info("GICv3: %u interrupt lines, distributor enabled\n", lines);
}

/** The RD_base of the redistributor whose affinity is `mpidr`'s, or 0. */
static uintptr_t gic_find_rd(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 8) & 0xFF000000ULL) | (mpidr & 0xFFFFFFULL);
	uintptr_t rd = EL3_GICR_BASE;

	while (rd < EL3_GICR_BASE + EL3_GICR_SIZE) {
		uint64_t typer = *(volatile uint64_t *)(rd + GICR_TYPER);

		if ((typer >> 32) == aff) {
			return rd;
		}
		if ((typer & GICR_TYPER_LAST) != 0) {
			break;
		}
		rd +=
		    ((typer & GICR_TYPER_VLPIS) != 0 ? 4 : 2) * GIC_FRAME_SIZE;
	}
	return 0;
}

/** Wakes the redistributor and sets up SGIs/PPIs as TF-A does. */
static void gic_init_rd(uintptr_t rd)
{
	uintptr_t sgi = rd + GICR_SGI_OFFSET;
	uint32_t i;

	*gic_reg32(rd, GICR_WAKER) &= ~GICR_WAKER_PROCESSOR_SLEEP;
	while ((*gic_reg32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) != 0) {
	}
	*gic_reg32(sgi, GICR_ICENABLER0) = ~0U;
	gicr_wait_rwp(rd);
	*gic_reg32(sgi, GICR_IGROUPR0) = ~GIC_G1S_SGI_MASK;
	*gic_reg32(sgi, GICR_IGRPMODR0) = GIC_G1S_SGI_MASK;
	for (i = 0; i < 32; i += 4) {
		*gic_reg32(sgi, GICR_IPRIORITYR + i) =
		    i >= 8 && i < 16 ? GIC_PRI_HIGHEST_SEC : GIC_PRI_DEFAULT_NS;
	}
	*gic_reg32(sgi, GICR_ICFGR1) = 0;
	*gic_reg32(sgi, GICR_ISENABLER0) = GIC_G1S_SGI_MASK;
}

/**
 * The CPU interface: system registers for EL1 in both security states
 * (ICC_SRE_EL1 is banked by SCR_EL3.NS), priority mask open, Group 0 and
 * Group 1 Secure enabled (Group 1 Non-secure is the normal world's).
 */
static void gic_init_cpuif(void)
{
	uint64_t scr;
	uint64_t igrpen1;

	WRITE_SYSREG(icc_sre_el3, ICC_SRE_EL2_VALUE);
	ISB();
	WRITE_SYSREG(icc_sre_el1, ICC_SRE_SRE);
	READ_SYSREG(scr, scr_el3);
	WRITE_SYSREG(scr_el3, scr | SCR_NS);
	ISB();
	WRITE_SYSREG(icc_sre_el1, ICC_SRE_SRE);
	WRITE_SYSREG(scr_el3, scr);
	ISB();
	WRITE_SYSREG(icc_pmr_el1, GIC_PRI_MASK);
	WRITE_SYSREG(icc_igrpen0_el1, 1);
	READ_SYSREG(igrpen1, icc_igrpen1_el3);
	WRITE_SYSREG(icc_igrpen1_el3, igrpen1 | ICC_IGRPEN1_EL3_G1S);
	ISB();
}

/** See firmware.h: this core's redistributor and CPU interface. */
void el3_gic_init_cpu(uint32_t core)
{
	uint64_t mpidr;

	if (gic_rd_base[core] == 0) {
		READ_SYSREG(mpidr, mpidr_el1);
		gic_rd_base[core] = gic_find_rd(mpidr);
		if (gic_rd_base[core] == 0) {
			el3_panic("no GIC redistributor for this CPU", mpidr);
		}
	}
	gic_init_rd(gic_rd_base[core]);
	gic_init_cpuif();
}

/** See firmware.h: CPU interface groups off, redistributor asleep. */
void el3_gic_disable_cpu(uint32_t core)
{
	uintptr_t rd = gic_rd_base[core];
	uint64_t igrpen1;

	WRITE_SYSREG(icc_igrpen0_el1, 0);
	READ_SYSREG(igrpen1, icc_igrpen1_el3);
	WRITE_SYSREG(icc_igrpen1_el3, igrpen1 & ~(uint64_t)ICC_IGRPEN1_EL3_G1S);
	ISB();
	*gic_reg32(rd, GICR_WAKER) |= GICR_WAKER_PROCESSOR_SLEEP;
	while ((*gic_reg32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) == 0) {
	}
}

/** See plat.h. */
uint32_t el3_plat_gic_hppir0(void)
{
	uint64_t v;

	READ_SYSREG(v, icc_hppir0_el1);
	return (uint32_t)v & 0xFFFFFFU;
}

/** See plat.h. */
uint32_t el3_plat_gic_ack_g0(void)
{
	uint64_t v;

	READ_SYSREG(v, icc_iar0_el1);
	return (uint32_t)v & 0xFFFFFFU;
}

/** See plat.h. */
void el3_plat_gic_eoi_g0(uint32_t intid)
{
	WRITE_SYSREG(icc_eoir0_el1, intid);
	ISB();
}

/** See plat.h. */
void el3_plat_sgi_pend(uint32_t core, uint32_t intid)
{
	*gic_reg32(gic_rd_base[core] + GICR_SGI_OFFSET, GICR_ISPENDR0) =
	    1U << intid;
	DSB();
}

/** See plat.h: Group 0 = IGROUPR0 and IGRPMODR0 bits clear. */
void el3_plat_sgi_make_g0(uint32_t core, uint32_t intid)
{
	uintptr_t sgi = gic_rd_base[core] + GICR_SGI_OFFSET;
	uint32_t bit = 1U << intid;
	uint32_t shift = 8 * (intid % 4);
	volatile uint32_t *pri =
	    gic_reg32(sgi, GICR_IPRIORITYR + intid / 4 * 4);

	*gic_reg32(sgi, GICR_ICENABLER0) = bit;
	gicr_wait_rwp(gic_rd_base[core]);
	*gic_reg32(sgi, GICR_IGROUPR0) &= ~bit;
	*gic_reg32(sgi, GICR_IGRPMODR0) &= ~bit;
	*pri = (*pri & ~(0xFFU << shift)) | (GIC_PRI_HIGHEST_SEC << shift);
	*gic_reg32(sgi, GICR_ISENABLER0) = bit;
	DSB();
}
