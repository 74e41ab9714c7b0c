/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "spmc/partition.h"

#include <string.h>

#include "spmc/mpool.h"

#include "vmapi/spmc/ffa.h"

#include "internal.h"

/*
 * Partitions in boot order. The slots are bounded by the SPMC manifest
 * (one per /hypervisor/vmN, at most PLAT_MAX_PARTITIONS); vCPUs are
 * allocated from the page pool, as many as each manifest asks for.
 */
static struct partition partitions[PLAT_MAX_PARTITIONS];
static uint32_t count;
static struct nwd_endpoint nwd = {
	.ffa_version = FFA_VERSION_1_0,
};

#define PAGE_SIZE 4096U

uint32_t partition_count(void)
{
	return count;
}

struct partition *partition_get(uint32_t boot_index)
{
	return boot_index < count ? &partitions[boot_index] : NULL;
}

struct partition *partition_find(uint16_t id)
{
	for (uint32_t i = 0; i < count; i++) {
		if (partitions[i].id == id) {
			return &partitions[i];
		}
	}
	return NULL;
}

struct partition *partition_create(const struct manifest_partition *m,
				   const struct manifest_vm *vm,
				   uint32_t boot_index, struct mpool *ppool)
{
	struct partition *p;
	struct vcpu *vcpus;
	size_t bytes = sizeof(struct vcpu) * m->execution_ctx_count;
	size_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	if (count == PLAT_MAX_PARTITIONS || boot_index != count ||
	    m->execution_ctx_count == 0 || m->execution_ctx_count > 0xFFFF) {
		return NULL;
	}
	vcpus = mpool_alloc_contiguous(ppool, pages, 1);
	if (vcpus == NULL) {
		return NULL;
	}
	memset(vcpus, 0, pages * PAGE_SIZE);

	p = &partitions[count];
	memset(p, 0, sizeof(*p));
	p->id = m->id;
	p->vcpu_count = (uint16_t)m->execution_ctx_count;
	p->boot_index = boot_index;
	p->manifest = m;
	p->vm = vm;
	p->state = PARTITION_CREATED;
	p->ffa_version = m->ffa_version;
	sl_init(&p->lock);
	p->vcpus = vcpus;
	for (uint16_t i = 0; i < p->vcpu_count; i++) {
		vcpus[i].partition = p;
		vcpus[i].index = i;
		vcpus[i].state = VCPU_OFF;
		sl_init(&vcpus[i].lock);
	}
	count++;
	return p;
}

void partition_module_reset(void)
{
	memset(partitions, 0, sizeof(partitions));
	count = 0;
	memset(&nwd, 0, sizeof(nwd));
	nwd.ffa_version = FFA_VERSION_1_0;
}

struct vcpu *partition_vcpu_for_cpu(struct partition *p, uint32_t cpu_index)
{
	if (!partition_is_mp(p)) {
		return &p->vcpus[0];
	}
	return cpu_index < p->vcpu_count ? &p->vcpus[cpu_index] : NULL;
}

struct nwd_endpoint *nwd_endpoint(void)
{
	return &nwd;
}

void partition_destroy_last(struct partition *p, struct mpool *ppool)
{
	size_t bytes = sizeof(struct vcpu) * p->vcpu_count;
	size_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;

	if (count == 0 || p != &partitions[count - 1]) {
		return;
	}
	for (size_t i = 0; i < pages; i++) {
		mpool_free(ppool, (uint8_t *)p->vcpus + i * PAGE_SIZE);
	}
	memset(p, 0, sizeof(*p));
	count--;
}
