/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include "client.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmapi/spmc/ffa.h"

#include "demo.h"
#include "driver/console.h"
#include "driver/ffa.h"
#include "driver/nwd.h"

/*
 * The demo's normal-world client (BL33 at NS-EL2 on CPU 0): negotiates the
 * FF-A version, maps its RX/TX buffers, lists the secure partitions,
 * exchanges every kind of direct message with each of them, then messages
 * the MP partition from every other CPU (client_cpus.c). Its output goes to
 * UART0; the driver powers the system off when `nwd_main` returns.
 */

/* The partitions discovery found. */
static struct ffa_partition_info client_parts[CLIENT_MAX_PARTITIONS];
static uint32_t client_part_count;

/* Direct messages answered as expected, for the final line. */
static uint32_t client_messages;

/* FF-A version `v` as "major.minor" on the console. */
static void client_print_version(const char *what, uint32_t v)
{
	nwd_printf("%s v%u.%u", what, v >> FFA_VERSION_MAJOR_SHIFT,
		   v & FFA_VERSION_MINOR_MASK);
}

/* Step 1: FFA_VERSION, FFA_ID_GET, FFA_RXTX_MAP. */
static bool client_setup(void)
{
	struct nwd_version_ret version = nwd_ffa_version(FFA_VERSION_1_2);
	int32_t err;

	if (version.error != 0) {
		nwd_printf("demo: FFA_VERSION failed (%d)\n", version.error);
		return false;
	}
	client_print_version("demo: FF-A version: asked for", FFA_VERSION_1_2);
	client_print_version(", the SPMC implements", version.version);
	nwd_printf("\n");
	err = nwd_rxtx_map();
	if (err != 0) {
		nwd_printf("demo: FFA_RXTX_MAP failed (%d)\n", err);
		return false;
	}
	nwd_printf("demo: endpoint ID 0x%04x, RX/TX buffers mapped at %p/%p "
		   "(%u page each)\n",
		   nwd_ffa_id(), nwd_rx_buffer(), nwd_tx_buffer(),
		   NWD_RXTX_PAGES);
	return true;
}

/*
 * A UUID in its RFC 4122 text form, the string the FIP and the manifests
 * use: the little-endian byte image of the register words.
 */
static void client_print_uuid(const struct ffa_uuid *uuid)
{
	uint8_t b[16];
	size_t i;

	for (i = 0; i < sizeof(b); i++) {
		b[i] = (uint8_t)(uuid->w[i / 4] >> (8 * (i % 4)));
	}
	nwd_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		   "%02x%02x%02x%02x%02x%02x",
		   b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		   b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* The properties word, decoded (FF-A v1.3 Table 6.2). */
static void client_print_properties(uint32_t props)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ FFA_PROP_DIRECT_REQ_RECV, "req-recv" },
		{ FFA_PROP_DIRECT_REQ_SEND, "req-send" },
		{ FFA_PROP_DIRECT_REQ2_RECV, "req2-recv" },
		{ FFA_PROP_DIRECT_REQ2_SEND, "req2-send" },
		{ FFA_PROP_INDIRECT_MSG, "indirect" },
		{ FFA_PROP_NOTIFICATIONS, "notifications" },
		{ FFA_PROP_AARCH64, "aarch64" },
	};
	size_t i;

	nwd_printf("0x%03x", props);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((props & names[i].bit) != 0) {
			nwd_printf(" %s", names[i].name);
		}
	}
}

/* Step 2: FFA_PARTITION_INFO_GET (all partitions) and the table. */
static bool client_discover(void)
{
	/* The null UUID asks for every partition. */
	const struct ffa_uuid all = { 0 };
	struct nwd_pinfo_ret pinfo =
	    nwd_partition_info_get(&all, client_parts, CLIENT_MAX_PARTITIONS);
	uint32_t i;

	if (pinfo.error != 0 || pinfo.count == 0) {
		nwd_printf("demo: FFA_PARTITION_INFO_GET failed (%d, %u "
			   "partitions)\n",
			   pinfo.error, pinfo.count);
		return false;
	}
	if (pinfo.count > CLIENT_MAX_PARTITIONS) {
		nwd_printf("demo: %u partitions, showing the first %u\n",
			   pinfo.count, CLIENT_MAX_PARTITIONS);
		pinfo.count = CLIENT_MAX_PARTITIONS;
	}
	client_part_count = pinfo.count;
	nwd_printf("demo: %u secure partitions (FFA_PARTITION_INFO_GET):\n",
		   client_part_count);
	nwd_printf("demo:   ID      vCPUs  UUID                              "
		   "    properties\n");
	for (i = 0; i < client_part_count; i++) {
		const struct ffa_partition_info *p = &client_parts[i];

		nwd_printf("demo:   0x%04x  %5u  ", p->id, p->exec_ctx_count);
		client_print_uuid(&p->uuid);
		nwd_printf("  ");
		client_print_properties(p->properties);
		nwd_printf("\n");
	}
	return true;
}

