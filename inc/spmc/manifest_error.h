/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stddef.h>

/**
 * Every reason the SPMC refuses a manifest. One list generates the enum, its
 * names and its descriptions, so no value can lack either; a unit test walks
 * all of them and triggers each one.
 */
#define MANIFEST_ERRORS(X)                                                     \
	X(SUCCESS, "no error")                                                 \
	/* The blob itself. */                                                 \
	X(FDT_INVALID, "not a valid flattened device tree")                    \
	X(NO_CORE_MANIFEST_NODE,                                               \
	  "no node is compatible with \"arm,ffa-core-manifest-1.0\"")          \
	X(NO_ATTRIBUTE_NODE,                                                   \
	  "the core manifest node has no `attribute` child")                   \
	/* Property encoding. */                                               \
	X(PROPERTY_MISSING, "a mandatory property is missing")                 \
	X(MALFORMED_INTEGER, "an integer property has the wrong length")       \
	X(INTEGER_OVERFLOW, "an integer does not fit the property's range")    \
	X(MALFORMED_STRING, "a string property is not a terminated string")    \
	X(STRING_TOO_LONG, "a string property is longer than the SPMC keeps")  \
	X(MALFORMED_BOOLEAN, "an empty (boolean) property carries a value")    \
	X(MALFORMED_LIST, "a list property has a length that is not a whole "  \
			  "number of entries")                                 \
	X(NODE_NOT_COMPATIBLE, "a node has a missing or wrong `compatible`")   \
	/* SPMC `attribute` node. */                                           \
	X(UNSUPPORTED_FFA_VERSION,                                             \
	  "the FF-A version is not one this SPMC implements")                  \
	X(INVALID_SPMC_ID, "spmc_id is not a secure endpoint ID")              \
	X(UNSUPPORTED_EXEC_STATE, "only AArch64 (0) is supported")             \
	X(SPMC_IMAGE_OUTSIDE_BINARY, "the SPMC image does not lie inside "     \
				     "[load_address, load_address + "          \
				     "binary_size)")                           \
	X(SPMC_ENTRYPOINT_INVALID, "entrypoint is not inside the SPMC image")  \
	/* `/cpus`. */                                                         \
	X(NO_CPUS, "no CPU node under /cpus")                                  \
	X(TOO_MANY_CPUS, "more CPUs than PLAT_MAX_CPUS")                       \
	X(DUPLICATE_CPU, "two CPU nodes have the same MPIDR")                  \
	X(INVALID_CELL_COUNT, "#address-cells or #size-cells is out of range") \
	/* Memory nodes of the SPMC manifest. */                               \
	X(MEMORY_MISSING, "no `memory` node declares secure memory")           \
	X(TOO_MANY_MEM_RANGES, "more ranges of one kind than "                 \
			       "PLAT_MAX_MEM_RANGES")                          \
	X(MEM_RANGE_EMPTY, "a memory range has size 0")                        \
	X(MEM_RANGE_UNALIGNED, "a memory range is not 4 KiB aligned")          \
	X(MEM_RANGE_OVERLAP, "two memory ranges overlap")                      \
	X(ADDRESS_OVERFLOW, "base + size overflows the address space")         \
	X(GIC_INVALID, "the interrupt-controller node is inconsistent")        \
	/* `/hypervisor` partition list. */                                    \
	X(NO_HYPERVISOR_NODE, "no /hypervisor node")                           \
	X(RESERVED_VM_ID, "vm0 is reserved")                                   \
	X(VM_NODE_GAP, "vmN nodes are not numbered 1, 2, 3... without gaps")   \
	X(TOO_MANY_PARTITIONS, "more partitions than PLAT_MAX_PARTITIONS")     \
	X(NOT_FFA_PARTITION, "the SPMC only runs FF-A partitions "             \
			     "(is_ffa_partition)")                             \
	X(HYP_LOADED_UNSUPPORTED, "hyp_loaded: the SPMC does not load images;" \
				  " BL2 does")                                 \
	X(LOAD_ADDRESS_INVALID, "load_address is 0 or not 4 KiB aligned")      \
	X(MEM_SIZE_INVALID, "mem_size is 0 or not 4 KiB aligned")              \
	X(VCPU_COUNT_INVALID, "vcpu_count is 0 or more than the CPUs")         \
	X(TOO_MANY_SMC_WHITELIST, "more SMC IDs than PLAT_MAX_SMC_WHITELIST")  \
	X(PARTITION_OUTSIDE_MEMORY, "the partition's memory is not inside a "  \
				    "secure `memory` range")                   \
	X(PARTITION_OVERLAPS_SPMC, "the partition's memory overlaps the SPMC " \
				   "image")                                    \
	X(PARTITION_OVERLAP, "two partitions' memory overlaps")                \
	/* Partition manifest root. */                                         \
	X(NOT_COMPATIBLE, "the root is not compatible with "                   \
			  "\"arm,ffa-manifest-1.0\" or \"-1.1\"")              \
	X(NO_SERVICES, "neither `uuid` nor a `services` node")                 \
	X(UUID_ALL_ZEROS, "a UUID is the nil UUID")                            \
	X(TOO_MANY_UUIDS, "more UUIDs than PLAT_MAX_UUIDS")                    \
	X(MALFORMED_UUID, "a UUID is not 4 cells or a canonical string")       \
	X(DUPLICATE_UUID, "a UUID appears twice in one partition")             \
	X(INVALID_PARTITION_ID, "id is not a secure partition ID")             \
	X(DUPLICATE_PARTITION_ID, "two endpoints have the same ID")            \
	X(INVALID_AUXILIARY_ID, "auxiliary-id is not a secure 16-bit ID")      \
	X(INVALID_EXECUTION_CTX_COUNT, "execution-ctx-count is not 1 or the "  \
				       "CPU count, or disagrees with "         \
				       "vcpu_count")                           \
	X(INVALID_EXCEPTION_LEVEL, "exception-level is not S-EL0 (1) or "      \
				   "S-EL1 (2)")                                \
	X(EXCEPTION_LEVEL_MISMATCH, "exception-level differs between the SPMC" \
				    " and partition manifests")                \
	X(LOAD_ADDRESS_MISMATCH, "load-address differs from the SPMC "         \
				 "manifest's load_address")                    \
	X(ENTRYPOINT_INVALID, "entrypoint-offset is unaligned or outside the " \
			      "partition's memory")                            \
	X(UNSUPPORTED_XLAT_GRANULE, "only the 4 KiB granule (0) is "           \
				    "supported")                               \
	X(INVALID_BOOT_ORDER, "boot-order is above 0xFFFF")                    \
	X(DUPLICATE_BOOT_ORDER, "two partitions have the same boot-order")     \
	X(INVALID_MESSAGING_METHOD, "messaging-method is 0 or sets reserved "  \
				    "bits")                                    \
	X(MESSAGING_METHOD_NEEDS_VERSION, "a messaging method needs a newer "  \
					  "ffa-version")                       \
	X(UNMATCHED_MESSAGING_METHODS, "messaging-method has neither one "     \
				       "value nor one per UUID")               \
	X(ILLEGAL_NS_INT_ACTION, "ns-interrupts-action is invalid for this "   \
				 "partition")                                  \
	X(MANAGED_EXIT_CONFLICT, "managed-exit disagrees with "                \
				 "ns-interrupts-action")                       \
	X(MANAGED_EXIT_VIRQ_WITHOUT_ME, "managed-exit-virq without managed "   \
					"exit")                                \
	X(ILLEGAL_OTHER_S_INT_ACTION, "other-s-interrupts-action is invalid "  \
				      "for this partition")                    \
	X(ILLEGAL_SRI_POLICY, "sri-interrupts-policy is invalid for this "     \
			      "partition")                                     \
	X(PRIMARY_SCHEDULER_IN_SP, "has-primary-scheduler: a secure "          \
				   "partition cannot be the primary "          \
				   "scheduler")                                \
	X(INVALID_GP_REGISTER, "gp-register-num is not 0..3")                  \
	X(INVALID_PM_MESSAGES, "power-management-messages sets reserved "      \
			       "bits")                                         \
	X(INVALID_VM_AVAILABILITY_MESSAGES, "vm-availability-messages sets "   \
					    "reserved bits")                   \
	X(ILLEGAL_LIFECYCLE_SUPPORT, "lifecycle-support needs FF-A v1.3")      \
	X(ILLEGAL_ABORT_ACTION, "abort-action is above 3")                     \
	X(BOOT_INFO_EMPTY, "boot-info names neither ffa_manifest nor "         \
			   "hob_list")                                         \
	X(BOOT_INFO_WITHOUT_GP_REGISTER, "boot-info without gp-register-num: " \
					 "the blob could not be passed")       \
	/* Memory and device regions. */                                       \
	X(TOO_MANY_MEM_REGIONS, "more memory regions than "                    \
				"PLAT_MAX_MEM_REGIONS")                        \
	X(TOO_MANY_DEV_REGIONS, "more device regions than "                    \
				"PLAT_MAX_DEV_REGIONS")                        \
	X(REGION_EMPTY, "pages-count is 0")                                    \
	X(REGION_UNALIGNED, "a region base is not 4 KiB aligned")              \
	X(BASE_AND_RELATIVE_ADDRESS, "both base-address and "                  \
				     "load-address-relative-offset")           \
	X(INVALID_MEM_PERM, "attributes is not a valid permission set")        \
	X(REGION_OVERLAP, "two regions of one partition overlap")              \
	X(REGION_OVERLAPS_SPMC, "a region overlaps the SPMC image")            \
	X(REGION_OVERLAPS_PARTITION, "a region overlaps another partition's "  \
				     "memory or regions")                      \
	X(REGION_OUTSIDE_RANGES, "a region is not inside an SPMC manifest "    \
				 "range of its kind")                          \
	X(RXTX_INVALID, "rx-buffer/tx-buffer does not name two distinct "      \
			"memory regions")                                      \
	X(RXTX_SIZE_MISMATCH, "RX and TX buffers differ in size")              \
	X(RXTX_INVALID_PERM, "the RX buffer must be readable and the TX "      \
			     "buffer read-write, both non-executable")         \
	X(TOO_MANY_STREAM_IDS, "more stream IDs than PLAT_MAX_STREAM_IDS")     \
	X(DUPLICATE_STREAM_ID, "a stream ID is declared by two devices")       \
	X(STREAM_ID_NOT_DECLARED, "a memory region names a stream ID no "      \
				  "device region declares")                    \
	X(MISSING_SMMU_ID, "stream-ids without smmu-id")                       \
	X(MISMATCH_DMA_ACCESS_PERMISSIONS, "stream-ids-access-permissions "    \
					   "does not match stream-ids or the " \
					   "region")                           \
	X(TOO_MANY_DMA_DEVICES, "more DMA devices than PLAT_MAX_DMA_DEVICES")  \
	/* Interrupts. */                                                      \
	X(TOO_MANY_INTERRUPTS, "more interrupts than the build's limit")       \
	X(INVALID_INTERRUPT_ID, "an interrupt ID is not a valid GICv3 INTID")  \
	X(INVALID_INTERRUPT_ATTRIBUTES, "interrupt attributes set reserved "   \
					"bits or type 3")                      \
	X(INTERRUPT_TYPE_MISMATCH, "the interrupt type does not match the ID " \
				   "range")                                    \
	X(INTERRUPT_ID_REPEATED, "an interrupt ID is used twice in the "       \
				 "system")                                     \
	X(INTERRUPT_ID_NOT_IN_LIST, "interrupts-target names an ID not in "    \
				    "`interrupts`")                            \
	X(INTERRUPT_TARGET_NOT_SPI, "only SPIs can be routed with "            \
				    "interrupts-target")                       \
	X(INTERRUPT_TARGET_UNKNOWN_CPU, "interrupts-target names an MPIDR "    \
					"not in /cpus")

