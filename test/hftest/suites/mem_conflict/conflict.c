/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "driver/console.h"
#include "driver/cpu.h"
#include "driver/psci.h"
#include "el3fw/test_api.h"
#include "ms_nwd.h"

/*
 * Secure/Realm conflicts (tfa-spmd-interface.md §4.6) end to end: the
 * normal world lends, donates and shares pages to a partition through the
 * SPMC, and also plays the Realm host, moving granules to the Realm PAS
 * with the EL3 test firmware's range delegate stand-in. EL3's software GPT
 * (docs/el3-test-firmware.md §4a) applies TF-A's transition policy to both
 * sides and reports each granule's PAS (EL3FW_ITEM_GPT_PAS).
 *
 * QEMU 7.2 has no FEAT_RME: a granule in the wrong PAS never raises a
 * granule protection fault, so a world reaching memory it should not (the
 * partition touching a shared page the host then delegated) goes
 * unnoticed here. The tests check what the rig can see: what EL3 and the
 * SPMC refuse, every granule's PAS, and that the SPMC and the partitions
 * keep serving.
 */

#define MC_A MS_SP_A
#define MC_B MS_SP_B

SET_UP(conflict)
{
	ms_setup_sps(FFA_VERSION_1_2, 2);
}

/* The GPI of the granule at `pa` (EL3FW_GPI_*). */
static uint64_t pas(uint64_t pa)
{
	struct ffa_value ret = ffa_call((struct ffa_value){
	    .x = { EL3FW_TEST_GET, EL3FW_ITEM_GPT_PAS, pa } });

	ASSERT_EQ(ret.x[0], EL3FW_TEST_OK);
	return ret.x[1];
}

/* Checks that `pages` granules from `pa` are all in `gpi`. */
static void expect_pas(uint64_t pa, uint32_t pages, uint64_t gpi)
{
	for (uint32_t i = 0; i < pages; i++) {
		EXPECT_EQ(pas(pa + (uint64_t)i * FFA_PAGE_SIZE), gpi);
	}
}

/* RMI range delegate / undelegate stand-in: x0 status, x1 next. */
static struct ffa_value delegate(uint64_t base, uint32_t pages)
{
	return ffa_call((struct ffa_value){
	    .x = { EL3FW_RMI_GRANULE_RANGE_DELEGATE, base,
		   base + (uint64_t)pages * FFA_PAGE_SIZE } });
}

static struct ffa_value undelegate(uint64_t base, uint32_t pages)
{
	return ffa_call((struct ffa_value){
	    .x = { EL3FW_RMI_GRANULE_RANGE_UNDELEGATE, base,
		   base + (uint64_t)pages * FFA_PAGE_SIZE } });
}

/* Delegate and undelegate must both work: the range is free for Realm. */
static void expect_delegable(uint64_t base, uint32_t pages)
{
	struct ffa_value ret = delegate(base, pages);

	EXPECT_EQ(ret.x[0], EL3FW_RMI_SUCCESS);
	expect_pas(base, pages, EL3FW_GPI_REALM);
	ret = undelegate(base, pages);
	EXPECT_EQ(ret.x[0], EL3FW_RMI_SUCCESS);
	expect_pas(base, pages, EL3FW_GPI_NS);
}

/* A partition still serves: it answers a direct request. */
static void expect_serving(uint16_t sp)
{
	struct ffa_direct_args args = { .x = { MS_CMD_MAP } };

	EXPECT_EQ(req64_payload(sp, &args).x[0], 0);
}

/* Sends `fid` of `pages` at `addr` to `sp`, which retrieves it. */
static uint64_t give(uint32_t fid, uint16_t sp, uint64_t addr, uint32_t pages,
		     struct mem_build *b, struct ffa_mem_constituent *c)
{
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(b, c, fid, sp, addr, pages);
	h = ms_send_ok(fid, b);
	ms_retrieve_init(&r, sp, fid, h, b);
	ms_retrieve_ok(&r);
	return h;
}

/*
 * (a) Lend, then delegate: EL3 refuses (Realm caller, granule SECURE),
 * nothing moves, the borrower keeps it; after reclaim the granules are NS
 * and can be delegated.
 */
