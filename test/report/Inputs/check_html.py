"""Checks lprof-report's HTML page in headless Chromium.

  check_html.py PAGE.html TABLE.txt FUNCTIONS.txt TOP.txt SHOTS_DIR
  check_html.py --counts PAGE.html TABLE.txt FUNCTIONS.txt TOP.txt

TABLE.txt, FUNCTIONS.txt and TOP.txt are the text report of the same
profile (default, --functions, --top N): what the page renders must be the
same rows and numbers. Also checks that the page loads nothing but itself,
that the function table sorts, that it reads on a phone and a desktop, and
that a screenshot shows the heat scale's colours where the hot rows are.
Screenshots are left in SHOTS_DIR. With --counts (a count-mode profile,
tables of hits) only the page's self-containment and content are checked.
Prints one line per check passed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import browser  # noqa: E402
import hits  # noqa: E402

# The light theme's hottest step and the page background (HtmlAssets.h).
HOTTEST = (0xff, 0x5a, 0x3c)
WHITE = (0xff, 0xff, 0xff)


def passed(what):
    print("PASS: " + what)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def parse_table(path):
    """{function name: [(line, number cells..., contents)]}: the cells of
    line_profiler's columns (Hits, Time, Per Hit, % Time), or of a
    count-mode table's (Hits, % Hits)."""
    functions, current = {}, None
    with open(path) as f:
        for line, spans in hits.walk(f.read()):
            if line.startswith("Function: "):
                current = line[len("Function: "):].rsplit(" at line ", 1)[0]
                functions[current] = []
            elif spans and current:
                heads = [h for h in spans if h != "Line Contents"]
                functions[current].append(tuple(hits.cell(line, spans, h) for h in heads)
                                          + (line[spans["Line Contents"][0]:],))
    return functions


def parse_functions(path):
    """[(calls, time, per call, percent, name)] of the --functions table (of
    hits: calls, hits, hits per call, percent, name)."""
    rows, body = [], False
    with open(path) as f:
        for line in f.read().split("\n"):
            if line.startswith("====="):
                body = True
            elif body and line.strip():
                cells = line.split(None, 4)
                rows.append(tuple(cells[:4]) + (cells[4].rsplit(" at ", 1)[0],))
            elif body:
                break
    return rows


def parse_top(path, counts=False):
    """[(time, percent, hits, location)] of the --top table (of hits:
    [(hits, percent, location)])."""
    rows, body = [], False
    with open(path) as f:
        for line in f.read().split("\n"):
            if line.startswith("====="):
                body = True
            elif body and line.strip() and counts:
                rows.append(tuple(line.split()[:3]))
            elif body and line.strip():
                time, per_hit, percent, hit_count, where = line.split()[:5]
                rows.append((time, percent, hit_count, where))
            elif body:
                break
    return rows


CELLS = """Array.from(document.querySelectorAll(%r)).map(r =>
  Array.from(r.cells).filter(c => getComputedStyle(c).display != 'none' || %s)
    .map(c => c.textContent))"""


def rows(b, selector, hidden_too=True):
    return b.evaluate(CELLS % (selector, "true" if hidden_too else "false"))


def function_rows(b, table="#ftable"):
    """The function table's rows; the first cell is the function's name
    (without the location line that phones show under it)."""
    return [[name] + rest[1:] for name, rest in zip(
        b.evaluate("Array.from(document.querySelectorAll('%s tbody tr'))"
                   ".map(r => r.cells[0].querySelector('a').textContent)" % table),
        rows(b, table + " tbody tr"))]


