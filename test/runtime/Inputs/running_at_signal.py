"""Checks running_at_signal.c's profile (lprof-report --format=json --raw):

  running_at_signal.py PROFILE.json SPIN-RECORD SOURCE

SPIN-RECORD holds the seconds the program measured itself spinning on the
interrupted line; SOURCE's comments mark the lines (`// interrupted line`,
`// calls callee`, `// calls caller`, `// blocked line`)."""
import json
import sys

profile = json.load(open(sys.argv[1]))
spin = float(open(sys.argv[2]).read())
marks = {}
for number, text in enumerate(open(sys.argv[3]), 1):
    if "// " in text and not text.lstrip().startswith("//"):
        marks[text.split("// ", 1)[1].strip()] = number

functions = {f["name"]: f for f in profile["functions"]}


def line(function, mark):
    for entry in functions[function]["lines"]:
        if entry["line"] == marks[mark]:
            return entry
    sys.exit("no line %s in %s" % (marks[mark], function))


def check(what, value, bound, bound_name):
    ok = value >= bound * 0.999999
    print("%s: %s %s" % (what, "at least" if ok else "BELOW", bound_name) +
          ("" if ok else " (%g < %g)" % (value, bound)))


interrupted = line("callee", "interrupted line")["time"]
check("interrupted line", interrupted, 0.5 * spin, "half the spin")
check("callee total", functions["callee"]["total_time"], interrupted, "the line")
calling = line("caller", "calls callee")["time"]
check("caller's calling line", calling, functions["callee"]["total_time"],
      "callee's total")
check("caller total", functions["caller"]["total_time"], calling, "its line")
check("main total", functions["main"]["total_time"],
      functions["caller"]["total_time"], "caller's")
waited = line("blocked", "blocked line")["time"]
check("blocked thread's line", waited, 0.5 * spin, "half the spin")
check("blocked thread's function total", functions["blocked"]["total_time"],
      waited, "its line")
# Self times: each function's within its total, and all of them together
# the two threads' runs.
for name, f in functions.items():
    if f["self_time"] > f["total_time"] * 1.000001 + 1e-9:
        print("FAIL: %s self %g > total %g" % (name, f["self_time"],
                                              f["total_time"]))
self_sum = sum(l["self_time"] for f in profile["functions"] for l in f["lines"])
runs = functions["main"]["total_time"] + functions["blocked"]["total_time"]
if abs(self_sum - runs) > 1e-6 * runs:
    print("FAIL: self times sum to %g, the threads' totals %g" % (self_sum, runs))
else:
    print("self times sum to the threads' totals")
