#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of tools/sp_pack.py (stdlib unittest).

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
Tests that need dtc/fdtget or fiptool are skipped when those are missing.
"""

import contextlib
import copy
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sp_pack  # noqa: E402  pylint: disable=wrong-import-position

HAVE_DTC = bool(shutil.which("dtc") and shutil.which("fdtget"))
HAVE_FIPTOOL = bool(shutil.which("fiptool"))

VALID = {
    "sp1": {"image": "sp1.bin", "pm": "sp1.dts", "owner": "SiP"},
    "sp2": {
        "image": {"file": "sp2.bin", "offset": "0x4000"},
        "pm": {"file": "sp2.dts", "offset": 4096},
        "owner": "Plat",
        "uuid": "B4B5671E-4A90-4FE1-B81F-FB13DAE1DACB",
        "physical-load-address": "0xe500000",
        "package": "tl_pkg",
        "size": "0x10000",
    },
}

MANIFEST_DTS = """/dts-v1/;
/ {
	compatible = "arm,ffa-manifest-1.0";
	ffa-version = <0x00010002>;
	uuid = <0x1e67b5b4 0xe14f904a 0x13fb1fb8 0xcbdae1da>;
	execution-ctx-count = <1>;
	exception-level = <2>;
	execution-state = <0>;
	load-address = <%s>;
	entrypoint-offset = <0x4000>;
	messaging-method = <0x3>;
	ns-interrupts-action = <2>;
};
"""


def tl_entries(data):
    """Walks a Transfer List: [(tag, data offset, data size)]."""
    used = struct.unpack_from("<I", data, 8)[0]
    off = (data[6] + 7) & ~7
    out = []
    while off < used:
        tag_lo, tag_hi, hdr, size = struct.unpack_from("<HBBI", data, off)
        out.append((tag_lo | tag_hi << 16, off + hdr, size))
        off = (off + hdr + size + 7) & ~7
    return out


class SchemaTest(unittest.TestCase):
    """The layout schema and the error messages it produces."""

    def error_of(self, layout):
        with self.assertRaises(sp_pack.PackError) as ctx:
            sp_pack.validate_layout(layout)
        return str(ctx.exception)

    def test_schema_is_valid_draft7(self):
        with open(sp_pack.SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        sp_pack.jsonschema.Draft7Validator.check_schema(schema)

    def test_valid_layout(self):
        sp_pack.validate_layout(VALID)

    def test_test_data_layout_is_valid(self):
        path = os.path.join(os.path.dirname(sp_pack.SCHEMA), "..", "..",
                            "test", "data", "packaging", "sp_layout.json")
        sp_pack.load_layout(path)

    def test_unknown_key_names_sp_and_key(self):
        layout = copy.deepcopy(VALID)
        layout["sp1"]["imgae"] = "x.bin"
        msg = self.error_of(layout)
        self.assertIn("SP 'sp1'", msg)
        self.assertIn("'imgae'", msg)

    def test_missing_pm(self):
        layout = copy.deepcopy(VALID)
        del layout["sp2"]["pm"]
        msg = self.error_of(layout)
        self.assertIn("SP 'sp2'", msg)
        self.assertIn("'pm' is a required property", msg)

    def test_bad_owner(self):
        layout = copy.deepcopy(VALID)
        layout["sp1"]["owner"] = "Vendor"
        msg = self.error_of(layout)
        self.assertIn("SP 'sp1', key 'owner'", msg)

    def test_bad_uuid(self):
        layout = copy.deepcopy(VALID)
        layout["sp2"]["uuid"] = "b4b5671e4a904fe1b81ffb13dae1dacb"
        self.assertIn("SP 'sp2', key 'uuid'", self.error_of(layout))

    def test_bad_package(self):
        layout = copy.deepcopy(VALID)
        layout["sp2"]["package"] = "zip"
        self.assertIn("SP 'sp2', key 'package'", self.error_of(layout))

    def test_bad_offset(self):
        layout = copy.deepcopy(VALID)
        layout["sp2"]["image"]["offset"] = "0xg000"
        msg = self.error_of(layout)
        self.assertIn("SP 'sp2', key 'image.offset'", msg)

    def test_file_ref_without_file(self):
        layout = copy.deepcopy(VALID)
        layout["sp2"]["pm"] = {"offset": "0x1000"}
        msg = self.error_of(layout)
        self.assertIn("SP 'sp2', key 'pm'", msg)
        self.assertIn("'file' is a required property", msg)

    def test_size_needs_tl_pkg(self):
        layout = copy.deepcopy(VALID)
        del layout["sp2"]["package"]
        msg = self.error_of(layout)
        self.assertIn("SP 'sp2', key 'size'", msg)

    def test_at_most_eight_sps(self):
        layout = {f"sp{i}": {"image": "a", "pm": "b"} for i in range(9)}
        self.assertIn("more than 8 SPs", self.error_of(layout))
        del layout["sp8"]
        sp_pack.validate_layout(layout)

    def test_empty_layout(self):
        self.assertIn("the layout is empty", self.error_of({}))

    def test_bad_sp_name(self):
        layout = {"my sp": {"image": "a", "pm": "b"}}
        self.assertIn("my sp", self.error_of(layout))

    def test_sp_not_an_object(self):
        self.assertIn("SP 'sp1'", self.error_of({"sp1": "sp1.bin"}))


class UuidTest(unittest.TestCase):
    """§2.2: manifest cells to the FIP / TB_FW_CONFIG string."""

    def test_worked_example(self):
        cells = [0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da]
        self.assertEqual(sp_pack.uuid_from_cells(cells),
                         "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb")

    def test_round_trip(self):
        cells = [0x6b1c5f3e, 0x4e8d2a71, 0x5a0b3f9c, 0x7d2e4f18]
        text = sp_pack.uuid_from_cells(cells)
        self.assertRegex(text, sp_pack.UUID_RE)
        self.assertEqual(sp_pack.cells_from_uuid(text), cells)

    def test_extra_cells_ignored_short_rejected(self):
        cells = [1, 2, 3, 4, 5, 6, 7, 8]
        self.assertEqual(sp_pack.uuid_from_cells(cells),
                         sp_pack.uuid_from_cells(cells[:4]))
        with self.assertRaises(sp_pack.PackError):
            sp_pack.uuid_from_cells([1, 2, 3])


class PackageTest(unittest.TestCase):
    """SPKG and Transfer List headers, byte by byte (§2.3)."""

    pm = bytes.fromhex("d00dfeed00000050") + bytes(range(72))
    img = bytes(range(200, 255))

    def test_spkg_v2_header(self):
        pkg = sp_pack.build_spkg(2, self.pm, self.img, 0x1000, 0x4000)
        self.assertEqual(struct.unpack_from("<6I", pkg), (
            0x474B5053, 2, 0x1000, len(self.pm), 0x4000, len(self.img)))
        self.assertEqual(pkg[:4], b"SPKG")
        self.assertEqual(pkg[0x1000:0x1000 + len(self.pm)], self.pm)
        self.assertEqual(pkg[0x4000:], self.img)
        self.assertEqual(len(pkg), 0x4000 + len(self.img))

    def test_spkg_v1_layout(self):
        pm_off, img_off = sp_pack.spkg_layout("x", 1, len(self.pm), None,
                                              None)
        self.assertEqual((pm_off, img_off), (24, 0x1000))
        pkg = sp_pack.build_spkg(1, self.pm, self.img, pm_off, img_off)
        self.assertEqual(struct.unpack_from("<6I", pkg)[1:4],
                         (1, 24, len(self.pm)))
        self.assertEqual(pkg[24:24 + len(self.pm)], self.pm)
        # A manifest reaching past the first page pushes the image on.
        self.assertEqual(sp_pack.spkg_layout("x", 1, 0x1000 - 23, None,
                                             None), (24, 0x2000))

    def test_spkg_layout_errors_name_the_sp(self):
        for args in ((1, 100, 0x1000, None), (2, 100, 0x1008, None),
                     (2, 100, 0, None), (2, 0x3001, 0x1000, 0x4000),
                     (2, 100, 0x1000, 0x4010)):
            with self.assertRaises(sp_pack.PackError) as ctx:
                sp_pack.spkg_layout("spx", *args)
            self.assertIn("SP 'spx'", str(ctx.exception))

    def test_tl_package(self):
        tl = sp_pack.build_tl(self.pm, self.img, 0x1000, 0x4000)
        sig, _, version, hdr, align, used, total, flags = \
            struct.unpack_from("<IBBBBIII", tl)
        self.assertEqual((sig, version, hdr, align, flags),
                         (0x4A0FB10B, 1, 0x18, 12, 1))
        self.assertEqual(used, len(tl))
        self.assertEqual(total, used)
        self.assertEqual(used % 8, 0)
        self.assertEqual(sum(tl) % 256, 0)
        entries = [e for e in tl_entries(tl) if e[0] != 0]
        self.assertEqual(entries, [(0x106, 0x1000, len(self.pm)),
                                   (0x103, 0x4000, len(self.img))])
        self.assertEqual(tl[0x4000:0x4000 + len(self.img)], self.img)

    def test_tl_package_with_hob_and_size(self):
        tl = sp_pack.build_tl(self.pm, self.img, 0x1000, 0x3000, 0x8000,
                              hob=(b"hob!" * 4, 0x2000))
        used, total = struct.unpack_from("<II", tl, 8)
        self.assertEqual(len(tl), 0x8000)
        self.assertEqual(total, 0x8000)
        self.assertEqual(sum(tl[:used]) % 256, 0)
        tags = [e[0] for e in tl_entries(tl) if e[0] != 0]
        self.assertEqual(tags, [0x106, 0x3, 0x103])
        with self.assertRaises(ValueError):
            sp_pack.build_tl(self.pm, self.img, 0x1000, 0x3000, 0x100)

    def test_tl_layout_errors(self):
        with self.assertRaises(sp_pack.PackError):
            sp_pack.tl_layout("x", 0x1000, 0x1000, 0x2000)
        with self.assertRaises(sp_pack.PackError):
            sp_pack.tl_layout("x", 16, 0x800, 0x2000)

    def test_fragment(self):
        sp = sp_pack.Sp("sp1")
        sp.uuid = "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb"
        sp.load_address = 0xe300000
        text = sp_pack.sp_list_fragment([sp])
        self.assertIn('compatible = "arm,sp";', text)
        self.assertIn("\tsp1 {", text)
        self.assertIn('uuid = "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb";', text)
        self.assertIn("load-address = <0xe300000>;", text)
        self.assertIn('owner = "SiP";', text)


@unittest.skipUnless(HAVE_DTC, "needs dtc and fdtget")
class PackLayoutTest(unittest.TestCase):
    """The whole `pack` flow on a layout in a temporary directory."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sp_pack_test.")
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode) as f:
            f.write(data)
        return path

    def layout(self, sps, load="0xe300000"):
        self.write("sp.dts", MANIFEST_DTS % load)
        self.write("sp.bin", bytes(range(100)))
        return self.write("layout.json", json.dumps(sps))

    def test_pack_spkg_v2_and_outputs(self):
        path = self.layout({"spa": {"image": "sp.bin", "pm": "sp.dts"}})
        out = os.path.join(self.tmp, "out")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(sp_pack.main(["pack", "--layout", path,
                                           "--out-dir", out]), 0)
        with open(os.path.join(out, "spa.pkg"), "rb") as f:
            pkg = f.read()
        with open(os.path.join(out, "spa.dtb"), "rb") as f:
            dtb = f.read()
        self.assertEqual(struct.unpack_from("<6I", pkg), (
            0x474B5053, 2, 0x1000, len(dtb), 0x4000, 100))
        self.assertEqual(pkg[0x1000:0x1000 + len(dtb)], dtb)
        with open(os.path.join(out, "fip_args.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "--blob uuid=b4b5671e-4a90-4fe1-"
                             f"b81f-fb13dae1dacb,file={out}/spa.pkg\n")
        with open(os.path.join(out, "sp_list_fragment.dts"),
                  encoding="utf-8") as f:
            frag = f.read()
        self.assertIn('uuid = "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb";', frag)
        self.assertIn("load-address = <0xe300000>;", frag)
        # The whole TB_FW_CONFIG compiles.
        sp_pack.compile_dts(os.path.join(out, "tb_fw_config.dts"),
                            os.path.join(out, "tb.dtb"))

    def test_pack_v1_and_two_cell_load_address(self):
        path = self.layout({"spa": {"image": "sp.bin", "pm": "sp.dts"}},
                           load="0x0 0xe300000")
        out = os.path.join(self.tmp, "out")
        sps = sp_pack.pack_layout(path, out, spkg_version=1)
        self.assertEqual(sps[0].load_address, 0xe300000)
        self.assertEqual((sps[0].version, sps[0].pm[0], sps[0].img[0]),
                         (1, 24, 0x1000))

    def test_uuid_override_and_tl(self):
        path = self.layout({"spa": {
            "image": "sp.bin", "pm": "sp.dts", "package": "tl_pkg",
            "uuid": "01234567-89AB-cdef-0123-456789abcdef"}})
        sps = sp_pack.pack_layout(path, os.path.join(self.tmp, "out"))
        self.assertEqual(sps[0].uuid, "01234567-89ab-cdef-0123-456789abcdef")
        self.assertEqual(sps[0].fmt, "tl")
        with open(sps[0].pkg, "rb") as f:
            self.assertEqual(struct.unpack_from("<I", f.read())[0],
                             0x4A0FB10B)

    def test_errors(self):
        out = os.path.join(self.tmp, "out")
        path = self.layout({"spa": {"image": "nope.bin", "pm": "sp.dts"}})
        with self.assertRaisesRegex(sp_pack.PackError,
                                    "SP 'spa', key 'image'"):
            sp_pack.pack_layout(path, out)
        path = self.layout({"spa": {"image": "sp.bin", "pm": "sp.dts"},
                            "spb": {"image": "sp.bin", "pm": "sp.dts"}})
        with self.assertRaisesRegex(sp_pack.PackError, "also SP"):
            sp_pack.pack_layout(path, out)
        path = self.layout({"spa": {"image": "sp.bin", "pm": "sp.dts"}},
                           load="0x1 0x0")
        with self.assertRaisesRegex(sp_pack.PackError, "32 bits"):
            sp_pack.pack_layout(path, out)
        self.write("bad.dts", "/dts-v1/; / { oops")
        path = self.write("layout.json", json.dumps(
            {"spa": {"image": "sp.bin", "pm": "bad.dts"}}))
        with self.assertRaisesRegex(sp_pack.PackError, "dtc"):
            sp_pack.pack_layout(path, out)

    @unittest.skipUnless(HAVE_FIPTOOL, "needs fiptool")
    def test_fip(self):
        path = self.layout({"spa": {"image": "sp.bin", "pm": "sp.dts"}})
        out = os.path.join(self.tmp, "out")
        fip = os.path.join(out, "x.fip")
        bl32 = self.write("bl32.bin", b"\x00" * 64)
        summary = os.path.join(out, "summary.json")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(sp_pack.main([
                "fip", "--layout", path, "--out-dir", out, "--tos-fw", bl32,
                "--tos-fw-config", os.path.join(self.tmp, "sp.dts"),
                "--fip", fip, "--summary", summary, "--align", "16"]), 0)
        info = subprocess.run(["fiptool", "info", fip], capture_output=True,
                              text=True, check=True).stdout
        self.assertIn("B4B5671E-4A90-4FE1-B81F-FB13DAE1DACB", info)
        self.assertIn('cmdline="--tos-fw-config"', info)
        with open(summary, encoding="utf-8") as f:
            entries = json.load(f)["entries"]
        self.assertEqual([e["name"] for e in entries],
                         ["tos-fw", "tos-fw-config", "spa"])
        for e in entries:
            self.assertEqual(e["fip_offset"] % 16, 0)


if __name__ == "__main__":
    unittest.main()
