/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <string>
#include <vector>

extern "C" {
#include "spmc/fip.h"
#include "spmc/sp_pkg.h"
}

namespace
{

using Bytes = std::vector<uint8_t>;

/* Byte offsets inside a 40-byte ToC entry. */
constexpr size_t kUuid = 0;
constexpr size_t kOffset = 16;
constexpr size_t kSize = 24;

void put_le(Bytes &b, size_t off, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		b.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
	}
}

/** Offset of `field` of ToC entry `i`. */
size_t entry_at(size_t i, size_t field)
{
	return FIP_HEADER_SIZE + i * FIP_ENTRY_SIZE + field;
}

/** A UUID made from `n`, never the null UUID. */
struct fip_uuid test_uuid(uint32_t n)
{
	struct fip_uuid u;

	for (size_t i = 0; i < FIP_UUID_SIZE; i++) {
		u.b[i] = static_cast<uint8_t>(0x11 * (i + 1) + n);
	}
	u.b[15] = static_cast<uint8_t>(n);
	u.b[0] = 0xa0;
	return u;
}

/**
 * A FIP as fiptool lays it out: header, one entry per payload, the end
 * marker (offset = FIP size), then the payloads back to back.
 */
Bytes make_fip(const std::vector<Bytes> &payloads, uint32_t first_uuid = 1)
{
	size_t toc = FIP_HEADER_SIZE + (payloads.size() + 1) * FIP_ENTRY_SIZE;
	size_t total = toc;
	Bytes b(toc, 0);

	for (const Bytes &p : payloads) {
		total += p.size();
	}
	put_le(b, 0, FIP_TOC_NAME, 4);
	put_le(b, 4, 0x12345678, 4);
	size_t off = toc;
	for (size_t i = 0; i < payloads.size(); i++) {
		struct fip_uuid u = test_uuid(first_uuid + i);
		memcpy(&b[entry_at(i, kUuid)], u.b, FIP_UUID_SIZE);
		put_le(b, entry_at(i, kOffset), off, 8);
		put_le(b, entry_at(i, kSize), payloads[i].size(), 8);
		off += payloads[i].size();
	}
	put_le(b, entry_at(payloads.size(), kOffset), total, 8);
	for (const Bytes &p : payloads) {
		b.insert(b.end(), p.begin(), p.end());
	}
	return b;
}

Bytes payload(size_t n, uint8_t seed)
{
	Bytes b(n);

	for (size_t i = 0; i < n; i++) {
		b[i] = static_cast<uint8_t>(seed + i * 13);
	}
	return b;
}

/** Three payloads of 5, 40 and 1 bytes. */
Bytes three_entries()
{
	return make_fip({ payload(5, 1), payload(40, 2), payload(1, 3) });
}

/**
 * Wraps a copy of `b` (its first `size` bytes) in a heap buffer of exactly
 * that size, so ASan reports reads past the end. Owns the buffer.
 */
struct Blob {
	std::unique_ptr<uint8_t[]> data;
	size_t size;

	explicit Blob(const Bytes &b, size_t n = ~0UL)
	    : data(new uint8_t[b.empty() ? 1 : b.size()]),
	      size(n == ~0UL ? b.size() : n)
	{
		if (!b.empty()) {
			memcpy(data.get(), b.data(), b.size());
		}
	}

	enum fip_error init(struct fip *fip) const
	{
		return fip_init(fip, size ? data.get() : nullptr, size);
	}
};

enum fip_error init(const Bytes &b, size_t n = ~0UL)
{
	struct fip fip;

	return Blob(b, n).init(&fip);
}

std::string uuid_str(const struct fip_uuid &u)
{
	char buf[FIP_UUID_STR_SIZE];

	fip_uuid_format(&u, buf);
	return buf;
}

struct fip_uuid parse_uuid(const std::string &s)
{
	struct fip_uuid u = {};
	std::string hex;

	for (char c : s) {
		if (c != '-') {
			hex += c;
		}
	}
	for (size_t i = 0; i < FIP_UUID_SIZE && 2 * i + 1 < hex.size(); i++) {
		u.b[i] = static_cast<uint8_t>(
		    std::stoul(hex.substr(2 * i, 2), nullptr, 16));
	}
	return u;
}