TEST(conflict, lend_then_delegate_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint64_t h;

	ms_fill(MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD);
	h = give(FFA_MEM_LEND_32, MC_A, MS_PAGE(0), 2, &b, &c);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	ret = delegate(MS_PAGE(0), 2);
	EXPECT_EQ(ret.x[0], EL3FW_RMI_ERROR_INPUT);
	EXPECT_EQ(ret.x[1], MS_PAGE(0));
	ret = delegate(MS_PAGE(1), 1);
	EXPECT_EQ(ret.x[0], EL3FW_RMI_ERROR_INPUT);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	/* The borrower is unaffected. */
	EXPECT_EQ(
	    ms_sp_check(MC_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_NWD, false),
	    1024);
	ret = ms_relinquish(MC_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	/* Relinquished but not reclaimed: still the SPMC's. */
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	EXPECT_EQ(delegate(MS_PAGE(0), 2).x[0], EL3FW_RMI_ERROR_INPUT);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_NS);
	expect_delegable(MS_PAGE(0), 2);
}

/*
 * (b) Delegate one granule, then lend a multi-constituent transaction
 * containing it: the SPMC's protect hits the Realm granule, it undoes the
 * granules it already protected and answers DENIED. Every other
 * constituent is NS again and at once lendable and sharable; nothing was
 * left mapped in the partition (the same IPAs retrieve without DENIED).
 */
TEST(conflict, delegate_then_lend_denied)
{
	static const struct ffa_mem_constituent c[] = {
		{ MS_PAGE(0), 2, 0 },
		{ MS_PAGE(4), 1, 0 },
		{ MS_PAGE(6), 3, 0 }, /* MS_PAGE(7) is delegated */
		{ MS_PAGE(12), 1, 0 },
	};
	struct ffa_mem_constituent one;
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MC_A;
	uint64_t h;

	ret = delegate(MS_PAGE(7), 1);
	ASSERT_EQ(ret.x[0], EL3FW_RMI_SUCCESS);
	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, c, 4);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(4), 1, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(6), 1, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(7), 1, EL3FW_GPI_REALM);
	expect_pas(MS_PAGE(8), 1, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(12), 1, EL3FW_GPI_NS);
	/* Same for a donate and for the 64-bit lend. */
	ret = ms_send(FFA_MEM_LEND_64, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ms_desc(&b, FFA_MEM_DONATE_32, &id, 1, c, 4);
	ret = ms_send(FFA_MEM_DONATE_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	expect_pas(MS_PAGE(0), 7, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(8), 5, EL3FW_GPI_NS);

	/* Every other constituent: lendable and retrievable at once. */
	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, c, 2);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MC_A, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	ret = ms_relinquish(MC_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	/* ... and sharable, including the neighbours of the Realm granule. */
	ms_desc1(&b, &one, FFA_MEM_SHARE_32, MC_A, MS_PAGE(8), 1);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MC_A, FFA_MEM_SHARE_32, h, &b);
	ms_retrieve_ok(&r);
	expect_pas(MS_PAGE(7), 1, EL3FW_GPI_REALM);
	expect_serving(MC_A);
	/* The host gets its granule back. */
	EXPECT_EQ(undelegate(MS_PAGE(7), 1).x[0], EL3FW_RMI_SUCCESS);
	expect_pas(MS_PAGE(7), 1, EL3FW_GPI_NS);
}

/*
 * (b) continued, with a handle: a fragmented lend whose last fragment
 * holds the delegated granule is refused at its last FFA_MEM_FRAG_TX; the
 * handle the first fragment got is gone (no retrieve, no reclaim, no more
 * fragments) and every other constituent is NS and lendable again.
 */
