/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/plat/console.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/arch/fake.h"

/*
 * The fake console appends every character to an in-memory capture that
 * tests read back with `fake_console_take`. With SPMC_FAKE_CONSOLE_ECHO set
 * in the environment, characters are also written to stderr.
 */

/** The capture buffer and its state, guarded by `fake_console_lock`. */
struct fake_console {
	char buf[FAKE_CONSOLE_CAPTURE_SIZE];
	/** Characters captured since the last take (may exceed the buffer). */
	size_t len;
	/** Whether the environment asked for echo; read once. */
	bool echo_checked;
	bool echo;
};

static struct fake_console fake_console;
static pthread_mutex_t fake_console_lock = PTHREAD_MUTEX_INITIALIZER;

/* Reads SPMC_FAKE_CONSOLE_ECHO once. Needs `fake_console_lock`. */
static void fake_console_check_echo(void)
{
	if (!fake_console.echo_checked) {
		fake_console.echo = getenv("SPMC_FAKE_CONSOLE_ECHO") != NULL;
		fake_console.echo_checked = true;
	}
}

/** Prepares the console: nothing to do but read the echo setting. */
void plat_console_init(void)
{
	pthread_mutex_lock(&fake_console_lock);
	fake_console_check_echo();
	pthread_mutex_unlock(&fake_console_lock);
}

/** Appends `c` to the capture (dropped if full) and echoes it if asked. */
void plat_console_putchar(char c)
{
	pthread_mutex_lock(&fake_console_lock);
	fake_console_check_echo();
	if (fake_console.len < sizeof(fake_console.buf)) {
		fake_console.buf[fake_console.len] = c;
	}
	fake_console.len++;
	if (fake_console.echo) {
		fputc(c, stderr);
	}
	pthread_mutex_unlock(&fake_console_lock);
}

/** Copies the capture into `buf` and clears it; see fake.h. */
size_t fake_console_take(char *buf, size_t size)
{
	size_t len;
	size_t stored;
	size_t n;

	pthread_mutex_lock(&fake_console_lock);
	len = fake_console.len;
	stored =
	    len < sizeof(fake_console.buf) ? len : sizeof(fake_console.buf);
	if (size > 0) {
		n = stored < size - 1 ? stored : size - 1;
		memcpy(buf, fake_console.buf, n);
		buf[n] = '\0';
	}
	fake_console.len = 0;
	pthread_mutex_unlock(&fake_console_lock);

	return len;
}