TEST(FipTest, error_names_are_distinct_and_complete)
{
	std::set<std::string> names;

	for (int i = 0; i < FIP_ERROR_COUNT; i++) {
		auto e = static_cast<enum fip_error>(i);
		const char *name = fip_error_name(e);

		ASSERT_NE(name, nullptr) << i;
		EXPECT_EQ(std::string(name).rfind("FIP_ERROR_", 0), 0U);
		EXPECT_TRUE(names.insert(name).second) << name;
		ASSERT_NE(fip_error_describe(e), nullptr) << name;
		EXPECT_GT(strlen(fip_error_describe(e)), 0U) << name;
	}
	EXPECT_STREQ(fip_error_name(FIP_ERROR_SUCCESS), "FIP_ERROR_SUCCESS");
	EXPECT_EQ(fip_error_name(FIP_ERROR_COUNT), nullptr);
	EXPECT_EQ(fip_error_describe(FIP_ERROR_COUNT), nullptr);
	EXPECT_EQ(fip_error_name(static_cast<enum fip_error>(-1)), nullptr);
}

TEST(FipTest, reads_every_entry)
{
	Bytes b = three_entries();
	Blob blob(b);
	struct fip fip;
	struct fip_entry e;
	size_t toc = FIP_HEADER_SIZE + 4 * FIP_ENTRY_SIZE;

	ASSERT_EQ(blob.init(&fip), FIP_ERROR_SUCCESS);
	EXPECT_EQ(fip.serial, 0x12345678U);
	EXPECT_EQ(fip.flags, 0U);
	EXPECT_EQ(fip.entry_count, 3U);
	EXPECT_EQ(fip.toc_end, toc);
	EXPECT_EQ(fip.end, b.size());

	const uint64_t offsets[] = { toc, toc + 5, toc + 45 };
	const uint64_t sizes[] = { 5, 40, 1 };
	for (uint32_t i = 0; i < 3; i++) {
		ASSERT_TRUE(fip_entry_get(&fip, i, &e));
		EXPECT_EQ(uuid_str(e.uuid), uuid_str(test_uuid(i + 1)));
		EXPECT_EQ(e.offset, offsets[i]);
		EXPECT_EQ(e.size, sizes[i]);
		EXPECT_EQ(e.flags, 0U);
		EXPECT_EQ(fip_entry_data(&fip, &e), blob.data.get() + e.offset);
		EXPECT_EQ(
		    memcmp(fip_entry_data(&fip, &e), &b[offsets[i]], sizes[i]),
		    0);
	}
}

TEST(FipTest, find_by_uuid)
{
	Blob blob(three_entries());
	struct fip fip;
	struct fip_entry e;
	struct fip_uuid u = test_uuid(2);

	ASSERT_EQ(blob.init(&fip), FIP_ERROR_SUCCESS);
	ASSERT_TRUE(fip_find(&fip, &u, &e));
	EXPECT_EQ(e.size, 40U);

	/* A miss, or an index past the end, leaves the entry untouched. */
	struct fip_entry before;
	memset(&e, 0x5a, sizeof(e));
	before = e;
	u = test_uuid(9);
	EXPECT_FALSE(fip_find(&fip, &u, &e));
	EXPECT_FALSE(fip_find(&fip, &fip_uuid_tos_fw, &e));
	EXPECT_FALSE(fip_entry_get(&fip, 3, &e));
	EXPECT_FALSE(fip_entry_get(&fip, UINT32_MAX, &e));
	EXPECT_EQ(memcmp(&e, &before, sizeof(e)), 0);
}

TEST(FipTest, empty_toc_is_valid)
{
	Bytes b = make_fip({});
	struct fip fip;
	struct fip_entry e;

	ASSERT_EQ(Blob(b).init(&fip), FIP_ERROR_SUCCESS);
	EXPECT_EQ(fip.entry_count, 0U);
	EXPECT_EQ(fip.toc_end, FIP_HEADER_SIZE + FIP_ENTRY_SIZE);
	EXPECT_FALSE(fip_entry_get(&fip, 0, &e));
}

