/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/log.h"

#include <stdbool.h>
#include <stdint.h>

#include "spmc/dlog.h"
#include "spmc/plat/console.h"
#include "spmc/std.h"

#include "vmlib/ffa.h"
#include "vmlib/vmlib.h"

/*
 * Line-buffered partition log over FFA_CONSOLE_LOG. The formatter is the
 * SPMC's own (`dlog_vsnprintf`, which takes no lock); this file adds the
 * per-vCPU line buffers and the FF-A transport. It also implements the
 * console porting interface (spmc/plat/console.h) for partitions, which
 * the dlog module links against.
 */

/** The forms of FFA_CONSOLE_LOG, richest first. */
enum vmlib_console_form {
	VMLIB_CONSOLE_64_V1_2,
	VMLIB_CONSOLE_64_V1_1,
	VMLIB_CONSOLE_32,
	VMLIB_CONSOLE_NONE,
};

/** One vCPU's line in progress. Only its own vCPU touches it. */
struct vmlib_log_line {
	char chars[FFA_CONSOLE_LOG_64_MAX_CHARS];
	size_t len;
};

static struct vmlib_log_line vmlib_log_lines[VMLIB_MAX_VCPUS];

/*
 * The form in use. vCPUs may race to lower it; each writes a value the
 * SPMC refused for one of them, so any interleaving ends at a valid form.
 */
static volatile enum vmlib_console_form vmlib_console_form;

/* The most characters one call of `form` carries. */
static size_t vmlib_console_max(enum vmlib_console_form form)
{
	switch (form) {
	case VMLIB_CONSOLE_64_V1_2:
		return FFA_CONSOLE_LOG_64_MAX_CHARS;
	case VMLIB_CONSOLE_64_V1_1:
		return FFA_CONSOLE_LOG_64_V1_1_MAX_CHARS;
	case VMLIB_CONSOLE_32:
		return FFA_CONSOLE_LOG_32_MAX_CHARS;
	default:
		return 0;
	}
}

/*
 * Whether an FFA_CONSOLE_LOG error means "use a smaller form": the ABI (or
 * its SMC64 form) is not supported, or the v1.2 count was too large for a
 * v1.1 SPMC. Any other error drops the characters.
 */
static bool vmlib_console_refused(enum vmlib_console_form form, size_t n,
				  const struct ffa_value *ret)
{
	if (ffa_is_error(ret, FFA_NOT_SUPPORTED)) {
		return true;
	}
	return form == VMLIB_CONSOLE_64_V1_2 &&
	       n > FFA_CONSOLE_LOG_64_V1_1_MAX_CHARS &&
	       ffa_is_error(ret, FFA_INVALID_PARAMETERS);
}

/* Sends up to one call's worth of `chars`; returns how many it consumed. */
static size_t vmlib_console_send(const char *chars, size_t len)
{
	for (;;) {
		enum vmlib_console_form form = vmlib_console_form;
		size_t n = len;
		struct ffa_value ret;

		if (form == VMLIB_CONSOLE_NONE) {
			/* Nothing works: drop the output. */
			return len;
		}
		if (n > vmlib_console_max(form)) {
			n = vmlib_console_max(form);
		}
		ret = form == VMLIB_CONSOLE_32 ? ffa_console_log_32(chars, n)
					       : ffa_console_log_64(chars, n);
		if (!vmlib_console_refused(form, n, &ret)) {
			return n;
		}
		vmlib_console_form = (enum vmlib_console_form)(form + 1);
	}
}

/** Sends `len` characters with as many FFA_CONSOLE_LOG calls as needed. */
void vmlib_console_write(const char *chars, size_t len)
{
	while (len > 0) {
		size_t sent = vmlib_console_send(chars, len);

		chars += sent;
		len -= sent;
	}
}

static struct vmlib_log_line *vmlib_log_this_line(void)
{
	uint32_t vcpu = vmlib_vcpu_index();

	/* entry.S refuses larger indices; this keeps the array in bounds. */
	return &vmlib_log_lines[vcpu < VMLIB_MAX_VCPUS ? vcpu : 0];
}

static void vmlib_log_putc(struct vmlib_log_line *line, char c)
{
	if (line->len == sizeof(line->chars)) {
		vmlib_console_write(line->chars, line->len);
		line->len = 0;
	}
	line->chars[line->len++] = c;
	if (c == '\n') {
		vmlib_console_write(line->chars, line->len);
		line->len = 0;
	}
}

/**
 * Formats into the calling vCPU's line buffer; each completed line (or
 * full buffer) goes out with FFA_CONSOLE_LOG. See vmlib/log.h for limits.
 */
void vmlib_vlog(const char *fmt, va_list args)
{
	struct vmlib_log_line *line = vmlib_log_this_line();
	char buf[VMLIB_LOG_FORMAT_MAX];
	size_t fmt_len = strlen(fmt);
	size_t len;
	size_t i;

	len = dlog_vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= sizeof(buf)) {
		len = sizeof(buf) - 1;
		/* A cut line still ends where the caller meant it to. */
		if (fmt_len > 0 && fmt[fmt_len - 1] == '\n') {
			buf[len - 1] = '\n';
		}
	}
	for (i = 0; i < len; i++) {
		vmlib_log_putc(line, buf[i]);
	}
}

/** Logs like `printf`; see `vmlib_vlog`. */
void vmlib_log(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vmlib_vlog(fmt, args);
	va_end(args);
}

/** Ends the calling vCPU's partial line, if any, and sends it. */
void vmlib_log_flush(void)
{
	struct vmlib_log_line *line = vmlib_log_this_line();

	if (line->len > 0) {
		vmlib_log_putc(line, '\n');
	}
}

/** Console porting interface: nothing to prepare in a partition. */
void plat_console_init(void)
{
}

/** Console porting interface: one character into the vCPU's line. */
void plat_console_putchar(char c)
{
	vmlib_log_putc(vmlib_log_this_line(), c);
}
