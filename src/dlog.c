/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/dlog.h"

#include <stdbool.h>

#include "spmc/arch/cpu.h"

#include "spmc/plat/console.h"
#include "spmc/spinlock.h"
#include "spmc/std.h"

/*
 * One formatter serves both `dlog_vsnprintf` (into a caller's buffer) and
 * `vdlog` (into the calling CPU's line buffer). It writes through a
 * `struct dlog_sink`, which says which of the two it feeds; there are no
 * function pointers.
 */

/** Per-CPU line buffer and logging context. Only its own CPU touches it. */
struct dlog_cpu {
	char line[DLOG_LINE_MAX];
	size_t len;
	uint16_t context;
};

/** Where formatted characters go. */
struct dlog_sink {
	/** Line buffer of the calling CPU, or NULL for a caller's buffer. */
	struct dlog_cpu *cpu;
	char *buf;
	size_t size;
	/** Characters produced so far (may exceed `size`). */
	size_t len;
};

/** A parsed conversion specification. */
struct dlog_spec {
	bool left;
	bool zero;
	bool plus;
	bool space;
	bool alt;
	bool has_precision;
	size_t width;
	size_t precision;
	/** Length modifier: 'H' hh, 'h', 'l', 'L' ll, 'z', 'j', 't', or 0. */
	char length;
	char conv;
};

static struct dlog_cpu dlog_cpus[PLAT_MAX_CPUS];
static struct spinlock dlog_lock = SPINLOCK_INIT;
static bool dlog_lock_enabled;

/** Enables the console lock. Call once, before secondary CPUs may log. */
void dlog_enable_lock(void)
{
	dlog_lock_enabled = true;
}

/*
 * The calling CPU's state. An index out of range is a broken arch invariant;
 * such a CPU shares the last slot rather than writing out of bounds.
 */
static struct dlog_cpu *dlog_this_cpu(void)
{
	uint32_t index = arch_cpu_index();

	if (index >= PLAT_MAX_CPUS) {
		index = PLAT_MAX_CPUS - 1;
	}
	return &dlog_cpus[index];
}

static void dlog_console_puts(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		plat_console_putchar(s[i]);
	}
}

/* Writes the CPU's buffered text as one prefixed line and empties it. */
static void dlog_emit_line(struct dlog_cpu *cpu)
{
	char prefix[24];
	size_t prefix_len;
	uint32_t index = (uint32_t)(cpu - dlog_cpus);

	if (cpu->context == DLOG_CONTEXT_SPMC) {
		prefix_len =
		    dlog_snprintf(prefix, sizeof(prefix), "[SPMC c%u] ", index);
	} else {
		prefix_len = dlog_snprintf(prefix, sizeof(prefix),
					   "[%04x c%u] ", cpu->context, index);
	}

	if (dlog_lock_enabled) {
		sl_lock(&dlog_lock);
	}
	dlog_console_puts(prefix, prefix_len);
	dlog_console_puts(cpu->line, cpu->len);
	plat_console_putchar('\n');
	if (dlog_lock_enabled) {
		sl_unlock(&dlog_lock);
	}

	cpu->len = 0;
}

/*
 * Buffers one character of a CPU's output. A newline ends the line; a full
 * buffer is emitted as a piece of a longer line before taking more.
 */
static void dlog_line_putc(struct dlog_cpu *cpu, char c)
{
	if (c == '\n') {
		dlog_emit_line(cpu);
		return;
	}
	if (cpu->len == DLOG_LINE_MAX) {
		dlog_emit_line(cpu);
	}
	cpu->line[cpu->len++] = c;
}

static void dlog_sink_putc(struct dlog_sink *sink, char c)
{
	if (sink->cpu != NULL) {
		dlog_line_putc(sink->cpu, c);
	} else if (sink->len + 1 < sink->size) {
		sink->buf[sink->len] = c;
	}
	sink->len++;
}

