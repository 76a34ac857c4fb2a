"""Reduces lprof-report's tables to what is exact: line numbers, hits and
source text, so tests can assert them with FileCheck. Times are checked
elsewhere (they vary from run to run).

Reads the report on stdin; prints, per function, `Function: ...` and then
`LINE HITS |SOURCE` per row (`-` for a line without hits).

columns() finds a table's cells from its header and walk() the rows of
every table, for the other scripts that read the report: line_profiler's row template is
'%6s %9s %12s %8s %8s  %-s', but a column widens when a number needs it,
and a count-mode table has `Line #, Hits, % Hits` only.
"""
import sys

HEADS = ["Line #", "Hits", "Time", "Per Hit", "% Time", "% Hits"]


def columns(header):
    """{head: (start, end)} of the right-aligned number columns in header,
    and "Line Contents": (start, None)."""
    spans, pos = {}, 0
    for head in HEADS:
        at = header.find(head, pos)
        # "% Time" also holds "Time": a head must start after the last one.
        if at < 0 or (head == "Time" and header[at - 2:at] == "% "):
            continue
        spans[head] = (pos, at + len(head))
        pos = at + len(head)
    spans["Line Contents"] = (header.index("Line Contents"), None)
    return spans


def cell(row, spans, head):
    start, end = spans[head]
    return row[start:end].strip()


def walk(text):
    """Yields (line, spans) for every line of a report: spans are the
    columns() of the table the line is a row of, None for other lines."""
    header, spans = None, None
    for line in text.split("\n"):
        if spans and line == "":
            spans = None
        elif line.startswith("Line #"):
            header = line
        elif line.startswith("=====") and header:
            spans, header = columns(header), None
            continue
        yield line, spans


def main():
    for row, spans in walk(sys.stdin.read()):
        if row.startswith("Function: "):
            print(row)
        elif spans:
            contents = spans["Line Contents"][0]
            print("%s %s |%s" % (cell(row, spans, "Line #"),
                                 cell(row, spans, "Hits") or "-", row[contents:]))


if __name__ == "__main__":
    main()
