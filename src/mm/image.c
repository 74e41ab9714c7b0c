/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/checked.h"
#include "spmc/mm.h"

#include "internal.h"

/*
 * The SPMC image in its own stage 1: each section with its permissions,
 * all of it in one update, so either every section is mapped or none.
 */

/* Number of image sections mapped. */
#define MM_IMAGE_SECTIONS 3

/*
 * Builds the requests for `layout`'s sections into `reqs`. False if a
 * section is unaligned, inverted or overlaps the next one.
 */
static bool mm_image_reqs(const struct mm_image_layout *layout,
			  struct mm_req reqs[MM_IMAGE_SECTIONS])
{
	uint64_t rodata_end;
	uint64_t data_end;

	if (!checked_align_up(pa_addr(layout->rodata_end), MM_PAGE_SIZE,
			      &rodata_end) ||
	    !checked_align_up(pa_addr(layout->data_end), MM_PAGE_SIZE,
			      &data_end)) {
		return false;
	}
	if (!is_aligned(pa_addr(layout->text_begin), MM_PAGE_SIZE) ||
	    !is_aligned(pa_addr(layout->text_end), MM_PAGE_SIZE) ||
	    !is_aligned(pa_addr(layout->rodata_begin), MM_PAGE_SIZE) ||
	    !is_aligned(pa_addr(layout->data_begin), MM_PAGE_SIZE) ||
	    pa_addr(layout->text_begin) > pa_addr(layout->text_end) ||
	    pa_addr(layout->text_end) > pa_addr(layout->rodata_begin) ||
	    pa_addr(layout->rodata_begin) > rodata_end ||
	    rodata_end > pa_addr(layout->data_begin) ||
	    pa_addr(layout->data_begin) > data_end) {
		return false;
	}
	reqs[0] = mm_req_identity(layout->text_begin, layout->text_end,
				  MM_MODE_R | MM_MODE_X);
	reqs[1] = mm_req_identity(layout->rodata_begin, pa_init(rodata_end),
				  MM_MODE_R);
	reqs[2] = mm_req_identity(layout->data_begin, pa_init(data_end),
				  MM_MODE_R | MM_MODE_W);
	return true;
}

/**
 * Identity-maps the SPMC image into its stage-1 table `t`: `.text`
 * read-only and executable, `.rodata` read-only, `.data` to the end of the
 * image read-write, all normal cached memory. Empty sections are skipped.
 * Returns `MM_ERROR_RANGE` for a bad layout, or what `mm_prepare` returns;
 * on failure nothing is mapped and the pool holds what it held.
 */
enum mm_error mm_identity_map_image(struct mm_ptable_locked t,
				    const struct mm_image_layout *layout,
				    struct mpool *ppool)
{
	struct mm_req reqs[MM_IMAGE_SECTIONS];
	struct mm_update u;
	enum mm_error ret = MM_SUCCESS;
	size_t i;

	if (!mm_image_reqs(layout, reqs)) {
		return MM_ERROR_RANGE;
	}
	mm_update_init(&u, ppool);
	for (i = 0; i < MM_IMAGE_SECTIONS && ret == MM_SUCCESS; i++) {
		if (reqs[i].begin < reqs[i].end) {
			ret = mm_prepare(t, &u, &reqs[i]);
		}
	}
	for (i = 0; i < MM_IMAGE_SECTIONS && ret == MM_SUCCESS; i++) {
		if (reqs[i].begin < reqs[i].end) {
			mm_commit(t, &u, &reqs[i]);
		}
	}
	mm_update_fini(t, &u);
	return ret;
}
