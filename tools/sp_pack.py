#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Packs secure partitions (SPs) and, optionally, a FIP.

Reads an SP_LAYOUT_FILE (JSON; tools/schema/sp_layout.schema.json), compiles
each partition manifest with dtc, and writes, into --out-dir:

  <sp>.dtb, <sp>.pkg       the compiled manifest and the SP package
                           (SPKG v2 by default, SPKG v1 with --spkg-version 1,
                           a Firmware Handoff Transfer List for "tl_pkg");
  fip_args.txt             one `--blob uuid=<uuid>,file=<pkg>` per line;
  sp_list_fragment.dts     the TB_FW_CONFIG `arm,sp` node, for #include;
  tb_fw_config.dts         a whole TB_FW_CONFIG holding that node.

`fip` does the same and then runs Debian's `fiptool create` with the SPMC
(--tos-fw), its manifest (--tos-fw-config) and the SP blobs. `--summary`
writes a JSON description of every payload (UUID, file, size, package
layout and, after `fip`, the offset fiptool gave it).

Facts: tfa-spmd-interface §2.2 (UUID byte order), §2.3 (package
formats), §2.4 (layout keys), §2.5 (TB_FW_CONFIG), §2.6 (fiptool).
Runs on Debian's /usr/bin/python3 with python3-jsonschema; needs dtc and
fdtget (device-tree-compiler) and, for `fip`, fiptool.
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import jsonschema

MAX_SP = 8
PAGE = 0x1000

SPKG_MAGIC = 0x474B5053
SPKG_HEADER_SIZE = 24
SPKG_DEFAULT_PM_OFFSET = 0x1000
SPKG_DEFAULT_IMG_OFFSET = 0x4000

TL_SIGNATURE = 0x4A0FB10B
TL_VERSION = 1
TL_HEADER_SIZE = 0x18
TL_ENTRY_HEADER_SIZE = 8
TL_ALIGN_LOG2 = 12
TL_FLAG_HAS_CHECKSUM = 1
TL_TAG_VOID = 0x0
TL_TAG_HOB_LIST = 0x3
TL_TAG_SP_BINARY = 0x103
TL_TAG_FFA_MANIFEST = 0x106

# fiptool option -> image UUID, for the images `fip` adds by name (§2.2).
FIP_IMAGES = {
    "tos-fw": "05d0e189-53dc-1347-8d2b-500a4b7a3e38",
    "tos-fw-config": "26257c1a-dbc6-7f47-8d96-c4c4b0248021",
    "tb-fw-config": "6c0458ff-af6b-7d4f-82ed-aa27bc69bfd2",
    "nt-fw": "d6d0eea7-fcea-d54b-9782-9934f234b6e4",
}

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema",
                      "sp_layout.schema.json")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                     r"[0-9a-f]{12}$")


class PackError(Exception):
    """A problem with the layout or its files, reported without a trace."""


def align_up(value, align):
    """Rounds `value` up to a multiple of `align` (a power of two)."""
    return (value + align - 1) & ~(align - 1)


def to_int(value):
    """Converts a layout number (int, or decimal/0x string) to an int."""
    return value if isinstance(value, int) else int(value, 0)


def uuid_from_cells(cells):
    """FF-A manifest `uuid` cells -> the RFC string fiptool uses.

    Each 32-bit word is stored little-endian (i.e. byte-swapped) and the
    16 bytes read in order (§2.2): <0x1e67b5b4 ...> gives b4b5671e-...
    """
    if len(cells) < 4:
        raise PackError(f"uuid has {len(cells)} cells, needs 4")
    raw = struct.pack("<4I", *cells[:4]).hex()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def cells_from_uuid(text):
    """The inverse of `uuid_from_cells`: RFC string -> four u32 cells."""
    return list(struct.unpack("<4I", bytes.fromhex(text.replace("-", ""))))


# Layout ----------------------------------------------------------------


