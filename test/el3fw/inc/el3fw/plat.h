/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Platform hooks the host-testable EL3 logic calls: GIC operations and
 * releasing a core from the hold pen. The firmware implements them for
 * QEMU `virt` (gicv3.c, plat.c); the unit tests link fakes that record the
 * calls. Chosen at link time; there are no function pointers.
 */

#include <stdint.h>

/* GICv3 special INTIDs seen at EL3 (IHI 0069, §2.2.1). */
#define GIC_INTID_G1S_PENDING 1020U
#define GIC_INTID_G1NS_PENDING 1021U
#define GIC_INTID_SPURIOUS 1023U

#ifdef __cplusplus
extern "C" {
#endif

/** ICC_HPPIR0_EL1 at EL3: the highest-priority pending interrupt. */
uint32_t el3_plat_gic_hppir0(void);

/** Acknowledges the highest-priority pending Group-0 interrupt (IAR0). */
uint32_t el3_plat_gic_ack_g0(void);

/** Ends (and, with EOImode 0, deactivates) Group-0 interrupt `intid`. */
void el3_plat_gic_eoi_g0(uint32_t intid);

/** Sets SGI `intid` pending on core `core`'s redistributor. */
void el3_plat_sgi_pend(uint32_t core, uint32_t intid);

/** Makes SGI `intid` an enabled Group-0 interrupt on core `core`. */
void el3_plat_sgi_make_g0(uint32_t core, uint32_t intid);

/** Releases core `core` from the hold pen into the EL3 warm entry. */
void el3_plat_cpu_release(uint32_t core);

#ifdef __cplusplus
}
#endif
