/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "el3fw/plat.h"

#include <stdarg.h>

#include "spmc/arch/cpu.h"

#include "spmc/dlog.h"
#include "spmc/plat/console.h"
#include "spmc/spinlock.h"

#include "el3fw/log.h"
#include "firmware.h"

/*
 * QEMU `virt` platform pieces of the EL3 test firmware: UART0 console and
 * log, CPU feature and identity registers, EL3 system register setup,
 * releasing cores, power off/reset through the secure PL061 (as TF-A's
 * QEMU port) and panics reported through semihosting.
 */

#define PL011_DR 0x000U
#define PL011_FR 0x018U
#define PL011_CR 0x030U
#define PL011_FR_TXFF (1U << 5)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)

#define PL061_DIR 0x400U

#define SCTLR_EL3_RES1 0x30C50830ULL
#define SCTLR_EL3_SA (1ULL << 3)
#define SCTLR_EL3_I (1ULL << 12)

/* Semihosting (Arm IHI 0087): SYS_EXIT_EXTENDED, ADP_Stopped_ApplicationExit. */
#define SEMIHOSTING_SYS_EXIT_EXTENDED 0x20U
#define ADP_STOPPED_APPLICATION_EXIT 0x20026U

#define EL3_PANIC_EXIT_CODE 1U

static struct spinlock el3_log_lock = SPINLOCK_INIT;
static uint32_t el3_panicking;

static volatile uint32_t *el3_uart(uintptr_t off)
{
	return (volatile uint32_t *)(EL3_UART0_BASE + off);
}

/** Enables UART0's transmitter; QEMU needs no baud rate setup. */
void el3_console_init(void)
{
	*el3_uart(PL011_CR) |= PL011_CR_UARTEN | PL011_CR_TXE;
}

static void el3_putc_raw(char c)
{
	while ((*el3_uart(PL011_FR) & PL011_FR_TXFF) != 0) {
	}
	*el3_uart(PL011_DR) = (uint8_t)c;
}

/** Console porting interface of spmc/plat/console.h: UART0. */
void plat_console_init(void)
{
	el3_console_init();
}

/** Writes `c`, "\n" as "\r\n". */
void plat_console_putchar(char c)
{
	if (c == '\n') {
		el3_putc_raw('\r');
	}
	el3_putc_raw(c);
}

/** Linear core ID (Aff1 * 16 + Aff0), for spmc/arch/cpu.h users. */
uint32_t arch_cpu_index(void)
{
	uint64_t mpidr;

	READ_SYSREG(mpidr, mpidr_el1);
	return (uint32_t)(((mpidr >> 8) & 0xFF) * 16 + (mpidr & 0xFF));
}

static void el3_puts(const char *s)
{
	while (*s != '\0') {
		plat_console_putchar(*s++);
	}
}

/** See log.h: one whole line under the console lock, TF-A prefixes. */
void el3_log(int level, const char *fmt, ...)
{
	static const char *const prefixes[] = {
		"",          "ERROR:   ", "NOTICE:  ",
		"WARNING: ", "INFO:    ", "VERBOSE: ",
	};
	char line[192];
	va_list args;

	va_start(args, fmt);
	dlog_vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (level < 0 || level > DLOG_LEVEL_VERBOSE) {
		level = 0;
	}
	sl_lock(&el3_log_lock);
	el3_puts(prefixes[level]);
	el3_puts(line);
	sl_unlock(&el3_log_lock);
}

/** See firmware.h. */
void el3_read_features(struct el3_features *f)
{
	uint64_t pfr0;
	uint64_t pfr1;
	uint64_t isar1;
	uint64_t isar2;

	READ_SYSREG(pfr0, id_aa64pfr0_el1);
	READ_SYSREG(pfr1, id_aa64pfr1_el1);
	READ_SYSREG(isar1, id_aa64isar1_el1);
	READ_SYSREG(isar2, S3_0_C0_C6_2); /* ID_AA64ISAR2_EL1 */

	f->sel2 = ((pfr0 >> 36) & 0xF) != 0;
	f->sve = ((pfr0 >> 32) & 0xF) != 0;
	f->sme = ((pfr1 >> 24) & 0xF) != 0;
	/* APA, API, GPA, GPI in ISAR1; APA3, GPA3 in ISAR2. */
	f->pauth = (isar1 & 0xFF000FF0ULL) != 0 || (isar2 & 0xFF00ULL) != 0;
}

/** See firmware.h. */
void el3_read_id_regs(struct el3_id_regs *id)
{
	READ_SYSREG(id->midr, midr_el1);
	READ_SYSREG(id->mpidr, mpidr_el1);
	READ_SYSREG(id->mdcr_el2, mdcr_el2);
}

/**
 * EL3 system registers of this core: MMU and data cache off, I-cache on;
 * no EL3 traps of debug or FP; SVE/SME vector lengths at their maximum
 * for the normal world (TF-A writes ZCR_EL3/SMCR_EL3 the same way); the
 * GIC system register interface for EL3 and below.
 */
