#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of tools/qemu.py (stdlib unittest).

The command line and the run mechanics are tested with the scripted fake
(tools/test_hftest_fake_qemu.py). One test boots the real QEMU with a
tiny EL3 program assembled here (skipped without qemu-system-aarch64,
clang-19 and ld.lld-19): it checks the command page, the UART mapping and
the semihosting exit code the rest of the rig relies on.
Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_qemu.py'
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qemu  # noqa: E402  pylint: disable=wrong-import-position

FAKE_QEMU = [sys.executable, os.path.join(HERE, "test_hftest_fake_qemu.py")]

# Runs at EL3 from flash address 0 on CPU 0 (the others sleep): prints
# "<command page>" on UART0 and "u" on UART1, then exits through
# semihosting SYS_EXIT with code = first command byte - '0', or hangs if
# that byte is 'h'.
PROBE_S = r"""
	.global	_start
_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cbnz	x0, park
	ldr	x1, =0x5ffff000
	ldr	x2, =0x09000000
	ldr	x3, =0x09040000
	mov	w5, #'<'
	str	w5, [x2]
1:	ldrb	w4, [x1], #1
	cbz	w4, 2f
	str	w4, [x2]
	b	1b
2:	mov	w5, #'>'
	str	w5, [x2]
	mov	w5, #'\n'
	str	w5, [x2]
	mov	w5, #'u'
	str	w5, [x3]
	mov	w5, #'\n'
	str	w5, [x3]
	ldr	x1, =0x5ffff000
	ldrb	w4, [x1]
	cmp	w4, #'h'
	b.eq	park
	sub	w4, w4, #'0'
	ldr	x1, =0x5ffff800
	ldr	x6, =0x20026
	str	x6, [x1]
	str	x4, [x1, #8]
	mov	x0, #0x18
	hlt	#0xf000
park:	wfi
	b	park
"""


