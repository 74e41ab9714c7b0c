/*
 * Copyright (c) 2026 The SPMC authors.
 * SPDX-License-Identifier: BSD-3-Clause
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc/std.h"

#include "backend.h"
#include "driver/console.h"
#include "driver/nwd.h"
#include "driver/psci.h"
#include "hftest/hftest.h"

/*
 * The normal-world test runner: the image's `nwd_main`. It reads the
 * command QEMU's loader device wrote to the command page, runs it and
 * returns, after which the driver powers the system off. Every framework
 * line goes to UART0 with the `[hftest] ` prefix (README.md).
 */

/** The command page (docs/design/runtime.md §1): NUL-terminated ASCII. */
#define HFTEST_COMMAND_PAGE 0x5ffff000UL
/** The longest command read; longer ones are cut (and then unknown). */
#define HFTEST_COMMAND_MAX 256
/** Words of a command: "run <suite> <name>" and one to spot extras. */
#define HFTEST_COMMAND_WORDS 4

struct hftest_command {
	char text[HFTEST_COMMAND_MAX];
	const char *words[HFTEST_COMMAND_WORDS];
	size_t word_count;
};

/* Set once the verdict line is out, so only one CPU ever prints it. */
static bool hftest_verdict_done;

/** Normal world: one line on UART0, written as one block. */
void hftest_backend_write_line(const char *line)
{
	nwd_printf("%s\n", line);
}

/* Prints the verdict unless another CPU already did. */
static void hftest_verdict(bool pass)
{
	if (__atomic_exchange_n(&hftest_verdict_done, true, __ATOMIC_ACQ_REL)) {
		return;
	}
	nwd_printf("[hftest] result %s\n", pass ? "PASS" : "FAIL");
}

/** Normal world: FAIL verdict, then power-off, on any CPU. */
void hftest_backend_end_fatal(void)
{
	hftest_verdict(false);
	psci_system_off();
}

/* An exception in a test: a failure line, the verdict, power-off. */
static void hftest_exception(const struct nwd_exception *e)
{
	nwd_printf("[hftest] failure exception:0: unexpected exception, "
		   "vector %lu FAR_EL2 0x%lx (lhs=0x%lx, rhs=0x%lx)\n",
		   e->vector, e->far, e->esr, e->elr);
	hftest_backend_end_fatal();
}

/*
 * Copies the command page into `cmd` and splits it at blanks. A page that
 * starts with NUL, or holds only blanks, is the command `list`.
 */
static void hftest_read_command(struct hftest_command *cmd)
{
	const volatile char *page = (const volatile char *)HFTEST_COMMAND_PAGE;
	char *p = cmd->text;
	size_t i;

	for (i = 0; i + 1 < sizeof(cmd->text) && page[i] != '\0'; i++) {
		cmd->text[i] = page[i];
	}
	cmd->text[i] = '\0';

	cmd->word_count = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			*p++ = '\0';
		}
		if (*p == '\0' || cmd->word_count == HFTEST_COMMAND_WORDS) {
			break;
		}
		cmd->words[cmd->word_count++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		       *p != '\r') {
			p++;
		}
	}
}

static void hftest_list(void)
{
	const struct hftest_entry *e;

	nwd_printf("[hftest] list-begin\n");
	for (e = hftest_entries_begin(); e < hftest_entries_end(); e++) {
		if (e->kind == HFTEST_KIND_TEST) {
			nwd_printf("[hftest] test %s %s\n", e->suite, e->name);
		}
	}
	nwd_printf("[hftest] list-end\n");
}

/* The entry of `kind` for `suite` (and `name`, unless NULL), or NULL. */
static const struct hftest_entry *hftest_find(uint32_t kind, const char *suite,
					      const char *name)
{
	const struct hftest_entry *e;

	for (e = hftest_entries_begin(); e < hftest_entries_end(); e++) {
		if (e->kind == kind && strcmp(e->suite, suite) == 0 &&
		    (name == NULL || strcmp(e->name, name) == 0)) {
			return e;
		}
	}
	return NULL;
}

static void hftest_run(const char *suite, const char *name)
{
	const struct hftest_entry *test =
	    hftest_find(HFTEST_KIND_TEST, suite, name);
	const struct hftest_entry *set_up =
	    hftest_find(HFTEST_KIND_SET_UP, suite, NULL);
	const struct hftest_entry *tear_down =
	    hftest_find(HFTEST_KIND_TEAR_DOWN, suite, NULL);

	if (test == NULL) {
		FAIL("no test '%s %s' in this image", suite, name);
	}
	nwd_printf("[hftest] run %s %s\n", suite, name);
	if (set_up != NULL) {
		set_up->fn();
	}
	test->fn();
	if (tear_down != NULL) {
		tear_down->fn();
	}
	hftest_verdict(!hftest_failed());
}

/**
 * The image's main function: runs the command of the command page
 * (`list`, or `run <suite> <name>`); an unknown command is a failure.
 */
int nwd_main(void)
{
	struct hftest_command cmd;

	nwd_set_exception_hook(hftest_exception);
	hftest_read_command(&cmd);
	if (cmd.word_count == 0 ||
	    (cmd.word_count == 1 && strcmp(cmd.words[0], "list") == 0)) {
		hftest_list();
	} else if (cmd.word_count == 3 && strcmp(cmd.words[0], "run") == 0) {
		hftest_run(cmd.words[1], cmd.words[2]);
	} else {
		FAIL("unknown command '%s'", cmd.text);
	}
	return 0;
}
