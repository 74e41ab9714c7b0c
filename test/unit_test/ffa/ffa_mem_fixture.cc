/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "ffa_mem_fixture.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace
{

constexpr uint16_t kSps[3] = { kSp1, kSp2, kSp3 };
constexpr size_t kBuckets = 4096 / sizeof(struct mem_share *);

/** Identity-maps pages in `pp`'s secure or NS tree, as the loader does. */
void map_s2(struct partition *pp, bool ns, uint64_t base, uint64_t pages,
	    uint32_t mode, struct mpool *pool)
{
	struct mm_ptable *t = ns ? &pp->s2.ns : &pp->s2.secure;
	struct mm_ptable_locked l = mm_ptable_lock(t);

	ASSERT_EQ(mm_identity_map(l, pa_init(base),
				  pa_init(base + pages * 4096),
				  mode | (ns ? MM_MODE_NS : 0), pool),
		  MM_SUCCESS);
	mm_ptable_unlock(&l);
}

void add_region(manifest_partition *m, uint64_t base, uint32_t pages,
		uint32_t attributes)
{
	manifest_mem_region *r = &m->mem_regions[m->mem_region_count++];

	r->base = base;
	r->pages_count = pages;
	r->attributes = attributes;
}

uint32_t region_mode(uint32_t a)
{
	return ((a & MANIFEST_REGION_R) != 0 ? MM_MODE_R : 0) |
	       ((a & MANIFEST_REGION_W) != 0 ? MM_MODE_W : 0) |
	       ((a & MANIFEST_REGION_X) != 0 ? MM_MODE_X : 0);
}

} /* namespace */

PoolLimit::PoolLimit(struct mpool *pool, size_t k) : pool_(pool)
{
	void *p;

	while ((p = mpool_alloc(pool)) != nullptr) {
		held_.push_back((uintptr_t)p);
	}
	std::sort(held_.begin(), held_.end());
	if (k == 0) {
		return;
	}
	size_t start = 0;
	for (size_t i = 0; i < held_.size(); i++) {
		if (i > 0 && held_[i] != held_[i - 1] + 4096) {
			start = i;
		}
		if (i - start + 1 == k) {
			mpool_add_chunk(pool, (void *)held_[start], k * 4096);
			held_.erase(held_.begin() + (long)start,
				    held_.begin() + (long)i + 1);
			return;
		}
	}
	ADD_FAILURE() << "no run of " << k << " free pages";
}

PoolLimit::~PoolLimit()
{
	size_t i = 0;

	while (i < held_.size()) {
		size_t j = i + 1;

		while (j < held_.size() && held_[j] == held_[j - 1] + 4096) {
			j++;
		}
		mpool_add_chunk(pool_, (void *)held_[i], (j - i) * 4096);
		i = j;
	}
}

void FfaMemTest::SetUp()
{
	FfaTest::SetUp();
	if (HasFatalFailure()) {
		return;
	}
	mm_enable_locks();
	mpool_mem_ = static_cast<uint8_t *>(
	    std::aligned_alloc(4096, kMemPoolPages * 4096));
	mpool_init(&mpool_, 4096);
	ASSERT_TRUE(mpool_add_chunk(&mpool_, mpool_mem_, kMemPoolPages * 4096));

	/* SP1: RO and RW-NX secure regions, a device page, a 2 MiB block. */
	add_region(&mp_[0], at(kRoOffset), kRegionPages, MANIFEST_REGION_R);
	add_region(&mp_[0], at(kNxOffset), kRegionPages,
		   MANIFEST_REGION_R | MANIFEST_REGION_W);
	add_region(&mp_[0], at(kBigOffset), 512,
		   MANIFEST_REGION_R | MANIFEST_REGION_W | MANIFEST_REGION_X);
	mp_[0].dev_regions[0].base = at(kDevOffset);
	mp_[0].dev_regions[0].pages_count = 1;
	mp_[0].dev_regions[0].attributes =
	    MANIFEST_REGION_R | MANIFEST_REGION_W;
	mp_[0].dev_region_count = 1;

	for (uint32_t i = 0; i < 3; i++) {
		struct partition *pp = p(kSps[i]);
		const manifest_partition *m = pp->manifest;

		pp->vmid = (uint16_t)(i + 1);
		ASSERT_EQ(mm_stage2_init(&pp->s2, pp->vmid, &mpool_),
			  MM_SUCCESS);
		map_s2(pp, false, pp->vm->load_address, kPartitionMem / 4096,
		       kRWX | kOwnEx, &mpool_);
		for (uint32_t r = 0; r < m->mem_region_count; r++) {
			const manifest_mem_region *g = &m->mem_regions[r];
			bool ns = (g->attributes & MANIFEST_REGION_NS) != 0;

			map_s2(pp, ns, g->base, g->pages_count,
			       region_mode(g->attributes) | (ns ? 0 : kOwnEx),
			       &mpool_);
		}
		for (uint32_t r = 0; r < m->dev_region_count; r++) {
			const manifest_dev_region *g = &m->dev_regions[r];

			map_s2(pp, false, g->base, g->pages_count,
			       region_mode(g->attributes & ~MANIFEST_REGION_X) |
				   MM_MODE_D,
			       &mpool_);
		}
	}

	cfg_.range_count[MANIFEST_MEM_NS] = 1;
	cfg_.ranges[MANIFEST_MEM_NS][0] = { at(kNwdOffset),
					    at(kNwdOffset + kNwdSize) };
	struct granule_el3_ops ops = el3_.ops();
	ASSERT_TRUE(ffa_mem_init(&cfg_, &mpool_, &ops,
				 GRANULE_POLICY_CONTINUE_NS, 0x5EEDULL));

	nwd_version(FFA_VERSION_1_2);
	map_nwd_buffers();
	for (uint16_t id : kSps) {
		ffa_value r =
		    call(id, make(FFA_RXTX_MAP_64, tx_of(id), rx_of(id), 1));
		ASSERT_FFA_SUCCESS(r);
	}
}

