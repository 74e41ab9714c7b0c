#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""`make bench`: guest instructions per FF-A direct-message round trip
and per memory-sharing cycle.

The benchmark image (test/bench/: a normal-world client and two echo
partitions, packed by `make` into <build>/qemu/bench/flash.bin) boots
four times; this script builds nothing.

1. Measurement, under QEMU `-icount shift=0`: every guest instruction
   advances virtual time by 2^0 = 1 ns, so the generic counter the guest
   reads (CNTVCT_EL0 at CNTFRQ_EL0 = 62.5 MHz on `virt`, one tick per
   16 ns) counts instructions: instructions = ticks * 1e9 / CNTFRQ / 2^shift.
   The client first times a loop of known length (2,000,000 instructions)
   to check the method, then BENCH_ITERATIONS round trips, after a warm-up,
   of each kind: NWd -> SP -> NWd with FFA_MSG_SEND_DIRECT_REQ/RESP (SMC32
   and SMC64) and REQ2/RESP2, and SP -> SP, where bench-sp1 times its own
   requests to bench-sp2. The image runs on one CPU (QEMU -smp 1): under
   -icount every CPU's instructions advance virtual time, and other CPUs
   would spin in EL3's hold pen meanwhile. The counter is no measure of the
   boot, where idle time (WFI) also moves it.

2. Breakdown, from a QEMU execution trace (`-d exec,nochain -singlestep`:
   one trace line per guest instruction, filtered to secure DRAM and the
   normal world): the client runs one round trip of each kind between two
   marker functions, and the instructions in between are split by where
   they ran (NWd, EL3, SPMC, SP) and by direction (request, response). The
   same trace gives the SPMC's boot: from its entry (0x0e100000) to its
   final FFA_MSG_WAIT, the last SPMC instruction before the normal world
   first runs, with the EL3 and partition instructions in between. The EL3
   test firmware has no counter for this (test/el3fw/inc/el3fw/test_api.h);
   the trace is the EL3-side view.

3. Memory sharing, under -icount as in 1 (command "mem"): the client
   checks the method with the same loop, then times cycles from the normal
   world to bench-sp1 (test/bench/bench_mem_nwd.c): share -> retrieve ->
   relinquish -> reclaim of one constituent of 1, 16, 512 and 4096 pages
   and of 16 and 512 single-page constituents that are not contiguous, and
   lend -> reclaim of 1 page and of 512 such constituents. A cycle counts
   from the client's first SMC to the reclaim's return, the direct
   messages that ask bench-sp1 to retrieve and relinquish included; each
   FF-A memory call is also timed on its own (in the client and in
   bench-sp1), which gives the `<name>_ffa_calls` records. Writes a log-log
   plot with matplotlib (python3-matplotlib) and checks the acceptance
   bars of bench_mem.MEM_BARS (a report: they do not change the exit
   code). tools/bench_mem.py holds this half's records, bars and plot.

4. Memory-sharing trace, as 2 (command "memtrace"): one marked cycle of
   each scenario after an unmarked one, split by where it ran, with the
   functions that took most (`<name>_trace` records).

