/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#pragma once

/**
 * FF-A memory transaction descriptor parser and validator
 * (docs/design/mem_desc.md). It reads a descriptor that the caller has
 * already copied into SPMC memory, checks every rule that can be checked on
 * the descriptor alone, and fills a version-independent `struct mem_desc`
 * (or `struct mem_retrieve_req`). It changes no other state and logs
 * nothing: on failure it returns a named reason, which the handler logs at
 * VERBOSE and turns into the FF-A error `mem_desc_error_code` gives.
 * Ownership, share state, page tables and granule state are the handlers'.
 */

#include <stdbool.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"
#include "vmapi/spmc/ffa_mem.h"

/*
 * Every reason a descriptor is refused, with the FF-A error it maps to.
 * One list generates the enum, names and codes.
 */
#define MEM_DESC_ERRORS(X)                                   \
	X(SUCCESS, 0)                                        \
	/* Lengths and layout. */                            \
	X(LENGTH_INVALID, FFA_INVALID_PARAMETERS)            \
	X(TRUNCATED, FFA_INVALID_PARAMETERS)                 \
	X(ACCESS_SIZE_INVALID, FFA_INVALID_PARAMETERS)       \
	X(ACCESS_SIZE_VERSION, FFA_INVALID_PARAMETERS)       \
	X(RECEIVERS_OFFSET_INVALID, FFA_INVALID_PARAMETERS)  \
	X(HEADER_MBZ, FFA_INVALID_PARAMETERS)                \
	X(HANDLE_NOT_ZERO, FFA_INVALID_PARAMETERS)           \
	X(SENDER_NOT_CALLER, FFA_DENIED)                     \
	/* Receivers. */                                     \
	X(RECEIVER_COUNT_ZERO, FFA_INVALID_PARAMETERS)       \
	X(TOO_MANY_RECEIVERS, FFA_INVALID_PARAMETERS)        \
	X(DONATE_MULTIPLE_RECEIVERS, FFA_INVALID_PARAMETERS) \
	X(DUPLICATE_RECEIVER, FFA_INVALID_PARAMETERS)        \
	X(RECEIVER_IS_SENDER, FFA_INVALID_PARAMETERS)        \
	X(ACCESS_MBZ, FFA_INVALID_PARAMETERS)                \
	X(RECEIVER_FLAGS_INVALID, FFA_INVALID_PARAMETERS)    \
	X(PERM_MBZ, FFA_INVALID_PARAMETERS)                  \
	X(DATA_ACCESS_INVALID, FFA_INVALID_PARAMETERS)       \
	X(INSTR_ACCESS_INVALID, FFA_INVALID_PARAMETERS)      \
	/* Memory region attributes. */                      \
	X(ATTR_MBZ, FFA_INVALID_PARAMETERS)                  \
	X(ATTR_NS_SET, FFA_INVALID_PARAMETERS)               \
	X(ATTR_RESERVED_VALUE, FFA_INVALID_PARAMETERS)       \
	X(ATTR_TYPE_SPECIFIED, FFA_INVALID_PARAMETERS)       \
	X(ATTR_TYPE_MISSING, FFA_INVALID_PARAMETERS)         \
	X(ATTR_DEVICE_REFUSED, FFA_DENIED)                   \
	X(ATTR_NOT_WB_INNER, FFA_DENIED)                     \
	/* Flags. */                                         \
	X(FLAGS_INVALID, FFA_INVALID_PARAMETERS)             \
	X(CLEAR_ON_SHARE, FFA_INVALID_PARAMETERS)            \
	X(HINT_WITHOUT_VALID, FFA_INVALID_PARAMETERS)        \
	X(BYPASS_NOT_SUPPORTED, FFA_INVALID_PARAMETERS)      \
	/* Composite descriptor and constituents. */         \
	X(COMPOSITE_OFFSET_INVALID, FFA_INVALID_PARAMETERS)  \
	X(COMPOSITE_OFFSET_MISMATCH, FFA_INVALID_PARAMETERS) \
	X(COMPOSITE_MBZ, FFA_INVALID_PARAMETERS)             \
	X(NO_CONSTITUENTS, FFA_INVALID_PARAMETERS)           \
	X(TOO_MANY_CONSTITUENTS, FFA_NO_MEMORY)              \
	X(FRAGMENT_SPLIT, FFA_INVALID_PARAMETERS)            \
	X(FRAGMENT_TOO_LONG, FFA_INVALID_PARAMETERS)         \
	X(CONSTITUENT_MBZ, FFA_INVALID_PARAMETERS)           \
	X(CONSTITUENT_EMPTY, FFA_INVALID_PARAMETERS)         \
	X(CONSTITUENT_UNALIGNED, FFA_INVALID_PARAMETERS)     \
	X(CONSTITUENT_OVERFLOW, FFA_INVALID_PARAMETERS)      \
	X(CONSTITUENT_OVERLAP, FFA_INVALID_PARAMETERS)       \
	X(PAGE_COUNT_MISMATCH, FFA_INVALID_PARAMETERS)       \
	X(ALREADY_COMPLETE, FFA_INVALID_PARAMETERS)          \
	/* Retrieve request. */                              \
	X(HANDLE_INVALID, FFA_INVALID_PARAMETERS)            \
	X(RETRIEVE_COMPOSITE_SET, FFA_INVALID_PARAMETERS)    \
	X(HYP_RETRIEVE_INVALID, FFA_INVALID_PARAMETERS)

