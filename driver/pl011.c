/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "spmc/plat/console.h"

#include "driver/nwd.h"

/*
 * The normal world's implementation of the console porting interface
 * (spmc/plat/console.h): PL011 UART0 (Arm PrimeCell UART PL011 TRM, DDI
 * 0183), which EL3 has already configured. 32-bit accesses, as the TRM
 * requires; with the MMU off they are Device-nGnRnE.
 */

#define PL011_DR 0x000U
#define PL011_FR 0x018U
#define PL011_CR 0x030U

#define PL011_FR_TXFF (1U << 5)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)

static volatile uint32_t *pl011_reg(uintptr_t offset)
{
	return (volatile uint32_t *)(NWD_UART_BASE + offset);
}

/** Enables the UART and its transmitter, keeping EL3's other settings. */
void plat_console_init(void)
{
	*pl011_reg(PL011_CR) |= PL011_CR_UARTEN | PL011_CR_TXE;
}

/** Writes one character, "\n" as "\r\n". Polls while the FIFO is full. */
void plat_console_putchar(char c)
{
	if (c == '\n') {
		plat_console_putchar('\r');
	}
	while ((*pl011_reg(PL011_FR) & PL011_FR_TXFF) != 0) {
	}
	*pl011_reg(PL011_DR) = (uint8_t)c;
}
