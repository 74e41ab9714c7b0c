#!/usr/bin/python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Writes the seed corpora of mem_desc_fuzz and mem_retrieve_fuzz.

Each seed is the fuzzer's prefix (see the target's comment) followed by a
valid FF-A memory transaction descriptor. Run from anywhere; rewrites
test/fuzz/corpus/mem_{desc,retrieve}_fuzz/.
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def header(layout, sender, attr, flags, handle, tag, count):
    """The v1.0 (layout 0) or v1.1+ (1: 16-byte, 2: 32-byte) header."""
    if layout == 0:
        return struct.pack("<HBBIQQII", sender, attr, 0, flags, handle, tag,
                           0, count)
    size = 16 if layout == 1 else 32
    return struct.pack("<HHIQQIII12x", sender, attr, flags, handle, tag, size,
                       count, 48)


def access(layout, rid, perm, flags, coff):
    if layout == 2:
        return struct.pack("<HBBI16sQ", rid, perm, flags, coff, b"\0" * 16, 0)
    return struct.pack("<HBBIQ", rid, perm, flags, coff, 0)


def send(layout, attr, flags, recvs, cons):
    hdr = header(layout, 0x8001, attr, flags, 0, 0, len(recvs))
    asz = 32 if layout == 2 else 16
    coff = len(hdr) + asz * len(recvs)
    body = b"".join(access(layout, r, p, 0, coff) for r, p in recvs)
    comp = struct.pack("<IIQ", sum(c[1] for c in cons), len(cons), 0)
    comp += b"".join(struct.pack("<QII", b, n, 0) for b, n in cons)
    return hdr + body + comp


def retrieve(layout, handle, flags, recvs):
    hdr = header(layout, 0x8001, 0, flags, handle, 0, len(recvs))
    return hdr + b"".join(access(layout, r, p, f, 0) for r, p, f in recvs)


def write(name, seeds):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    for fname, data in seeds.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)


def main():
    wb_inner = 0x2F
    two = [(0x100000, 1), (0x300000, 2)]
    lend = send(0, 0, 1, [(0x8002, 2)], two)
    share = send(1, wb_inner, 0, [(0x8002, 2), (0x8003, 1)], two)
    donate = send(2, 0, 0, [(0x8002, 0)], [(0x200000, 4)])
    frag = len(share) - 16
    write("mem_desc_fuzz", {
        "v1_0_lend": bytes([0, 1, 0, 0]) + lend,
        "v1_1_share_frag": bytes([1, 0]) + struct.pack("<H", frag) + share,
        "v1_2_donate": bytes([2, 2, 0, 0]) + donate,
    })
    write("mem_retrieve_fuzz", {
        "v1_0_lend": bytes([0, 0]) + retrieve(0, 1, 2 << 3, [(0x8002, 2, 0)]),
        "v1_2_hint": bytes([2, 0]) + retrieve(
            2, 5, (1 << 9) | (3 << 5) | (1 << 10), [(0x8002, 1, 1),
                                                    (0x8003, 1, 0)]),
        "v1_1_hyp": bytes([1, 1]) + header(1, 0, 0, 0, 1 << 63 | 3, 0, 0),
    })


if __name__ == "__main__":
    main()
