"""Writes .lprof files whose header or line numbers are wrong in one way:

  header_cases.py DIR

DIR/<case>.lprof for each case below, from one valid profile (built with
test/Inputs/lprof.py, the independent writer). The header is outside the
checksum, so these all pass it.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402


def profile(first_line=10, lines=2):
    return {"functions": [{
        "file": "/nonexistent/f.c", "name": "f", "first_line": first_line,
        "source": "\n".join("line %d" % i for i in range(lines)),
        "lines": [[1, 100]] * lines}]}


def patched(data, offset, fmt, value):
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt):]


directory = sys.argv[1]
valid = lprof.build(profile(), minor=3)
cases = {
    "valid": valid,
    "flags": patched(valid, 12, "<I", 1),
    "flags-high": patched(valid, 12, "<I", 0x80000000),
    "reserved": patched(valid, 28, "<I", 0xDEAD),
    # A later minor version: read, with a note.
    "minor-9": patched(valid, 10, "<H", 9),
    # ...whose flags this reader cannot know the meaning of.
    "minor-9-flags": patched(patched(valid, 10, "<H", 9), 12, "<I", 4),
    # The last line number must fit in a u32: 0xFFFFFFFF is the last one.
    "last-line": lprof.build(profile(first_line=0xFFFFFFFF, lines=1), minor=3),
    "past-last-line": lprof.build(profile(first_line=0xFFFFFFFF, lines=2), minor=3),
    "past-last-line-long": lprof.build(profile(first_line=0xFFFFFF00, lines=300),
                                       minor=3),
}
for name, data in cases.items():
    with open(os.path.join(directory, name + ".lprof"), "wb") as f:
        f.write(data)
