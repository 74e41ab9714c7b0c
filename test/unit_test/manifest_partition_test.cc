/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "manifest_fixture.h"

namespace test
{
namespace
{

class ManifestPartitionTest : public ManifestTest
{
      protected:
	void SetUp() override
	{
		ManifestTest::SetUp();
		ParseSpmcOk();
	}

	DtNode &P1()
	{
		return part_[0];
	}
};

TEST_F(ManifestPartitionTest, default_partition_parses)
{
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	const struct manifest_partition &p = Part();

	EXPECT_EQ(p.id, 0x8001);
	EXPECT_FALSE(p.id_from_manifest);
	EXPECT_EQ(p.binding_minor, MANIFEST_BINDING_1_0);
	EXPECT_EQ(p.ffa_version, 0x00010002U);
	ASSERT_EQ(p.uuid_count, 1U);
	EXPECT_EQ(p.uuids[0].w[0], 0x1e67b5b4U);
	EXPECT_EQ(p.uuids[0].w[3], 0xcbdae1d1U);
	EXPECT_EQ(p.messaging_method, 0x3U);
	EXPECT_EQ(p.execution_ctx_count, 1U);
	EXPECT_EQ(p.exception_level, MANIFEST_S_EL1);
	EXPECT_EQ(p.execution_state, 0U);
	EXPECT_TRUE(p.has_load_address);
	EXPECT_EQ(p.load_address, kVm1Base);
	EXPECT_EQ(p.mem_size, kVmSize);
	EXPECT_EQ(p.entrypoint_offset, 0x4000U);
	EXPECT_EQ(p.xlat_granule, 0U);
	EXPECT_EQ(p.boot_order, MANIFEST_BOOT_ORDER_DEFAULT);
	EXPECT_EQ(p.ns_interrupts_action, MANIFEST_NS_ACTION_SIGNALED);
	EXPECT_EQ(p.other_s_interrupts_action,
		  MANIFEST_OTHER_S_ACTION_SIGNALED);
	EXPECT_FALSE(p.has_gp_register);
	EXPECT_FALSE(p.boot_info_present);
	EXPECT_FALSE(p.rxtx_present);
}

TEST_F(ManifestPartitionTest, compatible_1_1)
{
	P1().SetStr("compatible", "arm,ffa-manifest-1.1");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().binding_minor, MANIFEST_BINDING_1_1);
}

TEST_F(ManifestPartitionTest, compatible_wrong)
{
	P1().SetStr("compatible", "arm,ffa-manifest-2.0");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_NOT_COMPATIBLE);
	EXPECT_STREQ(err_.file, "vm1 (sp1)");
	EXPECT_STREQ(err_.node, "/");
	EXPECT_STREQ(err_.property, "compatible");
}

TEST_F(ManifestPartitionTest, not_a_dtb)
{
	char junk[16] = { 0 };

	EXPECT_MANIFEST_ERROR(
	    manifest_add_partition(m_.get(), 0, junk, sizeof(junk), &err_),
	    MANIFEST_ERROR_FDT_INVALID);
}

TEST_F(ManifestPartitionTest, ffa_version_values)
{
	for (uint32_t v : { 0x10000U, 0x10001U, 0x10003U }) {
		SetUp();
		P1().SetU32("ffa-version", v);
		ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
		EXPECT_EQ(Part().ffa_version, v);
	}
}

TEST_F(ManifestPartitionTest, ffa_version_unsupported)
{
	for (uint32_t v : { 0x10004U, 0x20000U, 0x80010000U, 0x0U }) {
		SetUp();
		P1().SetU32("ffa-version", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_UNSUPPORTED_FFA_VERSION);
	}
}

TEST_F(ManifestPartitionTest, ffa_version_missing)
{
	P1().Del("ffa-version");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "ffa-version");
}

TEST_F(ManifestPartitionTest, id_honoured)
{
	P1().SetU32("id", 0x8123);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().id, 0x8123);
	EXPECT_TRUE(Part().id_from_manifest);
}

