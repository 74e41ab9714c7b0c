/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

/**
 * Fuzzes the FF-A dispatcher with the registers of untrusted callers. The
 * input drives the SPMC's per-CPU loop on four fake CPUs: each step picks
 * a CPU and feeds whoever runs there (the normal world or a partition
 * vCPU) one call with fuzzed registers, or an exit (interrupt, fault).
 * After every step the run-time invariants are checked: each running vCPU
 * is the current one of exactly the CPU it claims, states are in range,
 * RX/TX buffers lie in the memory they were validated against.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "spmc/arch/fake.h"

#include "spmc/cpu.h"
#include "spmc/ffa_dispatch.h"
#include "spmc/granule.h"
#include "spmc/manifest.h"
#include "spmc/mm.h"
#include "spmc/mpool.h"
#include "spmc/partition.h"
#include "spmc/spmc_mm.h"

#define PAGE 4096U
#define CPUS 4U
#define PARTITIONS 3U
#define PART_PAGES 16U
#define NWD_PAGES 8U

/* Reports which invariant broke, then crashes for libFuzzer. */
#define CHECK(cond)                                                       \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "invariant failed: %s\n", #cond); \
			abort();                                          \
		}                                                         \
	} while (0)

static uint8_t heap[256 * PAGE] __attribute__((aligned(PAGE)));
/*
 * Partition and normal-world memory below 4 GiB (mmap MAP_32BIT), so its
 * host addresses fit the 40-bit IPA space of stage 2.
 */
static uint8_t (*part_mem)[PART_PAGES * PAGE];
static uint8_t *nwd_mem;
#define PART_MEM_SIZE ((size_t)PARTITIONS * PART_PAGES * PAGE)
#define NWD_MEM_SIZE ((size_t)NWD_PAGES * PAGE)
static struct manifest_spmc cfg;
static struct manifest_partition mps[PARTITIONS];
static struct manifest_vm vms[PARTITIONS];
static struct mpool pool;
static bool mm_fail;

bool spmc_mm_map_ns(const struct spmc_mm_range *ranges, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		CHECK(ranges[i].pa >= (uintptr_t)nwd_mem &&
		      ranges[i].pa + ranges[i].size <=
			  (uintptr_t)nwd_mem + NWD_MEM_SIZE);
	}
	return !mm_fail;
}

void spmc_mm_unmap_ns(const struct spmc_mm_range *ranges, uint32_t count)
{
	(void)ranges;
	(void)count;
}

/* Physical memory the harness owns: the NWd's pages and the partitions'. */
static bool pa_known(uint64_t pa, uint64_t len)
{
	uintptr_t n = (uintptr_t)nwd_mem;
	uintptr_t m = (uintptr_t)part_mem;

	if (pa + len < pa) {
		return false;
	}
	return (pa >= n && pa + len <= n + NWD_MEM_SIZE) ||
	       (pa >= m && pa + len <= m + PART_MEM_SIZE);
}

bool spmc_mm_read_pa(void *dst, uint64_t pa, size_t len, bool ns)
{
	(void)ns;
	if (!pa_known(pa, len)) {
		return false;
	}
	memcpy(dst, (const void *)(uintptr_t)pa, len);
	return true;
}

bool spmc_mm_write_pa(uint64_t pa, const void *src, size_t len, bool ns)
{
	(void)ns;
	if (!pa_known(pa, len)) {
		return false;
	}
	memcpy((void *)(uintptr_t)pa, src, len);
	return true;
}

