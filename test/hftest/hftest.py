#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Runs the in-image (hftest) test suites under QEMU.

Each suite is a flash image built by the `hftest_suite` GN template
(build/hftest/suite.gni), described by `<build>/hftest/<suite>.json`.
For a suite of mode "tests" the driver boots once with the command `list`,
reads the tests the normal-world image announces, then boots once per test
with `run <suite> <test>`. A test passes iff UART0 shows `[hftest] run` for
it, `[hftest] result PASS`, no `[hftest] failure` line, and QEMU exited
with code 0 before the timeout. A suite of mode "boot" is one test: one
boot, judged against the descriptor's expectations (exit code, result,
patterns on UART0/UART1), e.g. a partition that must fail to initialise.

Log protocol on UART0 (docs/design/runtime.md §5), one event per line:
  [hftest] list-begin / [hftest] test <suite> <name> / [hftest] list-end
  [hftest] run <suite> <name>
  [hftest] failure <file>:<line>: <text>
  [hftest] result PASS|FAIL
EL3 prints on UART0 too; other lines are ignored.

Outputs under --out (default out/test): <suite>/<csuite>.<test>/ with
uart0.log, uart1.log, qemu.log and command.bin per boot (<suite>/list/ for
the list boot), and hftest_junit.xml. Exit status: 0 all passed, 1 some
test failed, 2 nothing to run or a bad descriptor.

Usage: hftest.py [--build out/build | DESCRIPTOR...] [--suite RE]
                 [--test RE] [--jobs N] [--timeout S] [--list]
