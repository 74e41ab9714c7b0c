/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include "vmlib/vmlib.h"

/**
 * The message loop both demo partitions run on every vCPU (demo.h has the
 * protocol). It logs each message it serves on the partition's console
 * (UART1, through the SPMC), answers PSCI CPU_OFF framework messages with
 * success, and never returns. `name` prefixes its log lines.
 */
[[noreturn]] void demo_sp_run(const struct vmlib_boot *boot, const char *name);
