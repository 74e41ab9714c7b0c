/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <cstring>
#include <gtest/gtest.h>

extern "C" {
#include "vmlib/ffa.h"
}

/*
 * The FF-A wrappers against a recording `ffa_call`: each must put its
 * arguments in the registers FF-A v1.2 gives them and zero the rest.
 */

namespace
{

struct ffa_value last_call;
int call_count;

/* What the fake conduit returns. */
struct ffa_value next_result;

class FfaTest : public ::testing::Test
{
      protected:
	void SetUp() override
	{
		last_call = {};
		next_result = {};
		call_count = 0;
	}

	/* Expects exactly `want` in x0..x17 of the one recorded call. */
	static void ExpectCall(const struct ffa_value &want)
	{
		EXPECT_EQ(call_count, 1);
		for (size_t i = 0; i < FFA_VALUE_REGS; i++) {
			EXPECT_EQ(last_call.x[i], want.x[i]) << "x" << i;
		}
	}
};

} /* namespace */

extern "C" struct ffa_value ffa_call(struct ffa_value args)
{
	last_call = args;
	call_count++;
	return next_result;
}

TEST_F(FfaTest, version_passes_requested_in_w1)
{
	next_result.x[0] = FFA_VERSION_1_2;
	struct ffa_value ret = ffa_version(FFA_VERSION_1_3);

	ExpectCall({ { FFA_VERSION_32, FFA_VERSION_1_3 } });
	EXPECT_EQ(ret.x[0], FFA_VERSION_1_2);
}

TEST_F(FfaTest, id_calls_have_no_arguments)
{
	ffa_id_get();
	ExpectCall({ { FFA_ID_GET_32 } });
	SetUp();
	ffa_spm_id_get();
	ExpectCall({ { FFA_SPM_ID_GET_32 } });
}

TEST_F(FfaTest, rxtx_map_puts_tx_before_rx)
{
	ffa_rxtx_map(0x1000, 0x2000, 3);
	ExpectCall({ { FFA_RXTX_MAP_64, 0x1000, 0x2000, 3 } });
	SetUp();
	ffa_rxtx_map_32(0x3000, 0x4000, 1);
	ExpectCall({ { FFA_RXTX_MAP_32, 0x3000, 0x4000, 1 } });
}

TEST_F(FfaTest, partition_info_get_passes_uuid_words_and_flags)
{
	const struct ffa_uuid uuid = { { 1, 2, 3, 4 } };

	ffa_partition_info_get(&uuid, FFA_PARTITION_INFO_FLAG_COUNT_ONLY);
	ExpectCall({ { FFA_PARTITION_INFO_GET_32, 1, 2, 3, 4,
		       FFA_PARTITION_INFO_FLAG_COUNT_ONLY } });
}

TEST_F(FfaTest, partition_info_get_regs_packs_uuid_and_index)
{
	const struct ffa_uuid uuid = { { 0x11111111, 0x22222222, 0x33333333,
					 0x44444444 } };

	ffa_partition_info_get_regs(&uuid, 5, 7);
	ExpectCall({ { FFA_PARTITION_INFO_GET_REGS_64, 0x2222222211111111ULL,
		       0x4444444433333333ULL, 0x70005 } });
}

TEST_F(FfaTest, error_puts_code_in_w2)
{
	ffa_error(FFA_ABORTED);
	ExpectCall({ { FFA_ERROR_32, 0, 0xfffffff8U } });
}

TEST_F(FfaTest, direct_req_64_packs_ids_and_payload)
{
	const struct ffa_direct_args args = { { 1, 2, 3, 4, 0x123456789ULL } };

	ffa_msg_send_direct_req_64(0x8001, 0x8002, &args);
	ExpectCall({ { FFA_MSG_SEND_DIRECT_REQ_64, 0x80018002, 0, 1, 2, 3, 4,
		       0x123456789ULL } });
}

TEST_F(FfaTest, direct_32_forms_truncate_payload)
{
	const struct ffa_direct_args args = { { 0x100000001ULL, 2, 3, 4, 5 } };

	ffa_msg_send_direct_resp_32(0x8001, 0, &args);
	ExpectCall(
	    { { FFA_MSG_SEND_DIRECT_RESP_32, 0x80010000, 0, 1, 2, 3, 4, 5 } });
}

TEST_F(FfaTest, direct_req_without_args_sends_zeros)
{
	ffa_msg_send_direct_req_32(0, 0x8001, nullptr);
	ExpectCall({ { FFA_MSG_SEND_DIRECT_REQ_32, 0x8001 } });
}