TEST_F(ManifestPartitionTest, id_not_secure)
{
	P1().SetU32("id", 0x0123);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_PARTITION_ID);
}

TEST_F(ManifestPartitionTest, id_in_spmd_range)
{
	P1().SetU32("id", 0xffc5);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_PARTITION_ID);
}

TEST_F(ManifestPartitionTest, id_too_wide)
{
	P1().SetU32("id", 0x18001);
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_INTEGER_OVERFLOW);
}

TEST_F(ManifestPartitionTest, id_equals_spmc_id)
{
	P1().SetU32("id", 0x8000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_DUPLICATE_PARTITION_ID);
}

TEST_F(ManifestPartitionTest, auxiliary_id)
{
	P1().SetU32("auxiliary-id", 0x8101);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().has_auxiliary_id);
	EXPECT_EQ(Part().auxiliary_id, 0x8101);
}

TEST_F(ManifestPartitionTest, auxiliary_id_invalid)
{
	for (uint32_t v : { 0x1U, 0x10000U, 0xffffU }) {
		SetUp();
		P1().SetU32("auxiliary-id", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_INVALID_AUXILIARY_ID);
	}
}

TEST_F(ManifestPartitionTest, auxiliary_id_same_as_id)
{
	P1().SetU32("auxiliary-id", 0x8001);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_DUPLICATE_PARTITION_ID);
	EXPECT_STREQ(err_.property, "auxiliary-id");
}

TEST_F(ManifestPartitionTest, description)
{
	P1().SetStr("description", "crypto service");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_STREQ(Part().description, "crypto service");
}

TEST_F(ManifestPartitionTest, description_too_long)
{
	P1().SetStr("description", std::string(MANIFEST_NAME_MAX, 'd'));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_STRING_TOO_LONG);
}

TEST_F(ManifestPartitionTest, execution_ctx_count_mp)
{
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	ASSERT_EQ(AddPartition(2), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().execution_ctx_count, 4U);
}

TEST_F(ManifestPartitionTest, execution_ctx_count_invalid)
{
	/* 0; not 1 nor the CPU count; disagreeing with vcpu_count. */
	for (uint32_t v : { 0U, 2U, 4U }) {
		SetUp();
		P1().SetU32("execution-ctx-count", v);
		EXPECT_MANIFEST_ERROR(
		    AddPartition(1),
		    MANIFEST_ERROR_INVALID_EXECUTION_CTX_COUNT);
	}
}

TEST_F(ManifestPartitionTest, execution_ctx_count_missing)
{
	P1().Del("execution-ctx-count");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
}

TEST_F(ManifestPartitionTest, s_el0_mp_refused)
{
	part_[1].SetU32("exception-level", 1);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS);
	EXPECT_MANIFEST_ERROR(AddPartition(2),
			      MANIFEST_ERROR_INVALID_EXECUTION_CTX_COUNT);
}

TEST_F(ManifestPartitionTest, exception_level_s_el0)
{
	P1().SetU32("exception-level", 1);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().exception_level, MANIFEST_S_EL0);
}

TEST_F(ManifestPartitionTest, exception_level_invalid)
{
	for (uint32_t v : { 0U, 3U }) {
		SetUp();
		P1().SetU32("exception-level", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_INVALID_EXCEPTION_LEVEL);
	}
}

TEST_F(ManifestPartitionTest, exception_level_mismatch)
{
	spmc_.Child("hypervisor").Child("vm1").SetU32("exception-level", 1);
	ParseSpmcOk();
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_EXCEPTION_LEVEL_MISMATCH);
}

TEST_F(ManifestPartitionTest, execution_state_aarch32)
{
	P1().SetU32("execution-state", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_UNSUPPORTED_EXEC_STATE);
}

TEST_F(ManifestPartitionTest, load_address_two_cells)
{
	P1().SetU64("load-address", kVm1Base);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
}

