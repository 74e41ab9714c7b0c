#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Boots the EL3 test firmware under QEMU with its normal-world self-test.

Packs a FIP (tools/sp_pack.py fip) with BL32 = the project's SPMC
(--spmc real, the default), the stub SPMC of this directory (--spmc stub)
or an SPMC that fails its init with FFA_ERROR (--spmc fail), the QEMU SPMC manifest and partitions of project/qemu/fdts (with
placeholder SP images that only call FFA_MSG_WAIT), and BL33 = el3fw_selftest.bin; makes flash.bin
with test/el3fw/mkflash.py; runs QEMU 7.2 and checks that the test boots
twice (PSCI SYSTEM_RESET after the first round) and QEMU exits with 0 (PSCI
SYSTEM_OFF) after "SELFTEST PASSED" on UART0.

    test/el3fw/selftest/run.py --out out/h_el3 --spmc stub

Logs: <work-dir>/uart0.log (EL3 and the normal world), uart1.log (SPMC).
"""

import argparse
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
FDTS = os.path.join(ROOT, "project", "qemu", "fdts")
# The tools need Debian's python3 (python3-jsonschema).
PYTHON = "/usr/bin/python3"


# BL32 for each --spmc choice.
SPMC_IMAGES = {
    "real": "spmc.bin",
    "stub": "el3fw_stub_spmc.bin",
    "fail": "el3fw_fail_spmc.bin",
}

# Placeholder SP image: `1: mov w0, #0x8400006B (FFA_MSG_WAIT); smc #0;
# b 1b`. A partition that ends its init at once and never has work.
SP_IMAGE = struct.pack("<4I", 0x52800D60, 0x72B08000, 0xD4000003, 0x17FFFFFD)


def run(cmd, **kwargs):
    """Runs `cmd`, echoing it; raises on failure."""
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)


def make_flash(args, work):
    """Writes the SP layout and placeholder SP images, the FIP, flash.bin."""
    out = os.path.abspath(args.out)
    spmc = os.path.join(out, "aarch64", SPMC_IMAGES[args.spmc])
    layout = {
        "sp1": {"image": "sp1.bin",
                "pm": os.path.join(FDTS, "sp1_up.dts")},
        # sp2 declares its UUIDs per service (binding 1.1): name one.
        "sp2": {"image": "sp2.bin",
                "pm": os.path.join(FDTS, "sp2_mp.dts"),
                "uuid": "a7bb16f4-658a-4fd3-8f20-031c0eefb0bf"},
    }
    for name in layout:
        with open(os.path.join(work, f"{name}.bin"), "wb") as f:
            f.write(SP_IMAGE)
    layout_path = os.path.join(work, "sp_layout.json")
    with open(layout_path, "w", encoding="utf-8") as f:
        json.dump(layout, f, indent=1)
    fip = os.path.join(work, "fip.bin")
    run([PYTHON, os.path.join(ROOT, "tools", "sp_pack.py"), "fip",
         "--layout", layout_path, "--out-dir", work, "--fip", fip,
         "--tos-fw", spmc,
         "--tos-fw-config", os.path.join(FDTS, "spmc_manifest.dts"),
         "--gen-tb-fw-config",
         "--nt-fw", os.path.join(out, "aarch64", "el3fw_selftest.bin")],
        stdout=subprocess.DEVNULL)
    flash = os.path.join(work, "flash.bin")
    run([PYTHON, os.path.join(ROOT, "test", "el3fw", "mkflash.py"),
         "--el3fw", os.path.join(out, "aarch64", "el3fw.bin"),
         "--fip", fip, "-o", flash])
    return flash


def boot(args, work, flash):
    """Runs QEMU; returns its exit code (None on timeout)."""
    uart0 = os.path.join(work, "uart0.log")
    uart1 = os.path.join(work, "uart1.log")
    cmd = ["qemu-system-aarch64", "-machine",
           "virt,secure=on,virtualization=on,gic-version=3", "-cpu", "max",
           "-smp", str(args.smp), "-m", "1024", "-nographic", "-monitor", "none",
           "-net", "none",
           "-bios", flash,
           "-semihosting-config", "enable=on,target=native",
           "-serial", f"file:{uart0}", "-serial", f"file:{uart1}"]
    print("+ " + " ".join(cmd), flush=True)
    try:
        return subprocess.run(cmd, timeout=args.timeout, check=False,
                              stdin=subprocess.DEVNULL).returncode
    except subprocess.TimeoutExpired:
        return None


def main():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="out/build")
    parser.add_argument("--spmc", choices=sorted(SPMC_IMAGES),
                        default="real")
    parser.add_argument("--work-dir")
    parser.add_argument("--smp", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()

    work = os.path.abspath(args.work_dir or os.path.join(
        args.out, "el3fw_selftest", args.spmc))
    os.makedirs(work, exist_ok=True)
    flash = make_flash(args, work)
    rc = boot(args, work, flash)
    with open(os.path.join(work, "uart0.log"), encoding="utf-8",
              errors="replace") as f:
        uart0 = f.read()
    passed = (rc == 0 and "SELFTEST PASSED" in uart0 and
              "QEMU System Reset: with GPIO." in uart0)
    print(f"QEMU exit code: {rc}; logs in {work}")
    print("RESULT: " + ("PASS" if passed else "FAIL"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