Prints tables and writes <out>/direct_msg.json and <out>/mem_share.json:
lists of records {"benchmark", "metric": "guest_instructions", "value",
"params"}, and <out>/mem_share.png. Exit code 0 if every measurement
succeeded and the method checks passed. It is a benchmark, not a test:
`make test` does not run it.
"""

import argparse
import bisect
import collections
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_mem  # noqa: E402  (sibling modules, after the path is set)
import qemu  # noqa: E402

DESCRIPTOR = os.path.join("qemu", "bench.json")
DEFAULT_TIMEOUT = 120.0
TRACE_TIMEOUT = 600.0
RESULT_FILE = "direct_msg.json"
MEM_RESULT_FILE = "mem_share.json"
MEM_PLOT_FILE = "mem_share.png"
MEM_TIMEOUT = 600.0
METRIC = "guest_instructions"
# The target of a NWd -> SP -> NWd REQ/RESP round trip.
TARGET_ROUND_TRIP = 5000
# The calibration must match to this fraction (the counter's granularity
# is 16 instructions; the loop has 2,000,000).
CALIBRATION_TOLERANCE = 0.001

# Physical address map of the rig (docs/design/runtime.md §1).
SPMC_ENTRY = 0x0E100000
REGIONS = (
    # (first, end, name)
    (0x0E090000, 0x0E100000, "EL3"),
    (0x0E100000, 0x0E300000, "SPMC"),
    (0x0E300000, 0x0F000000, "SP"),
    (0x60000000, 0x70000000, "NWd"),
)
TRACE_FILTER = "0x0e000000..0x0effffff,0x60000000..0x6fffffff"

BENCH_LINE_RE = re.compile(r"^\[bench\] (?P<kind>\S+)(?P<rest>.*)$")
KEY_VALUE_RE = re.compile(r"(\w+)=(\S+)")
TRACE_LINE_RE = re.compile(
    r"^Trace (?P<cpu>\d+): \S+ \[[0-9a-fA-F]+/(?P<pc>[0-9a-fA-F]+)/")

# What each measurement is, for the records' params.
DESCRIPTIONS = {
    "nwd_sp_req_resp_32": ("NWd->SP->NWd", "FFA_MSG_SEND_DIRECT_REQ_32/"
                           "FFA_MSG_SEND_DIRECT_RESP_32"),
    "nwd_sp_req_resp_64": ("NWd->SP->NWd", "FFA_MSG_SEND_DIRECT_REQ_64/"
                           "FFA_MSG_SEND_DIRECT_RESP_64"),
    "nwd_sp_req2_resp2": ("NWd->SP->NWd", "FFA_MSG_SEND_DIRECT_REQ2/"
                          "FFA_MSG_SEND_DIRECT_RESP2"),
    "sp_sp_req_resp_32": ("SP->SP->SP", "FFA_MSG_SEND_DIRECT_REQ_32/"
                          "FFA_MSG_SEND_DIRECT_RESP_32"),
    "sp_sp_req_resp_64": ("SP->SP->SP", "FFA_MSG_SEND_DIRECT_REQ_64/"
                          "FFA_MSG_SEND_DIRECT_RESP_64"),
    "sp_sp_req2_resp2": ("SP->SP->SP", "FFA_MSG_SEND_DIRECT_REQ2/"
                         "FFA_MSG_SEND_DIRECT_RESP2"),
}

# Breakdown columns, in the order a round trip runs through them.
BREAKDOWN_PARTS = ("nwd", "el3_request", "spmc_request", "sp",
                   "spmc_response", "el3_response")


class BenchError(Exception):
    """A failed run or an unreadable output, reported without a trace."""


@dataclasses.dataclass
class Measurement:
    """One `[bench] result` line."""

    name: str
    iterations: int
    ticks: int
    extra: dict


@dataclasses.dataclass
class ClientOutput:
    """What the client printed on UART0."""

    cntfrq: int | None = None
    results: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    ended: bool = False
    end_errors: int | None = None
    markers: tuple | None = None
    traces: list = dataclasses.field(default_factory=list)


def to_int(text):
    """A decimal or 0x-prefixed number."""
    return int(text, 0)


def parse_client_output(text):
    """Reads the `[bench]` lines of the client's UART0 output (other lines,
    from EL3, are skipped). Raises BenchError on a malformed one."""
    out = ClientOutput()
    for raw in text.splitlines():
        line = raw.strip()
        m = BENCH_LINE_RE.match(line)
        if not m:
            continue
        kind, rest = m["kind"], m["rest"].strip()
        fields = dict(KEY_VALUE_RE.findall(rest))
        try:
            if kind == "begin":
                out.cntfrq = to_int(fields["cntfrq"])
            elif kind == "result":
                name = rest.split()[0]
                extra = {k: to_int(v) for k, v in fields.items()
                         if k not in ("iterations", "ticks")}
                out.results.append(Measurement(
                    name=name, iterations=to_int(fields["iterations"]),
                    ticks=to_int(fields["ticks"]), extra=extra))
            elif kind == "error":
                out.errors.append(rest)
            elif kind == "end":
                out.ended = True
                out.end_errors = to_int(fields["errors"])
            elif kind == "trace-markers":
                out.markers = (to_int(fields["begin"]),
                               to_int(fields["end"]))
            elif kind == "trace":
                out.traces.append(rest)
        except (KeyError, ValueError, IndexError) as e:
            raise BenchError(f"malformed client line: {line!r}") from e
    return out


def instructions(ticks, cntfrq, iterations=1, shift=0):
    """Guest instructions per iteration for `ticks` of the counter under
    `-icount shift=<shift>` (2^shift ns per instruction)."""
    if cntfrq <= 0 or iterations <= 0:
        raise BenchError(f"bad counter frequency {cntfrq} or iteration "
                         f"count {iterations}")
    return ticks * 1e9 / cntfrq / (1 << shift) / iterations


def calibration_error(out, shift=0):
    """None if the known loop measured as expected, else a message."""
    for m in out.results:
        if m.name != "calibrate_loop":
            continue
        expected = m.extra.get("expected_instructions")
        if not expected:
            return "calibrate_loop has no expected_instructions"
        got = instructions(m.ticks, out.cntfrq, 1, shift)
        if abs(got - expected) > expected * CALIBRATION_TOLERANCE:
            return (f"calibration: a loop of {expected} instructions "
                    f"measured {got:.0f}")
        return None
    return "no calibrate_loop result"


def measurement_records(out, shift, smp):
    """The JSON records of the measurement run."""
    records = []
    for m in out.results:
        value = instructions(m.ticks, out.cntfrq, m.iterations, shift)
        params = {
            "iterations": m.iterations,
            "counter_ticks": m.ticks,
            "cntfrq_hz": out.cntfrq,
            "icount_shift": shift,
            "smp": smp,
            "method": "generic counter under -icount",
        }
        if m.name in DESCRIPTIONS:
            params["path"], params["abi"] = DESCRIPTIONS[m.name]
        for key, val in m.extra.items():
            params[key] = val
        if m.name == "calibrate_loop":
            params["expected_instructions_per_iteration"] = (
                m.extra["expected_instructions"] / m.iterations)
        records.append({"benchmark": m.name, "metric": METRIC,
                        "value": round(value, 1), "params": params})
    return records


def region_of(pc):
    """The name of the region `pc` lies in, or "other"."""
    for first, end, name in REGIONS:
        if first <= pc < end:
            return name
    return "other"


def parse_trace_line(line):
    """(cpu, pc) of a QEMU `-d exec` line, or None for other lines."""
    m = TRACE_LINE_RE.match(line)
    if not m:
        return None
    return int(m["cpu"]), int(m["pc"], 16)


class TraceAnalyzer:
    """Counts instructions of one CPU's single-stepped exec trace: the
    SPMC's boot window and the round trips between the client's markers.
    Feed it (cpu, pc) pairs in trace order."""

    def __init__(self, markers, cpu=0, keep_pcs=False):
        self.begin, self.end = markers if markers else (None, None)
        self.cpu = cpu
        self.boot_state = "before"  # before, in, done
        self.boot_pcs = []
        self.boot_regions = []
        self.window = None
        self.windows = []
        # With keep_pcs, a Counter of the PCs of each window too.
        self.keep_pcs = keep_pcs
        self.window_pcs = None
        self.pc_windows = []

    def feed(self, cpu, pc):
        if cpu != self.cpu:
            return
        region = region_of(pc)
        if self.boot_state == "before" and pc == SPMC_ENTRY:
            self.boot_state = "in"
        if self.boot_state == "in":
            if region == "NWd":
                self.boot_state = "done"
            else:
                self.boot_regions.append(region)
                self.boot_pcs.append(pc)
        if pc == self.begin:
            self.window = []
            self.window_pcs = collections.Counter()
        elif pc == self.end and self.window is not None:
            self.windows.append(self.window)
            self.window = None
            if self.keep_pcs:
                self.pc_windows.append(self.window_pcs)
        elif self.window is not None:
            self.window.append(region)
            if self.keep_pcs:
                self.window_pcs[pc] += 1

    def boot(self):
        """The SPMC boot window: (counts per region, pcs), from the entry
        to the last SPMC instruction before the NWd first ran; None if the
        trace has no complete boot."""
        if self.boot_state != "done" or "SPMC" not in self.boot_regions:
            return None
        last = len(self.boot_regions) - 1 - \
            self.boot_regions[::-1].index("SPMC")
        counts = collections.Counter(self.boot_regions[:last + 1])
        return counts, self.boot_pcs[:last + 1]

    def breakdowns(self):
        """Per marked window, the instructions per BREAKDOWN_PARTS (and
        `other`, outside every known region)."""
        return [breakdown(w) for w in self.windows]


def breakdown(regions):
    """Splits a round trip's regions into BREAKDOWN_PARTS: the request
    direction until the partition first runs, the response after."""
    parts = dict.fromkeys(BREAKDOWN_PARTS, 0)
    parts["other"] = 0
    direction = "request"
    for region in regions:
        if region == "SP":
            parts["sp"] += 1
            direction = "response"
        elif region == "NWd":
            parts["nwd"] += 1
        elif region == "EL3":
            parts[f"el3_{direction}"] += 1
        elif region == "SPMC":
            parts[f"spmc_{direction}"] += 1
        else:
            parts["other"] += 1
    if parts["other"] == 0:
        del parts["other"]
    return parts


def load_symbols(elfs):
    """Sorted (address, name) of the text symbols of `elfs`, with
    llvm-nm; empty if it is not installed."""
    nm = shutil.which("llvm-nm-19") or shutil.which("llvm-nm")
    syms = []
    if not nm:
        return syms
    for elf in elfs:
        if not os.path.isfile(elf):
            continue
        proc = subprocess.run([nm, "-n", "--defined-only", elf],
                              capture_output=True, text=True, check=False)
        for line in proc.stdout.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[1] in "tTwW":
                syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return syms


def top_functions(pcs, syms, count):
    """The `count` functions with the most instructions among `pcs` (a
    list, or a Counter of PC -> instructions); PCs without a symbol of
    their region count as `<region>`."""
    if not syms or count <= 0:
        return []
    addrs = [a for a, _ in syms]
    hist = collections.Counter()
    weights = pcs if isinstance(pcs, collections.Counter) else \
        collections.Counter(pcs)
    for pc, n in weights.items():
        i = bisect.bisect_right(addrs, pc) - 1
        # A PC past the images' symbols (a partition's) counts by region.
        if i >= 0 and region_of(addrs[i]) == region_of(pc):
            hist[syms[i][1]] += n
        else:
            hist[f"<{region_of(pc)}>"] += n
    return hist.most_common(count)


def read_trace(path, analyzer):
    """Feeds the trace file at `path` to `analyzer`."""
    with open(path, encoding="ascii", errors="replace") as f:
        for line in f:
            item = parse_trace_line(line)
            if item:
                analyzer.feed(*item)


def trace_records(out, analyzer, syms, top):
    """The JSON records of the trace run."""
    records = []
    if len(analyzer.windows) != len(out.traces):
        raise BenchError(f"the trace has {len(analyzer.windows)} marked "
                         f"windows, the client ran {len(out.traces)}")
    for name, parts in zip(out.traces, analyzer.breakdowns()):
        params = {"method": "QEMU -d exec,nochain -singlestep trace",
                  "iterations": 1}
        params.update(parts)
        if name in DESCRIPTIONS:
            params["path"], params["abi"] = DESCRIPTIONS[name]
        records.append({"benchmark": f"{name}_breakdown", "metric": METRIC,
                        "value": sum(parts.values()), "params": params})
    boot = analyzer.boot()
    if boot is None:
        raise BenchError("the trace has no SPMC boot window (no SPMC entry "
                         f"at {SPMC_ENTRY:#x}, or the NWd never ran)")
    counts, pcs = boot
    params = {"method": "QEMU -d exec,nochain -singlestep trace",
              "from": f"SPMC entry {SPMC_ENTRY:#x}",
              "to": "the SPMC's final FFA_MSG_WAIT (SMC)",
              "spmc": counts["SPMC"], "sp": counts["SP"],
              "el3": counts["EL3"]}
    tops = top_functions(pcs, syms, top)
    if tops:
        params["top_functions"] = {name: n for name, n in tops}
    records.append({"benchmark": "spmc_boot", "metric": METRIC,
                    "value": sum(counts.values()), "params": params})
    return records


def print_table(records):
    """The human summary."""
    width = max(len(r["benchmark"]) for r in records)
    print(f"{'benchmark':<{width}}  {'instructions':>12}  notes")
    for r in records:
        p = r["params"]
        notes = []
        if "path" in p:
            notes.append(p["path"])
        if r["benchmark"].endswith("_breakdown"):
            notes = [" ".join(f"{k}={p[k]}" for k in BREAKDOWN_PARTS
                              + ("other",) if k in p)]
        elif r["benchmark"] == "spmc_boot":
            notes = [f"spmc={p['spmc']} sp={p['sp']} el3={p['el3']}"]
        elif r["benchmark"] == "calibrate_loop":
            notes = [f"expected "
                     f"{p['expected_instructions_per_iteration']:g}"]
        elif "iterations" in p and p["iterations"] > 1:
            notes.append(f"mean of {p['iterations']}")
        if r["benchmark"].startswith("nwd_sp_req_resp"):
            met = r["value"] <= TARGET_ROUND_TRIP
            notes.append(f"target <= {TARGET_ROUND_TRIP}: "
                         f"{'met' if met else 'MISSED'}")
        print(f"{r['benchmark']:<{width}}  {r['value']:>12,.1f}  "
              f"{'; '.join(notes)}")
    for r in records:
        tops = r["params"].get("top_functions")
        if tops:
            print(f"{r['benchmark']}: most instructions in "
                  + ", ".join(f"{k} {v:,}" for k, v in tops.items()))


def load_descriptor(build):
    """The benchmark image's descriptor (qemu_flash_image)."""
    path = os.path.join(build, DESCRIPTOR)
    try:
        with open(path, encoding="utf-8") as f:
            desc = json.load(f)
    except (OSError, ValueError) as e:
        raise BenchError(f"{path}: {e}; build it first (`make`)") from e
    base = os.path.dirname(path)
    desc["flash"] = os.path.join(base, desc["flash"])
    images = desc.get("images", {})
    desc["elfs"] = [os.path.splitext(os.path.join(base, images[k]))[0]
                    + ".elf" for k in ("spmc", "el3fw", "nwd")
                    if k in images]
    if "nwd" in images:  # the partitions' ELFs are beside the NWd's
        fw_dir = os.path.dirname(os.path.join(base, images["nwd"]))
        desc["elfs"] += [os.path.join(fw_dir, f"{name}.elf")
                         for name in images.get("partitions", [])]
    return desc


