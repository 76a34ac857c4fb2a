"""Builds SOURCE with the plugin in timing and in count mode, runs both,
and compares their exit status, output and hit counts, which must be
identical: count mode counts
the loops that call nothing in registers (lineprof_abi.h, __lprof_loop),
and the lines of a straight-line run with the run's first line (the
descriptor's counted_on table), and must count them exactly as the
per-line counters of timing mode do. Their call edges (calls per calling
line and callee) must be the same too.

  compare_modes.py WORKDIR SOURCE STD [COMPILER FLAG...]

Both builds use -O2 -Wall -Wextra -Werror and the given flags. Prints how
many loops the count-mode build counts in registers and how many lines
count with their run (from lprof-rewrite's output of the same source). Paths come from the environment lit sets (see
lit.cfg.py).
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.environ["LINEPROF_INPUTS"])
from commands import hits, run  # noqa: E402


def main():
    work, source, std = sys.argv[1:4]
    flags = sys.argv[4:]
    is_c = source.endswith(".c")
    name = os.path.basename(source)
    clang = os.environ["LINEPROF_CLANG" if is_c else "LINEPROF_CLANGXX"]
    include = "-I" + os.environ["LINEPROF_INCLUDE"]
    reports, outcomes, edges = {}, {}, {}
    for mode in ("timing", "count"):
        exe = os.path.join(work, "%s.%s" % (name, mode))
        run(clang, std, "-O2", "-Wall", "-Wextra", "-Werror", *flags, include,
            "-fplugin=" + os.environ["LINEPROF_PLUGIN"],
            "-fplugin-arg-lineprof-mode=" + mode, source,
            os.environ["LINEPROF_RT"], "-o", exe)
        profile = exe + ".lprof"
        ran = subprocess.run([exe], capture_output=True, text=True,
                             env=dict(os.environ, LPROF_OUTPUT=profile))
        outcomes[mode] = (ran.returncode, ran.stdout)
        reports[mode] = hits(run("lprof-report", profile).stdout)
        edges[mode] = sorted(
            "%s:%d -> %s calls=%d" % (
                c["caller"]["name"] if c["caller"] else "(outside)",
                c["line"], c["callee"]["name"], c["calls"])
            for c in json.loads(run("lprof-report", "--format=json",
                                    profile).stdout).get("calls", []))
    if outcomes["timing"] != outcomes["count"]:
        sys.exit("exit status or output differ for %s: %r" % (name, outcomes))
    if reports["timing"] != reports["count"]:
        sys.exit("hit counts differ for %s:\n--- timing\n%s--- count\n%s"
                 % (name, reports["timing"], reports["count"]))
    if edges["timing"] != edges["count"]:
        sys.exit("call edges differ for %s:\n--- timing\n%s\n--- count\n%s"
                 % (name, "\n".join(edges["timing"]),
                    "\n".join(edges["count"])))
    if "Function:" not in reports["count"]:
        sys.exit("no profiled function in %s" % name)
    rewritten = run("lprof-rewrite", "--mode=count", source, "--",
                    std, include, *flags).stdout
    derived = 0
    for table in re.findall(r"_lines\[\] = \{([0-9u,]*)\};", rewritten):
        lines = [int(entry.rstrip("u")) for entry in table.split(",") if entry]
        derived += sum(line != index for index, line in enumerate(lines))
    print("%s: same counts (%d functions), %d loops in registers, "
          "%d lines counted with their run, %d edges" % (
              name, reports["count"].count("Function:"),
              sum(line.count(") = __lprof_loop_open(&")
                  for line in rewritten.splitlines()
                  if not line.lstrip().startswith("//")), derived,
              len(edges["count"])))


if __name__ == "__main__":
    main()
