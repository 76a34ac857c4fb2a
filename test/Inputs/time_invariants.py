"""Checks the time model's invariants on `lprof-report --format=json --raw`.

Each argument is CALLEE:FILE_LINE: the callee's total time must not exceed
the time of the caller's line FILE_LINE (the only line that calls it). For
every function self time <= total time, and the self times of all lines sum
to the total of the ROOT function (the one whose total is the run)."""
import json
import sys

profile = json.load(sys.stdin)
functions = {f["name"]: f for f in profile["functions"]}
line_time = {}
for f in profile["functions"]:
    for line in f["lines"]:
        line_time[(f["name"], line["line"])] = line["time"]
failures = []
root = sys.argv[1]
for spec in sys.argv[2:]:
    callee, caller, line = spec.split(":")
    total, calling = functions[callee]["total_time"], line_time[(caller, int(line))]
    if total > calling * 1.000001:
        failures.append(f"{callee} total {total} > {caller}:{line} {calling}")
for name, f in functions.items():
    if f["self_time"] > f["total_time"] * 1.000001:
        failures.append(f"{name} self {f['self_time']} > total {f['total_time']}")
self_sum = sum(l["self_time"] for f in profile["functions"] for l in f["lines"])
root_total = functions[root]["total_time"]
if abs(self_sum - root_total) > 1e-6 * root_total:
    failures.append(f"self times sum to {self_sum}, {root} total {root_total}")
for failure in failures:
    print("FAIL:", failure)
print("invariants hold" if not failures else "invariants broken")
sys.exit(1 if failures else 0)
