/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "boot.h"
#include "sp_loop.h"
#include "vmlib/boot_info.h"
#include "vmlib/ffa.h"
#include "vmlib/log.h"
#include "vmlib/vmlib.h"

/*
 * boot_late: the MP partition. Each vCPU records how it was entered
 * (late_record in boot.h); vCPU 0 also registers the secondary entry
 * point, after two registrations the SPMC must refuse. Every direct
 * request is answered with the records of the vCPU that serves it.
 */

static uint64_t records[VMLIB_MAX_VCPUS][LATE_RECORDS];

static uint64_t error_of(struct ffa_value v)
{
	return (uint32_t)v.x[0] == FFA_ERROR_32 ? (uint32_t)v.x[2] : 0;
}

static uint64_t mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

static struct ffa_value serve_records(const struct ffa_value *req)
{
	struct ffa_value resp = { 0 };
	size_t first = ffa_fid(req) == FFA_MSG_SEND_DIRECT_REQ2_64 ? 4 : 3;
	size_t count = first == 4 ? FFA_DIRECT_MSG2_ARGS : FFA_DIRECT_MSG_ARGS;
	uint32_t vcpu = vmlib_vcpu_index();
	size_t i;

	records[vcpu][LATE_VCPU] = vcpu;
	records[vcpu][LATE_MPIDR_AFF0] = mpidr() & 0xFFU;
	for (i = 0; i < count && i < LATE_RECORDS; i++) {
		resp.x[first + i] = records[vcpu][i];
	}
	return resp;
}

static void primary_init(uint64_t *r, const struct vmlib_boot *boot)
{
	uint64_t entry = (uintptr_t)vmlib_entry;
	struct ffa_value ret;

	r[LATE_EP_BAD_RANGE] =
	    error_of(ffa_secondary_ep_register(BOOT_LATE_LOAD + 0x100000));
	r[LATE_EP_UNALIGNED] = error_of(ffa_secondary_ep_register(entry + 2));
	r[LATE_EP_OK] = (uint32_t)ffa_secondary_ep_register(entry).x[0];
	ret = ffa_msg_send_direct_req_64(BOOT_LATE, BOOT_PROBER, NULL);
	r[LATE_PROBER_FID] = (uint32_t)ret.x[0];
	r[LATE_BOOT_INFO] =
	    vmlib_boot_info_validate(boot->regs[1], BOOT_INFO_LIMIT);
}

int sp_main(const struct vmlib_boot *boot)
{
	uint32_t vcpu = boot->vcpu;
	uint64_t *r = records[vcpu];
	size_t i;

	r[LATE_INITS]++;
	r[LATE_COLD] = boot->cold ? 1 : 0;
	for (i = 0; i < 4; i++) {
		r[LATE_X0 + i] = boot->regs[i];
	}
	if (vcpu == 0) {
		primary_init(r, boot);
	} else {
		r[LATE_EP_OK] =
		    error_of(ffa_secondary_ep_register((uintptr_t)vmlib_entry));
	}
	vmlib_log("boot_late: vCPU %u initialised (%lu)\n", vcpu,
		  (unsigned long)r[LATE_INITS]);
	sp_loop_run(serve_records);
}
