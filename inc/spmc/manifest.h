/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/manifest_error.h"

#include "vmapi/spmc/ffa.h"

/**
 * The SPMC manifest (TOS_FW_CONFIG) and the FF-A partition manifests, parsed
 * and validated. Every property of the FF-A manifest binding is read and
 * either acted on or refused with a named error; limits are the build's
 * PLAT_MAX_* constants and exceeding one is an error, never a silent drop.
 *
 * Usage: `manifest_init`, `manifest_parse_spmc` on the TOS_FW_CONFIG blob,
 * then `manifest_add_partition` once per `/hypervisor/vmN` entry in order.
 * A partition is validated against the SPMC manifest and against every
 * partition already added (IDs, boot order, memory, interrupts), and is
 * committed only when all of it is valid: a failed call leaves the
 * `struct manifest` exactly as it was.
 *
 * Error class: everything here is configuration (class b): the result is a
 * named error plus file, node and property in `struct manifest_error_info`.
 */

#define MANIFEST_PAGE_SIZE 4096U
#define MANIFEST_NAME_MAX 32U

/** The root `compatible` a partition manifest must carry: 1.0 or 1.1. */
#define MANIFEST_BINDING_1_0 0U
#define MANIFEST_BINDING_1_1 1U

/** A half-open physical range `[base, end)`. */
struct manifest_range {
	uint64_t base;
	uint64_t end;
};

/** Kinds of memory nodes in the SPMC manifest, by `device_type`. */
enum manifest_range_kind {
	MANIFEST_MEM_SECURE = 0, /* "memory" */
	MANIFEST_MEM_NS,         /* "ns-memory" */
	MANIFEST_DEV_SECURE,     /* "device-memory" */
	MANIFEST_DEV_NS,         /* "ns-device-memory" */
	MANIFEST_RANGE_KIND_COUNT
};

/** The `attribute` node, with the checks TF-A's SPMD makes. */
struct manifest_attribute {
	uint16_t spmc_id;
	uint32_t maj_ver;
	uint32_t min_ver;
	uint32_t exec_state;
	bool has_load_address;
	uint64_t load_address;
	bool has_entrypoint;
	uint64_t entrypoint;
	uint32_t binary_size;
};

/** Optional GICv3 `interrupt-controller` node. */
struct manifest_gic {
	bool present;
	struct manifest_range distributor;
	uint32_t redist_count;
	struct manifest_range redist[PLAT_MAX_GICR_REGIONS];
};

/** One `/hypervisor/vmN` entry: where BL2 put a partition's package. */
struct manifest_vm {
	uint32_t index; /* N of vmN, from 1. */
	char debug_name[MANIFEST_NAME_MAX];
	uint64_t load_address;
	uint64_t mem_size;
	uint16_t vcpu_count;
	bool has_exception_level;
	uint32_t exception_level;
	bool smc_whitelist_permissive;
	uint32_t smc_whitelist_count;
	uint32_t smc_whitelist[PLAT_MAX_SMC_WHITELIST];
};

struct manifest_spmc {
	struct manifest_attribute attr;
	uint32_t cpu_count;
	uint64_t cpu_mpidr[PLAT_MAX_CPUS]; /* Primary first. */
	uint32_t range_count[MANIFEST_RANGE_KIND_COUNT];
	struct manifest_range ranges[MANIFEST_RANGE_KIND_COUNT]
				    [PLAT_MAX_MEM_RANGES];
	struct manifest_gic gic;
	uint32_t vm_count;
	struct manifest_vm vms[PLAT_MAX_PARTITIONS];
};

/* Region `attributes` bits (binding "Mapping modes"). */
#define MANIFEST_REGION_R 0x1U
#define MANIFEST_REGION_W 0x2U
#define MANIFEST_REGION_X 0x4U
#define MANIFEST_REGION_NS 0x8U

