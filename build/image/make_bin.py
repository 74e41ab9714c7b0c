#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Turns an ELF image into a flat binary and reports its section sizes."""

import argparse
import json
import subprocess
import sys


def section_sizes(readelf, elf):
    """Returns {section: size} for the image's allocated sections."""
    out = subprocess.run([readelf, "-S", "-W", elf], check=True,
                         capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        line = line.strip()
        if not line.startswith("["):
            continue
        fields = line.split("]", 1)[1].split()
        # Skips the column header ("[Nr] Name Type Address Off Size ...").
        if len(fields) < 5 or fields[0] == "Name":
            continue
        name, size = fields[0], int(fields[4], 16)
        if name in (".text", ".rodata", ".data", ".bss", ".stacks"):
            sizes[name] = size
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objcopy", required=True)
    parser.add_argument("--readelf", required=True)
    parser.add_argument("--elf", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--sizes", required=True)
    args = parser.parse_args()

    subprocess.run([args.objcopy, "-O", "binary", args.elf, args.bin],
                   check=True)
    sizes = section_sizes(args.readelf, args.elf)
    with open(args.bin, "rb") as f:
        sizes["bin"] = len(f.read())
    with open(args.sizes, "w", encoding="utf-8") as f:
        json.dump(sizes, f, indent=1, sort_keys=True)
    name = args.bin.rsplit("/", 1)[-1]
    print(f"{name}: " + " ".join(
        f"{k}={sizes.get(k, 0)}"
        for k in (".text", ".rodata", ".data", ".bss", ".stacks", "bin")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
