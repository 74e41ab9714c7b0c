#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""`make run`: boots the demo under QEMU and checks that it worked.

The demo (project/qemu/demo/) is the SPMC with two example partitions,
sp1-up and sp2-mp, and a normal-world client that negotiates the FF-A
version, maps its RX/TX buffers, lists the partitions, exchanges direct
messages with each of them from CPU 0 and with the MP partition from every
other CPU, and powers the system off. `make` builds and packs it into
<out>/qemu/demo/flash.bin; this script builds nothing.

It boots the image once with tools/qemu.py, showing both consoles live,
each line prefixed with its UART: `uart0 |` for EL3 and the normal world,
`uart1 |` for the SPMC and the partitions. The two log files are polled as
QEMU writes them, so lines of different consoles written within a few
milliseconds of each other may come out of order. It then checks that QEMU exited
by itself with code 0 before the timeout, that the SPMC printed its
partition table with every partition of the layout in state `ready`, that
no partition aborted, and that the client printed its final success line.
Exit code 0 only then; 1 otherwise, 2 if the image is missing.
"""

import argparse
import dataclasses
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import qemu  # noqa: E402  (the sibling module, after the path is set)

DESCRIPTOR = os.path.join("qemu", "demo.json")
DEFAULT_TIMEOUT = 30.0
POLL_SECONDS = 0.005

# The client's last line (project/qemu/demo/demo.h DEMO_SUCCESS_LINE).
SUCCESS_LINE = "demo: success"
# The SPMC's partition table (src/ffa/boot.c): a header line, a column
# line, then one row per partition, each followed by its UUID lines.
TABLE_HEADER = "Partitions (boot order):"
# A console line's `[SPMC c0] ` or `[8001 c1] ` origin prefix.
ORIGIN_RE = re.compile(r"^\[[0-9A-Za-z]+ c\d+\] ")
TABLE_ROW_RE = re.compile(
    r"^\s*(?P<id>0x[0-9a-fA-F]{4})\s+(?P<el>S-EL[01])\s+(?P<vcpus>\d+)\s+"
    r"(?P<memory>\S+)\s+(?P<msg>0x[0-9a-fA-F]+)\s+(?P<state>\w+)\s+"
    r"(?P<name>\S+)\s+boot=(?P<boot>\S+)\s+(?P<methods>\S+)\s*$")
ABORTED_RE = re.compile(r"\baborted\b")


@dataclasses.dataclass
class Partition:
    """One row of the SPMC's partition table."""

    id: int
    el: str
    vcpus: int
    state: str
    name: str


@dataclasses.dataclass
class Verdict:
    """What the checks found. `problems` is empty for a good demo."""

    partitions: list
    problems: list

    @property
    def ok(self):
        return not self.problems


def strip_origin(line):
    """A console line without its `[SPMC c0] ` prefix."""
    return ORIGIN_RE.sub("", line, count=1)


def partition_table(uart1):
    """The rows of the first partition table in the SPMC's log, or None if
    it printed none."""
    lines = [strip_origin(line) for line in uart1.splitlines()]
    try:
        start = next(i for i, line in enumerate(lines)
                     if line.strip() == TABLE_HEADER)
    except StopIteration:
        return None
    rows = []
    for line in lines[start + 1:]:
        stripped = line.strip()
        if stripped.startswith("ID ") or stripped.startswith("uuid "):
            continue
        m = TABLE_ROW_RE.match(line)
        if not m:
            break
        rows.append(Partition(id=int(m["id"], 16), el=m["el"],
                              vcpus=int(m["vcpus"]), state=m["state"],
                              name=m["name"]))
    return rows


def check_logs(uart0, uart1, expected_partitions):
    """Judges a demo boot from its two console logs. `expected_partitions`
    is the number of partitions of the layout."""
    problems = []
    rows = partition_table(uart1)
    if rows is None:
        problems.append(f"the SPMC printed no partition table "
                        f"(\"{TABLE_HEADER}\" on UART1)")
        rows = []
    elif len(rows) != expected_partitions:
        problems.append(f"the partition table lists {len(rows)} "
                        f"partitions, the layout has {expected_partitions}")
    for p in rows:
        if p.state != "ready":
            problems.append(f"partition {p.id:#06x} ({p.name}) is "
                            f"{p.state}, not ready")
    for line in uart1.splitlines():
        if ABORTED_RE.search(line):
            problems.append(f"UART1: {line.strip()}")
    if not any(strip_origin(line).startswith(SUCCESS_LINE)
               for line in uart0.splitlines()):
        problems.append(f"the client did not print \"{SUCCESS_LINE}\" "
                        "on UART0")
    return Verdict(partitions=rows, problems=problems)


