/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * The state machine of a transaction and its receivers
 * (docs/design/mem_share.md). `mem_share_check` is the whole table of
 * legal events; `mem_share_apply` only moves along it.
 */

#include "spmc/mem_share.h"

static const char *const event_names[MEM_EV_COUNT] = {
	[MEM_EV_FRAGMENT] = "fragment",
	[MEM_EV_SEND_DONE] = "send-done",
	[MEM_EV_RETRIEVE] = "retrieve",
	[MEM_EV_RETRIEVE_FRAG] = "retrieve-fragmented",
	[MEM_EV_RESP_FRAG] = "response-fragment",
	[MEM_EV_RESP_DONE] = "response-done",
	[MEM_EV_RELINQUISH] = "relinquish",
	[MEM_EV_RECLAIM] = "reclaim",
};

const char *mem_share_event_name(enum mem_share_event e)
{
	return (unsigned)e < MEM_EV_COUNT ? event_names[e] : "?";
}

static int32_t check_receiver(const struct mem_share *share,
			      enum mem_share_event event, uint32_t recv)
{
	enum mem_recv_state r;

	if (share->state != MEM_SHARE_READY ||
	    recv >= share->desc.receiver_count) {
		return FFA_INVALID_PARAMETERS;
	}
	r = share->recv[recv].state;
	switch (event) {
	case MEM_EV_RETRIEVE:
	case MEM_EV_RETRIEVE_FRAG:
		return r == MEM_RECV_IDLE ? 0 : FFA_DENIED;
	case MEM_EV_RESP_FRAG:
	case MEM_EV_RESP_DONE:
		return r == MEM_RECV_RETRIEVING ? 0 : FFA_INVALID_PARAMETERS;
	case MEM_EV_RELINQUISH:
		if (share->abi == MEM_DESC_DONATE) {
			return FFA_INVALID_PARAMETERS;
		}
		return r == MEM_RECV_IDLE ? FFA_DENIED : 0;
	default:
		return FFA_INVALID_PARAMETERS;
	}
}

int32_t mem_share_check(const struct mem_share *share,
			enum mem_share_event event, uint32_t recv)
{
	switch (event) {
	case MEM_EV_FRAGMENT:
	case MEM_EV_SEND_DONE:
		return share->state == MEM_SHARE_SENDING
			   ? 0
			   : FFA_INVALID_PARAMETERS;
	case MEM_EV_RECLAIM:
		if (share->state != MEM_SHARE_READY) {
			return FFA_INVALID_PARAMETERS;
		}
		return share->holders == 0 ? 0 : FFA_DENIED;
	case MEM_EV_RETRIEVE:
	case MEM_EV_RETRIEVE_FRAG:
	case MEM_EV_RESP_FRAG:
	case MEM_EV_RESP_DONE:
	case MEM_EV_RELINQUISH:
		return check_receiver(share, event, recv);
	default:
		return FFA_INVALID_PARAMETERS;
	}
}

bool mem_share_apply(struct mem_share *share, enum mem_share_event event,
		     uint32_t recv)
{
	switch (event) {
	case MEM_EV_SEND_DONE:
		share->state = MEM_SHARE_READY;
		return false;
	case MEM_EV_RETRIEVE:
		share->recv[recv].state = MEM_RECV_RETRIEVED;
		share->holders++;
		return share->abi == MEM_DESC_DONATE;
	case MEM_EV_RETRIEVE_FRAG:
		share->recv[recv].state = MEM_RECV_RETRIEVING;
		share->holders++;
		return false;
	case MEM_EV_RESP_DONE:
		share->recv[recv].state = MEM_RECV_RETRIEVED;
		return share->abi == MEM_DESC_DONATE;
	case MEM_EV_RELINQUISH:
		share->recv[recv].state = MEM_RECV_IDLE;
		share->holders--;
		return false;
	case MEM_EV_RECLAIM:
		return true;
	default:
		return false;
	}
}
