"""Writes damaged copies of a .lprof file's first EDGE entry, checksum
fixed, for the reader's one-line errors:

  edge_cases.py IN.lprof OUTDIR

OUTDIR/callee.lprof (callee index past the FUNC records), caller.lprof
(caller index past them), line.lprof (a line outside the caller's; the
entry's caller is made function 0 with line 1 + 2**31), outside-line.lprof
(a call from outside with line 7), count.lprof (a count the record cannot
hold), and no-edges.lprof (EDGE tags renamed: the file as a reader of 1.4
sees it).
"""
import os
import struct
import sys
import zlib

data = bytearray(open(sys.argv[1], "rb").read())
out = sys.argv[2]


def records():
    pos = 32
    while pos < len(data):
        tag = bytes(data[pos:pos + 4])
        length = struct.unpack_from("<Q", data, pos + 8)[0]
        yield tag, pos, length
        pos += 16 + length


def write(name, body):
    body[24:28] = struct.pack("<I", zlib.crc32(bytes(body[32:])) & 0xFFFFFFFF)
    open(os.path.join(out, name), "wb").write(body)


first = next(pos for tag, pos, _ in records() if tag == b"EDGE")
entry = first + 16 + 8  # after thread and count
funcs = sum(1 for tag, _, _ in records() if tag == b"FUNC")

def variant(name, offset, fmt, value):
    body = bytearray(data)
    struct.pack_into(fmt, body, offset, *value)
    write(name, body)

variant("callee.lprof", entry + 8, "<I", (funcs,))
variant("caller.lprof", entry, "<II", (funcs + 5, 1))
variant("line.lprof", entry, "<II", (0, 1 + 2**31))
variant("outside-line.lprof", entry, "<II", (0xFFFFFFFF, 7))
variant("count.lprof", first + 16 + 4, "<I", (0x10000000,))
body = bytearray(data)
for tag, pos, _ in records():
    if tag == b"EDGE":
        body[pos:pos + 4] = b"XDGE"
write("no-edges.lprof", body)
