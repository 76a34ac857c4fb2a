#!/usr/bin/env python3
"""What lineprof costs a process once, side by side with the plain program.

  bench/startup/run.py [--build DIR] [--work DIR] [--runs N]
                       [--compare-runtime ARCHIVE] [--instructions]

Builds hello.cpp (two profiled functions, one line of output) with
clang++-19 -O2 plain and with the plugin in each mode (timing, sample,
count), and runs every build --runs times (default 200), interleaved, so
that a slow patch of the machine hits all alike. Prints per build the
median CPU time (user + system, from wait4) and wall time of a run, and
what lineprof adds to the plain program's: its fixed cost per process
(start-up, the tick rate, the probe calibration, writing the profile).
--compare-runtime also links each mode against another liblineprof_rt.a
(an older build, say) for a before/after in one run. --instructions adds
each build's instruction count under callgrind (the whole process, the
dynamic loader included), which the machine's load does not move.

DIR is a lineprof build tree (default build/).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLANG = "clang++-19"


def variants(build, other_runtime):
    plugin = os.path.join(build, "lib", "lineprof.so")
    runtime = os.path.join(build, "lib", "liblineprof_rt.a")
    include = "-I" + os.path.join(ROOT, "runtime", "include")
    lineprof = ["-DPROFILE=[[profile]]", "-fplugin=" + plugin, include]
    out = [("plain", [], [])]
    for mode in ("timing", "sample", "count"):
        flags = lineprof + ["-fplugin-arg-lineprof-mode=" + mode]
        out.append(("lineprof " + mode, flags, [runtime]))
        if other_runtime:
            out.append(("lineprof %s (other rt)" % mode, flags,
                        [other_runtime]))
    return out


def build_all(build, work, other_runtime):
    binaries = []
    for name, cflags, lflags in variants(build, other_runtime):
        tag = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        binary = os.path.join(work, "hello." + tag)
        subprocess.run([CLANG, "-O2", "-std=c++17"] + cflags +
                       [os.path.join(HERE, "hello.cpp")] + lflags +
                       ["-o", binary], check=True)
        binaries.append((name, binary))
    return binaries


def run_once(binary, work):
    """(cpu seconds, wall seconds) of one run."""
    env = dict(os.environ, LPROF_OUTPUT=os.path.join(work, "out.lprof"))
    env.pop("LPROF_VERBOSE", None)
    start = time.perf_counter()
    pid = os.posix_spawn(binary, [binary], env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull,
                                        os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed: status %d" % (binary, status))
    return usage.ru_utime + usage.ru_stime, wall


def instructions(binary, work):
    env = dict(os.environ, LPROF_OUTPUT=os.path.join(work, "out.lprof"))
    done = subprocess.run(["valgrind", "--tool=callgrind",
                           "--callgrind-out-file=/dev/null", binary],
                          env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--compare-runtime")
    parser.add_argument("--instructions", action="store_true")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="lineprof-startup-")
    os.makedirs(work, exist_ok=True)
    binaries = build_all(os.path.abspath(args.build), work,
                         args.compare_runtime and
                         os.path.abspath(args.compare_runtime))

    cpu = {name: [] for name, _ in binaries}
    wall = {name: [] for name, _ in binaries}
    for _ in range(args.runs):
        for name, binary in binaries:
            c, w = run_once(binary, work)
            cpu[name].append(c)
            wall[name].append(w)

    ms = lambda xs: statistics.median(xs) * 1e3  # noqa: E731
    plain_cpu, plain_wall = ms(cpu["plain"]), ms(wall["plain"])
    print("hello.cpp, %d runs each, interleaved; medians in ms" % args.runs)
    header = "%-28s %9s %9s %11s %11s" % ("build", "cpu", "wall",
                                          "+cpu", "+wall")
    if args.instructions:
        header += " %14s %12s" % ("instructions", "+instr")
    print(header)
    plain_instructions = None
    for name, binary in binaries:
        line = "%-28s %9.3f %9.3f %+11.3f %+11.3f" % (
            name, ms(cpu[name]), ms(wall[name]), ms(cpu[name]) - plain_cpu,
            ms(wall[name]) - plain_wall)
        if args.instructions:
            count = instructions(binary, work)
            if name == "plain":
                plain_instructions = count
            line += " %14d %+12d" % (count, count - plain_instructions)
        print(line)
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