def most_specific(err):
    """For a `oneOf` failure, the error of the branch the value was meant
    for: not a type mismatch, and the deepest one."""
    while err.context:
        branches = [e for e in err.context if e.validator != "type"]
        err = max(branches or err.context,
                  key=lambda e: len(e.absolute_path))
    return err


def describe_schema_error(err):
    """One line naming the SP and key a jsonschema error is about."""
    err = most_specific(err)
    path = list(err.absolute_path)
    if not path:
        if err.validator == "maxProperties":
            return f"more than {MAX_SP} SPs (at most {MAX_SP})"
        if err.validator == "minProperties":
            return "no SP: the layout is empty"
        return err.message
    where = f"SP '{path[0]}'"
    if len(path) > 1:
        where += f", key '{'.'.join(str(p) for p in path[1:])}'"
    return f"{where}: {err.message}"


def validate_layout(layout, schema=None):
    """Checks the layout against the schema; raises PackError listing all
    problems, each naming the SP and the key."""
    if schema is None:
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(layout),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise PackError("invalid layout:\n  " + "\n  ".join(
            describe_schema_error(e) for e in errors))
    for name, sp in layout.items():
        if "size" in sp and sp.get("package", "sp_pkg") != "tl_pkg":
            raise PackError(f"invalid layout:\n  SP '{name}', key 'size': "
                            "only valid with \"package\": \"tl_pkg\"")


def load_layout(path):
    """Reads and validates an SP_LAYOUT_FILE."""
    try:
        with open(path, encoding="utf-8") as f:
            layout = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise PackError(f"{path}: {e}") from e
    validate_layout(layout)
    return layout


def file_ref(sp, key, base_dir):
    """Returns (absolute path, offset or None) of layout key `key`."""
    ref = sp[key]
    if isinstance(ref, str):
        return os.path.join(base_dir, ref), None
    offset = to_int(ref["offset"]) if "offset" in ref else None
    return os.path.join(base_dir, ref["file"]), offset


# Device trees ----------------------------------------------------------