static void dlog_sink_repeat(struct dlog_sink *sink, char c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		dlog_sink_putc(sink, c);
	}
}

/*
 * Writes `body` (`len` characters) padded to the spec's width: on the right
 * with spaces for '-', else on the left with spaces.
 */
static void dlog_put_padded(struct dlog_sink *sink,
			    const struct dlog_spec *spec, const char *body,
			    size_t len)
{
	size_t pad = spec->width > len ? spec->width - len : 0;
	size_t i;

	if (!spec->left) {
		dlog_sink_repeat(sink, ' ', pad);
	}
	for (i = 0; i < len; i++) {
		dlog_sink_putc(sink, body[i]);
	}
	if (spec->left) {
		dlog_sink_repeat(sink, ' ', pad);
	}
}

/*
 * Writes a number: `prefix` (sign or "0x"), then zeros up to the precision
 * (or, with the '0' flag and no precision, up to the width), then the
 * digits of `value` in `base`, padded to the width.
 */
static void dlog_put_number(struct dlog_sink *sink,
			    const struct dlog_spec *spec, uint64_t value,
			    unsigned int base, bool upper, const char *prefix)
{
	const char *digit_chars =
	    upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];
	size_t digit_count = 0;
	size_t prefix_len = strlen(prefix);
	size_t zeros = 0;
	size_t total;
	size_t i;

	/* Callers pass 8, 10 or 16; anything else would loop or divide by 0. */
	if (base < 2 || base > 16) {
		base = 10;
	}
	while (value != 0) {
		/* cppcheck-suppress zerodivcond ; base >= 2 from the check above */
		digits[digit_count++] = digit_chars[value % base];
		value /= base;
	}
	/* Zero prints as "0" unless an explicit precision of 0 was given. */
	if (digit_count == 0 && (!spec->has_precision || spec->precision > 0)) {
		digits[digit_count++] = '0';
	}

	if (spec->has_precision && spec->precision > digit_count) {
		zeros = spec->precision - digit_count;
	} else if (!spec->has_precision && spec->zero && !spec->left &&
		   spec->width > prefix_len + digit_count) {
		zeros = spec->width - prefix_len - digit_count;
	}
	total = prefix_len + zeros + digit_count;

	if (!spec->left && spec->width > total) {
		dlog_sink_repeat(sink, ' ', spec->width - total);
	}
	for (i = 0; i < prefix_len; i++) {
		dlog_sink_putc(sink, prefix[i]);
	}
	dlog_sink_repeat(sink, '0', zeros);
	while (digit_count > 0) {
		dlog_sink_putc(sink, digits[--digit_count]);
	}
	if (spec->left && spec->width > total) {
		dlog_sink_repeat(sink, ' ', spec->width - total);
	}
}

/* Reads a signed argument of the spec's length. */
static int64_t dlog_arg_signed(const struct dlog_spec *spec, va_list *args)
{
	switch (spec->length) {
	case 'H':
		return (signed char)va_arg(*args, int);
	case 'h':
		return (short)va_arg(*args, int);
	case 'l':
		return va_arg(*args, long);
	case 'L':
		return va_arg(*args, long long);
	case 'z':
		return (int64_t)va_arg(*args, size_t);
	case 'j':
		return va_arg(*args, intmax_t);
	case 't':
		return va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, int);
	}
}

