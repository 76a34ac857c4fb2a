"""The source tables of lprof-report's HTML page, read without a browser.

The page draws each function's source table on demand from the text of an
inert script element (rN for section fN, docs/report.md); this reads them
the same way: source_tables(PAGE_TEXT) is {function name: [[cell text]]},
one list of cells per row, in the page's order of sections.
"""
import html
import html.parser
import re


class _Rows(html.parser.HTMLParser):
    """The rows of the tbody of one source table."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.end_row()
            self.row = []
        elif self.in_body and tag == "td" and self.row is not None:
            self.row.append("")

    def handle_endtag(self, tag):
        if tag in ("tr", "tbody"):
            self.end_row()
        if tag == "tbody":
            self.in_body = False

    def end_row(self):
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None

    def handle_data(self, data):
        if self.row:
            self.row[-1] += data


def source_tables(page):
    names = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<section class="fn pending" id="f(\d+)"[^>]*>\n<h3>(.*?)</h3>', page)}
    tables = {}
    for m in re.finditer(r'<script type="text/x-lprof-rows" id="r(\d+)">(.*?)</script>',
                         page, re.S):
        parser = _Rows()
        parser.feed(m.group(2))
        parser.close()
        tables[names[m.group(1)]] = parser.rows
    assert len(tables) == len(names), "%d sections, %d tables" % (len(names), len(tables))
    return tables