enum manifest_base_kind {
	MANIFEST_BASE_ABSOLUTE = 0, /* base-address */
	MANIFEST_BASE_RELATIVE,     /* load-address-relative-offset */
	MANIFEST_BASE_ALLOCATED,    /* neither: the SPMC chooses at load */
};

struct manifest_mem_region {
	char description[MANIFEST_NAME_MAX];
	enum manifest_base_kind base_kind;
	/** Absolute base (resolved for relative regions; 0 if allocated). */
	uint64_t base;
	uint64_t relative_offset;
	uint32_t pages_count;
	uint32_t attributes;
	uint32_t phandle; /* 0 if none. */
	bool has_smmu_id;
	uint32_t smmu_id;
	/* Indices into the partition's stream arrays. */
	uint32_t stream_first;
	uint32_t stream_count;
};

/* Interrupt `attributes` fields (binding "Device Regions"). */
#define MANIFEST_INT_PRIORITY_MASK 0xFFU
#define MANIFEST_INT_SECURE (1U << 8)
#define MANIFEST_INT_LEVEL (1U << 9)
#define MANIFEST_INT_TYPE_SHIFT 10
#define MANIFEST_INT_TYPE_MASK (3U << MANIFEST_INT_TYPE_SHIFT)
#define MANIFEST_INT_TYPE_SGI 0U
#define MANIFEST_INT_TYPE_PPI 1U
#define MANIFEST_INT_TYPE_SPI 2U
#define MANIFEST_INT_ATTR_VALID 0xFFFU

struct manifest_interrupt {
	uint32_t id;
	uint32_t attributes; /* Raw, validated. */
	uint8_t priority;
	uint8_t type; /* MANIFEST_INT_TYPE_* */
	bool secure;
	bool level_triggered;
	bool has_target;
	uint64_t target_mpidr;
	uint32_t dev_region; /* Index of the owning device region. */
};

struct manifest_dev_region {
	char description[MANIFEST_NAME_MAX];
	uint64_t base;
	uint32_t pages_count;
	uint32_t attributes;
	bool exclusive_access;
	bool has_smmu_id;
	uint32_t smmu_id;
	uint32_t stream_first;
	uint32_t stream_count;
	uint32_t interrupt_first;
	uint32_t interrupt_count;
};

/* ns-interrupts-action. */
#define MANIFEST_NS_ACTION_QUEUED 0U
#define MANIFEST_NS_ACTION_ME 1U
#define MANIFEST_NS_ACTION_SIGNALED 2U
/* other-s-interrupts-action. */
#define MANIFEST_OTHER_S_ACTION_QUEUED 0U
#define MANIFEST_OTHER_S_ACTION_SIGNALED 1U
/* exception-level. */
#define MANIFEST_EL1 0U
#define MANIFEST_S_EL0 1U
#define MANIFEST_S_EL1 2U
/* power-management-messages. */
#define MANIFEST_PM_CPU_OFF (1U << 0)
#define MANIFEST_PM_CPU_SUSPEND (1U << 1)
#define MANIFEST_PM_CPU_SUSPEND_RESUME (1U << 2)
/* vm-availability-messages. */
#define MANIFEST_VM_CREATED (1U << 0)
#define MANIFEST_VM_DESTROYED (1U << 1)
/* abort-action. */
#define MANIFEST_ABORT_STOP 0U
#define MANIFEST_ABORT_DESTROY 1U
#define MANIFEST_ABORT_RESTART 2U
#define MANIFEST_ABORT_PROPAGATE 3U
/* boot-order when the property is absent: after every explicit one. */
#define MANIFEST_BOOT_ORDER_DEFAULT 0x10000U

/** One FF-A partition: its manifest plus its SPMC-manifest entry. */
struct manifest_partition {
	uint32_t vm_index; /* Index into `manifest_spmc.vms`. */
	uint16_t id;
	bool id_from_manifest;
	bool has_auxiliary_id;
	uint16_t auxiliary_id;
	uint32_t binding_minor; /* MANIFEST_BINDING_1_x */
	uint32_t ffa_version;
	char description[MANIFEST_NAME_MAX];