/* Reads an unsigned argument of the spec's length. */
static uint64_t dlog_arg_unsigned(const struct dlog_spec *spec, va_list *args)
{
	switch (spec->length) {
	case 'H':
		return (unsigned char)va_arg(*args, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*args, unsigned int);
	case 'l':
		return va_arg(*args, unsigned long);
	case 'L':
		return va_arg(*args, unsigned long long);
	case 'z':
		return va_arg(*args, size_t);
	case 'j':
		return va_arg(*args, uintmax_t);
	case 't':
		return (uint64_t)va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static void dlog_put_signed(struct dlog_sink *sink,
			    const struct dlog_spec *spec, va_list *args)
{
	int64_t v = dlog_arg_signed(spec, args);
	/* Negate in unsigned arithmetic so INT64_MIN works. */
	uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	const char *sign = "";

	if (v < 0) {
		sign = "-";
	} else if (spec->plus) {
		sign = "+";
	} else if (spec->space) {
		sign = " ";
	}
	dlog_put_number(sink, spec, magnitude, 10, false, sign);
}

static void dlog_put_unsigned(struct dlog_sink *sink,
			      const struct dlog_spec *spec, va_list *args)
{
	uint64_t v = dlog_arg_unsigned(spec, args);
	const char *prefix = "";

	if (spec->conv == 'u') {
		dlog_put_number(sink, spec, v, 10, false, "");
		return;
	}
	if (spec->alt && v != 0) {
		prefix = spec->conv == 'X' ? "0X" : "0x";
	}
	dlog_put_number(sink, spec, v, 16, spec->conv == 'X', prefix);
}

static void dlog_put_string(struct dlog_sink *sink,
			    const struct dlog_spec *spec, const char *s)
{
	size_t len;

	if (s == NULL) {
		s = "(null)";
	}
	len = spec->has_precision ? strnlen(s, spec->precision) : strlen(s);
	dlog_put_padded(sink, spec, s, len);
}

/* Parses a decimal number at `*fmt`, moving past it. Saturates. */
static size_t dlog_parse_number(const char **fmt)
{
	size_t n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		size_t digit = (size_t)(**fmt - '0');

		n = n > (SIZE_MAX - digit) / 10 ? SIZE_MAX : n * 10 + digit;
		(*fmt)++;
	}
	return n;
}

/* Parses flags, width and precision after '%'; `*` reads an int argument. */
static void dlog_parse_width(const char **fmt, struct dlog_spec *spec,
			     va_list *args)
{
	if (**fmt == '*') {
		int w = va_arg(*args, int);

		(*fmt)++;
		/* A negative width means '-' and its magnitude. */
		if (w < 0) {
			spec->left = true;
			spec->width = 0 - (size_t)w;
		} else {
			spec->width = (size_t)w;
		}
	} else {
		spec->width = dlog_parse_number(fmt);
	}

	if (**fmt != '.') {
		return;
	}
	(*fmt)++;
	spec->has_precision = true;
	if (**fmt == '*') {
		int prec = va_arg(*args, int);

		(*fmt)++;
		/* A negative precision is taken as if it were absent. */
		spec->has_precision = prec >= 0;
		spec->precision = prec >= 0 ? (size_t)prec : 0;
	} else {
		spec->precision = dlog_parse_number(fmt);
	}
}

/* Parses the length modifier into the one-letter code of `dlog_spec`. */
static void dlog_parse_length(const char **fmt, struct dlog_spec *spec)
{
	char c = **fmt;

	if (c != 'h' && c != 'l' && c != 'z' && c != 'j' && c != 't') {
		return;
	}
	(*fmt)++;
	spec->length = c;
	if ((c == 'h' || c == 'l') && **fmt == c) {
		(*fmt)++;
		spec->length = c == 'h' ? 'H' : 'L';
	}
}

/* Parses the conversion specification after a '%'. */
static void dlog_parse_spec(const char **fmt, struct dlog_spec *spec,
			    va_list *args)
{
	bool more = true;

	*spec = (struct dlog_spec){ 0 };
	while (more) {
		switch (**fmt) {
		case '-':
			spec->left = true;
			break;
		case '0':
			spec->zero = true;
			break;
		case '+':
			spec->plus = true;
			break;
		case ' ':
			spec->space = true;
			break;
		case '#':
			spec->alt = true;
			break;
		default:
			more = false;
			continue;
		}
		(*fmt)++;
	}
	dlog_parse_width(fmt, spec, args);
	dlog_parse_length(fmt, spec);
	spec->conv = **fmt;
}

/* Writes one conversion. Unknown conversions are copied as written. */
static void dlog_put_conversion(struct dlog_sink *sink,
				const struct dlog_spec *spec, va_list *args)
{
	struct dlog_spec ptr_spec;
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		dlog_put_signed(sink, spec, args);
		break;
	case 'u':
	case 'x':
	case 'X':
		dlog_put_unsigned(sink, spec, args);
		break;
	case 'p':
		ptr_spec = *spec;
		ptr_spec.zero = false;
		ptr_spec.has_precision = false;
		dlog_put_number(sink, &ptr_spec,
				(uintptr_t)va_arg(*args, const void *), 16,
				false, "0x");
		break;
	case 's':
		dlog_put_string(sink, spec, va_arg(*args, const char *));
		break;
	case 'c':
		c = (char)va_arg(*args, int);
		dlog_put_padded(sink, spec, &c, 1);
		break;
	case '%':
		dlog_sink_putc(sink, '%');
		break;
	default:
		dlog_sink_putc(sink, '%');
		if (spec->conv != '\0') {
			dlog_sink_putc(sink, spec->conv);
		}
		break;
	}
}