enum mem_desc_error {
#define MEM_DESC_ERROR_ENUM(name, code) MEM_DESC_ERROR_##name,
	MEM_DESC_ERRORS(MEM_DESC_ERROR_ENUM)
#undef MEM_DESC_ERROR_ENUM
	    MEM_DESC_ERROR_COUNT
};

/** The ABI a descriptor came with. */
enum mem_desc_abi {
	MEM_DESC_SHARE,
	MEM_DESC_LEND,
	MEM_DESC_DONATE,
};

/** The bytes received and who sent them. */
struct mem_desc_in {
	const void *buf;          /* The first fragment, in SPMC memory. */
	uint32_t fragment_length; /* Bytes of `buf`. */
	uint32_t total_length;    /* Total length the call declared. */
	uint32_t version;         /* The caller's negotiated FF-A version. */
	uint16_t caller_id;       /* The calling endpoint (SP). */
	bool caller_is_nwd;       /* Any non-secure sender ID is accepted. */
};

/** One receiver, decoded. `impdef` is zero for v1.0/v1.1 layouts. */
struct mem_desc_receiver {
	uint16_t id;
	uint8_t data_access;  /* FFA_DATA_ACCESS_* */
	uint8_t instr_access; /* FFA_INSTR_ACCESS_* */
	uint8_t flags;        /* FFA_MEM_RECV_FLAG_* */
	uint8_t impdef[16];
};

/** One constituent: `page_count` 4 KiB pages from `base`. */
struct mem_desc_constituent {
	uint64_t base;
	uint32_t page_count;
};

/** Decoded memory region attributes (FFA_MEM_TYPE/CACHE/SHARE_*). */
struct mem_desc_attr {
	uint8_t type;
	uint8_t cacheability; /* Device memory: FFA_MEM_DEV_*. */
	uint8_t shareability;
};

/**
 * A send descriptor, normalized. `constituents` is storage the caller
 * provides (`constituent_cap` entries, e.g. from the page pool); it is
 * filled fragment by fragment and `constituent_done` counts what is in it.
 */
struct mem_desc {
	uint32_t layout; /* FFA_VERSION_1_0, _1_1 or _1_2: what was parsed. */
	uint16_t sender;
	struct mem_desc_attr attr;
	uint32_t flags; /* FFA_MEM_FLAG_CLEAR / _TIME_SLICE. */
	uint64_t tag;
	uint32_t receiver_count;
	struct mem_desc_receiver receivers[PLAT_MAX_MEM_RECEIVERS];
	uint32_t total_page_count;
	uint32_t constituent_count; /* Declared in the composite. */
	uint32_t constituent_done;  /* Parsed so far. */
	struct mem_desc_constituent *constituents;
	uint32_t constituent_cap;
	/* Parser state for later fragments. */
	uint64_t page_sum;
	uint64_t max_end;  /* Highest constituent end so far. */
	uint32_t received; /* Bytes of the descriptor consumed so far. */
	uint32_t total_length;
};

/** A retrieve request (FFA_MEM_RETRIEVE_REQ), normalized. */
struct mem_retrieve_req {
	uint32_t layout;
	uint16_t sender;
	struct mem_desc_attr attr;
	uint32_t flags; /* Every Table 1.22 bit, as sent. */
	uint8_t type;   /* FFA_MEM_FLAG_TYPE_* from `flags`. */
	bool hint_valid;
	uint8_t hint;
	uint64_t handle;
	bool handle_from_hyp; /* Bit 63: allocated by the hypervisor. */
	uint64_t tag;
	bool hyp_request; /* Hypervisor retrieve request: handle only. */
	uint32_t receiver_count;
	struct mem_desc_receiver receivers[PLAT_MAX_MEM_RECEIVERS];
};

/**
 * Parses and validates the first fragment of a FFA_MEM_SHARE / LEND /
 * DONATE descriptor. `out->constituents` and `out->constituent_cap` must
 * be set by the caller; everything else in `out` is written. Returns
 * SUCCESS or the first rule broken; class (a) error, no other state.
 */
enum mem_desc_error mem_desc_parse_send(const struct mem_desc_in *in,
					enum mem_desc_abi abi,
					struct mem_desc *out);

/**
 * Parses a following fragment (FFA_MEM_FRAG_TX) of `length` bytes: whole
 * constituents only. On failure `d` is unchanged.
 */
enum mem_desc_error mem_desc_add_fragment(struct mem_desc *d, const void *buf,
					  uint32_t length);

/** True once every declared byte and constituent has been parsed. */
bool mem_desc_is_complete(const struct mem_desc *d);

/**
 * Parses and validates a FFA_MEM_RETRIEVE_REQ descriptor (never
 * fragmented: `fragment_length` must equal `total_length`).
 */
enum mem_desc_error mem_desc_parse_retrieve(const struct mem_desc_in *in,
					    struct mem_retrieve_req *out);

/** The enumerator's name, or NULL for a value outside the enum. */
const char *mem_desc_error_name(enum mem_desc_error e);

/** The FF-A error code (negative), 0 for SUCCESS or out-of-range values. */
int32_t mem_desc_error_code(enum mem_desc_error e);
