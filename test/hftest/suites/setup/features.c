/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "hftest/hftest.h"
#include "hftest/service.h"
#include "nwd_common.h"
#include "setup.h"
#include "vmlib/ffa.h"

/*
 * FFA_FEATURES: answered for the caller (normal world, UP or MP
 * partition, and its FF-A version), for function IDs only (no feature
 * IDs yet), with MBZ checks. FFA_ID_GET and FFA_SPM_ID_GET from
 * partitions (the normal world's are answered at EL3: el3 suite).
 */

/* w2 of FFA_FEATURES(FFA_RXTX_MAP) from v1.2: maximum page count. */
#define RXTX_MAP_FEATURES_V1_2 (FFA_RXTX_PAGE_COUNT_MASK << 16)

static struct ffa_value features(uint32_t id)
{
	return ffa_features(id, 0);
}

static struct ffa_value sp_features(uint16_t sp, uint32_t id)
{
	return proxy(sp, FFA_FEATURES_32, id, 0, 0, 0, 0, 0, 0);
}

static struct ffa_value sp_features_narrow(uint16_t sp, uint32_t id)
{
	return proxy_narrow(sp, FFA_FEATURES_32, id, 0, 0, 0);
}

SET_UP(features)
{
	nwd_use_version(FFA_VERSION_1_2);
}

/* What the normal world may call is reported, with its properties. */
TEST(features, nwd_implemented)
{
	static const uint32_t fids[] = {
		FFA_VERSION_32,
		FFA_FEATURES_32,
		FFA_RX_RELEASE_32,
		FFA_RXTX_UNMAP_32,
		FFA_PARTITION_INFO_GET_32,
		FFA_ID_GET_32,
		FFA_RUN_32,
		FFA_MSG_SEND_DIRECT_REQ_32,
		FFA_MSG_SEND_DIRECT_REQ_64,
		FFA_MSG_SEND_DIRECT_REQ2_64,
		FFA_PARTITION_INFO_GET_REGS_64,
	};
	struct ffa_value ret;
	size_t i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		ret = features(fids[i]);
		EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
		EXPECT_EQ((uint32_t)ret.x[2], 0);
	}
	EXPECT_FFA_SUCCESS(features(FFA_RXTX_MAP_64), RXTX_MAP_FEATURES_V1_2);
	EXPECT_FFA_SUCCESS(features(FFA_RXTX_MAP_32), RXTX_MAP_FEATURES_V1_2);
}

/* Partition-only ABIs are not offered to the normal world. */
TEST(features, nwd_partition_only_abis)
{
	static const uint32_t fids[] = {
		FFA_ERROR_32,
		FFA_MSG_WAIT_32,
		FFA_YIELD_32,
		FFA_MSG_SEND_DIRECT_RESP_32,
		FFA_MSG_SEND_DIRECT_RESP_64,
		FFA_MSG_SEND_DIRECT_RESP2_64,
		FFA_SPM_ID_GET_32,
		FFA_SECONDARY_EP_REGISTER_64,
		FFA_CONSOLE_LOG_32,
		FFA_CONSOLE_LOG_64,
	};
	size_t i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		EXPECT_FFA_ERROR(features(fids[i]), FFA_NOT_SUPPORTED);
	}
	/* Nothing changed: a supported one still answers. */
	EXPECT_FFA_SUCCESS(features(FFA_ID_GET_32), 0);
}

/* ABIs the SPMC does not implement, and IDs that are no FF-A ABI. */
TEST(features, nwd_not_implemented)
{
	static const uint32_t fids[] = {
		FFA_NOTIFICATION_BIND_32,
		FFA_MSG_SEND2_32,
		FFA_RX_ACQUIRE_32,
		FFA_MEM_PERM_GET_32,
		FFA_ABORT_32,
		FFA_SMC32(0x9F),
		FFA_SMC32(0xFF),
		FFA_SMC64(0x63), /* FFA_VERSION has no SMC64 form */
		PSCI_VERSION,
		0xC2000F00U, /* SiP */
	};
	size_t i;

	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		EXPECT_FFA_ERROR(features(fids[i]), FFA_NOT_SUPPORTED);
	}
}

