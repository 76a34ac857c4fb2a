"""Checks timing mode's time model on `lprof-report --format=json`.

  time_invariants.py [ROOT [CALLEE:FILE_LINE...]] < PROFILE.json
  time_invariants.py --runs N REPORT PROGRAM

Always, on every function timed in timing mode (the net times hold them by
construction, snapshot.c; the measured ones, --raw, by measurement), each
within rounding (every figure is written in whole ticks):
  - every line's time is at most its function's total, and its self time
    at most its time; a function's self time at most its total;
  - every callee's total is at most the time of the lines whose calls to it
    carry time (the call edges; a call from outside counts its own time),
    and each such call at most its calling line;
  - the self times of all lines sum to the time of the calls from outside.
With ROOT, the self times also sum to ROOT's total; each CALLEE:FILE_LINE
names the one line of FILE (a function) that calls CALLEE, whose time the
callee's total must not exceed.

With --runs, runs PROGRAM (built in timing mode) N times with LPROF_OUTPUT
set and checks each profile read with `REPORT --format=json`: the
invariants hold by construction, so every run must pass, loaded or not."""
import json
import os
import subprocess
import sys
import tempfile

SLACK = 1e-6


def above(value, bound):
    return value > bound * (1 + SLACK) + 1e-12


def check(profile, root=None, specs=()):
    timed = [f for f in profile["functions"] if f.get("modes", 1) == 1]
    key = lambda f: (f["file"], f["name"], f["first_line"])
    functions = {key(f): f for f in timed}
    by_name = {f["name"]: f for f in timed}
    line_time = {}
    failures = []
    for f in timed:
        total = f["total_time"]
        if above(f["self_time"], total):
            failures.append(f"{f['name']} self {f['self_time']} > total {total}")
        for line in f["lines"]:
            line_time[(key(f), line["line"])] = line["time"]
            line_time[(f["name"], line["line"])] = line["time"]
            if above(line["time"], total):
                failures.append(f"{f['name']}:{line['line']} {line['time']} > "
                                f"its total {total}")
            if above(line["self_time"], line["time"]):
                failures.append(f"{f['name']}:{line['line']} self "
                                f"{line['self_time']} > its time {line['time']}")
    calling, outside = {}, 0.0
    for call in profile.get("calls", []):
        callee = key(call["callee"])
        if callee not in functions or call["raw_time"] == 0:
            continue  # a recursive call: its time is in the outer one's
        caller = call["caller"]
        if caller is None or key(caller) not in functions:
            bound = call["time"]
            outside += call["time"]
        else:
            bound = line_time[(key(caller), call["line"])]
            if above(call["time"], bound):
                failures.append(f"call of {call['callee']['name']} from "
                                f"{caller['name']}:{call['line']} "
                                f"{call['time']} > the line's {bound}")
        calling[callee] = calling.get(callee, 0.0) + bound
    for name, f in functions.items():
        if name in calling and above(f["total_time"], calling[name]):
            failures.append(f"{f['name']} total {f['total_time']} > its "
                            f"calling lines' {calling[name]}")
    self_sum = sum(l["self_time"] for f in timed for l in f["lines"])
    if "calls" in profile and abs(self_sum - outside) > SLACK * outside + 1e-12:
        failures.append(f"self times sum to {self_sum}, the calls from "
                        f"outside to {outside}")
    for spec in specs:
        callee, caller, line = spec.split(":")
        total, bound = by_name[callee]["total_time"], line_time[(caller, int(line))]
        if above(total, bound):
            failures.append(f"{callee} total {total} > {caller}:{line} {bound}")
    if root is not None:
        root_total = by_name[root]["total_time"]
        if abs(self_sum - root_total) > SLACK * root_total + 1e-12:
            failures.append(f"self times sum to {self_sum}, {root} total "
                            f"{root_total}")
    return failures


def profile_of_run(report, program, output):
    """Runs PROGRAM with its profile written to OUTPUT (replacing an earlier
    one) and returns `REPORT --format=json OUTPUT` read as JSON."""
    if os.path.exists(output):
        os.remove(output)
    subprocess.run([program], env=dict(os.environ, LPROF_OUTPUT=output),
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(subprocess.run(
        [report, "--format=json", output], check=True, text=True,
        stdout=subprocess.PIPE).stdout)


def runs(count, report, program):
    work = tempfile.mkdtemp(prefix="time-invariants-")
    output = os.path.join(work, "run.lprof")
    broken = 0
    for run in range(1, count + 1):
        failures = check(profile_of_run(report, program, output))
        for failure in failures:
            print(f"run {run}: FAIL: {failure}")
        broken += bool(failures)
    print(f"invariants hold in {count} runs" if not broken
          else f"invariants broken in {broken} of {count} runs")
    return 1 if broken else 0


def main(args):
    if args and args[0] == "--runs":
        return runs(int(args[1]), args[2], args[3])
    failures = check(json.load(sys.stdin), args[0] if args else None, args[1:])
    for failure in failures:
        print("FAIL:", failure)
    print("invariants hold" if not failures else "invariants broken")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
