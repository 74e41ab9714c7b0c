/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/*
 * The boot suite's partitions (spmc_manifest.dts) and what the probing
 * partitions report. Boot order: EARLY, FAIL, PROBER, LATE.
 */

#define BOOT_FAIL 0x8001U
#define BOOT_EARLY 0x8002U
#define BOOT_PROBER 0x8003U
#define BOOT_LATE 0x8004U

#define BOOT_EARLY_LOAD 0x0e400000UL
#define BOOT_LATE_LOAD 0x0e600000UL
#define BOOT_PARTITIONS 4U

/* Readable bytes from the blob: the package header area (pm_offset). */
#define BOOT_INFO_LIMIT 0x1000U

/*
 * The prober's records, made during its initialisation (values are
 * function IDs, FF-A error codes as uint32_t, or data). DIRECT_REQ2 with
 * x4 = first index returns records[first..first+13] in x4..x17.
 */
enum prober_record {
	PROBE_ID,            /* FFA_ID_GET w2 */
	PROBE_EARLY_FID,     /* x0 after DIRECT_REQ_64 to EARLY */
	PROBE_EARLY_PAYLOAD, /* its w3 */
	PROBE_FAIL_REQ,      /* w2 after DIRECT_REQ_64 to FAIL */
	PROBE_LATE_REQ,      /* w2 after DIRECT_REQ_64 to LATE */
	PROBE_LATE_REQ2,     /* w2 after DIRECT_REQ2 to LATE */
	PROBE_YIELD,         /* w2 after FFA_YIELD */
	PROBE_RUN,           /* w2 after FFA_RUN(EARLY) */
	PROBE_EP_REGISTER,   /* w2 after FFA_SECONDARY_EP_REGISTER */
	PROBE_RESP,          /* w2 after DIRECT_RESP_64 to the NWd */
	PROBE_X0,            /* x0..x3 at entry */
	PROBE_X1,
	PROBE_X2,
	PROBE_X3,
	PROBE_COLD,        /* 1 if the entry was cold */
	PROBE_PINFO_COUNT, /* w2 after count-only PARTITION_INFO_GET */
	PROBE_RECORDS
};

/*
 * The late MP partition's answer to any direct request on vCPU i: what
 * vCPU i saw at its last initialisation (payload index).
 */
enum late_record {
	LATE_VCPU,       /* vmlib_vcpu_index() now */
	LATE_MPIDR_AFF0, /* MPIDR_EL1 Aff0 now */
	LATE_INITS,      /* initialisations of this vCPU so far */
	LATE_COLD,       /* 1 if the last one was the image's cold entry */
	LATE_X0,         /* x0..x3 at that entry */
	LATE_X1,
	LATE_X2,
	LATE_X3,
	LATE_EP_BAD_RANGE, /* vCPU 0: w2 after EP_REGISTER(out of image) */
	LATE_EP_UNALIGNED, /* vCPU 0: w2 after EP_REGISTER(unaligned) */
	LATE_EP_OK,        /* x0 (vCPU 0) or w2 after EP_REGISTER(entry) */
	LATE_PROBER_FID,   /* vCPU 0: x0 after DIRECT_REQ_64 to PROBER */
	LATE_BOOT_INFO,    /* vCPU 0: vmlib_boot_info_validate(x1) */
	LATE_RECORDS
};

/* boot_early's `boot_info` service: payload indices. */
enum boot_info_answer {
	BI_VALIDATE, /* vmlib_boot_info_validate() */
	BI_BLOB,     /* x0 at the first entry */
	BI_SIGNATURE,
	BI_VERSION,
	BI_BLOB_SIZE,
	BI_DESC_SIZE,
	BI_DESC_COUNT,
	BI_DESC_OFFSET,
	BI_FDT_ERROR, /* vmlib_boot_info_find_fdt() */
	BI_FDT,       /* its address */
	BI_FDT_SIZE,  /* its size */
	BI_FDT_FLAGS, /* the descriptor's flags */
	BI_X1_TO_X3,  /* x1 | x2 | x3 at the first entry */
};

enum manifest_answer {
	MF_HEADER,       /* fdt_check_header() */
	MF_TOTALSIZE,    /* fdt_totalsize() */
	MF_COMPATIBLE,   /* 1 if "arm,ffa-manifest-1.0" */
	MF_DESCRIPTION,  /* 1 if "boot_early" */
	MF_LOAD_ADDRESS, /* load-address, two cells */
	MF_GP_REGISTER,  /* gp-register-num */
};
