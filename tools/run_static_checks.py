#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""clang-tidy and cppcheck over the project's own C sources.

Takes the compile commands GN exported for the host toolchain (the same
sources also build for the firmware) and skips third-party and test code.
Prints one line per finding and exits non-zero if there is any.
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def project_sources(out):
    """(file, directory, arguments) for each first-party C source."""
    with open(os.path.join(out, "compile_commands.json"),
              encoding="utf-8") as f:
        entries = json.load(f)
    seen = set()
    result = []
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        rel = os.path.relpath(path)
        if not rel.endswith(".c") or not rel.startswith("src/"):
            continue
        # Firmware-only sources have no valid host command line.
        if rel in ("src/main.c", "src/spmc_mm.c") or rel.startswith(
                "src/arch/aarch64/"):
            continue
        cmd = e["command"]
        # Host toolchain only: no target triple on the command line.
        if "--target=" in cmd or "fsanitize" in cmd or rel in seen:
            continue
        seen.add(rel)
        result.append((rel, e["directory"], cmd))
    return sorted(result)


def run_tidy(out, sources):
    def one(src):
        proc = subprocess.run(
            ["clang-tidy-19", "-p", out, "--quiet", src[0]],
            capture_output=True, text=True, check=False)
        return src[0], proc.returncode, proc.stdout.strip()

    failed = 0
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for name, rc, text in pool.map(one, sources):
            if rc != 0:
                failed += 1
                print(f"clang-tidy: {name}:\n{text}")
    print(f"clang-tidy: {len(sources)} files, {failed} with findings")
    return failed == 0


def run_cppcheck(sources):
    files = [s[0] for s in sources]
    proc = subprocess.run(
        ["cppcheck", "--quiet", "--error-exitcode=1", "--std=c11",
         "--enable=warning,portability", "--inline-suppr",
         "--suppress=missingIncludeSystem", "-Iinc",
         "-Isrc/arch/fake/inc", "-DPLAT_MAX_CPUS=8"] + files,
        capture_output=True, text=True, check=False)
    if proc.stderr.strip():
        print(proc.stderr.strip())
    print(f"cppcheck: {len(files)} files, exit {proc.returncode}")
    return proc.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/build")
    parser.add_argument("--tidy", action="store_true")
    parser.add_argument("--cppcheck", action="store_true")
    args = parser.parse_args()
    sources = project_sources(args.out)
    ok = True
    if args.tidy:
        ok &= run_tidy(args.out, sources)
    if args.cppcheck:
        ok &= run_cppcheck(sources)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
