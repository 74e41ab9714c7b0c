/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * FFA_CONSOLE_LOG: characters packed in registers, buffered per vCPU and
 * printed a line at a time on the SPMC console with the partition's ID.
 * SMC32: w1 = count (1..24), 4 characters in each of w2..w7. SMC64
 * (v1.2): x1 = count (1..128), 8 characters in each of x2..x17.
 */

#include "spmc/dlog.h"

#include "internal.h"

#define LOG_CHARS_32 24U
#define LOG_CHARS_64 128U

static void flush(struct vcpu *v)
{
	dlog_set_context(v->partition->id);
	dlog("%.*s\n", (int)v->log_len, v->log);
	dlog_set_context(DLOG_CONTEXT_SPMC);
	v->log_len = 0;
}

struct vcpu *ffa_console_log_call(struct ffa_call *call)
{
	struct vcpu *v = call->vcpu;
	bool smc64 = ffa_fid_is_smc64(call->fid);
	uint64_t count = smc64 ? call->regs->x[1] : (uint32_t)call->regs->x[1];
	uint32_t per_reg = smc64 ? 8 : 4;
	uint32_t max = smc64 ? LOG_CHARS_64 : LOG_CHARS_32;

	if (count == 0 || count > max) {
		return ffa_return_error(call, FFA_INVALID_PARAMETERS);
	}
	for (uint32_t i = 0; i < count; i++) {
		uint64_t reg = call->regs->x[2 + i / per_reg];
		char ch = (char)(reg >> (8 * (i % per_reg)));

		if (ch == '\n' || ch == '\0') {
			if (v->log_len > 0 || ch == '\n') {
				flush(v);
			}
			continue;
		}
		v->log[v->log_len++] = ch;
		if (v->log_len == sizeof(v->log)) {
			flush(v);
		}
	}
	return ffa_return(call, ffa_success(0));
}