def measurement_run(desc, workdir, args, command=None, timeout=None):
    """One boot under -icount; the client's output and the shift, after
    the method check."""
    shift = desc.get("icount", 0)
    rig = qemu.Rig(flash=desc["flash"], smp=desc.get("smp", 4),
                   memory_mb=desc.get("memory", qemu.DEFAULT_MEMORY_MB),
                   icount=shift, qemu=args.qemu)
    res = qemu.run(rig, workdir, command=command,
                   timeout=args.timeout or timeout or desc.get("timeout")
                   or DEFAULT_TIMEOUT)
    out = check_run(res, command or "measurement")
    if out.cntfrq is None:
        raise BenchError("the client printed no counter frequency")
    problem = calibration_error(out, shift)
    if problem:
        raise BenchError(f"method check failed: {problem}")
    return out, shift, rig.smp


def run_measurement(desc, workdir, args):
    """Boot 1: the direct-message counter measurements under -icount."""
    out, shift, smp = measurement_run(desc, os.path.join(workdir, "run"),
                                      args)
    return measurement_records(out, shift, smp)


def run_mem(desc, workdir, args):
    """Boot 3: the memory-sharing cycles under -icount."""
    out, shift, smp = measurement_run(desc, os.path.join(workdir, "mem"),
                                      args, command="mem",
                                      timeout=max(MEM_TIMEOUT,
                                                  desc.get("timeout", 0)))
    return bench_mem.mem_records(
        measurement_records(out, shift, smp),
        lambda ticks, n: instructions(ticks, out.cntfrq, n, shift))