/* Bits 32-47 are fiptool's --plat-toc-flags; they are kept, not refused. */
TEST(FipTest, platform_toc_flags_are_allowed)
{
	Bytes b = three_entries();
	struct fip fip;

	put_le(b, 8, 0xbeefULL << 32, 8);
	Blob flagged(b);
	ASSERT_EQ(flagged.init(&fip), FIP_ERROR_SUCCESS);
	EXPECT_EQ(fip.flags, 0xbeefULL << 32);
}

/* The FIP may sit in a larger region (e.g. the whole flash): fine. */
TEST(FipTest, region_larger_than_fip)
{
	Bytes b = three_entries();
	size_t fip_size = b.size();
	struct fip fip;

	b.resize(b.size() + 4096, 0xff);
	ASSERT_EQ(Blob(b).init(&fip), FIP_ERROR_SUCCESS);
	EXPECT_EQ(fip.end, fip_size);
	EXPECT_EQ(fip.size, b.size());
}

TEST(FipTest, entry_limit)
{
	std::vector<Bytes> p(FIP_MAX_ENTRIES, Bytes{ 0x42 });
	struct fip fip;

	ASSERT_EQ(Blob(make_fip(p)).init(&fip), FIP_ERROR_SUCCESS);
	EXPECT_EQ(fip.entry_count, FIP_MAX_ENTRIES);
	p.push_back(Bytes{ 0x43 });
	EXPECT_EQ(init(make_fip(p)), FIP_ERROR_TOO_MANY_ENTRIES);
}

/** One malformed FIP and the error it must produce. */
struct BadCase {
	const char *what;
	std::function<Bytes()> make;
	enum fip_error expected;
	/** Bytes to offer the reader; 0 means all of them. */
	size_t size = 0;
};

/** three_entries() with `n` bytes at `off` set to `v`. */
Bytes patched(size_t off, uint64_t v, size_t n = 8)
{
	Bytes b = three_entries();

	put_le(b, off, v, n);
	return b;
}

std::vector<BadCase> bad_cases()
{
	const size_t toc = FIP_HEADER_SIZE + 4 * FIP_ENTRY_SIZE;

	return {
		{ "empty", [] { return Bytes(); }, FIP_ERROR_TRUNCATED_HEADER },
		{ "15 bytes", [] { return three_entries(); },
		  FIP_ERROR_TRUNCATED_HEADER, 15 },
		{ "bad name", [] { return patched(0, 0xAA640002, 4); },
		  FIP_ERROR_BAD_NAME },
		{ "serial 0", [] { return patched(4, 0, 4); },
		  FIP_ERROR_BAD_SERIAL },
		{ "flags bit 0", [] { return patched(8, 1); },
		  FIP_ERROR_RESERVED_FLAGS },
		{ "flags bit 48", [] { return patched(8, 1ULL << 48); },
		  FIP_ERROR_RESERVED_FLAGS },
		{ "header only", [] { return three_entries(); },
		  FIP_ERROR_NO_END_MARKER, FIP_HEADER_SIZE },
		{ "ToC cut inside the end marker",
		  [] { return three_entries(); }, FIP_ERROR_NO_END_MARKER,
		  FIP_HEADER_SIZE + 3 * FIP_ENTRY_SIZE + 39 },
		{ "end marker replaced by an entry",
		  [] { return patched(entry_at(3, kUuid), 0x77, 1); },
		  FIP_ERROR_NO_END_MARKER },
		{ "65 entries",
		  [] {
			  return make_fip(std::vector<Bytes>(
			      FIP_MAX_ENTRIES + 1, Bytes{ 1 }));
		  },
		  FIP_ERROR_TOO_MANY_ENTRIES },
		{ "end marker size 1",
		  [] { return patched(entry_at(3, kSize), 1); },
		  FIP_ERROR_END_MARKER_INVALID },
		{ "end marker inside the ToC",
		  [=] { return patched(entry_at(3, kOffset), toc - 1); },
		  FIP_ERROR_END_MARKER_INVALID },
		{ "end marker beyond the FIP",
		  [=] { return patched(entry_at(3, kOffset), toc + 47); },
		  FIP_ERROR_END_MARKER_INVALID },
		{ "entry size 0", [] { return patched(entry_at(1, kSize), 0); },
		  FIP_ERROR_ENTRY_EMPTY },
		{ "entry offset + size overflows",
		  [] { return patched(entry_at(2, kOffset), UINT64_MAX); },
		  FIP_ERROR_ENTRY_OVERFLOW },
		{ "entry size overflows",
		  [] { return patched(entry_at(0, kSize), UINT64_MAX - 8); },
		  FIP_ERROR_ENTRY_OVERFLOW },
		{ "entry beyond the FIP",
		  [] { return patched(entry_at(2, kSize), 2); },
		  FIP_ERROR_ENTRY_OUT_OF_BOUNDS },
		{ "entry beyond the end marker's offset",
		  [=] { return patched(entry_at(3, kOffset), toc + 45); },
		  FIP_ERROR_ENTRY_OUT_OF_BOUNDS },
		{ "entry offset huge",
		  [] { return patched(entry_at(1, kOffset), 1ULL << 40); },
		  FIP_ERROR_ENTRY_OUT_OF_BOUNDS },
		{ "entry at offset 0",
		  [] { return patched(entry_at(0, kOffset), 0); },
		  FIP_ERROR_ENTRY_OVERLAPS_TOC },
		{ "entry over the end marker",
		  [=] { return patched(entry_at(0, kOffset), toc - 1); },
		  FIP_ERROR_ENTRY_OVERLAPS_TOC },
		{ "payloads overlap by a byte",
		  [=] { return patched(entry_at(1, kOffset), toc + 4); },
		  FIP_ERROR_ENTRIES_OVERLAP },
		{ "same payload twice",
		  [=] { return patched(entry_at(2, kOffset), toc + 5); },
		  FIP_ERROR_ENTRIES_OVERLAP },
		{ "duplicate UUID",
		  [] {
			  Bytes b = three_entries();
			  memcpy(&b[entry_at(2, kUuid)], &b[entry_at(0, kUuid)],
				 FIP_UUID_SIZE);
			  return b;
		  },
		  FIP_ERROR_DUPLICATE_UUID },
	};
}