def run(cmd):
    """Runs a tool; raises PackError with its output if it fails."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              check=False)
    except OSError as e:
        raise PackError(f"cannot run {cmd[0]}: {e}") from e
    if proc.returncode != 0:
        raise PackError(f"{' '.join(cmd)} failed:\n{proc.stderr.strip()}")
    return proc.stdout


def compile_dts(dts, dtb):
    """Compiles `dts` to `dtb` with dtc."""
    if not os.path.isfile(dts):
        raise PackError(f"{dts}: no such file")
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts])


def fdt_cells(dtb, node, prop):
    """The u32 cells of `prop` in `node`, or None if it is absent."""
    proc = subprocess.run(["fdtget", "-t", "x", dtb, node, prop],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return None
    return [int(w, 16) for w in proc.stdout.split()]


def fdt_has(dtb, node, prop):
    """True if `node` has `prop`."""
    proc = subprocess.run(["fdtget", dtb, node, prop], capture_output=True,
                          text=True, check=False)
    return proc.returncode == 0


# Packages --------------------------------------------------------------


def spkg_layout(name, version, pm_size, pm_offset, img_offset):
    """Chooses and checks the SPKG offsets (§2.3). Returns (pm, img)."""
    if version == 1:
        if pm_offset not in (None, SPKG_HEADER_SIZE):
            raise PackError(f"SP '{name}', key 'pm': SPKG v1 puts the "
                            f"manifest at offset {SPKG_HEADER_SIZE}")
        pm_offset = SPKG_HEADER_SIZE
        first = align_up(pm_offset + pm_size, PAGE)
        img_offset = first if img_offset is None else img_offset
    else:
        pm_offset = SPKG_DEFAULT_PM_OFFSET if pm_offset is None else pm_offset
        img_offset = (SPKG_DEFAULT_IMG_OFFSET
                      if img_offset is None else img_offset)
        if pm_offset % PAGE or pm_offset < PAGE:
            raise PackError(f"SP '{name}', key 'pm': offset {pm_offset:#x} "
                            "must be 4 KiB aligned and at least 0x1000")
        first = pm_offset + pm_size
    if img_offset % PAGE or img_offset < first:
        raise PackError(f"SP '{name}', key 'image': offset {img_offset:#x} "
                        f"must be 4 KiB aligned and at least {first:#x} "
                        f"(the manifest is {pm_size:#x} bytes)")
    return pm_offset, img_offset


def build_spkg(version, pm, img, pm_offset, img_offset):
    """An SPKG package: header, manifest at pm_offset, image at
    img_offset, nothing after the image."""
    out = bytearray(img_offset + len(img))
    out[0:SPKG_HEADER_SIZE] = struct.pack(
        "<6I", SPKG_MAGIC, version, pm_offset, len(pm), img_offset, len(img))
    out[pm_offset:pm_offset + len(pm)] = pm
    out[img_offset:] = img
    return bytes(out)


def tl_add(buf, tag, data, data_offset=None):
    """Appends a transfer entry to `buf` (whose length is a multiple of 8)
    with its data at `data_offset`, adding a void entry as padding."""
    if data_offset is not None:
        base = data_offset - TL_ENTRY_HEADER_SIZE
        if base < len(buf):
            raise ValueError(f"offset {data_offset:#x} is taken")
        if base > len(buf):
            tl_add(buf, TL_TAG_VOID,
                   bytes(base - len(buf) - TL_ENTRY_HEADER_SIZE))
    buf += struct.pack("<HBBI", tag & 0xFFFF, tag >> 16,
                       TL_ENTRY_HEADER_SIZE, len(data))
    buf += data
    buf += bytes(align_up(len(buf), 8) - len(buf))


def build_tl(pm, img, pm_offset, img_offset, total_size=None, hob=None):
    """A Transfer List package (Firmware Handoff spec): the FF-A manifest
    (0x106), optionally a HOB list (0x3) as `(data, offset)`, then the SP
    binary (0x103, last), each 4 KiB aligned, with a checksum. The file is
    `total_size` bytes (default: the used size)."""
    buf = bytearray(TL_HEADER_SIZE)
    tl_add(buf, TL_TAG_FFA_MANIFEST, pm, pm_offset)
    if hob is not None:
        tl_add(buf, TL_TAG_HOB_LIST, hob[0], hob[1])
    tl_add(buf, TL_TAG_SP_BINARY, img, img_offset)
    used = len(buf)
    total = used if total_size is None else total_size
    if total < used or total % 8:
        raise ValueError(f"size {total:#x} is below the used size "
                         f"{used:#x} or not a multiple of 8")
    struct.pack_into("<IBBBBIII", buf, 0, TL_SIGNATURE, 0, TL_VERSION,
                     TL_HEADER_SIZE, TL_ALIGN_LOG2, used, total,
                     TL_FLAG_HAS_CHECKSUM)
    buf[4] = (-sum(buf)) & 0xFF
    return bytes(buf) + bytes(total - used)


def tl_layout(name, pm_size, pm_offset, img_offset):
    """Chooses and checks the Transfer List data offsets. Returns (pm, img)."""
    pm_offset = SPKG_DEFAULT_PM_OFFSET if pm_offset is None else pm_offset
    img_offset = SPKG_DEFAULT_IMG_OFFSET if img_offset is None else img_offset
    if pm_offset % PAGE or pm_offset < PAGE:
        raise PackError(f"SP '{name}', key 'pm': offset {pm_offset:#x} must "
                        "be 4 KiB aligned and at least 0x1000")
    first = align_up(pm_offset + pm_size + TL_ENTRY_HEADER_SIZE, 8)
    if img_offset % PAGE or img_offset < first:
        raise PackError(f"SP '{name}', key 'image': offset {img_offset:#x} "
                        f"must be 4 KiB aligned and at least {first:#x}")
    return pm_offset, img_offset


class Sp:
    """One packed SP: what the packer wrote and where."""

    def __init__(self, name):
        self.name = name
        self.uuid = None
        self.owner = "SiP"
        self.load_address = None
        self.dtb = None
        self.pkg = None
        self.fmt = None
        self.version = None
        self.pm = (0, 0)
        self.img = (0, 0)
        self.size = 0
        self.pkg_size = 0
        self.img_file = None

    def summary(self):
        """The JSON summary entry of this SP."""
        return {
            "name": self.name, "kind": "sp", "uuid": self.uuid,
            "file": os.path.abspath(self.pkg), "size": self.size,
            "pkg_size": self.pkg_size,
            "format": self.fmt, "version": self.version,
            "pm_offset": self.pm[0], "pm_size": self.pm[1],
            "img_offset": self.img[0], "img_size": self.img[1],
            "load_address": self.load_address, "owner": self.owner,
            "pm_file": os.path.abspath(self.dtb),
            "img_file": os.path.abspath(self.img_file),
        }


def sp_identity(sp, name, dtb, entry):
    """Fills the UUID and load address from the layout or the manifest."""
    if "uuid" in entry:
        sp.uuid = entry["uuid"].lower()
    else:
        cells = fdt_cells(dtb, "/", "uuid")
        if cells is None:
            raise PackError(f"SP '{name}': the manifest has no uuid and the "
                            "layout no \"uuid\"")
        sp.uuid = uuid_from_cells(cells)
    if "physical-load-address" in entry:
        sp.load_address = to_int(entry["physical-load-address"])
    else:
        cells = fdt_cells(dtb, "/", "load-address")
        if not cells or len(cells) > 2:
            raise PackError(f"SP '{name}': no \"physical-load-address\" and "
                            "no 1- or 2-cell load-address in the manifest")
        sp.load_address = (cells[0] << 32 | cells[1]
                           if len(cells) == 2 else cells[0])
    if sp.load_address > 0xFFFFFFFF or sp.load_address % PAGE:
        raise PackError(f"SP '{name}': load address {sp.load_address:#x} "
                        "must be 4 KiB aligned and fit in 32 bits "
                        "(TB_FW_CONFIG load-address is a u32)")


def read_file(path, name, key):
    """Reads a layout file, naming the SP and key on failure."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise PackError(f"SP '{name}', key '{key}': {e}") from e
    if not data:
        raise PackError(f"SP '{name}', key '{key}': {path} is empty")
    return data


