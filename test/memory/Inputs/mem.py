"""Prints the memory figures of a .lprof file by marker comment, for
FileCheck.

  mem.py PROFILE SOURCE...

For every line of SOURCE holding a marker comment `// M:name` (or
`/* M:name */`), prints

  name: allocs A bytes B frees F freed G net N retained R/RB self S/SB

from the MEMF record of the profiled function that holds the line (zeros
when the function has none), in the order the markers appear. Then, per
function with a MEMF record, `peak NAME BYTES`, and the MEMR record as
`run: allocs A bytes B frees F freed G untracked U live L peak P
unattributed UA/UB` with `consistent` when live = bytes - freed and
peak >= live; or `memory: none` for a file without MEMR. The first line is
`version MAJOR.MINOR`.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
import lprof  # noqa: E402

MARKER = re.compile(r"(?://|/\*)\s*M:([A-Za-z0-9_]+)")


def main():
    profile = lprof.read(sys.argv[1])
    print("version %d.%d" % tuple(profile["version"]))
    for source in sys.argv[2:]:
        path = os.path.realpath(source)
        with open(source, encoding="utf-8") as f:
            rows = f.read().split("\n")
        for number, row in enumerate(rows, 1):
            match = MARKER.search(row)
            if not match:
                continue
            figures = dict.fromkeys(lprof.MEMF_LINE_FIELDS, 0)
            for fn in profile["functions"]:
                first = fn["first_line"]
                if (os.path.realpath(fn["file"]) == path and
                        first <= number < first + len(fn["lines"]) and
                        "memory" in fn):
                    for key, value in fn["memory"]["lines"][number - first].items():
                        figures[key] += value
            print("%s: allocs %d bytes %d frees %d freed %d net %d "
                  "retained %d/%d self %d/%d" % (
                      match.group(1), figures["allocs"],
                      figures["alloc_bytes"], figures["frees"],
                      figures["freed_bytes"],
                      figures["alloc_bytes"] - figures["freed_bytes"],
                      figures["retained_blocks"], figures["retained_bytes"],
                      figures["self_allocs"], figures["self_alloc_bytes"]))
    for fn in profile["functions"]:
        if "memory" in fn:
            print("peak %s %d" % (fn["name"], fn["memory"]["peak_bytes"]))
    run = profile.get("memory")
    if run is None:
        print("memory: none")
        return
    consistent = (run["live_bytes"] == run["alloc_bytes"] - run["freed_bytes"]
                  and run["peak_live_bytes"] >= run["live_bytes"])
    print("run: allocs %d bytes %d frees %d freed %d untracked %d live %d "
          "peak %d unattributed %d/%d%s" % (
              run["allocs"], run["alloc_bytes"], run["frees"],
              run["freed_bytes"], run["untracked_frees"], run["live_bytes"],
              run["peak_live_bytes"], run["unattributed_allocs"],
              run["unattributed_bytes"],
              " consistent" if consistent else " INCONSISTENT"))


if __name__ == "__main__":
    main()
