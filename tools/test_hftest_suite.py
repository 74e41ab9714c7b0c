#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of build/hftest/make_suite.py, the packing step of the
`hftest_suite` GN template (stdlib unittest). The end-to-end tests need
dtc, fdtget and fiptool and are skipped without them.
"""

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "build", "hftest"))
sys.path.insert(0, os.path.join(ROOT, "test", "hftest"))
import make_suite  # noqa: E402  pylint: disable=wrong-import-position
import hftest  # noqa: E402  pylint: disable=wrong-import-position

HAVE_TOOLS = all(shutil.which(t) for t in ("dtc", "fdtget", "fiptool"))
PACKAGING = os.path.join(ROOT, "test", "data", "packaging")


class LayoutTest(unittest.TestCase):
    """The SP layout the action generates in the build directory."""

    def test_from_partitions(self):
        layout = make_suite.layout_from_partitions([
            {"name": "sp1", "image": "aarch64/sp1.bin",
             "pm": "../../t/sp1.dts"},
            {"name": "sp2", "image": "aarch64/sp2.bin", "pm": "../../t/2.dts",
             "owner": "Plat", "load_address": "0xe500000",
             "package": "tl_pkg", "size": "0x10000",
             "uuid": "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb",
             "image_offset": "0x8000", "pm_offset": "0x2000"},
        ], "hftest/s")
        self.assertEqual(layout["sp1"], {"image": "../../aarch64/sp1.bin",
                                         "pm": "../../../../t/sp1.dts"})
        self.assertEqual(layout["sp2"], {
            "image": {"file": "../../aarch64/sp2.bin", "offset": "0x8000"},
            "pm": {"file": "../../../../t/2.dts", "offset": "0x2000"},
            "owner": "Plat", "physical-load-address": "0xe500000",
            "package": "tl_pkg", "size": "0x10000",
            "uuid": "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb"})

    def test_partition_errors(self):
        with self.assertRaises(make_suite.SuiteError):
            make_suite.layout_from_partitions([{"name": "x", "pm": "p"}],
                                              ".")
        twice = {"name": "x", "pm": "p", "image": "i"}
        with self.assertRaises(make_suite.SuiteError):
            make_suite.layout_from_partitions([twice, twice], ".")

    def test_from_file_rebases(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "suite")
            os.makedirs(src)
            path = os.path.join(src, "sp_layout.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"sp1": {"image": "sp1.bin", "pm": "sp1.dts",
                                   "owner": "SiP"},
                           "sp2": {"image": {"file": "sp2.bin",
                                             "offset": "0x4000"},
                                   "pm": {"file": "m/sp2.dts"}}}, f)
            out = os.path.join(tmp, "build", "hftest", "s")
            images = os.path.join(tmp, "build", "aarch64")
            layout = make_suite.layout_from_file(path, images, out)
            self.assertEqual(layout["sp1"], {
                "image": "../../aarch64/sp1.bin",
                "pm": "../../../suite/sp1.dts", "owner": "SiP"})
            self.assertEqual(layout["sp2"]["image"],
                             {"file": "../../aarch64/sp2.bin",
                              "offset": "0x4000"})
            self.assertEqual(make_suite.layout_inputs(layout, out), [
                os.path.join(src, "sp1.dts"),
                os.path.join(images, "sp1.bin"),
                os.path.join(src, "m", "sp2.dts"),
                os.path.join(images, "sp2.bin")])


class FlashTest(unittest.TestCase):

    def test_assemble(self):
        with tempfile.TemporaryDirectory() as tmp:
            fw, fip, flash = (os.path.join(tmp, n)
                              for n in ("fw", "fip", "flash"))
            with open(fw, "wb") as f:
                f.write(b"\x11" * 100)
            with open(fip, "wb") as f:
                f.write(b"\x22" * 10)
            make_suite.assemble_flash(fw, fip, flash)
            with open(flash, "rb") as f:
                data = f.read()
            self.assertEqual(len(data), 0x40000 + 10)
            self.assertEqual(data[:100], b"\x11" * 100)
            self.assertEqual(data[100:0x40000], bytes(0x40000 - 100))
            self.assertEqual(data[0x40000:], b"\x22" * 10)
            with open(fw, "wb") as f:
                f.write(bytes(0x40001))
            with self.assertRaises(make_suite.SuiteError):
                make_suite.assemble_flash(fw, fip, flash)


class DescriptorTest(unittest.TestCase):

    CFG = {"suite": "s", "descriptor": "hftest/s.json",
           "el3fw": "aarch64/el3fw.bin", "spmc": "aarch64/spmc.bin",
           "nwd": "aarch64/nwd.bin", "spmc_manifest": "../../t/m.dts"}

    def test_defaults_and_expected(self):
        cfg = dict(self.CFG, expected_failures=["a.b"], skip=["a.c"],
                   icount=0)
        desc = make_suite.descriptor(cfg, "hftest/s/flash.bin",
                                     "hftest/s/fip.bin", {"sp1": {}})
        self.assertEqual(desc["flash"], "s/flash.bin")
        self.assertEqual(desc["images"]["spmc"], "../aarch64/spmc.bin")
        self.assertEqual(desc["expected"], {"a.b": "FAIL", "a.c": "SKIP"})
        self.assertEqual((desc["smp"], desc["memory"], desc["timeout"],
                          desc["mode"], desc["icount"]),
                         (4, 1024, 10, "tests", 0))

    def test_errors(self):
        for extra in ({"expected_failures": ["a.b"], "skip": ["a.b"]},
                      {"mode": "quick"}, {"boot": {"exit_code": 1}}):
            with self.subTest(extra=extra), self.assertRaises(
                    make_suite.SuiteError):
                make_suite.descriptor(dict(self.CFG, **extra), "f", "p", {})


@unittest.skipUnless(HAVE_TOOLS, "needs dtc, fdtget and fiptool")
class MakeSuiteTest(unittest.TestCase):
    """The whole action on dummy images, read back by the driver."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.build = self.tmp.name
        os.makedirs(os.path.join(self.build, "aarch64"))
        for name, size in (("el3fw", 3000), ("spmc", 5000), ("nwd", 700),
                           ("sp1", 900)):
            with open(os.path.join(self.build, "aarch64", f"{name}.bin"),
                      "wb") as f:
                f.write(bytes([len(name)]) * size)
        self.cwd = os.getcwd()
        os.chdir(self.build)

    def tearDown(self):
        os.chdir(self.cwd)
        self.tmp.cleanup()

    def config(self, **extra):
        cfg = {"suite": "s", "out_dir": "hftest/s",
               "descriptor": "hftest/s.json", "depfile": "s.d",
               "el3fw": "aarch64/el3fw.bin", "spmc": "aarch64/spmc.bin",
               "nwd": "aarch64/nwd.bin",
               "spmc_manifest": os.path.join(PACKAGING,
                                             "spmc_manifest.dts"),
               "sp_pack": os.path.join(ROOT, "tools", "sp_pack.py"),
               "mkflash": "", "image_dir": "aarch64", "smp": 2}
        cfg.update(extra)
        with open("cfg.json", "w", encoding="utf-8") as f:
            json.dump(cfg, f)
        return cfg

    def fip_entries(self):
        out = subprocess.run(["fiptool", "info", "hftest/s/fip.bin"],
                             capture_output=True, text=True,
                             check=True).stdout
        return [line.split(":")[0] for line in out.splitlines()]

    def test_with_partitions(self):
        self.config(partitions=[{
            "name": "sp1", "image": "aarch64/sp1.bin",
            "pm": os.path.join(PACKAGING, "sp1.dts")}])
        self.assertEqual(make_suite.main(["--config", "cfg.json"]), 0)
        with open("hftest/s/flash.bin", "rb") as f:
            flash = f.read()
        with open("hftest/s/fip.bin", "rb") as f:
            fip = f.read()
        self.assertEqual(flash[:3000], bytes([5]) * 3000)
        self.assertEqual(flash[0x40000:], fip)
        entries = self.fip_entries()
        self.assertEqual(len(entries), 5)
        self.assertIn("TB_FW_CONFIG", entries)
        self.assertTrue(os.path.isfile("hftest/s/sp1.pkg"))
        with open("s.d", encoding="utf-8") as f:
            self.assertIn("sp1.dts", f.read())
        suite = hftest.load_suite("hftest/s.json")
        self.assertEqual(suite.smp, 2)
        self.assertEqual(os.path.realpath(suite.flash),
                         os.path.realpath("hftest/s/flash.bin"))

    def test_without_partitions(self):
        self.config()
        self.assertEqual(make_suite.main(["--config", "cfg.json"]), 0)
        entries = self.fip_entries()
        self.assertEqual(len(entries), 4)
        self.assertIn("TOS_FW_CONFIG", entries)

    def test_missing_image_fails_cleanly(self):
        self.config(nwd="aarch64/none.bin")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(make_suite.main(["--config", "cfg.json"]), 1)
        self.assertIn("nwd: aarch64/none.bin: no such file", err.getvalue())
        self.assertFalse(os.path.exists("hftest/s.json"))


if __name__ == "__main__":
    unittest.main()
