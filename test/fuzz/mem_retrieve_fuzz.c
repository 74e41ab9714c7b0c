/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spmc/mem_desc.h"

/*
 * libFuzzer target for the FFA_MEM_RETRIEVE_REQ path. Input: byte 0 picks
 * the caller's version (v1.0..v1.3), byte 1 bit 0 a normal-world caller;
 * the rest is the request, copied into a heap buffer of exactly its size.
 * On success the normalized request is checked against its promises.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t versions[] = { FFA_VERSION_1_0, FFA_VERSION_1_1,
				     FFA_VERSION_1_2, FFA_VERSION_1_3 };

/** Checks what a successful parse promises. */
static void check_req(const struct mem_retrieve_req *r, bool nwd)
{
	uint32_t i;
	uint32_t j;

	if (r->receiver_count > PLAT_MAX_MEM_RECEIVERS ||
	    r->hyp_request != (r->receiver_count == 0) ||
	    (r->hyp_request && !nwd) || r->handle == FFA_MEM_HANDLE_INVALID ||
	    (r->hint != 0 && !r->hint_valid) || r->type > 3) {
		__builtin_trap();
	}
	for (i = 0; i < r->receiver_count; i++) {
		if (r->receivers[i].data_access > 2 ||
		    r->receivers[i].instr_access > 2 ||
		    r->receivers[i].flags > 1) {
			__builtin_trap();
		}
		for (j = 0; j < i; j++) {
			if (r->receivers[i].id == r->receivers[j].id) {
				__builtin_trap();
			}
		}
	}
}

/** libFuzzer entry point: reads one input; never fails the run itself. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_retrieve_req req;
	struct mem_desc_in in;
	uint32_t len;
	uint8_t *buf;
	enum mem_desc_error e;

	if (size < 2 || size - 2 > UINT16_MAX) {
		return 0;
	}
	len = (uint32_t)(size - 2);
	buf = malloc(len ? len : 1);
	if (buf == NULL) {
		return 0;
	}
	memcpy(buf, data + 2, len);
	in = (struct mem_desc_in){
		.buf = buf,
		.fragment_length = len,
		.total_length = len,
		.version = versions[data[0] & 3],
		.caller_id = 0x8002,
		.caller_is_nwd = (data[1] & 1) != 0,
	};
	e = mem_desc_parse_retrieve(&in, &req);
	free(buf);
	if (mem_desc_error_name(e) == NULL ||
	    (e != MEM_DESC_ERROR_SUCCESS) != (mem_desc_error_code(e) < 0)) {
		__builtin_trap();
	}
	if (e == MEM_DESC_ERROR_SUCCESS) {
		check_req(&req, in.caller_is_nwd);
	}
	return 0;
}