/* Formats `fmt` with `args` into `sink`. */
static void dlog_format(struct dlog_sink *sink, const char *fmt, va_list *args)
{
	struct dlog_spec spec;

	while (*fmt != '\0') {
		if (*fmt != '%') {
			dlog_sink_putc(sink, *fmt++);
			continue;
		}
		fmt++;
		dlog_parse_spec(&fmt, &spec, args);
		dlog_put_conversion(sink, &spec, args);
		if (*fmt != '\0') {
			fmt++;
		}
	}
}

/**
 * Formats like `vsnprintf` into `buf`, writing at most `size` bytes
 * including the terminator (always written when `size` > 0). Returns the
 * number of characters the complete output needs, excluding the terminator;
 * a result >= `size` means it was truncated. `buf` may be NULL if `size` is
 * 0. Takes no lock.
 */
size_t dlog_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct dlog_sink sink = { .buf = buf, .size = size };
	va_list copy;

	va_copy(copy, args);
	dlog_format(&sink, fmt, &copy);
	va_end(copy);

	if (size > 0) {
		buf[sink.len < size ? sink.len : size - 1] = '\0';
	}
	return sink.len;
}

/** Like `snprintf`; see `dlog_vsnprintf`. */
size_t dlog_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	size_t ret;

	va_start(args, fmt);
	ret = dlog_vsnprintf(buf, size, fmt, args);
	va_end(args);
	return ret;
}

/**
 * Formats into the calling CPU's line buffer. Each complete line, and each
 * DLOG_LINE_MAX-character piece of a longer one, is written to the console
 * with the CPU's prefix under the console lock (once enabled).
 */
void vdlog(const char *fmt, va_list args)
{
	struct dlog_sink sink = { .cpu = dlog_this_cpu() };
	va_list copy;

	va_copy(copy, args);
	dlog_format(&sink, fmt, &copy);
	va_end(copy);
}

/** Logs like `printf`; see `vdlog`. */
void dlog(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vdlog(fmt, args);
	va_end(args);
}

/** Writes the calling CPU's partial line, if any, as a line of its own. */
void dlog_flush(void)
{
	struct dlog_cpu *cpu = dlog_this_cpu();

	if (cpu->len > 0) {
		dlog_emit_line(cpu);
	}
}

/**
 * Sets the partition the calling CPU logs for (DLOG_CONTEXT_SPMC: the SPMC
 * itself). A partial line written under the previous context is flushed
 * first, so it keeps the prefix it was written under.
 */
void dlog_set_context(uint16_t partition_id)
{
	struct dlog_cpu *cpu = dlog_this_cpu();

	if (cpu->context != partition_id && cpu->len > 0) {
		dlog_emit_line(cpu);
	}
	cpu->context = partition_id;
}