def pack_sp(name, entry, dirs, spkg_version):
    """Compiles, identifies and packs one SP. Returns its `Sp`."""
    layout_dir, image_dir, out_dir = dirs
    sp = Sp(name)
    sp.owner = entry.get("owner", "SiP")
    pm_path, pm_offset = file_ref(entry, "pm", layout_dir)
    img_path, img_offset = file_ref(entry, "image", image_dir)
    sp.dtb = os.path.join(out_dir, f"{name}.dtb")
    compile_dts(pm_path, sp.dtb)
    sp_identity(sp, name, sp.dtb, entry)
    if fdt_has(sp.dtb, "/boot-info", "hob_list"):
        raise PackError(f"SP '{name}': boot-info asks for a HOB list, "
                        "which sp_pack.py does not build")
    pm = read_file(sp.dtb, name, "pm")
    img = read_file(img_path, name, "image")
    sp.img_file = img_path
    if entry.get("package", "sp_pkg") == "tl_pkg":
        sp.fmt, sp.version = "tl", TL_VERSION
        pm_offset, img_offset = tl_layout(name, len(pm), pm_offset,
                                          img_offset)
        size = to_int(entry["size"]) if "size" in entry else None
        try:
            data = build_tl(pm, img, pm_offset, img_offset, size)
        except ValueError as e:
            raise PackError(f"SP '{name}', key 'size': {e}") from e
        sp.pkg_size = align_up(img_offset + len(img), 8)
    else:
        sp.fmt, sp.version = "spkg", spkg_version
        pm_offset, img_offset = spkg_layout(name, spkg_version, len(pm),
                                            pm_offset, img_offset)
        data = build_spkg(spkg_version, pm, img, pm_offset, img_offset)
        sp.pkg_size = len(data)
    sp.pm = (pm_offset, len(pm))
    sp.img = (img_offset, len(img))
    sp.size = len(data)
    sp.pkg = os.path.join(out_dir, f"{name}.pkg")
    with open(sp.pkg, "wb") as f:
        f.write(data)
    return sp


