/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * QEMU `virt` memory map as the EL3 test firmware uses it: the same
 * addresses as TF-A's QEMU port (tfa-spmd-interface §3.1) and
 * docs/design/runtime.md §1. Included from assembly too: EL3_U() adds the
 * C suffix only in C.
 */

#ifdef __ASSEMBLER__
#define EL3_U(x) x
#else
#define EL3_U(x) x##ULL
#endif

/* Cores: linear ID = Aff1 * 16 + Aff0 (TF-A `plat_qemu_calc_core_pos`). */
#define EL3_MAX_CPUS 8
#define EL3_CLUSTER_COUNT 2
#define EL3_CPUS_PER_CLUSTER 16

/* Secure flash: this firmware at 0, the FIP at PLAT_QEMU_FIP_BASE. */
#define EL3_FLASH_BASE EL3_U(0x00000000)
#define EL3_FW_MAX_SIZE EL3_U(0x00040000)
#define EL3_FIP_BASE EL3_U(0x00040000)
#define EL3_FIP_MAX_SIZE EL3_U(0x03FC0000)

/* Secure SRAM. */
#define EL3_HOLD_PEN_BASE EL3_U(0x0E000000)
#define EL3_HOLD_PEN_SIZE EL3_U(0x1000)
#define EL3_TB_FW_CONFIG_BASE EL3_U(0x0E001000)
#define EL3_TB_FW_CONFIG_MAX EL3_U(0x1000)
#define EL3_TOS_FW_CONFIG_BASE EL3_U(0x0E002000)
#define EL3_TOS_FW_CONFIG_MAX EL3_U(0x1000)
#define EL3_BL31_BASE EL3_U(0x0E090000)
#define EL3_BL31_LIMIT EL3_U(0x0E100000)

/* Secure DRAM: BL32 (the SPMC) and the SP packages. */
#define EL3_BL32_BASE EL3_U(0x0E100000)
#define EL3_BL32_LIMIT EL3_U(0x0F000000)
#define EL3_SP_MAX_COUNT 8
#define EL3_SP_MAX_SIZE EL3_U(0x00400000)

/* Non-secure DRAM (TF-A NS_DRAM0) and BL33. */
#define EL3_NS_DRAM_BASE EL3_U(0x40000000)
#define EL3_NS_DRAM_SIZE EL3_U(0xC0000000)
#define EL3_BL33_BASE EL3_U(0x60000000)
#define EL3_BL33_MAX_SIZE EL3_U(0x20000000)

/* Devices. */
#define EL3_UART0_BASE EL3_U(0x09000000)
#define EL3_GICD_BASE EL3_U(0x08000000)
#define EL3_GICR_BASE EL3_U(0x080A0000)
#define EL3_GICR_SIZE EL3_U(0x00F60000)
#define EL3_SECURE_GPIO_BASE EL3_U(0x090B0000)
#define EL3_GPIO_POWEROFF_PIN 0
#define EL3_GPIO_RESET_PIN 1

/* Per-core EL3 stacks. */
#define EL3_STACK_SIZE EL3_U(0x2000)
#define EL3_CRASH_STACK_SIZE EL3_U(0x400)
