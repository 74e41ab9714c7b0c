/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <gtest/gtest.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string>
#include <thread>
#include <vector>

#include "spmc/arch/fake.h"

#include "spmc/dlog.h"

namespace
{

/*
 * Formats with dlog_snprintf into a 128-byte buffer and checks both the text
 * and the returned length. A macro, so the compiler checks each format.
 */
#define EXPECT_FMT(expected, ...)                                             \
	do {                                                                  \
		char buf_[128];                                               \
		std::string exp_(expected);                                   \
		size_t len_ = dlog_snprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		EXPECT_EQ(std::string(buf_), exp_);                           \
		EXPECT_EQ(len_, exp_.size());                                 \
	} while (0)

/** The formatter through dlog_snprintf, and line output through the fake
 * console. */
class DlogTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		take();
	}

	void TearDown() override
	{
		for (uint32_t cpu = 0; cpu < PLAT_MAX_CPUS; cpu++) {
			fake_cpu_set_index(cpu);
			dlog_flush();
			dlog_set_context(DLOG_CONTEXT_SPMC);
		}
		fake_cpu_set_index(0);
		take();
	}

	/** Returns and clears everything the console captured. */
	static std::string take()
	{
		static char buf[FAKE_CONSOLE_CAPTURE_SIZE + 1];
		size_t len = fake_console_take(buf, sizeof(buf));

		EXPECT_LE(len, FAKE_CONSOLE_CAPTURE_SIZE);
		return std::string(buf);
	}
};

TEST_F(DlogTest, snprintf_plain_text)
{
	EXPECT_FMT("hello", "hello");
	EXPECT_FMT("", "");
	EXPECT_FMT("100%", "100%%");
}

TEST_F(DlogTest, snprintf_signed_decimal)
{
	EXPECT_FMT("0", "%d", 0);
	EXPECT_FMT("42", "%d", 42);
	EXPECT_FMT("-42", "%i", -42);
	EXPECT_FMT("2147483647", "%d", INT_MAX);
	EXPECT_FMT("-2147483648", "%d", INT_MIN);
}

TEST_F(DlogTest, snprintf_unsigned_and_hex)
{
	EXPECT_FMT("0", "%u", 0U);
	EXPECT_FMT("4294967295", "%u", UINT_MAX);
	EXPECT_FMT("deadbeef", "%x", 0xdeadbeefU);
	EXPECT_FMT("DEADBEEF", "%X", 0xdeadbeefU);
	EXPECT_FMT("0", "%x", 0U);
}

TEST_F(DlogTest, snprintf_length_hh_h)
{
	EXPECT_FMT("-1", "%hhd", 255);
	EXPECT_FMT("0", "%hhu", 256);
	EXPECT_FMT("ff", "%hhx", 0x1ff);
	EXPECT_FMT("-1", "%hd", 65535);
	EXPECT_FMT("7", "%hu", 65536 + 7);
	EXPECT_FMT("2345", "%hx", 0x12345);
}

TEST_F(DlogTest, snprintf_length_l_ll_z)
{
	EXPECT_FMT(std::to_string(LONG_MIN), "%ld", LONG_MIN);
	EXPECT_FMT(std::to_string(ULONG_MAX), "%lu", ULONG_MAX);
	EXPECT_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT_FMT("123456789abcdef", "%llx", 0x0123456789abcdefULL);
	EXPECT_FMT("ABCDEF", "%lX", 0xabcdefUL);
	EXPECT_FMT(std::to_string(SIZE_MAX), "%zu", SIZE_MAX);
	EXPECT_FMT("1000", "%zx", static_cast<size_t>(0x1000));
}

TEST_F(DlogTest, snprintf_pointer)
{
	EXPECT_FMT("0xe100000", "%p", reinterpret_cast<void *>(0x0e100000));
	EXPECT_FMT("0x0", "%p", static_cast<void *>(nullptr));
	EXPECT_FMT("[       0xabc]", "[%12p]", reinterpret_cast<void *>(0xabc));
	EXPECT_FMT("[0xabc   ]", "[%-8p]", reinterpret_cast<void *>(0xabc));
}

TEST_F(DlogTest, snprintf_string_and_char)
{
	EXPECT_FMT("abc", "%s", "abc");
	EXPECT_FMT("", "%s", "");
	EXPECT_FMT("(null)", "%s", static_cast<const char *>(nullptr));
	EXPECT_FMT("ok", "%c%c", 'o', 'k');
	EXPECT_FMT("[  x]", "[%3c]", 'x');
	EXPECT_FMT("[x  ]", "[%-3c]", 'x');
}