TEST(conflict, delegate_then_fragmented_lend_denied)
{
	struct ffa_mem_constituent c[8];
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint16_t id = MC_B;
	uint64_t h;

	for (uint32_t i = 0; i < 8; i++) {
		c[i] = (struct ffa_mem_constituent){ MS_PAGE(2 * i), 1, 0 };
	}
	EXPECT_EQ(delegate(MS_PAGE(14), 1).x[0], EL3FW_RMI_SUCCESS);
	ms_desc(&b, FFA_MEM_LEND_32, &id, 1, c, 8);
	ret = ms_send_frag(FFA_MEM_LEND_32, &b, 4, 2, &h);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	ASSERT_NE(h, FFA_MEM_HANDLE_INVALID);
	ms_retrieve_init(&r, MC_B, FFA_MEM_LEND_32, h, &b);
	EXPECT_RETRIEVE_ERROR(ms_retrieve(&r), FFA_INVALID_PARAMETERS);
	EXPECT_EQ(ms_reclaim(h, 0), FFA_INVALID_PARAMETERS);
	ret = ffa_mem_frag_tx(h, 32);
	EXPECT_FFA_ERROR(ret, FFA_INVALID_PARAMETERS);
	for (uint32_t i = 0; i < 7; i++) {
		expect_pas(c[i].address, 1, EL3FW_GPI_NS);
	}
	expect_pas(MS_PAGE(14), 1, EL3FW_GPI_REALM);
	/* The first seven, in one piece, to the same borrower. */
	b.constituent_count = 7;
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	ms_retrieve_init(&r, MC_B, FFA_MEM_LEND_32, h, &b);
	ms_retrieve_ok(&r);
	expect_pas(MS_PAGE(12), 1, EL3FW_GPI_SECURE);
}

/*
 * (c) Share, then delegate: EL3 allows it (NS -> Realm; shared memory
 * never leaves the NS PAS, so the SPMC holds nothing EL3 could check).
 * With RME the partition's next access would take a granule protection
 * fault; QEMU has none, so what is checked is that the SPMC's own paths
 * stay sound: the SPMC does not know about the delegation, relinquish and
 * reclaim complete (they touch page tables, not the memory), the granule
 * stays Realm until the host undelegates it, a lend of it is refused by
 * EL3 through the SPMC's protect (DENIED), and partitions and SPMC keep
 * serving.
 */
TEST(conflict, share_then_delegate)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint64_t h;

	h = give(FFA_MEM_SHARE_32, MC_A, MS_PAGE(0), 2, &b, &c);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_NS);
	ret = delegate(MS_PAGE(0), 2);
	EXPECT_EQ(ret.x[0], EL3FW_RMI_SUCCESS);
	EXPECT_EQ(ret.x[1], MS_PAGE(2));
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_REALM);

	ret = ms_relinquish(MC_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_REALM);
	/* Lending Realm memory: EL3 refuses the protect, SPMC says DENIED. */
	ms_desc1(&b, &c, FFA_MEM_LEND_32, MC_B, MS_PAGE(0), 2);
	ret = ms_send(FFA_MEM_LEND_32, &b);
	EXPECT_FFA_ERROR(ret, FFA_DENIED);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_REALM);
	expect_serving(MC_A);
	expect_serving(MC_B);

	EXPECT_EQ(undelegate(MS_PAGE(0), 2).x[0], EL3FW_RMI_SUCCESS);
	h = give(FFA_MEM_LEND_32, MC_B, MS_PAGE(0), 2, &b, &c);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
}

/*
 * (c) continued: the host delegates shared memory before the borrower
 * retrieves it. The SPMC cannot see the Realm PAS of a share (it never
 * asks EL3 for one), so the retrieve maps it into the partition's NS IPA
 * space as usual; on RME hardware the partition's first access would
 * fault. Here: the retrieve answers, the SPMC survives, everything is
 * given back, and the granule is the host's to undelegate.
 */
TEST(conflict, share_delegate_then_retrieve)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_SHARE_64, MC_A, MS_PAGE(0), 1);
	h = ms_send_ok(FFA_MEM_SHARE_64, &b);
	EXPECT_EQ(delegate(MS_PAGE(0), 1).x[0], EL3FW_RMI_SUCCESS);
	ms_retrieve_init(&r, MC_A, FFA_MEM_SHARE_64, h, &b);
	ms_retrieve_ok(&r);
	expect_pas(MS_PAGE(0), 1, EL3FW_GPI_REALM);
	ret = ms_relinquish(MC_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	expect_serving(MC_A);
	EXPECT_EQ(undelegate(MS_PAGE(0), 1).x[0], EL3FW_RMI_SUCCESS);
	expect_pas(MS_PAGE(0), 1, EL3FW_GPI_NS);
}