def check_content(b, table, functions, top, counts=False):
    """counts: a profile without times, whose tables are of hits."""
    expected = [(calls, time, per_call, percent, name)
                for calls, time, per_call, percent, name in functions]
    shown = [(r[2], r[3], r[4], r[5], r[0])
             for r in function_rows(b, "#ctable" if counts else "#ftable")]
    check(shown == expected, "function table %s != text %s" % (shown, expected))
    passed("function table rows equal the --functions text (%d rows)" % len(shown))

    if counts:
        hot = [(r[0], r[1], r[2].rsplit("/", 1)[-1]) for r in rows(b, "table.hot tbody tr")]
        want = [(h, p, w.rsplit("/", 1)[-1]) for h, p, w in top]
    else:
        hot = [(r[0], r[1], r[2], r[4].rsplit("/", 1)[-1]) for r in rows(b, "table.hot tbody tr")]
        want = [(t, p, h, w.rsplit("/", 1)[-1]) for t, p, h, w in top]
    check(hot == want, "hottest lines %s != text %s" % (hot, want))
    passed("hottest lines equal the --top text (%d rows)" % len(hot))

    names = b.evaluate("Array.from(document.querySelectorAll('section.fn h3')).map(h => h.textContent)")
    check(sorted(names) == sorted(table), "sections %s, text has %s" % (names, list(table)))
    for index, name in enumerate(names, 1):
        shown = [tuple(c.strip() for c in r[:-1]) + (r[-1],)
                 for r in rows(b, "#f%d tbody tr" % index)]
        check(shown == table[name], "%s: page rows %s != text rows %s" % (name, shown, table[name]))
        heat = b.evaluate("Array.from(document.querySelectorAll('#f%d tbody tr')).map(r => r.className)" % index)
        by_percent = sorted((float(r[-2]) if r[-2] else -1, h) for r, h in zip(shown, heat))
        steps = [int(h[1:]) if h else 0 for _, h in by_percent]
        check(steps == sorted(steps), "%s: heat not monotonic in its share: %s" % (name, by_percent))
    passed("every function's source rows equal the text table, heat rising with %s (%d functions)"
           % ("% Hits" if counts else "% Time", len(names)))


def check_sorting(b):
    def order(column):
        return [r[column] for r in function_rows(b)]

    def click(label):
        b.evaluate("""Array.from(document.querySelectorAll('#ftable th button'))
          .find(x => x.textContent.startsWith(%r)).click()""" % label)

    def number(text):
        return float("inf") if text == "-" else float(text)

    click("Calls")
    calls = order(2)
    known = [c for c in calls if c != "-"]
    check(known == sorted(known, key=int, reverse=True) and calls[len(known):] == ["-"] * (len(calls) - len(known)),
          "Calls, first click: %s" % calls)
    click("Calls")
    calls = order(2)
    known = [c for c in calls if c != "-"]
    check(known == sorted(known, key=int), "Calls, second click: %s" % calls)
    click("Function")
    names = order(0)
    check(names == sorted(names, key=str.lower), "Function: %s" % names)
    click("Time")
    times = order(3)
    check(times == sorted(times, key=number, reverse=True), "Time: %s" % times)
    sort_state = b.evaluate("Array.from(document.querySelectorAll('#ftable th')).map(t => t.getAttribute('aria-sort'))")
    check(sort_state.count("descending") == 1 and sort_state.count("ascending") == 0,
          "aria-sort after sorting by time: %s" % sort_state)
    passed("the function table sorts by calls (both ways), name and time")


LAYOUT = """({scroll: document.documentElement.scrollWidth, width: innerWidth,
  main: document.querySelector('main').getBoundingClientRect().width,
  font: parseFloat(getComputedStyle(document.body).fontSize),
  codeFont: parseFloat(getComputedStyle(document.querySelector('.src tbody td:last-child')).fontSize),
  perHit: getComputedStyle(document.querySelector('.src thead th:nth-child(4)')).display,
  background: getComputedStyle(document.body).backgroundColor})"""


