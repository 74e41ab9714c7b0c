/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * The two pieces of the framework that differ between the worlds, linked
 * from nwd_runner.c (normal world) or sp_service.c (partition). common.c
 * reports failures through them.
 */

/** Writes `line` and a newline as one unit of console output. */
void hftest_backend_write_line(const char *line);

/**
 * Ends after a fatal failure. Normal world: prints the FAIL verdict (once)
 * and powers off. Partition: ends the partition.
 */
[[noreturn]] void hftest_backend_end_fatal(void);
