/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>
#include <vector>

#include "spmc/granule.h"

/*
 * The granule module's operations as test events, and the paths that bring
 * NS memory to each state through the public API.
 */

namespace granule_test
{

using R = struct granule_range;

enum class Ev {
	kBeginShare,
	kBeginLend,
	kBeginDonate,
	kProtect,
	kCommit,
	kAbort,
	kUnshare,
	kReclaim,
	kReturn,
	kCount,
};

inline const char *const kEvNames[] = {
	"BeginShare", "BeginLend", "BeginDonate", "Protect", "Commit",
	"Abort",      "Unshare",   "Reclaim",     "Return"
};

/** A starting state of the exhaustive test, and its share count. */
struct Config {
	enum granule_state state;
	uint32_t count;
};

inline const Config kConfigs[] = {
	{ GRANULE_NS, 0 },          { GRANULE_SHARED, 1 },
	{ GRANULE_SHARED, 2 },      { GRANULE_SHARED, GRANULE_SHARE_MAX },
	{ GRANULE_SHARING, 0 },     { GRANULE_SHARING, 1 },
	{ GRANULE_LENDING, 0 },     { GRANULE_DONATING, 0 },
	{ GRANULE_LENDING_SEC, 0 }, { GRANULE_DONATING_SEC, 0 },
	{ GRANULE_LENT, 0 },        { GRANULE_DONATED, 0 },
	{ GRANULE_LENT_NS, 0 },     { GRANULE_DONATED_NS, 0 },
};

/** True for states whose granules are in the Secure PAS. */
inline bool is_secure(enum granule_state s)
{
	return s == GRANULE_LENDING_SEC || s == GRANULE_DONATING_SEC ||
	       s == GRANULE_LENT || s == GRANULE_DONATED;
}

inline struct granule_ret run(struct granule_map *map, Ev ev,
			      const std::vector<R> &r)
{
	auto l = granule_map_lock(map);
	struct granule_ret ret = {};

	switch (ev) {
	case Ev::kBeginShare:
		ret = granule_begin(l, GRANULE_TXN_SHARE, r.data(), r.size());
		break;
	case Ev::kBeginLend:
		ret = granule_begin(l, GRANULE_TXN_LEND, r.data(), r.size());
		break;
	case Ev::kBeginDonate:
		ret = granule_begin(l, GRANULE_TXN_DONATE, r.data(), r.size());
		break;
	case Ev::kProtect:
		ret = granule_protect(l, r.data(), r.size());
		break;
	case Ev::kCommit:
		ret = granule_commit(l, r.data(), r.size());
		break;
	case Ev::kAbort:
		ret = granule_abort(l, r.data(), r.size());
		break;
	case Ev::kUnshare:
		ret = granule_unshare(l, r.data(), r.size());
		break;
	case Ev::kReclaim:
		ret = granule_reclaim(l, GRANULE_TXN_LEND, r.data(), r.size());
		break;
	default:
		ret =
		    granule_reclaim(l, GRANULE_TXN_DONATE, r.data(), r.size());
		break;
	}
	granule_map_unlock(&l);
	return ret;
}

/** Events that bring NS memory to `c` through the public API. */
inline std::vector<Ev> path_to(Config c)
{
	std::vector<Ev> p;

	for (uint32_t i = 0; i < c.count; i++) {
		p.push_back(Ev::kBeginShare);
		p.push_back(Ev::kCommit);
	}
	switch (c.state) {
	case GRANULE_SHARING:
		p.push_back(Ev::kBeginShare);
		break;
	case GRANULE_LENDING:
	case GRANULE_LENT_NS:
		p.push_back(Ev::kBeginLend);
		break;
	case GRANULE_DONATING:
	case GRANULE_DONATED_NS:
		p.push_back(Ev::kBeginDonate);
		break;
	case GRANULE_LENDING_SEC:
	case GRANULE_LENT:
		p.insert(p.end(), { Ev::kBeginLend, Ev::kProtect });
		break;
	case GRANULE_DONATING_SEC:
	case GRANULE_DONATED:
		p.insert(p.end(), { Ev::kBeginDonate, Ev::kProtect });
		break;
	default:
		break;
	}
	if (c.state == GRANULE_LENT || c.state == GRANULE_DONATED ||
	    c.state == GRANULE_LENT_NS || c.state == GRANULE_DONATED_NS) {
		p.push_back(Ev::kCommit);
	}
	return p;
}

} /* namespace granule_test */
