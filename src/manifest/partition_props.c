/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/*
 * Root properties of an FF-A partition manifest and its services: every
 * property of the FF-A manifest binding that is not a region.
 */

#include "spmc/checked.h"
#include "spmc/std.h"

#include "internal.h"

/** Highest minor FF-A version this SPMC accepts from a partition. */
#define PARTITION_MAX_MINOR (FFA_VERSION_COMPILED & FFA_VERSION_MINOR_MASK)

static const struct manifest_vm *part_vm(const struct mp *p,
					 const struct manifest_partition *part)
{
	return &p->m->spmc.vms[part->vm_index];
}

/** ffa-version, id, auxiliary-id and description. */
static enum manifest_error props_identity(struct mp *p,
					  const struct fdt_node *root,
					  struct manifest_partition *part)
{
	uint32_t v;
	bool found;

	TRY(mp_u32(p, root, "ffa-version", &part->ffa_version, NULL));
	v = part->ffa_version;
	if ((v & FFA_VERSION_MBZ_BIT) != 0 ||
	    (v >> FFA_VERSION_MAJOR_SHIFT) != 1 ||
	    (v & FFA_VERSION_MINOR_MASK) > PARTITION_MAX_MINOR) {
		return mp_fail(p, MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION, root,
			       "ffa-version", "0x%x; supported 1.0 to 1.%u", v,
			       PARTITION_MAX_MINOR);
	}

	TRY(mp_u16(p, root, "id", &part->id, &part->id_from_manifest));
	if (part->id_from_manifest) {
		if (!ffa_id_is_secure(part->id) ||
		    part->id >= FFA_ID_SPMD_LP_FIRST) {
			return mp_fail(p, MANIFEST_ERROR_INVALID_PARTITION_ID,
				       root, "id", "0x%x", part->id);
		}
	} else {
		/* Hafnium's convention: vmN is partition 0x8000 + N. */
		part->id =
		    (uint16_t)(FFA_ID_SECURE_BIT + part_vm(p, part)->index);
	}

	TRY(mp_u32(p, root, "auxiliary-id", &v, &found));
	if (found) {
		if (v > UINT16_MAX || !ffa_id_is_secure((uint16_t)v) ||
		    v >= FFA_ID_SPMD_LP_FIRST) {
			return mp_fail(p, MANIFEST_ERROR_INVALID_AUXILIARY_ID,
				       root, "auxiliary-id", "0x%x", v);
		}
		part->has_auxiliary_id = true;
		part->auxiliary_id = (uint16_t)v;
	}

	return mp_string(p, root, "description", part->description,
			 sizeof(part->description), &found);
}

/** execution-ctx-count, exception-level, execution-state. */
static enum manifest_error props_execution(struct mp *p,
					   const struct fdt_node *root,
					   struct manifest_partition *part)
{
	const struct manifest_vm *vm = part_vm(p, part);
	uint32_t cpus = p->m->spmc.cpu_count;
	uint32_t ecc;

	TRY(mp_u32(p, root, "exception-level", &part->exception_level, NULL));
	if (part->exception_level != MANIFEST_S_EL0 &&
	    part->exception_level != MANIFEST_S_EL1) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_EXCEPTION_LEVEL, root,
			       "exception-level", "%u", part->exception_level);
	}
	if (vm->has_exception_level &&
	    vm->exception_level != part->exception_level) {
		return mp_fail(p, MANIFEST_ERROR_EXCEPTION_LEVEL_MISMATCH, root,
			       "exception-level",
			       "%u here, %u in the SPMC manifest",
			       part->exception_level, vm->exception_level);
	}

	TRY(mp_u32(p, root, "execution-state", &part->execution_state, NULL));
	if (part->execution_state != 0) {
		return mp_fail(p, MANIFEST_ERROR_UNSUPPORTED_EXEC_STATE, root,
			       "execution-state", "%u", part->execution_state);
	}

	/* UP (1, migratable) or MP (one context per CPU, pinned). */
	TRY(mp_u32(p, root, "execution-ctx-count", &ecc, NULL));
	part->execution_ctx_count = ecc;
	if (ecc == 0 || (ecc != 1 && ecc != cpus) || ecc != vm->vcpu_count ||
	    (ecc != 1 && part->exception_level == MANIFEST_S_EL0)) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_EXECUTION_CTX_COUNT,
			       root, "execution-ctx-count",
			       "%u; vcpu_count %u, %u CPUs", ecc,
			       vm->vcpu_count, cpus);
	}
	return MANIFEST_SUCCESS;
}

/** load-address, entrypoint-offset, xlat-granule, boot-order. */
static enum manifest_error props_layout(struct mp *p,
					const struct fdt_node *root,
					struct manifest_partition *part)
{
	const struct manifest_vm *vm = part_vm(p, part);
	bool found;
	uint32_t order;

