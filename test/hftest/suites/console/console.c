/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "vmlib/ffa.h"

/*
 * FFA_CONSOLE_LOG: SMC32 (1..24 characters in w2..w7) and SMC64 (v1.2:
 * 1..128 characters in x2..x17). The partition makes the call (proxy
 * service) and reports the SPMC's answer; what the SPMC printed goes to
 * UART1, which no test reads. Characters the wide proxy cannot carry
 * (beyond x12) are NUL, which the SPMC accepts.
 */

#define CON_A 0x8001U /* FF-A v1.2 */
#define CON_B 0x8002U /* FF-A v1.1 */

static const char text[] =
    "console suite: the quick brown fox jumps over the lazy dog, "
    "again and again and again, until the line is long enough.";

/* Packs `count` characters of `chars` for `fid` and sets w1 = `w1`. */
static struct ffa_value log_call(uint32_t fid, const char *chars, size_t count,
				 uint64_t w1)
{
	struct ffa_value v;

	ffa_console_log_pack(&v, fid, chars, count);
	v.x[1] = w1;
	return v;
}

/* FFA_CONSOLE_LOG from partition A with x1 = `count`. */
static struct ffa_value log_a(uint32_t fid, const char *chars, uint64_t count)
{
	struct ffa_value call = log_call(fid, chars, strlen(chars), count);

	return proxy_call(CON_A, &call);
}

SET_UP(console)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(CON_A, "proxy");
	hftest_service_select(CON_B, "proxy");
}

TEST(console, log32)
{
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_32, "hello, world\n", 13), 0);
	/* Exactly the SMC32 maximum, 24 characters. */
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_32,
				 "0123456789abcdefghijklm\n",
				 FFA_CONSOLE_LOG_32_MAX_CHARS),
			   0);
}

TEST(console, log32_bad_count)
{
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_32, "x", 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_32, "x", 25),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_32, "x", 0xFF),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_32, "x", 0x104),
			 FFA_INVALID_PARAMETERS);
	/* The console still works. */
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_32, "after bad counts\n", 17),
			   0);
}

/* SMC32: only w1 counts; x1[63:32] is not part of the call. */
TEST(console, log32_upper_half_ignored)
{
	EXPECT_FFA_SUCCESS(
	    log_a(FFA_CONSOLE_LOG_32, "upper\n", (0xFFFFULL << 32) | 6), 0);
}

TEST(console, log64)
{
	struct ffa_value call =
	    log_call(FFA_CONSOLE_LOG_64, text, 80, 80); /* x2..x11 */

	EXPECT_FFA_SUCCESS(proxy_call(CON_A, &call), 0);
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_64, "\n", 1), 0);
	/* 128 characters: 96 carried, then NULs. */
	call = log_call(FFA_CONSOLE_LOG_64, text, 96,
			FFA_CONSOLE_LOG_64_MAX_CHARS);
	EXPECT_FFA_SUCCESS(proxy_call(CON_A, &call), 0);
}

TEST(console, log64_bad_count)
{
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_64, "x", 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_64, "x", 129),
			 FFA_INVALID_PARAMETERS);
	/* SMC64: x1 is a 64-bit count. */
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_64, "x", (1ULL << 32) | 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_64, "after bad counts\n", 17),
			   0);
}

/*
 * A line may span calls, and a refused call in the middle leaves the
 * partial line alone (the SPMC prints "partial line: abcdef").
 */
TEST(console, partial_line_across_calls)
{
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_64, "partial line: abc", 17),
			   0);
	EXPECT_FFA_ERROR(log_a(FFA_CONSOLE_LOG_32, "zzz", 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_32, "def\n", 4), 0);
}

/* Newlines and NULs inside one call; a line longer than any buffer. */
TEST(console, control_characters_and_long_lines)
{
	struct ffa_value call;
	int i;

	EXPECT_FFA_SUCCESS(
	    log_a(FFA_CONSOLE_LOG_32, "one\ntwo\nthree\n\n\n", 16), 0);
	call = log_call(FFA_CONSOLE_LOG_32, "", 0, 8); /* eight NULs */
	EXPECT_FFA_SUCCESS(proxy_call(CON_A, &call), 0);
	for (i = 0; i < 8; i++) {
		call = log_call(FFA_CONSOLE_LOG_64, text, 88, 88);
		EXPECT_FFA_SUCCESS(proxy_call(CON_A, &call), 0);
	}
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_64, "\n", 1), 0);
}

/* A v1.1 partition has FFA_CONSOLE_LOG_32 only (the 64-bit form is v1.2). */
TEST(console, v1_1_partition)
{
	EXPECT_FFA_SUCCESS(
	    proxy_narrow(CON_B, FFA_CONSOLE_LOG_32, 5, 0x6c6c6568, 0x0a6f, 0),
	    0);
	EXPECT_FFA_ERROR(
	    proxy_narrow(CON_B, FFA_CONSOLE_LOG_64, 5, 0x0a6f6c6c6568, 0, 0),
	    FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(proxy_narrow(CON_B, FFA_CONSOLE_LOG_32, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy_narrow(CON_B, FFA_CONSOLE_LOG_32, 25, 0x41, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(
	    proxy_narrow(CON_B, FFA_CONSOLE_LOG_32, 3, 0x0a4b4f, 0, 0), 0);
}

/* The normal world has no FF-A console (EL3 refuses both forms). */
TEST(console, from_nwd)
{
	EXPECT_FFA_ERROR(ffa_console_log_32("nwd\n", 4), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(ffa_console_log_64("nwd\n", 4), FFA_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(log_a(FFA_CONSOLE_LOG_64, "partition\n", 10), 0);
}
