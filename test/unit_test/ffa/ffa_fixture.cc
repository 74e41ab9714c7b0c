/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "ffa_fixture.h"

#include <cstdlib>
#include <sys/mman.h>

MmDouble mm_double;

extern "C" bool spmc_mm_map_ns(const struct spmc_mm_range *ranges,
			       uint32_t count)
{
	if (mm_double.fail) {
		return false;
	}
	mm_double.maps++;
	for (uint32_t i = 0; i < count; i++) {
		mm_double.mapped.push_back(ranges[i]);
	}
	return true;
}

extern "C" void spmc_mm_unmap_ns(const struct spmc_mm_range *ranges,
				 uint32_t count)
{
	(void)ranges;
	(void)count;
	mm_double.unmaps++;
}

/*
 * Physical memory in host tests is host memory: PA == pointer. Accesses
 * fail where the double is told to, or outside the ranges it was given.
 */
static bool pa_known(uint64_t pa, uint64_t len)
{
	if (mm_double.pa_accesses++ == mm_double.pa_fail_at) {
		return false;
	}
	if (pa + len < pa || mm_double.pa_fail) {
		return false;
	}
	for (const auto &r : mm_double.pa_ranges) {
		if (pa >= r.first && pa + len <= r.second) {
			return true;
		}
	}
	return false;
}

extern "C" bool spmc_mm_read_pa(void *dst, uint64_t pa, size_t len, bool ns)
{
	mm_double.last_read_ns = ns ? 1 : 0;
	if (!pa_known(pa, len)) {
		return false;
	}
	memcpy(dst, (const void *)(uintptr_t)pa, len);
	return true;
}

extern "C" bool spmc_mm_write_pa(uint64_t pa, const void *src, size_t len,
				 bool ns)
{
	mm_double.last_write_ns = ns ? 1 : 0;
	if (!pa_known(pa, len)) {
		return false;
	}
	memcpy((void *)(uintptr_t)pa, src, len);
	return true;
}

extern "C" bool spmc_mm_zero_pa(uint64_t pa, uint64_t size, bool ns)
{
	(void)ns;
	if (!pa_known(pa, size)) {
		return false;
	}
	if (mm_double.on_zero) {
		mm_double.on_zero(pa, size);
	}
	mm_double.zeroed += size;
	memset((void *)(uintptr_t)pa, 0, size);
	return true;
}

static constexpr size_t kHeapPages = 64;

static void make_partition(manifest_partition *m, manifest_vm *vm, uint16_t id,
			   uint32_t vcpus, uint32_t version, uint32_t methods,
			   uint32_t uuid_seed, uint8_t *mem, uint32_t index)
{
	m->vm_index = index;
	m->id = id;
	m->ffa_version = version;
	m->uuid_count = 1;
	m->uuids[0] = { { uuid_seed, uuid_seed + 1, uuid_seed + 2,
			  uuid_seed + 3 } };
	m->messaging_method = methods;
	m->uuid_messaging[0] = methods;
	m->execution_ctx_count = vcpus;
	m->exception_level = MANIFEST_S_EL1;
	vm->index = index + 1;
	snprintf(vm->debug_name, sizeof(vm->debug_name), "sp%u", index + 1);
	vm->load_address = (uintptr_t)mem;
	vm->mem_size = kPartitionMem;
	vm->vcpu_count = (uint16_t)vcpus;
}

