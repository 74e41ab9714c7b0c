/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spmc/partition.h"
#include "spmc/sp_pkg.h"

/* Bytes of the boot information blob: header and two descriptors. */
#define LOADER_BOOT_INFO_MAX 96U

/**
 * Builds `p`'s stage-2 tables (secure and non-secure IPA spaces) from its
 * manifests. On failure sets `*why`, frees what it allocated and returns
 * false.
 */
bool loader_stage2_build(struct partition *p, struct mpool *ppool,
			 const char **why);

/** Writes the FF-A boot information blob; returns its IPA. */
uint64_t loader_write_boot_info(const struct partition *p,
				const struct sp_pkg *pkg);

/** Undoes the last partition_create (the loader's rollback). */
void partition_destroy_last(struct partition *p, struct mpool *ppool);
