#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Tests of tools/check_manifests.py: each bad manifest of
test/data/bad_manifests/ is refused with a line naming the file, the node
and the property, and the good manifests of the tree pass.

Run: /usr/bin/python3 -m unittest tools/test_check_manifests.py
"""

import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKER = os.path.join(ROOT, "tools", "check_manifests.py")
BAD = os.path.join("test", "data", "bad_manifests")
GOOD = [
    os.path.join("project", "qemu", "fdts", "spmc_manifest.dts"),
    os.path.join("project", "qemu", "fdts", "sp1_up.dts"),
    os.path.join("project", "qemu", "fdts", "sp2_mp.dts"),
]


class CheckManifestsTest(unittest.TestCase):
    """Runs the checker as `make check-manifests` does, from the root."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def check(self, *files):
        """Runs the checker on `files`; returns (exit status, lines)."""
        res = subprocess.run(
            [sys.executable, CHECKER, "--out", self.tmp.name, *files],
            cwd=ROOT, capture_output=True, text=True, check=False)
        return res.returncode, (res.stdout + res.stderr).splitlines()

    def assert_refused(self, name, node, prop, words):
        """`name` is refused with exactly one error line about `node` and
        `prop` whose message contains `words`."""
        path = os.path.join(BAD, name)
        status, lines = self.check(path)
        self.assertEqual(status, 1, "\n".join(lines))
        errors = [l for l in lines if not l.startswith("check_manifests:")]
        self.assertEqual(len(errors), 1, "\n".join(lines))
        self.assertTrue(errors[0].startswith(f"{path}: {node}: {prop}: "),
                        errors[0])
        self.assertIn(words, errors[0])

    def test_wrong_type(self):
        self.assert_refused("wrong_type.dts", "/", "messaging-method",
                            'wrong type, expected cells <...> (got "direct")')

    def test_missing_mandatory(self):
        self.assert_refused("missing_mandatory.dts", "/",
                            "execution-ctx-count",
                            "mandatory property is missing")

    def test_unknown_property(self):
        self.assert_refused("unknown_property.dts", "/memory-regions/scratch",
                            "fancy-feature", "unknown property")

    def test_spmc_load_address_one_cell(self):
        self.assert_refused("spmc_load_address_1cell.dts", "/attribute",
                            "load_address",
                            "two cells <hi lo> or /bits/ 64")

    def test_every_bad_manifest_is_refused(self):
        """No file of bad_manifests/ passes, even those without a test."""
        for name in sorted(os.listdir(os.path.join(ROOT, BAD))):
            if name.endswith(".dts"):
                with self.subTest(name=name):
                    status, lines = self.check(os.path.join(BAD, name))
                    self.assertEqual(status, 1, "\n".join(lines))

    def test_good_manifests_pass(self):
        status, lines = self.check(*GOOD)
        self.assertEqual(status, 0, "\n".join(lines))
        self.assertIn("check_manifests: 3 manifest(s)", lines[-1])

    def test_tree_passes_and_skips_bad_manifests(self):
        """With no argument every manifest of the tree is checked, the
        good ones pass and bad_manifests/ is left out."""
        status, lines = self.check()
        self.assertEqual(status, 0, "\n".join(lines))
        self.assertFalse(any(BAD in l for l in lines), "\n".join(lines))

    def test_not_a_manifest_is_an_error_when_named(self):
        dts = os.path.join(self.tmp.name, "other.dts")
        with open(dts, "w", encoding="utf-8") as f:
            f.write('/dts-v1/;\n/ { compatible = "acme,board"; };\n')
        status, lines = self.check(dts)
        self.assertEqual(status, 1, "\n".join(lines))
        self.assertTrue(lines[0].startswith(f"{dts}: /: compatible: "),
                        lines[0])


if __name__ == "__main__":
    unittest.main()