TEST_F(FfaTest, direct_req2_puts_uuid_in_x2_x3_and_payload_from_x4)
{
	const struct ffa_uuid uuid = { { 1, 2, 3, 4 } };
	struct ffa_direct2_args args;
	struct ffa_value want = { { FFA_MSG_SEND_DIRECT_REQ2_64, 0x00008001,
				    0x0000000200000001ULL,
				    0x0000000400000003ULL } };

	for (size_t i = 0; i < FFA_DIRECT_MSG2_ARGS; i++) {
		args.x[i] = 100 + i;
		want.x[4 + i] = 100 + i;
	}
	ffa_msg_send_direct_req2(0, 0x8001, &uuid, &args);
	ExpectCall(want);
}

TEST_F(FfaTest, direct_resp2_leaves_x2_x3_zero)
{
	struct ffa_direct2_args args = {};

	args.x[13] = 0xabc;
	ffa_msg_send_direct_resp2(0x8001, 0, &args);
	struct ffa_value want = { { FFA_MSG_SEND_DIRECT_RESP2_64,
				    0x80010000 } };
	want.x[17] = 0xabc;
	ExpectCall(want);
}

TEST_F(FfaTest, run_packs_target_and_vcpu)
{
	ffa_run(0x8003, 2);
	ExpectCall({ { FFA_RUN_32, 0x80030002 } });
}

TEST_F(FfaTest, mem_reclaim_splits_handle)
{
	ffa_mem_reclaim(0x1122334455667788ULL, 1);
	ExpectCall({ { FFA_MEM_RECLAIM_32, 0x55667788, 0x11223344, 1 } });
}

TEST_F(FfaTest, mem_share_uses_tx_buffer)
{
	ffa_mem_share(0x100, 0x80);
	ExpectCall({ { FFA_MEM_SHARE_32, 0x100, 0x80 } });
}

TEST_F(FfaTest, mem_handle_joins_w2_w3)
{
	struct ffa_value v = { { FFA_SUCCESS_32, 0, 0xffffffff00000001ULL,
				 0x2 } };

	EXPECT_EQ(ffa_mem_handle(&v), 0x0000000200000001ULL);
}

TEST_F(FfaTest, notification_bind_packs_ids_and_bitmap)
{
	ffa_notification_bind(0x8001, 0x0001, 1, 0x8000000000000001ULL);
	ExpectCall(
	    { { FFA_NOTIFICATION_BIND_32, 0x80010001, 1, 1, 0x80000000 } });
}

TEST_F(FfaTest, notification_get_packs_vcpu_and_receiver)
{
	ffa_notification_get(0x8001, 3, 0xf);
	ExpectCall({ { FFA_NOTIFICATION_GET_32, 0x00038001, 0xf } });
}

TEST_F(FfaTest, console_log_64_packs_eight_chars_per_register)
{
	const char text[] = "0123456789";

	ffa_console_log_64(text, 10);
	ExpectCall(
	    { { FFA_CONSOLE_LOG_64, 10, 0x3736353433323130ULL, 0x3938 } });
}

TEST_F(FfaTest, console_log_32_packs_four_chars_per_register)
{
	ffa_console_log_32("abcdef", 6);
	ExpectCall({ { FFA_CONSOLE_LOG_32, 6, 0x64636261, 0x6665 } });
}

TEST_F(FfaTest, console_log_pack_stops_at_each_form_limit)
{
	char text[200];
	struct ffa_value v;

	memset(text, 'x', sizeof(text));
	EXPECT_EQ(ffa_console_log_pack(&v, FFA_CONSOLE_LOG_64, text, 200),
		  FFA_CONSOLE_LOG_64_MAX_CHARS);
	EXPECT_EQ(v.x[1], FFA_CONSOLE_LOG_64_MAX_CHARS);
	EXPECT_EQ(v.x[17], 0x7878787878787878ULL);
	EXPECT_EQ(ffa_console_log_pack(&v, FFA_CONSOLE_LOG_32, text, 200),
		  FFA_CONSOLE_LOG_32_MAX_CHARS);
	EXPECT_EQ(v.x[7], 0x78787878U);
	EXPECT_EQ(v.x[8], 0U);
}

TEST_F(FfaTest, console_log_pack_rejects_other_fids)
{
	struct ffa_value v;

	EXPECT_EQ(ffa_console_log_pack(&v, FFA_VERSION_32, "a", 1), 0U);
	EXPECT_EQ(v.x[1], 0U);
}