def write_scenario(directory, scenario):
    """A fake "flash image": the scenario the fake QEMU plays."""
    path = os.path.join(directory, "flash.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario, f)
    return path


class CommandPageTest(unittest.TestCase):

    def test_padded_and_terminated(self):
        page = qemu.command_page("run ffa version")
        self.assertEqual(len(page), qemu.COMMAND_PAGE_SIZE)
        self.assertEqual(page[:16], b"run ffa version\0")
        self.assertEqual(page[16:], bytes(len(page) - 16))

    def test_none_is_all_zero(self):
        self.assertEqual(qemu.command_page(None), bytes(4096))

    def test_rejects(self):
        for bad in ("a\0b", "caf\u00e9", "x" * 4096):
            with self.subTest(bad=bad[:8]), self.assertRaises(
                    qemu.QemuError):
                qemu.command_page(bad)
        self.assertEqual(len(qemu.command_page("x" * 4095)), 4096)


class CommandLineTest(unittest.TestCase):

    def test_rig_command_line(self):
        rig = qemu.Rig(flash="f.bin", smp=2)
        argv = qemu.command_line(rig, "u0.log", "u1.log", "cmd.bin")
        self.assertEqual(argv[0], "qemu-system-aarch64")
        text = " ".join(argv)
        for want in ("-machine virt,secure=on,virtualization=on,"
                     "gic-version=3", "-cpu max", "-smp 2", "-m 1024",
                     "-nographic", "-bios f.bin",
                     "-semihosting-config enable=on,target=native",
                     "-serial file:u0.log -serial file:u1.log",
                     "-no-reboot", "-device loader,file=cmd.bin,"
                     "addr=0x5ffff000,force-raw=on"):
            self.assertIn(want, text)
        self.assertNotIn("-icount", argv)
        self.assertNotIn("-accel", argv)

    def test_options(self):
        rig = qemu.Rig(flash="f.bin", icount=0, single_thread=True,
                       qemu=["/x/qemu", "-L", "y"], memory_mb=512,
                       extra_args=["-d", "guest_errors"])
        argv = qemu.command_line(rig, "stdio", None)
        self.assertEqual(argv[:3], ["/x/qemu", "-L", "y"])
        text = " ".join(argv)
        for want in ("-m 512", "-serial stdio -serial null",
                     "-icount shift=0", "-accel tcg,thread=single"):
            self.assertIn(want, text)
        self.assertEqual(argv[-2:], ["-d", "guest_errors"])
        self.assertNotIn("-device", argv)


class RunTest(unittest.TestCase):
    """`run` with the fake QEMU."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def rig(self, scenario):
        return qemu.Rig(flash=write_scenario(self.dir, scenario),
                        qemu=FAKE_QEMU)

    def test_logs_and_exit_code(self):
        rig = self.rig({"tests": [["a", "b", "pass"], ["a", "p", "panic"]]})
        work = os.path.join(self.dir, "w")
        res = qemu.run(rig, work, command="run a b", timeout=20)
        self.assertTrue(res.passed_exit)
        self.assertEqual(res.exit_code, 0)
        self.assertIn("[hftest] result PASS", res.uart0_text())
        self.assertIn("SPMC: fake boot", res.uart1_text())
        self.assertEqual(res.uart0, os.path.join(work, "uart0.log"))
        self.assertTrue(os.path.isfile(os.path.join(work, "command.bin")))
        res = qemu.run(rig, work, command="run a p", timeout=20)
        self.assertEqual(res.exit_code, 3)
        self.assertFalse(res.passed_exit)
        self.assertNotIn("result PASS", res.uart0_text())

    def test_no_command_leaves_page_zero(self):
        rig = self.rig({"tests": [["a", "b", "pass"]]})
        res = qemu.run(rig, os.path.join(self.dir, "w"), timeout=20)
        self.assertNotIn("-device", res.argv)
        self.assertIn("[hftest] list-begin", res.uart0_text())

    def test_timeout_kills(self):
        rig = self.rig({"tests": [["a", "b", "hang"]]})
        start = time.monotonic()
        res = qemu.run(rig, os.path.join(self.dir, "w"), command="run a b",
                       timeout=0.5)
        self.assertLess(time.monotonic() - start, 5)
        self.assertTrue(res.timed_out)
        self.assertIsNone(res.exit_code)
        self.assertFalse(res.passed_exit)
        self.assertIn("[hftest] run a b", res.uart0_text())

    def test_cancel_kills(self):
        rig = self.rig({"tests": [["a", "b", "hang"]]})
        cancel = threading.Event()
        threading.Timer(0.5, cancel.set).start()
        start = time.monotonic()
        res = qemu.run(rig, os.path.join(self.dir, "w"), command="run a b",
                       timeout=60, cancel=cancel)
        self.assertLess(time.monotonic() - start, 5)
        self.assertTrue(res.cancelled)
        self.assertFalse(res.timed_out)
        self.assertIsNone(res.exit_code)

    def test_cancel_event_with_timeout_and_exit(self):
        rig = self.rig({"tests": [["a", "b", "hang"], ["a", "c", "pass"]]})
        work = os.path.join(self.dir, "w")
        res = qemu.run(rig, work, command="run a b", timeout=0.3,
                       cancel=threading.Event())
        self.assertTrue(res.timed_out)
        self.assertFalse(res.cancelled)
        res = qemu.run(rig, work, command="run a c", timeout=20,
                       cancel=threading.Event())
        self.assertEqual(res.exit_code, 0)
        self.assertFalse(res.cancelled)

    def test_errors(self):
        with self.assertRaises(qemu.QemuError):
            qemu.run(qemu.Rig(flash=os.path.join(self.dir, "none")),
                     self.dir)
        rig = qemu.Rig(flash=write_scenario(self.dir, {}),
                       qemu=os.path.join(self.dir, "no-qemu"))
        with self.assertRaises(qemu.QemuError):
            qemu.run(rig, self.dir)

    def test_missing_log_reads_empty(self):
        self.assertEqual(qemu.read_text(os.path.join(self.dir, "x")), "")
        self.assertEqual(qemu.read_text(None), "")


def build_probe(directory):
    """Assembles PROBE_S into a flat binary; None if the tools are
    missing."""
    tools = ("clang-19", "ld.lld-19", "llvm-objcopy-19")
    if not all(shutil.which(t) for t in tools):
        return None
    src, obj = (os.path.join(directory, n) for n in ("probe.S", "probe.o"))
    elf, out = (os.path.join(directory, n) for n in ("probe.elf", "p.bin"))
    with open(src, "w", encoding="utf-8") as f:
        f.write(PROBE_S)
    for cmd in (["clang-19", "--target=aarch64-none-elf", "-c", src, "-o",
                 obj],
                ["ld.lld-19", "-Ttext=0", obj, "-o", elf],
                ["llvm-objcopy-19", "-O", "binary", elf, out]):
        subprocess.run(cmd, check=True, capture_output=True)
    return out


@unittest.skipUnless(shutil.which(qemu.QEMU), "no qemu-system-aarch64")
class RealQemuTest(unittest.TestCase):
    """The rig's assumptions, checked on the real emulator."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.flash = build_probe(self.dir)
        if self.flash is None:
            self.skipTest("no clang-19/ld.lld-19 to build the probe")

    def tearDown(self):
        self.tmp.cleanup()

    def test_command_page_uarts_and_exit_code(self):
        rig = qemu.Rig(flash=self.flash)
        res = qemu.run(rig, os.path.join(self.dir, "a"),
                       command="7run ffa version", timeout=30)
        self.assertEqual(res.exit_code, 7, res.qemu_text())
        self.assertEqual(res.uart0_text(), "<7run ffa version>\n")
        self.assertEqual(res.uart1_text(), "u\n")
        self.assertEqual(res.qemu_text(), "")

    def test_hang_is_killed(self):
        rig = qemu.Rig(flash=self.flash, smp=1, icount=0)
        res = qemu.run(rig, os.path.join(self.dir, "b"), command="hang",
                       timeout=1)
        self.assertTrue(res.timed_out)
        self.assertEqual(res.uart0_text(), "<hang>\n")


if __name__ == "__main__":
    unittest.main()
