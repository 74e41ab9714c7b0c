/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdarg.h>

#include "spmc/dlog.h"

#include "backend.h"
#include "hftest/hftest.h"
#include "hftest/service.h"

/*
 * The parts of hftest both worlds share: the registry walk, failure
 * reports and the service-name hash.
 */

/* The longest failure line; longer ones are cut. */
#define HFTEST_LINE_MAX 400

/* build/image/hftest.ld: the registry array. */
extern const struct hftest_entry hftest_begin[];
extern const struct hftest_entry hftest_end[];

/* Set by any failed check on any CPU; never cleared. */
static volatile bool hftest_any_failure;

/** The first registry entry. */
const struct hftest_entry *hftest_entries_begin(void)
{
	return hftest_begin;
}

/** One past the last registry entry. */
const struct hftest_entry *hftest_entries_end(void)
{
	return hftest_end;
}

/** Whether any check has failed in this image. */
bool hftest_failed(void)
{
	return hftest_any_failure;
}

/** 64-bit FNV-1a of the bytes of `name`, without the terminator. */
uint64_t hftest_service_hash(const char *name)
{
	uint64_t hash = HFTEST_FNV1A_OFFSET;

	for (; *name != '\0'; name++) {
		hash ^= (unsigned char)*name;
		hash *= HFTEST_FNV1A_PRIME;
	}
	return hash;
}

/* Prints the failure line and marks the run failed. */
static void hftest_report(const struct hftest_failure *failure)
{
	char line[HFTEST_LINE_MAX];

	dlog_snprintf(line, sizeof(line),
		      "[hftest] failure %s:%u: %s (lhs=0x%lx, rhs=0x%lx)",
		      failure->file, failure->line, failure->expr, failure->lhs,
		      failure->rhs);
	hftest_any_failure = true;
	hftest_backend_write_line(line);
}

/** Reports a failed EXPECT_* check; the test goes on. */
void hftest_expect_failed(const struct hftest_failure *failure)
{
	hftest_report(failure);
}

/** Reports a failed ASSERT_* check and ends (see hftest_backend_end). */
void hftest_assert_failed(const struct hftest_failure *failure)
{
	hftest_report(failure);
	hftest_backend_end_fatal();
}

/** FAIL(): reports the formatted message (operands zero) and ends. */
void hftest_fail(const char *file, uint32_t line, const char *fmt, ...)
{
	char message[HFTEST_LINE_MAX];
	va_list args;

	va_start(args, fmt);
	dlog_vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	hftest_assert_failed(&(const struct hftest_failure){
	    .file = file,
	    .line = line,
	    .expr = message,
	});
}