TEST_F(DlogTest, snprintf_width_and_flags)
{
	EXPECT_FMT("[   42]", "[%5d]", 42);
	EXPECT_FMT("[42   ]", "[%-5d]", 42);
	EXPECT_FMT("[00042]", "[%05d]", 42);
	EXPECT_FMT("[-0042]", "[%05d]", -42);
	EXPECT_FMT("[0000beef]", "[%08x]", 0xbeefU);
	EXPECT_FMT("[12345]", "[%2d]", 12345);
	EXPECT_FMT("[    ab]", "[%6s]", "ab");
	EXPECT_FMT("[ab    ]", "[%-6s]", "ab");
	EXPECT_FMT("[+5]", "[%+d]", 5);
	EXPECT_FMT("[ 5]", "[% d]", 5);
	EXPECT_FMT("[0x1f]", "[%#x]", 0x1fU);
	EXPECT_FMT("[0X1F]", "[%#X]", 0x1fU);
	EXPECT_FMT("[0x0000001f]", "[%#010x]", 0x1fU);
	EXPECT_FMT("[0]", "[%#x]", 0U);
}

TEST_F(DlogTest, snprintf_star_width)
{
	EXPECT_FMT("[   7]", "[%*d]", 4, 7);
	EXPECT_FMT("[7   ]", "[%*d]", -4, 7);
	EXPECT_FMT("[007]", "[%0*u]", 3, 7U);
}

TEST_F(DlogTest, snprintf_precision)
{
	EXPECT_FMT("abc", "%.3s", "abcdef");
	EXPECT_FMT("abc", "%.10s", "abc");
	EXPECT_FMT("ab", "%.*s", 2, "abcdef");
	EXPECT_FMT("abcdef", "%.*s", -1, "abcdef");
	EXPECT_FMT("[   ab]", "[%5.2s]", "abcdef");
	EXPECT_FMT("00042", "%.5d", 42);
	EXPECT_FMT("-00042", "%.5d", -42);
	EXPECT_FMT("[     00a]", "[%8.3x]", 0xaU);
	EXPECT_FMT("[]", "[%.0d]", 0);
	EXPECT_FMT("[     005]", "[%08.3d]", 5);
}

