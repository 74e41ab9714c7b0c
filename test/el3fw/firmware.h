/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * Private interfaces of the EL3 firmware image (not the host-testable
 * logic): the functions the assembly calls, the assembly it provides, and
 * the QEMU platform pieces the C files share.
 */

#include <stdint.h>

#include "el3fw/el3.h"

/* Exception kinds vectors.S passes to el3_lower_entry. */
#define EL3_VEC_SYNC 0
#define EL3_VEC_IRQ 1
#define EL3_VEC_FIQ 2
#define EL3_VEC_SERROR 3
#define EL3_VEC_AARCH32 4

/* ESR_ELx.EC of an SMC from AArch64 state. */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3FU
#define ESR_EC_SMC64 0x17U

/* System register access: `name` is the register's assembler name. */
#define READ_SYSREG(v, name) __asm__ volatile("mrs %0, " #name : "=r"(v))
#define WRITE_SYSREG(name, v) \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)))
#define ISB() __asm__ volatile("isb" ::: "memory")
#define DSB() __asm__ volatile("dsb sy" ::: "memory")

/* Provided by entry.S and vectors.S. */
extern char el3_stacks[];
void el3_warm_entry(void);
[[noreturn]] void el3_pen_wait(uint64_t core);
[[noreturn]] void el3_world_run(struct el3_world_ctx *next,
				struct el3_world_ctx *prev);

/* Called from entry.S and vectors.S. */
[[noreturn]] void el3_cold_boot_main(void);
[[noreturn]] void el3_warm_boot_main(uint64_t core);
struct el3_world_ctx *el3_lower_entry(struct el3_world_ctx *ctx, uint64_t kind,
				      uint64_t esr);
[[noreturn]] void el3_panic_exception(uint64_t vector, uint64_t esr,
				      uint64_t elr, uint64_t far,
				      uint64_t spsr);

/* plat.c: console, CPU features, power, panic. */
void el3_console_init(void);
void el3_read_features(struct el3_features *f);
void el3_read_id_regs(struct el3_id_regs *id);
void el3_arch_init_cpu(const struct el3_features *f);
[[noreturn]] void el3_panic(const char *msg, uint64_t arg);
[[noreturn]] void el3_exit_qemu(uint64_t code);
[[noreturn]] void el3_system_off(void);
[[noreturn]] void el3_system_reset(void);

/* gicv3.c */
void el3_gic_init_distributor(void);
void el3_gic_init_cpu(uint32_t core);
void el3_gic_disable_cpu(uint32_t core);

/* loader.c: loads BL32, the configs, the SP packages and BL33. */
void el3_load_images(void);
