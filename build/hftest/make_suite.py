#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Packs one hftest suite: SP packages, FIP, flash image and descriptor.

Run by the `hftest_suite` GN template (build/hftest/suite.gni) from the
build directory, with the suite's configuration as JSON (written by GN at
gen time; paths relative to the build directory):

  suite, out_dir, descriptor, depfile   names and where outputs go
  spmc, el3fw, nwd                      BL32, EL3 test firmware, BL33
  spmc_manifest                         TOS_FW_CONFIG source (.dts)
  partitions                            [{name, image, pm, owner, uuid,
                                          package, size, load_address,
                                          image_offset, pm_offset}], or
  sp_layout, image_dir                  an SP_LAYOUT_FILE whose `image`
                                          paths are relative to image_dir
  smp, memory, timeout, mode, icount    copied into the descriptor
  expected_failures, skip, boot         ditto (expected results)
  sp_pack, mkflash, fip_align           tools

Steps: write <out_dir>/sp_layout.json (the suite's layout with every path
rewritten to the build outputs), run `tools/sp_pack.py fip` on it (SP
packages, generated TB_FW_CONFIG, compiled SPMC manifest, fiptool), then
flash.bin = el3fw.bin padded to 0x40000 + FIP (test/el3fw/mkflash.py when
it exists), then the descriptor test/hftest/hftest.py reads.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

FIP_OFFSET = 0x40000
# QEMU virt's flash0 (-bios) is 64 MiB.
FLASH_MAX = 64 << 20
DESCRIPTOR_FORMAT = "hftest-suite-1"

# Partition keys of the GN template -> SP_LAYOUT_FILE keys.
LAYOUT_KEYS = {
    "owner": "owner",
    "uuid": "uuid",
    "package": "package",
    "size": "size",
    "load_address": "physical-load-address",
}

TB_FW_CONFIG_EMPTY = """/dts-v1/;

/ {
\tsecure-partitions {
\t\tcompatible = "arm,sp";
\t};
};
"""


class SuiteError(Exception):
    """A configuration or tool failure, reported without a trace."""