TEST_F(ManifestPartitionTest, load_address_absent)
{
	P1().Del("load-address");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_FALSE(Part().has_load_address);
	EXPECT_EQ(Part().load_address, kVm1Base);
}

TEST_F(ManifestPartitionTest, load_address_mismatch)
{
	P1().SetU32("load-address", kVm1Base + 0x1000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_LOAD_ADDRESS_MISMATCH);
}

TEST_F(ManifestPartitionTest, entrypoint_offset_default_zero)
{
	P1().Del("entrypoint-offset");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().entrypoint_offset, 0U);
}

TEST_F(ManifestPartitionTest, entrypoint_offset_invalid)
{
	for (uint64_t v :
	     std::vector<uint64_t>{ 0x4002, kVmSize, 0x100000000 }) {
		SetUp();
		P1().SetU64("entrypoint-offset", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_ENTRYPOINT_INVALID);
	}
}

TEST_F(ManifestPartitionTest, xlat_granule)
{
	P1().SetU32("xlat-granule", 0);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	for (uint32_t v : { 1U, 2U, 3U }) {
		SetUp();
		P1().SetU32("xlat-granule", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_UNSUPPORTED_XLAT_GRANULE);
	}
}

TEST_F(ManifestPartitionTest, boot_order)
{
	P1().SetU32("boot-order", 0xffff);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().boot_order, 0xffffU);
}

TEST_F(ManifestPartitionTest, boot_order_too_big)
{
	P1().SetU32("boot-order", 0x10000);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_BOOT_ORDER);
}

TEST_F(ManifestPartitionTest, ns_interrupts_action_values)
{
	for (uint32_t v : { 0U, 1U, 2U }) {
		SetUp();
		P1().SetU32("ns-interrupts-action", v);
		if (v == 0) {
			P1().SetU32("other-s-interrupts-action", 0);
		}
		ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
		EXPECT_EQ(Part().ns_interrupts_action, v);
	}
}

TEST_F(ManifestPartitionTest, ns_interrupts_action_invalid)
{
	P1().SetU32("ns-interrupts-action", 3);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_NS_INT_ACTION);
}

TEST_F(ManifestPartitionTest, ns_interrupts_action_me_at_s_el0)
{
	P1().SetU32("exception-level", 1).SetU32("ns-interrupts-action", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_NS_INT_ACTION);
}

TEST_F(ManifestPartitionTest, ns_interrupts_action_missing)
{
	P1().Del("ns-interrupts-action");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
	EXPECT_STREQ(err_.property, "ns-interrupts-action");
}

TEST_F(ManifestPartitionTest, managed_exit_v1_0_means_action_1)
{
	P1().Del("ns-interrupts-action").SetFlag("managed-exit");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().ns_interrupts_action, MANIFEST_NS_ACTION_ME);
}

TEST_F(ManifestPartitionTest, managed_exit_conflict)
{
	P1().SetFlag("managed-exit");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MANAGED_EXIT_CONFLICT);
}

TEST_F(ManifestPartitionTest, managed_exit_virq)
{
	P1().SetU32("ns-interrupts-action", 1).SetFlag("managed-exit-virq");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().managed_exit_virq);
}

TEST_F(ManifestPartitionTest, managed_exit_virq_without_me)
{
	P1().SetFlag("managed-exit-virq");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MANAGED_EXIT_VIRQ_WITHOUT_ME);
}

TEST_F(ManifestPartitionTest, other_s_interrupts_action)
{
	P1().SetU32("other-s-interrupts-action", 1);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().other_s_interrupts_action, 1U);
}

TEST_F(ManifestPartitionTest, other_s_interrupts_action_invalid)
{
	P1().SetU32("other-s-interrupts-action", 2);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_OTHER_S_INT_ACTION);
}

TEST_F(ManifestPartitionTest, other_s_queued_needs_ns_queued)
{
	P1().SetU32("other-s-interrupts-action", 0);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_OTHER_S_INT_ACTION);
}