void FfaMemTest::TearDown()
{
	ffa_mem_fini();
	if (mpool_mem_ != nullptr) {
		for (uint16_t id : kSps) {
			struct partition *pp = p(id);

			if (pp != nullptr && pa_addr(pp->s2.secure.root) != 0) {
				mm_stage2_fini(&pp->s2, &mpool_);
			}
		}
		EXPECT_EQ(mpool_count(&mpool_), kMemPoolPages)
		    << "pool pages leaked";
		std::free(mpool_mem_);
	}
	FfaTest::TearDown();
}

uint64_t FfaMemTest::tx_of(uint16_t who)
{
	return who == kNwd ? nwd_tx_ : sp_mem(who, kSpTxPage);
}

uint64_t FfaMemTest::rx_of(uint16_t who)
{
	return who == kNwd ? nwd_rx_ : sp_mem(who, kSpTxPage + 1);
}

ffa_value FfaMemTest::call(uint16_t who, const ffa_value &in)
{
	if (who == kNwd) {
		nwd_call(in);
		return nwd();
	}
	struct vcpu *vc = v(who);
	sp_call(vc, in);
	return regs(vc);
}

uint16_t FfaMemTest::attr_for(uint32_t fid, size_t receivers)
{
	uint32_t f = fid & 0xFFU;

	if (f == (FFA_MEM_DONATE_32 & 0xFFU) ||
	    (f == (FFA_MEM_LEND_32 & 0xFFU) && receivers == 1)) {
		return MEM_ATTR_NOT_SPECIFIED;
	}
	return MEM_ATTR_NORMAL_WB_IS;
}

mem_build FfaMemTest::desc(uint16_t sender, std::vector<Recv> recv,
			   const std::vector<ffa_mem_constituent> &cons,
			   uint16_t attributes, uint32_t flags, uint64_t tag)
{
	mem_build b{};

	b.layout = FFA_VERSION_1_2;
	b.sender = sender;
	b.attributes = attributes;
	b.flags = flags;
	b.tag = tag;
	b.receiver_count = (uint32_t)recv.size();
	for (size_t i = 0; i < recv.size(); i++) {
		b.receivers[i] = { recv[i].id, recv[i].perm, 0 };
	}
	b.constituents = cons.data();
	b.constituent_count = (uint32_t)cons.size();
	return b;
}

std::vector<uint8_t> FfaMemTest::bytes(const mem_build &b)
{
	std::vector<uint8_t> d(1 << 20);
	uint32_t n = mem_build_send(d.data(), (uint32_t)d.size(), &b);

	EXPECT_NE(n, 0U);
	d.resize(n);
	return d;
}

void FfaMemTest::put_tx(uint16_t who, const void *buf, size_t len)
{
	ASSERT_LE(len, 4096U);
	memcpy(reinterpret_cast<void *>(tx_of(who)), buf, len);
}