void el3_arch_init_cpu(const struct el3_features *f)
{
	uint64_t cptr = 0;

	WRITE_SYSREG(sctlr_el3, SCTLR_EL3_RES1 | SCTLR_EL3_I | SCTLR_EL3_SA);
	WRITE_SYSREG(scr_el3, SCR_RES1 | SCR_RW | SCR_EEL2);
	WRITE_SYSREG(mdcr_el3, 0);
	if (f->sve) {
		cptr |= CPTR_EL3_EZ;
	}
	if (f->sme) {
		cptr |= CPTR_EL3_ESM;
	}
	WRITE_SYSREG(cptr_el3, cptr);
	ISB();
	if (f->sve) {
		WRITE_SYSREG(S3_6_C1_C2_0, 0xF); /* ZCR_EL3.LEN */
	}
	if (f->sme) {
		WRITE_SYSREG(S3_6_C1_C2_6, 0xF); /* SMCR_EL3.LEN */
	}
	WRITE_SYSREG(cptr_el3, 0);
	WRITE_SYSREG(icc_sre_el3, ICC_SRE_EL2_VALUE);
	ISB();
}

/** Releases core `core` from the hold pen into `el3_warm_entry`. */
void el3_plat_cpu_release(uint32_t core)
{
	volatile uint64_t *mailbox =
	    (volatile uint64_t *)(uintptr_t)EL3_HOLD_PEN_BASE + core;

	*mailbox = (uintptr_t)el3_warm_entry;
	__asm__ volatile("dsb sy\n\tsev" ::: "memory");
}

/** See firmware.h: semihosting SYS_EXIT_EXTENDED with `code`. */
void el3_exit_qemu(uint64_t code)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, code };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT_EXTENDED;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static void el3_put_hex(uint64_t v)
{
	int shift;

	el3_puts("0x");
	for (shift = 60; shift >= 0; shift -= 4) {
		plat_console_putchar("0123456789abcdef"[(v >> shift) & 0xF]);
	}
}

/**
 * EL3 panic: prints the reason on UART0 without the console lock (the
 * panic may come from inside the logger) and exits QEMU with a non-zero
 * code. A panic while panicking parks the core (semihosting may be off,
 * and then HLT itself faults).
 */
void el3_panic(const char *msg, uint64_t arg)
{
	if (__atomic_exchange_n(&el3_panicking, 1, __ATOMIC_RELAXED) != 0) {
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	el3_puts("ERROR:   EL3 panic on CPU");
	plat_console_putchar((char)('0' + arch_cpu_index() % 10));
	el3_puts(": ");
	el3_puts(msg);
	el3_puts(" (");
	el3_put_hex(arg);
	el3_puts(")\nPANIC in EL3.\n");
	el3_exit_qemu(EL3_PANIC_EXIT_CODE);
}

/** See firmware.h. */
void el3_panic_exception(uint64_t vector, uint64_t esr, uint64_t elr,
			 uint64_t far, uint64_t spsr)
{
	if (__atomic_load_n(&el3_panicking, __ATOMIC_RELAXED) == 0) {
		el3_puts("ERROR:   Unhandled exception at EL3, vector ");
		el3_put_hex(vector);
		el3_puts("\n  ESR_EL3 ");
		el3_put_hex(esr);
		el3_puts("\n  ELR_EL3 ");
		el3_put_hex(elr);
		el3_puts("\n  FAR_EL3 ");
		el3_put_hex(far);
		el3_puts("\n  SPSR_EL3 ");
		el3_put_hex(spsr);
		el3_puts("\n");
	}
	el3_panic("exception taken at EL3", esr);
}

/** Drives secure PL061 pin `pin` low then high: QEMU's power GPIOs. */
static void el3_gpio_pulse(uint32_t pin)
{
	volatile uint8_t *gpio = (volatile uint8_t *)EL3_SECURE_GPIO_BASE;
	volatile uint8_t *data = gpio + (4U << pin);

	gpio[PL061_DIR] |= (uint8_t)(1U << pin);
	*data = 0;
	*data = (uint8_t)(1U << pin);
	__asm__ volatile("dsb sy" ::: "memory");
}

/** PSCI SYSTEM_OFF, as TF-A's `qemu_system_off`: GPIO pin 0. */
void el3_system_off(void)
{
	el3_notice("QEMU System Power off: with GPIO.\n");
	el3_gpio_pulse(EL3_GPIO_POWEROFF_PIN);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/**
 * PSCI SYSTEM_RESET, as TF-A's `qemu_system_reset`: GPIO pin 1. The hold
 * pen is cleared first: QEMU keeps RAM across a reset, and a stale mailbox
 * would release a secondary core into the old image.
 */
void el3_system_reset(void)
{
	volatile uint64_t *pen = (volatile uint64_t *)EL3_HOLD_PEN_BASE;
	uint32_t i;

	el3_notice("QEMU System Reset: with GPIO.\n");
	for (i = 0; i < EL3_MAX_CPUS; i++) {
		pen[i] = 0;
	}
	__asm__ volatile("dsb sy" ::: "memory");
	el3_gpio_pulse(EL3_GPIO_RESET_PIN);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
