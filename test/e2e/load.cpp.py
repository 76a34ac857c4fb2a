"""Prints the LOAD record of a real run, each figure as "ok" where it is
plausible: measurements >= 1, a finite spread >= 0, per thread a wall time
> 0 and a CPU time > 0 and no more than the wall time plus 10 ms (getrusage
rounds to the scheduler's accounting). No thresholds on the values."""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Inputs"))
import lprof  # noqa: E402

profile = lprof.read(sys.argv[1])
load = profile["load"]
ok = lambda good: "ok" if good else "BAD"
print("LOAD measurements=%s spread=%s threads=%s" % (
    ok(load["measurements"] >= 1),
    ok(math.isfinite(load["probe_spread"]) and load["probe_spread"] >= 0),
    ",".join(str(t["thread"]) for t in load["threads"])))
for t in load["threads"]:
    print("thread %d wall=%s cpu=%s" % (
        t["thread"], ok(t["wall_ns"] > 0),
        ok(0 < t["cpu_ns"] <= t["wall_ns"] + 10000000)))