ffa_value FfaMemTest::send_first(uint16_t who, uint32_t fid,
				 const std::vector<uint8_t> &d, uint32_t frag)
{
	put_tx(who, d.data(), std::min<size_t>(frag, d.size()));
	return call(who, make(fid, d.size(), frag));
}

ffa_value FfaMemTest::frag_tx(uint16_t who, uint64_t handle,
			      const std::vector<uint8_t> &d, uint32_t off,
			      uint32_t len)
{
	put_tx(who, d.data() + off, len);
	return call(who, make(FFA_MEM_FRAG_TX_32, (uint32_t)handle,
			      (uint32_t)(handle >> 32), len));
}

ffa_value FfaMemTest::send(uint16_t who, uint32_t fid, const mem_build &b)
{
	std::vector<uint8_t> d = bytes(b);
	uint32_t size = (uint32_t)d.size();

	if (size <= 4096) {
		return send_first(who, fid, d, size);
	}
	uint32_t hdr = size - b.constituent_count * 16;
	uint32_t off = hdr + (4096 - hdr) / 16 * 16;
	ffa_value r = send_first(who, fid, d, off);
	while ((uint32_t)r.x[0] == FFA_MEM_FRAG_RX_32) {
		EXPECT_EQ((uint32_t)r.x[3], off);
		uint32_t len = std::min<uint32_t>(4096, size - off);
		r = frag_tx(who, frag_handle(r), d, off, len);
		off += len;
	}
	return r;
}

uint64_t FfaMemTest::send_ok(uint16_t who, uint32_t fid, const mem_build &b)
{
	ffa_value r = send(who, fid, b);

	EXPECT_EQ((uint32_t)r.x[0], FFA_SUCCESS_32)
	    << "error " << (int32_t)r.x[2];
	return handle_of(r);
}

mem_build FfaMemTest::request(const mem_build &sent, uint64_t handle,
			      uint32_t fid, uint8_t perm, uint32_t flags)
{
	mem_build r{};
	uint32_t f = fid & 0xFFU;
	uint32_t type =
	    f == (FFA_MEM_SHARE_32 & 0xFFU)  ? FFA_MEM_FLAG_TYPE_SHARE
	    : f == (FFA_MEM_LEND_32 & 0xFFU) ? FFA_MEM_FLAG_TYPE_LEND
					     : FFA_MEM_FLAG_TYPE_DONATE;

	/* retrieve() lowers it to the caller's version. */
	r.layout = FFA_VERSION_1_2;
	r.sender = sent.sender;
	r.handle = handle;
	r.tag = sent.tag;
	r.flags = flags | MEM_FLAG_TYPE(type);
	r.receiver_count = sent.receiver_count;
	for (uint32_t i = 0; i < sent.receiver_count; i++) {
		r.receivers[i] = { sent.receivers[i].id, perm, 0 };
	}
	return r;
}

uint32_t FfaMemTest::version_of(uint16_t who)
{
	return who == kNwd ? nwd_endpoint()->ffa_version : p(who)->ffa_version;
}

ffa_value FfaMemTest::retrieve(uint16_t who, const mem_build &req)
{
	uint8_t buf[4096];
	mem_build b = req;

	/* Requests in the caller's layout unless the test chose one. */
	b.layout = std::min(b.layout, version_of(who));
	uint32_t n = mem_build_retrieve(buf, sizeof(buf), &b);

	EXPECT_NE(n, 0U);
	put_tx(who, buf, n);
	return call(who, make(FFA_MEM_RETRIEVE_REQ_64, n, n));
}

