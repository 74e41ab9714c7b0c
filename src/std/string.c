/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>
#include <string.h>

/*
 * The freestanding image's mem* and str* functions. The image runs with
 * alignment checking and, before the MMU is on, with all memory as Device
 * memory, so every access is naturally aligned: byte by byte, or 8 bytes at
 * a time when both pointers are 8-byte aligned.
 *
 * This file is built with -fno-builtin (see BUILD.gn) so clang does not turn
 * these loops back into calls to the functions they implement.
 */

/** One aligned 8-byte word, which may alias any object. */
struct std_word {
	uint64_t v;
} __attribute__((may_alias));

#define STD_WORD_SIZE sizeof(struct std_word)

static bool std_both_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & (STD_WORD_SIZE - 1)) == 0;
}

/*
 * Copies forwards. Without `restrict`, so `memmove` may use it when `dst` is
 * below `src`: each byte of `src` is read before any store can reach it.
 */
static void std_copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (std_both_aligned(d, s)) {
		for (; n >= STD_WORD_SIZE; n -= STD_WORD_SIZE) {
			*(struct std_word *)d = *(const struct std_word *)s;
			d += STD_WORD_SIZE;
			s += STD_WORD_SIZE;
		}
	}
	while (n-- > 0) {
		*d++ = *s++;
	}
}

/** Copies `n` bytes from `src` to `dst`, which must not overlap. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	std_copy_forward(dst, src, n);
	return dst;
}

/** Copies `n` bytes from `src` to `dst`; the ranges may overlap. */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* `dst` is below `src` or past its end: copy forwards. */
		std_copy_forward(d, s, n);
		return dst;
	}

	/* `dst` overlaps the end of `src`: copy backwards. */
	d += n;
	s += n;
	if (std_both_aligned(d, s)) {
		for (; n >= STD_WORD_SIZE; n -= STD_WORD_SIZE) {
			d -= STD_WORD_SIZE;
			s -= STD_WORD_SIZE;
			*(struct std_word *)d = *(const struct std_word *)s;
		}
	}
	while (n-- > 0) {
		*--d = *--s;
	}
	return dst;
}

/** Sets `n` bytes at `s` to `(unsigned char)c`. */
void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	uint64_t word = (unsigned char)c * 0x0101010101010101ULL;

	while (n > 0 && ((uintptr_t)p & (STD_WORD_SIZE - 1)) != 0) {
		*p++ = (unsigned char)c;
		n--;
	}
	for (; n >= STD_WORD_SIZE; n -= STD_WORD_SIZE) {
		((struct std_word *)p)->v = word;
		p += STD_WORD_SIZE;
	}
	while (n-- > 0) {
		*p++ = (unsigned char)c;
	}
	return s;
}

/** Compares `n` bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y) {
			return *x - *y;
		}
	}
	return 0;
}

/** Returns the first byte equal to `(unsigned char)c` in `n` bytes, or NULL. */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c) {
			return (void *)p;
		}
	}
	return NULL;
}

/** Returns the length of the terminated string `s`. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0') {
		p++;
	}
	return (size_t)(p - s);
}

/** Returns the length of `s`, looking at no more than `maxlen` chars. */
size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n] != '\0') {
		n++;
	}
	return n;
}

/** Returns the first `(char)c` in `s` (the terminator counts), or NULL. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c) {
			return (char *)s;
		}
		if (*s == '\0') {
			return NULL;
		}
	}
}

/** Returns the last `(char)c` in `s` (the terminator counts), or NULL. */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c) {
			last = s;
		}
		if (*s == '\0') {
			return (char *)last;
		}
	}
}

/** Compares two strings as unsigned chars: <0, 0 or >0. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x != '\0' && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

/** Compares at most `n` chars of two strings as unsigned chars. */
int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y || *x == '\0') {
			return *x - *y;
		}
	}
	return 0;
}
