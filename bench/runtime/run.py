#!/usr/bin/env python3
"""What lineprof's probes cost, side by side with its peers, on this machine.

  bench/runtime/run.py [--build DIR] [--work DIR] [--runs N]

DIR is a lineprof build tree (cmake -S . -B DIR && ninja -C DIR; default
build/). Builds, in one run and with the same compiler (clang++-19 -O2):
the timestamp reader, the per-event loop (loop.cpp) and a realistic
workload (workload.cpp: quicksort, hash table, interpreter) as

  plain                uninstrumented
  lineprof timing      -fplugin=lineprof.so (every line interval timed)
  lineprof sample      -fplugin-arg-lineprof-mode=sample
  lineprof count       -fplugin-arg-lineprof-mode=count
  -fprofile-instr-gen  Clang's own counters
  --coverage           gcov counters (Clang's)
  XRay                 -fxray-instrument -fxray-instruction-threshold=1,
                       run patched, logging in xray-basic mode
  callgrind            valgrind --tool=callgrind on the plain build

and prints:
  1. one timestamp read: raw rdtsc, the fenced read the probes use,
     clock_gettime;
  2. per line event on loop.cpp's loop (4 line events per iteration): the
     added ns, the fastest of 40 repetitions of 100,000 iterations inside
     the program, and the best of --runs program runs;
  3. whole-program slowdown on the loop and on the workload: CPU time
     (user + system, which other load on the machine does not inflate the
     way it does wall time) over the plain build's, best of --runs;
  4. why the timestamp is fenced (fences.c): the same probes with a bare
     rdtsc and with lfence; rdtsc; lfence on lines of known cost;
  5. the accuracy checks of test/runtime (compensation.cpp, sampling.cpp)
     and short lines net of compensation (short_lines.cpp: a trivial line
     after a call, lines calling a ~170 ns unprofiled and a profiled
     function, each against its cost measured in the same process).

  bench/runtime/run.py --accuracy-only [--baseline DIR]

runs section 5 alone, and with --baseline also short_lines.cpp as another
lineprof build tree DIR builds it, side by side.

  bench/runtime/run.py --count-only [--baseline DIR] ...

builds and measures only plain, count mode (with call edges, and
without: -DLPROF_NO_CALL_EDGES), Clang's and gcov's counters
(sections 2 and 3), and with --baseline also count mode as another
lineprof build tree DIR makes it (say, before a change), side by side.
"""
import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLANG = "clang++-19"
CLANG_C = "clang-19"


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


COUNT_ONLY = False
BASELINE = None


def variants(build):
    plugin = os.path.join(build, "lib", "lineprof.so")
    runtime = os.path.join(build, "lib", "liblineprof_rt.a")
    include = "-I" + os.path.join(ROOT, "runtime", "include")
    lineprof = ["-DPROFILE=[[profile]]", "-fplugin=" + plugin, include]
    if COUNT_ONLY:
        count = ["-fplugin-arg-lineprof-mode=count"]
        chosen = [
            ("plain", [], []),
            ("lineprof count", lineprof + count, [runtime]),
            ("lineprof count, no call edges",
             lineprof + count + ["-DLPROF_NO_CALL_EDGES"], [runtime]),
            ("-fprofile-instr-generate", ["-fprofile-instr-generate"],
             ["-fprofile-instr-generate"]),
            ("--coverage (gcov)", ["--coverage"], ["--coverage"]),
        ]
        if BASELINE:
            chosen.insert(2, ("lineprof count, baseline", [
                "-DPROFILE=[[profile]]",
                "-fplugin=" + os.path.join(BASELINE, "lib", "lineprof.so")]
                + count, [os.path.join(BASELINE, "lib", "liblineprof_rt.a")]))
        return chosen
    return [
        ("plain", [], []),
        ("lineprof timing", lineprof, [runtime]),
        ("lineprof sample", lineprof + ["-fplugin-arg-lineprof-mode=sample"],
         [runtime]),
        ("lineprof count", lineprof + ["-fplugin-arg-lineprof-mode=count"],
         [runtime]),
        ("-fprofile-instr-generate", ["-fprofile-instr-generate"],
         ["-fprofile-instr-generate"]),
        ("--coverage (gcov)", ["--coverage"], ["--coverage"]),
        ("XRay", ["-fxray-instrument", "-fxray-instruction-threshold=1"],
         ["-fxray-instrument"]),
    ]


def build_all(build, work):
    binaries = {}
    for name, cflags, lflags in variants(build):
        tag = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        for program in ("loop", "workload"):
            out = os.path.join(work, "%s.%s" % (program, tag))
            source = os.path.join(HERE, program + ".cpp")
            sh([CLANG, "-O2", "-g", "-std=c++17"] + cflags + [source, "-o", out]
               + lflags)
            binaries[(name, program)] = out
    timestamp = os.path.join(work, "timestamp")
    sh([CLANG_C, "-O2", "-I" + os.path.join(ROOT, "runtime", "include"),
        os.path.join(HERE, "timestamp.c"), "-o", timestamp])
    binaries["fences"] = os.path.join(work, "fences")
    sh([CLANG_C, "-O2", os.path.join(HERE, "fences.c"), "-o",
        binaries["fences"]])
    return binaries, timestamp