class Tail:
    """Follows a log file that QEMU writes, line by line."""

    def __init__(self, path):
        self.path = path
        self.pos = 0
        self.partial = b""

    def read(self, final=False):
        """The complete lines written since the last call (and, if
        `final`, a last unterminated one)."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self.pos)
                data = f.read()
        except FileNotFoundError:
            data = b""
        self.pos += len(data)
        data = self.partial + data
        *lines, self.partial = data.split(b"\n")
        if final and self.partial:
            lines.append(self.partial)
            self.partial = b""
        return [line.decode("utf-8", errors="replace").rstrip("\r")
                for line in lines]


def show(tails, final=False):
    """Prints what each console wrote since the last call, prefixed."""
    for name, tail in tails:
        for line in tail.read(final):
            print(f"{name} | {line}", flush=True)


def boot(rig, workdir, timeout):
    """Runs QEMU in a thread and shows the consoles while it runs.
    Returns the qemu.Result."""
    outcome = {}

    def target():
        try:
            outcome["result"] = qemu.run(rig, workdir, timeout=timeout)
        except BaseException as e:  # reported by the caller
            outcome["error"] = e

    os.makedirs(workdir, exist_ok=True)
    for log in (qemu.UART0_LOG, qemu.UART1_LOG):
        path = os.path.join(workdir, log)
        if os.path.exists(path):
            os.remove(path)
    tails = [("uart0", Tail(os.path.join(workdir, qemu.UART0_LOG))),
             ("uart1", Tail(os.path.join(workdir, qemu.UART1_LOG)))]
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    while thread.is_alive():
        show(tails)
        time.sleep(POLL_SECONDS)
    thread.join()
    show(tails, final=True)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def load_descriptor(out):
    """The demo's descriptor (written by the qemu_flash_image packer)."""
    path = os.path.join(out, DESCRIPTOR)
    with open(path, encoding="utf-8") as f:
        desc = json.load(f)
    desc["flash"] = os.path.join(os.path.dirname(path), desc["flash"])
    return desc


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="out/build",
                        help="the build directory (default %(default)s)")
    parser.add_argument("--workdir", default="out/demo",
                        help="where the logs go (default %(default)s)")
    parser.add_argument("--timeout", type=float,
                        help="seconds (default: the descriptor's)")
    parser.add_argument("--qemu", default=qemu.QEMU)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        desc = load_descriptor(args.out)
    except (OSError, ValueError, KeyError) as e:
        print(f"demo: cannot read the demo image's descriptor: {e}\n"
              f"demo: build it first (`make`, or ninja -C {args.out})",
              file=sys.stderr)
        return 2
    timeout = args.timeout or desc.get("timeout") or DEFAULT_TIMEOUT
    rig = qemu.Rig(flash=desc["flash"], smp=desc.get("smp", 4),
                   memory_mb=desc.get("memory", qemu.DEFAULT_MEMORY_MB),
                   qemu=args.qemu)
    print(f"demo: booting {desc['flash']} (QEMU virt, {rig.smp} CPUs); "
          "uart0 = EL3 and the normal world, uart1 = SPMC and partitions",
          flush=True)
    try:
        res = boot(rig, args.workdir, timeout)
    except qemu.QemuError as e:
        print(f"demo: {e}", file=sys.stderr)
        return 2
    verdict = check_logs(res.uart0_text(), res.uart1_text(),
                         len(desc.get("images", {}).get("partitions", [])))
    if res.timed_out:
        verdict.problems.insert(0, f"QEMU did not finish within "
                                f"{timeout:g} s")
    elif res.exit_code != 0:
        verdict.problems.insert(0, f"QEMU exited with code {res.exit_code}")
    if not verdict.ok:
        for problem in verdict.problems:
            print(f"demo: FAILED: {problem}")
        print(f"demo: logs in {args.workdir}")
        return 1
    names = ", ".join(f"{p.name} ({p.id:#06x}, {p.vcpus} vCPU"
                      f"{'s' if p.vcpus > 1 else ''})"
                      for p in verdict.partitions)
    print(f"demo: OK in {res.seconds:.1f} s: partitions {names} booted; "
          f"the client finished; logs in {args.workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
