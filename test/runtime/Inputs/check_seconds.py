"""Checks each line's time against bounds the program measured itself.

  check_seconds.py PROFILE BOUNDS [TOLERANCE]

BOUNDS holds lines `bounds FUNCTION LINE_INDEX LOW_NS HIGH_NS` (other lines
are ignored): the profile's ticks for that line, times seconds_per_tick,
must lie within [LOW, HIGH] widened by TOLERANCE (relative, default 0.01).
Prints one line per check; exits 1 if any time is outside its bounds.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

profile = lprof.read(sys.argv[1])
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
functions = {f["name"]: f for f in profile["functions"]}
failed = False
with open(sys.argv[2]) as bounds:
    for row in bounds:
        words = row.split()
        if not words or words[0] != "bounds":
            continue
        name, index, low, high = words[1], int(words[2]), int(words[3]), int(words[4])
        seconds = functions[name]["lines"][index][1] * profile["seconds_per_tick"]
        low_s = low * 1e-9 * (1 - tolerance)
        high_s = high * 1e-9 * (1 + tolerance)
        inside = low_s <= seconds <= high_s
        failed |= not inside
        print("%s line %d: %.6f s %s [%.6f, %.6f]" % (
            name, index, seconds, "within" if inside else "OUTSIDE", low_s, high_s))
sys.exit(1 if failed else 0)