/* Feature IDs (w1 bit 31 clear): no interrupt feature is offered yet. */
TEST(features, nwd_feature_ids)
{
	EXPECT_FFA_ERROR(features(FFA_FEATURE_NPI), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(features(FFA_FEATURE_SRI), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(features(FFA_FEATURE_MEI), FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(features(0), FFA_NOT_SUPPORTED);
}

/* w2 (input properties) and x3..x7 are MBZ here. */
TEST(features, nwd_mbz)
{
	struct ffa_value call = { .x = { FFA_FEATURES_32, FFA_ID_GET_32 } };
	int i;

	EXPECT_FFA_ERROR(ffa_features(FFA_ID_GET_32, 1),
			 FFA_INVALID_PARAMETERS);
	for (i = 3; i < 8; i++) {
		struct ffa_value bad = call;

		bad.x[i] = 1;
		EXPECT_FFA_ERROR(ffa_call(bad), FFA_INVALID_PARAMETERS);
	}
	EXPECT_FFA_SUCCESS(ffa_call(call), 0);
}

/* A v1.1 normal world is answered for v1.1: no v1.2 ABIs. */
TEST(features_v1_1, nwd_version_dependent)
{
	nwd_use_version(FFA_VERSION_1_1);
	EXPECT_FFA_ERROR(features(FFA_PARTITION_INFO_GET_REGS_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(features(FFA_MSG_SEND_DIRECT_REQ2_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(features(FFA_RXTX_MAP_64), 0);
	EXPECT_FFA_SUCCESS(features(FFA_MSG_SEND_DIRECT_REQ_64), 0);
}

SET_UP(features_sp)
{
	nwd_use_version(FFA_VERSION_1_2);
	hftest_service_select(SP_A, "proxy");
	hftest_service_select(SP_B, "proxy");
	hftest_service_select(SP_C, "proxy");
	hftest_service_select(SP_MP, "proxy");
}

/* A UP v1.2 partition: its own ABIs, but no secondary entry point. */
TEST(features_sp, up_partition)
{
	static const uint32_t ok[] = {
		FFA_MSG_WAIT_32,    FFA_YIELD_32,
		FFA_ERROR_32,       FFA_MSG_SEND_DIRECT_RESP_64,
		FFA_SPM_ID_GET_32,  FFA_CONSOLE_LOG_32,
		FFA_CONSOLE_LOG_64, FFA_MSG_SEND_DIRECT_REQ2_64,
		FFA_RUN_32,         FFA_PARTITION_INFO_GET_REGS_64,
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct ffa_value ret = sp_features(SP_A, ok[i]);

		EXPECT_EQ((uint32_t)ret.x[0], FFA_SUCCESS_32);
	}
	EXPECT_FFA_SUCCESS(sp_features(SP_A, FFA_RXTX_MAP_64),
			   RXTX_MAP_FEATURES_V1_2);
	EXPECT_FFA_ERROR(sp_features(SP_A, FFA_SECONDARY_EP_REGISTER_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(sp_features(SP_A, FFA_MSG_SEND2_32),
			 FFA_NOT_SUPPORTED);
}

/* Only an MP partition may register a secondary entry point. */
TEST(features_sp, mp_partition)
{
	EXPECT_FFA_SUCCESS(sp_features(SP_MP, FFA_SECONDARY_EP_REGISTER_64), 0);
	EXPECT_FFA_SUCCESS(sp_features(SP_MP, FFA_MSG_WAIT_32), 0);
}

/* v1.0 and v1.1 partitions are answered for their version. */
TEST(features_sp, old_partitions)
{
	EXPECT_FFA_ERROR(sp_features_narrow(SP_C, FFA_SPM_ID_GET_32),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(sp_features_narrow(SP_C, FFA_CONSOLE_LOG_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(sp_features_narrow(SP_C, FFA_MSG_SEND_DIRECT_REQ2_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(
	    sp_features_narrow(SP_C, FFA_PARTITION_INFO_GET_REGS_64),
	    FFA_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(sp_features_narrow(SP_C, FFA_MSG_WAIT_32), 0);
	EXPECT_FFA_SUCCESS(sp_features_narrow(SP_C, FFA_RXTX_MAP_64), 0);

	EXPECT_FFA_SUCCESS(sp_features_narrow(SP_B, FFA_SPM_ID_GET_32), 0);
	EXPECT_FFA_ERROR(sp_features_narrow(SP_B, FFA_CONSOLE_LOG_64),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(sp_features_narrow(SP_B, FFA_CONSOLE_LOG_32), 0);
}

/* The MBZ rules hold for partitions too. */
TEST(features_sp, mbz)
{
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_FEATURES_32, FFA_ID_GET_32, 1, 0, 0, 0, 0, 0),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(
	    proxy(SP_A, FFA_FEATURES_32, FFA_ID_GET_32, 0, 0, 0, 0, 0, 1),
	    FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(sp_features(SP_A, FFA_ID_GET_32), 0);
}

/* FFA_ID_GET from partitions: their own IDs; x1..x7 MBZ. */
TEST(features_sp, id_get)
{
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 0),
			   SP_A);
	EXPECT_FFA_SUCCESS(proxy(SP_MP, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 0),
			   SP_MP);
	EXPECT_FFA_SUCCESS(proxy_narrow(SP_C, FFA_ID_GET_32, 0, 0, 0, 0), SP_C);
}

TEST(features_sp, id_get_mbz)
{
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_ID_GET_32, 1, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy_narrow(SP_B, FFA_ID_GET_32, 0, 0, 0, 1),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 0),
			   SP_A);
}

/* FFA_SPM_ID_GET from partitions (v1.1+): the SPMC's ID. */
TEST(features_sp, spm_id_get)
{
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_SPM_ID_GET_32, 0, 0, 0, 0, 0, 0, 0),
			   FFA_ID_SPMC_DEFAULT);
	EXPECT_FFA_SUCCESS(proxy_narrow(SP_B, FFA_SPM_ID_GET_32, 0, 0, 0, 0),
			   FFA_ID_SPMC_DEFAULT);
}

TEST(features_sp, spm_id_get_refused)
{
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_SPM_ID_GET_32, 1, 0, 0, 0, 0, 0, 0),
			 FFA_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(proxy(SP_A, FFA_SPM_ID_GET_32, 0, 0, 0, 0, 0, 1, 0),
			 FFA_INVALID_PARAMETERS);
	/* v1.0 has no FFA_SPM_ID_GET. */
	EXPECT_FFA_ERROR(proxy_narrow(SP_C, FFA_SPM_ID_GET_32, 0, 0, 0, 0),
			 FFA_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(proxy(SP_A, FFA_SPM_ID_GET_32, 0, 0, 0, 0, 0, 0, 0),
			   FFA_ID_SPMC_DEFAULT);
}