def environment(work):
    env = dict(os.environ)
    env.update(LPROF_OUTPUT=os.path.join(work, "bench.lprof"),
               LLVM_PROFILE_FILE=os.path.join(work, "bench.profraw"),
               XRAY_OPTIONS="patch_premain=true xray_mode=xray-basic "
                            "xray_logfile_base=" + os.path.join(work, "xray-"))
    env.pop("LPROF_VERBOSE", None)
    return env


def cpu_seconds(args, env, cwd):
    """Runs args to completion; returns its user + system seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sh(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
       stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def clean(work):
    for name in os.listdir(work):
        if name.startswith(("xray-", "bench.")) or name.endswith(".gcda"):
            os.remove(os.path.join(work, name))


def timestamps(timestamp):
    out = subprocess.run([timestamp], check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines())}


def per_event(binaries, env, work, runs):
    """ns added per line event of loop.cpp's loop, by variant."""
    best = {}
    for _ in range(runs):
        for name, _, _ in variants("."):
            out = subprocess.run([binaries[(name, "loop")], "events", "100000"],
                                 env=env, cwd=work, check=True,
                                 stdout=subprocess.PIPE, text=True).stdout
            ns = float(out.split()[1])
            best[name] = min(best.get(name, 1e30), ns)
            clean(work)
    plain = best["plain"]
    return {name: ((ns - plain) / 4, ns) for name, ns in best.items()}


def slowdowns(binaries, env, work, runs, sizes):
    """{program: {variant: (cpu seconds, ratio to plain)}}, callgrind too."""
    results = {}
    for program, size in sizes.items():
        args_of = lambda name: [binaries[(name, program)]] + (
            ["whole", str(size)] if program == "loop" else [str(size)])
        best = {}
        for _ in range(runs):
            for name, _, _ in variants("."):
                seconds = cpu_seconds(args_of(name), env, work)
                best[name] = min(best.get(name, 1e30), seconds)
                clean(work)
            if COUNT_ONLY:
                continue
            grind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" +
                     os.path.join(work, "bench.callgrind")] + args_of("plain")
            seconds = cpu_seconds(grind, env, work)
            best["callgrind"] = min(best.get("callgrind", 1e30), seconds)
            clean(work)
        plain = best["plain"]
        results[program] = {name: (s, s / plain) for name, s in best.items()}
    return results


def accuracy(build, work, baseline=None):
    """The lines of test/runtime's accuracy checks and of short_lines.cpp,
    as check_lines prints them; with `baseline` (another build tree),
    short_lines.cpp as that tree builds it too, in the same run."""
    include = "-I" + os.path.join(ROOT, "runtime", "include")
    tests = os.path.join(ROOT, "test", "runtime")
    checker = os.path.join(tests, "Inputs", "check_lines.py")
    lines = []
    programs = {}
    trees = [("", build)] + ([("baseline-", baseline)] if baseline else [])
    for source, modes in (("compensation.cpp", ["timing"]),
                          ("sampling.cpp", ["timing", "sample"]),
                          ("short_lines.cpp", ["timing"])):
        directory = HERE if source == "short_lines.cpp" else tests
        for tag, tree in trees:
            if tag and source != "short_lines.cpp":
                continue
            for mode in modes:
                out = os.path.join(work, "%s%s.%s" % (tag, source, mode))
                sh([CLANG, "-std=c++17", "-O2",
                    "-fplugin=" + os.path.join(tree, "lib", "lineprof.so"),
                    include, "-I" + tests,
                    "-fplugin-arg-lineprof-mode=" + mode,
                    os.path.join(directory, source),
                    os.path.join(tree, "lib", "liblineprof_rt.a"), "-o", out])
                programs[(tag + source, mode)] = out
    # The bounds the tests use (see their comments); short_lines.cpp's are
    # its goals (2 ns for the trivial lines).
    checks = [["--floor-ns", "2.5",
               "timing=" + programs[("compensation.cpp", "timing")]],
              ["--agree", "0.05", "--floor-ns", "6",
               "timing=" + programs[("sampling.cpp", "timing")],
               "sample=" + programs[("sampling.cpp", "sample")]],
              ["--floor-ns", "2", "--runs", "5"] +
              ["%stiming=%s" % (tag, programs[(tag + "short_lines.cpp",
                                                 "timing")])
               for tag, _ in trees]]
    for args in checks:
        out = subprocess.run([sys.executable, checker] + args,
                             stdout=subprocess.PIPE, text=True).stdout
        lines += out.splitlines()
    return lines


def machine():
    model = cores = "?"
    try:
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout
        for line in out.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Model name":
                model = value.strip()
            elif key.strip() == "CPU(s)":
                cores = value.strip()
    except OSError:
        pass
    compiler = subprocess.run([CLANG, "--version"], stdout=subprocess.PIPE,
                              text=True).stdout.splitlines()[0]
    load = os.getloadavg()[0]
    return ("%s, %s CPUs, Linux %s, %s; load average %.1f when run"
            % (model, cores, platform.release(), compiler, load))


