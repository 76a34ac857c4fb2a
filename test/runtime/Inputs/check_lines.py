"""Checks per-line times against what the profiled program measured itself.

  check_lines.py [--runs N] [--agree TOL] [--floor-ns NS] LABEL=PROGRAM...

Runs each PROGRAM N times (default 3), each time with its own LPROF_OUTPUT.
The program works in bursts and calls lprof_dump() after each, having set
LPROF_OUTPUT to "<its LPROF_OUTPUT>.<burst>" (burst = 0, 1, ...). It prints

  expect FUNCTION MARKER TRUTH UNIT TOLERANCE [BURST]

where MARKER is text found in exactly one source line of FUNCTION (a
comment such as `// L1`), TRUTH the time that line took per hit, measured
by the program, in UNIT `ns` or `ticks` (of the profile's clock), for one
BURST or, without it, for every burst; TOLERANCE is the relative error
allowed. For each expectation and program, a burst's profiled time per hit
is the difference of two consecutive dumps; the median over all bursts of
all runs of (profiled / truth) must be within TOLERANCE of 1 for the
compensated (net) time, or, with --floor-ns, off by at most NS nanoseconds
per hit: a residual of a nanosecond or two per interval (a few cycles of
the probes' fences) is a larger fraction of a 50 ns line than of a 500 ns
one. The uncompensated (raw) median is shown beside it.
Medians of short bursts keep the machine's other load (a preemption in a
line) from deciding. With two programs and --agree, their median net times
must also agree within that fraction. Prints a table; exits 1 if any check
fails. With --attempts N, a failed measurement is repeated, up to N in all,
and the last one decides: on a machine shared with other work, every line
of a run has been seen 3 to 6% slow against the truth measured beside it
(the core slowed down for the whole run), which a run some seconds later
does not repeat, while a real error repeats in every attempt.

A program may also print

  bound FUNCTION MARKER SCALE WORK_FUNCTION WORK_MARKER BURST

to say that the truth of (FUNCTION, MARKER) in BURST cannot exceed SCALE
times the raw time per hit of WORK_FUNCTION's line WORK_MARKER, a profiled
line doing the same work plus probes, in the same burst of the same
program; with --bound-from LABEL, programs other than LABEL (whose times
are estimates, as sample mode's) take the median over LABEL's bursts
instead, and LABEL runs first. A burst whose truth exceeds the bound
measured the plain code slower than the same code with probes: its truths
are wrong, not the profile (seen on a shared machine: whole processes in
which the plain loops ran 12-20% slower than the identical profiled lines,
while the profile read the same as in other processes), so every
expectation of that burst measured in ns is left out; a row says how many
were, and a check with every burst left out fails.
"""
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402


def find_line(function, marker):
    lines = function["source"].split("\n")
    found = [i for i, text in enumerate(lines) if marker in text]
    if len(found) != 1:
        sys.exit("marker %r found %d times in %s" % (marker, len(found),
                                                     function["name"]))
    return found[0]


def line_figures(profile, name, marker):
    """(hits, raw ticks, net ticks) of the marked line, all threads."""
    function = next(f for f in profile["functions"] if f["name"] == name)
    index = find_line(function, marker)
    hits, ticks = function["lines"][index]
    return hits, ticks, function["details"][index][0]


def run_once(program, directory, index, reference):
    """{(name, marker): [(raw ratio, net ratio, tolerance, truth s,
    raw s per hit) or None for a slowed burst's]}"""
    output = os.path.join(directory, "run%d.lprof" % index)
    env = dict(os.environ, LPROF_OUTPUT=output)
    result = subprocess.run([program], env=env, stdout=subprocess.PIPE,
                            text=True, check=True)
    expectations = []
    bounds = []
    bursts = 0
    for row in result.stdout.splitlines():
        words = row.split()
        if words and words[0] == "expect":
            expectations.append(words[1:])
        elif words and words[0] == "bound":
            bounds.append(words[1:7])
        elif words and words[0] == "bursts":
            bursts = int(words[1])
    profiles = [lprof.read("%s.%d" % (output, k)) for k in range(bursts)]

    def burst_figures(k, name, marker):
        figures = line_figures(profiles[k], name, marker)
        if k > 0:
            before = line_figures(profiles[k - 1], name, marker)
            figures = tuple(a - b for a, b in zip(figures, before))
        return figures

    truths = {}
    for words in expectations:
        if len(words) > 5 and words[3] == "ns":
            truths[(words[0], words[1], int(words[5]))] = float(words[2]) * 1e-9
    slowed = set()
    for name, marker, scale, work, work_marker, burst in bounds:
        k = int(burst)
        truth = truths.get((name, marker, k))
        if reference is not None:
            work_seconds = reference.get((work, work_marker))
        else:
            work_hits, work_raw, _ = burst_figures(k, work, work_marker)
            work_seconds = (work_raw * profiles[k]["seconds_per_tick"] /
                            work_hits if work_hits > 0 else None)
        if truth and work_seconds and truth > float(scale) * work_seconds:
            slowed.add(k)

    ratios = {}
    for words in expectations:
        name, marker, truth, unit, tolerance = words[:5]
        only = int(words[5]) if len(words) > 5 else None
        for k in range(bursts):
            if only is not None and k != only:
                continue
            if unit == "ns" and k in slowed:
                ratios.setdefault((name, marker), []).append(None)
                continue
            spt = profiles[k]["seconds_per_tick"]
            seconds = float(truth) * (spt if unit == "ticks" else 1e-9)
            hits, raw, net = burst_figures(k, name, marker)
            if hits <= 0:
                continue
            per_hit = spt / hits / seconds
            ratios.setdefault((name, marker), []).append(
                (raw * per_hit, net * per_hit, float(tolerance), seconds,
                 raw * spt / hits))
    return ratios


