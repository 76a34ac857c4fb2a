#!/usr/bin/env python3
"""lineprof's modes on a real program: the Lua interpreter, every function
profiled, sorting numbers in Lua.

  bench/realcode/run.py --lua SRC [--build DIR] [--work DIR] [--runs N]
                        [--size N] [--breakdown]

SRC is an extracted Lua source tree (e.g. `git archive` of
github.com/lua/lua; nothing fetched is kept in this repository). DIR is a
lineprof build tree (default build/). Builds Lua with clang-19 -O2, in one
run, as

  plain                      uninstrumented
  lineprof count             -fplugin-arg-lineprof-mode=count
  count, no call edges       the same with -DLPROF_NO_CALL_EDGES
  lineprof sample            -fplugin-arg-lineprof-mode=sample
  lineprof timing            the default mode
  -fprofile-instr-generate   Clang's own counters

every lineprof variant with -fplugin-arg-lineprof-file='*' (every
function of Lua profiled), then runs a Lua script that sorts --size
random numbers with a quicksort written in Lua (the interpreter's
dispatch loop, luaV_execute, and the table and GC code it calls) and
then with table.sort and a Lua comparison function (calls from C into
Lua and back), the variants interleaved, --runs rounds. Prints CPU time
(user + system) best of the rounds, each variant's ratio to plain and to
count mode, and ns per line event over plain and over count mode; the
line events are the hits of the count-mode profile (every mode counts
the same hits).

--breakdown adds sample-mode builds whose x86-64 line probe does less
(bench-only copies of lineprof_abi.h, given with -include so that the
copy the plugin pastes is skipped by its include guard; their profiles
are wrong by design):

  sample -intervals   the countdown never decremented: no 1-in-64 timed
                      intervals (a line's first 16 hits still timed)
  sample -active      and no per-line `active` count kept
  sample hits only    and no first-hits and slow-line tests: the probe is
                      count mode's increment; what is left over count
                      mode is the entries, leaves and the frame

so that the differences say where sample mode's cost goes.
"""
import argparse
import glob
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLANG = "clang-19"

SCRIPT = r"""
local n = tonumber(arg[1])
local seed = 12345
local function random()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local function quicksort(a, lo, hi)
  while lo < hi do
    local pivot = a[(lo + hi) // 2]
    local i, j = lo, hi
    while i <= j do
      while a[i] < pivot do i = i + 1 end
      while a[j] > pivot do j = j - 1 end
      if i <= j then
        a[i], a[j] = a[j], a[i]
        i, j = i + 1, j - 1
      end
    end
    if j - lo < hi - i then
      quicksort(a, lo, j); lo = i
    else
      quicksort(a, i, hi); hi = j
    end
  end
end
local a, b = {}, {}
for i = 1, n do a[i] = random(); b[i] = a[i] end
quicksort(a, 1, n)
table.sort(b, function(x, y) return x < y end)
for i = 2, n do assert(a[i - 1] <= a[i] and a[i] == b[i]) end
print(a[1], a[n])
"""


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


def variants(build):
    plugin = os.path.join(build, "lib", "lineprof.so")
    runtime = os.path.join(build, "lib", "liblineprof_rt.a")
    lineprof = ["-fplugin=" + plugin, "-fplugin-arg-lineprof-file=*",
                "-fplugin-arg-lineprof-remarks=none"]
    return [
        ("plain", [], []),
        ("lineprof count", lineprof + ["-fplugin-arg-lineprof-mode=count"],
         [runtime, "-lpthread"]),
        ("count, no call edges", lineprof + [
            "-fplugin-arg-lineprof-mode=count", "-DLPROF_NO_CALL_EDGES"],
         [runtime, "-lpthread"]),
        ("lineprof sample", lineprof + ["-fplugin-arg-lineprof-mode=sample"],
         [runtime, "-lpthread"]),
        ("lineprof timing", lineprof, [runtime, "-lpthread"]),
        ("-fprofile-instr-generate", ["-fprofile-instr-generate"],
         ["-fprofile-instr-generate"]),
    ]


# The x86-64 sample line probe's pieces, as they are in lineprof_abi.h.
COUNTDOWN = ('"subq $1, %[countdown]\\n\\t"\n'
             '                       "jle 1f\\n\\t"\n')
ACTIVE_OFF = '"subq $1, 40(%[current])\\n\\t" /* active */\n'
ACTIVE_ON = '"addq $1, 40(%[current])\\n\\t"\n'
TESTS = ('"cmpq %[first], (%[current])\\n\\t"\n'
         '                       "jbe 1f\\n\\t"\n'
         '                       "cmpq $0, 16(%[current])\\n\\t" /* slow line */\n'
         '                       "jns 2f\\n"\n')
BREAKDOWN = [
    ("sample -intervals", [COUNTDOWN]),
    ("sample -active", [COUNTDOWN, ACTIVE_OFF, ACTIVE_ON]),
    ("sample hits only", [COUNTDOWN, ACTIVE_OFF, ACTIVE_ON, TESTS]),
]


def reduced_header(work, name, cuts):
    """A copy of lineprof_abi.h with the given pieces of the sample probe
    cut out (the tests replaced by a jump past the slow path)."""
    with open(os.path.join(ROOT, "runtime", "include", "lineprof_abi.h")) as f:
        text = f.read()
    for cut in cuts:
        if cut not in text:
            sys.exit("run.py: lineprof_abi.h's sample probe changed; "
                     "update --breakdown's pieces")
        text = text.replace(cut, '"jmp 2f\\n"\n' if cut is TESTS else "", 1)
    # Included ahead of the plugin's prologue, whose identical definition
    # of the mode then follows.
    text = "#define __LPROF_MODE 2\n" + text
    path = os.path.join(work, name.replace(" ", "_") + ".h")
    with open(path, "w") as f:
        f.write(text)
    return path


