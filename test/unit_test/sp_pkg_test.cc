/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <string>
#include <vector>

extern "C" {
#include "spmc/sp_pkg.h"
}

namespace
{

using Bytes = std::vector<uint8_t>;

void put_le32(Bytes &b, size_t off, uint32_t v)
{
	for (size_t i = 0; i < 4; i++) {
		b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
	}
}

void put_be32(Bytes &b, size_t off, uint32_t v)
{
	for (size_t i = 0; i < 4; i++) {
		b.at(off + i) = static_cast<uint8_t>(v >> (24 - 8 * i));
	}
}

/** A stand-in DTB: the magic and `total` as totalsize, then filler. */
Bytes fdt_blob(uint32_t size, uint32_t total)
{
	Bytes b(size, 0x5a);

	put_be32(b, 0, SP_PKG_FDT_MAGIC);
	put_be32(b, 4, total);
	return b;
}

/** SPKG header fields; `build` lays out a package that matches them. */
struct Spkg {
	uint32_t magic = SP_PKG_MAGIC;
	uint32_t version = 2;
	uint32_t pm_offset = 0x1000;
	uint32_t pm_size = 0x100;
	uint32_t img_offset = 0x4000;
	uint32_t img_size = 0x10;
	/** The DTB's totalsize; 0 means pm_size. */
	uint32_t fdt_total = 0;
	bool fdt_magic = true;

	Bytes build() const
	{
		size_t n = static_cast<size_t>(img_offset) + img_size;
		Bytes b(n < SP_PKG_HEADER_SIZE ? SP_PKG_HEADER_SIZE : n, 0);

		if (pm_size >= 8 &&
		    static_cast<size_t>(pm_offset) + pm_size <= b.size()) {
			Bytes fdt =
			    fdt_blob(pm_size, fdt_total ? fdt_total : pm_size);
			if (!fdt_magic) {
				fdt[0] = 0;
			}
			memcpy(&b[pm_offset], fdt.data(), fdt.size());
		}
		for (size_t i = img_offset; i < b.size(); i++) {
			b[i] = static_cast<uint8_t>(0xc0 + i);
		}
		/* Last, so that offsets of 0 cannot overwrite it. */
		put_le32(b, 0, magic);
		put_le32(b, 4, version);
		put_le32(b, 8, pm_offset);
		put_le32(b, 12, pm_size);
		put_le32(b, 16, img_offset);
		put_le32(b, 20, img_size);
		return b;
	}
};

/** A v1 package: the manifest right after the header. */
Spkg spkg_v1()
{
	Spkg s;

	s.version = 1;
	s.pm_offset = SP_PKG_HEADER_SIZE;
	s.img_offset = 0x1000;
	return s;
}

/** One transfer entry; `data_offset` 0 means "next 8-byte boundary". */
struct TlEntry {
	uint32_t tag;
	Bytes data;
	uint64_t data_offset = 0;
	uint8_t hdr_size = SP_PKG_TL_ENTRY_HEADER_SIZE;
};

/** A Transfer List; `build` pads with void entries to reach offsets. */
struct Tl {
	uint8_t version = 1;
	uint8_t hdr_size = SP_PKG_TL_HEADER_SIZE;
	uint8_t alignment = 12;
	uint32_t flags = SP_PKG_TL_FLAG_HAS_CHECKSUM;
	uint32_t spare = 0;
	std::vector<TlEntry> entries;

	static void add(Bytes &b, uint32_t tag, const Bytes &data,
			uint8_t hdr_size)
	{
		size_t base = b.size();

		b.resize(base + hdr_size + data.size(), 0);
		b[base] = static_cast<uint8_t>(tag);
		b[base + 1] = static_cast<uint8_t>(tag >> 8);
		b[base + 2] = static_cast<uint8_t>(tag >> 16);
		b[base + 3] = hdr_size;
		put_le32(b, base + 4, static_cast<uint32_t>(data.size()));
		memcpy(&b[base + hdr_size], data.data(), data.size());
		b.resize((b.size() + 7) & ~size_t{ 7 }, 0);
	}

