#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Boots the project's QEMU rig: one `virt` machine with a flash image.

The rig (docs/design/runtime.md §1): QEMU 7.2 `virt` with secure=on,
virtualization=on, GICv3, `-cpu max`, `-bios flash.bin` (EL3 test firmware
at offset 0, FIP at 0x40000), semihosting so an EL3 panic can exit with a
non-zero code, UART0 = first -serial (EL3 and the normal world), UART1 =
second -serial (SPMC and partitions), and an optional test command written
into the NS command page at 0x5FFFF000 with QEMU's generic loader.

Library use (test/hftest/hftest.py, the demo, the benchmarks):

    rig = qemu.Rig(flash="out/build/hftest/smoke/flash.bin", smp=4)
    res = qemu.run(rig, workdir="out/test/x", command="run ffa version",
                   timeout=10)
    res.passed_exit        # exited with 0 before the timeout
    res.uart0_text()       # what the normal world and EL3 printed

`command_line()` only builds the argument list; `run()` writes the command
page, starts QEMU, waits (killing it at the timeout) and returns a
`Result`. Command line: `python3 tools/qemu.py --help`.
"""

import argparse
import dataclasses
import os
import signal
import subprocess
import sys
import time

QEMU = "qemu-system-aarch64"
MACHINE = "virt,secure=on,virtualization=on,gic-version=3"
CPU = "max"
DEFAULT_SMP = 4
DEFAULT_MEMORY_MB = 1024

COMMAND_PAGE_ADDR = 0x5FFFF000
COMMAND_PAGE_SIZE = 0x1000

# Serial back ends that are passed to QEMU as they are; anything else is a
# file path.
CHARDEVS = ("stdio", "mon:stdio", "null", "none")

UART0_LOG = "uart0.log"
UART1_LOG = "uart1.log"
QEMU_LOG = "qemu.log"
COMMAND_FILE = "command.bin"

# Seconds between checks of a `cancel` event while QEMU runs.
CANCEL_POLL = 0.05


class QemuError(Exception):
    """A request the rig cannot honour (bad command, missing flash)."""


@dataclasses.dataclass
class Rig:
    """One machine configuration.

    `qemu` is the emulator: a path or an argv prefix (a list, e.g. a fake
    for tests). `icount` is the `-icount shift=` value, or None for
    free-running time. `single_thread` runs all vCPUs on one host thread
    (`-accel tcg,thread=single`), which helps when many instances share few
    host cores. `extra_args` go last.
    """

    flash: str
    smp: int = DEFAULT_SMP
    memory_mb: int = DEFAULT_MEMORY_MB
    icount: int | None = None
    single_thread: bool = False
    qemu: str | list = QEMU
    extra_args: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Result:
    """What one boot did. `exit_code` is None when QEMU was killed (at
    the timeout, or cancelled); log paths are None for serials that were
    not files."""

    exit_code: int | None
    timed_out: bool
    seconds: float
    uart0: str | None
    uart1: str | None
    qemu_log: str | None
    argv: list
    cancelled: bool = False

    @property
    def passed_exit(self):
        """True if QEMU exited by itself with code 0."""
        return not self.timed_out and self.exit_code == 0

    def uart0_text(self):
        """UART0 output (EL3 and normal world), '' if there is none."""
        return read_text(self.uart0)

    def uart1_text(self):
        """UART1 output (SPMC and partitions), '' if there is none."""
        return read_text(self.uart1)

    def qemu_text(self):
        """QEMU's own stdout and stderr, '' if there is none."""
        return read_text(self.qemu_log)


def read_text(path):
    """A log file as text (undecodable bytes replaced), '' if absent."""
    if not path:
        return ""
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def command_page(command):
    """The 4 KiB command page: NUL-terminated ASCII, zero-padded."""
    if command is None:
        return bytes(COMMAND_PAGE_SIZE)
    try:
        data = command.encode("ascii")
    except UnicodeEncodeError as e:
        raise QemuError(f"command {command!r} is not ASCII") from e
    if b"\0" in data:
        raise QemuError(f"command {command!r} contains a NUL")
    if len(data) >= COMMAND_PAGE_SIZE:
        raise QemuError(f"command is {len(data)} bytes; the page holds "
                        f"{COMMAND_PAGE_SIZE - 1} and a NUL")
    return data + bytes(COMMAND_PAGE_SIZE - len(data))


def write_command_page(path, command):
    """Writes `command_page(command)` to `path`."""
    with open(path, "wb") as f:
        f.write(command_page(command))


def serial_arg(spec):
    """`-serial` value: a chardev name as is, a path as `file:<path>`."""
    if spec is None:
        return "null"
    spec = os.fspath(spec)
    return spec if spec in CHARDEVS else f"file:{spec}"


def command_line(rig, uart0=UART0_LOG, uart1=UART1_LOG, command_file=None):
    """The QEMU argv for `rig`.

    `uart0`/`uart1` are file paths or one of CHARDEVS. `command_file`, if
    given, is loaded raw at COMMAND_PAGE_ADDR.
    """
    qemu = [rig.qemu] if isinstance(rig.qemu, str) else list(rig.qemu)
    argv = qemu + [
        "-machine", MACHINE,
        "-cpu", CPU,
        "-smp", str(rig.smp),
        "-m", str(rig.memory_mb),
        "-nographic",
        "-monitor", "none",
        "-nic", "none",
        "-bios", os.fspath(rig.flash),
        "-semihosting-config", "enable=on,target=native",
        "-serial", serial_arg(uart0),
        "-serial", serial_arg(uart1),
        "-no-reboot",
    ]
    if rig.single_thread:
        argv += ["-accel", "tcg,thread=single"]
    if rig.icount is not None:
        argv += ["-icount", f"shift={rig.icount}"]
    if command_file is not None:
        argv += ["-device", f"loader,file={os.fspath(command_file)},"
                 f"addr={COMMAND_PAGE_ADDR:#x},force-raw=on"]
    return argv + [str(a) for a in rig.extra_args]