def measure(program, runs, reference):
    """{key: (raw, net, tolerance, truth s, bursts left out, bursts,
    raw s per hit)}"""
    samples = {}
    with tempfile.TemporaryDirectory() as directory:
        for index in range(runs):
            for key, values in run_once(program, directory, index,
                                        reference).items():
                samples.setdefault(key, []).extend(values)
    medians = {}
    for key, values in samples.items():
        kept = [v for v in values if v is not None]
        dropped = len(values) - len(kept)
        if not kept:
            medians[key] = (float("nan"), float("nan"), 0.0, 0.0, dropped,
                            len(values), None)
            continue
        medians[key] = (statistics.median(v[0] for v in kept),
                        statistics.median(v[1] for v in kept),
                        kept[0][2],
                        statistics.median(v[3] for v in kept),
                        dropped, len(values),
                        statistics.median(v[4] for v in kept))
    return medians


def check(results, agree, floor_ns):
    """The table's rows, and whether every check passed."""
    rows, passed = [], True
    for label, medians in results.items():
        for (name, marker), figures in medians.items():
            raw, net, tolerance, truth, dropped, total, _ = figures
            if dropped == total:
                passed = False
                rows.append("%s %s %s: every burst's truth above the profiled "
                            "work's raw time: NO TRUTH" % (label, name, marker))
                continue
            error_ns = (net - 1) * truth * 1e9
            inside = abs(net - 1) <= tolerance or abs(error_ns) <= floor_ns
            passed &= inside
            rows.append("%s %s %s: truth %.1f ns, raw %+.1f%%, net %+.1f%% "
                        "(%+.1f ns, %.1f ns a hit) %s" % (
                            label, name, marker, truth * 1e9, (raw - 1) * 100,
                            (net - 1) * 100, error_ns, net * truth * 1e9,
                            "within" if inside else "OUTSIDE"))
            if dropped:
                rows.append("%s %s %s: %d of %d bursts left out (truth above "
                            "the profiled work's raw time)" % (
                                label, name, marker, dropped, total))
    if agree is not None and len(results) == 2:
        (first, a), (second, b) = results.items()
        for key in a:
            difference = b[key][1] / a[key][1] - 1
            inside = abs(difference) <= agree
            passed &= inside
            rows.append("%s vs %s %s %s: %+.1f%% %s" % (
                second, first, key[0], key[1], difference * 100,
                "agree" if inside else "DISAGREE"))
    return rows, passed


def main():
    args = sys.argv[1:]
    runs, agree, floor_ns, attempts, bound_from = 3, None, 0.0, 1, None
    while args and args[0].startswith("--"):
        option = args.pop(0)
        if option == "--runs":
            runs = int(args.pop(0))
        elif option == "--agree":
            agree = float(args.pop(0))
        elif option == "--floor-ns":
            floor_ns = float(args.pop(0))
        elif option == "--attempts":
            attempts = int(args.pop(0))
        elif option == "--bound-from":
            bound_from = args.pop(0)
    programs = [arg.split("=", 1) for arg in args]
    for attempt in range(1, attempts + 1):
        results, reference = {}, None
        # The program bounds come from runs first.
        for label, program in sorted(programs, key=lambda p: p[0] != bound_from):
            results[label] = measure(program, runs,
                                     None if label == bound_from else reference)
            if label == bound_from:
                reference = {key: figures[6] for key, figures
                             in results[label].items() if figures[6]}
        results = {label: results[label] for label, _ in programs}
        rows, passed = check(results, agree, floor_ns)
        if passed or attempt == attempts:
            break
        # The whole measurement ran on a core slowed down for all of it:
        # say so, and measure again.
        for row in rows:
            sys.stderr.write("attempt %d: %s\n" % (attempt, row))
    print("\n".join(rows))
    sys.exit(0 if passed else 1)


main()