	Bytes build() const
	{
		Bytes b(hdr_size, 0);

		b.resize((b.size() + 7) & ~size_t{ 7 }, 0);
		for (const TlEntry &e : entries) {
			if (e.data_offset != 0) {
				size_t base = e.data_offset - e.hdr_size;
				Bytes pad(base - b.size() - 8, 0);
				add(b, SP_PKG_TL_TAG_VOID, pad, 8);
			}
			add(b, e.tag, e.data, e.hdr_size);
		}
		put_le32(b, 0, SP_PKG_TL_SIGNATURE);
		b[5] = version;
		b[6] = hdr_size;
		b[7] = alignment;
		put_le32(b, 8, static_cast<uint32_t>(b.size()));
		put_le32(b, 12, static_cast<uint32_t>(b.size() + spare));
		put_le32(b, 16, flags);
		b.resize(b.size() + spare, 0);
		fix_checksum(b);
		return b;
	}

	/** Makes the bytes `[0, used_size)` add up to 0 modulo 256. */
	static void fix_checksum(Bytes &b)
	{
		uint32_t used = b[8] | (b[9] << 8) | (b[10] << 16) |
				(static_cast<uint32_t>(b[11]) << 24);
		uint8_t sum = 0;

		b[4] = 0;
		for (size_t i = 0; i < used && i < b.size(); i++) {
			sum = static_cast<uint8_t>(sum + b[i]);
		}
		b[4] = static_cast<uint8_t>(-sum);
	}
};

Bytes image_bytes(size_t n)
{
	Bytes b(n);

	for (size_t i = 0; i < n; i++) {
		b[i] = static_cast<uint8_t>(i * 7 + 1);
	}
	return b;
}

/** Manifest at 0x1000, binary at 0x2000: the smallest valid TL package. */
Tl tl_basic()
{
	Tl t;

	t.entries.push_back(
	    { SP_PKG_TL_TAG_FFA_MANIFEST, fdt_blob(0x100, 0x100), 0x1000 });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_SP_BINARY, image_bytes(0x30), 0x2000 });
	return t;
}

/** Manifest, HOB list and binary, each on its own page. */
Tl tl_with_hob()
{
	Tl t;

	t.entries.push_back(
	    { SP_PKG_TL_TAG_FFA_MANIFEST, fdt_blob(0x100, 0x100), 0x1000 });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_HOB_LIST, image_bytes(0x40), 0x2000 });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_SP_BINARY, image_bytes(0x30), 0x3000 });
	return t;
}

/**
 * Parses a copy of `b` in a heap buffer of exactly `size` bytes (default:
 * all of it), so ASan reports any read past the end.
 */
enum sp_pkg_error parse(const Bytes &b, struct sp_pkg *pkg, size_t size = ~0UL)
{
	size_t n = size == ~0UL ? b.size() : size;
	std::unique_ptr<uint8_t[]> copy(new uint8_t[n ? n : 1]);

	if (!b.empty()) {
		memcpy(copy.get(), b.data(), n < b.size() ? n : b.size());
	}
	return sp_pkg_parse(n ? copy.get() : nullptr, n, pkg);
}

enum sp_pkg_error parse(const Bytes &b, size_t size = ~0UL)
{
	struct sp_pkg pkg;

	return parse(b, &pkg, size);
}

void expect_range(const struct sp_pkg_range &r, uint64_t offset, uint64_t size)
{
	EXPECT_EQ(r.offset, offset);
	EXPECT_EQ(r.size, size);
}

