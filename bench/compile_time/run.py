#!/usr/bin/env python3
"""Compile-time cost of the lineprof plugin, measured side by side.

Compiles bench/compile_time/workload.cpp (-O2 -c) in three ways,
interleaved, several rounds, and prints the median CPU time (user + system)
of each compiler process and the ratios to the plain compile. CPU time, not
wall time: it is far less disturbed by whatever else the machine runs.

  plain         clang++-19, no plugin
  loaded        the plugin loaded, nothing to profile (the file never
                spells `profile`, so the pre-check skips the second parse)
  instrumented  every function instrumented (-fplugin-arg-lineprof-file='*')

  run.py [--build BUILD_DIR] [--rounds N]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    plugin = os.path.join(os.path.abspath(args.build), "lib", "lineprof.so")
    if not os.path.exists(plugin):
        sys.exit("no plugin at %s: build first (./dev.sh build)" % plugin)
    source = os.path.join(HERE, "workload.cpp")
    base = ["clang++-19", "-std=c++17", "-O2", "-c", source, "-o", os.devnull]
    variants = {
        "plain": base,
        "loaded": base + ["-fplugin=" + plugin],
        "instrumented": base + ["-fplugin=" + plugin,
                                "-fplugin-arg-lineprof-file=*"],
    }
    times = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, command in variants.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(after.ru_utime - before.ru_utime +
                               after.ru_stime - before.ru_stime)
    plain = statistics.median(times["plain"])
    print("compile of workload.cpp (-O2 -c), median CPU time of %d rounds"
          % args.rounds)
    print("%-13s %9s %8s" % ("variant", "seconds", "ratio"))
    for name in variants:
        median = statistics.median(times[name])
        print("%-13s %9.3f %7.3fx" % (name, median, median / plain))


if __name__ == "__main__":
    main()