void FfaTest::SetUp()
{
	static const uint64_t mpidr[4] = { 0, 3, 2, 1 };

	mm_double = MmDouble();
	fake_cpu_set_index(0);
	partition_module_reset();
	cpu_module_init(mpidr, 4);

	cfg_.attr.spmc_id = 0x8000;
	cfg_.range_count[MANIFEST_MEM_NS] = 1;
	cfg_.ranges[MANIFEST_MEM_NS][0] = { 0x1000, UINT64_MAX / 2 };
	ffa_init(&cfg_);

	heap_ =
	    static_cast<uint8_t *>(std::aligned_alloc(4096, kHeapPages * 4096));
	mpool_init(&pool_, 4096);
	mpool_add_chunk(&pool_, heap_, kHeapPages * 4096);

	/* Zero-filled, low, 2 MiB-aligned host memory (see ffa_fixture.h). */
	map_size_ = kArenaSize + (2 << 20);
	map_ = mmap(nullptr, map_size_, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_NORESERVE, -1,
		    0);
	ASSERT_NE(map_, MAP_FAILED);
	uintptr_t a =
	    ((uintptr_t)map_ + (2 << 20) - 1) & ~(uintptr_t)((2 << 20) - 1);
	arena_ = reinterpret_cast<uint8_t *>(a);
	for (size_t i = 0; i < 3; i++) {
		mem_[i] = arena_ + kSpOffset[i];
	}
	nwd_buf_ = arena_ + kNwdOffset;
	nwd_tx_ = (uintptr_t)nwd_buf_;
	nwd_rx_ = nwd_tx_ + 4096;
	mm_double.pa_ranges.push_back({ a, a + kArenaSize });

	make_partition(&mp_[0], &vm_[0], kSp1, 1, FFA_VERSION_1_2,
		       FFA_MSG_DIRECT_REQ_RECV | FFA_MSG_DIRECT_REQ_SEND |
			   FFA_MSG_DIRECT_REQ2_RECV | FFA_MSG_DIRECT_REQ2_SEND,
		       0x1000, mem_[0], 0);
	make_partition(&mp_[1], &vm_[1], kSp2, 4, FFA_VERSION_1_2,
		       FFA_MSG_DIRECT_REQ_RECV | FFA_MSG_DIRECT_REQ2_RECV,
		       0x2000, mem_[1], 1);
	mp_[1].power_management_messages = MANIFEST_PM_CPU_OFF;
	make_partition(&mp_[2], &vm_[2], kSp3, 1, FFA_VERSION_1_1,
		       FFA_MSG_DIRECT_REQ_SEND, 0x3000, mem_[2], 2);
	for (uint32_t i = 0; i < 3; i++) {
		struct partition *pp =
		    partition_create(&mp_[i], &vm_[i], i, &pool_);

		ASSERT_NE(pp, nullptr);
		pp->state = PARTITION_READY;
		pp->entry = vm_[i].load_address;
		for (uint16_t j = 0; j < pp->vcpu_count; j++) {
			pp->vcpus[j].state = VCPU_WAITING;
			pp->vcpus[j].cpu = nullptr;
			for (uint32_t k = 0; k < cpu_count(); k++) {
				if (cpu_get(k)->vcpu_index == j) {
					pp->vcpus[j].cpu = cpu_get(k);
				}
			}
		}
	}
	char sink[64];
	fake_console_take(sink, sizeof(sink));
}

void FfaTest::TearDown()
{
	partition_module_reset();
	std::free(heap_);
	if (map_ != nullptr && map_ != MAP_FAILED) {
		munmap(map_, map_size_);
	}
}

ffa_value FfaTest::make(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
			uint64_t x4, uint64_t x5, uint64_t x6, uint64_t x7)
{
	ffa_value v{};

	v.x[0] = x0;
	v.x[1] = x1;
	v.x[2] = x2;
	v.x[3] = x3;
	v.x[4] = x4;
	v.x[5] = x5;
	v.x[6] = x6;
	v.x[7] = x7;
	return v;
}

struct vcpu *FfaTest::nwd_call(const ffa_value &in, uint32_t cpu)
{
	struct cpu *c = cpu_get(cpu);

	fake_cpu_set_index(cpu);
	c->nwd = in;
	return ffa_handle_nwd(c);
}

struct vcpu *FfaTest::sp_call(struct vcpu *vc, const ffa_value &in)
{
	struct cpu *c = vc->cpu != nullptr ? vc->cpu : cpu_get(0);

	fake_cpu_set_index(c->index);
	vc->state = VCPU_RUNNING;
	*vcpu_ffa(vc) = in;
	return ffa_handle_vcpu_call(c, vc);
}

void FfaTest::nwd_version(uint32_t version)
{
	ffa_value req =
	    make(FFA_MSG_SEND_DIRECT_REQ_32, ffa_msg_ids(FFA_ID_SPMD, 0x8000),
		 FFA_FWK_MSG_BIT | FFA_FWK_VERSION_REQ, version);

	ASSERT_EQ(nwd_call(req), nullptr);
	ASSERT_EQ((uint32_t)nwd().x[0], FFA_MSG_SEND_DIRECT_RESP_32);
}

void FfaTest::map_nwd_buffers()
{
	ASSERT_EQ(nwd_call(make(FFA_RXTX_MAP_64, nwd_tx_, nwd_rx_, 1)),
		  nullptr);
	ASSERT_EQ((uint32_t)nwd().x[0], FFA_SUCCESS_32);
}