TEST(SpPkgTest, error_names_are_distinct_and_complete)
{
	std::set<std::string> names;

	for (int i = 0; i < SP_PKG_ERROR_COUNT; i++) {
		auto e = static_cast<enum sp_pkg_error>(i);
		const char *name = sp_pkg_error_name(e);

		ASSERT_NE(name, nullptr) << i;
		EXPECT_EQ(std::string(name).rfind("SP_PKG_ERROR_", 0), 0U);
		EXPECT_TRUE(names.insert(name).second) << name;
		ASSERT_NE(sp_pkg_error_describe(e), nullptr) << name;
		EXPECT_GT(strlen(sp_pkg_error_describe(e)), 0U) << name;
	}
	EXPECT_STREQ(sp_pkg_error_name(SP_PKG_ERROR_SUCCESS),
		     "SP_PKG_ERROR_SUCCESS");
	EXPECT_EQ(sp_pkg_error_name(SP_PKG_ERROR_COUNT), nullptr);
	EXPECT_EQ(sp_pkg_error_describe(SP_PKG_ERROR_COUNT), nullptr);
	EXPECT_EQ(sp_pkg_error_name(static_cast<enum sp_pkg_error>(-1)),
		  nullptr);
}

TEST(SpPkgTest, spkg_v2_default_layout)
{
	struct sp_pkg pkg;

	ASSERT_EQ(parse(Spkg().build(), &pkg), SP_PKG_ERROR_SUCCESS);
	EXPECT_EQ(pkg.format, SP_PKG_FORMAT_SPKG);
	EXPECT_EQ(pkg.version, 2U);
	expect_range(pkg.manifest, 0x1000, 0x100);
	expect_range(pkg.image, 0x4000, 0x10);
	expect_range(pkg.hob, 0, 0);
	expect_range(pkg.boot_info, 0, 0x1000);
	EXPECT_EQ(pkg.size, 0x4010U);
}

TEST(SpPkgTest, spkg_v2_manifest_may_end_at_image)
{
	Spkg s;
	struct sp_pkg pkg;

	s.pm_offset = 0x2000;
	s.pm_size = 0x2000;
	ASSERT_EQ(parse(s.build(), &pkg), SP_PKG_ERROR_SUCCESS);
	/* The boot-info area is everything before the manifest. */
	expect_range(pkg.boot_info, 0, 0x2000);
}

TEST(SpPkgTest, spkg_more_bytes_available_than_package)
{
	Bytes b = Spkg().build();
	struct sp_pkg pkg;

	b.resize(b.size() + 0x3000, 0xee);
	ASSERT_EQ(parse(b, &pkg), SP_PKG_ERROR_SUCCESS);
	EXPECT_EQ(pkg.size, 0x4010U);
}

TEST(SpPkgTest, spkg_v1_layout)
{
	struct sp_pkg pkg;

	ASSERT_EQ(parse(spkg_v1().build(), &pkg), SP_PKG_ERROR_SUCCESS);
	EXPECT_EQ(pkg.format, SP_PKG_FORMAT_SPKG);
	EXPECT_EQ(pkg.version, 1U);
	expect_range(pkg.manifest, 24, 0x100);
	expect_range(pkg.image, 0x1000, 0x10);
	expect_range(pkg.boot_info, 0, 0);
	EXPECT_EQ(pkg.size, 0x1010U);
}

/* v1: the image starts on the first page after the manifest, no sooner. */
TEST(SpPkgTest, spkg_v1_image_on_next_page)
{
	Spkg s = spkg_v1();

	s.pm_size = 0x1000 - 24;
	EXPECT_EQ(parse(s.build()), SP_PKG_ERROR_SUCCESS);
	s.pm_size = 0x1000 - 23;
	EXPECT_EQ(parse(s.build()), SP_PKG_ERROR_SPKG_PM_OVERLAPS_IMAGE);
	s.img_offset = 0x2000;
	EXPECT_EQ(parse(s.build()), SP_PKG_ERROR_SUCCESS);
}

TEST(SpPkgTest, tl_basic_layout)
{
	struct sp_pkg pkg;
	Bytes b = tl_basic().build();

	ASSERT_EQ(parse(b, &pkg), SP_PKG_ERROR_SUCCESS);
	EXPECT_EQ(pkg.format, SP_PKG_FORMAT_TL);
	EXPECT_EQ(pkg.version, 1U);
	expect_range(pkg.manifest, 0x1000, 0x100);
	expect_range(pkg.image, 0x2000, 0x30);
	expect_range(pkg.hob, 0, 0);
	expect_range(pkg.boot_info, 0, 0x1000);
	EXPECT_EQ(pkg.size, b.size());
	EXPECT_EQ(pkg.size, 0x2030U);
}