	part->load_address = vm->load_address;
	part->mem_size = vm->mem_size;
	TRY(mp_u64(p, root, "load-address", &part->load_address,
		   &part->has_load_address));
	if (part->has_load_address && part->load_address != vm->load_address) {
		return mp_fail(p, MANIFEST_ERROR_LOAD_ADDRESS_MISMATCH, root,
			       "load-address", "0x%llx here, 0x%llx in vm%u",
			       (unsigned long long)part->load_address,
			       (unsigned long long)vm->load_address, vm->index);
	}

	TRY(mp_u64(p, root, "entrypoint-offset", &part->entrypoint_offset,
		   &found));
	if (!is_aligned(part->entrypoint_offset, 4) ||
	    part->entrypoint_offset >= vm->mem_size) {
		return mp_fail(p, MANIFEST_ERROR_ENTRYPOINT_INVALID, root,
			       "entrypoint-offset", "0x%llx, mem_size 0x%llx",
			       (unsigned long long)part->entrypoint_offset,
			       (unsigned long long)vm->mem_size);
	}

	TRY(mp_u32(p, root, "xlat-granule", &part->xlat_granule, &found));
	if (part->xlat_granule != 0) {
		return mp_fail(p, MANIFEST_ERROR_UNSUPPORTED_XLAT_GRANULE, root,
			       "xlat-granule", "%u", part->xlat_granule);
	}

	part->boot_order = MANIFEST_BOOT_ORDER_DEFAULT;
	TRY(mp_u32(p, root, "boot-order", &order, &found));
	if (found) {
		if (order > UINT16_MAX) {
			return mp_fail(p, MANIFEST_ERROR_INVALID_BOOT_ORDER,
				       root, "boot-order", "0x%x", order);
		}
		part->boot_order = order;
	}
	return MANIFEST_SUCCESS;
}

/** ns-interrupts-action, managed-exit(-virq), other-s, SRI policy. */
static enum manifest_error props_interrupts(struct mp *p,
					    const struct fdt_node *root,
					    struct manifest_partition *part)
{
	bool me;
	bool found;
	bool s_el0 = part->exception_level == MANIFEST_S_EL0;

	TRY(mp_bool(p, root, "managed-exit", &me));
	TRY(mp_u32(p, root, "ns-interrupts-action", &part->ns_interrupts_action,
		   &found));
	if (!found && !me) {
		return mp_fail(p, MANIFEST_ERROR_PROPERTY_MISSING, root,
			       "ns-interrupts-action", NULL);
	}
	if (!found) {
		/* FF-A v1.0's `managed-exit` means action 1. */
		part->ns_interrupts_action = MANIFEST_NS_ACTION_ME;
	} else if (me && part->ns_interrupts_action != MANIFEST_NS_ACTION_ME) {
		return mp_fail(p, MANIFEST_ERROR_MANAGED_EXIT_CONFLICT, root,
			       "managed-exit", "ns-interrupts-action is %u",
			       part->ns_interrupts_action);
	}
	if (part->ns_interrupts_action > MANIFEST_NS_ACTION_SIGNALED ||
	    (s_el0 && part->ns_interrupts_action == MANIFEST_NS_ACTION_ME)) {
		return mp_fail(p, MANIFEST_ERROR_ILLEGAL_NS_INT_ACTION, root,
			       "ns-interrupts-action", "%u%s",
			       part->ns_interrupts_action,
			       s_el0 ? " (S-EL0: no managed exit)" : "");
	}

	TRY(mp_bool(p, root, "managed-exit-virq", &part->managed_exit_virq));
	if (part->managed_exit_virq &&
	    part->ns_interrupts_action != MANIFEST_NS_ACTION_ME) {
		return mp_fail(p, MANIFEST_ERROR_MANAGED_EXIT_VIRQ_WITHOUT_ME,
			       root, "managed-exit-virq", NULL);
	}

	part->other_s_interrupts_action = MANIFEST_OTHER_S_ACTION_SIGNALED;
	TRY(mp_u32(p, root, "other-s-interrupts-action",
		   &part->other_s_interrupts_action, &found));
	if (part->other_s_interrupts_action >
		MANIFEST_OTHER_S_ACTION_SIGNALED ||
	    (part->other_s_interrupts_action ==
		 MANIFEST_OTHER_S_ACTION_QUEUED &&
	     part->ns_interrupts_action != MANIFEST_NS_ACTION_QUEUED)) {
		/* Queuing other-S interrupts needs NS ones queued too. */
		return mp_fail(p, MANIFEST_ERROR_ILLEGAL_OTHER_S_INT_ACTION,
			       root, "other-s-interrupts-action",
			       "%u with ns-interrupts-action %u",
			       part->other_s_interrupts_action,
			       part->ns_interrupts_action);
	}

