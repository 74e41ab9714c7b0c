/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "mem_sp.h"

/**
 * The partition side of the mem_sp suite (the `mem` service): operations
 * in sp_mem.c, sending in sp_mem_send.c, retrieving in sp_mem_retrieve.c.
 * Every operation gets the request payload `p[0..13]` (x4..x17) and fills
 * the response payload `r[0..13]`.
 */

/** The partition's RX and TX buffers (mapped by `msp_rxtx_ready`). */
extern uint8_t msp_rx[MSP_BUF_SIZE];
extern uint8_t msp_tx[MSP_BUF_SIZE];

/** Maps RX/TX once; returns 0 or the FF-A error of FFA_RXTX_MAP. */
int32_t msp_rxtx_ready(void);

/** The partition's own endpoint ID. */
uint16_t msp_own_id(void);

/** Copies `len` bytes (multiples of 8, 8-byte aligned) with 8-byte words. */
void msp_copy(void *dst, const void *src, uint32_t len);

/** Puts x0..x3 of `v` in r[0..3]. */
void msp_put_result(uint64_t *r, const struct ffa_value *v);

void msp_op_send(const uint64_t *p, uint64_t *r);
void msp_op_frag_tx(const uint64_t *p, uint64_t *r);
void msp_op_retrieve(const uint64_t *p, uint64_t *r);
void msp_op_frag_rx(const uint64_t *p, uint64_t *r);