def lua_sources(src):
    skip = {"onelua.c", "ltests.c", "luac.c"}
    sources = sorted(p for p in glob.glob(os.path.join(src, "*.c"))
                     if os.path.basename(p) not in skip)
    if not any(os.path.basename(p) == "lvm.c" for p in sources):
        sys.exit("run.py: %s is not a Lua source tree (no lvm.c)" % src)
    return sources


def build_lua(src, out, cflags, lflags, work):
    objects = []
    objdir = out + ".o"
    os.makedirs(objdir, exist_ok=True)
    for source in lua_sources(src):
        obj = os.path.join(objdir, os.path.basename(source) + ".o")
        sh([CLANG, "-O2", "-std=c99", "-DLUA_USE_LINUX", "-w", "-c"] + cflags
           + [source, "-o", obj], cwd=work)
        objects.append(obj)
    sh([CLANG, "-o", out] + objects + lflags + ["-lm", "-ldl"], cwd=work)


def environment(work):
    env = dict(os.environ)
    env.update(LPROF_OUTPUT=os.path.join(work, "bench.lprof"),
               LLVM_PROFILE_FILE=os.path.join(work, "bench.profraw"))
    env.pop("LPROF_VERBOSE", None)
    return env


def cpu_seconds(args, env, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sh(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def line_events(build, profile):
    out = sh([os.path.join(build, "bin", "lprof-report"), "--format=json",
              profile], stdout=subprocess.PIPE, text=True).stdout
    return sum(line["hits"] for function in json.loads(out)["functions"]
               for line in function["lines"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lua", required=True,
                        help="an extracted Lua source tree")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work", help="scratch directory (default: a new one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=200000)
    parser.add_argument("--count-only", action="store_true",
                        help="only plain, count mode and Clang's counters")
    parser.add_argument("--baseline", help="also count mode as another "
                        "lineprof build tree makes it")
    parser.add_argument("--breakdown", action="store_true",
                        help="also sample-mode builds with parts of the "
                        "line probe left out")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    work = args.work or tempfile.mkdtemp(prefix="lprof-realcode-")
    os.makedirs(work, exist_ok=True)
    script = os.path.join(work, "sort.lua")
    with open(script, "w") as f:
        f.write(SCRIPT)

    binaries = {}
    all_variants = variants(build)
    if args.count_only:
        all_variants = [v for v in all_variants
                        if v[0] in ("plain", "lineprof count",
                                    "count, no call edges",
                                    "-fprofile-instr-generate")]
    if args.baseline:
        base = variants(os.path.abspath(args.baseline))[1]
        all_variants.insert(2, ("count baseline", base[1], base[2]))
    if args.breakdown:
        sample = next(v for v in all_variants if v[0] == "lineprof sample")
        for name, cuts in BREAKDOWN:
            all_variants.append(
                (name, sample[1] + ["-include", reduced_header(work, name, cuts)],
                 sample[2]))
    for name, cflags, lflags in all_variants:
        tag = name.replace(" ", "_").replace("-", "")
        binaries[name] = os.path.join(work, "lua." + tag)
        build_lua(os.path.abspath(args.lua), binaries[name], cflags, lflags,
                  work)

    env = environment(work)
    profile = os.path.join(work, "bench.lprof")
    command = lambda name: [binaries[name], script, str(args.size)]
    sh(command("lineprof count"), env=env, cwd=work, stdout=subprocess.DEVNULL)
    events = line_events(build, profile)

    best = {}
    for _ in range(args.runs):
        for name, _, _ in all_variants:
            seconds = cpu_seconds(command(name), env, work)
            best[name] = min(best.get(name, 1e30), seconds)

    print("Machine: %s, %d CPUs, %s; load average %.1f" % (
        platform.processor() or platform.machine(), os.cpu_count(),
        platform.release(), os.getloadavg()[0]))
    print("Lua sorting %d numbers, every function profiled: %.3g line events"
          % (args.size, events))
    print("CPU time, best of %d interleaved runs:" % args.runs)
    if args.breakdown:
        print("Sample mode's cost by difference, ns per line event:")
        order = ["lineprof count", "sample hits only", "sample -active",
                 "sample -intervals", "lineprof sample"]
        what = ["entries, leaves, moves, the frame", "first-hits and "
                "slow-line tests (and first hits timed)", "per-line active "
                "counts", "countdown and the 1-in-64 timed intervals"]
        for i, label in enumerate(what):
            print("  %-60s %6.3f" % (label, (best[order[i + 1]] -
                                          best[order[i]]) / events * 1e9))
    print("%-26s %9s %8s %8s %12s %12s" % ("", "seconds", "x plain",
                                          "x count", "ns/ev plain",
                                          "ns/ev count"))
    plain, count = best["plain"], best["lineprof count"]
    for name, _, _ in all_variants:
        s = best[name]
        print("%-26s %9.3f %7.2fx %7.2fx %12.3f %12.3f" % (
            name, s, s / plain, s / count, (s - plain) / events * 1e9,
            (s - count) / events * 1e9))


if __name__ == "__main__":
    main()