def run_trace(desc, workdir, args):
    """Boot 2: the execution trace for the breakdown and the SPMC boot."""
    trace_dir = os.path.join(workdir, "trace")
    os.makedirs(trace_dir, exist_ok=True)
    trace = os.path.join(trace_dir, "exec.log")
    rig = qemu.Rig(flash=desc["flash"], smp=desc.get("smp", 4),
                   memory_mb=desc.get("memory", qemu.DEFAULT_MEMORY_MB),
                   qemu=args.qemu,
                   extra_args=["-d", "exec,nochain", "-singlestep",
                               "-dfilter", TRACE_FILTER, "-D", trace])
    res = qemu.run(rig, trace_dir, command="trace",
                   timeout=max(TRACE_TIMEOUT, args.timeout or 0))
    out = check_run(res, "trace")
    if out.markers is None:
        raise BenchError("the client printed no trace markers")
    analyzer = TraceAnalyzer(out.markers)
    read_trace(trace, analyzer)
    if not args.keep_trace:
        os.remove(trace)
    return trace_records(out, analyzer, load_symbols(desc["elfs"]),
                         args.top)


def run_mem_trace(desc, workdir, args):
    """Boot 4: one traced cycle of each memory scenario, split by where it
    ran, with the functions that took most."""
    trace_dir = os.path.join(workdir, "mem_trace")
    os.makedirs(trace_dir, exist_ok=True)
    trace = os.path.join(trace_dir, "exec.log")
    rig = qemu.Rig(flash=desc["flash"], smp=desc.get("smp", 4),
                   memory_mb=desc.get("memory", qemu.DEFAULT_MEMORY_MB),
                   qemu=args.qemu,
                   extra_args=["-d", "exec,nochain", "-singlestep",
                               "-dfilter", TRACE_FILTER, "-D", trace])
    res = qemu.run(rig, trace_dir, command="memtrace",
                   timeout=max(TRACE_TIMEOUT, args.timeout or 0))
    out = check_run(res, "memory trace")
    if out.markers is None:
        raise BenchError("the client printed no trace markers")
    analyzer = TraceAnalyzer(out.markers, keep_pcs=True)
    read_trace(trace, analyzer)
    if not args.keep_trace:
        os.remove(trace)
    if len(analyzer.windows) != len(out.traces):
        raise BenchError(f"the memory trace has {len(analyzer.windows)} "
                         f"marked windows, the client ran "
                         f"{len(out.traces)}")
    syms = load_symbols(desc["elfs"])
    return bench_mem.trace_records(
        out.traces, [collections.Counter(w) for w in analyzer.windows],
        [dict(top_functions(pcs, syms, args.top))
         for pcs in analyzer.pc_windows])


