#!/usr/bin/env python3
"""Times lprof-report on a profile of 1,000,000 line records.

  speed.py [--report PATH] [--lines N] [--functions N] [--runs N] [--keep DIR]

Writes a profile of N line records (default 1,000,000, spread over 2,000
functions in 200 files, every line with hits and a realistic source line),
then renders it as text, HTML, JSON and callgrind, each --runs times, and
prints the best wall time of each against the targets (text < 1 s,
HTML < 3 s). Exits 1 if a target is missed. Not part of the test suite:
timings depend on the machine.
"""
import argparse
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "Inputs"))
import lprof  # noqa: E402

TARGETS = {"text": 1.0, "html": 3.0}


def write_profile(path, total_lines, functions):
    """Builds the file piecewise: lprof.build() would hold it all twice."""
    rng = random.Random(1)
    per_function = total_lines // functions
    payload = [lprof._record(b"PROG", struct.pack("<dIIqq", 1e-9, 3, 4242, 0, 0)
                             + lprof._str("/bench/app"))]
    line_entry = struct.Struct("<QQ")
    for f in range(functions):
        n = per_function + (1 if f < total_lines % functions else 0)
        first = 1 + (f % 10) * 1000
        source = "\n".join("    total += compute_step(values[%d], scale * %d);  // %d"
                           % (i, f, i) for i in range(n))
        body = lprof._str("/bench/src/module%03d/file%03d.cpp" % (f // 10 % 20, f // 10))
        body += lprof._str("bench::function_%05d" % f)
        body += struct.pack("<II", first, n) + lprof._str(source)
        body += b"".join(line_entry.pack(rng.randint(1, 10**6), rng.randint(1, 10**9))
                         for _ in range(n))
        body += struct.pack("<Q", rng.randint(1, 1000))
        payload.append(lprof._record(b"FUNC", body))
    payload = b"".join(payload)
    header = lprof.HEADER.pack(lprof.MAGIC, 1, 1, 0, len(payload), zlib.crc32(payload), 0)
    with open(path, "wb") as f:
        f.write(header + payload)
    return len(header) + len(payload)


def write_big_profile(out_dir, lines, functions):
    """Writes out_dir/big.lprof (write_profile), says so; returns its path."""
    os.makedirs(out_dir, exist_ok=True)
    profile = os.path.join(out_dir, "big.lprof")
    size = write_profile(profile, lines, functions)
    print("profile: %d line records in %d functions, %.1f MB"
          % (lines, functions, size / 1e6))
    return profile


def best_time(command, runs):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    root = os.path.join(HERE, "..", "..")
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", default=os.path.join(root, "build", "bin", "lprof-report"))
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--functions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the profile and outputs here")
    args = parser.parse_args()

    out_dir = args.keep or tempfile.mkdtemp(prefix="lprof-speed-")
    profile = write_big_profile(out_dir, args.lines, args.functions)

    failed = False
    for fmt in ["text", "html", "json", "callgrind"]:
        output = os.path.join(out_dir, "big." + fmt)
        seconds = best_time([args.report, "--format=" + fmt, "-o", output, profile],
                            args.runs)
        line = "%-9s %6.3f s  %6.1f MB" % (fmt, seconds, os.path.getsize(output) / 1e6)
        if fmt in TARGETS:
            ok = seconds < TARGETS[fmt]
            failed |= not ok
            line += "  target < %g s: %s (%.0f%% of it)" % (
                TARGETS[fmt], "ok" if ok else "MISSED", 100 * seconds / TARGETS[fmt])
        print(line)
    if not args.keep:
        for name in os.listdir(out_dir):
            os.remove(os.path.join(out_dir, name))
        os.rmdir(out_dir)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