enum manifest_error {
#define MANIFEST_ERROR_ENUM(name, desc) MANIFEST_ERROR_##name,
	MANIFEST_ERRORS(MANIFEST_ERROR_ENUM)
#undef MANIFEST_ERROR_ENUM
	    MANIFEST_ERROR_COUNT
};

/* MANIFEST_ERROR_SUCCESS reads oddly at call sites. */
#define MANIFEST_SUCCESS MANIFEST_ERROR_SUCCESS

/**
 * Where a manifest was refused: which file (the SPMC manifest or one
 * partition's), which node and which property, plus a detail such as the
 * value. Filled by the parser on every error.
 */
struct manifest_error_info {
	enum manifest_error code;
	char file[64];
	char node[96];
	char property[48];
	char detail[64];
};

#ifdef __cplusplus
extern "C" {
#endif

/** "MANIFEST_ERROR_..." for the value, or NULL if out of range. */
const char *manifest_error_name(enum manifest_error e);

/** One-sentence description, or NULL if out of range. */
const char *manifest_error_describe(enum manifest_error e);

/**
 * Formats "<file>: <node>: <property>: <description> (<detail>)" into `buf`.
 * Returns the length the full text needs.
 */
size_t manifest_error_format(const struct manifest_error_info *info, char *buf,
			     size_t size);

#ifdef __cplusplus
}
#endif