/** Whether `ret` is the demo echo (demo.h) of a REQ_32/REQ_64 `args`. */
bool client_check_echo(const struct ffa_value *ret, uint32_t resp_fid,
		       uint16_t sp, const struct ffa_direct_args *args,
		       uint32_t vcpu)
{
	size_t i;

	if (ffa_fid(ret) != resp_fid || ffa_msg_src(ret) != sp ||
	    ret->x[3] != vcpu) {
		return false;
	}
	for (i = 1; i < FFA_DIRECT_MSG_ARGS; i++) {
		uint64_t want = args->x[i] + DEMO_ECHO_INCREMENT;

		if (resp_fid == FFA_MSG_SEND_DIRECT_RESP_32) {
			want = (uint32_t)want;
		}
		if (ret->x[3 + i] != want) {
			return false;
		}
	}
	return true;
}

/* Whether `ret` is the demo echo of REQ2 `args`. */
static bool client_check_echo2(const struct ffa_value *ret, uint16_t sp,
			       const struct ffa_direct2_args *args)
{
	size_t i;

	if (ffa_fid(ret) != FFA_MSG_SEND_DIRECT_RESP2_64 ||
	    ffa_msg_src(ret) != sp || ret->x[4] != 0) {
		return false;
	}
	for (i = 1; i < FFA_DIRECT_MSG2_ARGS; i++) {
		if (ret->x[4 + i] != args->x[i] + DEMO_ECHO_INCREMENT) {
			return false;
		}
	}
	return true;
}

/** Prints the outcome of a direct request (client.h). */
bool client_report(uint32_t cpu, const char *what, uint16_t sp,
		   const struct ffa_value *ret, bool ok)
{
	uint64_t vcpu = ffa_fid(ret) == FFA_MSG_SEND_DIRECT_RESP2_64
			    ? ret->x[4]
			    : ret->x[3];

	if (ok) {
		client_messages++;
		nwd_printf("demo:   CPU %u: %-13s -> 0x%04x: answered by vCPU "
			   "%lu, payload + %u\n",
			   cpu, what, sp, vcpu, DEMO_ECHO_INCREMENT);
		return true;
	}
	nwd_printf("demo:   CPU %u: %-13s -> 0x%04x: wrong answer, x0-x4 0x%lx "
		   "0x%lx 0x%lx 0x%lx 0x%lx\n",
		   cpu, what, sp, ret->x[0], ret->x[1], ret->x[2], ret->x[3],
		   ret->x[4]);
	return false;
}

/* Step 3: REQ_32, REQ_64 and (if it takes them) REQ2 to partition `p`. */
static bool client_exchange(const struct ffa_partition_info *p)
{
	struct ffa_direct_args args = { .x = { 0, 0x10, 0x20, 0x30, 0x40 } };
	struct ffa_direct2_args args2 = { 0 };
	struct ffa_value ret;
	bool ok = true;
	size_t i;

	ret = nwd_direct_req_32(p->id, &args);
	ok &= client_report(0, "DIRECT_REQ_32", p->id, &ret,
			    client_check_echo(&ret, FFA_MSG_SEND_DIRECT_RESP_32,
					      p->id, &args, 0));
	/* A value that needs the 64-bit form. */
	args.x[4] = 0x4000000000ULL;
	ret = nwd_direct_req_64(p->id, &args);
	ok &= client_report(0, "DIRECT_REQ_64", p->id, &ret,
			    client_check_echo(&ret, FFA_MSG_SEND_DIRECT_RESP_64,
					      p->id, &args, 0));
	if ((p->properties & FFA_PROP_DIRECT_REQ2_RECV) == 0) {
		nwd_printf("demo:   0x%04x takes no DIRECT_REQ2\n", p->id);
		return ok;
	}
	for (i = 1; i < FFA_DIRECT_MSG2_ARGS; i++) {
		args2.x[i] = 0x100 * i;
	}
	ret = nwd_direct_req2(p->id, &p->uuid, &args2);
	ok &= client_report(0, "DIRECT_REQ2", p->id, &ret,
			    client_check_echo2(&ret, p->id, &args2));
	return ok;
}

/*
 * The MP partition the secondary CPUs talk to: the first with a vCPU for
 * every CPU the demo starts.
 */
static const struct ffa_partition_info *client_mp_partition(void)
{
	uint32_t i;

	for (i = 0; i < client_part_count; i++) {
		if (client_parts[i].exec_ctx_count >= CLIENT_CPUS &&
		    (client_parts[i].properties & FFA_PROP_DIRECT_REQ_RECV) !=
			0) {
			return &client_parts[i];
		}
	}
	return NULL;
}

/** The demo, on CPU 0. */
int nwd_main(void)
{
	const struct ffa_partition_info *mp;
	bool ok = true;
	uint32_t i;

	nwd_printf("demo: normal-world client at NS-EL2 on CPU 0\n");
	if (!client_setup() || !client_discover()) {
		return 1;
	}
	nwd_printf("demo: direct messages from CPU 0:\n");
	for (i = 0; i < client_part_count; i++) {
		ok &= client_exchange(&client_parts[i]);
	}
	mp = client_mp_partition();
	if (mp == NULL) {
		nwd_printf("demo: no MP partition with %u vCPUs\n",
			   CLIENT_CPUS);
		return 1;
	}
	ok &= client_secondaries(mp->id);
	if (!ok) {
		nwd_printf("demo: FAILED (see above)\n");
		return 1;
	}
	nwd_printf("%s: %u direct messages answered by %u partitions on %u "
		   "CPUs; PSCI SYSTEM_OFF\n",
		   DEMO_SUCCESS_LINE, client_messages, client_part_count,
		   CLIENT_CPUS);
	return 0;
}