bool spmc_mm_zero_pa(uint64_t pa, uint64_t size, bool ns)
{
	(void)ns;
	if (!pa_known(pa, size)) {
		return false;
	}
	memset((void *)(uintptr_t)pa, 0, size);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input reader: zeros once the input runs out. */
struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t in_u8(struct input *in)
{
	if (in->left == 0) {
		return 0;
	}
	in->left--;
	return *in->p++;
}

static uint64_t in_u64(struct input *in, uint8_t width)
{
	uint64_t v = 0;

	for (uint8_t i = 0; i < width; i++) {
		v |= (uint64_t)in_u8(in) << (8 * i);
	}
	return v;
}

/* FIDs worth hitting often; anything else comes raw from the input. */
static const uint32_t fids[] = {
	FFA_ERROR_32,
	FFA_VERSION_32,
	FFA_FEATURES_32,
	FFA_RX_RELEASE_32,
	FFA_RXTX_MAP_32,
	FFA_RXTX_MAP_64,
	FFA_RXTX_UNMAP_32,
	FFA_PARTITION_INFO_GET_32,
	FFA_ID_GET_32,
	FFA_MSG_WAIT_32,
	FFA_YIELD_32,
	FFA_RUN_32,
	FFA_MSG_SEND_DIRECT_REQ_32,
	FFA_MSG_SEND_DIRECT_REQ_64,
	FFA_MSG_SEND_DIRECT_RESP_32,
	FFA_MSG_SEND_DIRECT_RESP_64,
	FFA_SPM_ID_GET_32,
	FFA_SECONDARY_EP_REGISTER_64,
	FFA_CONSOLE_LOG_32,
	FFA_CONSOLE_LOG_64,
	FFA_PARTITION_INFO_GET_REGS_64,
	FFA_MSG_SEND_DIRECT_REQ2_64,
	FFA_MSG_SEND_DIRECT_RESP2_64,
	FFA_INTERRUPT_32,
	FFA_MEM_SHARE_32,
	FFA_MEM_SHARE_64,
	FFA_MEM_LEND_32,
	FFA_MEM_DONATE_32,
	FFA_MEM_RETRIEVE_REQ_32,
	FFA_MEM_RELINQUISH_32,
	FFA_MEM_RECLAIM_32,
	FFA_MEM_FRAG_RX_32,
	FFA_MEM_FRAG_TX_32,
};

#define FID_COUNT (sizeof(fids) / sizeof(fids[0]))

/* Interesting register values: endpoint IDs, addresses, versions. */
static uint64_t reg_value(struct input *in)
{
	uint8_t kind = in_u8(in);
	uint16_t ids[] = { 0, 0x8000, 0x8001, 0x8002, 0x8003, 0xFFFF };

	switch (kind & 7) {
	case 0:
		return 0;
	case 1:
		return ((uint64_t)ids[in_u8(in) % 6] << 16) |
		       ids[in_u8(in) % 6];
	case 2:
		return (uintptr_t)nwd_mem + (uint64_t)(in_u8(in) % 10) * PAGE;
	case 3:
		return (uintptr_t)part_mem[in_u8(in) % PARTITIONS] +
		       (uint64_t)(in_u8(in) % 18) * PAGE;
	case 4:
		return FFA_VERSION(1U, in_u8(in) % 5);
	case 5:
		return in_u8(in) % 4;
	default:
		return in_u64(in, 8);
	}
}

/* A fake EL3 whose PAS changes succeed, or fail where the input says. */
static uint8_t el3_mode;

static struct granule_el3_ret el3_call(void *ctx, uint64_t base, uint64_t size)
{
	(void)ctx;
	(void)base;
	switch (el3_mode & 3) {
	case 1:
		return (struct granule_el3_ret){ GRANULE_EL3_NOT_SUPPORTED, 0 };
	case 2:
		return (struct granule_el3_ret){ GRANULE_EL3_DENIED,
						 size > PAGE ? PAGE : 0 };
	default:
		return (struct granule_el3_ret){ GRANULE_EL3_SUCCESS, size };
	}
}

static struct granule_el3_ret el3_unprotect(void *ctx, uint64_t base,
					    uint64_t size)
{
	(void)ctx;
	(void)base;
	return (struct granule_el3_ret){ GRANULE_EL3_SUCCESS, size };
}

/* Stage 2 as the loader builds it: the partition's memory, owned. */
static void map_partition(struct partition *p, uint32_t i)
{
	struct mm_ptable_locked l;

	CHECK(mm_stage2_init(&p->s2, (uint16_t)(i + 1), &pool) == MM_SUCCESS);
	l = mm_ptable_lock(&p->s2.secure);
	CHECK(mm_identity_map(
		  l, pa_init((uintptr_t)part_mem[i]),
		  pa_init((uintptr_t)part_mem[i] + sizeof(part_mem[i])),
		  MM_MODE_R | MM_MODE_W | MM_MODE_X | MM_MODE_OWNED |
		      MM_MODE_EXCLUSIVE,
		  &pool) == MM_SUCCESS);
	mm_ptable_unlock(&l);
}

static void low_memory(void)
{
	void *m;

	if (nwd_mem != NULL) {
		return;
	}
	m = mmap(NULL, PART_MEM_SIZE + NWD_MEM_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	CHECK(m != MAP_FAILED);
	part_mem = m;
	nwd_mem = (uint8_t *)m + PART_MEM_SIZE;
}

static void setup(bool boot)
{
	static const uint64_t mpidr[CPUS] = { 0, 3, 2, 1 };
	static const uint32_t methods[PARTITIONS] = { 0x603, 0x201, 0x2 };
	static const uint32_t vcpus[PARTITIONS] = { 1, 4, 1 };

	low_memory();
	partition_module_reset();
	cpu_module_init(mpidr, CPUS);
	memset(&cfg, 0, sizeof(cfg));
	cfg.attr.spmc_id = 0x8000;
	cfg.range_count[MANIFEST_MEM_NS] = 1;
	cfg.ranges[MANIFEST_MEM_NS][0].base = (uintptr_t)nwd_mem;
	cfg.ranges[MANIFEST_MEM_NS][0].end = (uintptr_t)nwd_mem + NWD_MEM_SIZE;
	ffa_init(&cfg);
	mpool_init(&pool, PAGE);
	mpool_add_chunk(&pool, heap, sizeof(heap));
	{
		struct granule_el3_ops el3 = { el3_call, el3_unprotect, NULL };

		CHECK(ffa_mem_init(&cfg, &pool, &el3,
				   GRANULE_POLICY_CONTINUE_NS, 0x5eed));
	}
	for (uint32_t i = 0; i < PARTITIONS; i++) {
		struct manifest_partition *m = &mps[i];
		struct partition *p;

		memset(m, 0, sizeof(*m));
		memset(&vms[i], 0, sizeof(vms[i]));
		m->vm_index = i;
		m->id = (uint16_t)(0x8001 + i);
		m->ffa_version = i == 2 ? FFA_VERSION_1_1 : FFA_VERSION_1_2;
		m->uuid_count = 1;
		m->uuids[0].w[0] = 0x1000 * (i + 1);
		m->messaging_method = methods[i];
		m->uuid_messaging[0] = methods[i];
		m->execution_ctx_count = vcpus[i];
		m->exception_level = MANIFEST_S_EL1;
		m->power_management_messages = MANIFEST_PM_CPU_OFF;
		vms[i].load_address = (uintptr_t)part_mem[i];
		vms[i].mem_size = sizeof(part_mem[i]);
		p = partition_create(m, &vms[i], i, &pool);
		CHECK(p != NULL);
		map_partition(p, i);
		p->entry = vms[i].load_address;
		p->state = boot ? PARTITION_CREATED : PARTITION_READY;
		for (uint16_t j = 0; j < p->vcpu_count; j++) {
			p->vcpus[j].state = boot ? VCPU_OFF : VCPU_WAITING;
		}
	}
}

static void check_invariants(struct vcpu *const *cur)
{
	for (uint32_t i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);

		CHECK((unsigned)p->state <= PARTITION_ABORTED);
		CHECK(!p->mailbox.mapped ||
		      (p->mailbox.rx >= vms[i].load_address &&
		       p->mailbox.rx < vms[i].load_address + vms[i].mem_size));
		for (uint16_t j = 0; j < p->vcpu_count; j++) {
			struct vcpu *v = &p->vcpus[j];
			uint32_t running_on = 0;

			CHECK((unsigned)v->state <= VCPU_ABORTED);
			for (uint32_t k = 0; k < CPUS; k++) {
				running_on += cur[k] == v ? 1 : 0;
			}
			CHECK(running_on <= 1);
			CHECK((running_on == 1) == (v->state == VCPU_RUNNING));
		}
	}
	for (uint32_t k = 0; k < CPUS; k++) {
		CHECK(cur[k] == NULL || cur[k]->cpu == cpu_get(k));
	}
}

static void step(struct input *in, struct vcpu **cur)
{
	uint8_t sel = in_u8(in);
	uint32_t k = sel % CPUS;
	struct cpu *c = cpu_get(k);
	struct ffa_value v = { 0 };
	uint8_t f = in_u8(in);
	uint8_t nregs = in_u8(in) % FFA_VALUE_REGS;

	fake_cpu_set_index(k);
	mm_fail = (sel & 0x80) != 0;
	if ((sel & 0x70) == 0x60) {
		/* Write input bytes into a buffer: descriptors to send. */
		uint8_t *dst =
		    (f & 1) != 0 ? nwd_mem : part_mem[f % PARTITIONS];
		size_t cap = (f & 1) != 0 ? NWD_MEM_SIZE : PART_PAGES * PAGE;
		size_t off = (size_t)(in_u64(in, 2) * 8) % cap;
		size_t n = nregs * 8U;

		for (size_t i = 0; i < n && off + i < cap; i++) {
			dst[off + i] = in_u8(in);
		}
		el3_mode = (uint8_t)(f >> 4);
		return;
	}
	v.x[0] = f < 0xE0 ? fids[f % FID_COUNT] : (uint32_t)in_u64(in, 4);
	for (uint8_t i = 1; i <= nregs; i++) {
		v.x[i] = reg_value(in);
	}
	if (getenv("FFA_FUZZ_TRACE") != NULL) {
		fprintf(stderr, "cpu%u %s fid=%#lx x1=%#lx x2=%#lx x3=%#lx\n",
			k, cur[k] == NULL ? "nwd" : "sp", (unsigned long)v.x[0],
			(unsigned long)v.x[1], (unsigned long)v.x[2],
			(unsigned long)v.x[3]);
	}
	if (cur[k] == NULL) {
		c->nwd = v;
		cur[k] = ffa_handle_nwd(c);
	} else if ((sel & 0x70) == 0x70) {
		struct arch_exit e = { 0 };

		e.reason =
		    (sel & 8) != 0 ? ARCH_EXIT_NS_INTERRUPT : ARCH_EXIT_FAULT;
		cur[k] = ffa_handle_vcpu_exit(c, cur[k], &e);
	} else {
		*vcpu_ffa(cur[k]) = v;
		cur[k] = ffa_handle_vcpu_call(c, cur[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct vcpu *cur[CPUS] = { 0 };
	bool boot = (in_u8(&in) & 1) != 0;
	char sink[256];

	setup(boot);
	if (boot) {
		fake_cpu_set_index(0);
		cur[0] = ffa_boot_start(cpu_get(0));
	}
	for (uint32_t n = 0; in.left > 0 && n < 64; n++) {
		step(&in, cur);
		check_invariants(cur);
	}
	while (fake_console_take(sink, sizeof(sink)) > 0) {
	}
	ffa_mem_fini();
	return 0;
}