TEST(SpPkgTest, tl_with_hob_list)
{
	struct sp_pkg pkg;

	ASSERT_EQ(parse(tl_with_hob().build(), &pkg), SP_PKG_ERROR_SUCCESS);
	expect_range(pkg.manifest, 0x1000, 0x100);
	expect_range(pkg.hob, 0x2000, 0x40);
	expect_range(pkg.image, 0x3000, 0x30);
}

/* Readers skip unknown tags and void entries (Firmware Handoff spec). */
TEST(SpPkgTest, tl_skips_unknown_and_void_entries)
{
	Tl t;
	struct sp_pkg pkg;

	t.entries.push_back({ 0x1 /* FDT */, image_bytes(13) });
	t.entries.push_back({ SP_PKG_TL_TAG_VOID, Bytes(16, 0) });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_FFA_MANIFEST, fdt_blob(0x80, 0x80), 0x1000 });
	t.entries.push_back({ 0xfff000, image_bytes(5) });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_SP_BINARY, image_bytes(9), 0x2000 });
	ASSERT_EQ(parse(t.build(), &pkg), SP_PKG_ERROR_SUCCESS);
	expect_range(pkg.manifest, 0x1000, 0x80);
	expect_range(pkg.image, 0x2000, 9);
}

/* A larger header, a later version, no checksum, spare room: all fine. */
TEST(SpPkgTest, tl_header_variants)
{
	Tl t = tl_basic();
	struct sp_pkg pkg;

	t.hdr_size = 0x21;
	t.version = 2;
	t.alignment = 3;
	t.spare = 0x100;
	ASSERT_EQ(parse(t.build(), &pkg), SP_PKG_ERROR_SUCCESS);
	EXPECT_EQ(pkg.version, 2U);
	EXPECT_EQ(pkg.size, 0x2030U);

	Bytes b = tl_basic().build();
	b[16] = 0; /* flags: no checksum */
	b[4] ^= 0x55;
	EXPECT_EQ(parse(b), SP_PKG_ERROR_SUCCESS);
}

/* An entry header may be larger than 8 bytes: the data follows it. */
TEST(SpPkgTest, tl_entry_header_larger_than_8)
{
	Tl t;
	struct sp_pkg pkg;

	t.entries.push_back(
	    { SP_PKG_TL_TAG_FFA_MANIFEST, fdt_blob(0x40, 0x40), 0x1000, 16 });
	t.entries.push_back(
	    { SP_PKG_TL_TAG_SP_BINARY, image_bytes(9), 0x2000, 16 });
	ASSERT_EQ(parse(t.build(), &pkg), SP_PKG_ERROR_SUCCESS);
	expect_range(pkg.manifest, 0x1000, 0x40);
	expect_range(pkg.image, 0x2000, 9);
}

/** One malformed input and the error it must produce. */
struct BadCase {
	const char *what;
	std::function<Bytes()> make;
	enum sp_pkg_error expected;
	/** Bytes to offer the parser; 0 means all of them. */
	size_t size = 0;
};

Spkg spkg_with(const std::function<void(Spkg &)> &f)
{
	Spkg s;

	f(s);
	return s;
}

Tl tl_with(const std::function<void(Tl &)> &f, Tl t = tl_basic())
{
	f(t);
	return t;
}

/** tl_basic() with header field bytes patched after the checksum. */
Bytes tl_patched(size_t off, uint32_t v, bool fix = true)
{
	Bytes b = tl_basic().build();

	put_le32(b, off, v);
	if (fix) {
		Tl::fix_checksum(b);
	}
	return b;
}