def run(cmd):
    """Runs a tool; raises SuiteError with its output on failure."""
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SuiteError(f"{' '.join(cmd)} failed (exit "
                         f"{proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def file_ref(path, offset, layout_dir):
    """A layout `image`/`pm` value for `path`, relative to layout_dir."""
    rel = os.path.relpath(path, layout_dir)
    if offset is None:
        return rel
    return {"file": rel, "offset": offset}


def layout_from_partitions(partitions, layout_dir):
    """The SP_LAYOUT_FILE for the template's `partitions` list."""
    layout = {}
    for p in partitions:
        name = p.get("name")
        if not name or "image" not in p or "pm" not in p:
            raise SuiteError(f"partition {p}: needs name, image and "
                             "manifest")
        if name in layout:
            raise SuiteError(f"partition '{name}' is given twice")
        entry = {
            "image": file_ref(p["image"], p.get("image_offset"), layout_dir),
            "pm": file_ref(p["pm"], p.get("pm_offset"), layout_dir),
        }
        for key, layout_key in LAYOUT_KEYS.items():
            if key in p:
                entry[layout_key] = p[key]
        layout[name] = entry
    return layout


def rebase_ref(ref, src_dir, layout_dir):
    """Rewrites a layout `image`/`pm` value from src_dir to layout_dir."""
    if isinstance(ref, str):
        return os.path.relpath(os.path.join(src_dir, ref), layout_dir)
    if isinstance(ref, dict) and "file" in ref:
        out = dict(ref)
        out["file"] = rebase_ref(ref["file"], src_dir, layout_dir)
        return out
    return ref


def layout_from_file(path, image_dir, layout_dir):
    """The suite's SP_LAYOUT_FILE with `pm` paths rebased from its own
    directory and `image` paths from `image_dir` (the build outputs)."""
    try:
        with open(path, encoding="utf-8") as f:
            layout = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise SuiteError(f"{path}: {e}") from e
    if not isinstance(layout, dict):
        raise SuiteError(f"{path}: not a JSON object")
    src_dir = os.path.dirname(os.path.abspath(path))
    out = {}
    for name, sp in layout.items():
        if not isinstance(sp, dict):
            raise SuiteError(f"{path}: SP '{name}' is not an object")
        sp = dict(sp)
        if "pm" in sp:
            sp["pm"] = rebase_ref(sp["pm"], src_dir, layout_dir)
        if "image" in sp:
            sp["image"] = rebase_ref(sp["image"], image_dir, layout_dir)
        out[name] = sp
    return out


def layout_inputs(layout, layout_dir):
    """The files a layout names (for the depfile)."""
    files = []
    for sp in layout.values():
        for key in ("pm", "image"):
            ref = sp.get(key)
            ref = ref.get("file") if isinstance(ref, dict) else ref
            if isinstance(ref, str):
                files.append(os.path.normpath(os.path.join(layout_dir, ref)))
    return files


def make_fip_without_sps(cfg, out_dir, fip):
    """A FIP with no SP: BL32, TOS_FW_CONFIG, empty TB_FW_CONFIG, BL33.
    (sp_pack.py needs at least one SP in its layout.)"""
    tb_dts = os.path.join(out_dir, "tb_fw_config.dts")
    with open(tb_dts, "w", encoding="utf-8") as f:
        f.write(TB_FW_CONFIG_EMPTY)
    dtbs = {}
    for name, dts in (("tb-fw-config", tb_dts),
                      ("tos-fw-config", cfg["spmc_manifest"])):
        dtbs[name] = os.path.join(out_dir, f"{name}.dtb")
        run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtbs[name], dts])
    fiptool = shutil.which("fiptool")
    if not fiptool:
        raise SuiteError("fiptool not found (Debian package "
                         "arm-trusted-firmware-tools)")
    cmd = [fiptool, "create"]
    if cfg.get("fip_align"):
        cmd += ["--align", str(cfg["fip_align"])]
    if os.path.exists(fip):
        os.remove(fip)
    run(cmd + ["--tos-fw", cfg["spmc"],
               "--tos-fw-config", dtbs["tos-fw-config"],
               "--tb-fw-config", dtbs["tb-fw-config"],
               "--nt-fw", cfg["nwd"], fip])


def make_fip(cfg, out_dir, layout):
    """Runs sp_pack.py fip on the generated layout. Returns the FIP path."""
    fip = os.path.join(out_dir, "fip.bin")
    if not layout:
        make_fip_without_sps(cfg, out_dir, fip)
        return fip
    layout_path = os.path.join(out_dir, "sp_layout.json")
    cmd = [sys.executable, cfg["sp_pack"], "fip",
           "--layout", layout_path,
           "--out-dir", out_dir,
           "--tos-fw", cfg["spmc"],
           "--tos-fw-config", cfg["spmc_manifest"],
           "--gen-tb-fw-config",
           "--nt-fw", cfg["nwd"],
           "--fip", fip,
           "--summary", os.path.join(out_dir, "fip_summary.json")]
    if cfg.get("fip_align"):
        cmd += ["--align", str(cfg["fip_align"])]
    run(cmd)
    return fip


def assemble_flash(el3fw, fip, flash):
    """flash = el3fw padded to FIP_OFFSET, then the FIP."""
    with open(el3fw, "rb") as f:
        fw = f.read()
    with open(fip, "rb") as f:
        fip_data = f.read()
    if len(fw) > FIP_OFFSET:
        raise SuiteError(f"{el3fw} is {len(fw):#x} bytes; the FIP starts "
                         f"at {FIP_OFFSET:#x}")
    data = fw + bytes(FIP_OFFSET - len(fw)) + fip_data
    if len(data) > FLASH_MAX:
        raise SuiteError(f"flash image is {len(data):#x} bytes, more than "
                         f"QEMU's {FLASH_MAX:#x}")
    with open(flash, "wb") as f:
        f.write(data)


def make_flash(cfg, fip, flash):
    """Runs test/el3fw/mkflash.py if configured, else assembles here."""
    if os.path.exists(flash):
        os.remove(flash)
    mkflash = cfg.get("mkflash")
    if mkflash and os.path.isfile(mkflash):
        run([sys.executable, mkflash, "--el3fw", cfg["el3fw"], "--fip", fip,
             "--output", flash])
        if not os.path.isfile(flash):
            raise SuiteError(f"{mkflash} wrote no {flash}")
    else:
        assemble_flash(cfg["el3fw"], fip, flash)