/*
 * Every malformed FIP gets its exact error and leaves the output struct
 * untouched; together the cases trigger every error value.
 */
TEST(FipTest, every_error_has_a_triggering_input)
{
	std::set<int> seen;

	for (const BadCase &c : bad_cases()) {
		Bytes b = c.make();
		Blob blob(b, c.size ? c.size : b.size());
		struct fip fip;
		struct fip before;

		memset(&fip, 0xa5, sizeof(fip));
		before = fip;
		EXPECT_EQ(blob.init(&fip), c.expected)
		    << c.what << ": expected " << fip_error_name(c.expected);
		EXPECT_EQ(memcmp(&fip, &before, sizeof(fip)), 0) << c.what;
		seen.insert(c.expected);
	}
	for (int i = 1; i < FIP_ERROR_COUNT; i++) {
		EXPECT_TRUE(seen.count(i))
		    << "no test triggers "
		    << fip_error_name(static_cast<enum fip_error>(i));
	}
}

/* fiptool puts the end marker at the end of the file: any prefix fails. */
TEST(FipTest, truncated_fip_fails_at_every_byte)
{
	Bytes b = three_entries();

	ASSERT_EQ(init(b), FIP_ERROR_SUCCESS);
	for (size_t n = 0; n < b.size(); n++) {
		enum fip_error e = init(b, n);

		ASSERT_NE(e, FIP_ERROR_SUCCESS) << "prefix of " << n;
		ASSERT_LT(static_cast<int>(e), FIP_ERROR_COUNT);
	}
}

