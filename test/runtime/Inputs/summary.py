"""Prints a .lprof file's exact content compactly, for FileCheck:

  PROG clock=<n> pid=<n> program=<basename> spt=<ok|bad> time=<ok|bad>
  FUNC <name> <file>:<first_line> lines=<n> source=<text>
    hits <h0> <h1> ...
    ticks <0 or + per line>

Reads the file with the independent reader, test/Inputs/lprof.py.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

profile = lprof.read(sys.argv[1])
spt = profile["seconds_per_tick"]
spt_ok = math.isfinite(spt) and 1e-12 < spt < 1e-6
time_ok = 0 < profile["start_ns"] <= profile["end_ns"]
print("PROG clock=%d pid=%d program=%s spt=%s time=%s" % (
    profile["clock"], profile["pid"], os.path.basename(profile["program"]),
    "ok" if spt_ok else "bad", "ok" if time_ok else "bad"))
for fn in profile["functions"]:
    print("FUNC %s %s:%d lines=%d source=%s" % (
        fn["name"], fn["file"], fn["first_line"], len(fn["lines"]),
        fn["source"].replace("\n", "\\n")))
    print("  hits " + " ".join(str(h) for h, _ in fn["lines"]))
    print("  ticks " + " ".join("+" if t else "0" for _, t in fn["lines"]))