def hottest_row(b):
    """The bounding box of the row with the highest % Time on the page."""
    return b.evaluate("""(() => {
      let best = null, bestPercent = -1;
      for (const r of document.querySelectorAll('section.fn tbody tr')) {
        const p = parseFloat(r.cells[4].textContent);
        if (p > bestPercent) { best = r; bestPercent = p; }
      }
      best.scrollIntoView({block: 'center'});
      const box = best.getBoundingClientRect(), cell = best.cells[2].getBoundingClientRect();
      const blank = Array.from(document.querySelectorAll('section.fn tbody tr'))
        .find(r => !r.cells[1].textContent && r.getBoundingClientRect().top > 0
                   && r.getBoundingClientRect().bottom < innerHeight);
      const other = blank ? blank.cells[2].getBoundingClientRect() : null;
      // Left in the cell: numbers are right-aligned, so no glyph is there.
      return {x: cell.x + 3, y: box.y + box.height / 2,
              blank: other && {x: other.x + 3, y: other.y + other.height / 2}};
    })()""")


def check_layout_and_screens(b, shots):
    b.viewport(1280, 900)
    layout = b.evaluate(LAYOUT)
    check(layout["scroll"] <= layout["width"], "desktop: page scrolls sideways: %s" % layout)
    check(layout["perHit"] != "none", "desktop: Per hit column hidden")
    b.viewport(2560, 1440)
    layout = b.evaluate(LAYOUT)
    check(layout["main"] <= 1600, "large screen: content %dpx wide" % layout["main"])
    passed("desktop and large screen: no sideways scrolling, content at most 1600px wide")

    b.viewport(390, 844, mobile=True, scale=2)
    layout = b.evaluate(LAYOUT)
    check(layout["scroll"] <= layout["width"], "phone: page scrolls sideways: %s" % layout)
    check(layout["font"] >= 13 and layout["codeFont"] >= 11, "phone: text too small: %s" % layout)
    check(layout["perHit"] == "none", "phone: Per hit column still shown")
    with open(os.path.join(shots, "phone.png"), "wb") as f:
        f.write(b.screenshot())
    passed("phone (390px): no sideways scrolling, text >= 13px, Per hit column folded away")

    b.viewport(1280, 900)
    b.evaluate("scrollTo(0, 0)")
    with open(os.path.join(shots, "desktop.png"), "wb") as f:
        f.write(b.screenshot())
    spot = hottest_row(b)
    png = b.screenshot()
    with open(os.path.join(shots, "hottest.png"), "wb") as f:
        f.write(png)
    width, height, pixels = browser.decode_png(png)
    check((width, height) == (1280, 900), "screenshot is %dx%d" % (width, height))
    pixel = pixels[int(spot["y"])][int(spot["x"])]
    check(pixel == HOTTEST, "hottest row is painted %s, expected %s" % (pixel, HOTTEST))
    check(spot["blank"], "no line without hits in view next to the hottest")
    pixel = pixels[int(spot["blank"]["y"])][int(spot["blank"]["x"])]
    check(pixel == WHITE, "a line without hits is painted %s" % (pixel,))
    passed("screenshot: the hottest line is painted %s, a line without hits white" % (HOTTEST,))

    b.page("Emulation.setEmulatedMedia",
           {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    layout = b.evaluate(LAYOUT)
    check(layout["background"] == "rgb(22, 22, 22)", "dark mode background %s" % layout["background"])
    with open(os.path.join(shots, "dark.png"), "wb") as f:
        f.write(b.screenshot())
    passed("dark colour scheme")


def main():
    # --counts: a profile without times; only the content is checked.
    counts = sys.argv[1] == "--counts"
    args = sys.argv[2:] if counts else sys.argv[1:]
    page, table, functions, top = args[:4]
    url = "file://" + os.path.abspath(page)
    with browser.Browser() as b:
        b.load(url)
        requested = b.requested_urls()
        check(requested == [url], "the page requested %s" % requested)
        passed("the page loads nothing but itself")
        check_content(b, parse_table(table), parse_functions(functions),
                      parse_top(top, counts), counts)
        if counts:
            return
        shots = args[4]
        os.makedirs(shots, exist_ok=True)
        check_sorting(b)
        check_layout_and_screens(b, shots)


if __name__ == "__main__":
    main()