def descriptor(cfg, flash, fip, layout):
    """The suite descriptor test/hftest/hftest.py reads."""
    base = os.path.dirname(os.path.abspath(cfg["descriptor"]))

    def rel(path):
        return os.path.relpath(path, base)

    expected = {t: "FAIL" for t in cfg.get("expected_failures", [])}
    for test in cfg.get("skip", []):
        if test in expected:
            raise SuiteError(f"test '{test}' is both in expected_failures "
                             "and in skip")
        expected[test] = "SKIP"
    desc = {
        "format": DESCRIPTOR_FORMAT,
        "suite": cfg["suite"],
        "flash": rel(flash),
        "fip": rel(fip),
        "smp": cfg.get("smp", 4),
        "memory": cfg.get("memory", 1024),
        "timeout": cfg.get("timeout", 10),
        "mode": cfg.get("mode", "tests"),
        "expected": expected,
        "images": {
            "el3fw": rel(cfg["el3fw"]),
            "spmc": rel(cfg["spmc"]),
            "spmc_manifest": rel(cfg["spmc_manifest"]),
            "nwd": rel(cfg["nwd"]),
            "partitions": sorted(layout),
        },
    }
    if cfg.get("boot"):
        desc["boot"] = cfg["boot"]
    if "icount" in cfg:
        desc["icount"] = cfg["icount"]
    if desc["mode"] not in ("tests", "boot"):
        raise SuiteError(f"mode '{desc['mode']}' is not tests or boot")
    if desc["mode"] == "tests" and cfg.get("boot"):
        raise SuiteError("`boot` expectations need mode = \"boot\"")
    return desc


def write_json(path, data):
    """Writes `data` as indented JSON."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=2, sort_keys=True) + "\n")


def write_depfile(path, target, inputs):
    """A ninja depfile: `target` depends on `inputs`."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{target}: " + " ".join(
            p.replace(" ", "\\ ") for p in sorted(set(inputs))) + "\n")


def make_suite(cfg):
    """All the steps; returns the descriptor written."""
    for key in ("suite", "out_dir", "descriptor", "spmc", "el3fw", "nwd",
                "spmc_manifest", "sp_pack"):
        if not cfg.get(key):
            raise SuiteError(f"configuration has no '{key}'")
    for key in ("spmc", "el3fw", "nwd", "spmc_manifest"):
        if not os.path.isfile(cfg[key]):
            raise SuiteError(f"{key}: {cfg[key]}: no such file")
    if cfg.get("partitions") and cfg.get("sp_layout"):
        raise SuiteError("give partitions or sp_layout, not both")
    out_dir = cfg["out_dir"]
    os.makedirs(out_dir, exist_ok=True)
    if cfg.get("sp_layout"):
        layout = layout_from_file(cfg["sp_layout"], cfg["image_dir"],
                                  out_dir)
    else:
        layout = layout_from_partitions(cfg.get("partitions", []), out_dir)
    if layout:
        write_json(os.path.join(out_dir, "sp_layout.json"), layout)
    fip = make_fip(cfg, out_dir, layout)
    flash = os.path.join(out_dir, "flash.bin")
    make_flash(cfg, fip, flash)
    desc = descriptor(cfg, flash, fip, layout)
    write_json(cfg["descriptor"], desc)
    if cfg.get("depfile"):
        inputs = layout_inputs(layout, out_dir) + [cfg["spmc_manifest"]]
        if cfg.get("sp_layout"):
            inputs.append(cfg["sp_layout"])
        write_depfile(cfg["depfile"], flash, inputs)
    return desc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True,
                        help="the suite configuration (JSON)")
    args = parser.parse_args(argv)
    try:
        with open(args.config, encoding="utf-8") as f:
            cfg = json.load(f)
        make_suite(cfg)
    except (OSError, json.JSONDecodeError, SuiteError) as e:
        print(f"make_suite: {args.config}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
