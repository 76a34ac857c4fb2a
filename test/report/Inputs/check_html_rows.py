"""Checks that a function table of more rows than the page writes at first
(200) gets the rest from its inert text, in headless Chromium.

  check_html_rows.py PAGE.html FUNCTIONS.txt

FUNCTIONS.txt is the --functions text report of the same profile. Once
the page has loaded, the table has every row, in the text's order. Before
it has (its DOMContentLoaded handler held back), the table has its first
rows only; sorting a column adds the rest first and sorts them all; and
scrolling to the table's end adds the rest. Prints one line per check
passed.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import browser  # noqa: E402
from check_html import check, function_rows, parse_functions, passed  # noqa: E402

# Keeps the page's script from learning that the page has loaded, so that
# what it does before then can be seen.
HOLD_BACK_READY = """(function() {
  var add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function(type, listener, options) {
    if (this === document && type === 'DOMContentLoaded') return;
    return add.call(this, type, listener, options);
  };
})();"""

STATE = """({rows: document.querySelectorAll('#ftable tbody tr').length,
  rest: !!document.getElementById('ftable-rest')})"""


def frames(b, n=3):
    b.page("Runtime.evaluate", {"expression": "new Promise(r => { let k = %d;"
                                " (function f() { if (--k) requestAnimationFrame(f);"
                                " else r(0); })(); })" % n,
                                "awaitPromise": True})


def shown(b):
    return [(r[2], r[3], r[4], r[5], r[0]) for r in function_rows(b)]


def main():
    page, functions_path = sys.argv[1:3]
    expected = parse_functions(functions_path)
    url = "file://" + os.path.abspath(page)
    with browser.Browser() as b:
        b.viewport(1280, 900)
        b.load(url)
        frames(b)
        check(b.evaluate(STATE) == {"rows": len(expected), "rest": False},
              "after loading: %s" % b.evaluate(STATE))
        check(shown(b) == expected, "function table %s... != text %s..."
              % (shown(b)[:3], expected[:3]))
        passed("once loaded, the function table has every row, as the text (%d)"
               % len(expected))

    with browser.Browser() as b:
        b.viewport(1280, 900)
        b.page("Page.addScriptToEvaluateOnNewDocument", {"source": HOLD_BACK_READY})
        b.load(url)
        frames(b)
        check(b.evaluate(STATE) == {"rows": 200, "rest": True},
              "before it has loaded: %s" % b.evaluate(STATE))
        check(shown(b) == expected[:200], "the first rows differ from the text's")
        passed("before the page has loaded, the table has its first 200 rows")
        b.evaluate("Array.from(document.querySelectorAll('#ftable th button'))"
                   ".find(x => x.textContent.startsWith('Calls')).click()")
        calls = [r[0] for r in shown(b)]
        known = [c for c in calls if c != "-"]
        check(b.evaluate(STATE) == {"rows": len(expected), "rest": False},
              "after sorting: %s" % b.evaluate(STATE))
        check(len(known) < len(calls) and known == sorted(known, key=int, reverse=True)
              and calls[len(known):] == ["-"] * (len(calls) - len(known)),
              "sorted by calls: %s" % calls)
        check(sorted(shown(b)) == sorted(expected), "the sorted rows are not the text's")
        passed("sorting first adds the rest: all %d rows sorted by calls" % len(calls))

    with browser.Browser() as b:
        b.viewport(1280, 900)
        b.page("Page.addScriptToEvaluateOnNewDocument", {"source": HOLD_BACK_READY})
        b.load(url)
        frames(b)
        check(b.evaluate(STATE)["rest"], "the rest was added without scrolling")
        b.evaluate("document.querySelector('#ftable tbody tr:last-child').scrollIntoView()")
        frames(b)
        check(b.evaluate(STATE) == {"rows": len(expected), "rest": False},
              "after scrolling to the table's end: %s" % b.evaluate(STATE))
        check(shown(b) == expected, "the rows after scrolling differ from the text's")
        passed("scrolling to the table's end adds the rest, in order")


if __name__ == "__main__":
    main()