def pack_layout(layout_path, out_dir, image_dir=None, spkg_version=2):
    """Packs every SP of the layout into `out_dir`. Returns the `Sp`s."""
    layout = load_layout(layout_path)
    layout_dir = os.path.dirname(os.path.abspath(layout_path))
    dirs = (layout_dir, image_dir or layout_dir, out_dir)
    os.makedirs(out_dir, exist_ok=True)
    sps = [pack_sp(name, entry, dirs, spkg_version)
           for name, entry in layout.items()]
    seen = {}
    for sp in sps:
        if sp.uuid in seen:
            raise PackError(f"SP '{sp.name}': uuid {sp.uuid} is also "
                            f"SP '{seen[sp.uuid]}''s")
        seen[sp.uuid] = sp.name
    return sps


# Outputs ---------------------------------------------------------------


def fip_blob_args(sps):
    """The fiptool arguments adding each SP package, one pair per SP."""
    args = []
    for sp in sps:
        args += ["--blob", f"uuid={sp.uuid},file={sp.pkg}"]
    return args


def sp_list_fragment(sps, indent=""):
    """The TB_FW_CONFIG `arm,sp` node (§2.5): per SP a child with the uuid
    string, a one-cell load-address and the owner."""
    lines = ["secure-partitions {", '\tcompatible = "arm,sp";']
    for sp in sps:
        lines += [
            "",
            f"\t{sp.name} {{",
            f'\t\tuuid = "{sp.uuid}";',
            f"\t\tload-address = <{sp.load_address:#x}>;",
            f'\t\towner = "{sp.owner}";',
            "\t};",
        ]
    lines.append("};")
    return "".join(f"{indent}{line}\n" if line else "\n" for line in lines)


def write_outputs(sps, out_dir, layout_path):
    """Writes fip_args.txt, sp_list_fragment.dts and tb_fw_config.dts."""
    header = (f"/* Generated by tools/sp_pack.py from "
              f"{os.path.basename(layout_path)}. Do not edit. */\n")
    args = fip_blob_args(sps)
    with open(os.path.join(out_dir, "fip_args.txt"), "w",
              encoding="utf-8") as f:
        for i in range(0, len(args), 2):
            f.write(f"{args[i]} {args[i + 1]}\n")
    with open(os.path.join(out_dir, "sp_list_fragment.dts"), "w",
              encoding="utf-8") as f:
        f.write(header + "\n" + sp_list_fragment(sps))
    with open(os.path.join(out_dir, "tb_fw_config.dts"), "w",
              encoding="utf-8") as f:
        f.write(header + "\n/dts-v1/;\n\n/ {\n" +
                sp_list_fragment(sps, "\t") + "};\n")


def fiptool_info(fiptool, fip):
    """Offsets and sizes `fiptool info` reports, keyed by fiptool option
    (e.g. "tos-fw") or, for --blob entries, by lower-case UUID."""
    entries = {}
    line_re = re.compile(r'^(.*): offset=(0x[0-9a-fA-F]+), '
                         r'size=(0x[0-9a-fA-F]+), cmdline="--([^"]*)"')
    for line in run([fiptool, "info", fip]).splitlines():
        m = line_re.match(line)
        if m:
            key = m.group(1).lower() if m.group(4) == "blob" else m.group(4)
            entries[key] = (int(m.group(2), 16), int(m.group(3), 16))
    return entries


def image_arg(out_dir, option, path):
    """A FIP image path; a .dts is compiled into `out_dir` first."""
    if path.endswith(".dts"):
        dtb = os.path.join(out_dir, f"{option}.dtb")
        compile_dts(path, dtb)
        return dtb
    if not os.path.isfile(path):
        raise PackError(f"--{option} {path}: no such file")
    return path