"""

import argparse
import concurrent.futures
import dataclasses
import glob
import json
import os
import re
import shlex
import shutil
import socket
import sys
import threading
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402  pylint: disable=wrong-import-position

PREFIX = "[hftest] "
DESCRIPTOR_FORMAT = "hftest-suite-1"
DEFAULT_TIMEOUT = 10.0
MODES = ("tests", "boot")
JUNIT_NAME = "hftest_junit.xml"
# Lines of each UART quoted in a failure report.
TAIL_LINES = 15

PASS, FAIL, SKIP, XFAIL = "PASS", "FAIL", "SKIP", "XFAIL"


class DescriptorError(Exception):
    """A suite descriptor that cannot be used."""


class ListError(Exception):
    """The `list` boot did not produce a well-formed test list."""


# Descriptors -------------------------------------------------------------


@dataclasses.dataclass
class Suite:
    """One suite descriptor, as written by build/hftest/make_suite.py."""

    name: str
    flash: str
    descriptor: str = ""
    smp: int = qemu.DEFAULT_SMP
    memory_mb: int = qemu.DEFAULT_MEMORY_MB
    timeout: float = DEFAULT_TIMEOUT
    icount: int | None = None
    mode: str = "tests"
    # "<csuite>.<test>" -> "FAIL" (expected to fail) or "SKIP".
    expected: dict = dataclasses.field(default_factory=dict)
    # Mode "boot": name, command, exit_code, result, uart0/uart1 (patterns
    # that must match), uart0_absent/uart1_absent (must not match).
    boot: dict = dataclasses.field(default_factory=dict)


def _get(data, key, kind, default, where):
    value = data.get(key, default)
    if value is not default and not isinstance(value, kind):
        raise DescriptorError(f"{where}: '{key}' must be {kind}")
    return value


def _check_patterns(boot, where):
    for key in ("uart0", "uart1", "uart0_absent", "uart1_absent"):
        pats = boot.get(key, [])
        if not isinstance(pats, list) or not all(
                isinstance(p, str) for p in pats):
            raise DescriptorError(f"{where}: boot.{key} must be a list of "
                                  "regular expressions")
        for p in pats:
            try:
                re.compile(p)
            except re.error as e:
                raise DescriptorError(f"{where}: boot.{key}: {p!r}: {e}")


def load_suite(path):
    """Reads and checks one descriptor; relative paths in it are relative
    to the descriptor's directory."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise DescriptorError(f"{path}: {e}") from e
    if not isinstance(data, dict) or data.get("format") != DESCRIPTOR_FORMAT:
        raise DescriptorError(f"{path}: not an hftest suite descriptor "
                              f"(format is not {DESCRIPTOR_FORMAT})")
    for key in ("suite", "flash"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise DescriptorError(f"{path}: '{key}' is missing")
    base = os.path.dirname(os.path.abspath(path))
    suite = Suite(name=data["suite"],
                  flash=os.path.join(base, data["flash"]),
                  descriptor=path)
    suite.smp = _get(data, "smp", int, suite.smp, path)
    suite.memory_mb = _get(data, "memory", int, suite.memory_mb, path)
    suite.timeout = float(_get(data, "timeout", (int, float),
                               suite.timeout, path))
    suite.icount = _get(data, "icount", int, None, path)
    suite.mode = _get(data, "mode", str, suite.mode, path)
    suite.expected = _get(data, "expected", dict, {}, path)
    suite.boot = _get(data, "boot", dict, {}, path)
    if suite.mode not in MODES:
        raise DescriptorError(f"{path}: mode '{suite.mode}' is not one of "
                              f"{', '.join(MODES)}")
    if suite.smp < 1 or suite.memory_mb < 1 or suite.timeout <= 0:
        raise DescriptorError(f"{path}: smp, memory and timeout must be "
                              "positive")
    for test, what in suite.expected.items():
        if what not in (FAIL, SKIP):
            raise DescriptorError(f"{path}: expected['{test}'] is "
                                  f"'{what}', not FAIL or SKIP")
    _check_patterns(suite.boot, path)
    result = suite.boot.get("result", PASS)
    if result not in (PASS, FAIL, "none"):
        raise DescriptorError(f"{path}: boot.result must be PASS, FAIL or "
                              "none")
    return suite


def find_descriptors(build_dir):
    """The suite descriptors a build wrote: <build>/hftest/*.json."""
    return sorted(glob.glob(os.path.join(build_dir, "hftest", "*.json")))


# Log parsing -------------------------------------------------------------


def hftest_events(text):
    """The payload of every `[hftest] ` line of a UART log, in order.

    A framework line may follow EL3 output that lacked a newline, so the
    prefix is looked for anywhere in the line; CR and trailing blanks are
    dropped."""
    events = []
    for line in text.splitlines():
        i = line.find(PREFIX)
        if i >= 0:
            events.append(line[i + len(PREFIX):].rstrip())
    return events


def parse_list(text):
    """The (suite, test) pairs between list-begin and list-end.

    Raises ListError if the markers are missing, a `test` line is
    malformed, or a test is listed twice."""
    tests = []
    state = "before"
    for event in hftest_events(text):
        if state == "before":
            if event == "list-begin":
                state = "in"
            continue
        if event == "list-end":
            state = "after"
            break
        words = event.split()
        if not words or words[0] != "test":
            raise ListError(f"unexpected line in the list: {event!r}")
        if len(words) != 3:
            raise ListError(f"malformed test line: {event!r} (expected "
                            "'test <suite> <name>')")
        if (words[1], words[2]) in tests:
            raise ListError(f"test {words[1]} {words[2]} listed twice")
        tests.append((words[1], words[2]))
    if state == "before":
        raise ListError("no '[hftest] list-begin' line")
    if state == "in":
        raise ListError("no '[hftest] list-end' line")
    return tests


@dataclasses.dataclass
class Verdict:
    """How one boot went: `ok`, and if not, why (`problems`), plus the
    failure lines the image printed."""

    ok: bool
    problems: list
    failures: list
    result: str | None


def boot_problems(exit_code, timed_out, timeout, expected_code=0):
    """Problems with how QEMU ended (timeout, exit code)."""
    if timed_out:
        return [f"timed out after {timeout:g} s"]
    if exit_code != expected_code:
        hint = " (EL3 panic?)" if exit_code not in (None, 0) else ""
        return [f"QEMU exit code {exit_code}{hint}, expected "
                f"{expected_code}"]
    return []


def scan_run(text, csuite=None, name=None):
    """Finds the run/failure/result events. Returns (problems, failures,
    result). With `csuite`/`name`, the `run` line must name that test."""
    problems, failures, result, started = [], [], None, False
    for event in hftest_events(text):
        words = event.split(None, 1)
        kind, rest = words[0], words[1] if len(words) > 1 else ""
        if kind == "run":
            started = True
            want = f"{csuite} {name}"
            if csuite is not None and rest != want:
                problems.append(f"image ran '{rest}', not '{want}'")
        elif kind == "failure":
            failures.append(rest)
        elif kind == "result":
            if result is not None:
                problems.append("more than one result line")
            result = rest
    if csuite is not None and not started:
        problems.append("no '[hftest] run' line: the test never started")
    if result is None:
        problems.append("no '[hftest] result' line")
    elif result not in (PASS, FAIL):
        problems.append(f"unknown result '{result}'")
    return problems, failures, result


def judge_test(text, exit_code, timed_out, timeout, csuite, name):
    """Verdict of a `run <csuite> <name>` boot from its UART0 log."""
    problems = boot_problems(exit_code, timed_out, timeout)
    scanned, failures, result = scan_run(text, csuite, name)
    problems += scanned
    if result == FAIL:
        problems.append("result FAIL")
    if failures:
        problems.append(f"{len(failures)} failure line(s)")
    return Verdict(not problems, problems, failures, result)


def judge_boot(uart0, uart1, exit_code, timed_out, timeout, spec):
    """Verdict of an expectation ("boot" mode) suite's single boot."""
    problems = boot_problems(exit_code, timed_out, timeout,
                             spec.get("exit_code", 0))
    want = spec.get("result", PASS)
    scanned, failures, result = scan_run(uart0)
    if want == PASS:
        problems += scanned
        if result == FAIL:
            problems.append("result FAIL, expected PASS")
        if failures:
            problems.append(f"{len(failures)} failure line(s)")
    elif want == FAIL and result != FAIL:
        problems.append(f"result {result}, expected FAIL")
    for key, text in (("uart0", uart0), ("uart1", uart1)):
        for pat in spec.get(key, []):
            if not re.search(pat, text, re.MULTILINE):
                problems.append(f"{key.upper()} never matched /{pat}/")
        for pat in spec.get(f"{key}_absent", []):
            if re.search(pat, text, re.MULTILINE):
                problems.append(f"{key.upper()} matched /{pat}/, which "
                                "must not appear")
    return Verdict(not problems, problems, failures, result)


# Running -----------------------------------------------------------------


@dataclasses.dataclass
class Case:
    """One test of one suite and, once run, its outcome."""

    suite: Suite
    csuite: str
    name: str
    status: str = ""
    reason: str = ""
    details: str = ""
    seconds: float = 0.0
    logdir: str = ""

    @property
    def test_id(self):
        """`<csuite>.<name>`, the key of `expected` and of the log dir."""
        return f"{self.csuite}.{self.name}" if self.csuite else self.name

    @property
    def failed(self):
        return self.status == FAIL


def safe_dir(name):
    """A directory name for a test id."""
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", name) or "_"


# Characters XML 1.0 cannot carry (a crashing image may print anything).
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd"
                         "\U00010000-\U0010ffff]")


