#!/usr/bin/env python3
"""Call-heavy accuracy: how close lineprof's net times come to the run.

  bench/calls/run.py [--build DIR] [--work DIR] [--runs N]

DIR is a lineprof build tree (default build/). Builds calls.cpp (a
tokenizer making some 9 million calls of tiny profiled functions per run)
and recursive.cpp (a recursive-descent evaluator) with clang++-19 -O2 as

  plain    uninstrumented (the compiler inlines the tiny functions)
  timing   -fplugin=lineprof.so
  sample   -fplugin-arg-lineprof-mode=sample

runs the three side by side, --runs times interleaved, and prints per
program and mode:

  own        the profiled root `run`'s wall time, read by the program
             around its call (plain: the program's real cost)
  net        `run`'s net Total time in the profile (lprof-report --format=json)
  net/plain  the goal's ratio: net Total over the plain run's own time
  zero       lines that ran (hits > 0) and call a profiled function whose
             net time reads 0: over-compensated lines

as the run with the median net/plain ratio and the range over all runs.
The machine's load moves these figures a lot: a run that shares its core
is slowed everywhere, the probes included, after the calibration measured
them. lprof-report's own warning about such runs is printed beside them.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLANG = "clang++-19"
PROGRAMS = ("calls", "recursive")
MODES = ("plain", "timing", "sample")


def build(build_dir, work):
    plugin = os.path.join(build_dir, "lib", "lineprof.so")
    runtime = os.path.join(build_dir, "lib", "liblineprof_rt.a")
    include = "-I" + os.path.join(ROOT, "runtime", "include")
    flags = {
        "plain": ([], []),
        "timing": (["-DPROFILE=[[profile]]", "-fplugin=" + plugin, include],
                   [runtime]),
        "sample": (["-DPROFILE=[[profile]]", "-fplugin=" + plugin, include,
                    "-fplugin-arg-lineprof-mode=sample"], [runtime]),
    }
    binaries = {}
    for program in PROGRAMS:
        for mode in MODES:
            out = os.path.join(work, "%s.%s" % (program, mode))
            cflags, lflags = flags[mode]
            subprocess.run([CLANG, "-O2", "-g", "-std=c++17"] + cflags +
                           [os.path.join(HERE, program + ".cpp"), "-o", out]
                           + lflags + ["-lpthread"], check=True)
            binaries[(program, mode)] = out
    return binaries


def run_once(binary, lprof, report):
    env = dict(os.environ, LPROF_OUTPUT=lprof)
    env.pop("LPROF_VERBOSE", None)
    done = subprocess.run([binary], env=env, check=True, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    own = float(done.stderr.split("own ")[1].split()[0])
    if not lprof or not os.path.exists(lprof):
        return own, None, None, ""
    out = subprocess.run([report, "--format=json", lprof], check=True,
                         text=True, stdout=subprocess.PIPE).stdout
    profile = json.loads(out)
    functions = {f["name"]: f for f in profile["functions"]}
    zero = 0
    for f in profile["functions"]:
        for line in f["lines"]:
            text = source_line(f, line["line"])
            calls = any(name + "(" in text for name in functions)
            if line["hits"] and calls and line["time"] == 0:
                zero += 1
    text = subprocess.run([report, lprof], text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT).stdout
    warning = next((l for l in text.splitlines() if "warning:" in l), "")
    os.remove(lprof)
    return own, functions["run"]["total_time"], zero, warning


_sources = {}


def source_line(function, number):
    path = function["file"]
    if path not in _sources:
        with open(path) as f:
            _sources[path] = f.read().splitlines()
    lines = _sources[path]
    return lines[number - 1] if 0 < number <= len(lines) else ""


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPUs, %s, load average %.1f" % (
        model, os.cpu_count() or 0, platform.release(), os.getloadavg()[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = os.path.join(args.build, "bin", "lprof-report")
    work = args.work or tempfile.mkdtemp(prefix="lprof-calls-")
    os.makedirs(work, exist_ok=True)
    binaries = build(args.build, work)
    print("machine:", machine())
    results = {}
    for _ in range(args.runs):
        for program in PROGRAMS:
            for mode in MODES:
                lprof = os.path.join(work, "run.lprof") if mode != "plain" \
                    else ""
                results.setdefault((program, mode), []).append(
                    run_once(binaries[(program, mode)], lprof, report))
    for program in PROGRAMS:
        plain = min(r[0] for r in results[(program, "plain")])
        print("\n%s: plain run's own time %.2f ms (fastest of %d)" %
              (program, plain * 1e3, args.runs))
        print("  %-7s %10s %10s %10s %17s %5s" %
              ("mode", "own ms", "net ms", "net/plain", "range", "zero"))
        for mode in ("timing", "sample"):
            runs = results[(program, mode)]
            ratios = sorted((r[1] / plain, r) for r in runs)
            median_ratio, median = ratios[len(ratios) // 2]
            print("  %-7s %10.2f %10.2f %10.2f %8.2f to %5.2f %5d  %s" %
                  (mode, median[0] * 1e3, median[1] * 1e3, median_ratio,
                   ratios[0][0], ratios[-1][0], median[2], median[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