std::vector<BadCase> spkg_cases()
{
	return {
		{ "empty", [] { return Bytes(); },
		  SP_PKG_ERROR_TRUNCATED_HEADER },
		{ "magic only", [] { return Bytes{ 'S', 'P', 'K', 'G' }; },
		  SP_PKG_ERROR_TRUNCATED_HEADER },
		{ "23-byte header", [] { return Spkg().build(); },
		  SP_PKG_ERROR_TRUNCATED_HEADER, 23 },
		{ "unknown magic",
		  [] {
			  return spkg_with(
				     [](Spkg &s) { s.magic = 0x474B5054; })
			      .build();
		  },
		  SP_PKG_ERROR_UNKNOWN_FORMAT },
		{ "version 0",
		  [] {
			  return spkg_with([](Spkg &s) { s.version = 0; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_VERSION },
		{ "version 3",
		  [] {
			  return spkg_with([](Spkg &s) { s.version = 3; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_VERSION },
		{ "pm_size 0",
		  [] {
			  return spkg_with([](Spkg &s) { s.pm_size = 0; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_EMPTY },
		{ "img_size 0",
		  [] {
			  return spkg_with([](Spkg &s) { s.img_size = 0; })
			      .build();
		  },
		  SP_PKG_ERROR_IMAGE_EMPTY },
		{ "v1 pm_offset 0x1000",
		  [] {
			  Spkg s = spkg_v1();
			  s.pm_offset = 0x1000;
			  s.img_offset = 0x2000;
			  return s.build();
		  },
		  SP_PKG_ERROR_SPKG_V1_PM_OFFSET },
		{ "v2 pm_offset unaligned",
		  [] {
			  return spkg_with(
				     [](Spkg &s) { s.pm_offset = 0x1008; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_UNALIGNED },
		{ "v2 pm_offset 24",
		  [] {
			  return spkg_with([](Spkg &s) { s.pm_offset = 24; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_UNALIGNED },
		{ "v2 pm_offset 0",
		  [] {
			  return spkg_with([](Spkg &s) { s.pm_offset = 0; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_PM_IN_HEADER_PAGE },
		{ "img_offset unaligned",
		  [] {
			  return spkg_with(
				     [](Spkg &s) { s.img_offset = 0x4008; })
			      .build();
		  },
		  SP_PKG_ERROR_IMAGE_UNALIGNED },
		{ "v1 img_offset unaligned",
		  [] {
			  Spkg s = spkg_v1();
			  s.img_offset = 0x1800;
			  return s.build();
		  },
		  SP_PKG_ERROR_IMAGE_UNALIGNED },
		{ "pm after image",
		  [] {
			  return spkg_with([](Spkg &s) {
					 s.pm_offset = 0x5000;
					 s.img_offset = 0x4000;
				 })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_PM_AFTER_IMAGE },
		{ "pm at image",
		  [] {
			  return spkg_with(
				     [](Spkg &s) { s.pm_offset = 0x4000; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_PM_AFTER_IMAGE },
		{ "v1 image at 0",
		  [] {
			  Spkg s = spkg_v1();
			  s.img_offset = 0;
			  return s.build();
		  },
		  SP_PKG_ERROR_SPKG_PM_AFTER_IMAGE },
		{ "v2 pm overlaps image",
		  [] {
			  return spkg_with([](Spkg &s) { s.pm_size = 0x3001; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_PM_OVERLAPS_IMAGE },
		{ "v2 pm_size huge",
		  [] {
			  return spkg_with(
				     [](Spkg &s) { s.pm_size = 0xffffffff; })
			      .build();
		  },
		  SP_PKG_ERROR_SPKG_PM_OVERLAPS_IMAGE },
		{ "package one byte short", [] { return Spkg().build(); },
		  SP_PKG_ERROR_PACKAGE_TRUNCATED, 0x400f },
		{ "img_size huge",
		  [] {
			  Bytes b = Spkg().build();
			  put_le32(b, 20, 0xffffffff);
			  return b;
		  },
		  SP_PKG_ERROR_PACKAGE_TRUNCATED },
		{ "manifest without DTB magic",
		  [] {
			  return spkg_with([](Spkg &s) { s.fdt_magic = false; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_NOT_FDT },
		{ "manifest shorter than a DTB header",
		  [] {
			  return spkg_with([](Spkg &s) { s.pm_size = 7; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_NOT_FDT },
		{ "DTB larger than the manifest",
		  [] {
			  return spkg_with([](Spkg &s) { s.fdt_total = 0x101; })
			      .build();
		  },
		  SP_PKG_ERROR_MANIFEST_FDT_TOO_BIG },
	};
}

std::vector<BadCase> tl_header_cases()
{
	return {
		{ "23-byte TL header", [] { return tl_basic().build(); },
		  SP_PKG_ERROR_TRUNCATED_HEADER, 23 },
		{ "hdr_size beyond the bytes",
		  [] {
			  Bytes b = tl_basic().build();
			  b[6] = 0xf8;
			  return b;
		  },
		  SP_PKG_ERROR_TRUNCATED_HEADER, 0x80 },
		{ "version 0",
		  [] { return tl_with([](Tl &t) { t.version = 0; }).build(); },
		  SP_PKG_ERROR_TL_VERSION },
		{ "hdr_size 0x10",
		  [] {
			  return tl_with([](Tl &t) { t.hdr_size = 0x10; })
			      .build();
		  },
		  SP_PKG_ERROR_TL_HEADER_SIZE },
		{ "reserved flag",
		  [] { return tl_with([](Tl &t) { t.flags = 0x3; }).build(); },
		  SP_PKG_ERROR_TL_FLAGS },
		{ "alignment 2",
		  [] {
			  return tl_with([](Tl &t) { t.alignment = 2; })
			      .build();
		  },
		  SP_PKG_ERROR_TL_ALIGNMENT },
		{ "alignment 13",
		  [] {
			  return tl_with([](Tl &t) { t.alignment = 13; })
			      .build();
		  },
		  SP_PKG_ERROR_TL_ALIGNMENT },
		{ "used_size not a multiple of 8",
		  [] { return tl_patched(8, 0x202c); },
		  SP_PKG_ERROR_TL_SIZE_UNALIGNED },
		{ "total_size not a multiple of 8",
		  [] { return tl_patched(12, 0x2034); },
		  SP_PKG_ERROR_TL_SIZE_UNALIGNED },
		{ "used_size below hdr_size",
		  [] { return tl_patched(8, 0x10); },
		  SP_PKG_ERROR_TL_SIZE_INVALID },
		{ "used_size above total_size",
		  [] { return tl_patched(12, 0x2028); },
		  SP_PKG_ERROR_TL_SIZE_INVALID },
		{ "total_size beyond the bytes",
		  [] { return tl_patched(12, 0x2038); },
		  SP_PKG_ERROR_PACKAGE_TRUNCATED },
		{ "TL one byte short", [] { return tl_basic().build(); },
		  SP_PKG_ERROR_PACKAGE_TRUNCATED, 0x202f },
		{ "bad checksum",
		  [] {
			  Bytes b = tl_basic().build();
			  b[0x2000] ^= 1;
			  return b;
		  },
		  SP_PKG_ERROR_TL_CHECKSUM },
		{ "checksum over used_size only",
		  [] { return tl_patched(8, 0x2028, false); },
		  SP_PKG_ERROR_TL_CHECKSUM },
	};
}

std::vector<BadCase> tl_entry_cases()
{
	return {
		{ "entry hdr_size 4",
		  [] {
			  Bytes b = tl_basic().build();
			  b[0x18 + 3] = 4; /* the first (void) entry */
			  Tl::fix_checksum(b);
			  return b;
		  },
		  SP_PKG_ERROR_TL_ENTRY_HEADER_SIZE },
		{ "entry data beyond used_size",
		  [] {
			  Bytes b = tl_basic().build();
			  put_le32(b, 0x2000 - 4, 0x31);
			  Tl::fix_checksum(b);
			  return b;
		  },
		  SP_PKG_ERROR_TL_ENTRY_OUT_OF_BOUNDS },
		{ "entry data_size 0xffffffff",
		  [] {
			  Bytes b = tl_basic().build();
			  put_le32(b, 0x1000 - 4, 0xffffffff);
			  Tl::fix_checksum(b);
			  return b;
		  },
		  SP_PKG_ERROR_TL_ENTRY_OUT_OF_BOUNDS },
		{ "two manifests",
		  [] {
			  Tl t;
			  t.entries.push_back({ SP_PKG_TL_TAG_FFA_MANIFEST,
						fdt_blob(0x10, 0x10), 0x1000 });
			  t.entries.push_back({ SP_PKG_TL_TAG_FFA_MANIFEST,
						fdt_blob(0x10, 0x10), 0x2000 });
			  t.entries.push_back({ SP_PKG_TL_TAG_SP_BINARY,
						image_bytes(4), 0x3000 });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_DUPLICATE_ENTRY },
		{ "two HOB lists",
		  [] {
			  Tl t = tl_with_hob();
			  t.entries.insert(
			      t.entries.begin() + 2,
			      { SP_PKG_TL_TAG_HOB_LIST, image_bytes(8) });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_DUPLICATE_ENTRY },
		{ "entry after the binary",
		  [] {
			  Tl t = tl_basic();
			  t.entries.push_back({ 0x1, image_bytes(8) });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_BINARY_NOT_LAST },
		{ "two binaries",
		  [] {
			  Tl t = tl_basic();
			  t.entries.push_back({ SP_PKG_TL_TAG_SP_BINARY,
						image_bytes(8), 0x3000 });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_BINARY_NOT_LAST },
		{ "void after the binary",
		  [] {
			  Tl t = tl_basic();
			  t.entries.push_back({ SP_PKG_TL_TAG_VOID, Bytes(8) });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_BINARY_NOT_LAST },
		{ "no manifest",
		  [] {
			  Tl t;
			  t.entries.push_back({ SP_PKG_TL_TAG_SP_BINARY,
						image_bytes(4), 0x1000 });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_NO_MANIFEST },
		{ "no entries", [] { return Tl().build(); },
		  SP_PKG_ERROR_TL_NO_MANIFEST },
		{ "no binary",
		  [] {
			  Tl t;
			  t.entries.push_back({ SP_PKG_TL_TAG_FFA_MANIFEST,
						fdt_blob(0x10, 0x10), 0x1000 });
			  return t.build();
		  },
		  SP_PKG_ERROR_TL_NO_BINARY },
	};
}

std::vector<BadCase> tl_part_cases()
{
	auto with = [](uint32_t tag, Bytes data, uint64_t off) {
		Tl t = tl_with_hob();
		for (TlEntry &e : t.entries) {
			if (e.tag == tag) {
				e.data = data;
				e.data_offset = off;
			}
		}
		return t.build();
	};
	return {
		{ "empty manifest",
		  [=] {
			  return with(SP_PKG_TL_TAG_FFA_MANIFEST, Bytes(),
				      0x1000);
		  },
		  SP_PKG_ERROR_MANIFEST_EMPTY },
		{ "manifest unaligned",
		  [=] {
			  return with(SP_PKG_TL_TAG_FFA_MANIFEST,
				      fdt_blob(0x10, 0x10), 0x1008);
		  },
		  SP_PKG_ERROR_MANIFEST_UNALIGNED },
		{ "manifest is not a DTB",
		  [=] {
			  return with(SP_PKG_TL_TAG_FFA_MANIFEST, Bytes(16),
				      0x1000);
		  },
		  SP_PKG_ERROR_MANIFEST_NOT_FDT },
		{ "TL DTB larger than the manifest",
		  [=] {
			  return with(SP_PKG_TL_TAG_FFA_MANIFEST,
				      fdt_blob(0x10, 0x11), 0x1000);
		  },
		  SP_PKG_ERROR_MANIFEST_FDT_TOO_BIG },
		{ "empty binary",
		  [=] {
			  return with(SP_PKG_TL_TAG_SP_BINARY, Bytes(), 0x3000);
		  },
		  SP_PKG_ERROR_IMAGE_EMPTY },
		{ "binary unaligned",
		  [=] {
			  return with(SP_PKG_TL_TAG_SP_BINARY, image_bytes(4),
				      0x3010);
		  },
		  SP_PKG_ERROR_IMAGE_UNALIGNED },
		{ "empty HOB list",
		  [=] { return with(SP_PKG_TL_TAG_HOB_LIST, Bytes(), 0x2000); },
		  SP_PKG_ERROR_TL_HOB_EMPTY },
		{ "HOB list unaligned",
		  [=] {
			  return with(SP_PKG_TL_TAG_HOB_LIST, image_bytes(8),
				      0x2800);
		  },
		  SP_PKG_ERROR_TL_HOB_UNALIGNED },
	};
}

std::vector<BadCase> all_cases()
{
	std::vector<BadCase> all;

	for (auto *f :
	     { spkg_cases, tl_header_cases, tl_entry_cases, tl_part_cases }) {
		std::vector<BadCase> v = f();
		all.insert(all.end(), v.begin(), v.end());
	}
	return all;
}

/*
 * Every malformed input gets its exact error and leaves the output struct
 * untouched; together the cases trigger every error value.
 */
TEST(SpPkgTest, every_error_has_a_triggering_input)
{
	std::set<int> seen;

	for (const BadCase &c : all_cases()) {
		struct sp_pkg pkg;
		struct sp_pkg before;
		Bytes b = c.make();

		memset(&pkg, 0xa5, sizeof(pkg));
		before = pkg;
		EXPECT_EQ(parse(b, &pkg, c.size ? c.size : b.size()),
			  c.expected)
		    << c.what << ": expected " << sp_pkg_error_name(c.expected);
		EXPECT_EQ(memcmp(&pkg, &before, sizeof(pkg)), 0) << c.what;
		seen.insert(c.expected);
	}
	for (int i = 1; i < SP_PKG_ERROR_COUNT; i++) {
		EXPECT_TRUE(seen.count(i))
		    << "no test triggers "
		    << sp_pkg_error_name(static_cast<enum sp_pkg_error>(i));
	}
}

/** Every prefix of a valid package is refused, without reading past it. */
void expect_every_truncation_fails(const Bytes &b)
{
	ASSERT_EQ(parse(b), SP_PKG_ERROR_SUCCESS);
	for (size_t n = 0; n < b.size(); n++) {
		enum sp_pkg_error e = parse(b, n);

		ASSERT_NE(e, SP_PKG_ERROR_SUCCESS) << "prefix of " << n;
		ASSERT_LT(static_cast<int>(e), SP_PKG_ERROR_COUNT);
	}
}

TEST(SpPkgTest, truncated_spkg_v2_fails_at_every_byte)
{
	expect_every_truncation_fails(Spkg().build());
}

TEST(SpPkgTest, truncated_spkg_v1_fails_at_every_byte)
{
	expect_every_truncation_fails(spkg_v1().build());
}

TEST(SpPkgTest, truncated_tl_fails_at_every_byte)
{
	expect_every_truncation_fails(tl_with_hob().build());
}

/* Flipping any header byte never crashes and never reads out of bounds. */
TEST(SpPkgTest, corrupted_header_bytes_are_handled)
{
	for (const Bytes &valid :
	     { Spkg().build(), spkg_v1().build(), tl_basic().build() }) {
		for (size_t i = 0; i < 32; i++) {
			for (uint8_t x : { 0x01, 0x80, 0xff }) {
				Bytes b = valid;
				struct sp_pkg pkg;

				b[i] ^= x;
				if (parse(b, &pkg) == SP_PKG_ERROR_SUCCESS) {
					EXPECT_LE(pkg.size, b.size());
					EXPECT_LE(pkg.image.offset +
						      pkg.image.size,
						  pkg.size);
				}
			}
		}
	}
}

} /* namespace */
