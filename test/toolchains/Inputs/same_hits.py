"""Builds SOURCE with the Clang at ROOT and with the suite's Clang, both
through the one lineprof.so, runs both, and compares their reports' exact
part (functions, lines, hits, source; hits.py).

  same_hits.py ROOT WORKDIR SOURCE STD [PLUGIN-ARG...]

PLUGIN-ARG is NAME=VALUE, passed as -fplugin-arg-lineprof-NAME=VALUE.
"""
import os
import sys

sys.path.insert(0, os.environ["LINEPROF_INPUTS"])
from commands import hits, run  # noqa: E402


def main():
    root, work, source, std = sys.argv[1:5]
    plugin_args = ["-fplugin-arg-lineprof-" + arg for arg in sys.argv[5:]]
    is_c = source.endswith(".c")
    name = os.path.basename(source)
    compilers = {
        "other": os.path.join(root, "bin", "clang" if is_c else "clang++"),
        "suite": os.environ["LINEPROF_CLANG" if is_c else "LINEPROF_CLANGXX"],
    }
    reports = {}
    for which, compiler in compilers.items():
        exe = os.path.join(work, "%s.%s" % (name, which))
        run(compiler, std, "-O2", "-g", "-fplugin=" + os.environ["LINEPROF_PLUGIN"],
            *plugin_args, "-I" + os.environ["LINEPROF_INCLUDE"], source,
            os.environ["LINEPROF_RT"], "-o", exe)
        run(exe, env=dict(os.environ, LPROF_OUTPUT=exe + ".lprof"))
        reports[which] = hits(run("lprof-report", exe + ".lprof").stdout)
    if reports["other"] != reports["suite"]:
        sys.exit("hit counts differ for %s:\n--- %s\n%s--- %s\n%s" % (
            name, compilers["other"], reports["other"], compilers["suite"],
            reports["suite"]))
    if "Function:" not in reports["other"]:
        sys.exit("no profiled function in %s" % name)
    print("%s: same hits (%d functions)" % (name, reports["other"].count("Function:")))


if __name__ == "__main__":
    main()
