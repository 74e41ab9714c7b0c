#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Builds the packaging test data into --out-dir (a build directory).

Writes dummy images (sp1.bin, sp2.bin and a dummy BL32), then runs
tools/sp_pack.py on sp_layout.json beside this script: it packs sp1 as
SPKG v2 and sp2 as a Transfer List, compiles spmc_manifest.dts and the
generated TB_FW_CONFIG, and runs Debian's `fiptool create`. Results:

  test.fip         the FIP (BL32, TOS_FW_CONFIG, TB_FW_CONFIG, both SPs);
  expected.json    sp_pack.py's summary: each payload's UUID, file, size,
                   fiptool's offset and, for SPs, the package layout.

fip_test (test/unit_test) reads both back. Nothing is written to the tree.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SP_PACK = os.path.join(HERE, "..", "..", "..", "tools", "sp_pack.py")

# Sizes deliberately not multiples of 4 KiB or 8, so padding is exercised.
DUMMY_IMAGES = {"sp1.bin": 5000, "sp2.bin": 777, "bl32.bin": 3000}


def dummy(size, seed):
    """Deterministic, non-repeating-looking bytes (a small LCG)."""
    out = bytearray(size)
    x = seed
    for i in range(size):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = x >> 16 & 0xFF
    return bytes(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()

    out = os.path.abspath(args.out_dir)
    os.makedirs(out, exist_ok=True)
    for seed, (name, size) in enumerate(sorted(DUMMY_IMAGES.items())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(dummy(size, seed + 1))
    cmd = [
        sys.executable, SP_PACK, "fip",
        "--layout", os.path.join(HERE, "sp_layout.json"),
        "--out-dir", out,
        "--image-dir", out,
        "--tos-fw", os.path.join(out, "bl32.bin"),
        "--tos-fw-config", os.path.join(HERE, "spmc_manifest.dts"),
        "--gen-tb-fw-config",
        "--fip", os.path.join(out, "test.fip"),
        "--summary", os.path.join(out, "expected.json"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        return proc.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
