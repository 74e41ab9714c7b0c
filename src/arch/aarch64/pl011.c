/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/arch/barriers.h"

#include "spmc/plat/console.h"

/*
 * PL011 UART console (Arm PrimeCell UART PL011 TRM, DDI 0183). On QEMU
 * `virt` PLAT_SPMC_UART_BASE is UART1, the secure-only UART, which QEMU backs
 * with its second `-serial`. TF-A leaves it usable; the baud rate and line
 * settings are QEMU's defaults. Accesses are 32-bit, as the TRM requires.
 */

#define PL011_DR 0x000U
#define PL011_FR 0x018U
#define PL011_CR 0x030U

#define PL011_FR_TXFF (1U << 5)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)

static volatile uint32_t *pl011_reg(uintptr_t offset)
{
	return (volatile uint32_t *)(PLAT_SPMC_UART_BASE + offset);
}

/** Enables the UART and its transmitter, keeping the other settings. */
void plat_console_init(void)
{
	*pl011_reg(PL011_CR) |= PL011_CR_UARTEN | PL011_CR_TXE;
	arch_dsb_sy();
}

static void pl011_putc_raw(char c)
{
	while ((*pl011_reg(PL011_FR) & PL011_FR_TXFF) != 0) {
	}
	*pl011_reg(PL011_DR) = (uint8_t)c;
}

/** Writes one character, "\n" as "\r\n". Polls while the TX FIFO is full. */
void plat_console_putchar(char c)
{
	if (c == '\n') {
		pl011_putc_raw('\r');
	}
	pl011_putc_raw(c);
}
