/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "dts_builder.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace test
{

DtNode &DtNode::Set(const std::string &prop, const std::string &value)
{
	for (auto &p : props_) {
		if (p.first == prop) {
			p.second = value;
			return *this;
		}
	}
	props_.emplace_back(prop, value);
	return *this;
}

DtNode &DtNode::SetU32(const std::string &prop, uint32_t v)
{
	return Set(prop, Cells({ v }));
}

DtNode &DtNode::SetU64(const std::string &prop, uint64_t v)
{
	return Set(prop, Cells({ static_cast<uint32_t>(v >> 32),
				 static_cast<uint32_t>(v) }));
}

DtNode &DtNode::SetStr(const std::string &prop, const std::string &s)
{
	return Set(prop, "\"" + s + "\"");
}

DtNode &DtNode::SetFlag(const std::string &prop)
{
	return Set(prop, "");
}

DtNode &DtNode::Del(const std::string &prop)
{
	for (auto it = props_.begin(); it != props_.end(); ++it) {
		if (it->first == prop) {
			props_.erase(it);
			break;
		}
	}
	return *this;
}

bool DtNode::Has(const std::string &prop) const
{
	for (const auto &p : props_) {
		if (p.first == prop) {
			return true;
		}
	}
	return false;
}

DtNode &DtNode::Child(const std::string &name)
{
	for (auto &c : children_) {
		if (c.name_ == name) {
			return c;
		}
	}
	children_.emplace_back(name);
	return children_.back();
}

DtNode &DtNode::DelChild(const std::string &name)
{
	for (auto it = children_.begin(); it != children_.end(); ++it) {
		if (it->name_ == name) {
			children_.erase(it);
			break;
		}
	}
	return *this;
}

void DtNode::Render(std::string &out, int depth) const
{
	std::string pad(static_cast<size_t>(depth), '\t');

	out += pad + name_ + " {\n";
	for (const auto &p : props_) {
		out += pad + "\t" + p.first;
		if (!p.second.empty()) {
			out += " = " + p.second;
		}
		out += ";\n";
	}
	for (const auto &c : children_) {
		c.Render(out, depth + 1);
	}
	out += pad + "};\n";
}

std::string DtNode::Dts() const
{
	std::string out = "/dts-v1/;\n";

	Render(out, 0);
	return out;
}

std::vector<char> DtNode::Dtb() const
{
	std::vector<char> dtb = CompileDts(Dts());

	EXPECT_FALSE(dtb.empty()) << "dtc rejected:\n" << Dts();
	return dtb;
}

std::vector<char> CompileDts(const std::string &dts)
{
	char in[] = "/tmp/spmc_test_XXXXXX";
	int fd = mkstemp(in);
	std::vector<char> out;

	if (fd < 0) {
		return out;
	}
	close(fd);
	std::string dtb_path = std::string(in) + ".dtb";
	{
		std::ofstream f(in);
		f << dts;
	}
	std::string cmd =
	    "dtc -q -I dts -O dtb -o " + dtb_path + " " + in + " 2>/dev/null";
	if (std::system(cmd.c_str()) == 0) {
		std::ifstream f(dtb_path, std::ios::binary);
		out.assign(std::istreambuf_iterator<char>(f),
			   std::istreambuf_iterator<char>());
	}
	unlink(in);
	unlink(dtb_path.c_str());
	return out;
}

std::string Cells(const std::vector<uint32_t> &cells)
{
	std::ostringstream s;

	s << "<";
	for (size_t i = 0; i < cells.size(); i++) {
		s << (i ? " " : "") << "0x" << std::hex << cells[i];
	}
	s << ">";
	return s.str();
}

} // namespace test
