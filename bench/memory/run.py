#!/usr/bin/env python3
"""What memory profiling costs per allocation, on this machine.

  bench/memory/run.py [--build DIR] [--work DIR] [--runs N] [--pairs N]
                      [--workload N]

DIR is a lineprof build tree (default build/). Builds alloc.cpp with
clang++-19 -O2 plain and with lineprof (timing mode), then runs, in one go
and interleaved, best of --runs:

  plain            not linked with lineprof
  lineprof off     instrumented and linked, LPROF_MEMORY unset
  lineprof memory  the same binary with LPROF_MEMORY=1
  heaptrack        the plain binary under heaptrack -o (Debian's heaptrack)

and prints, side by side, ns per malloc+free pair of 16, 64, 1024 and
65536 bytes, per new+delete[] of 32 bytes, and the seconds of an
allocation-heavy workload (a std::map<int, std::string> and a vector of
strings), each also as the ns added per allocation over plain.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLANG = "clang++-19"


def build(build_dir, work):
    plugin = os.path.join(build_dir, "lib", "lineprof.so")
    runtime = os.path.join(build_dir, "lib", "liblineprof_rt.a")
    include = "-I" + os.path.join(ROOT, "runtime", "include")
    source = os.path.join(HERE, "alloc.cpp")
    plain = os.path.join(work, "alloc.plain")
    lineprof = os.path.join(work, "alloc.lineprof")
    subprocess.run([CLANG, "-O2", "-g", "-std=c++17", source, "-o", plain],
                   check=True)
    subprocess.run([CLANG, "-O2", "-g", "-std=c++17", "-DPROFILE=[[profile]]",
                    "-fplugin=" + plugin, include, source, runtime, "-o",
                    lineprof], check=True)
    return plain, lineprof


def run(args, env, work):
    out = subprocess.run(args, env=env, cwd=work, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    figures = {}
    for line in out.splitlines():  # heaptrack prints on stdout too
        if line.startswith(("malloc+free ", "new+delete", "workload ")):
            words = line.split()
            figures[" ".join(words[:-1])] = float(words[-1])
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=1000000)
    parser.add_argument("--workload", type=int, default=200000)
    options = parser.parse_args()
    work = options.work or tempfile.mkdtemp(prefix="lprof-membench-")
    os.makedirs(work, exist_ok=True)
    plain, lineprof = build(os.path.abspath(options.build), work)

    base = dict(os.environ)
    for var in ("LPROF_MEMORY", "LPROF_VERBOSE", "LPROF_INTERVAL"):
        base.pop(var, None)
    base["LPROF_OUTPUT"] = os.path.join(work, "bench.lprof")
    memory = dict(base, LPROF_MEMORY="1")
    heaptrack = shutil.which("heaptrack")
    variants = [("plain", [plain], base),
                ("lineprof off", [lineprof], base),
                ("lineprof memory", [lineprof], memory)]
    if heaptrack:
        variants.append(("heaptrack", [heaptrack, "-o",
                                       os.path.join(work, "heaptrack"),
                                       plain], base))
    else:
        print("heaptrack not found: its column is left out", file=sys.stderr)

    best = {}
    for _ in range(options.runs):
        for name, args, env in variants:
            figures = run(args + ["pairs", str(options.pairs)], env, work)
            figures.update(run(args + ["workload", str(options.workload)],
                               env, work))
            for key, value in figures.items():
                best[(name, key)] = min(best.get((name, key), 1e300), value)
            for leftover in os.listdir(work):
                if leftover.startswith(("heaptrack", "bench.")):
                    os.remove(os.path.join(work, leftover))

    # The workload's allocations, counted by lineprof itself.
    subprocess.run([lineprof, "workload", str(options.workload)], env=memory,
                   cwd=work, check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, os.path.join(ROOT, "test", "Inputs"))
    import lprof
    profile = lprof.read(os.path.join(work, "bench.lprof"))
    workload_allocs = profile["memory"]["allocs"] / 3  # three repetitions

    names = [name for name, _, _ in variants]
    keys = sorted({key for (_, key) in best}, key=lambda k: (
        k.startswith("workload"), k.startswith("new"),
        int(re.findall(r"\d+", k)[0]) if re.findall(r"\d+", k) else 0))
    print("%-22s" % "ns per operation" + "".join("%18s" % n for n in names))
    for key in keys:
        row = "%-22s" % key
        for name in names:
            value = best[(name, key)]
            if key.startswith("workload"):
                added = (value - best[("plain", key)]) / workload_allocs * 1e9
                row += "%18s" % ("%.3fs (%+.0f)" % (value, added))
            else:
                added = value - best[("plain", key)]
                row += "%18s" % ("%.1f (%+.1f)" % (value, added))
        print(row)
    print("workload: %d elements, %.0f allocations per run; (+x): ns added "
          "per allocation (pairs: per malloc+free) over plain"
          % (options.workload, workload_allocs))


if __name__ == "__main__":
    main()
