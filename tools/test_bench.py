#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of the parsing in tools/bench.py and tools/demo.py (stdlib
unittest, no QEMU): the benchmark client's result lines, the conversion of
counter ticks to instructions, the execution-trace analysis and the JSON
records; the demo's log checks and console follower.
Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_bench.py'
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  pylint: disable=wrong-import-position
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
