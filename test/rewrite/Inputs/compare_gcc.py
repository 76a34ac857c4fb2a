"""Builds SOURCE twice -- with the plugin (clang) and as lprof-rewrite
output compiled by GCC -- runs both, and compares their hit counts.

  compare_gcc.py WORKDIR SOURCE STD [--function=REGEX]

Needs clang++/clang (with the plugin), lprof-rewrite, lprof-report, g++/gcc
and the runtime; paths come from the environment lit sets (see lit.cfg.py).
"""
import os
import sys

sys.path.insert(0, os.environ["LINEPROF_INPUTS"])
from commands import hits, run  # noqa: E402


def main():
    work, source, std = sys.argv[1:4]
    extra = sys.argv[4:]
    is_c = source.endswith(".c")
    name = os.path.basename(source)
    rt = os.environ["LINEPROF_RT"]
    include = "-I" + os.environ["LINEPROF_INCLUDE"]
    clang = os.environ["LINEPROF_CLANG" if is_c else "LINEPROF_CLANGXX"]
    gcc = "gcc" if is_c else "g++"
    plugin_args = ["-fplugin=" + os.environ["LINEPROF_PLUGIN"]]
    rewrite_args = []
    for option in extra:
        key, value = option[2:].split("=", 1)
        plugin_args.append("-fplugin-arg-lineprof-%s=%s" % (key, value))
        rewrite_args.append(option)

    plugin_exe = os.path.join(work, name + ".plugin")
    run(clang, std, "-O2", include, *plugin_args, source, rt, "-o", plugin_exe)
    rewritten = os.path.join(work, name + ".rewritten" + (".c" if is_c else ".cpp"))
    run("lprof-rewrite", *rewrite_args, source, "-o", rewritten, "--", std, include)
    gcc_exe = os.path.join(work, name + ".gcc")
    compiled = run(gcc, std, "-O2", "-Wall", "-Wextra", "-Wno-dangling-else",
                   include, "-I" + os.path.dirname(source), rewritten, rt,
                   "-o", gcc_exe)
    if compiled.stderr.strip():
        sys.exit("gcc warned on %s:\n%s" % (rewritten, compiled.stderr))

    reports = []
    for exe in (plugin_exe, gcc_exe):
        profile = exe + ".lprof"
        run(exe, env=dict(os.environ, LPROF_OUTPUT=profile))
        reports.append(hits(run("lprof-report", profile).stdout))
    if reports[0] != reports[1]:
        sys.exit("hit counts differ for %s:\n--- plugin\n%s--- gcc\n%s"
                 % (name, reports[0], reports[1]))
    if "Function:" not in reports[0]:
        sys.exit("no profiled function in %s" % name)
    print("%s: same counts (%d functions)" % (name, reports[0].count("Function:")))


if __name__ == "__main__":
    main()
