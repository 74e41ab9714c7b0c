/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

/**
 * hftest, the in-image test framework (test/hftest/README.md).
 *
 *   TEST(suite, name) { ... }        a test, run by the NWd runner
 *   SET_UP(suite) { ... }            optional, before each test of suite
 *   TEAR_DOWN(suite) { ... }         optional, after each test of suite
 *   TEST_SERVICE(name) { ... }       a service in a partition image
 *                                    (hftest/service.h)
 *
 * Checks: ASSERT_* end the test at the first failure (NWd: the verdict is
 * printed and the system powered off at once; in a partition: the
 * partition ends); EXPECT_* record the failure and go on; FAIL(fmt, ...)
 * fails at once with a formatted message. Each failed check prints
 *
 *   [hftest] failure <file>:<line>: <expression> (lhs=0x<hex>, rhs=0x<hex>)
 *
 * with both operands converted to uint64_t (for ASSERT_TRUE/FALSE, lhs is
 * the truth value and rhs the wanted one; FAIL prints zeros). Operands
 * are evaluated once, and must be integers, booleans or pointers. Checks
 * work on every CPU of the normal world.
 */

enum hftest_kind {
	HFTEST_KIND_TEST = 1,
	HFTEST_KIND_SET_UP = 2,
	HFTEST_KIND_TEAR_DOWN = 3,
	HFTEST_KIND_SERVICE = 4,
};

/**
 * One registry entry. The macros below place each in its own `.hftest.*`
 * section; build/image/hftest.ld sorts them by section name into one
 * array between `hftest_begin` and `hftest_end`.
 */
struct hftest_entry {
	uint32_t kind;
	uint32_t line;
	/** The suite (tests, set-up, tear-down); NULL for services. */
	const char *suite;
	/** The test or service name; NULL for set-up and tear-down. */
	const char *name;
	const char *file;
	/** TEST, SET_UP, TEAR_DOWN. */
	void (*fn)(void);
	/** TEST_SERVICE: gets a request, returns the response registers. */
	struct ffa_value (*service)(const struct ffa_value *req);
};

static_assert(sizeof(struct hftest_entry) % 8 == 0,
	      "registry entries are laid out back to back");

/** A failed check, as reported. */
struct hftest_failure {
	const char *file;
	uint32_t line;
	const char *expr;
	uint64_t lhs;
	uint64_t rhs;
};

#ifdef __cplusplus
extern "C" {
#endif

/** The registry, in section-name order. */
const struct hftest_entry *hftest_entries_begin(void);
const struct hftest_entry *hftest_entries_end(void);

/** Reports a failed EXPECT_* and marks the run failed; returns. */
void hftest_expect_failed(const struct hftest_failure *failure);

/** Reports a failed ASSERT_* and ends the test or partition. */
[[noreturn]] void hftest_assert_failed(const struct hftest_failure *failure);

/** FAIL(): reports the formatted message and ends as ASSERT_* does. */
[[noreturn]] void hftest_fail(const char *file, uint32_t line, const char *fmt,
			      ...) __attribute__((format(printf, 3, 4)));

/** Whether any check has failed in this image (on any CPU). */
bool hftest_failed(void);

#ifdef __cplusplus
}
#endif

/* Registration. Section names sort suites, then names, alphabetically. */

#define HFTEST_ENTRY_ATTRS(section_name) \
	__attribute__((used, section(section_name), aligned(8)))

#define TEST(suite_id, test_id)                                    \
	static void hftest_test_##suite_id##__##test_id(void);     \
	HFTEST_ENTRY_ATTRS(".hftest.test." #suite_id "." #test_id) \
	static const struct hftest_entry                           \
	    hftest_entry_##suite_id##__##test_id = {               \
		    .kind = HFTEST_KIND_TEST,                      \
		    .line = __LINE__,                              \
		    .suite = #suite_id,                            \
		    .name = #test_id,                              \
		    .file = __FILE_NAME__,                         \
		    .fn = hftest_test_##suite_id##__##test_id,     \
	    };                                                     \
	static void hftest_test_##suite_id##__##test_id(void)

#define HFTEST_SUITE_HOOK(suite_id, hook, kind_value)                         \
	static void hftest_##hook##_##suite_id(void);                         \
	HFTEST_ENTRY_ATTRS(".hftest." #hook "." #suite_id)                    \
	static const struct hftest_entry hftest_##hook##_entry_##suite_id = { \
		.kind = kind_value,                                           \
		.line = __LINE__,                                             \
		.suite = #suite_id,                                           \
		.file = __FILE_NAME__,                                        \
		.fn = hftest_##hook##_##suite_id,                             \
	};                                                                    \
	static void hftest_##hook##_##suite_id(void)