void FfaMemTest::retrieve_ok(uint16_t who, const mem_build &sent,
			     uint64_t handle, uint32_t fid, uint8_t perm)
{
	ffa_value r = retrieve(who, request(sent, handle, fid, perm));

	ASSERT_EQ((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32)
	    << "error " << (int32_t)r.x[2];
	ASSERT_EQ(r.x[1], r.x[2]);
	ASSERT_FFA_SUCCESS(rx_release(who));
}

ffa_value FfaMemTest::frag_rx(uint16_t who, uint64_t handle, uint32_t offset)
{
	return call(who, make(FFA_MEM_FRAG_RX_32, (uint32_t)handle,
			      (uint32_t)(handle >> 32), offset));
}

std::vector<uint8_t> FfaMemTest::collect(uint16_t who, uint64_t h,
					 const ffa_value &r, int *frags)
{
	const uint8_t *rx = rx_ptr(who);
	uint32_t total = (uint32_t)r.x[1];
	std::vector<uint8_t> out(rx, rx + (uint32_t)r.x[2]);

	*frags = 1;
	while (out.size() < total) {
		ffa_value f = frag_rx(who, h, (uint32_t)out.size());

		EXPECT_EQ((uint32_t)f.x[0], FFA_MEM_FRAG_TX_32)
		    << (int32_t)f.x[2];
		if ((uint32_t)f.x[0] != FFA_MEM_FRAG_TX_32) {
			break;
		}
		EXPECT_EQ((uint32_t)f.x[1], (uint32_t)h);
		EXPECT_EQ((uint32_t)f.x[2], (uint32_t)(h >> 32));
		EXPECT_EQ(who == kNwd ? nwd_endpoint()->mailbox.rx_owner
				      : p(who)->mailbox.rx_owner,
			  RX_OWNER_CONSUMER);
		out.insert(out.end(), rx, rx + (uint32_t)f.x[3]);
		(*frags)++;
	}
	return out;
}

ffa_value FfaMemTest::relinquish(uint16_t who, uint64_t handle, uint32_t flags)
{
	uint8_t buf[32];
	uint32_t n = mem_build_relinquish(buf, sizeof(buf), handle, flags, who);

	put_tx(who, buf, n);
	return call(who, make(FFA_MEM_RELINQUISH_32));
}

ffa_value FfaMemTest::reclaim(uint16_t who, uint64_t handle, uint32_t flags)
{
	return call(who, make(FFA_MEM_RECLAIM_32, (uint32_t)handle,
			      (uint32_t)(handle >> 32), flags));
}

ffa_value FfaMemTest::rx_release(uint16_t who)
{
	return call(who, make(FFA_RX_RELEASE_32));
}

uint32_t FfaMemTest::mode(uint16_t id, bool ns, uint64_t base, uint32_t pages)
{
	struct partition *pp = p(id);
	struct mm_ptable *t = ns ? &pp->s2.ns : &pp->s2.secure;
	struct mm_ptable_locked l = mm_ptable_lock(t);
	struct mm_mode_ret r = mm_get_mode(l, base, base + pages * 4096ULL);

	mm_ptable_unlock(&l);
	return r.status == MM_MODE_STATUS_UNIFORM ? r.mode : kMixed;
}

uint32_t FfaMemTest::mode_unlocked(uint16_t id, bool ns, uint64_t base,
				   uint32_t pages)
{
	struct partition *pp = p(id);
	struct mm_ptable_locked l = { ns ? &pp->s2.ns : &pp->s2.secure };
	struct mm_mode_ret r = mm_get_mode(l, base, base + pages * 4096ULL);

	return r.status == MM_MODE_STATUS_UNIFORM ? r.mode : kMixed;
}

struct granule_info FfaMemTest::granule(uint64_t pa)
{
	struct granule_map_locked l = granule_map_lock(&ffa_mem.granules);
	struct granule_info i = granule_get(l, pa);

	granule_map_unlock(&l);
	return i;
}

size_t FfaMemTest::store_count()
{
	struct mem_share_store_locked l = mem_share_store_lock(&ffa_mem.store);
	size_t n = mem_share_count(l);

	mem_share_store_unlock(&l);
	return n;
}

/*
 * A record's bytes, constituents and ranges. What a receiver in
 * MEM_RECV_IDLE keeps (permissions, response progress) is not state: it is
 * rewritten at the next retrieve and read nowhere before.
 */
static std::vector<uint8_t> record_bytes(const struct mem_share *s)
{
	struct mem_share copy = *s;

	for (auto &r : copy.recv) {
		if (r.state == MEM_RECV_IDLE) {
			r = mem_share_recv{};
		}
	}
	const auto *b = reinterpret_cast<const uint8_t *>(&copy);
	std::vector<uint8_t> out(b, b + sizeof(copy));
	const auto *c = reinterpret_cast<const uint8_t *>(s->desc.constituents);

	out.insert(out.end(), c,
		   c + s->desc.constituent_done *
			   sizeof(*s->desc.constituents));
	if (s->sender_nwd) {
		const auto *x = static_cast<const uint8_t *>(s->extra);
		out.insert(out.end(), x,
			   x + s->desc.constituent_done *
				   sizeof(struct granule_range));
	}
	return out;
}

MemSnap FfaMemTest::snap()
{
	MemSnap s;
	/* Page by page where the tests work; whole ranges elsewhere. */
	std::vector<std::pair<uint64_t, uint32_t>> pages, ranges;

	for (uint32_t i = 0; i < 3; i++) {
		pages.push_back({ at(kSpOffset[i]), kPartitionMem / 4096 });
	}
	pages.push_back({ at(kRoOffset), 9 });
	pages.push_back({ at(kBigOffset), 64 });
	pages.push_back({ at(kNwdOffset), 64 });
	ranges.push_back({ at(kBigOffset), 512 });
	ranges.push_back({ at(kNwdOffset), kNwdSize / 4096 });
	ranges.push_back({ at(kNwdBlockOffset), 512 });

	for (uint16_t id : kSps) {
		struct partition *pp = p(id);

		s.tables.push_back(mm_test::dump(pp->s2.secure));
		s.tables.push_back(mm_test::dump(pp->s2.ns));
		s.partition_states = s.partition_states * 8 + pp->state;
		for (bool ns : { false, true }) {
			for (auto [base, n] : pages) {
				for (uint32_t k = 0; k < n; k++) {
					s.modes.push_back(
					    mode(id, ns, base + k * 4096ULL));
				}
			}
			for (auto [base, n] : ranges) {
				s.modes.push_back(mode(id, ns, base, n));
			}
		}
	}

	struct mem_share_store_locked l = mem_share_store_lock(&ffa_mem.store);
	s.store_count = mem_share_count(l);
	for (size_t b = 0; b < kBuckets; b++) {
		for (struct mem_share *r = ffa_mem.store.buckets[b];
		     r != nullptr; r = r->next) {
			s.records[r->handle] = record_bytes(r);
		}
	}
	mem_share_store_unlock(&l);

	struct granule_map_locked gl = granule_map_lock(&ffa_mem.granules);
	for (uint64_t pa = at(kNwdOffset); pa < at(kNwdOffset + kNwdSize);
	     pa += 4096) {
		struct granule_info i = granule_get(gl, pa);
		s.granules.push_back({ i.state, i.share_count });
	}
	granule_map_unlock(&gl);
	s.gpt = el3_.gpt_;

	auto box = [&](const mailbox &m) {
		s.boxes.emplace_back(m.mapped, m.tx, m.rx, m.page_count,
				     m.rx_owner);
	};
	box(nwd_endpoint()->mailbox);
	for (uint16_t id : kSps) {
		box(p(id)->mailbox);
	}
	s.pool_free = mpool_count(&mpool_);
	return s;
}

std::string snap_diff(const MemSnap &a, const MemSnap &b)
{
	std::ostringstream o;

	for (size_t t = 0; t < a.tables.size() && t < b.tables.size(); t++) {
		if (!(a.tables[t] == b.tables[t])) {
			o << "page tables of SP" << t / 2 + 1
			  << (t % 2 ? " ns" : " secure") << " changed; ";
		}
	}
	for (size_t i = 0; i < a.modes.size() && i < b.modes.size(); i++) {
		if (a.modes[i] != b.modes[i]) {
			o << "mode #" << i << " " << std::hex << a.modes[i]
			  << " -> " << b.modes[i] << std::dec << "; ";
			break;
		}
	}
	if (a.store_count != b.store_count) {
		o << "store count " << a.store_count << " -> " << b.store_count
		  << "; ";
	}
	if (a.records != b.records) {
		o << "share records changed (" << a.records.size() << " -> "
		  << b.records.size() << "); ";
	}
	for (size_t i = 0; i < a.granules.size() && i < b.granules.size();
	     i++) {
		if (a.granules[i] != b.granules[i]) {
			o << "granule #" << i << " state "
			  << a.granules[i].first << "/" << a.granules[i].second
			  << " -> " << b.granules[i].first << "/"
			  << b.granules[i].second << "; ";
			break;
		}
	}
	if (a.gpt != b.gpt) {
		o << "GPT changed (" << a.gpt.size() << " -> " << b.gpt.size()
		  << " non-NS granules); ";
	}
	if (a.boxes != b.boxes) {
		o << "mailboxes / RX ownership changed; ";
	}
	if (a.pool_free != b.pool_free) {
		o << "pool free " << a.pool_free << " -> " << b.pool_free
		  << "; ";
	}
	if (a.partition_states != b.partition_states) {
		o << "partition states changed; ";
	}
	return o.str();
}
