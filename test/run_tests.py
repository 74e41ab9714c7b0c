#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Runs every test of the project and prints `N passed, N failed` last.

Tool tests: the stdlib unittest suites tools/test_*.py.

Unit tests: each GoogleTest executable of //test/unit_test, once as built
by the `host` toolchain and once under ASan+UBSan (`host_asan`). Results are
read from the JUnit XML each binary writes under out/test/unit/.

In-image tests (hftest): every suite the build packed (<out>/hftest/*.json)
runs under QEMU through test/hftest/hftest.py, one boot per test; each QEMU
test counts as one test. Results are read from out/test/hftest_junit.xml.
"""

import argparse
import glob
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

UNIT_TESTS = [
    "common_test",
    "dlog_test",
    "el3fw_test",
    "fdt_test",
    "ffa_test",
    "fip_test",
    "granule_test",
    "loader_test",
    "manifest_test",
    "mem_build_test",
    "mem_desc_test",
    "mem_share_test",
    "memiter_test",
    "mm_test",
    "mpool_test",
    "sp_pkg_test",
    "vmlib_test",
]

UNIT_TOOLCHAINS = [("host", ""), ("host_asan", "host_asan")]

HFTEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hftest",
                      "hftest.py")
HFTEST_JUNIT = "hftest_junit.xml"


class Tally:
    """Counts passed and failed test cases and remembers the failures."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def add(self, suite, passed, failed, failures):
        self.passed += passed
        self.failed += failed
        self.failures += [f"{suite}: {name}" for name in failures]


def run_gtest(binary, xml_path, tally, label):
    """Runs one GoogleTest binary and adds its results to `tally`."""
    os.makedirs(os.path.dirname(xml_path), exist_ok=True)
    if os.path.exists(xml_path):
        os.remove(xml_path)
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    proc = subprocess.run([binary, f"--gtest_output=xml:{xml_path}"],
                          capture_output=True, text=True, env=env,
                          check=False)
    if not os.path.exists(xml_path):
        # Crashed before writing results: count the whole binary as failed.
        sys.stdout.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        tally.add(label, 0, 1, ["<binary crashed or did not run>"])
        print(f"  {label}: CRASHED (exit {proc.returncode})")
        return
    root = ET.parse(xml_path).getroot()
    passed = failed = 0
    failures = []
    for case in root.iter("testcase"):
        if case.get("result", "completed") == "skipped" or \
                case.get("status") == "notrun":
            continue
        name = f"{case.get('classname')}.{case.get('name')}"
        if case.find("failure") is not None:
            failed += 1
            failures.append(name)
        else:
            passed += 1
    if proc.returncode != 0 and failed == 0:
        # Sanitizer reports after the tests or a failure outside a case.
        sys.stdout.write(proc.stderr[-4000:])
        failed += 1
        failures.append(f"<exit code {proc.returncode}>")
    if failed:
        sys.stdout.write(proc.stdout[-6000:])
    tally.add(label, passed, failed, failures)
    print(f"  {label}: {passed} passed, {failed} failed")


def run_unit_tests(out, tally):
    print("Unit tests (GoogleTest):")
    for toolchain, subdir in UNIT_TOOLCHAINS:
        for name in UNIT_TESTS:
            binary = os.path.join(out, subdir, name)
            xml_path = os.path.join("out", "test", "unit", toolchain,
                                    f"{name}.xml")
            run_gtest(binary, xml_path, tally, f"{toolchain}/{name}")


def run_python_tests(tally):
    """Runs the stdlib unittest suites of tools/ (packer, manifest checks,
    QEMU helper, hftest driver and suite packing)."""
    import unittest
    print("Tool tests (unittest):")
    suite = unittest.TestLoader().discover("tools", pattern="test_*.py",
                                           top_level_dir="tools")
    result = unittest.TextTestRunner(verbosity=0,
                                     stream=sys.stdout).run(suite)
    bad = [str(t) for t, _ in result.failures + result.errors]
    failed = len(bad)
    passed = result.testsRun - failed - len(result.skipped)
    tally.add("tools", passed, failed, bad)
    print(f"  tools: {passed} passed, {failed} failed")


def junit_counts(xml_path):
    """(passed, failed, failed names) of a JUnit file; skipped cases are
    not counted."""
    passed, failures = 0, []
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        if case.find("failure") is not None or \
                case.find("error") is not None:
            failures.append(name)
        elif case.find("skipped") is None:
            passed += 1
    return passed, len(failures), failures


def run_hftest(out, tally, jobs=None):
    """Runs the QEMU suites of the build, if any were packed."""
    print("In-image tests (hftest under QEMU):")
    if not glob.glob(os.path.join(out, "hftest", "*.json")):
        print(f"  no suite packed in {out}/hftest; nothing to run")
        return
    xml_path = os.path.join("out", "test", HFTEST_JUNIT)
    if os.path.exists(xml_path):
        os.remove(xml_path)
    cmd = [sys.executable, HFTEST, "--build", out, "--out",
           os.path.join("out", "test")]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    sys.stdout.flush()
    proc = subprocess.run(cmd, check=False)
    if not os.path.exists(xml_path):
        tally.add("hftest", 0, 1, [f"<driver failed, exit {proc.returncode}>"])
        print(f"  hftest: driver failed (exit {proc.returncode})")
        return
    passed, failed, failures = junit_counts(xml_path)
    if proc.returncode != 0 and failed == 0:
        failed, failures = 1, [f"<driver exit code {proc.returncode}>"]
    tally.add("hftest", passed, failed, failures)
    print(f"  hftest: {passed} passed, {failed} failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/build")
    parser.add_argument("--only", choices=["unit", "tools", "hftest"],
                        default=None)
    parser.add_argument("--no-hftest", action="store_true",
                        help="skip the QEMU suites")
    parser.add_argument("--jobs", type=int,
                        help="QEMU instances at once (default: CPUs)")
    args = parser.parse_args()

    tally = Tally()
    if args.only in (None, "unit"):
        run_unit_tests(args.out, tally)
    if args.only in (None, "tools"):
        run_python_tests(tally)
    if args.only == "hftest" or (args.only is None and not args.no_hftest):
        run_hftest(args.out, tally, args.jobs)

    if tally.failures:
        print("\nFailures:")
        for f in tally.failures:
            print(f"  {f}")
    print(f"\n{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