TEST_F(ManifestPartitionTest, sri_interrupts_policy)
{
	P1().SetU32("sri-interrupts-policy", 3);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().sri_interrupts_policy, 3U);
}

TEST_F(ManifestPartitionTest, sri_interrupts_policy_invalid)
{
	P1().SetU32("sri-interrupts-policy", 4);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_SRI_POLICY);
	SetUp();
	P1().SetU32("exception-level", 1).SetU32("sri-interrupts-policy", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_SRI_POLICY);
}

TEST_F(ManifestPartitionTest, has_primary_scheduler_refused)
{
	P1().SetFlag("has-primary-scheduler");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_PRIMARY_SCHEDULER_IN_SP);
}

TEST_F(ManifestPartitionTest, time_slice_mem)
{
	P1().SetFlag("time-slice-mem");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().time_slice_mem);
}

TEST_F(ManifestPartitionTest, time_slice_mem_with_value)
{
	P1().SetU32("time-slice-mem", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MALFORMED_BOOLEAN);
}

TEST_F(ManifestPartitionTest, gp_register_num)
{
	for (uint32_t v = 0; v <= 3; v++) {
		SetUp();
		P1().SetU32("gp-register-num", v);
		ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
		EXPECT_TRUE(Part().has_gp_register);
		EXPECT_EQ(Part().gp_register_num, v);
	}
}

TEST_F(ManifestPartitionTest, gp_register_num_invalid)
{
	P1().SetU32("gp-register-num", 4);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_GP_REGISTER);
}

TEST_F(ManifestPartitionTest, power_management_messages)
{
	P1().SetU32("power-management-messages", 7);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().power_management_messages, 7U);
}

TEST_F(ManifestPartitionTest, power_management_messages_reserved)
{
	P1().SetU32("power-management-messages", 8);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_PM_MESSAGES);
}

TEST_F(ManifestPartitionTest, vm_availability_messages)
{
	P1().SetU32("vm-availability-messages", 3);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().vm_availability_messages, 3U);
}

TEST_F(ManifestPartitionTest, vm_availability_messages_reserved)
{
	P1().SetU32("vm-availability-messages", 4);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_INVALID_VM_AVAILABILITY_MESSAGES);
}

TEST_F(ManifestPartitionTest, lifecycle_support_and_abort_action)
{
	P1().SetU32("ffa-version", 0x10003).SetFlag("lifecycle-support");
	P1().SetU32("abort-action", MANIFEST_ABORT_RESTART);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().lifecycle_support);
	EXPECT_TRUE(Part().has_abort_action);
	EXPECT_EQ(Part().abort_action, MANIFEST_ABORT_RESTART);
}

TEST_F(ManifestPartitionTest, lifecycle_support_needs_v1_3)
{
	P1().SetFlag("lifecycle-support");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_LIFECYCLE_SUPPORT);
}

TEST_F(ManifestPartitionTest, abort_action_invalid)
{
	P1().SetU32("abort-action", 4);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_ILLEGAL_ABORT_ACTION);
}

TEST_F(ManifestPartitionTest, notification_support)
{
	P1().SetFlag("notification-support");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().notification_support);
}

TEST_F(ManifestPartitionTest, boot_info)
{
	P1().SetU32("gp-register-num", 0);
	DtNode &bi = P1().Child("boot-info");
	bi.SetStr("compatible", "arm,ffa-manifest-boot-info");
	bi.SetFlag("ffa_manifest");
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_TRUE(Part().boot_info_present);
	EXPECT_TRUE(Part().boot_info_ffa_manifest);
	EXPECT_FALSE(Part().boot_info_hob_list);
}

TEST_F(ManifestPartitionTest, boot_info_empty)
{
	P1().SetU32("gp-register-num", 0);
	P1().Child("boot-info")
	    .SetStr("compatible", "arm,ffa-manifest-boot-info");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_BOOT_INFO_EMPTY);
}