/* §2.2's worked example: cactus's manifest uuid and its FIP string. */
TEST(FipTest, uuid_from_ffa_worked_example)
{
	struct ffa_uuid ffa = { { 0x1e67b5b4, 0xe14f904a, 0x13fb1fb8,
				  0xcbdae1da } };
	struct fip_uuid u;
	struct ffa_uuid back;

	fip_uuid_from_ffa(&ffa, &u);
	EXPECT_EQ(uuid_str(u), "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	struct fip_uuid parsed =
	    parse_uuid("b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	EXPECT_TRUE(fip_uuid_equal(&u, &parsed));
	fip_uuid_to_ffa(&u, &back);
	for (size_t i = 0; i < 4; i++) {
		EXPECT_EQ(back.w[i], ffa.w[i]);
	}
}

TEST(FipTest, well_known_uuids)
{
	const std::map<std::string, const struct fip_uuid *> known = {
		{ "5ff9ec0b-4d22-3e4d-a544-c39d81c73f0a", &fip_uuid_tb_fw },
		{ "47d4086d-4cfe-9846-9b95-2950cbbd5a00", &fip_uuid_soc_fw },
		{ "05d0e189-53dc-1347-8d2b-500a4b7a3e38", &fip_uuid_tos_fw },
		{ "d6d0eea7-fcea-d54b-9782-9934f234b6e4", &fip_uuid_nt_fw },
		{ "6c0762a6-12f2-4b56-92cb-ba8f633606d9", &fip_uuid_rmm_fw },
		{ "5807e16a-8459-47be-8ed5-648e8dddab0e", &fip_uuid_fw_config },
		{ "08b8f1d9-c9cf-9349-a962-6fbc6b7265cc", &fip_uuid_hw_config },
		{ "6c0458ff-af6b-7d4f-82ed-aa27bc69bfd2",
		  &fip_uuid_tb_fw_config },
		{ "9979814b-0376-fb46-8c8e-8d267f7859e0",
		  &fip_uuid_soc_fw_config },
		{ "26257c1a-dbc6-7f47-8d96-c4c4b0248021",
		  &fip_uuid_tos_fw_config },
		{ "28da9815-93e8-7e44-ac66-1aaf801550f9",
		  &fip_uuid_nt_fw_config },
	};

	for (const auto &[str, u] : known) {
		EXPECT_EQ(uuid_str(*u), str);
	}
}

/* ---- The FIP tools/sp_pack.py and Debian's fiptool built. ---- */

Bytes read_file(const std::string &path)
{
	std::ifstream f(path, std::ios::binary);

	EXPECT_TRUE(f.good()) << path;
	return Bytes(std::istreambuf_iterator<char>(f),
		     std::istreambuf_iterator<char>());
}

/**
 * The entries of sp_pack.py's summary. It writes one flat JSON object per
 * line, so a line-wise key/value scan is enough here.
 */
std::vector<std::map<std::string, std::string>> read_expected()
{
	std::ifstream f(std::string(FIP_TEST_DATA_DIR) + "/expected.json");
	std::regex kv(R"re("([a-z_]+)": ("([^"]*)"|-?[0-9]+|null))re");
	std::vector<std::map<std::string, std::string>> out;
	std::string line;

	while (std::getline(f, line)) {
		if (line.find("\"kind\"") == std::string::npos) {
			continue;
		}
		std::map<std::string, std::string> m;
		for (auto it =
			 std::sregex_iterator(line.begin(), line.end(), kv);
		     it != std::sregex_iterator(); ++it) {
			m[(*it)[1]] = (*it)[3].matched ? (*it)[3] : (*it)[2];
		}
		out.push_back(m);
	}
	return out;
}

uint64_t num(const std::map<std::string, std::string> &m, const char *key)
{
	auto it = m.find(key);

	EXPECT_NE(it, m.end()) << key;
	return it == m.end() ? 0 : std::stoull(it->second);
}

/** The FIP from test/data/packaging, read once for all the tests below. */
class FipFileTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		fip_bytes =
		    read_file(std::string(FIP_TEST_DATA_DIR) + "/test.fip");
		expected = read_expected();
		blob = std::make_unique<Blob>(fip_bytes);
		ASSERT_EQ(blob->init(&fip), FIP_ERROR_SUCCESS);
	}

	/** The FIP entry for an expected payload, checked against fiptool. */
	struct fip_entry entry_for(const std::map<std::string, std::string> &m)
	{
		struct fip_uuid u = parse_uuid(m.at("uuid"));
		struct fip_entry e = {};

		EXPECT_TRUE(fip_find(&fip, &u, &e)) << m.at("name");
		EXPECT_EQ(e.offset, num(m, "fip_offset")) << m.at("name");
		EXPECT_EQ(e.size, num(m, "size")) << m.at("name");
		return e;
	}

	Bytes fip_bytes;
	std::vector<std::map<std::string, std::string>> expected;
	std::unique_ptr<Blob> blob;
	struct fip fip;
};

TEST_F(FipFileTest, toc_matches_fiptool)
{
	/* BL32, TOS_FW_CONFIG, TB_FW_CONFIG and the two SPs. */
	ASSERT_EQ(expected.size(), 5U);
	EXPECT_EQ(fip.entry_count, expected.size());
	EXPECT_EQ(fip.serial, 0x12345678U);
	EXPECT_EQ(fip.end, fip_bytes.size());
	for (const auto &m : expected) {
		struct fip_entry e = entry_for(m);
		Bytes file = read_file(m.at("file"));

		ASSERT_EQ(file.size(), e.size) << m.at("name");
		EXPECT_EQ(
		    memcmp(fip_entry_data(&fip, &e), file.data(), file.size()),
		    0)
		    << m.at("name");
	}
}

TEST_F(FipFileTest, named_images_use_the_well_known_uuids)
{
	const std::map<std::string, const struct fip_uuid *> named = {
		{ "tos-fw", &fip_uuid_tos_fw },
		{ "tos-fw-config", &fip_uuid_tos_fw_config },
		{ "tb-fw-config", &fip_uuid_tb_fw_config },
	};
	size_t found = 0;

	for (const auto &m : expected) {
		if (m.at("kind") != "image") {
			continue;
		}
		struct fip_entry by_constant;
		struct fip_entry e = entry_for(m);
		ASSERT_TRUE(named.count(m.at("name"))) << m.at("name");
		ASSERT_TRUE(
		    fip_find(&fip, named.at(m.at("name")), &by_constant));
		EXPECT_EQ(by_constant.offset, e.offset);
		found++;
	}
	EXPECT_EQ(found, named.size());
}

/* Each SP blob parses, and its layout is what the packer wrote. */
TEST_F(FipFileTest, sp_packages_parse_as_packed)
{
	size_t sps = 0;

	for (const auto &m : expected) {
		if (m.at("kind") != "sp") {
			continue;
		}
		struct fip_entry e = entry_for(m);
		const auto *data =
		    static_cast<const uint8_t *>(fip_entry_data(&fip, &e));
		Blob pkg_blob(Bytes(data, data + e.size));
		struct sp_pkg pkg;

		ASSERT_EQ(
		    sp_pkg_parse(pkg_blob.data.get(), pkg_blob.size, &pkg),
		    SP_PKG_ERROR_SUCCESS)
		    << m.at("name");
		EXPECT_EQ(pkg.format, m.at("format") == "tl"
					  ? SP_PKG_FORMAT_TL
					  : SP_PKG_FORMAT_SPKG);
		EXPECT_EQ(pkg.version, num(m, "version"));
		EXPECT_EQ(pkg.manifest.offset, num(m, "pm_offset"));
		EXPECT_EQ(pkg.manifest.size, num(m, "pm_size"));
		EXPECT_EQ(pkg.image.offset, num(m, "img_offset"));
		EXPECT_EQ(pkg.image.size, num(m, "img_size"));
		EXPECT_EQ(pkg.size, num(m, "pkg_size"));
		EXPECT_EQ(pkg.boot_info.offset, 0U);
		EXPECT_EQ(pkg.boot_info.size, SP_PKG_PAGE_SIZE);

		Bytes pm = read_file(m.at("pm_file"));
		Bytes img = read_file(m.at("img_file"));
		ASSERT_EQ(pm.size(), pkg.manifest.size);
		ASSERT_EQ(img.size(), pkg.image.size);
		EXPECT_EQ(
		    memcmp(data + pkg.manifest.offset, pm.data(), pm.size()),
		    0);
		EXPECT_EQ(
		    memcmp(data + pkg.image.offset, img.data(), img.size()), 0);
		sps++;
	}
	EXPECT_EQ(sps, 2U);
}

} /* namespace */
