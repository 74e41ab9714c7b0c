/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/granule.h"

#include "vmapi/spmc/ffa.h"

#include "internal.h"

/*
 * The state machine of docs/design/granule.md, as one table. Every pair not
 * listed is refused with DENIED and leaves the granule as it was.
 */

static struct granule_step step_ok(enum granule_state s, uint32_t count,
				   bool unprotect)
{
	return (struct granule_step){
		.result = GRANULE_OK,
		.value = granule_encode(s, count),
		.unprotect = unprotect,
	};
}

static struct granule_step step_ns_or_shared(uint32_t count)
{
	return step_ok(count == 0 ? GRANULE_NS : GRANULE_SHARED, count, false);
}

static struct granule_step step_from_ns(enum granule_event ev)
{
	switch (ev) {
	case GRANULE_EV_BEGIN_SHARE:
		return step_ok(GRANULE_SHARING, 0, false);
	case GRANULE_EV_BEGIN_LEND:
		return step_ok(GRANULE_LENDING, 0, false);
	case GRANULE_EV_BEGIN_DONATE:
		return step_ok(GRANULE_DONATING, 0, false);
	default:
		return (struct granule_step){ .result = GRANULE_DENIED };
	}
}

static struct granule_step step_from_shared(uint32_t count,
					    enum granule_event ev)
{
	if (ev == GRANULE_EV_BEGIN_SHARE) {
		if (count >= GRANULE_SHARE_MAX) {
			return (struct granule_step){ .result =
							  GRANULE_NO_MEMORY };
		}
		return step_ok(GRANULE_SHARING, count, false);
	}
	if (ev == GRANULE_EV_UNSHARE) {
		return step_ns_or_shared(count - 1);
	}
	return (struct granule_step){ .result = GRANULE_DENIED };
}

/** LENDING/DONATING (NS PAS) and their protected forms. */
static struct granule_step step_in_flight(enum granule_state s,
					  enum granule_event ev)
{
	bool lend = s == GRANULE_LENDING || s == GRANULE_LENDING_SEC;
	bool sec = s == GRANULE_LENDING_SEC || s == GRANULE_DONATING_SEC;

	switch (ev) {
	case GRANULE_EV_PROTECT:
		if (sec) {
			break;
		}
		return step_ok(lend ? GRANULE_LENDING_SEC
				    : GRANULE_DONATING_SEC,
			       0, false);
	case GRANULE_EV_COMMIT:
		if (sec) {
			return step_ok(lend ? GRANULE_LENT : GRANULE_DONATED, 0,
				       false);
		}
		return step_ok(lend ? GRANULE_LENT_NS : GRANULE_DONATED_NS, 0,
			       false);
	case GRANULE_EV_ABORT:
		return step_ok(GRANULE_NS, 0, sec);
	default:
		break;
	}
	return (struct granule_step){ .result = GRANULE_DENIED };
}

static struct granule_step step_held(enum granule_state s,
				     enum granule_event ev)
{
	bool lent = s == GRANULE_LENT || s == GRANULE_LENT_NS;
	bool sec = s == GRANULE_LENT || s == GRANULE_DONATED;

	if ((lent && ev == GRANULE_EV_RECLAIM) ||
	    (!lent && ev == GRANULE_EV_RETURN)) {
		return step_ok(GRANULE_NS, 0, sec);
	}
	return (struct granule_step){ .result = GRANULE_DENIED };
}

struct granule_step granule_step(uint16_t v, enum granule_event ev)
{
	enum granule_state s = granule_value_state(v);
	uint32_t count = granule_value_count(v);

	switch (s) {
	case GRANULE_NS:
		return step_from_ns(ev);
	case GRANULE_SHARED:
		return step_from_shared(count, ev);
	case GRANULE_SHARING:
		if (ev == GRANULE_EV_COMMIT) {
			return step_ok(GRANULE_SHARED, count + 1, false);
		}
		if (ev == GRANULE_EV_ABORT) {
			return step_ns_or_shared(count);
		}
		return (struct granule_step){ .result = GRANULE_DENIED };
	case GRANULE_LENDING:
	case GRANULE_DONATING:
	case GRANULE_LENDING_SEC:
	case GRANULE_DONATING_SEC:
		return step_in_flight(s, ev);
	case GRANULE_LENT:
	case GRANULE_DONATED:
	case GRANULE_LENT_NS:
	case GRANULE_DONATED_NS:
		return step_held(s, ev);
	default:
		return (struct granule_step){ .result = GRANULE_DENIED };
	}
}

enum granule_policy granule_build_policy(void)
{
	return GRANULE_REQUIRE_PROTECTION ? GRANULE_POLICY_REQUIRE
					  : GRANULE_POLICY_CONTINUE_NS;
}

const char *granule_result_name(enum granule_result r)
{
	static const char *const names[] = {
		[GRANULE_OK] = "OK",
		[GRANULE_INVALID] = "INVALID",
		[GRANULE_DENIED] = "DENIED",
		[GRANULE_NO_MEMORY] = "NO_MEMORY",
		[GRANULE_UNSUPPORTED] = "UNSUPPORTED",
		[GRANULE_FATAL] = "FATAL",
	};

	if ((unsigned int)r >= GRANULE_RESULT_COUNT) {
		return "?";
	}
	return names[r];
}

const char *granule_state_name(enum granule_state s)
{
	static const char *const names[] = {
		[GRANULE_NS] = "NS",
		[GRANULE_SHARED] = "SHARED",
		[GRANULE_SHARING] = "SHARING",
		[GRANULE_LENDING] = "LENDING",
		[GRANULE_DONATING] = "DONATING",
		[GRANULE_LENDING_SEC] = "LENDING_SEC",
		[GRANULE_DONATING_SEC] = "DONATING_SEC",
		[GRANULE_LENT] = "LENT",
		[GRANULE_DONATED] = "DONATED",
		[GRANULE_LENT_NS] = "LENT_NS",
		[GRANULE_DONATED_NS] = "DONATED_NS",
	};

	if ((unsigned int)s >= GRANULE_STATE_COUNT) {
		return "?";
	}
	return names[s];
}

int32_t granule_result_ffa_error(enum granule_result r)
{
	switch (r) {
	case GRANULE_OK:
		return 0;
	case GRANULE_INVALID:
		return FFA_INVALID_PARAMETERS;
	case GRANULE_DENIED:
	case GRANULE_UNSUPPORTED:
		return FFA_DENIED;
	case GRANULE_NO_MEMORY:
		return FFA_NO_MEMORY;
	default:
		return FFA_ABORTED;
	}
}
