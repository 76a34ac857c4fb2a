"""Checks a callgrind file written by lprof-report against what
callgrind_annotate --inclusive=yes makes of it.

  check_calls.py [--hits] FILE.callgrind ANNOTATED

Prints, for FileCheck: each edge as `edge CALLER:LINE -> CALLEE calls=N`
(sorted), and `totals ok` when the run's total (summary:, the sum of the
lines' self costs) equals the inclusive cost callgrind_annotate gives
"(outside profiled code)" within the rounding of each call's cost to a
whole ns, and every called function's inclusive cost is at most the sum of
its callers' lines' self costs and calls (the time of the lines that called
it); otherwise says what differs. With --hits, of the Hits event (count
mode, where the calls carry the callees' inclusive hits) instead of ns.
"""
import re
import sys

args = sys.argv[1:]
event = 0
if args and args[0] == "--hits":
    event = 1
    args = args[1:]
path, annotated = args[0], args[1]
names = {}
fn = None
summary = 0
edges = []
calls = None
cfn = None
for line in open(path):
    line = line.rstrip("\n")
    m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?$", line)
    if m:
        if m.group(3) is not None:
            names[m.group(2)] = m.group(3)
        if m.group(1) == "fn":
            fn = names[m.group(2)]
        else:
            cfn = names[m.group(2)]
        continue
    if line.startswith("summary:"):
        summary = int(line.split()[1 + event])
    elif line.startswith("calls="):
        calls = int(line.split("=")[1].split()[0])
    elif calls is not None and re.match(r"\d+ ", line):
        fields = line.split()
        cost = fields[1 + event] if len(fields) > 1 + event else "0"
        edges.append((fn, int(fields[0]), cfn, calls, int(cost)))
        calls = None

for e in sorted(edges):
    print("edge %s:%d -> %s calls=%d" % (e[0], e[1], e[2], e[3]))

inclusive = {}
for line in open(annotated):
    m = re.match(r"\s*([\d,]+|\.)\s+([\d,]+|\.)\s+\S*:(.*)$", line)
    if m and "PROGRAM TOTALS" not in line:
        cost = m.group(1 + event)
        inclusive[m.group(3)] = int(cost.replace(",", "")) if cost != "." else 0
problems = []
root = inclusive.get("(outside profiled code)")
slack = len(edges)
if root is None or abs(root - summary) > slack:
    problems.append("outside %s != summary %d" % (root, summary))
for callee in {e[2] for e in edges}:
    incoming = sum(e[4] for e in edges if e[2] == callee)
    if callee in inclusive and abs(inclusive[callee] - incoming) > 0:
        problems.append("%s inclusive %d != its calls %d" %
                        (callee, inclusive[callee], incoming))
    if incoming > summary + slack:
        problems.append("%s's calls %d exceed the run %d" %
                        (callee, incoming, summary))
print("totals ok" if not problems else "; ".join(problems))