/*
 * (d) Reclaim returns every granule to NS and they can be delegated: a
 * lend retrieved and relinquished, a lend and a donate never retrieved,
 * and a share.
 */
TEST(conflict, reclaim_returns_ns)
{
	static const uint32_t fids[] = { FFA_MEM_LEND_64, FFA_MEM_DONATE_32,
					 FFA_MEM_SHARE_32 };
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ffa_value ret;
	uint64_t h;

	h = give(FFA_MEM_LEND_32, MC_A, MS_PAGE(0), 3, &b, &c);
	ret = ms_relinquish(MC_A, FFA_MEM_RELINQUISH_32, h, 0);
	EXPECT_EQ(ms_result(&ret), 0);
	EXPECT_EQ(ms_reclaim(h, MEM_RECLAIM_FLAG_CLEAR), 0);
	expect_pas(MS_PAGE(0), 3, EL3FW_GPI_NS);
	expect_delegable(MS_PAGE(0), 3);

	for (uint32_t i = 0; i < 3; i++) {
		ms_desc1(&b, &c, fids[i], MC_B, MS_PAGE(4), 2);
		h = ms_send_ok(fids[i], &b);
		expect_pas(MS_PAGE(4), 2,
			   fids[i] == FFA_MEM_SHARE_32 ? EL3FW_GPI_NS
						       : EL3FW_GPI_SECURE);
		EXPECT_EQ(ms_reclaim(h, 0), 0);
		expect_pas(MS_PAGE(4), 2, EL3FW_GPI_NS);
		expect_delegable(MS_PAGE(4), 2);
	}
}

/*
 * (e) Donate, then delegate: refused while the SPMC holds it, and for
 * good once the borrower retrieved it (the memory is the partition's).
 */
TEST(conflict, donate_then_delegate_refused)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	struct ms_retrieve r;
	uint64_t h;

	ms_desc1(&b, &c, FFA_MEM_DONATE_32, MC_A, MS_PAGE(0), 2);
	h = ms_send_ok(FFA_MEM_DONATE_32, &b);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	EXPECT_EQ(delegate(MS_PAGE(0), 2).x[0], EL3FW_RMI_ERROR_INPUT);
	ms_retrieve_init(&r, MC_A, FFA_MEM_DONATE_32, h, &b);
	ms_retrieve_ok(&r);
	EXPECT_EQ(delegate(MS_PAGE(0), 2).x[0], EL3FW_RMI_ERROR_INPUT);
	EXPECT_EQ(delegate(MS_PAGE(1), 1).x[0], EL3FW_RMI_ERROR_INPUT);
	expect_pas(MS_PAGE(0), 2, EL3FW_GPI_SECURE);
	/* Refused (share.donate32_final pins the error code). */
	EXPECT_NE(ms_reclaim(h, 0), 0);
	ms_sp_fill(MC_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_SP, false);
	EXPECT_EQ(
	    ms_sp_check(MC_A, MS_PAGE(0), 2 * FFA_PAGE_SIZE, MS_PAT_SP, false),
	    1024);
}

/*
 * (f) A lend from the normal world is protected: Secure PAS from the send
 * to the reclaim, for every constituent and with several borrowers;
 * shared memory stays NS throughout.
 */