def kill_group(proc):
    """Kills the QEMU process (and its group, which it leads)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def wait(proc, timeout, cancel):
    """Waits for `proc` up to `timeout` s (None: forever), or until the
    `cancel` event is set. Returns (exit code or None, timed out)."""
    if cancel is None:
        try:
            return proc.wait(timeout=timeout), False
        except subprocess.TimeoutExpired:
            kill_group(proc)
            return None, True
    deadline = None if timeout is None else time.monotonic() + timeout
    while not cancel.is_set():
        left = CANCEL_POLL if deadline is None else min(
            CANCEL_POLL, deadline - time.monotonic())
        try:
            return proc.wait(timeout=max(left, 0)), False
        except subprocess.TimeoutExpired:
            if deadline is not None and time.monotonic() >= deadline:
                kill_group(proc)
                return None, True
    kill_group(proc)
    return None, False


def run(rig, workdir, command=None, timeout=None, uart0=None, uart1=None,
        cancel=None):
    """Boots `rig` once and waits for QEMU to exit or for `timeout` s.

    Logs go into `workdir` (created): uart0.log, uart1.log and qemu.log
    (QEMU's own output) unless `uart0`/`uart1` name another path or a
    chardev such as "stdio" (then QEMU's stdout is the caller's too).
    `command` (a string) is written to workdir/command.bin and loaded at
    the command page; None leaves the page all zero. Old logs are
    replaced. `cancel`, a threading.Event, kills QEMU early when set
    (the result then has `cancelled`). Returns a `Result`.
    """
    if not os.path.isfile(rig.flash):
        raise QemuError(f"{rig.flash}: no such flash image")
    os.makedirs(workdir, exist_ok=True)
    uart0 = os.path.join(workdir, UART0_LOG) if uart0 is None else uart0
    uart1 = os.path.join(workdir, UART1_LOG) if uart1 is None else uart1
    cmd_file = None
    if command is not None:
        cmd_file = os.path.join(workdir, COMMAND_FILE)
        write_command_page(cmd_file, command)
    for log in (uart0, uart1):
        if os.fspath(log) not in CHARDEVS and os.path.exists(log):
            os.remove(log)
    argv = command_line(rig, uart0, uart1, cmd_file)
    interactive = any(os.fspath(u) in ("stdio", "mon:stdio")
                      for u in (uart0, uart1))
    qemu_log = None if interactive else os.path.join(workdir, QEMU_LOG)
    start = time.monotonic()
    with open(qemu_log or os.devnull, "wb") as log:
        try:
            proc = subprocess.Popen(
                argv, stdin=None if interactive else subprocess.DEVNULL,
                stdout=None if interactive else log,
                stderr=None if interactive else subprocess.STDOUT,
                start_new_session=not interactive)
        except OSError as e:
            raise QemuError(f"cannot run {argv[0]}: {e}") from e
        try:
            code, timed_out = wait(proc, timeout, cancel)
        except BaseException:
            kill_group(proc)
            raise
    seconds = time.monotonic() - start

    def path_of(spec):
        spec = os.fspath(spec)
        return None if spec in CHARDEVS else spec

    return Result(exit_code=code, timed_out=timed_out, seconds=seconds,
                  uart0=path_of(uart0), uart1=path_of(uart1),
                  qemu_log=qemu_log, argv=argv,
                  cancelled=code is None and not timed_out)


def parse_args(argv):
    """Command line of the stand-alone runner."""
    parser = argparse.ArgumentParser(
        description="Boot flash.bin on the project's QEMU rig once.")
    parser.add_argument("flash", help="flash image (EL3 firmware + FIP)")
    parser.add_argument("--workdir", default="out/qemu",
                        help="where logs go (default %(default)s)")
    parser.add_argument("--command", help="test command for the page at "
                        f"{COMMAND_PAGE_ADDR:#x} (default: all zero)")
    parser.add_argument("--smp", type=int, default=DEFAULT_SMP)
    parser.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB,
                        help="MiB")
    parser.add_argument("--icount", type=int, metavar="SHIFT")
    parser.add_argument("--single-thread", action="store_true")
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--stdio", action="store_true",
                        help="UART0 on the terminal instead of a file")
    parser.add_argument("--qemu", default=QEMU)
    parser.add_argument("--print", action="store_true",
                        help="print the command line and exit")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    rig = Rig(flash=args.flash, smp=args.smp, memory_mb=args.memory,
              icount=args.icount, single_thread=args.single_thread,
              qemu=args.qemu)
    if args.print:
        print(" ".join(command_line(rig)))
        return 0
    try:
        res = run(rig, args.workdir, command=args.command,
                  timeout=args.timeout,
                  uart0="stdio" if args.stdio else None)
    except QemuError as e:
        print(f"qemu: {e}", file=sys.stderr)
        return 2
    state = ("timed out" if res.timed_out
             else f"exit code {res.exit_code}")
    print(f"qemu: {state} after {res.seconds:.2f} s; logs in {args.workdir}")
    return 1 if res.timed_out else res.exit_code


if __name__ == "__main__":
    sys.exit(main())
