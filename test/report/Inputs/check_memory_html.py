"""Checks that the HTML page's memory cells equal the --memory text table's.

  check_memory_html.py PAGE.html TABLE.txt

Both come from one profile with memory figures; the text table must use
binary units (its byte columns are 10 wide).
"""
import sys

from html_sources import source_tables


def text_rows(path):
    functions, name, rows = {}, None, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("Function: "):
            name = line[len("Function: "):].rsplit(" at line ", 1)[0]
        elif line.startswith("====") and name:
            rows = functions.setdefault(name, [])
        elif rows is not None and line == "":
            rows = None
        elif rows is not None:
            cuts = [(0, 6), (7, 16), (17, 26), (27, 37), (38, 48), (49, 59), (60, 70)]
            rows.append([line[a:b].strip() for a, b in cuts])
    return functions


page = source_tables(open(sys.argv[1], encoding="utf-8").read())
text = text_rows(sys.argv[2])
assert text and set(text) == set(page), (sorted(text), sorted(page))
cells = 0
for name, rows in text.items():
    html_rows = page[name]
    assert len(rows) == len(html_rows), name
    for t, h in zip(rows, html_rows):
        # Line, hits, then Allocs .. Retained after the three time cells.
        got = [h[0], h[1]] + h[5:10]
        assert got == t, (name, got, t)
        cells += sum(1 for c in t[2:] if c)
print("PASS: memory cells equal the text table (%d functions, %d filled cells)"
      % (len(text), cells))