def create_fip(args, sps):
    """Runs `fiptool create`. Returns the summary entries of the named
    images, with the offsets fiptool gave every payload filled in."""
    fiptool = args.fiptool or shutil.which("fiptool")
    if not fiptool:
        raise PackError("fiptool not found (Debian package "
                        "arm-trusted-firmware-tools)")
    images = {"tos-fw": args.tos_fw, "tos-fw-config": args.tos_fw_config,
              "tb-fw-config": args.tb_fw_config, "nt-fw": args.nt_fw}
    if args.gen_tb_fw_config:
        images["tb-fw-config"] = os.path.join(args.out_dir,
                                              "tb_fw_config.dts")
    cmd = [fiptool, "create"]
    if args.align:
        cmd += ["--align", str(args.align)]
    named = []
    for option, path in images.items():
        if path:
            path = image_arg(args.out_dir, option, path)
            cmd += [f"--{option}", path]
            named.append({"name": option, "kind": "image",
                          "uuid": FIP_IMAGES[option],
                          "file": os.path.abspath(path),
                          "size": os.path.getsize(path)})
    if os.path.exists(args.fip):
        os.remove(args.fip)
    run(cmd + fip_blob_args(sps) + [args.fip])
    info = fiptool_info(fiptool, args.fip)
    entries = named + [sp.summary() for sp in sps]
    for e in entries:
        key = e["name"] if e["kind"] == "image" else e["uuid"]
        if key not in info or info[key][1] != e["size"]:
            raise PackError(f"fiptool info does not list {key} with size "
                            f"{e['size']:#x}")
        e["fip_offset"] = info[key][0]
    return entries


def write_summary(path, layout, fip, entries):
    """Writes the summary JSON: one flat object per payload per line."""
    body = ",\n".join("    " + json.dumps(e, sort_keys=True)
                      for e in entries)
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(f'  "layout": {json.dumps(os.path.abspath(layout))},\n')
        f.write(f'  "fip": {json.dumps(fip and os.path.abspath(fip))},\n')
        f.write(f'  "entries": [\n{body}\n  ]\n}}\n')


def parse_args(argv):
    """Command line: `pack` or `fip`, see the module docstring."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("pack", "fip"):
        p = sub.add_parser(name)
        p.add_argument("--layout", required=True, help="SP_LAYOUT_FILE")
        p.add_argument("--out-dir", required=True)
        p.add_argument("--image-dir", help="resolve `image` paths here "
                       "instead of next to the layout")
        p.add_argument("--spkg-version", type=int, choices=(1, 2), default=2)
        p.add_argument("--summary", help="write a JSON summary here")
    fip = sub.choices["fip"]
    fip.add_argument("--fip", required=True, help="FIP file to create")
    fip.add_argument("--tos-fw", required=True, help="the SPMC image")
    fip.add_argument("--tos-fw-config", required=True,
                     help="the SPMC manifest (.dtb, or .dts to compile)")
    group = fip.add_mutually_exclusive_group()
    group.add_argument("--tb-fw-config", help="TB_FW_CONFIG (.dtb or .dts)")
    group.add_argument("--gen-tb-fw-config", action="store_true",
                       help="add the generated tb_fw_config.dts")
    fip.add_argument("--nt-fw", help="the normal-world image (BL33)")
    fip.add_argument("--align", type=int, help="fiptool --align")
    fip.add_argument("--fiptool", help="fiptool to run (default: PATH)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        sps = pack_layout(args.layout, args.out_dir, args.image_dir,
                          args.spkg_version)
        write_outputs(sps, args.out_dir, args.layout)
        fip = None
        entries = [sp.summary() for sp in sps]
        if args.command == "fip":
            entries = create_fip(args, sps)
            fip = args.fip
        if args.summary:
            write_summary(args.summary, args.layout, fip, entries)
    except PackError as e:
        print(f"sp_pack: {args.layout}: {e}", file=sys.stderr)
        return 1
    print(" ".join(fip_blob_args(sps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
