#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""The memory-sharing half of `make bench` (tools/bench.py runs the boots):
the records of the client's memory-sharing results, the acceptance bars,
the table, the log-log plot (matplotlib) and the per-cycle breakdown of a
trace. Pure functions of the records; no QEMU here.
"""

import collections
import re

METRIC = "guest_instructions"


class MemReportError(Exception):
    """Unusable memory-sharing results, or matplotlib missing."""


# Memory-sharing scenarios: mem_<kind>_<shape>_<n>, where shape `pages` is
# one constituent of n pages and `constituents` n single-page constituents
# (every other page, so none is contiguous with the next).
MEM_NAME_RE = re.compile(r"^mem_(?P<kind>share_cycle|lend_reclaim)_"
                         r"(?P<shape>pages|constituents)_(?P<n>\d+)$")
MEM_ABIS = {
    "share_cycle": "FFA_MEM_SHARE (+FRAG_TX); REQ_64 retrieve: "
                   "FFA_MEM_RETRIEVE_REQ (+FRAG_RX), FFA_RX_RELEASE in "
                   "bench-sp1; REQ_64 relinquish: FFA_MEM_RELINQUISH in "
                   "bench-sp1; FFA_MEM_RECLAIM",
    "lend_reclaim": "FFA_MEM_LEND (+FRAG_TX); FFA_MEM_RECLAIM",
}
MEM_LABELS = {
    ("share_cycle", "pages"): "share cycle, one constituent of n pages",
    ("share_cycle", "constituents"): "share cycle, n one-page constituents",
    ("lend_reclaim", "pages"): "lend+reclaim, one constituent of n pages",
    ("lend_reclaim", "constituents"): "lend+reclaim, n one-page "
                                      "constituents",
}
# The FF-A memory calls of a cycle, each timed on its own.
MEM_CALLS = ("send", "retrieve", "relinquish", "reclaim")
CALLS_SUFFIX = "_ffa_calls"
# Acceptance bars, a report: (text, benchmark, limit, relative to). The
# value must be <= limit, or <= limit x the value of `relative to`.
MEM_BARS = (
    ("one constituent of 512 pages <= 2x one page (share cycle)",
     "mem_share_cycle_pages_512", 2.0, "mem_share_cycle_pages_1"),
    ("one-page lend+reclaim <= 25,000", "mem_lend_reclaim_pages_1",
     25000, None),
    ("one-page share->retrieve->relinquish->reclaim <= 100,000",
     "mem_share_cycle_pages_1", 100000, None),
    ("512 non-contiguous one-page constituents lend+reclaim <= 600,000",
     "mem_lend_reclaim_constituents_512", 600000, None),
)


def mem_records(base, to_instructions):
    """The JSON records of the memory-sharing run from `base`, the
    measurement records of its result lines (bench.measurement_records):
    the calibration, and per scenario the whole cycle and its `_ffa_calls`
    part. `to_instructions(ticks, iterations)` converts counter ticks."""
    records = []
    for rec in base:
        name, p = rec["benchmark"], rec["params"]
        m = MEM_NAME_RE.match(name)
        if not m:
            if name != "calibrate_loop":
                raise MemReportError(f"unexpected memory result {name}")
            records.append(rec)
            continue
        n = int(m["n"])
        want = (1, n) if m["shape"] == "pages" else (n, n)
        if (p.get("constituents"), p.get("pages")) != want:
            raise MemReportError(f"{name}: the client reports constituents="
                             f"{p.get('constituents')} pages={p.get('pages')}")
        calls = {}
        for part in MEM_CALLS:
            if f"{part}_ticks" not in p:
                raise MemReportError(f"{name}: no {part}_ticks")
            ticks = p.pop(f"{part}_ticks")
            p[f"{part}_counter_ticks"] = ticks
            calls[part] = round(to_instructions(ticks, p["iterations"]), 1)
        p["path"] = "NWd->bench-sp1"
        p["abi"] = MEM_ABIS[m["kind"]]
        p["layout"] = (f"one constituent of {n} contiguous pages"
                       if m["shape"] == "pages" else
                       f"{n} one-page constituents, every other page")
        p["descriptor"] = "FF-A v1.2 layout, 4 KiB RX/TX buffers"
        for part, value in calls.items():
            p[f"{part}_instructions"] = value
        total = round(sum(calls.values()), 1)
        p["ffa_mem_calls"] = total
        p["outside_ffa_mem_calls"] = round(rec["value"] - total, 1)
        records.append(rec)
        part_params = {k: p[k] for k in (
            "iterations", "pages", "constituents", "layout", "abi",
            "send_fragments", "retrieve_fragments") if k in p}
        part_params.update(calls)
        part_params["method"] = ("generic counter under -icount, read "
                                 "around each FF-A memory call in the "
                                 "image that makes it")
        records.append({"benchmark": name + CALLS_SUFFIX, "metric": METRIC,
                        "value": total, "params": part_params})
    return records


def evaluate_bars(records):
    """(text, what was measured, PASS / FAIL / MISSING) per MEM_BARS."""
    values = {r["benchmark"]: r["value"] for r in records}
    verdicts = []
    for text, name, limit, base in MEM_BARS:
        if name not in values or (base and not values.get(base)):
            verdicts.append((text, "not measured", "MISSING"))
            continue
        value = values[name]
        if base:
            ratio = value / values[base]
            got = f"{value:,.0f} / {values[base]:,.0f} = {ratio:.2f}x"
            ok = ratio <= limit
        else:
            got = f"{value:,.0f}"
            ok = value <= limit
        verdicts.append((text, got, "PASS" if ok else "FAIL"))
    return verdicts


def print_bars(verdicts):
    """The acceptance bars, one line each."""
    print("memory-sharing acceptance bars (a report, not a test):")
    for text, got, verdict in verdicts:
        print(f"  {verdict:<7}  {text}: {got}")


def print_mem_table(records):
    """The memory-sharing summary: whole cycle, calls alone, per call."""
    rows = [r for r in records if MEM_NAME_RE.match(r["benchmark"])]
    if not rows:
        return
    width = max(len(r["benchmark"]) for r in rows)
    cols = ("ffa_calls",) + MEM_CALLS
    print(f"{'benchmark':<{width}}  {'instructions':>12}  "
          + "  ".join(f"{c:>10}" for c in cols) + "  notes")
    for r in rows:
        p = r["params"]
        cells = [p["ffa_mem_calls"]]
        cells += [p[f"{c}_instructions"] for c in MEM_CALLS]
        notes = [f"mean of {p['iterations']}",
                 f"fragments sent {p.get('send_fragments', '?')}"]
        if r["benchmark"].startswith("mem_share"):
            notes.append(f"received {p.get('retrieve_fragments', '?')}")
        print(f"{r['benchmark']:<{width}}  {r['value']:>12,.1f}  "
              + "  ".join(f"{c:>10,.0f}" for c in cells) + "  "
              + ", ".join(notes))


def require_matplotlib():
    """matplotlib.pyplot with the file-only backend; MemReportError if the
    Debian package is not installed."""
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel
        matplotlib.use("Agg")
        from matplotlib import pyplot  # pylint: disable=import-outside-toplevel
    except ImportError as e:
        raise MemReportError(
            "python3-matplotlib is missing (it draws the memory-sharing "
            "plot): run `bash prebuilts/bootstrap.sh`, which installs "
            "prebuilts/packages.txt") from e
    return pyplot


def mem_series(records):
    """{(kind, shape, calls_only): [(n, instructions), ...]} of the
    records, sorted by n; a single page is in both shapes of its kind.
    Series of fewer than two points are left out."""
    series = collections.defaultdict(list)
    for r in records:
        name = r["benchmark"]
        calls = name.endswith(CALLS_SUFFIX)
        m = MEM_NAME_RE.match(name[:-len(CALLS_SUFFIX)] if calls else name)
        if not m:
            continue
        n = int(m["n"])
        shapes = ("pages", "constituents") if n == 1 else (m["shape"],)
        for shape in shapes:
            series[(m["kind"], shape, calls)].append((n, r["value"]))
    return {k: sorted(v) for k, v in sorted(series.items()) if len(v) > 1}


def plot_mem(records, path):
    """Draws instructions against pages (log-log) into the PNG `path`."""
    plt = require_matplotlib()
    series = mem_series(records)
    if not series:
        raise MemReportError("no memory-sharing series to plot")
    fig, ax = plt.subplots(figsize=(9, 6))
    colors = {}
    for (kind, shape, calls), points in series.items():
        color = colors.setdefault((kind, shape), f"C{len(colors)}")
        label = MEM_LABELS[(kind, shape)]
        ax.plot([n for n, _ in points], [v for _, v in points],
                marker="o", color=color, linestyle="--" if calls else "-",
                label=label + (" (FF-A memory calls only)" if calls else ""))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks([4 ** i for i in range(7)])
    plain = plt.FuncFormatter(lambda v, _: f"{v:,.0f}")
    ax.xaxis.set_major_formatter(plain)
    ax.yaxis.set_major_formatter(plain)
    ax.set_xlabel("pages (= constituents for one-page constituents)")
    ax.set_ylabel("guest instructions per cycle")
    ax.set_title("FF-A memory sharing, normal world -> bench-sp1\n"
                 "QEMU -icount shift=0, mean per cycle")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# Where a traced cycle ran (bench.REGIONS), in the order of the table.
TRACE_PARTS = ("NWd", "EL3", "SPMC", "SP", "other")
TRACE_SUFFIX = "_trace"


def trace_records(names, windows, tops):
    """Records of the traced cycles: `names` as the client printed them,
    `windows` a Counter of instructions per region for each, `tops` the
    functions that took most in each ({name: instructions})."""
    if not len(names) == len(windows) == len(tops):
        raise MemReportError(f"{len(names)} traced scenarios, "
                             f"{len(windows)} windows, {len(tops)} tops")
    records = []
    for name, counts, top in zip(names, windows, tops):
        if not MEM_NAME_RE.match(name):
            raise MemReportError(f"unexpected traced scenario {name}")
        params = {"method": "QEMU -d exec,nochain -singlestep trace of one "
                            "cycle (with the copy of the first fragment "
                            "into TX)",
                  "iterations": 1}
        params.update({part.lower(): counts.get(part, 0)
                       for part in TRACE_PARTS if counts.get(part, 0)})
        if top:
            params["top_functions"] = top
        records.append({"benchmark": name + TRACE_SUFFIX, "metric": METRIC,
                        "value": sum(counts.values()), "params": params})
    return records


def print_trace_table(records):
    """Where each traced cycle ran and its most expensive functions."""
    width = max((len(r["benchmark"]) for r in records), default=0)
    for r in records:
        p = r["params"]
        where = " ".join(f"{k.lower()}={p[k.lower()]:,}" for k in TRACE_PARTS
                         if k.lower() in p)
        print(f"{r['benchmark']:<{width}}  {r['value']:>12,}  {where}")
        tops = p.get("top_functions")
        if tops:
            print(f"{'':<{width}}  most in: " + ", ".join(
                f"{k} {v:,}" for k, v in tops.items()))
