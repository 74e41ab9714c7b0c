/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "vmlib/ffa.h"

/*
 * FF-A setup, discovery, console and partition-lifecycle calls (FF-A v1.2).
 * Each wrapper fills the registers its ABI defines and leaves the others
 * zero (MBZ); none checks the result.
 */

/** FFA_VERSION: w1 = the caller's version. Returns the callee's in w0. */
struct ffa_value ffa_version(uint32_t requested)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_VERSION_32, requested } });
}

/** FFA_FEATURES: w1 = function or feature ID, w2 = input properties. */
struct ffa_value ffa_features(uint32_t feature_id, uint32_t input_props)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_FEATURES_32, feature_id, input_props } });
}

/** FFA_ID_GET: the caller's endpoint ID comes back in w2. */
struct ffa_value ffa_id_get(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_ID_GET_32 } });
}

/** FFA_SPM_ID_GET: the SPMC's ID comes back in w2. */
struct ffa_value ffa_spm_id_get(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_SPM_ID_GET_32 } });
}

/** FFA_RXTX_MAP_64: x1 = TX, x2 = RX (addresses), w3 = 4 KiB pages. */
struct ffa_value ffa_rxtx_map(uint64_t tx, uint64_t rx, uint32_t page_count)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_RXTX_MAP_64, tx, rx, page_count } });
}

/** FFA_RXTX_MAP_32: as `ffa_rxtx_map` with 32-bit addresses. */
struct ffa_value ffa_rxtx_map_32(uint32_t tx, uint32_t rx, uint32_t page_count)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_RXTX_MAP_32, tx, rx, page_count } });
}

/**
 * FFA_RXTX_UNMAP of the caller's own buffers: w1 (the ID a hypervisor
 * names on behalf of a VM) is zero.
 */
struct ffa_value ffa_rxtx_unmap(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_RXTX_UNMAP_32 } });
}

/** FFA_RX_RELEASE of the caller's own RX buffer (w1 zero). */
struct ffa_value ffa_rx_release(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_RX_RELEASE_32 } });
}

/** FFA_RX_ACQUIRE (hypervisor only): w1 = the VM whose RX buffer. */
struct ffa_value ffa_rx_acquire(uint16_t vm_id)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_RX_ACQUIRE_32, vm_id } });
}

/**
 * FFA_PARTITION_INFO_GET: w1..w4 = the UUID words (all zero: every
 * partition), w5 = flags. On success w2 is the count and, from v1.1, w3
 * the size of each descriptor written to the caller's RX buffer.
 */
struct ffa_value ffa_partition_info_get(const struct ffa_uuid *uuid,
					uint32_t flags)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_PARTITION_INFO_GET_32, uuid->w[0], uuid->w[1],
		   uuid->w[2], uuid->w[3], flags } });
}

/**
 * FFA_PARTITION_INFO_GET_REGS (SMC64): the UUID in x1/x2, the start index
 * and tag in x3. The layout of the result is in vmapi/spmc/ffa.h.
 */
struct ffa_value ffa_partition_info_get_regs(const struct ffa_uuid *uuid,
					     uint16_t start_index, uint16_t tag)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_PARTITION_INFO_GET_REGS_64,
		   uuid->w[0] | ((uint64_t)uuid->w[1] << 32),
		   uuid->w[2] | ((uint64_t)uuid->w[3] << 32),
		   start_index |
		       ((uint64_t)tag << FFA_PART_INFO_REGS_TAG_SHIFT) } });
}

/**
 * FFA_SECONDARY_EP_REGISTER_64: x1 = the entry point of the secondary
 * execution contexts of an MP partition. Valid only during initialisation.
 */
struct ffa_value ffa_secondary_ep_register(uint64_t entry)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_SECONDARY_EP_REGISTER_64, entry } });
}

/** FFA_MEM_PERM_GET_64 (S-EL0 partitions): x1 = the virtual address. */
struct ffa_value ffa_mem_perm_get(uint64_t va)
{
	return ffa_call((struct ffa_value){ .x = { FFA_MEM_PERM_GET_64, va } });
}

/**
 * FFA_MEM_PERM_SET_64 (S-EL0 partitions): x1 = the virtual address, w2 =
 * pages, w3 = permissions.
 */
struct ffa_value ffa_mem_perm_set(uint64_t va, uint32_t page_count,
				  uint32_t perm)
{
	return ffa_call((struct ffa_value){
	    .x = { FFA_MEM_PERM_SET_64, va, page_count, perm } });
}

/**
 * FFA_ERROR with `code` in w2 (w1 zero). A partition calls it to end its
 * initialisation with a failure.
 */
struct ffa_value ffa_error(int32_t code)
{
	return ffa_call(
	    (struct ffa_value){ .x = { FFA_ERROR_32, 0, (uint32_t)code } });
}

/** FFA_ABORT_32 (FF-A v1.3): the caller gives up; no arguments. */
struct ffa_value ffa_abort(void)
{
	return ffa_call((struct ffa_value){ .x = { FFA_ABORT_32 } });
}

/**
 * Packs `chars` for FFA_CONSOLE_LOG: w1 = count, characters from the
 * lowest byte of x2 upwards, four per register for SMC32 (w2..w7) and
 * eight for SMC64 (x2..x17). Characters past the form's maximum are left
 * out; the return value says how many were packed. `v` is overwritten.
 */
size_t ffa_console_log_pack(struct ffa_value *v, uint32_t fid,
			    const char *chars, size_t count)
{
	size_t per_reg;
	size_t max;
	size_t i;

	*v = (struct ffa_value){ .x = { fid } };
	if (fid == FFA_CONSOLE_LOG_32) {
		per_reg = sizeof(uint32_t);
		max = FFA_CONSOLE_LOG_32_MAX_CHARS;
	} else if (fid == FFA_CONSOLE_LOG_64) {
		per_reg = sizeof(uint64_t);
		max = FFA_CONSOLE_LOG_64_MAX_CHARS;
	} else {
		return 0;
	}
	if (count > max) {
		count = max;
	}

	v->x[1] = count;
	for (i = 0; i < count; i++) {
		v->x[2 + i / per_reg] |= (uint64_t)(unsigned char)chars[i]
					 << (8 * (i % per_reg));
	}
	return count;
}

/** FFA_CONSOLE_LOG_32 with the first (at most 24) of `count` characters. */
struct ffa_value ffa_console_log_32(const char *chars, size_t count)
{
	struct ffa_value v;

	ffa_console_log_pack(&v, FFA_CONSOLE_LOG_32, chars, count);
	return ffa_call(v);
}

/** FFA_CONSOLE_LOG_64 with the first (at most 128) of `count` characters. */
struct ffa_value ffa_console_log_64(const char *chars, size_t count)
{
	struct ffa_value v;

	ffa_console_log_pack(&v, FFA_CONSOLE_LOG_64, chars, count);
	return ffa_call(v);
}