#define SET_UP(suite_id) HFTEST_SUITE_HOOK(suite_id, set_up, HFTEST_KIND_SET_UP)
#define TEAR_DOWN(suite_id) \
	HFTEST_SUITE_HOOK(suite_id, tear_down, HFTEST_KIND_TEAR_DOWN)

/* Checks. */

/*
 * Both operands are converted to the type `?:` would give them (the usual
 * arithmetic conversions, or the common pointer type), which is what the
 * comparison would do anyway, so comparing an unsigned value with a
 * literal such as 0 or -1 draws no sign-compare warning. The user-facing
 * macros stringify their arguments themselves, before macro expansion, so
 * the report shows the expression as written.
 */
#define HFTEST_CHECK(lhs_expr, op, rhs_expr, text, report)              \
	do {                                                            \
		const typeof(1 ? (lhs_expr) : (rhs_expr)) hftest_lhs_ = \
		    (lhs_expr);                                         \
		const typeof(1 ? (lhs_expr) : (rhs_expr)) hftest_rhs_ = \
		    (rhs_expr);                                         \
		if (!(hftest_lhs_ op hftest_rhs_)) {                    \
			report(&(const struct hftest_failure){          \
			    .file = __FILE_NAME__,                      \
			    .line = __LINE__,                           \
			    .expr = text,                               \
			    .lhs = (uint64_t)hftest_lhs_,               \
			    .rhs = (uint64_t)hftest_rhs_,               \
			});                                             \
		}                                                       \
	} while (0)

#define HFTEST_CHECK_BOOL(value, want, text, report)           \
	do {                                                   \
		const bool hftest_value_ = (value);            \
		if (hftest_value_ != (want)) {                 \
			report(&(const struct hftest_failure){ \
			    .file = __FILE_NAME__,             \
			    .line = __LINE__,                  \
			    .expr = text,                      \
			    .lhs = hftest_value_,              \
			    .rhs = (want),                     \
			});                                    \
		}                                              \
	} while (0)

#define ASSERT_EQ(lhs, rhs) \
	HFTEST_CHECK(lhs, ==, rhs, #lhs " == " #rhs, hftest_assert_failed)
#define ASSERT_NE(lhs, rhs) \
	HFTEST_CHECK(lhs, !=, rhs, #lhs " != " #rhs, hftest_assert_failed)
#define ASSERT_LT(lhs, rhs) \
	HFTEST_CHECK(lhs, <, rhs, #lhs " < " #rhs, hftest_assert_failed)
#define ASSERT_LE(lhs, rhs) \
	HFTEST_CHECK(lhs, <=, rhs, #lhs " <= " #rhs, hftest_assert_failed)
#define ASSERT_GT(lhs, rhs) \
	HFTEST_CHECK(lhs, >, rhs, #lhs " > " #rhs, hftest_assert_failed)
#define ASSERT_GE(lhs, rhs) \
	HFTEST_CHECK(lhs, >=, rhs, #lhs " >= " #rhs, hftest_assert_failed)
#define ASSERT_TRUE(value) \
	HFTEST_CHECK_BOOL(value, true, #value, hftest_assert_failed)
#define ASSERT_FALSE(value) \
	HFTEST_CHECK_BOOL(value, false, "!(" #value ")", hftest_assert_failed)

#define EXPECT_EQ(lhs, rhs) \
	HFTEST_CHECK(lhs, ==, rhs, #lhs " == " #rhs, hftest_expect_failed)
#define EXPECT_NE(lhs, rhs) \
	HFTEST_CHECK(lhs, !=, rhs, #lhs " != " #rhs, hftest_expect_failed)
#define EXPECT_LT(lhs, rhs) \
	HFTEST_CHECK(lhs, <, rhs, #lhs " < " #rhs, hftest_expect_failed)
#define EXPECT_LE(lhs, rhs) \
	HFTEST_CHECK(lhs, <=, rhs, #lhs " <= " #rhs, hftest_expect_failed)
#define EXPECT_GT(lhs, rhs) \
	HFTEST_CHECK(lhs, >, rhs, #lhs " > " #rhs, hftest_expect_failed)
#define EXPECT_GE(lhs, rhs) \
	HFTEST_CHECK(lhs, >=, rhs, #lhs " >= " #rhs, hftest_expect_failed)
#define EXPECT_TRUE(value) \
	HFTEST_CHECK_BOOL(value, true, #value, hftest_expect_failed)
#define EXPECT_FALSE(value) \
	HFTEST_CHECK_BOOL(value, false, "!(" #value ")", hftest_expect_failed)

#define FAIL(...) hftest_fail(__FILE_NAME__, __LINE__, __VA_ARGS__)
