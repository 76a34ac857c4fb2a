"""Compares callgrind_annotate's view of a callgrind file with the text report.

  check_callgrind.py ANNOTATED TABLE FUNCTIONS [--exact]

ANNOTATED is `callgrind_annotate --auto=yes --show-percs=no --context=1000
--threshold=100` output; TABLE and FUNCTIONS are `lprof-report -u 1e-9`
and `lprof-report -u 1e-9 --functions` of the same profile. Every line of every function must show the same hits, and the
same time: equal with --exact (whole-nanosecond ticks), else within the
rounding of the two displays (callgrind to 1 ns, the table to 0.1 ns).
Each function's total must agree the same way. Prints what it compared.
"""
import re
import sys


def fail(message):
    sys.exit("check_callgrind: " + message)


def parse_table(path):
    """{(file, line): (hits, ns)} of the line table."""
    lines, current = {}, None
    for row in open(path).read().split("\n"):
        if row.startswith("File: "):
            current = row[len("File: "):]
        elif current and row[:6].strip().isdigit() and row[7:16].strip():
            lines[(current, int(row[:6]))] = (int(row[7:16]), float(row[17:29]))
    return lines


def parse_functions(path):
    """{function: ns} of the --functions table."""
    totals, body = {}, False
    for row in open(path).read().split("\n"):
        if row.startswith("====="):
            body = True
        elif body and row.strip():
            totals[row[46:].rsplit(" at ", 1)[0]] = float(row[10:22])
    return totals


def number(text):
    return 0 if text == "." else int(text.replace(",", ""))


def parse_annotated(path):
    """{(file, line): (hits, ns)} of annotated sources; {function: ns}."""
    lines, totals, source, state, line_no = {}, {}, None, "", 0
    for row in open(path).read().split("\n"):
        match = re.match(r"-- Auto-annotated source: (.*)$", row)
        if match:
            source, state, line_no = match.group(1), "header", 0
            continue
        if row.startswith("-----"):
            # A source's lines lie between the rule after its title and the
            # next rule.
            state = "lines" if state == "header" else ""
            continue
        if state == "lines":
            match = re.match(r"\s*([\d,]+|\.)\s+([\d,]+|\.)  ", row)
            if not match:
                continue
            line_no += 1
            if match.group(1) != ".":
                lines[(source, line_no)] = (number(match.group(2)), number(match.group(1)))
            continue
        match = re.match(r"\s*([\d,]+|\.)\s+([\d,]+|\.)  (\S+):(\S+)$", row)
        if match and not lines:
            totals[match.group(4)] = number(match.group(1))
    return lines, totals


def same(callgrind_ns, table_ns, exact, lines=1):
    """Whether the two displays show the same time: callgrind's per-line
    whole nanoseconds (a total sums lines rounded each) and the table's
    tenths."""
    if exact:
        return callgrind_ns == table_ns
    return abs(callgrind_ns - table_ns) <= 0.5 * lines + 0.05


def main():
    annotated, table, functions = sys.argv[1:4]
    exact = "--exact" in sys.argv[4:]
    cg_lines, cg_totals = parse_annotated(annotated)
    lines = parse_table(table)
    compared = 0
    for (path, line), (hits, ns) in sorted(lines.items()):
        # callgrind_annotate may print paths relative to the working directory.
        match = [v for (p, l), v in cg_lines.items() if l == line and path.endswith(p)]
        if len(match) != 1:
            fail("%s:%d is not annotated once (%d matches)" % (path, line, len(match)))
        cg_hits, cg_ns = match[0]
        if cg_hits != hits or not same(cg_ns, ns, exact):
            fail("%s:%d: callgrind shows %d hits, %d ns; the table %d hits, %.1f ns"
                 % (path, line, cg_hits, cg_ns, hits, ns))
        compared += 1
    if compared != len(cg_lines):
        fail("callgrind annotates %d lines, the table has %d with hits" % (len(cg_lines), compared))
    totals = parse_functions(functions)
    # A total sums rounded lines: allow each line's rounding.
    tolerance_lines = len(lines)
    for name, ns in totals.items():
        if ns == 0 and name not in cg_totals:
            continue  # Never ran: not in the callgrind file.
        if name not in cg_totals or not same(cg_totals[name], ns, exact, tolerance_lines):
            fail("%s: callgrind total %s ns, table %.1f ns" % (name, cg_totals.get(name), ns))
    print("%d lines and %d function totals agree" % (compared, len(cg_totals)))


if __name__ == "__main__":
    main()