def count_only(binaries, env, work, args):
    events = per_event(binaries, env, work, args.runs)
    slow = slowdowns(binaries, env, work, args.runs,
                     {"loop": args.loop_iterations,
                      "workload": args.workload_size})
    names = [v[0] for v in variants(".")]
    print("Machine: " + machine())
    print()
    print("Per line event, loop.cpp (4 line events per iteration of ~%.1f ns):"
          % events["plain"][1])
    for name in names[1:]:
        print("  %-26s %9.2f ns" % (name, events[name][0]))
    print()
    print("Whole-program slowdown, CPU time over plain (best of %d runs):"
          % args.runs)
    print("  %-26s %22s %22s %12s" % (
        "", "loop (%dM iterations)" % (args.loop_iterations // 1000000),
        "workload (n=%d)" % args.workload_size, "x Clang's"))
    clang = slow["workload"]["-fprofile-instr-generate"][0]
    for name in names:
        loop, workload = slow["loop"][name], slow["workload"][name]
        print("  %-26s %12.3f s %6.2fx %12.3f s %6.2fx %11.2fx" % (
            name, loop[0], loop[1], workload[0], workload[1],
            workload[0] / clang))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loop-iterations", type=int, default=20000000)
    parser.add_argument("--workload-size", type=int, default=200000)
    parser.add_argument("--count-only", action="store_true")
    parser.add_argument("--baseline", help="another lineprof build tree")
    parser.add_argument("--accuracy-only", action="store_true")
    args = parser.parse_args()
    global COUNT_ONLY, BASELINE
    COUNT_ONLY = args.count_only
    BASELINE = args.baseline and os.path.abspath(args.baseline)
    build = os.path.abspath(args.build)
    work = args.work or tempfile.mkdtemp(prefix="lineprof-bench-")
    os.makedirs(work, exist_ok=True)
    for tool in (CLANG, CLANG_C, "valgrind"):
        if not shutil.which(tool):
            sys.exit("run.py: %s not found (./dev.sh setup installs it)" % tool)

    if args.accuracy_only:
        print("Accuracy (test/runtime/compensation.cpp, sampling.cpp and "
              "short_lines.cpp; truth measured by the programs):")
        for line in accuracy(build, work, BASELINE):
            print("  " + line)
        return
    binaries, timestamp = build_all(build, work)
    env = environment(work)
    if COUNT_ONLY:
        count_only(binaries, env, work, args)
        return
    stamps = timestamps(timestamp)
    events = per_event(binaries, env, work, args.runs)
    slow = slowdowns(binaries, env, work, args.runs,
                     {"loop": args.loop_iterations,
                      "workload": args.workload_size})
    fences = subprocess.run([binaries["fences"]], check=True,
                            stdout=subprocess.PIPE, text=True).stdout
    checks = accuracy(build, work)

    print("Machine: " + machine())
    print()
    print("One timestamp read (back to back, fastest of 300 x 10,000):")
    print("  rdtsc, unfenced               %6.2f ns" % stamps["rdtsc"])
    print("  lfence; rdtsc; lfence         %6.2f ns   <- what lineprof reads"
          % stamps["fenced"])
    print("  clock_gettime(MONOTONIC)      %6.2f ns" % stamps["clock_gettime"])
    print()
    print("Per line event, loop.cpp (4 line events per iteration of ~%.1f ns):"
          % events["plain"][1])
    print("  %-26s %9s %14s %14s" % ("", "ns/event", "x fenced read",
                                     "x rdtsc"))
    for name, _, _ in variants("."):
        if name == "plain":
            continue
        added = events[name][0]
        print("  %-26s %9.2f %14.2f %14.2f" % (
            name, added, added / stamps["fenced"], added / stamps["rdtsc"]))
    print()
    print("Whole-program slowdown, CPU time over plain (best of %d runs):"
          % args.runs)
    print("  %-26s %22s %22s" % ("", "loop (%dM iterations)"
                                 % (args.loop_iterations // 1000000),
                                 "workload (n=%d)" % args.workload_size))
    for name in [v[0] for v in variants(".")] + ["callgrind"]:
        loop, workload = slow["loop"][name], slow["workload"][name]
        print("  %-26s %12.3f s %6.1fx %12.3f s %6.1fx" % (
            name, loop[0], loop[1], workload[0], workload[1]))
    print()
    print("Fenced or not (fences.c; ns per hit of lines of dependent "
          "arithmetic):")
    print("  %-8s %-10s %8s %8s %14s" % ("read", "line", "truth", "raw",
                                          "compensated"))
    for row in fences.splitlines():
        name, label, truth, raw, net = row.split()
        print("  %-8s %-10s %8s %8s %14s" % (name, label, truth, raw, net))
    print()
    print("Accuracy (test/runtime/compensation.cpp, sampling.cpp and "
          "short_lines.cpp; truth measured by the programs):")
    for line in checks:
        print("  " + line)


main()