TEST(conflict, lend_protected_while_lent)
{
	static const uint16_t ids[] = { MC_A, MC_B };
	static const struct ffa_mem_constituent c[] = {
		{ MS_PAGE(0), 1, 0 },
		{ MS_PAGE(2), 2, 0 },
	};
	struct mem_build b;
	struct ms_retrieve r;
	struct ffa_value ret;
	uint64_t h;

	ms_desc(&b, FFA_MEM_LEND_32, ids, 2, c, 2);
	h = ms_send_ok(FFA_MEM_LEND_32, &b);
	expect_pas(MS_PAGE(0), 1, EL3FW_GPI_SECURE);
	expect_pas(MS_PAGE(1), 1, EL3FW_GPI_NS);
	expect_pas(MS_PAGE(2), 2, EL3FW_GPI_SECURE);
	for (uint32_t i = 0; i < 2; i++) {
		ms_retrieve_init(&r, ids[i], FFA_MEM_LEND_32, h, &b);
		ms_retrieve_ok(&r);
		expect_pas(MS_PAGE(2), 2, EL3FW_GPI_SECURE);
	}
	for (uint32_t i = 0; i < 2; i++) {
		ret = ms_relinquish(ids[i], FFA_MEM_RELINQUISH_32, h, 0);
		EXPECT_EQ(ms_result(&ret), 0);
		expect_pas(MS_PAGE(0), 1, EL3FW_GPI_SECURE);
	}
	EXPECT_EQ(ms_reclaim(h, 0), 0);
	expect_pas(MS_PAGE(0), 4, EL3FW_GPI_NS);

	ms_desc(&b, FFA_MEM_SHARE_32, ids, 2, c, 2);
	h = ms_send_ok(FFA_MEM_SHARE_32, &b);
	ms_retrieve_init(&r, MC_A, FFA_MEM_SHARE_32, h, &b);
	ms_retrieve_ok(&r);
	expect_pas(MS_PAGE(0), 4, EL3FW_GPI_NS);
}

/* Shared between the two CPUs of the race (NWd runs with the MMU off). */
static volatile uint32_t race_stop;
static volatile uint32_t race_done;
static volatile uint32_t race_delegated;

/* CPU 1: delegate and undelegate the page until told to stop. */
static void race_host(uintptr_t page)
{
	while (race_stop == 0) {
		struct ffa_value ret = delegate(page, 1);

		if (ret.x[0] == EL3FW_RMI_SUCCESS) {
			/* Ours now: the SPMC cannot protect it. */
			EXPECT_EQ(pas(page), EL3FW_GPI_REALM);
			EXPECT_EQ(undelegate(page, 1).x[0], EL3FW_RMI_SUCCESS);
			race_delegated = race_delegated + 1;
		} else {
			EXPECT_EQ(ret.x[0], EL3FW_RMI_ERROR_INPUT);
		}
	}
	race_done = 1;
}

/*
 * Race: CPU 0 lends a page while CPU 1 delegates it. Exactly one side
 * wins each time (EL3's GPT lock): a lend that succeeded has the page
 * Secure until its reclaim, a refused lend is FFA_DENIED with nothing
 * left behind; never a split state.
 */
TEST(conflict, lend_delegate_race)
{
	struct mem_build b;
	struct ffa_mem_constituent c;
	uint32_t lent = 0;
	uint32_t refused = 0;

	ms_desc1(&b, &c, FFA_MEM_LEND_32, MC_A, MS_PAGE(0), 1);
	ASSERT_EQ(nwd_cpu_start(1, race_host, MS_PAGE(0)), PSCI_E_SUCCESS);
	for (uint32_t i = 0; i < 2000 && (lent < 20 || refused < 20); i++) {
		struct ffa_value ret = ms_send(FFA_MEM_LEND_32, &b);

		if (ffa_fid(&ret) == FFA_SUCCESS_32) {
			lent++;
			EXPECT_EQ(pas(MS_PAGE(0)), EL3FW_GPI_SECURE);
			EXPECT_EQ(ms_reclaim(ms_handle(&ret), 0), 0);
		} else {
			refused++;
			EXPECT_FFA_ERROR(ret, FFA_DENIED);
		}
	}
	race_stop = 1;
	while (race_done == 0) {
	}
	nwd_printf("race: %u lent, %u refused, %u delegated\n", lent, refused,
		   race_delegated);
	EXPECT_GT(lent, 0);
	expect_pas(MS_PAGE(0), 1, EL3FW_GPI_NS);
	/* Nothing left behind: lend and retrieve work. */
	(void)give(FFA_MEM_LEND_32, MC_A, MS_PAGE(0), 1, &b, &c);
	expect_pas(MS_PAGE(0), 1, EL3FW_GPI_SECURE);
}
