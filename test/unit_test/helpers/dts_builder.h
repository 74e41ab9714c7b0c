/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace test
{

/**
 * A device-tree node built in a test and rendered as DTS source. Property
 * values are DTS text ("<0x1 0x2>", "\"name\"", "" for an empty property),
 * so a test can write exactly the encoding it wants, malformed ones
 * included. `Set` replaces a property of the same name, `Del` removes one.
 */
class DtNode
{
      public:
	explicit DtNode(std::string name = "/") : name_(std::move(name))
	{
	}

	DtNode &Set(const std::string &prop, const std::string &value);
	DtNode &SetU32(const std::string &prop, uint32_t v);
	DtNode &SetU64(const std::string &prop, uint64_t v);
	DtNode &SetStr(const std::string &prop, const std::string &s);
	DtNode &SetFlag(const std::string &prop);
	DtNode &Del(const std::string &prop);
	bool Has(const std::string &prop) const;

	/** The child called `name`, created if absent. */
	DtNode &Child(const std::string &name);
	DtNode &DelChild(const std::string &name);

	/** The whole tree as DTS source, with the /dts-v1/ header. */
	std::string Dts() const;

	/** The tree compiled by dtc into a DTB. Aborts the test on failure. */
	std::vector<char> Dtb() const;

      private:
	void Render(std::string &out, int depth) const;

	std::string name_;
	std::vector<std::pair<std::string, std::string>> props_;
	std::vector<DtNode> children_;
};

/** Compiles DTS source with dtc. Returns an empty vector on failure. */
std::vector<char> CompileDts(const std::string &dts);

/** "<0x...>" for a cell list. */
std::string Cells(const std::vector<uint32_t> &cells);

} // namespace test
