#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of the hftest driver (test/hftest/hftest.py), stdlib unittest.

Log parsing and verdicts are tested on strings; the driver end to end runs
against tools/test_hftest_fake_qemu.py, a scripted stand-in for QEMU, so
timeouts, parallelism, JUnit output and filters need no real QEMU.
Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_hftest*.py'
"""

import contextlib
import io
import json
import os
import sys
import tempfile
import time
import unittest
import unittest.mock
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "hftest"))
import hftest  # noqa: E402  pylint: disable=wrong-import-position

FAKE_QEMU = os.path.join(HERE, "test_hftest_fake_qemu.py")


class EventsTest(unittest.TestCase):
    """Finding framework lines in a UART0 log."""

    def test_ignores_other_lines_and_crlf(self):
        text = ("NOTICE: EL3 up\r\n[hftest] list-begin\r\n"
                "junk\n[hftest] result PASS  \n")
        self.assertEqual(hftest.hftest_events(text),
                         ["list-begin", "result PASS"])

    def test_prefix_after_unterminated_el3_output(self):
        self.assertEqual(hftest.hftest_events("EL3: cpu1 on[hftest] run a b"),
                         ["run a b"])

    def test_prefix_needs_the_space(self):
        self.assertEqual(hftest.hftest_events("[hftest]run a b\n"), [])


class ListTest(unittest.TestCase):
    """`parse_list` on good and broken lists."""

    def test_good_list(self):
        text = ("EL3 boot\n[hftest] list-begin\n[hftest] test ffa version\n"
                "EL3 noise\n[hftest] test mem share_ok\n[hftest] list-end\n"
                "[hftest] test after end\n")
        self.assertEqual(hftest.parse_list(text),
                         [("ffa", "version"), ("mem", "share_ok")])

    def test_empty_list(self):
        self.assertEqual(
            hftest.parse_list("[hftest] list-begin\n[hftest] list-end\n"), [])

    def test_lines_before_begin_are_ignored(self):
        text = ("[hftest] test x y\n[hftest] list-begin\n[hftest] test a b\n"
                "[hftest] list-end\n")
        self.assertEqual(hftest.parse_list(text), [("a", "b")])

    def assert_list_error(self, text, words):
        with self.assertRaises(hftest.ListError) as ctx:
            hftest.parse_list(text)
        self.assertIn(words, str(ctx.exception))

    def test_no_begin(self):
        self.assert_list_error("[hftest] test a b\n", "list-begin")

    def test_no_end(self):
        self.assert_list_error("[hftest] list-begin\n[hftest] test a b\n",
                               "list-end")

    def test_malformed_test_line(self):
        self.assert_list_error("[hftest] list-begin\n[hftest] test a\n"
                               "[hftest] list-end\n", "malformed")

    def test_unexpected_event(self):
        self.assert_list_error("[hftest] list-begin\n[hftest] run a b\n"
                               "[hftest] list-end\n", "unexpected")

    def test_duplicate(self):
        self.assert_list_error("[hftest] list-begin\n[hftest] test a b\n"
                               "[hftest] test a b\n[hftest] list-end\n",
                               "twice")


RUN_PASS = "[hftest] run s t\n[hftest] result PASS\n"


class JudgeTest(unittest.TestCase):
    """The pass rule of one `run` boot."""

    def judge(self, text, code=0, timed_out=False):
        return hftest.judge_test(text, code, timed_out, 10, "s", "t")

    def test_pass(self):
        v = self.judge(RUN_PASS)
        self.assertTrue(v.ok, v.problems)
        self.assertEqual(v.result, "PASS")

    def test_result_fail(self):
        v = self.judge("[hftest] run s t\n[hftest] failure a.c:3: x != y\n"
                       "[hftest] result FAIL\n")
        self.assertFalse(v.ok)
        self.assertEqual(v.failures, ["a.c:3: x != y"])
        self.assertIn("result FAIL", v.problems)

    def test_failure_line_with_pass_result_fails(self):
        v = self.judge("[hftest] run s t\n[hftest] failure a.c:3: x\n"
                       "[hftest] result PASS\n")
        self.assertFalse(v.ok)
        self.assertIn("1 failure line(s)", v.problems)

    def test_no_result(self):
        v = self.judge("[hftest] run s t\n")
        self.assertFalse(v.ok)
        self.assertIn("no '[hftest] result' line", v.problems)

    def test_timeout_even_with_pass(self):
        v = self.judge(RUN_PASS, code=None, timed_out=True)
        self.assertFalse(v.ok)
        self.assertEqual(v.problems, ["timed out after 10 s"])

    def test_nonzero_exit_even_with_pass(self):
        v = self.judge(RUN_PASS, code=3)
        self.assertFalse(v.ok)
        self.assertIn("QEMU exit code 3", v.problems[0])

    def test_other_test_ran(self):
        v = self.judge("[hftest] run s other\n[hftest] result PASS\n")
        self.assertFalse(v.ok)
        self.assertIn("image ran 's other', not 's t'", v.problems)

    def test_never_started(self):
        v = self.judge("[hftest] result PASS\n")
        self.assertFalse(v.ok)
        self.assertIn("never started", v.problems[0])

    def test_two_results(self):
        v = self.judge(RUN_PASS + "[hftest] result PASS\n")
        self.assertFalse(v.ok)
        self.assertIn("more than one result line", v.problems)

    def test_unknown_result(self):
        v = self.judge("[hftest] run s t\n[hftest] result MAYBE\n")
        self.assertFalse(v.ok)
        self.assertIn("unknown result 'MAYBE'", v.problems)


class JudgeBootTest(unittest.TestCase):
    """Expectation ("boot" mode) verdicts."""

    def judge(self, spec, uart0=RUN_PASS, uart1="", code=0):
        return hftest.judge_boot(uart0, uart1, code, False, 10, spec)

    def test_default_is_a_passing_boot(self):
        self.assertTrue(self.judge({}).ok)
        self.assertFalse(self.judge({}, uart0="").ok)

    def test_patterns(self):
        spec = {"uart1": [r"sp3: init failed \(-\d+\)"],
                "uart1_absent": ["PANIC"], "uart0": ["^NOTICE"]}
        good = self.judge(spec, uart0="NOTICE: x\n" + RUN_PASS,
                          uart1="sp3: init failed (-5)\n")
        self.assertTrue(good.ok, good.problems)
        bad = self.judge(spec, uart1="PANIC\n")
        self.assertEqual(len(bad.problems), 3)

    def test_expected_exit_code(self):
        spec = {"exit_code": 3, "result": "none"}
        self.assertTrue(self.judge(spec, uart0="EL3 panic\n", code=3).ok)
        self.assertFalse(self.judge(spec, uart0="", code=0).ok)

    def test_expected_fail_result(self):
        spec = {"result": "FAIL"}
        fail = "[hftest] failure x.c:1: y\n[hftest] result FAIL\n"
        self.assertTrue(self.judge(spec, uart0=fail).ok)
        self.assertFalse(self.judge(spec).ok)


class DescriptorTest(unittest.TestCase):
    """Loading and checking suite descriptors."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, data, name="s.json"):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        return path

    def test_defaults_and_relative_flash(self):
        suite = hftest.load_suite(self.write(
            {"format": "hftest-suite-1", "suite": "x", "flash": "x/f.bin"}))
        self.assertEqual(suite.flash, os.path.join(self.dir, "x", "f.bin"))
        self.assertEqual((suite.smp, suite.memory_mb, suite.timeout,
                          suite.mode), (4, 1024, 10.0, "tests"))

    def assert_bad(self, extra, words):
        data = {"format": "hftest-suite-1", "suite": "x", "flash": "f"}
        data.update(extra)
        with self.assertRaises(hftest.DescriptorError) as ctx:
            hftest.load_suite(self.write(data))
        self.assertIn(words, str(ctx.exception))

    def test_bad_descriptors(self):
        self.assert_bad({"format": "other"}, "not an hftest suite")
        self.assert_bad({"suite": ""}, "'suite' is missing")
        self.assert_bad({"mode": "fast"}, "mode 'fast'")
        self.assert_bad({"smp": "4"}, "'smp' must be")
        self.assert_bad({"timeout": 0}, "positive")
        self.assert_bad({"expected": {"a.b": "PASS"}}, "not FAIL or SKIP")
        self.assert_bad({"boot": {"uart1": ["("]}}, "boot.uart1")
        self.assert_bad({"boot": {"uart0": "x"}}, "list of regular")
        self.assert_bad({"boot": {"result": "YES"}}, "boot.result")

    def test_not_json(self):
        path = os.path.join(self.dir, "bad.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write("{")
        with self.assertRaises(hftest.DescriptorError):
            hftest.load_suite(path)


class FilterTest(unittest.TestCase):
    """--suite and --test."""

    def test_selected(self):
        import re
        suite = hftest.Suite(name="smoke", flash="f")
        case = hftest.Case(suite, "ffa", "version_ok")
        sel = hftest.selected
        self.assertTrue(sel(case, None, None))
        self.assertTrue(sel(case, re.compile("smo"), None))
        self.assertTrue(sel(case, re.compile("^ffa$"), None))
        self.assertFalse(sel(case, re.compile("mem"), None))
        self.assertTrue(sel(case, None, re.compile("version")))
        self.assertTrue(sel(case, None, re.compile(r"^ffa\.version_ok$")))
        self.assertFalse(sel(case, re.compile("smoke"), re.compile("^ok")))


class DriverTest(unittest.TestCase):
    """hftest.main() end to end against the fake QEMU."""

    TESTS = [
        ["ffa", "version", "pass"],
        ["ffa", "features", "noisy"],
        ["ffa", "broken", "fail"],
        ["mem", "hangs", "hang"],
        ["mem", "panics", "panic"],
        ["mem", "known_bug", "fail"],
        ["mem", "skipped", "hang"],
    ]

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.build = os.path.join(self.dir, "build")
        self.out = os.path.join(self.dir, "test")
        os.makedirs(os.path.join(self.build, "hftest", "smoke"))

    def tearDown(self):
        self.tmp.cleanup()

    def suite(self, name, scenario, **desc):
        """Writes a scenario "flash" and its descriptor into the build."""
        flash = os.path.join(self.build, "hftest", name, "flash.bin")
        os.makedirs(os.path.dirname(flash), exist_ok=True)
        with open(flash, "w", encoding="utf-8") as f:
            json.dump(scenario, f)
        data = {"format": "hftest-suite-1", "suite": name,
                "flash": f"{name}/flash.bin", "smp": 2, "timeout": 1.5}
        data.update(desc)
        with open(os.path.join(self.build, "hftest", f"{name}.json"), "w",
                  encoding="utf-8") as f:
            json.dump(data, f)
        return flash

    def main(self, *extra):
        argv = ["--build", self.build, "--out", self.out,
                "--qemu", f"{sys.executable} {FAKE_QEMU}"] + list(extra)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out):
            code = hftest.main(argv)
        return code, out.getvalue()

    def junit(self):
        return ET.parse(os.path.join(self.out, "hftest_junit.xml")).getroot()

    def test_full_run(self):
        flash = self.suite("smoke", {"tests": self.TESTS},
                           expected={"mem.known_bug": "FAIL",
                                     "mem.skipped": "SKIP"})
        start = time.monotonic()
        code, out = self.main("--jobs", "8")
        elapsed = time.monotonic() - start
        self.assertEqual(code, 1, out)
        # The hanging test is killed at the 1.5 s timeout, in parallel with
        # the rest.
        self.assertLess(elapsed, 6, out)
        lines = out.splitlines()
        for want in ("PASS  smoke/ffa.version", "PASS  smoke/ffa.features",
                     "FAIL  smoke/ffa.broken", "FAIL  smoke/mem.hangs",
                     "FAIL  smoke/mem.panics", "XFAIL smoke/mem.known_bug",
                     "SKIP  smoke/mem.skipped"):
            self.assertTrue(any(l.startswith(want) for l in lines),
                            f"{want!r} not in:\n{out}")
        self.assertIn("timed out after 1.5 s", out)
        self.assertIn("QEMU exit code 3", out)
        self.assertIn("hftest: 3 passed, 3 failed, 1 skipped", out)

        root = self.junit()
        self.assertEqual((root.get("tests"), root.get("failures"),
                          root.get("skipped")), ("7", "3", "1"))
        suite = root.find("testsuite")
        self.assertEqual(suite.get("name"), "smoke")
        cases = {c.get("name"): c for c in suite.iter("testcase")}
        self.assertEqual(cases["version"].get("classname"), "smoke.ffa")
        self.assertIsNone(cases["version"].find("failure"))
        broken = cases["broken"].find("failure")
        self.assertIn("result FAIL", broken.get("message"))
        self.assertIn("test/x.c:42: EXPECT_EQ(1, 2)", broken.text)
        self.assertIn("SPMC: fake boot", broken.text)
        self.assertIsNotNone(cases["skipped"].find("skipped"))
        self.assertIsNone(cases["known_bug"].find("failure"))
        sysout = cases["version"].find("system-out").text
        logdir = os.path.join(self.out, "smoke", "ffa.version")
        self.assertIn(os.path.join(logdir, "uart0.log"), sysout)

        # Per-test logs, and the command each boot got.
        with open(os.path.join(logdir, "uart0.log"), encoding="utf-8") as f:
            self.assertIn("[hftest] run ffa version", f.read())
        with open(os.path.join(logdir, "uart1.log"), encoding="utf-8") as f:
            self.assertIn("SPMC: fake boot", f.read())
        with open(os.path.join(logdir, "command.bin"), "rb") as f:
            page = f.read()
        self.assertEqual(len(page), 4096)
        self.assertTrue(page.startswith(b"run ffa version\0"))
        self.assertTrue(os.path.isdir(os.path.join(self.out, "smoke",
                                                   "list")))
        self.assertFalse(os.path.exists(os.path.join(self.out, "smoke",
                                                     "mem.skipped")))
        # One list boot plus one per test run; every boot got -smp 2.
        with open(flash + ".argv", encoding="utf-8") as f:
            boots = [json.loads(line) for line in f]
        self.assertEqual(len(boots), 1 + 6)
        for argv in boots:
            self.assertEqual(argv[argv.index("-smp") + 1], "2")
            self.assertEqual(argv[argv.index("-m") + 1], "1024")
            self.assertIn("-no-reboot", argv)

    def test_filters_and_list(self):
        self.suite("smoke", {"tests": self.TESTS})
        self.suite("other", {"tests": [["ffa", "version", "pass"]]})
        code, out = self.main("--list", "--suite", "^ffa$")
        self.assertEqual(code, 0, out)
        self.assertEqual(sorted(out.split("\n")[:-1]),
                         ["other ffa version", "smoke ffa broken",
                          "smoke ffa features", "smoke ffa version"])
        code, out = self.main("--suite", "other")
        self.assertEqual(code, 0, out)
        self.assertIn("hftest: 1 passed, 0 failed", out)
        code, out = self.main("--test", r"^ffa\.(version|features)$")
        self.assertEqual(code, 0, out)
        self.assertIn("hftest: 3 passed, 0 failed", out)
        code, out = self.main("--suite", "smoke", "--test", "broken")
        self.assertEqual(code, 1, out)
        self.assertIn("hftest: 0 passed, 1 failed", out)

    def test_timeout_option_overrides_suite(self):
        self.suite("slow", {"tests": [["a", "slow", "slow:0.8"]]},
                   timeout=0.4)
        code, out = self.main()
        self.assertEqual(code, 1, out)
        self.assertIn("timed out after 0.4 s", out)
        code, out = self.main("--timeout", "5")
        self.assertEqual(code, 0, out)

    def test_parallel_jobs(self):
        self.suite("par", {"tests": [["p", f"t{i}", "slow:0.7"]
                                     for i in range(4)]})
        start = time.monotonic()
        code, out = self.main("--jobs", "4")
        self.assertEqual(code, 0, out)
        # Serially this would take at least 2.8 s.
        self.assertLess(time.monotonic() - start, 2.5, out)

    def test_list_failures(self):
        for how in ("hang", "noend", "nobegin", "bad", "dup", "exit5"):
            with self.subTest(how=how):
                self.suite("broken", {"tests": [["a", "b", "pass"]],
                                      "list": how}, timeout=1)
                code, out = self.main()
                self.assertEqual(code, 1, out)
                self.assertIn("FAIL  broken/list", out)
                case = self.junit().find("testsuite/testcase")
                self.assertEqual(case.get("name"), "list")
                self.assertIsNotNone(case.find("failure"))

    def test_other_bad_runs(self):
        self.suite("bad", {"tests": [["a", "noresult", "noresult"],
                                     ["a", "exit1", "exit1"],
                                     ["a", "wrong", "wrong"],
                                     ["a", "twice", "twice"],
                                     ["a", "failure_pass", "failure_pass"],
                                     ["a", "garbage", "garbage"]]})
        code, out = self.main()
        self.assertEqual(code, 1, out)
        self.assertIn("hftest: 0 passed, 6 failed", out)
        # Control characters from a runaway image still give valid XML.
        cases = {c.get("name"): c for c in self.junit().iter("testcase")}
        self.assertIn("\\x00\\x07\\x1b[0m", cases["garbage"].find(
            "failure").text)

    def test_unexpected_pass_of_expected_failure(self):
        self.suite("x", {"tests": [["a", "b", "pass"]]},
                   expected={"a.b": "FAIL"})
        code, out = self.main()
        self.assertEqual(code, 1, out)
        self.assertIn("expects it to fail", out)

    def test_boot_mode(self):
        self.suite("bootfail", {"boot": "uart1:sp3: init failed"},
                   mode="boot",
                   boot={"name": "sp3_fails_init", "uart1": ["init failed"],
                         "uart1_absent": ["PANIC"]})
        self.suite("el3panic", {"boot": "panic"}, mode="boot",
                   boot={"exit_code": 3, "result": "none",
                         "uart0": ["EL3 PANIC"]})
        code, out = self.main()
        self.assertEqual(code, 0, out)
        self.assertIn("PASS  bootfail/sp3_fails_init", out)
        self.assertIn("PASS  el3panic/boot", out)
        self.assertIn("hftest: 2 passed, 0 failed", out)
        names = sorted(c.get("classname") + "/" + c.get("name")
                       for c in self.junit().iter("testcase"))
        self.assertEqual(names, ["bootfail/sp3_fails_init", "el3panic/boot"])

    def test_boot_mode_failure(self):
        self.suite("bootfail", {"boot": "pass"}, mode="boot",
                   boot={"uart1": ["init failed"]})
        code, out = self.main()
        self.assertEqual(code, 1, out)
        self.assertIn("UART1 never matched /init failed/", out)

    def test_interrupt_stops_everything(self):
        self.suite("x", {"tests": [["a", "hang1", "hang"],
                                   ["a", "hang2", "hang"],
                                   ["a", "boom", "pass"]] +
                         [["b", f"t{i}", "slow:5"] for i in range(4)]},
                   timeout=60)
        judge = hftest.Runner.judge_case

        def interrupting(runner, case):
            if case.name == "boom":
                time.sleep(0.3)
                raise KeyboardInterrupt
            return judge(runner, case)

        start = time.monotonic()
        with unittest.mock.patch.object(hftest.Runner, "judge_case",
                                        interrupting):
            code, out = self.main("--jobs", "3")
        # The hanging boots are killed and the queued ones never start.
        self.assertLess(time.monotonic() - start, 5, out)
        self.assertEqual(code, 130, out)
        self.assertIn("interrupted", out)

    def test_no_suites(self):
        code, out = self.main()
        self.assertEqual(code, 2, out)
        self.assertIn("no suite descriptor", out)
        code, out = self.main("--allow-empty")
        self.assertEqual(code, 0, out)

    def test_missing_flash(self):
        flash = self.suite("gone", {"tests": []})
        os.remove(flash)
        code, out = self.main()
        self.assertEqual(code, 2, out)
        self.assertIn("not built?", out)

    def test_missing_qemu_binary(self):
        self.suite("x", {"tests": [["a", "b", "pass"]]})
        argv = ["--build", self.build, "--out", self.out,
                "--qemu", os.path.join(self.dir, "no-such-qemu")]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = hftest.main(argv)
        self.assertEqual(code, 1)
        self.assertIn("cannot run", out.getvalue())


if __name__ == "__main__":
    unittest.main()
