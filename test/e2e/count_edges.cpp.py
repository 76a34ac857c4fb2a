"""Prints the calls of lprof-report's JSON (stdin), one edge a line,
sorted, as `CALLER:LINE -> CALLEE calls=N` (`(outside):0` for calls from
outside profiled code), then `total N`; or `no calls`."""
import json
import sys

calls = json.load(sys.stdin).get("calls", [])
if not calls:
    print("no calls")
    sys.exit(0)
rows = sorted("%s:%d -> %s calls=%d" % (
    c["caller"]["name"] if c["caller"] else "(outside)", c["line"],
    c["callee"]["name"], c["calls"]) for c in calls)
print("\n".join(rows))
print("total %d" % sum(c["calls"] for c in calls))
