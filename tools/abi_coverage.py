#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Lists, per FF-A ABI the SPMC implements, the in-partition tests using it.

Reads the dispatcher table (src/ffa/dispatch.c) for the implemented
function IDs and every TEST(...) body of test/hftest/suites/*/*.c. A test
uses an ABI if its body names the FID macro or a vmlib/driver wrapper of
it; it is negative for that ABI if it also checks an FF-A error
(EXPECT_FFA_ERROR / ASSERT_FFA_ERROR / FFA_ERROR_32 comparisons).

Prints a Markdown table (ABI, positive tests, negative tests) and exits 1
if an ABI has no positive test or fewer than two negative ones.

Usage: abi_coverage.py [--root DIR]
"""

import argparse
import os
import re
import sys

# FID macro -> names that call it (wrappers in vmlib/driver, suite helpers).
ALIASES = {
    "FFA_VERSION_32": ["ffa_version", "nwd_ffa_version", "FWK_VERSION"],
    "FFA_FEATURES_32": ["ffa_features"],
    "FFA_ID_GET_32": ["ffa_id_get", "nwd_ffa_id"],
    "FFA_SPM_ID_GET_32": ["ffa_spm_id_get"],
    "FFA_RXTX_MAP_32": ["ffa_rxtx_map_32"],
    "FFA_RXTX_MAP_64": ["ffa_rxtx_map(", "nwd_rxtx_map"],
    "FFA_RXTX_UNMAP_32": ["ffa_rxtx_unmap", "nwd_rxtx_unmap"],
    "FFA_RX_RELEASE_32": ["ffa_rx_release"],
    "FFA_PARTITION_INFO_GET_32": ["ffa_partition_info_get(",
                                  "nwd_partition_info_get("],
    "FFA_PARTITION_INFO_GET_REGS_64": ["ffa_partition_info_get_regs",
                                       "nwd_partition_info_get_regs"],
    "FFA_MSG_SEND_DIRECT_REQ_32": ["ffa_msg_send_direct_req_32",
                                   "nwd_direct_req_32"],
    "FFA_MSG_SEND_DIRECT_REQ_64": ["ffa_msg_send_direct_req_64",
                                   "nwd_direct_req_64"],
    "FFA_MSG_SEND_DIRECT_RESP_32": ["ffa_msg_send_direct_resp_32"],
    "FFA_MSG_SEND_DIRECT_RESP_64": ["ffa_msg_send_direct_resp_64"],
    "FFA_MSG_SEND_DIRECT_REQ2_64": ["ffa_msg_send_direct_req2",
                                    "nwd_direct_req2"],
    "FFA_MSG_SEND_DIRECT_RESP2_64": ["ffa_msg_send_direct_resp2"],
    "FFA_MSG_WAIT_32": ["ffa_msg_wait"],
    "FFA_RUN_32": ["ffa_run("],
    "FFA_YIELD_32": ["ffa_yield"],
    "FFA_CONSOLE_LOG_32": ["ffa_console_log_32"],
    "FFA_CONSOLE_LOG_64": ["ffa_console_log_64"],
    "FFA_ERROR_32": ["ffa_error("],
    "FFA_SECONDARY_EP_REGISTER_64": ["ffa_secondary_ep_register"],
    "FFA_MEM_SHARE_32": ["ffa_mem_share("],
    "FFA_MEM_LEND_32": ["ffa_mem_lend("],
    "FFA_MEM_DONATE_32": ["ffa_mem_donate("],
    "FFA_MEM_RETRIEVE_REQ_32": ["ffa_mem_retrieve_req("],
    "FFA_MEM_RELINQUISH_32": ["ffa_mem_relinquish(",
                              "ms_relinquish_reclaim("],
    "FFA_MEM_RECLAIM_32": ["ffa_mem_reclaim(", "ms_reclaim(",
                           "ms_relinquish_reclaim("],
    "FFA_MEM_FRAG_RX_32": ["ffa_mem_frag_rx("],
    "FFA_MEM_FRAG_TX_32": ["ffa_mem_frag_tx("],
}

NEGATIVE_RE = re.compile(r"(EXPECT|ASSERT)_FFA_ERROR|FFA_ERROR_32|"
                         r"FFA_(INVALID_PARAMETERS|DENIED|BUSY|"
                         r"NOT_SUPPORTED|NO_MEMORY|RETRY|ABORTED)")
TEST_RE = re.compile(r"^TEST\((\w+),\s*(\w+)\)\s*$", re.M)


def implemented(root):
    """FID macros named in the dispatcher table."""
    with open(os.path.join(root, "src", "ffa", "dispatch.c"),
              encoding="utf-8") as f:
        text = f.read()
    table = text[text.index("abi_table[]"):]
    table = table[:table.index("};")]
    return sorted(set(re.findall(r"\b(FFA_[A-Z0-9_]+_(?:32|64))\b", table)))


def tests(root):
    """(name, body) of every TEST in the suites."""
    suites = os.path.join(root, "test", "hftest", "suites")
    out = []
    for dirpath, _, files in sorted(os.walk(suites)):
        for name in sorted(files):
            if not name.endswith(".c"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                text = f.read()
            starts = [m for m in TEST_RE.finditer(text)]
            for i, m in enumerate(starts):
                end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
                suite = os.path.basename(dirpath)
                out.append((f"{suite}/{m.group(1)}.{m.group(2)}",
                            text[m.end():end]))
    return out


def coverage(root):
    rows = []
    all_tests = tests(root)
    for fid in implemented(root):
        names = [fid] + ALIASES.get(fid, [])
        pos, neg = [], []
        for tname, body in all_tests:
            if not any(n in body for n in names):
                continue
            pos.append(tname)
            if NEGATIVE_RE.search(body):
                neg.append(tname)
        rows.append((fid, sorted(pos), sorted(neg)))
    return rows, len(all_tests)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    rows, count = coverage(args.root)
    ok = True
    print(f"{count} in-partition tests; per implemented ABI (tests that use "
          "it / of them, tests that check an FF-A error):\n")
    print("| ABI | tests using it | checking errors | examples |")
    print("|---|---|---|---|")
    for fid, pos, neg in rows:
        example = ", ".join(neg[:2] or pos[:2])
        print(f"| {fid} | {len(pos)} | {len(neg)} | {example} |")
        if not pos or len(neg) < 2:
            ok = False
            print(f"abi_coverage: {fid}: too few tests", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
