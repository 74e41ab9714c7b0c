#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Builds the QEMU secure flash image for the EL3 test firmware.

flash.bin = el3fw.bin, padded with zeros to 0x40000 bytes, then fip.bin
(TF-A's QEMU layout: BL1 at 0, the FIP at PLAT_QEMU_FIP_BASE = 0x40000).

    mkflash.py --el3fw out/aarch64/el3fw.bin --fip fip.bin -o flash.bin

Without --fip it only checks el3fw.bin. With --elf (and --nm) it also
checks that the running image, .bss and stacks included, ends inside the
BL31 region (at or below 0x0E100000). --stamp writes a file on success
(for the build).
"""

import argparse
import os
import subprocess
import sys

FIP_OFFSET = 0x40000
FLASH_SIZE = 0x4000000
BL31_LIMIT = 0x0E100000


def image_end(nm, elf):
    """Returns the address of the `image_end` symbol of `elf`."""
    out = subprocess.run([nm, elf], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] == "image_end":
            return int(fields[0], 16)
    raise ValueError(f"{elf}: no image_end symbol")


def check(args):
    """Returns a list of problems with the firmware image (empty if none)."""
    problems = []
    size = os.path.getsize(args.el3fw)
    if size > FIP_OFFSET:
        problems.append(f"{args.el3fw} is {size:#x} bytes, more than the "
                        f"{FIP_OFFSET:#x} bytes before the FIP")
    if args.elf:
        end = image_end(args.nm, args.elf)
        if end > BL31_LIMIT:
            problems.append(f"{args.elf} ends at {end:#x}, beyond the BL31 "
                            f"region limit {BL31_LIMIT:#x}")
    return problems


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--el3fw", required=True, help="el3fw.bin")
    parser.add_argument("--fip", help="fip.bin to place at 0x40000")
    parser.add_argument("-o", "--output", help="flash image to write")
    parser.add_argument("--elf", help="el3fw.elf, to check the image end")
    parser.add_argument("--nm", default="llvm-nm-19")
    parser.add_argument("--stamp", help="file to touch on success")
    args = parser.parse_args()

    if (args.fip is None) != (args.output is None):
        parser.error("--fip and --output go together")
    problems = check(args)
    if args.fip:
        fip_size = os.path.getsize(args.fip)
        if FIP_OFFSET + fip_size > FLASH_SIZE:
            problems.append(f"{args.fip} ({fip_size:#x} bytes) does not fit "
                            f"in the {FLASH_SIZE:#x}-byte flash")
    if problems:
        for p in problems:
            print(f"mkflash.py: error: {p}", file=sys.stderr)
        return 1

    if args.fip:
        with open(args.el3fw, "rb") as f:
            fw = f.read()
        with open(args.fip, "rb") as f:
            fip = f.read()
        with open(args.output, "wb") as f:
            f.write(fw + bytes(FIP_OFFSET - len(fw)) + fip)
    if args.stamp:
        with open(args.stamp, "w", encoding="utf-8") as f:
            f.write("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
