"""Prints a .lprof file's exact content compactly, for FileCheck:

  PROG clock=<n> pid=<n> program=<basename> spt=<ok|bad> time=<ok|bad>
  FUNC <name> <file>:<first_line> lines=<n> source=<text>
    hits <h0> <h1> ...
    ticks <0 or + per line>

With --details, also after each FUNC (format 1.2):
    calls=<n> modes=<n> weighted <0 or w per line>
and the PROG line gets modes=<n>; with --threads, the THRD records:
  THRD <number> tid=<ok|0> name=<name> functions=<n>
    <function name> hits <h0> <h1> ...
with --calibration, what the runtime measured of its probes (PROG's
figures, 0 or + each, the gap as written, and LOAD's count):
  CAL timing_probe=<0|+> timing_entry=<0|+> sample_probe=<0|+>
      sample_interval=<0|+> sample_gap=<n> measurements=<n>
(--calibration-figures: the figures themselves, %g, instead of 0 or +).

Reads the file with the independent reader, test/Inputs/lprof.py.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
details = "--details" in sys.argv
threads = "--threads" in sys.argv
figures = "--calibration-figures" in sys.argv
calibration = figures or "--calibration" in sys.argv
profile = lprof.read(args[0])
spt = profile["seconds_per_tick"]
spt_ok = math.isfinite(spt) and 1e-12 < spt < 1e-6
time_ok = 0 < profile["start_ns"] <= profile["end_ns"]
extra = " modes=%d" % profile.get("modes", -1) if details else ""
print("PROG clock=%d pid=%d program=%s spt=%s time=%s%s" % (
    profile["clock"], profile["pid"], os.path.basename(profile["program"]),
    "ok" if spt_ok else "bad", "ok" if time_ok else "bad", extra))
if calibration:
    print("CAL " + " ".join(
        "%s=%s" % (name, "%g" % profile[name + "_ticks"] if figures else
                   "+" if profile[name + "_ticks"] > 0 else "0")
        for name in ("timing_probe", "timing_entry", "sample_probe",
                     "sample_interval")) +
        " sample_gap=%g measurements=%d" % (
            profile["sample_mean_gap"],
            profile.get("load", {}).get("measurements", -1)))
for fn in profile["functions"]:
    print("FUNC %s %s:%d lines=%d source=%s" % (
        fn["name"], fn["file"], fn["first_line"], len(fn["lines"]),
        fn["source"].replace("\n", "\\n")))
    print("  hits " + " ".join(str(h) for h, _ in fn["lines"]))
    print("  ticks " + " ".join("+" if t else "0" for _, t in fn["lines"]))
    if details:
        print("  calls=%d modes=%d weighted %s" % (
            fn["calls"], fn["modes"],
            " ".join("w" if d[2] else "0" for d in fn["details"])))
if threads:
    names = [fn["name"] for fn in profile["functions"]]
    for th in sorted(profile.get("threads", []), key=lambda t: t["thread"]):
        print("THRD %d tid=%s name=%s functions=%d" % (
            th["thread"], "ok" if th["tid"] > 0 else "0", th["name"],
            len(th["functions"])))
        for part in th["functions"]:
            print("  %s hits %s" % (names[part["function"]],
                                    " ".join(str(h) for h, _ in part["lines"])))