	uint32_t uuid_count;
	struct ffa_uuid uuids[PLAT_MAX_UUIDS];
	uint32_t uuid_messaging[PLAT_MAX_UUIDS];
	uint32_t messaging_method; /* Union over the services. */

	uint32_t execution_ctx_count;
	uint32_t exception_level;
	uint32_t execution_state;
	bool has_load_address;
	uint64_t load_address; /* Package base = SPMC manifest's. */
	uint64_t mem_size;     /* From the SPMC manifest. */
	uint64_t entrypoint_offset;
	uint32_t xlat_granule;
	uint32_t boot_order; /* MANIFEST_BOOT_ORDER_DEFAULT if absent. */

	uint32_t ns_interrupts_action;
	bool managed_exit_virq;
	uint32_t other_s_interrupts_action;
	uint32_t sri_interrupts_policy;
	bool time_slice_mem;
	bool has_gp_register;
	uint32_t gp_register_num;
	uint32_t power_management_messages;
	uint32_t vm_availability_messages;
	bool lifecycle_support;
	bool has_abort_action;
	uint32_t abort_action;
	bool notification_support;

	bool boot_info_present;
	bool boot_info_ffa_manifest;
	bool boot_info_hob_list;

	bool rxtx_present;
	uint32_t rx_region; /* Indices into mem_regions. */
	uint32_t tx_region;

	uint32_t mem_region_count;
	struct manifest_mem_region mem_regions[PLAT_MAX_MEM_REGIONS];
	uint32_t dev_region_count;
	struct manifest_dev_region dev_regions[PLAT_MAX_DEV_REGIONS];
	uint32_t interrupt_count;
	struct manifest_interrupt interrupts[PLAT_MAX_INTERRUPTS];
	/* Stream IDs of every region, and their access permissions. */
	uint32_t stream_count;
	uint32_t stream_ids[PLAT_MAX_STREAM_IDS * 2];
	uint32_t stream_perms[PLAT_MAX_STREAM_IDS * 2];
};

struct manifest {
	/** The SPMC image, which no partition may overlap. */
	struct manifest_range spmc_image;
	struct manifest_spmc spmc;
	uint32_t partition_count;
	struct manifest_partition partitions[PLAT_MAX_PARTITIONS];
	/** Where a partition is built before it is committed. */
	struct manifest_partition scratch;
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Resets `m`. `spmc_image` is where the SPMC image itself lies (from the
 * linker on the target, chosen by the test on the host).
 */
void manifest_init(struct manifest *m, struct manifest_range spmc_image);

/**
 * Parses the SPMC manifest blob at `blob` (at most `max_size` bytes). On
 * failure returns the error, fills `err`, and `m->spmc` is left empty.
 */
enum manifest_error manifest_parse_spmc(struct manifest *m, const void *blob,
					size_t max_size,
					struct manifest_error_info *err);

/**
 * Parses the FF-A partition manifest of `m->spmc.vms[vm_index]` and adds the
 * partition. On failure returns the error, fills `err` and leaves `m`
 * unchanged.
 */
enum manifest_error manifest_add_partition(struct manifest *m,
					   uint32_t vm_index, const void *blob,
					   size_t max_size,
					   struct manifest_error_info *err);

/**
 * Writes the indices of the partitions in boot order (lowest boot-order
 * first; partitions without one last, in vmN order) into `order`, which has
 * room for `m->partition_count` entries.
 */
void manifest_boot_order(const struct manifest *m, uint32_t *order);

/** The partition with endpoint ID `id`, or NULL. */
const struct manifest_partition *
manifest_find_partition(const struct manifest *m, uint16_t id);

#ifdef __cplusplus
}
#endif
