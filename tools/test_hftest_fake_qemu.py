#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""A stand-in for qemu-system-aarch64 in the hftest driver's unit tests.

Not a test module: tools/test_hftest.py and tools/test_qemu.py run it as
`python3 test_hftest_fake_qemu.py <QEMU arguments>`. It understands the
arguments tools/qemu.py passes (-bios, -serial, -device loader, -smp ...),
reads the command page file, and plays a scenario instead of booting: the
"flash image" is a JSON file

  {"tests": [["<suite>", "<name>", "<behaviour>"], ...],
   "list": "<list behaviour>", "boot": "<behaviour for an all-zero page>"}

Behaviours of a test: pass, fail (failure line + result FAIL),
failure_pass (failure line, result PASS), noresult, hang, panic (EL3
message, exit 3), exit1 (result PASS, exit 1), wrong (runs another test),
twice (two result lines), garbage (control characters, no result),
noisy (EL3 lines interleaved, CRLF, a framework
line glued to EL3 output), slow:<seconds> (sleeps, then passes),
uart1:<text> (passes and prints <text> on UART1).
List behaviours: ok (default), hang, noend, nobegin, bad, dup, exit5.
Every boot appends its argv as one JSON line to <flash>.argv.
"""

import json
import sys
import time


def arg_values(argv, flag):
    """The values of every `flag value` pair of argv."""
    return [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == flag]


class Uart:
    """A -serial back end: file:<path>, stdio or null."""

    def __init__(self, spec):
        self.f = None
        if spec.startswith("file:"):
            self.f = open(spec[5:], "w", encoding="utf-8", newline="")
        elif spec in ("stdio", "mon:stdio"):
            self.f = sys.stdout

    def put(self, text, end="\n"):
        if self.f:
            self.f.write(text + end)
            self.f.flush()


def read_command(argv):
    """The command string from the loader device, None if there is none
    or the page is all zero."""
    for dev in arg_values(argv, "-device"):
        opts = dict(o.split("=", 1) for o in dev.split(",")[1:] if "=" in o)
        if dev.startswith("loader,") and opts.get("addr") == "0x5ffff000":
            with open(opts["file"], "rb") as f:
                page = f.read()
            text = page.split(b"\0", 1)[0].decode("ascii")
            return text or None
    return None


def play_list(uart0, tests, how):
    """Prints the test list the way the scenario says."""
    if how == "hang":
        uart0.put("[hftest] list-begin")
        time.sleep(3600)
    if how == "exit5":
        return 5
    if how != "nobegin":
        uart0.put("[hftest] list-begin")
    for suite, name, _ in tests:
        uart0.put(f"[hftest] test {suite} {name}")
    if how == "bad":
        uart0.put("[hftest] test only_two_words")
    if how == "dup" and tests:
        uart0.put(f"[hftest] test {tests[0][0]} {tests[0][1]}")
    if how != "noend":
        uart0.put("[hftest] list-end")
    return 0


def play_test(uart0, uart1, suite, name, how, tests):
    """Runs one scripted test. Returns the exit code."""
    if how == "wrong":
        other = [t for t in tests if t[1] != name] or [("x", "y", "")]
        suite, name = other[0][0], other[0][1]
    if how == "noisy":
        uart0.put("NOTICE:  EL3: booting", end="\r\n")
        uart0.put(f"[hftest] run {suite} {name}", end="\r\n")
        uart0.put("EL3: secondary CPU up", end="")
        uart0.put("[hftest] result PASS", end="\r\n")
        return 0
    uart0.put(f"[hftest] run {suite} {name}")
    if how == "hang":
        time.sleep(3600)
    if how.startswith("slow:"):
        time.sleep(float(how[5:]))
    if how.startswith("uart1:"):
        uart1.put(how[6:])
    if how == "garbage":
        uart0.put("\x00\x07\x1b[0m\x7f junk")
        return 0
    if how == "panic":
        uart0.put("EL3 PANIC: unexpected exception")
        return 3
    if how in ("fail", "failure_pass"):
        uart0.put("[hftest] failure test/x.c:42: EXPECT_EQ(1, 2)")
    if how == "noresult":
        return 0
    uart0.put("[hftest] result " + ("FAIL" if how == "fail" else "PASS"))
    if how == "twice":
        uart0.put("[hftest] result PASS")
    return 1 if how == "exit1" else 0


def main(argv):
    flash = arg_values(argv, "-bios")[0]
    with open(flash + ".argv", "a", encoding="utf-8") as f:
        f.write(json.dumps(argv) + "\n")
    with open(flash, encoding="utf-8") as f:
        scenario = json.load(f)
    serials = arg_values(argv, "-serial")
    uart0, uart1 = Uart(serials[0]), Uart(serials[1])
    uart1.put("SPMC: fake boot")
    tests = scenario.get("tests", [])
    command = read_command(argv)
    if command is None and "boot" in scenario:
        command = "run fake boot"
        tests = [("fake", "boot", scenario["boot"])]
    if command is None or command == "list":
        return play_list(uart0, tests, scenario.get("list", "ok"))
    words = command.split()
    for suite, name, how in tests:
        if words == ["run", suite, name]:
            return play_test(uart0, uart1, suite, name, how, tests)
    uart0.put(f"[hftest] failure main.c:1: no test '{command}'")
    uart0.put("[hftest] result FAIL")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
