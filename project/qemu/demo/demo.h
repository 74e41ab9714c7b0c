/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * What the demo's normal-world client and its two partitions agree on
 * (project/qemu/fdts/sp1_up.dts and sp2_mp.dts).
 *
 * A demo partition answers every direct request (REQ_32, REQ_64, REQ2)
 * with the matching response. Its first payload register (w3/x3, x4 for
 * RESP2) holds the index of the vCPU that ran the request; every other
 * payload register holds the request's value plus DEMO_ECHO_INCREMENT, cut
 * to 32 bits for RESP_32. The client checks both, so a reply proves the
 * message reached the partition and came back from the right vCPU.
 */

/** Added to each echoed payload value. */
#define DEMO_ECHO_INCREMENT 1

/** The last line of a successful demo on UART0 (tools/demo.py). */
#define DEMO_SUCCESS_LINE "demo: success"