FFA_ERRORS = {-1: "NOT_SUPPORTED", -2: "INVALID_PARAMETERS", -3: "NO_MEMORY",
              -4: "BUSY", -5: "INTERRUPTED", -6: "DENIED", -7: "RETRY",
              -8: "ABORTED", -9: "NO_DATA", -10: "NOT_READY"}
STATUS_RE = re.compile(r"status (-\d+)\b")


def name_errors(text):
    """`text` with each `status -N` followed by its FF-A error name."""
    def repl(m):
        name = FFA_ERRORS.get(int(m[1]))
        return f"{m[0]} (FFA_{name})" if name else m[0]
    return STATUS_RE.sub(repl, text)


def check_run(res, what):
    """The client's output of a finished boot; raises on a failure."""
    out = parse_client_output(res.uart0_text())
    if res.timed_out:
        raise BenchError(f"{what} run: QEMU did not finish in time; logs "
                         f"in {os.path.dirname(res.uart0)}")
    if out.errors:
        raise BenchError(f"{what} run: "
                         + "; ".join(name_errors(e) for e in out.errors))
    if res.exit_code != 0 or not out.ended or out.end_errors:
        raise BenchError(f"{what} run: QEMU exit code {res.exit_code}, "
                         f"client {'ended' if out.ended else 'did not end'}"
                         f"; logs in {os.path.dirname(res.uart0)}")
    return out


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="out/build",
                        help="the build directory (default %(default)s)")
    parser.add_argument("--out", default="out/bench",
                        help="logs and results (default %(default)s)")
    parser.add_argument("--timeout", type=float,
                        help="seconds per boot (default: the descriptor's)")
    parser.add_argument("--only", choices=("all", "direct", "mem"),
                        default="all", help="the direct-message boots, the "
                        "memory-sharing boots, or all (default)")
    parser.add_argument("--no-trace", action="store_true",
                        help="skip the trace boots (breakdown, SPMC boot, "
                        "memory cycles)")
    parser.add_argument("--keep-trace", action="store_true",
                        help="keep the (large) execution traces")
    parser.add_argument("--top", type=int, default=6,
                        help="functions listed per traced window")
    parser.add_argument("--qemu", default=qemu.QEMU)
    return parser.parse_args(argv)