	TRY(mp_u32(p, root, "sri-interrupts-policy",
		   &part->sri_interrupts_policy, &found));
	if (part->sri_interrupts_policy > 3 ||
	    (s_el0 && part->sri_interrupts_policy != 0)) {
		return mp_fail(p, MANIFEST_ERROR_ILLEGAL_SRI_POLICY, root,
			       "sri-interrupts-policy", "%u",
			       part->sri_interrupts_policy);
	}
	return MANIFEST_SUCCESS;
}

/** Scheduling, boot and lifecycle properties. */
static enum manifest_error props_misc(struct mp *p, const struct fdt_node *root,
				      struct manifest_partition *part)
{
	bool flag;
	bool found;
	uint32_t minor = part->ffa_version & FFA_VERSION_MINOR_MASK;

	TRY(mp_bool(p, root, "has-primary-scheduler", &flag));
	if (flag) {
		return mp_fail(p, MANIFEST_ERROR_PRIMARY_SCHEDULER_IN_SP, root,
			       "has-primary-scheduler", NULL);
	}
	TRY(mp_bool(p, root, "time-slice-mem", &part->time_slice_mem));
	TRY(mp_bool(p, root, "notification-support",
		    &part->notification_support));

	TRY(mp_u32(p, root, "gp-register-num", &part->gp_register_num,
		   &part->has_gp_register));
	if (part->has_gp_register && part->gp_register_num > 3) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_GP_REGISTER, root,
			       "gp-register-num", "%u", part->gp_register_num);
	}

	TRY(mp_u32(p, root, "power-management-messages",
		   &part->power_management_messages, &found));
	if ((part->power_management_messages &
	     ~(MANIFEST_PM_CPU_OFF | MANIFEST_PM_CPU_SUSPEND |
	       MANIFEST_PM_CPU_SUSPEND_RESUME)) != 0) {
		return mp_fail(p, MANIFEST_ERROR_INVALID_PM_MESSAGES, root,
			       "power-management-messages", "0x%x",
			       part->power_management_messages);
	}

	TRY(mp_u32(p, root, "vm-availability-messages",
		   &part->vm_availability_messages, &found));
	if ((part->vm_availability_messages &
	     ~(MANIFEST_VM_CREATED | MANIFEST_VM_DESTROYED)) != 0) {
		return mp_fail(p,
			       MANIFEST_ERROR_INVALID_VM_AVAILABILITY_MESSAGES,
			       root, "vm-availability-messages", "0x%x",
			       part->vm_availability_messages);
	}

	TRY(mp_bool(p, root, "lifecycle-support", &part->lifecycle_support));
	if (part->lifecycle_support && minor < 3) {
		return mp_fail(p, MANIFEST_ERROR_ILLEGAL_LIFECYCLE_SUPPORT,
			       root, "lifecycle-support", "ffa-version is 1.%u",
			       minor);
	}
	TRY(mp_u32(p, root, "abort-action", &part->abort_action,
		   &part->has_abort_action));
	if (part->has_abort_action &&
	    part->abort_action > MANIFEST_ABORT_PROPAGATE) {
		return mp_fail(p, MANIFEST_ERROR_ILLEGAL_ABORT_ACTION, root,
			       "abort-action", "%u", part->abort_action);
	}
	return MANIFEST_SUCCESS;
}

/** Every root property of the partition manifest except services. */
enum manifest_error mp_partition_props(struct mp *p,
				       const struct fdt_node *root,
				       struct manifest_partition *part)
{
	TRY(props_identity(p, root, part));
	TRY(props_execution(p, root, part));
	TRY(props_layout(p, root, part));
	TRY(props_interrupts(p, root, part));
	return props_misc(p, root, part);
}

/** The `boot-info` node: which blobs the partition wants described. */
enum manifest_error mp_partition_boot_info(struct mp *p,
					   const struct fdt_node *n,
					   struct manifest_partition *part)
{
	TRY(mp_bool(p, n, "ffa_manifest", &part->boot_info_ffa_manifest));
	TRY(mp_bool(p, n, "hob_list", &part->boot_info_hob_list));
	if (!part->boot_info_ffa_manifest && !part->boot_info_hob_list) {
		return mp_fail(p, MANIFEST_ERROR_BOOT_INFO_EMPTY, n, NULL,
			       NULL);
	}
	if (!part->has_gp_register) {
		return mp_fail(p, MANIFEST_ERROR_BOOT_INFO_WITHOUT_GP_REGISTER,
			       n, NULL, NULL);
	}
	part->boot_info_present = true;
	return MANIFEST_SUCCESS;
}
