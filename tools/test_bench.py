#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of the parsing in tools/bench.py and tools/demo.py (stdlib
unittest, no QEMU): the benchmark client's result lines, the conversion of
counter ticks to instructions, the execution-trace analysis and the JSON
records; the memory-sharing records, acceptance bars and plot; the demo's
log checks and console follower.
Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_bench.py'
"""

import collections
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  pylint: disable=wrong-import-position
import bench_mem  # noqa: E402  pylint: disable=wrong-import-position
import demo  # noqa: E402  pylint: disable=wrong-import-position

CLIENT_OUTPUT = """\
NOTICE:  BL31: Entry point address = 0x60000000\r
[bench] begin cntfrq=62500000\r
[bench] result calibrate_loop iterations=1000000 ticks=125000 \
expected_instructions=2000000\r
[bench] result nwd_sp_req_resp_32 iterations=10000 ticks=1533750\r
[bench] result sp_sp_req2_resp2 iterations=10000 ticks=1180626\r
[bench] end errors=0\r
NOTICE:  QEMU System Power off: with GPIO.\r
"""

TRACE_OUTPUT = """\
[bench] begin cntfrq=62500000
[bench] trace-markers begin=0x60000634 end=0x60000638
[bench] trace nwd_sp_req_resp_32
[bench] trace nwd_sp_req2_resp2
[bench] end errors=0
"""

NWD = 0x60001000
EL3 = 0x0E090100
SPMC = 0x0E100100
SP = 0x0E304000
BEGIN = 0x60000634
END = 0x60000638


def trace_line(cpu, pc):
    """A QEMU 7.2 `-d exec` line."""
    return (f"Trace {cpu}: 0x7fbe60001c40 [000000000030040c/{pc:016x}/"
            "00000071/ff080201] \n")


class ClientOutputTest(unittest.TestCase):
    def test_results_and_end(self):
        out = bench.parse_client_output(CLIENT_OUTPUT)
        self.assertEqual(out.cntfrq, 62500000)
        self.assertEqual([m.name for m in out.results],
                         ["calibrate_loop", "nwd_sp_req_resp_32",
                          "sp_sp_req2_resp2"])
        self.assertEqual(out.results[0].extra,
                         {"expected_instructions": 2000000})
        self.assertEqual(out.results[1].iterations, 10000)
        self.assertEqual(out.results[1].ticks, 1533750)
        self.assertTrue(out.ended)
        self.assertEqual(out.end_errors, 0)
        self.assertEqual(out.errors, [])

    def test_errors_and_trace_lines(self):
        out = bench.parse_client_output(
            TRACE_OUTPUT + "[bench] error sp_sp_req_resp_32: x0 0x84000060 "
            "status 0xfffffffe\n")
        self.assertEqual(out.markers, (BEGIN, END))
        self.assertEqual(out.traces, ["nwd_sp_req_resp_32",
                                      "nwd_sp_req2_resp2"])
        self.assertEqual(len(out.errors), 1)
        self.assertIn("sp_sp_req_resp_32", out.errors[0])

    def test_malformed_line(self):
        with self.assertRaises(bench.BenchError):
            bench.parse_client_output("[bench] result x iterations=ten\n")
        with self.assertRaises(bench.BenchError):
            bench.parse_client_output("[bench] begin\n")

    def test_no_client_output(self):
        out = bench.parse_client_output("NOTICE: nothing\n")
        self.assertIsNone(out.cntfrq)
        self.assertFalse(out.ended)


class InstructionsTest(unittest.TestCase):
    def test_ticks_to_instructions(self):
        # 62.5 MHz: 16 ns per tick, 1 ns per instruction at shift 0.
        self.assertEqual(bench.instructions(125000, 62500000), 2000000)
        self.assertEqual(bench.instructions(1533750, 62500000, 10000),
                         2454)
        # shift 1: 2 ns per instruction.
        self.assertEqual(bench.instructions(125000, 62500000, 1, 1),
                         1000000)

    def test_bad_input(self):
        with self.assertRaises(bench.BenchError):
            bench.instructions(1, 0)
        with self.assertRaises(bench.BenchError):
            bench.instructions(1, 62500000, 0)

    def test_calibration(self):
        out = bench.parse_client_output(CLIENT_OUTPUT)
        self.assertIsNone(bench.calibration_error(out))
        out.results[0].ticks = 130000
        self.assertIn("measured 2080000", bench.calibration_error(out))
        out.results = out.results[1:]
        self.assertEqual(bench.calibration_error(out),
                         "no calibrate_loop result")

    def test_records(self):
        out = bench.parse_client_output(CLIENT_OUTPUT)
        records = bench.measurement_records(out, 0, 1)
        json.dumps(records)
        by_name = {r["benchmark"]: r for r in records}
        for r in records:
            self.assertEqual(set(r), {"benchmark", "metric", "value",
                                      "params"})
            self.assertEqual(r["metric"], "guest_instructions")
        rt = by_name["nwd_sp_req_resp_32"]
        self.assertEqual(rt["value"], 2454)
        self.assertEqual(rt["params"]["iterations"], 10000)
        self.assertEqual(rt["params"]["path"], "NWd->SP->NWd")
        self.assertEqual(rt["params"]["icount_shift"], 0)
        cal = by_name["calibrate_loop"]
        self.assertEqual(cal["value"], 2)
        self.assertEqual(
            cal["params"]["expected_instructions_per_iteration"], 2)


class TraceTest(unittest.TestCase):
    def test_parse_line(self):
        self.assertEqual(bench.parse_trace_line(trace_line(2, SPMC)),
                         (2, SPMC))
        self.assertIsNone(bench.parse_trace_line("IN: \n"))

    def test_regions(self):
        self.assertEqual(bench.region_of(EL3), "EL3")
        self.assertEqual(bench.region_of(bench.SPMC_ENTRY), "SPMC")
        self.assertEqual(bench.region_of(SP), "SP")
        self.assertEqual(bench.region_of(NWD), "NWd")
        self.assertEqual(bench.region_of(0x1000), "other")

    def feed(self, analyzer, pcs, cpu=0):
        for pc in pcs:
            analyzer.feed(cpu, pc)

    def test_boot_window(self):
        a = bench.TraceAnalyzer((BEGIN, END))
        # EL3 before the SPMC's entry is not counted, nor the EL3 tail
        # after its final FFA_MSG_WAIT.
        self.feed(a, [EL3] * 5 + [bench.SPMC_ENTRY] + [SPMC] * 9 +
                  [SP] * 4 + [SPMC] * 2 + [EL3] * 3 + [SPMC] + [EL3] * 7)
        self.feed(a, [SPMC] * 50, cpu=1)
        self.assertIsNone(a.boot())
        self.feed(a, [NWD, SPMC, NWD])
        counts, pcs = a.boot()
        self.assertEqual(counts, {"SPMC": 13, "SP": 4, "EL3": 3})
        self.assertEqual(len(pcs), 20)

    def test_round_trip_breakdown(self):
        a = bench.TraceAnalyzer((BEGIN, END))
        self.feed(a, [NWD] * 3 + [BEGIN] + [NWD] * 2 + [EL3] * 3 +
                  [SPMC] * 5 + [SP] * 7 + [SPMC] * 11 + [EL3] * 13 +
                  [NWD] * 17 + [END] + [NWD] * 4 + [BEGIN, SP, END])
        parts = a.breakdowns()
        self.assertEqual(parts[0], {"nwd": 19, "el3_request": 3,
                                    "spmc_request": 5, "sp": 7,
                                    "spmc_response": 11,
                                    "el3_response": 13})
        self.assertEqual(parts[1]["sp"], 1)
        self.assertEqual(len(parts), 2)

    def test_unknown_region_is_reported(self):
        parts = bench.breakdown(["NWd", "other", "SP"])
        self.assertEqual(parts["other"], 1)

    def test_trace_records(self):
        out = bench.parse_client_output(TRACE_OUTPUT)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "exec.log")
            with open(path, "w", encoding="ascii") as f:
                f.write("IN: \n")
                pcs = ([bench.SPMC_ENTRY, SPMC, SP, SPMC, EL3, NWD] +
                       [BEGIN, NWD, EL3, SPMC, SP, SPMC, EL3, NWD, END] +
                       [BEGIN, NWD, SP, NWD, END])
                f.writelines(trace_line(0, pc) for pc in pcs)
            a = bench.TraceAnalyzer(out.markers)
            bench.read_trace(path, a)
        syms = [(bench.SPMC_ENTRY, "entry"), (SPMC, "spmc_main")]
        records = bench.trace_records(out, a, syms, 3)
        by_name = {r["benchmark"]: r for r in records}
        rt = by_name["nwd_sp_req_resp_32_breakdown"]
        self.assertEqual(rt["value"], 7)
        self.assertEqual(rt["params"]["sp"], 1)
        self.assertEqual(by_name["nwd_sp_req2_resp2_breakdown"]["value"], 3)
        boot = by_name["spmc_boot"]
        self.assertEqual(boot["value"], 4)
        self.assertEqual(boot["params"]["top_functions"],
                         {"spmc_main": 2, "entry": 1, "<SP>": 1})
        out.traces.append("extra")
        with self.assertRaises(bench.BenchError):
            bench.trace_records(out, a, [], 0)

    def test_no_boot_window(self):
        out = bench.parse_client_output(TRACE_OUTPUT)
        out.traces = []
        with self.assertRaises(bench.BenchError):
            bench.trace_records(out, bench.TraceAnalyzer(out.markers), [],
                                0)


# 62.5 MHz: 16 instructions per tick. Per cycle (1000 cycles): 40,000
# instructions, of which the calls take 8,000 + 8,000 + 4,000 + 4,000.
MEM_OUTPUT = """\
[bench] begin cntfrq=62500000\r
[bench] result calibrate_loop iterations=1000000 ticks=125000 \
expected_instructions=2000000\r
[bench] result mem_share_cycle_pages_1 iterations=1000 ticks=2500000 \
pages=1 constituents=1 send_ticks=500000 retrieve_ticks=500000 \
relinquish_ticks=250000 reclaim_ticks=250000 send_fragments=1 \
retrieve_fragments=1\r
[bench] result mem_share_cycle_pages_512 iterations=100 ticks=400000 \
pages=512 constituents=1 send_ticks=100000 retrieve_ticks=100000 \
relinquish_ticks=50000 reclaim_ticks=50000 send_fragments=1 \
retrieve_fragments=1\r
[bench] result mem_share_cycle_constituents_512 iterations=100 \
ticks=2000000 pages=512 constituents=512 send_ticks=600000 \
retrieve_ticks=600000 relinquish_ticks=200000 reclaim_ticks=200000 \
send_fragments=3 retrieve_fragments=3\r
[bench] result mem_lend_reclaim_pages_1 iterations=1000 ticks=1000000 \
pages=1 constituents=1 send_ticks=600000 retrieve_ticks=0 \
relinquish_ticks=0 reclaim_ticks=400000 send_fragments=1 \
retrieve_fragments=0\r
[bench] result mem_lend_reclaim_constituents_512 iterations=100 \
ticks=4000000 pages=512 constituents=512 send_ticks=2500000 \
retrieve_ticks=0 relinquish_ticks=0 reclaim_ticks=1500000 \
send_fragments=3 retrieve_fragments=0\r
[bench] end errors=0\r
"""


def mem_records(text=MEM_OUTPUT):
    out = bench.parse_client_output(text)
    return bench_mem.mem_records(
        bench.measurement_records(out, 0, 1),
        lambda ticks, n: bench.instructions(ticks, out.cntfrq, n))


class MemRecordsTest(unittest.TestCase):
    def test_cycle_and_calls(self):
        records = mem_records()
        json.dumps(records)
        by_name = {r["benchmark"]: r for r in records}
        self.assertEqual(len(records), 11)  # calibration + 5 x 2
        for r in records:
            self.assertEqual(set(r), {"benchmark", "metric", "value",
                                      "params"})
            self.assertEqual(r["metric"], "guest_instructions")
        cycle = by_name["mem_share_cycle_pages_1"]
        self.assertEqual(cycle["value"], 40000)
        p = cycle["params"]
        self.assertEqual((p["send_instructions"], p["retrieve_instructions"],
                          p["relinquish_instructions"],
                          p["reclaim_instructions"]),
                         (8000, 8000, 4000, 4000))
        self.assertEqual(p["ffa_mem_calls"], 24000)
        self.assertEqual(p["outside_ffa_mem_calls"], 16000)
        self.assertEqual(p["send_counter_ticks"], 500000)
        self.assertNotIn("send_ticks", p)
        self.assertEqual(p["iterations"], 1000)
        self.assertIn("contiguous", p["layout"])
        calls = by_name["mem_share_cycle_pages_1_ffa_calls"]
        self.assertEqual(calls["value"], 24000)
        self.assertEqual(calls["params"]["retrieve"], 8000)
        scattered = by_name["mem_share_cycle_constituents_512"]["params"]
        self.assertIn("every other page", scattered["layout"])
        self.assertEqual(scattered["send_fragments"], 3)
        lend = by_name["mem_lend_reclaim_constituents_512"]
        self.assertEqual(lend["value"], 640000)
        self.assertIn("FFA_MEM_LEND", lend["params"]["abi"])
        self.assertIn("calibrate_loop", by_name)

    def test_inconsistent_lines(self):
        bad_pages = MEM_OUTPUT.replace("pages=512 constituents=1",
                                       "pages=511 constituents=1")
        with self.assertRaisesRegex(bench_mem.MemReportError, "pages=511"):
            mem_records(bad_pages)
        no_part = MEM_OUTPUT.replace("relinquish_ticks=250000 ", "")
        with self.assertRaisesRegex(bench_mem.MemReportError,
                                    "relinquish_ticks"):
            mem_records(no_part)
        stray = MEM_OUTPUT.replace("mem_lend_reclaim_pages_1",
                                   "mem_donate_pages_1")
        with self.assertRaisesRegex(bench_mem.MemReportError,
                                    "mem_donate"):
            mem_records(stray)

    def test_error_names(self):
        self.assertEqual(
            bench.name_errors("x: send failed: status -1"),
            "x: send failed: status -1 (FFA_NOT_SUPPORTED)")
        self.assertEqual(bench.name_errors("status -6; status -77"),
                         "status -6 (FFA_DENIED); status -77")


class MemBarsTest(unittest.TestCase):
    def test_pass_fail_missing(self):
        verdicts = bench_mem.evaluate_bars(mem_records())
        self.assertEqual(len(verdicts), len(bench_mem.MEM_BARS))
        # 512 pages: 64,000 / 40,000 = 1.6x one page.
        self.assertEqual(verdicts[0][2], "PASS")
        self.assertIn("1.60x", verdicts[0][1])
        self.assertEqual(verdicts[1][2], "PASS")  # 16,000 <= 25,000
        self.assertEqual(verdicts[2][2], "PASS")  # 40,000 <= 100,000
        self.assertEqual(verdicts[3][2], "FAIL")  # 640,000 > 600,000
        records = [r for r in mem_records()
                   if r["benchmark"] != "mem_share_cycle_pages_1"]
        verdicts = bench_mem.evaluate_bars(records)
        self.assertEqual([v[2] for v in verdicts],
                         ["MISSING", "PASS", "MISSING", "FAIL"])
        self.assertEqual([v[2] for v in bench_mem.evaluate_bars([])],
                         ["MISSING"] * len(bench_mem.MEM_BARS))

    def test_bar_limits(self):
        records = mem_records()
        for r in records:
            if r["benchmark"] == "mem_share_cycle_pages_512":
                r["value"] = 80000.1  # just over 2 x 40,000
            if r["benchmark"] == "mem_lend_reclaim_pages_1":
                r["value"] = 25000  # exactly the bar
        verdicts = bench_mem.evaluate_bars(records)
        self.assertEqual(verdicts[0][2], "FAIL")
        self.assertEqual(verdicts[1][2], "PASS")

    def test_tables_print(self):
        records = mem_records()
        with contextlib.redirect_stdout(io.StringIO()) as text:
            bench_mem.print_mem_table(records)
            bench_mem.print_bars(bench_mem.evaluate_bars(records))
        lines = text.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("benchmark"))
        self.assertTrue(any(line.startswith("mem_share_cycle_pages_1 ")
                            and "40,000.0" in line and "24,000" in line
                            for line in lines))
        self.assertEqual(sum("FAIL" in line for line in lines), 1)


class MemPlotTest(unittest.TestCase):
    def test_series(self):
        series = bench_mem.mem_series(mem_records())
        self.assertEqual(series[("share_cycle", "pages", False)],
                         [(1, 40000), (512, 64000)])
        # One page is also the first point of the one-page constituents.
        self.assertEqual(series[("share_cycle", "constituents", True)],
                         [(1, 24000), (512, 256000)])
        self.assertEqual(series[("lend_reclaim", "constituents", False)],
                         [(1, 16000), (512, 640000)])
        # A single point (lend of one constituent of n pages) is no line.
        self.assertNotIn(("lend_reclaim", "pages", False), series)

    def test_png(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mem_share.png")
            bench_mem.plot_mem(mem_records(), path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            with self.assertRaises(bench_mem.MemReportError):
                bench_mem.plot_mem([], path)

    def test_missing_matplotlib(self):
        with mock.patch.dict(sys.modules, {"matplotlib": None}):
            with self.assertRaisesRegex(bench_mem.MemReportError,
                                        "python3-matplotlib is missing"):
                bench_mem.require_matplotlib()

    def test_main_fails_before_booting(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "qemu"))
            with open(os.path.join(tmp, "qemu", "bench.json"), "w",
                      encoding="utf-8") as f:
                json.dump({"flash": "bench/flash.bin"}, f)
            err = io.StringIO()
            with mock.patch.dict(sys.modules, {"matplotlib": None}), \
                    mock.patch.object(bench.qemu, "run") as run, \
                    contextlib.redirect_stderr(err):
                code = bench.main(["--build", tmp, "--out", tmp])
            self.assertEqual(code, 1)
            run.assert_not_called()
            self.assertIn("python3-matplotlib", err.getvalue())



class MemTraceTest(unittest.TestCase):
    def test_window_pcs(self):
        a = bench.TraceAnalyzer((BEGIN, END), keep_pcs=True)
        for pc in [NWD, BEGIN, NWD, SPMC, SPMC, SP, EL3, SPMC, END, SPMC,
                   BEGIN, SP, END]:
            a.feed(0, pc)
        self.assertEqual(a.pc_windows[0],
                         {NWD: 1, SPMC: 3, SP: 1, EL3: 1})
        self.assertEqual(a.pc_windows[1], {SP: 1})
        self.assertEqual(len(a.windows), 2)
        syms = [(bench.SPMC_ENTRY, "entry"), (SPMC, "spmc_main")]
        self.assertEqual(bench.top_functions(a.pc_windows[0], syms, 2),
                         bench.top_functions([NWD, SPMC, SPMC, SP, EL3,
                                              SPMC], syms, 2))
        self.assertEqual(bench.top_functions(a.pc_windows[0], syms, 1),
                         [("spmc_main", 3)])

    def test_records(self):
        windows = [collections.Counter({"NWd": 3, "SPMC": 90, "EL3": 7}),
                   collections.Counter({"SPMC": 5, "SP": 1})]
        tops = [{"granule_step": 60}, {}]
        records = bench_mem.trace_records(
            ["mem_share_cycle_pages_1", "mem_lend_reclaim_pages_1"],
            windows, tops)
        self.assertEqual(records[0]["benchmark"],
                         "mem_share_cycle_pages_1_trace")
        self.assertEqual(records[0]["value"], 100)
        self.assertEqual(records[0]["params"]["spmc"], 90)
        self.assertNotIn("sp", records[0]["params"])
        self.assertEqual(records[0]["params"]["top_functions"],
                         {"granule_step": 60})
        self.assertNotIn("top_functions", records[1]["params"])
        json.dumps(records)
        with contextlib.redirect_stdout(io.StringIO()) as text:
            bench_mem.print_trace_table(records)
        self.assertIn("most in: granule_step 60", text.getvalue())
        with self.assertRaises(bench_mem.MemReportError):
            bench_mem.trace_records(["mem_share_cycle_pages_1"], windows,
                                    tops)
        with self.assertRaises(bench_mem.MemReportError):
            bench_mem.trace_records(["nwd_sp_req_resp_32"], windows[:1],
                                    tops[:1])

    def test_descriptor_elfs(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "qemu"))
            with open(os.path.join(tmp, "qemu", "bench.json"), "w",
                      encoding="utf-8") as f:
                json.dump({"flash": "bench/flash.bin", "images": {
                    "spmc": "../aarch64/spmc.bin",
                    "nwd": "../aarch64/bench_nwd.bin",
                    "partitions": ["bench_sp1"]}}, f)
            desc = bench.load_descriptor(tmp)
        self.assertEqual([os.path.basename(e) for e in desc["elfs"]],
                         ["spmc.elf", "bench_nwd.elf", "bench_sp1.elf"])


SPMC_LOG = """\
[SPMC c0] booting partition 0x8001 (sp1-up)
[8001 c0] sp1-up: partition 0x8001 up on vCPU 0
[SPMC c0] Partitions (boot order):
[SPMC c0]   ID     EL     vCPUs memory                  msg    state    name
[SPMC c0]   0x8001 S-EL1      1 0x0e300000+0x100000  0x203  ready    sp1-up boot=1 req-recv,req-send,req2-recv
[SPMC c0]          uuid 3bded0ac-be43f669-d13f3f82-db501153
[SPMC c0]   0x8002 S-EL1      4 0x0e400000+0x100000  0x203  {state}    sp2-mp boot=2 req-recv,req-send,req2-recv
[SPMC c0]          uuid f416bba7-d34f8a65-1c03208f-bfb0ef0e
[8001 c0] sp1-up: vCPU 0: DIRECT_REQ_32 from 0x0000
"""

CLIENT_LOG = """\
demo: normal-world client at NS-EL2 on CPU 0\r
demo: success: 9 direct messages answered by 2 partitions on 4 CPUs\r
"""


class DemoChecksTest(unittest.TestCase):
    def test_good_boot(self):
        v = demo.check_logs(CLIENT_LOG, SPMC_LOG.format(state="ready"), 2)
        self.assertTrue(v.ok, v.problems)
        self.assertEqual([(p.id, p.vcpus, p.name) for p in v.partitions],
                         [(0x8001, 1, "sp1-up"), (0x8002, 4, "sp2-mp")])

    def test_partition_not_ready(self):
        log = SPMC_LOG.format(state="aborted") + \
            "[SPMC c0] partition 0x8002 aborted: initialisation failed\n"
        v = demo.check_logs(CLIENT_LOG, log, 2)
        self.assertFalse(v.ok)
        self.assertTrue(any("aborted, not ready" in p for p in v.problems))
        self.assertTrue(any("initialisation failed" in p
                            for p in v.problems))

    def test_missing_pieces(self):
        v = demo.check_logs("demo: FAILED\n", "", 2)
        self.assertEqual(len(v.problems), 2)
        v = demo.check_logs(CLIENT_LOG, SPMC_LOG.format(state="ready"), 3)
        self.assertEqual(len(v.problems), 1)
        self.assertIn("lists 2 partitions", v.problems[0])

    def test_tail_follows_partial_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "uart0.log")
            tail = demo.Tail(path)
            self.assertEqual(tail.read(), [])
            with open(path, "wb") as f:
                f.write(b"one\r\ntw")
            self.assertEqual(tail.read(), ["one"])
            with open(path, "ab") as f:
                f.write(b"o\nthree")
            self.assertEqual(tail.read(), ["two"])
            self.assertEqual(tail.read(final=True), ["three"])


if __name__ == "__main__":
    unittest.main()
