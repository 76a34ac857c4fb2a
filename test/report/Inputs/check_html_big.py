"""Checks that a big profile's HTML page draws its source tables on demand.

  check_html_big.py PAGE.html TABLE.txt TOP.txt

PAGE.html is the page of a profile with more lines than the page draws at
once (gen.py many-lines), TABLE.txt and TOP.txt its text report (default
and --top N). In headless Chromium: once loaded, only the tables near the
view are drawn; a hottest-lines link draws its function's table and
scrolls the line into view; scrolling to the end draws the last table;
a placeholder is as tall as its table turns out to be; and every table
drawn equals the text report's. Prints one line per check passed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import browser  # noqa: E402
from check_html import check, parse_table, parse_top, passed, rows  # noqa: E402

STATE = """(() => {
  const all = Array.from(document.querySelectorAll('section.fn'));
  return {total: all.length,
          drawn: all.filter(s => !s.classList.contains('pending')).map(s => s.id),
          waiting: document.querySelectorAll('script[type="text/x-lprof-rows"]').length};
})()"""


def frames(b, n=3):
    """Lets the page run n animation frames (observers, drawing)."""
    b.page("Runtime.evaluate", {"expression": "new Promise(r => { let k = %d;"
                                " (function f() { if (--k) requestAnimationFrame(f);"
                                " else r(0); })(); })" % n,
                                "awaitPromise": True})


def check_drawn_rows(b, table):
    names = b.evaluate("Array.from(document.querySelectorAll('section.fn:not(.pending)'))"
                       ".map(s => [s.id, s.querySelector('h3').textContent])")
    for section, name in names:
        shown = [tuple(c.strip() for c in r[:5]) + (r[5],)
                 for r in rows(b, "#%s tbody tr" % section)]
        check(shown == table[name], "%s: page rows %s... != text rows %s..."
              % (name, shown[:2], table[name][:2]))
    return len(names)


def main():
    page, table_path, top_path = sys.argv[1:4]
    table, top = parse_table(table_path), parse_top(top_path)
    with browser.Browser() as b:
        b.viewport(1280, 900)
        b.load("file://" + os.path.abspath(page))
        frames(b)
        state = b.evaluate(STATE)
        total, drawn = state["total"], state["drawn"]
        check(total == len(table), "%d sections, the text has %d functions" % (total, len(table)))
        check(0 < len(drawn) < total and "f%d" % total not in drawn,
              "after loading, drawn: %s of %d" % (drawn, total))
        check(state["waiting"] == total - len(drawn),
              "%d row scripts left for %d pending tables" % (state["waiting"], total - len(drawn)))
        passed("once loaded, only the tables near the view are drawn (%d of %d)"
               % (len(drawn), total))

        # The hottest line is the last line of the last function, far below.
        link = b.evaluate("document.querySelector('table.hot tbody a').getAttribute('href')")
        time, percent, hits, where = top[0]
        line = where.rsplit(":", 1)[1]
        check(link.endswith("-" + line), "first hottest line links to %s, text says %s" % (link, where))
        section = link[1:].split("-")[0]
        check(section not in drawn, "%s was drawn before its link was followed" % section)
        before = b.evaluate("document.getElementById(%r).getBoundingClientRect().height" % section)
        b.evaluate("document.querySelector('table.hot tbody a').click()")
        frames(b)
        spot = b.evaluate("""(() => {
          const row = document.getElementById(%r);
          if (!row) return null;
          const box = row.getBoundingClientRect();
          return {top: box.top, bottom: box.bottom, height: innerHeight,
                  line: row.cells[0].textContent, hits: row.cells[1].textContent,
                  section: document.getElementById(%r).getBoundingClientRect().height};
        })()""" % (link[1:], section))
        check(spot is not None, "following %s drew no row %s" % (link, link[1:]))
        check(0 <= spot["top"] and spot["bottom"] <= spot["height"],
              "row %s is not in view: %s" % (link[1:], spot))
        check((spot["line"], spot["hits"]) == (line, hits), "row %s shows %s" % (link, spot))
        passed("a hottest-lines link draws its table and scrolls line %s into view" % line)
        check(abs(spot["section"] - before) <= 0.05 * spot["section"],
              "%s: placeholder %.0f px, table %.0f px" % (section, before, spot["section"]))
        passed("a placeholder is as tall as its table (%.0f px, drawn %.0f px)"
               % (before, spot["section"]))

        b.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
        frames(b, 5)
        state = b.evaluate(STATE)
        check("f%d" % total in state["drawn"], "scrolled to the end, drawn: %s" % state["drawn"])
        passed("scrolling to the end draws the last table")

        passed("every table drawn equals the text table (%d tables)" % check_drawn_rows(b, table))


if __name__ == "__main__":
    main()