def xml_safe(text):
    """`text` with characters XML cannot hold shown as \\xNN."""
    return XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def tail(text, count=TAIL_LINES):
    """The last `count` lines of a log."""
    return "\n".join(text.splitlines()[-count:])


class Runner:
    """Boots suites with a shared pool of QEMU instances."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.boots = []
        self.list_errors = []
        # Set on Ctrl-C: running QEMUs are killed.
        self.cancel = threading.Event()

    def rig(self, suite):
        return qemu.Rig(flash=suite.flash, smp=suite.smp,
                        memory_mb=suite.memory_mb,
                        icount=(self.args.icount if self.args.icount
                                is not None else suite.icount),
                        single_thread=self.args.single_thread,
                        qemu=shlex.split(self.args.qemu))

    @staticmethod
    def timeout(suite):
        return suite.timeout

    def boot(self, suite, logdir, command):
        """One boot with fresh logs in `logdir`."""
        shutil.rmtree(logdir, ignore_errors=True)
        res = qemu.run(self.rig(suite), logdir, command=command,
                       timeout=self.timeout(suite), cancel=self.cancel)
        with self.lock:
            self.boots.append(res.seconds)
        return res

    def list_suite(self, suite):
        """Returns ([Case], error Case or None) for one suite."""
        if suite.mode == "boot":
            return [Case(suite, "", suite.boot.get("name", "boot"))], None
        logdir = os.path.join(self.args.out, safe_dir(suite.name), "list")
        try:
            res = self.boot(suite, logdir, "list")
        except qemu.QemuError as e:
            return [], Case(suite, "", "list", status=FAIL, reason=str(e),
                            details=str(e), logdir=logdir)
        error = boot_problems(res.exit_code, res.timed_out,
                              self.timeout(suite))
        tests = []
        try:
            tests = parse_list(res.uart0_text())
        except ListError as e:
            error.append(str(e))
        if error:
            case = Case(suite, "", "list", status=FAIL,
                        reason="; ".join(error), seconds=res.seconds,
                        logdir=logdir)
            case.details = failure_details(case, res)
            return [], case
        return [Case(suite, c, n) for c, n in tests], None

    def run_case(self, case):
        """Boots one test and fills in its outcome."""
        suite = case.suite
        case.logdir = os.path.join(self.args.out, safe_dir(suite.name),
                                   safe_dir(case.test_id))
        try:
            return self.judge_case(case)
        except qemu.QemuError as e:
            case.status, case.reason = FAIL, str(e)
            case.details = case.reason
            return case

    def judge_case(self, case):
        """Boots `case` and judges the boot."""
        suite = case.suite
        if suite.mode == "boot":
            res = self.boot(suite, case.logdir, suite.boot.get("command"))
            verdict = judge_boot(res.uart0_text(), res.uart1_text(),
                                 res.exit_code, res.timed_out,
                                 self.timeout(suite), suite.boot)
        else:
            res = self.boot(suite, case.logdir,
                            f"run {case.csuite} {case.name}")
            verdict = judge_test(res.uart0_text(), res.exit_code,
                                 res.timed_out, self.timeout(suite),
                                 case.csuite, case.name)
        case.seconds = res.seconds
        expect = suite.expected.get(case.test_id)
        if expect == FAIL:
            case.status = XFAIL if not verdict.ok else FAIL
            case.reason = ("expected to fail: " + "; ".join(
                verdict.problems) if not verdict.ok
                else "passed, but the suite expects it to fail")
        else:
            case.status = PASS if verdict.ok else FAIL
            case.reason = "; ".join(verdict.problems)
        if case.status == FAIL:
            case.details = failure_details(case, res, verdict.failures)
        return case


def failure_details(case, res, failures=()):
    """The text of a JUnit <failure>: why, the failure lines, log tails."""
    parts = [case.reason]
    if failures:
        parts.append("Failure lines:\n" + "\n".join(
            f"  {f}" for f in failures))
    parts.append(f"UART0 (last {TAIL_LINES} lines):\n" +
                 tail(res.uart0_text()))
    parts.append(f"UART1 (last {TAIL_LINES} lines):\n" +
                 tail(res.uart1_text()))
    qemu_text = res.qemu_text().strip()
    if qemu_text:
        parts.append("QEMU:\n" + tail(qemu_text))
    return "\n\n".join(parts)


def selected(case, suite_re, test_re):
    """--suite matches the descriptor's suite or the C suite; --test
    matches the test name or `<csuite>.<name>`."""
    if suite_re and not (suite_re.search(case.suite.name) or
                         (case.csuite and suite_re.search(case.csuite))):
        return False
    if test_re and not (test_re.search(case.name) or
                        test_re.search(case.test_id)):
        return False
    return True


def expected_skip(case):
    return case.suite.expected.get(case.test_id) == SKIP


# Reporting ---------------------------------------------------------------


def write_junit(path, suites, cases, total_seconds):
    """JUnit XML: testsuites / testsuite per suite / testcase per test,
    with <failure>, <skipped> and <system-out> pointing at the logs."""
    root = ET.Element("testsuites", name="hftest")
    counts = {"tests": 0, "failures": 0, "skipped": 0}
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    for suite in suites:
        mine = [c for c in cases if c.suite is suite]
        if not mine:
            continue
        failures = sum(c.failed for c in mine)
        skipped = sum(c.status == SKIP for c in mine)
        node = ET.SubElement(
            root, "testsuite", name=suite.name, tests=str(len(mine)),
            failures=str(failures), errors="0", skipped=str(skipped),
            time=f"{sum(c.seconds for c in mine):.3f}", timestamp=stamp,
            hostname=socket.gethostname())
        props = ET.SubElement(node, "properties")
        for key, value in (("flash", suite.flash), ("smp", suite.smp),
                           ("memory", suite.memory_mb),
                           ("timeout", suite.timeout), ("mode", suite.mode)):
            ET.SubElement(props, "property", name=key, value=str(value))
        for case in mine:
            tc = ET.SubElement(node, "testcase",
                               classname=f"{suite.name}.{case.csuite}"
                               if case.csuite else suite.name,
                               name=case.name, time=f"{case.seconds:.3f}")
            if case.failed:
                fail = ET.SubElement(tc, "failure",
                                     message=xml_safe(case.reason),
                                     type="hftest")
                fail.text = xml_safe(case.details)
            elif case.status == SKIP:
                ET.SubElement(tc, "skipped", message=case.reason)
            if case.logdir:
                out = ET.SubElement(tc, "system-out")
                out.text = "\n".join(
                    f"{n}: {os.path.join(case.logdir, f)}"
                    for n, f in (("uart0", qemu.UART0_LOG),
                                 ("uart1", qemu.UART1_LOG),
                                 ("qemu", qemu.QEMU_LOG)))
                if case.status == XFAIL:
                    out.text += f"\nexpected failure: {case.reason}"
        counts["tests"] += len(mine)
        counts["failures"] += failures
        counts["skipped"] += skipped
    for key, value in counts.items():
        root.set(key, str(value))
    root.set("errors", "0")
    root.set("time", f"{total_seconds:.3f}")
    ET.indent(root)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def case_line(case):
    """The per-test line printed as each test finishes."""
    line = (f"{case.status:<5} {case.suite.name}/{case.test_id} "
            f"({case.seconds:.2f} s)")
    if case.reason and case.status != PASS:
        line += f": {case.reason}"
    return line


# Main --------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", maxsplit=1)[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("descriptors", nargs="*",
                        help="suite descriptors (default: "
                        "<build>/hftest/*.json)")
    parser.add_argument("--build", default="out/build",
                        help="GN build directory (default %(default)s)")
    parser.add_argument("--out", default="out/test",
                        help="logs and JUnit XML (default %(default)s)")
    parser.add_argument("--suite", help="regex on the suite name or the "
                        "C suite name")
    parser.add_argument("--test", help="regex on the test name or "
                        "<csuite>.<test>")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count(),
                        help="QEMU instances at once (default %(default)s)")
    parser.add_argument("--timeout", type=float,
                        help="seconds per boot, for every suite (default: "
                        f"the suite's, else {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--list", action="store_true",
                        help="list the selected tests, run none")
    parser.add_argument("--icount", type=int, metavar="SHIFT",
                        help="run QEMU with -icount shift=SHIFT")
    parser.add_argument("--single-thread", action="store_true",
                        help="one host thread per QEMU (-accel "
                        "tcg,thread=single)")
    parser.add_argument("--qemu", default=qemu.QEMU,
                        help="emulator command, split like a shell does "
                        "(default %(default)s)")
    parser.add_argument("--junit", help="JUnit XML path (default "
                        f"<out>/{JUNIT_NAME})")
    parser.add_argument("--allow-empty", action="store_true",
                        help="exit 0 when there is no suite")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        parser.error("--timeout must be positive")
    for key in ("suite", "test"):
        pattern = getattr(args, key)
        try:
            setattr(args, key, re.compile(pattern) if pattern else None)
        except re.error as e:
            parser.error(f"--{key} {pattern!r}: {e}")
    args.junit = args.junit or os.path.join(args.out, JUNIT_NAME)
    return args


def load_suites(args):
    """Descriptors from the command line or the build directory."""
    paths = args.descriptors or find_descriptors(args.build)
    suites = []
    for path in paths:
        suite = load_suite(path)
        if args.timeout:
            suite.timeout = args.timeout
        if any(s.name == suite.name for s in suites):
            raise DescriptorError(f"{path}: suite '{suite.name}' given "
                                  "twice")
        if not os.path.isfile(suite.flash):
            raise DescriptorError(f"{path}: {suite.flash}: no such flash "
                                  "image (not built?)")
        suites.append(suite)
    return suites


def collect(runner, pool, suites):
    """Lists every suite (in parallel). Returns (cases, list failures)."""
    cases, errors = [], []
    for listed, error in pool.map(runner.list_suite, suites):
        cases += listed
        if error:
            errors.append(error)
    runner.list_errors = errors
    return cases, errors


def summary(cases, seconds, boots):
    """The closing lines: failures, then counts and boot times."""
    lines = []
    failed = [c for c in cases if c.failed]
    if failed:
        lines.append("\nFailed:")
        lines += [f"  {c.suite.name}/{c.test_id}: {c.reason} "
                  f"[{c.logdir}]" for c in failed]
    passed = sum(c.status in (PASS, XFAIL) for c in cases)
    skipped = sum(c.status == SKIP for c in cases)
    mean = sum(boots) / len(boots) if boots else 0.0
    lines.append(f"hftest: {passed} passed, {len(failed)} failed, "
                 f"{skipped} skipped in {seconds:.1f} s ({len(boots)} "
                 f"boots, {mean:.2f} s each on average)")
    return "\n".join(lines)


def run_all(runner, pool, suites):
    """Lists, filters and runs. Returns every case (list failures first),
    or None after printing the list for --list."""
    args = runner.args
    cases, errors = collect(runner, pool, suites)
    cases = [c for c in cases if selected(c, args.suite, args.test)]
    if args.list:
        for case in cases:
            print(f"{case.suite.name} {case.csuite or '-'} {case.name}")
        for error in errors:
            print(case_line(error))
        return None
    for case in cases:
        if expected_skip(case):
            case.status, case.reason = SKIP, "the suite skips it"
    for case in errors + [c for c in cases if c.status]:
        print(case_line(case), flush=True)
    todo = [c for c in cases if not c.status]
    for future in concurrent.futures.as_completed(
            [pool.submit(runner.run_case, c) for c in todo]):
        print(case_line(future.result()), flush=True)
    return errors + cases


def main(argv=None):
    args = parse_args(argv)
    start = time.monotonic()
    try:
        suites = load_suites(args)
    except DescriptorError as e:
        print(f"hftest: {e}", file=sys.stderr)
        return 2
    if not suites:
        where = " ".join(args.descriptors) or os.path.join(args.build,
                                                            "hftest")
        print(f"hftest: no suite descriptor in {where}")
        return 0 if args.allow_empty else 2
    runner = Runner(args)
    pool = concurrent.futures.ThreadPoolExecutor(args.jobs)
    try:
        cases = run_all(runner, pool, suites)
    except KeyboardInterrupt:
        # Queued boots never start; running ones are killed.
        runner.cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
        print("hftest: interrupted", file=sys.stderr)
        return 130
    pool.shutdown()
    if cases is None:
        return 1 if any(c.status == FAIL for c in runner.list_errors) else 0
    seconds = time.monotonic() - start
    write_junit(args.junit, suites, cases, seconds)
    print(summary(cases, seconds, runner.boots))
    return 1 if any(c.failed for c in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
