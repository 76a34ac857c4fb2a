"""Runs a program that never ends, kills it with SIGKILL, checks its profile.

  kill_check.py INTERVAL AFTER DIR PROGRAM [ARGS...]

Starts PROGRAM with LPROF_INTERVAL=INTERVAL and LPROF_OUTPUT=DIR/prof.lprof,
kills it AFTER seconds, then prints one line per check:
  files: the directory holds only prof.lprof (no temporary file left);
  valid: it is a whole profile, with hits;
  rewritten: it was written more than once (its end time is well after its
    start);
  age: it was written at most INTERVAL seconds (plus 1 s of scheduling
    slack on a loaded machine) before the kill.
Exits 1 if any check fails.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

interval, after, directory = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
target = os.path.join(directory, "prof.lprof")
env = dict(os.environ, LPROF_INTERVAL=sys.argv[1], LPROF_OUTPUT=target)
process = subprocess.Popen(sys.argv[4:], env=env, stdout=subprocess.DEVNULL)
time.sleep(after)
killed_ns = time.time_ns()
process.send_signal(signal.SIGKILL)
process.wait()

results = []
names = sorted(os.listdir(directory))
results.append(("files", names == ["prof.lprof"], " ".join(names)))
try:
    profile = lprof.read(target)
    hits = sum(h for f in profile["functions"] for h, _ in f["lines"])
    results.append(("valid", hits > 0, "%d hits" % hits))
    span = (profile["end_ns"] - profile["start_ns"]) / 1e9
    results.append(("rewritten", span >= after - interval - 1.0,
                    "written %.2f s after start" % span))
    age = (killed_ns - profile["end_ns"]) / 1e9
    results.append(("age", 0 <= age <= interval + 1.0, "%.2f s old" % age))
except Exception as error:  # noqa: BLE001
    results.append(("valid", False, str(error)))
failed = False
for name, ok, detail in results:
    failed |= not ok
    print("%s: %s (%s)" % (name, "ok" if ok else "FAILED", detail))
sys.exit(1 if failed else 0)