TEST_F(ManifestPartitionTest, boot_info_without_gp_register)
{
	DtNode &bi = P1().Child("boot-info");
	bi.SetStr("compatible", "arm,ffa-manifest-boot-info");
	bi.SetFlag("hob_list");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_BOOT_INFO_WITHOUT_GP_REGISTER);
}

TEST_F(ManifestPartitionTest, boot_info_without_compatible)
{
	P1().SetU32("gp-register-num", 0);
	P1().Child("boot-info").SetFlag("ffa_manifest");
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_NODE_NOT_COMPATIBLE);
	EXPECT_STREQ(err_.node, "/boot-info");
}

/* Services: the binding's uuid list and Hafnium's services node. */

TEST_F(ManifestPartitionTest, several_uuids_one_method)
{
	P1().Set("uuid", Cells({ 1, 2, 3, 4, 5, 6, 7, 8 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	ASSERT_EQ(Part().uuid_count, 2U);
	EXPECT_EQ(Part().uuids[1].w[0], 5U);
	EXPECT_EQ(Part().uuid_messaging[1], 3U);
}

TEST_F(ManifestPartitionTest, one_method_per_uuid)
{
	P1().SetU32("ffa-version", 0x10002);
	P1().Set("uuid", Cells({ 1, 2, 3, 4, 5, 6, 7, 8 }));
	P1().Set("messaging-method", Cells({ 0x1, 0x600 }));
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().uuid_messaging[0], 0x1U);
	EXPECT_EQ(Part().uuid_messaging[1], 0x600U);
	EXPECT_EQ(Part().messaging_method, 0x601U);
}

TEST_F(ManifestPartitionTest, methods_count_mismatch)
{
	P1().Set("uuid", Cells({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
	P1().Set("messaging-method", Cells({ 0x1, 0x2 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_UNMATCHED_MESSAGING_METHODS);
}

TEST_F(ManifestPartitionTest, uuid_nil)
{
	P1().Set("uuid", Cells({ 0, 0, 0, 0 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_UUID_ALL_ZEROS);
}

TEST_F(ManifestPartitionTest, uuid_partial)
{
	P1().Set("uuid", Cells({ 1, 2, 3 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_MALFORMED_UUID);
}

TEST_F(ManifestPartitionTest, uuid_duplicate)
{
	P1().Set("uuid", Cells({ 1, 2, 3, 4, 1, 2, 3, 4 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_DUPLICATE_UUID);
}

TEST_F(ManifestPartitionTest, uuids_over_limit)
{
	std::vector<uint32_t> cells;

	for (uint32_t i = 1; i <= PLAT_MAX_UUIDS + 1; i++) {
		cells.insert(cells.end(), { i, 0, 0, 0 });
	}
	P1().Set("uuid", Cells(cells));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_TOO_MANY_UUIDS);
}

TEST_F(ManifestPartitionTest, no_services)
{
	P1().Del("uuid");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_NO_SERVICES);
}

TEST_F(ManifestPartitionTest, messaging_method_missing)
{
	P1().Del("messaging-method");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_PROPERTY_MISSING);
}

TEST_F(ManifestPartitionTest, messaging_method_invalid)
{
	for (uint32_t v : { 0x0U, 0x8U, 0x800U, 0x10000U }) {
		SetUp();
		P1().SetU32("messaging-method", v);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_INVALID_MESSAGING_METHOD);
	}
}

TEST_F(ManifestPartitionTest, messaging_method_every_bit)
{
	P1().SetU32("messaging-method", FFA_MSG_METHODS_VALID);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	EXPECT_EQ(Part().messaging_method, FFA_MSG_METHODS_VALID);
}

TEST_F(ManifestPartitionTest, req2_needs_v1_2)
{
	P1().SetU32("ffa-version", 0x10001).SetU32("messaging-method", 0x201);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MESSAGING_METHOD_NEEDS_VERSION);
}

TEST_F(ManifestPartitionTest, indirect_needs_v1_1)
{
	P1().SetU32("ffa-version", 0x10000).SetU32("messaging-method", 0x4);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_MESSAGING_METHOD_NEEDS_VERSION);
}

class ManifestServicesTest : public ManifestPartitionTest
{
      protected:
	DtNode &Services()
	{
		P1().SetStr("compatible", "arm,ffa-manifest-1.1");
		P1().Del("uuid").Del("messaging-method");
		DtNode &s = P1().Child("services");
		s.SetStr("compatible", "arm,ffa-manifest-services");
		return s;
	}
};

TEST_F(ManifestServicesTest, services_node)
{
	DtNode &s = Services();
	s.Child("svc1")
	    .SetStr("uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb")
	    .SetU32("messaging-method", 0x1);
	s.Child("svc2")
	    .SetStr("uuid", "B4B5671E-4A90-4FE1-B81F-FB13DAE1DACC")
	    .SetU32("messaging-method", 0x2);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
	ASSERT_EQ(Part().uuid_count, 2U);
	/* The RFC string and the cells <0x1e67b5b4 ...> are one UUID. */
	EXPECT_EQ(Part().uuids[0].w[0], 0x1e67b5b4U);
	EXPECT_EQ(Part().uuids[0].w[1], 0xe14f904aU);
	EXPECT_EQ(Part().uuids[0].w[2], 0x13fb1fb8U);
	EXPECT_EQ(Part().uuids[0].w[3], 0xcbdae1daU);
	EXPECT_EQ(Part().uuids[1].w[3], 0xccdae1daU);
	EXPECT_EQ(Part().messaging_method, 0x3U);
}

TEST_F(ManifestServicesTest, services_bad_uuid_string)
{
	for (const char *u : { "b4b5671e-4a90-4fe1-b81f-fb13dae1dac",
			       "b4b5671e4a90-4fe1-b81f-fb13dae1dacbb",
			       "g4b5671e-4a90-4fe1-b81f-fb13dae1dacb" }) {
		SetUp();
		Services().Child("svc1").SetStr("uuid", u).SetU32(
		    "messaging-method", 1);
		EXPECT_MANIFEST_ERROR(AddPartition(1),
				      MANIFEST_ERROR_MALFORMED_UUID);
		EXPECT_STREQ(err_.node, "/services/svc1");
	}
}

TEST_F(ManifestServicesTest, services_empty)
{
	Services();
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_NO_SERVICES);
}

TEST_F(ManifestServicesTest, services_need_binding_1_1)
{
	Services()
	    .Child("svc1")
	    .SetStr("uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb")
	    .SetU32("messaging-method", 1);
	P1().SetStr("compatible", "arm,ffa-manifest-1.0");
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_NOT_COMPATIBLE);
}

TEST_F(ManifestServicesTest, services_and_uuid_property)
{
	Services()
	    .Child("svc1")
	    .SetStr("uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb")
	    .SetU32("messaging-method", 1);
	P1().Set("uuid", Cells({ 1, 2, 3, 4 }));
	EXPECT_MANIFEST_ERROR(AddPartition(1), MANIFEST_ERROR_MALFORMED_UUID);
}

TEST_F(ManifestServicesTest, services_and_root_messaging_method)
{
	Services()
	    .Child("svc1")
	    .SetStr("uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb")
	    .SetU32("messaging-method", 1);
	P1().SetU32("messaging-method", 1);
	EXPECT_MANIFEST_ERROR(AddPartition(1),
			      MANIFEST_ERROR_UNMATCHED_MESSAGING_METHODS);
}

TEST_F(ManifestPartitionTest, unknown_node_and_property_tolerated)
{
	P1().SetU32("vendor-knob", 1);
	P1().Child("vendor-node").SetU32("x", 1);
	ASSERT_EQ(AddPartition(1), MANIFEST_SUCCESS) << Error();
}

} // namespace
} // namespace test