def write_records(records, path):
    """Writes `records` as indented JSON; prints where."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, indent=2)
        f.write("\n")
    print(f"bench: wrote {path}")


def step_direct(desc, args):
    """Boots 1 and 2: the direct-message records, printed and written."""
    print(f"bench: measuring ({desc['flash']}, -icount shift="
          f"{desc.get('icount', 0)})", flush=True)
    records = run_measurement(desc, args.out, args)
    if not args.no_trace:
        print("bench: tracing one round trip of each kind and the "
              "SPMC boot (-d exec -singlestep)", flush=True)
        records += run_trace(desc, args.out, args)
    print_table(records)
    write_records(records, os.path.join(args.out, RESULT_FILE))


def step_mem(desc, args):
    """Boot 3: the memory-sharing records, plot and bars. The bars are
    printed (as MISSING) even when the boot fails."""
    print("bench: measuring memory sharing (-icount shift="
          f"{desc.get('icount', 0)})", flush=True)
    records = []
    try:
        records = run_mem(desc, args.out, args)
        bench_mem.print_mem_table(records)
        if not args.no_trace:
            print("bench: tracing one cycle of each memory scenario "
                  "(-d exec -singlestep)", flush=True)
            traced = run_mem_trace(desc, args.out, args)
            bench_mem.print_trace_table(traced)
            records += traced
        write_records(records, os.path.join(args.out, MEM_RESULT_FILE))
        plot = os.path.join(args.out, MEM_PLOT_FILE)
        bench_mem.plot_mem(records, plot)
        print(f"bench: wrote {plot}")
    finally:
        bench_mem.print_bars(bench_mem.evaluate_bars(records))


def main(argv=None):
    args = parse_args(argv)
    failed = False
    try:
        desc = load_descriptor(args.build)
        if args.only != "direct":
            bench_mem.require_matplotlib()  # before any boot
    except (BenchError, bench_mem.MemReportError, OSError) as e:
        print(f"bench: FAILED: {e}", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    steps = {"direct": (step_direct,), "mem": (step_mem,),
             "all": (step_direct, step_mem)}[args.only]
    for step in steps:
        try:
            step(desc, args)
        except (BenchError, bench_mem.MemReportError, qemu.QemuError,
                OSError) as e:
            print(f"bench: FAILED: {e}", file=sys.stderr, flush=True)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
