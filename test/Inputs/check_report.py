"""Checks the arithmetic of lprof-report's tables, read from stdin:

  - in every function, `% Time` sums to 100 (within rounding) and the Time
    column sums to `Total time`;
  - each --expect NAME:LINE:SECONDS:TOLERANCE holds: the line's time is
    SECONDS within a relative TOLERANCE (e.g. 0.03 for 3%); --expect-file
    reads such expectations one per line (a program can print the times it
    measured itself).

Prints `ok` and exits 0, or prints what failed and exits 1.
"""
import argparse
import re
import sys

from hits import cell, walk


def parse(text):
    unit = float(re.search(r"^Timer unit: (\S+) s$", text, re.M).group(1))
    functions, current = {}, None
    for row, spans in walk(text):
        if row.startswith("Total time: "):
            total = float(row.split()[2])
            current = {"total": total, "lines": {}}
        elif row.startswith("Function: "):
            name = re.match(r"Function: (.*) at line \d+$", row).group(1)
            functions[name] = current
        elif spans and "Time" in spans and cell(row, spans, "Hits"):
            line = int(cell(row, spans, "Line #"))
            time = float(cell(row, spans, "Time").lstrip("~")) * unit
            percent = cell(row, spans, "% Time")
            current["lines"][line] = (time, float(percent) if percent else 0.0)
    return unit, functions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--expect-file")
    args = parser.parse_args()
    if args.expect_file:
        with open(args.expect_file) as f:
            args.expect += [line.strip() for line in f if line.strip()]
    unit, functions = parse(sys.stdin.read())
    failures = []
    for name, fn in functions.items():
        lines = fn["lines"].values()
        time_sum = sum(t for t, _ in lines)
        # Each Time cell is rounded to 0.05 units and each line's net time
        # to a tick (under a unit), where Total time (counted once per
        # outermost activation, format 1.4) is rounded once; it has 6 digits.
        # Lines overlap where a lambda's or a recursive activation's lines
        # run inside the line that called them: their sum is at least the
        # total, equal to it without recursion and lambdas. In timing mode
        # the total may also be raised to the net of its calls from outside
        # (snapshot.c's nesting pass), which differs from its lines' sum by
        # compensation's noise: allow 0.1% of the total for that.
        slack = 1.0 * unit * len(lines) + 1e-3 * fn["total"]
        if time_sum < fn["total"] - slack:
            failures.append("%s: line times sum to %g s, Total time is %g s"
                            % (name, time_sum, fn["total"]))
        percent_sum = sum(p for _, p in lines)
        # Percentages follow the times, so they may fall short by the same
        # slack (a lambda of three 12 ns lines is short by several percent
        # when its net ticks round down), then by each cell's rounding.
        short = 100 * slack / fn["total"] if fn["total"] > 0 else 0
        if fn["total"] > 0 and percent_sum < 100 - short - 0.05 * len(lines):
            failures.append("%s: %% Time sums to %g" % (name, percent_sum))
    for expect in args.expect:
        name, line, seconds, tolerance = expect.rsplit(":", 3)
        got = functions[name]["lines"].get(int(line), (0.0, 0))[0]
        want = float(seconds)
        if abs(got - want) > float(tolerance) * want:
            failures.append("%s line %s: %g s, expected %g s within %s%%"
                            % (name, line, got, want, float(tolerance) * 100))
        else:
            print("%s line %s: %.6f s (expected %g s)" % (name, line, got, want))
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
