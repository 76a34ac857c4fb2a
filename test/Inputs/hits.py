"""Reduces lprof-report's tables to what is exact: line numbers, hits and
source text, so tests can assert them with FileCheck. Times are checked
elsewhere (they vary from run to run).

Reads the report on stdin; prints, per function, `Function: ...` and then
`LINE HITS |SOURCE` per row (`-` for a line without hits).
"""
import sys

# line_profiler's row template: '%6s %9s %12s %8s %8s  %-s'
CONTENTS = 6 + 1 + 9 + 1 + 12 + 1 + 8 + 1 + 8 + 2

in_table = False
for row in sys.stdin.read().split("\n"):
    if row.startswith("Function: "):
        print(row)
        in_table = False
    elif row.startswith("====="):
        in_table = True
    elif in_table and row == "":
        in_table = False
    elif in_table:
        line, hits = row[:6].strip(), row[7:16].strip()
        print("%s %s |%s" % (line, hits or "-", row[CONTENTS:]))
