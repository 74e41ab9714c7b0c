#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Runs every fuzzer of test/fuzz/BUILD.gn's `fuzzers` group.

Each fuzzer (built by the host_fuzz toolchain into <out>/host_fuzz/<name>)
runs for --seconds (or --runs executions) on a temporary copy of its seed
corpus test/fuzz/corpus/<name>/, so the committed corpus never grows. A
fuzzer whose binary is missing is skipped with a message. Prints the
executions of each fuzzer and exits 1 if any of them crashed, leaked,
timed out or ran out of memory; the reproducer is kept under
--artifacts/<name>/.

Valid SP packages in the 4 KiB-aligned layouts (SPKG v2, Transfer List)
are larger than the 8 KiB limit for committed seeds, so a few are built
here, with tools/sp_pack.py, into the temporary corpus of sp_pkg_fuzz.

Usage: run_fuzzers.py --out out/build --seconds 60
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FUZZ_DIR = os.path.join(ROOT, "test", "fuzz")

# libFuzzer's default -max_len is the largest seed (at least 4096); the
# package fuzzers need room for several 4 KiB pages.
MAX_LEN = {"sp_pkg_fuzz": 20480, "fip_fuzz": 16384}


def fuzzer_names():
    """The targets listed in the `fuzzers` group of test/fuzz/BUILD.gn."""
    with open(os.path.join(FUZZ_DIR, "BUILD.gn"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r'group\("fuzzers"\)\s*\{.*?deps\s*=\s*\[(.*?)\]', text,
                  re.S)
    if not m:
        sys.exit("run_fuzzers: no `fuzzers` group in test/fuzz/BUILD.gn")
    return re.findall(r'"[^"]*:([A-Za-z0-9_]+)"', m.group(1))


def sp_pkg_extra_seeds(corpus):
    """Writes valid SPKG v2 and Transfer List packages into `corpus`."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import sp_pack  # pylint: disable=import-outside-toplevel

    dts = os.path.join(ROOT, "test", "data", "packaging", "sp1.dts")
    dtb = os.path.join(corpus, "..", "sp1.dtb")
    try:
        sp_pack.compile_dts(dts, dtb)
        with open(dtb, "rb") as f:
            pm = f.read()
    except sp_pack.PackError:
        # Without dtc: a bare DTB header is all the package reader checks.
        pm = bytes.fromhex("d00dfeed00000040") + bytes(56)
    img = bytes(range(64))
    seeds = {
        "gen_spkg_v2_default": sp_pack.build_spkg(2, pm, img, 0x1000, 0x4000),
        "gen_spkg_v2_compact": sp_pack.build_spkg(2, pm, img, 0x1000, 0x2000),
        "gen_tl": sp_pack.build_tl(pm, img, 0x1000, 0x2000),
        "gen_tl_hob": sp_pack.build_tl(pm, img, 0x1000, 0x3000,
                                       hob=(bytes(48), 0x2000)),
    }
    for name, data in seeds.items():
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(data)


EXTRA_SEEDS = {"sp_pkg_fuzz": sp_pkg_extra_seeds}


def executions(output):
    """The number of executions libFuzzer reports, or None."""
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", output)
    if not m:
        m = re.search(r"Done (\d+) runs", output)
    return int(m.group(1)) if m else None


def run_one(name, binary, args, work):
    """Runs one fuzzer in `work`. Returns (ok, executions, message)."""
    corpus = os.path.join(work, "corpus")
    artifacts = os.path.join(work, "artifacts")
    os.makedirs(artifacts)
    seeds = os.path.join(FUZZ_DIR, "corpus", name)
    if os.path.isdir(seeds):
        shutil.copytree(seeds, corpus)
    else:
        os.makedirs(corpus)
    if name in EXTRA_SEEDS:
        EXTRA_SEEDS[name](corpus)

    cmd = [binary, "-print_final_stats=1", "-timeout=30",
           f"-artifact_prefix={artifacts}/"]
    if args.runs:
        cmd.append(f"-runs={args.runs}")
    else:
        cmd.append(f"-max_total_time={args.seconds}")
    if name in MAX_LEN:
        cmd.append(f"-max_len={MAX_LEN[name]}")
    cmd.append(corpus)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          errors="replace")
    output = proc.stdout + proc.stderr
    found = sorted(os.listdir(artifacts))
    if proc.returncode == 0 and not found:
        return True, executions(output), ""
    keep = os.path.join(args.artifacts, name)
    os.makedirs(keep, exist_ok=True)
    for artifact in found:
        shutil.copy(os.path.join(artifacts, artifact), keep)
    with open(os.path.join(keep, "log.txt"), "w", encoding="utf-8") as f:
        f.write(" ".join(cmd) + "\n" + output)
    return False, executions(output), (
        f"exit {proc.returncode}; {len(found)} artifact(s) and the log in "
        f"{keep}/\n" + output[-3000:])


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.
                                     RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="out/build",
                        help="build directory (fuzzers in <out>/host_fuzz)")
    parser.add_argument("--seconds", type=int, default=60,
                        help="run time of each fuzzer")
    parser.add_argument("--runs", type=int,
                        help="run each fuzzer this many executions instead")
    parser.add_argument("--only", action="append",
                        help="run only this fuzzer (repeatable)")
    parser.add_argument("--artifacts", default=os.path.join("out", "fuzz"),
                        help="where crash reproducers are kept")
    args = parser.parse_args()

    failed = []
    for name in fuzzer_names():
        if args.only and name not in args.only:
            continue
        binary = os.path.join(args.out, "host_fuzz", name)
        if not os.path.isfile(binary):
            print(f"{name}: SKIPPED, {binary} is not built")
            continue
        with tempfile.TemporaryDirectory(prefix=f"{name}.") as work:
            ok, runs, message = run_one(name, os.path.abspath(binary), args,
                                        work)
        count = "?" if runs is None else f"{runs:,}"
        if ok:
            print(f"{name}: {count} executions, no crash")
        else:
            print(f"{name}: FAILED after {count} executions: {message}")
            failed.append(name)
    if failed:
        print(f"\n{len(failed)} fuzzer(s) failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