TEST_F(DlogTest, snprintf_precision_string_not_terminated)
{
	/* Precision bounds the read: the array has no terminator. */
	const char raw[4] = { 'w', 'x', 'y', 'z' };

	EXPECT_FMT("wxyz", "%.4s", raw);
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat"
#pragma clang diagnostic ignored "-Wformat-invalid-specifier"

TEST_F(DlogTest, snprintf_unknown_conversion_copied)
{
	EXPECT_FMT("a%qb", "a%qb");
	EXPECT_FMT("end%", "end%");
}

TEST_F(DlogTest, snprintf_zero_flag_ignored_with_minus)
{
	EXPECT_FMT("[42   ]", "[%-05d]", 42);
	EXPECT_FMT("[-42  ]", "[%0-5d]", -42);
}

#pragma clang diagnostic pop

TEST_F(DlogTest, snprintf_truncation_returns_full_length)
{
	char buf[6];

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(dlog_snprintf(buf, sizeof(buf), "hello %s", "world"), 11U);
	EXPECT_STREQ(buf, "hello");

	EXPECT_EQ(dlog_snprintf(buf, 1, "abc"), 3U);
	EXPECT_EQ(buf[0], '\0');

	buf[0] = 'q';
	EXPECT_EQ(dlog_snprintf(buf, 0, "abc%d", 12345), 8U);
	EXPECT_EQ(buf[0], 'q');
	EXPECT_EQ(dlog_snprintf(nullptr, 0, "%s", "four"), 4U);

	/* Exactly fitting: 5 characters and the terminator. */
	EXPECT_EQ(dlog_snprintf(buf, sizeof(buf), "%05d", 7), 5U);
	EXPECT_STREQ(buf, "00007");
}

TEST_F(DlogTest, line_emitted_with_spmc_prefix)
{
	dlog("hello %d\n", 5);
	EXPECT_EQ(take(), "[SPMC c0] hello 5\n");
}

TEST_F(DlogTest, line_buffered_until_newline)
{
	dlog("abc");
	dlog("%s", "def");
	EXPECT_EQ(take(), "");
	dlog("!\n");
	EXPECT_EQ(take(), "[SPMC c0] abcdef!\n");
}

TEST_F(DlogTest, several_lines_in_one_call)
{
	dlog("one\ntwo\n\nthree");
	EXPECT_EQ(take(), "[SPMC c0] one\n[SPMC c0] two\n[SPMC c0] \n");
	dlog_flush();
	EXPECT_EQ(take(), "[SPMC c0] three\n");
}

TEST_F(DlogTest, flush_emits_partial_line_once)
{
	dlog("partial");
	dlog_flush();
	EXPECT_EQ(take(), "[SPMC c0] partial\n");
	dlog_flush();
	EXPECT_EQ(take(), "");
}

TEST_F(DlogTest, prefix_names_cpu)
{
	fake_cpu_set_index(3);
	dlog("on three\n");
	EXPECT_EQ(take(), "[SPMC c3] on three\n");
}

TEST_F(DlogTest, prefix_names_partition)
{
	dlog_set_context(0x8001);
	dlog("from sp\n");
	dlog_set_context(0x801);
	dlog("short id\n");
	dlog_set_context(DLOG_CONTEXT_SPMC);
	dlog("spmc again\n");
	EXPECT_EQ(take(), "[8001 c0] from sp\n"
			  "[0801 c0] short id\n"
			  "[SPMC c0] spmc again\n");
}

TEST_F(DlogTest, context_change_flushes_with_old_prefix)
{
	dlog("started by spmc");
	dlog_set_context(0x8002);
	EXPECT_EQ(take(), "[SPMC c0] started by spmc\n");
	dlog("sp line\n");
	EXPECT_EQ(take(), "[8002 c0] sp line\n");
}

TEST_F(DlogTest, context_is_per_cpu)
{
	fake_cpu_set_index(1);
	dlog_set_context(0x8003);
	fake_cpu_set_index(2);
	dlog("cpu two\n");
	fake_cpu_set_index(1);
	dlog("cpu one\n");
	EXPECT_EQ(take(), "[SPMC c2] cpu two\n[8003 c1] cpu one\n");
}

TEST_F(DlogTest, buffers_are_per_cpu)
{
	/* CPU 1's partial line is not mixed into CPU 2's line. */
	fake_cpu_set_index(1);
	dlog("aaa");
	fake_cpu_set_index(2);
	dlog("bbb\n");
	EXPECT_EQ(take(), "[SPMC c2] bbb\n");
	fake_cpu_set_index(1);
	dlog("AAA\n");
	EXPECT_EQ(take(), "[SPMC c1] aaaAAA\n");
}

TEST_F(DlogTest, long_line_split_in_prefixed_pieces)
{
	std::string a(DLOG_LINE_MAX, 'a');
	std::string b(DLOG_LINE_MAX, 'b');
	std::string c(10, 'c');

	dlog("%s%s%s\n", a.c_str(), b.c_str(), c.c_str());
	EXPECT_EQ(take(), "[SPMC c0] " + a + "\n[SPMC c0] " + b +
			      "\n[SPMC c0] " + c + "\n");
}

TEST_F(DlogTest, line_of_exactly_max_is_one_line)
{
	std::string a(DLOG_LINE_MAX, 'a');

	dlog("%s\n", a.c_str());
	EXPECT_EQ(take(), "[SPMC c0] " + a + "\n");
	/* A full buffer is only emitted once more text arrives. */
	dlog("%s", a.c_str());
	EXPECT_EQ(take(), "");
	dlog_flush();
	EXPECT_EQ(take(), "[SPMC c0] " + a + "\n");
}

TEST_F(DlogTest, locked_lines_from_threads_do_not_interleave)
{
	constexpr int kThreads = 4;
	constexpr int kLines = 100;
	std::vector<std::thread> threads;

	dlog_enable_lock();
	for (int t = 0; t < kThreads; t++) {
		threads.emplace_back([t] {
			fake_cpu_set_index(static_cast<uint32_t>(t));
			for (int i = 0; i < kLines; i++) {
				/* Three calls per line. */
				dlog("t%d ", t);
				dlog("line %03d", i);
				dlog(" end\n");
			}
		});
	}
	for (auto &th : threads) {
		th.join();
	}

	std::string out = take();
	int count[kThreads] = {};
	size_t start = 0;
	size_t nl;
	while ((nl = out.find('\n', start)) != std::string::npos) {
		std::string line = out.substr(start, nl - start);
		int t = line.size() > 7 ? line[7] - '0' : -1;

		ASSERT_TRUE(t >= 0 && t < kThreads) << line;
		char expected[64];
		snprintf(expected, sizeof(expected),
			 "[SPMC c%d] t%d line %03d end", t, t, count[t]);
		EXPECT_EQ(line, expected);
		count[t]++;
		start = nl + 1;
	}
	EXPECT_EQ(start, out.size());
	for (int t = 0; t < kThreads; t++) {
		EXPECT_EQ(count[t], kLines);
	}
}

} /* namespace */
