#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""`make run`: what the project can show today.

The boot of the SPMC under QEMU with the EL3 test firmware and example
partitions is the next milestone (issue "Boot and talk under QEMU"). Until
then this validates the QEMU platform's manifests with the dt-schema
bindings and reports the SPMC image that `make` built.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv \
        else "out/build"
    fdts = os.path.join("project", "qemu", "fdts")
    manifests = sorted(os.path.join(fdts, f) for f in os.listdir(fdts)
                       if f.endswith(".dts"))
    print("QEMU platform manifests:")
    rc = subprocess.run([sys.executable, "tools/check_manifests.py"] +
                        manifests, cwd=ROOT, check=False).returncode
    if rc != 0:
        return rc
    sizes_path = os.path.join(out, "aarch64", "spmc.size.json")
    with open(sizes_path, encoding="utf-8") as f:
        sizes = json.load(f)
    print("SPMC image (BL32, linked at 0x0e100000): " +
          ", ".join(f"{k} {v} B" for k, v in sorted(sizes.items())))
    print("Booting under QEMU arrives with the EL3 test firmware "
          "(next milestone).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
