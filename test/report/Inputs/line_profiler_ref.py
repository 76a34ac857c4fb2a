"""Writes a profile and prints what line_profiler makes of the same numbers.

  line_profiler_ref.py DIR [--unit U] [--skip-zero] [--tick SECONDS] [--split]
                         [--sort]

Writes two Python source files into DIR and a profile of them, DIR/prof.lprof
(with --split, the same counts divided between DIR/prof1.lprof and
DIR/prof2.lprof), then prints line_profiler 4.0.2's show_text rendering of
those counts. lprof-report must print exactly the same bytes.

The sources are Python so that line_profiler, which finds a function's lines
with inspect.getblock, shows the same lines as the profile's snapshots.
"""
import argparse
import inspect
import os
import random
import sys

import line_profiler

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

BODY = ["    total = 0",
        "    for i in range(n):",
        "        if i % 3 == 0:",
        "            total += i * i",
        "",
        "        else:",
        "            total -= 1  # a\ttab",
        "    s = 'x\ty'",
        "    return total"]


def write_source(path, names):
    """Writes one function per name; returns {name: (first_line, n_lines)}."""
    text, spans = [], {}
    for name in names:
        text += ["# %s follows" % name, ""]
        spans[name] = (len(text) + 1, 1 + len(BODY))
        text += ["def %s(n):" % name] + BODY + ["", ""]
    with open(path, "w") as f:
        f.write("\n".join(text))
    return spans


def fits(hits, ticks, scalar):
    """Whether line_profiler's Time ('%12.1f') and Per Hit ('%8.1f') cells
    of the counts fit their columns. line_profiler lets a wider number run
    into the next column, where lprof-report widens the column (unit.test):
    the byte-for-byte comparison is of counts that fit."""
    return ticks * scalar < 9999999999.95 and ticks * scalar / hits < 999999.95


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--unit", type=float, default=1e-6)
    parser.add_argument("--skip-zero", action="store_true")
    parser.add_argument("--tick", type=float, default=1e-9)
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--sort", action="store_true")
    args = parser.parse_args()
    rng = random.Random(20240229)

    functions, stats = [], {}
    halves = ([], [])
    for base, names in (("b.py", ["zeta", "alpha", "never_run"]),
                        ("a.py", ["only", "second"])):
        path = os.path.join(args.dir, base)
        for name, (first, n) in write_source(path, names).items():
            with open(path) as f:
                lines = f.read().split("\n")[first - 1:first - 1 + n]
            block = inspect.getblock([l + "\n" for l in lines] + ["\n", "x = 1\n"])
            assert len(block) == n, "line_profiler would show %d lines" % len(block)
            counts = []
            for i, line in enumerate(lines):
                if name == "never_run" or not line.strip():
                    counts.append([0, 0])
                    continue
                while True:
                    hits = rng.choice([1, 2, 3, 7, 99, 1000, rng.randint(1, 10**6)])
                    # Multiples of 50 ticks sit on the rounding edges of '%5.1f'.
                    ticks = rng.choice([0, 50 * rng.randint(0, 10**5),
                                        rng.randint(0, 10**7), rng.randint(0, 10**11)])
                    if fits(hits, ticks, args.tick / args.unit):
                        break
                counts.append([hits, ticks])
            stats[(path, first, name)] = [(first + i, h, t)
                                          for i, (h, t) in enumerate(counts) if h]
            fn = {"file": path, "name": name, "first_line": first,
                  "source": "\n".join(lines), "lines": counts}
            functions.append(fn)
            # --split: the first file gets part of every count.
            one = [[h // 3, t // 3] for h, t in counts]
            two = [[h - a, t - b] for (h, t), (a, b) in zip(counts, one)]
            halves[0].append(dict(fn, lines=one))
            halves[1].append(dict(fn, lines=two))

    def write(name, fns):
        with open(os.path.join(args.dir, name), "wb") as f:
            f.write(lprof.build({"seconds_per_tick": args.tick, "functions": fns}))

    if args.split:
        write("prof1.lprof", halves[0])
        write("prof2.lprof", halves[1])
    else:
        write("prof.lprof", functions)

    if not args.sort:
        line_profiler.show_text(stats, args.tick, output_unit=args.unit,
                                stream=sys.stdout, stripzeros=args.skip_zero)
        return
    # --sort is line_profiler 4.1's show_text, which Debian's 4.0.2 lacks;
    # this is its code around 4.0.2's show_func. Ties in the
    # sort keep the (file, line, name) order, as lprof-report's do.
    out = sys.stdout
    out.write("Timer unit: %g s\n\n" % args.unit)
    order = sorted(sorted(stats.items()), key=lambda kv: sum(t[2] for t in kv[1]))
    for (fn, lineno, name), timings in order:
        line_profiler.show_func(fn, lineno, name, stats[fn, lineno, name], args.tick,
                                output_unit=args.unit, stream=out,
                                stripzeros=args.skip_zero)


if __name__ == "__main__":
    main()
