#!/usr/bin/env python3
"""Times how fast a big profile's HTML page shows in headless Chromium.

  html_paint.py [--report PATH] [--baseline PATH | --baseline-rev REV]
                [--lines N] [--functions N] [--runs N] [--keep DIR]

Writes a profile of N line records (default 1,000,000 in 2,000 functions,
as speed.py does), renders it with --report (default build/bin/lprof-report)
and with a baseline lprof-report (--baseline, or built from git revision
--baseline-rev, default the last revision before the page drew its source
tables on demand), then loads each page --runs times in a fresh headless
Chromium, the two alternating, and prints the medians side by side:

  summary    the header's first paint (Element Timing on its h1)
  functions  the first frame after the function table is in the page (the
             section after it has been parsed): its first 200 rows, where
             the page keeps the rest as text until it has loaded
  all rows   the first frame with every row of the function table
  complete   DOMContentLoaded: every element parsed; the old page's sorting
             and links into the sources work only from here
  load       the load event
  source     from asking for the last function's source (its #fN link)
             after DOMContentLoaded until its rows are in the page

All in seconds from navigation start (source: from the request), wall
time and, from a trace, the CPU time of the renderer's main thread (which
parses, lays out and paints) up to then: on a shared machine the wall
times grow with the load, the CPU times much less. Medians of interleaved
runs, with the load average. Not part of the test suite.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "report", "Inputs"))
import browser  # noqa: E402
import speed  # noqa: E402

# The page before its source tables were drawn on demand.
BASELINE_REV = "88e87da"

# Runs before the page's own scripts: notes when the header is painted,
# when the function table is complete (the #hot section after it exists)
# and the next frame after, DOMContentLoaded and load, each as a mark that
# the trace shows too.
WATCH = r"""
(function(){
  function mark(name, time) {
    if (!performance.getEntriesByName(name).length)
      performance.mark(name, time === undefined ? undefined : {startTime: time});
  }
  new PerformanceObserver(function(list) {
    list.getEntries().forEach(function(e) {
      if (e.identifier === 'summary') mark('summary', e.renderTime);
    });
  }).observe({type: 'element', buffered: true});
  function frame() {
    var hot = document.getElementById('hot');
    if (hot && !performance.getEntriesByName('hot').length) {
      mark('hot');
      requestAnimationFrame(function() { mark('functions'); });
    }
    // The rows a big table keeps as text until later (ftable-rest).
    if (hot && !document.getElementById('ftable-rest')) {
      requestAnimationFrame(function() { mark('all rows'); });
      return;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  document.addEventListener('DOMContentLoaded', function() { mark('complete'); });
  addEventListener('load', function() { mark('load'); });
})();
"""

FIGURES = ["summary", "functions", "all rows", "complete", "load"]

# The last function's source, asked for by its anchor: resolves to the
# seconds until its rows are in the page.
ASK_FOR_SOURCE = r"""
new Promise(function(resolve) {
  var sections = document.querySelectorAll('section.fn');
  var last = sections[sections.length - 1];
  var start = performance.now();
  function drawn() { return last.querySelector('tbody tr'); }
  location.hash = '#' + last.id;
  (function wait() {
    if (drawn()) resolve((performance.now() - start) / 1000);
    else requestAnimationFrame(wait);
  })();
})
"""


def mark_summary(path):
    """Lets Element Timing report the header's paint (same on both pages)."""
    with open(path, "rb") as f:
        page = f.read()
    page = page.replace(b"<h1>", b'<h1 elementtiming="summary">', 1)
    with open(path, "wb") as f:
        f.write(page)


def build_baseline(rev, out_dir):
    """lprof-report built from git revision rev in out_dir; its path."""
    src = os.path.join(out_dir, "src")
    build = os.path.join(out_dir, "build")
    binary = os.path.join(build, "bin", "lprof-report")
    if os.path.exists(binary):
        return binary
    os.makedirs(src, exist_ok=True)
    archive = subprocess.run(["git", "-C", ROOT, "archive", rev],
                             check=True, stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", src], input=archive, check=True)
    subprocess.run(["cmake", "-S", src, "-B", build, "-G", "Ninja"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", build, "-j2", "lprof-report"], check=True,
                   stdout=subprocess.DEVNULL)
    return binary


def render(report, profile, page):
    start = time.perf_counter()
    subprocess.run([report, "--format=html", "-o", page, profile], check=True)
    seconds = time.perf_counter() - start
    mark_summary(page)
    return seconds


def main_thread_cpu(events, page_thread, origin, until):
    """Seconds of CPU the page's renderer main thread (page_thread: its
    (pid, tid)) spent in top-level tasks from trace time origin to until
    (microseconds). Only the page's: headless Chromium runs other renderers
    alongside (the omnibox popup's WebUI), whose main threads have the same
    name."""
    tasks = sorted((e for e in events if e.get("ph") == "X"
                    and e.get("name") == "ThreadControllerImpl::RunTask"
                    and (e["pid"], e["tid"]) == page_thread),
                   key=lambda e: e["ts"])
    cpu, end = 0, None
    for e in tasks:
        # Nested tasks are inside their parent's time already.
        if end is not None and e["ts"] < end:
            continue
        end = e["ts"] + e.get("dur", 0)
        if origin <= e["ts"] < until and "tdur" in e:
            # A task cut by `until` counts in proportion.
            share = min(1, (until - e["ts"]) / max(e.get("dur", 1), 1))
            cpu += e["tdur"] * share
    return cpu / 1e6


def measure(page):
    """One load of page in a fresh browser: {figure: (wall, cpu)} seconds
    from navigation start (cpu: the renderer main thread's), and "source":
    (wall, None)."""
    with browser.Browser(timeout=300) as b:
        b.page("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
        b.call("Tracing.start", {"traceConfig": {
            "includedCategories": ["toplevel", "blink.user_timing", "__metadata"]},
            "transferMode": "ReportEvents"})
        b.load("file://" + os.path.abspath(page))
        # The frame after the function table may come after the load event.
        b.page("Runtime.evaluate", {"expression": "new Promise(r => requestAnimationFrame("
                                    "() => requestAnimationFrame(r)))", "awaitPromise": True})
        marks = b.evaluate("Object.fromEntries(performance.getEntriesByType('mark')"
                           ".map(m => [m.name, m.startTime]))")
        b.call("Tracing.end")
        b.wait_for_event("Tracing.tracingComplete")
        events = [e for message in b.events if message.get("method") == "Tracing.dataCollected"
                  for e in message["params"]["value"]]
        # A mark's trace time less its page time is the page's time origin.
        # The page's main thread is the one that made the marks.
        made = [e for e in events
                if e.get("cat") == "blink.user_timing" and e.get("name") in marks]
        traced = {e["name"]: e["ts"] for e in made}
        page_thread = (made[0]["pid"], made[0]["tid"])
        name = next(n for n in FIGURES if n in traced)
        origin = traced[name] - marks[name] * 1000
        figures = {n: (marks[n] / 1000, main_thread_cpu(events, page_thread, origin,
                                                         origin + marks[n] * 1000))
                   for n in FIGURES if n in marks}
        result = b.page("Runtime.evaluate", {"expression": ASK_FOR_SOURCE,
                                             "awaitPromise": True, "returnByValue": True})
        figures["source"] = (result["result"]["value"], None)
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", default=os.path.join(ROOT, "build", "bin", "lprof-report"))
    parser.add_argument("--baseline", help="an lprof-report to compare with")
    parser.add_argument("--baseline-rev", default=BASELINE_REV,
                        help="git revision to build the baseline from (default %(default)s)")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--functions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="keep the profile, pages and baseline build here")
    args = parser.parse_args()

    out_dir = args.keep or tempfile.mkdtemp(prefix="lprof-html-paint-")
    profile = speed.write_big_profile(out_dir, args.lines, args.functions)
    baseline = args.baseline or build_baseline(
        args.baseline_rev, os.path.join(out_dir, "baseline-" + args.baseline_rev))

    pages = {"baseline": os.path.join(out_dir, "baseline.html"),
             "this": os.path.join(out_dir, "this.html")}
    reports = {"baseline": baseline, "this": args.report}
    written = {name: render(reports[name], profile, page) for name, page in pages.items()}
    runs = {name: [] for name in pages}
    for _ in range(args.runs):
        for name, page in pages.items():
            runs[name].append(measure(page))

    print("load average: %.1f %.1f %.1f; medians of %d runs; seconds from navigation "
          "start, wall (and the renderer main thread's CPU)" % (os.getloadavg() + (args.runs,)))
    print("%-10s %20s %20s" % ("", "baseline", "this"))
    print("%-10s %20.1f %20.1f" % ("page MB", os.path.getsize(pages["baseline"]) / 1e6,
                                   os.path.getsize(pages["this"]) / 1e6))
    print("%-10s %20.2f %20.2f" % ("written", written["baseline"], written["this"]))
    for figure in FIGURES + ["source"]:
        cells = []
        for name in pages:
            values = [r[figure] for r in runs[name] if figure in r]
            if not values:
                cells.append("%20s" % "-")
                continue
            wall = statistics.median(v[0] for v in values)
            cpu = [v[1] for v in values if v[1] is not None]
            cells.append("%20s" % ("%.2f (%.2f)" % (wall, statistics.median(cpu)) if cpu
                                   else "%.2f" % wall))
        print("%-10s %s" % (figure, " ".join(cells)))
    if not args.keep:
        subprocess.run(["rm", "-rf", out_dir], check=True)


if __name__ == "__main__":
    main()
