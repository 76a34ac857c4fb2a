"""Profiles with memory figures (format 1.3's MEMR and MEMF), for gen.py.

The lines hold the cases the issue asks to be exact about: a loop line that
allocates a 1 MiB vector and frees it in scope ten times (10 allocations,
10485760 bytes, net 0, nothing retained), and a line that leaks 100 blocks
of 64 bytes (6400 bytes retained).
"""
import struct

import lprof

BUFFERS = "/nonexistent/lineprof-test/buffers.cpp"


def line(allocs=0, alloc_bytes=0, frees=0, freed_bytes=0, retained_blocks=0,
         retained_bytes=0, self_allocs=None, self_alloc_bytes=None):
    """A MEMF line; its self figures default to its (inclusive) allocs:
    the line made no profiled calls that allocated."""
    return dict(allocs=allocs, alloc_bytes=alloc_bytes, frees=frees,
                freed_bytes=freed_bytes, retained_blocks=retained_blocks,
                retained_bytes=retained_bytes,
                self_allocs=allocs if self_allocs is None else self_allocs,
                self_alloc_bytes=(alloc_bytes if self_alloc_bytes is None
                                  else self_alloc_bytes))


NOTHING = line()
MiB = 1 << 20

FILL = {
    "file": BUFFERS, "name": "fill_buffers", "first_line": 1, "calls": 1,
    "source": "[[profile]] void fill_buffers() {\n"
              "  for (int i = 0; i < 10; ++i) {\n"
              "    std::vector<char> v(1 << 20);\n"
              "    v[0] = 1;\n"
              "  }\n"
              "}",
    "lines": [[1, 500], [11, 2000], [10, 3000000], [10, 400], [0, 0], [0, 0]],
    "memory": {"peak_bytes": MiB, "lines": [
        NOTHING, NOTHING, line(10, 10 * MiB, 10, 10 * MiB), NOTHING, NOTHING,
        NOTHING]},
}
LEAK = {
    "file": BUFFERS, "name": "leak_nodes", "first_line": 8, "calls": 1,
    "source": "[[profile]] void leak_nodes(Node **out) {\n"
              "  for (int i = 0; i < 100; ++i)\n"
              "    out[i] = new Node{};\n"
              "}",
    "lines": [[1, 100], [101, 1000], [100, 20000], [0, 0]],
    "memory": {"peak_bytes": 6400, "lines": [
        NOTHING, NOTHING, line(100, 6400, retained_blocks=100,
                               retained_bytes=6400), NOTHING]},
}
# Growth of a string: five allocations, four of them freed again by the
# next growth on the same line; the last one is returned (retained).
JOIN = {
    "file": BUFFERS, "name": "join", "first_line": 13, "calls": 1,
    "source": "[[profile]] std::string join(const std::vector<std::string> &parts) {\n"
              "  std::string out;\n"
              "  for (const auto &p : parts)\n"
              "    out += p;\n"
              "  return out;\n"
              "}",
    "lines": [[1, 50], [1, 20], [41, 900], [40, 8000], [1, 30], [0, 0]],
    "memory": {"peak_bytes": 3000, "lines": [
        NOTHING, NOTHING, NOTHING, line(5, 3100, 4, 1100, 1, 2000), NOTHING,
        NOTHING]},
}
# Frees what another function allocated: a negative net.
RELEASE = {
    "file": BUFFERS, "name": "release", "first_line": 20, "calls": 1,
    "source": "[[profile]] void release(char *buf) {\n"
              "  delete[] buf;\n"
              "}",
    "lines": [[1, 10], [1, 300], [0, 0]],
    "memory": {"peak_bytes": 0, "lines": [NOTHING, line(frees=1, freed_bytes=4096),
                                          NOTHING]},
}
# Ran, allocated nothing: no MEMF record.
IDLE = {
    "file": BUFFERS, "name": "idle", "first_line": 24, "calls": 3,
    "source": "[[profile]] void idle() {\n  ++ticks;\n}",
    "lines": [[3, 30], [3, 60], [0, 0]],
}


def run_totals(fns, unattributed_allocs=3, unattributed_bytes=6144,
               other_frees=1, other_freed=512, untracked=3, peak=None):
    """MEMR figures that add up: every line's self allocations plus the
    unattributed ones (among them the 4096-byte buffer release frees);
    frees from the lines and one from outside them. What is live at exit
    is at least what the lines retain."""
    lines = [l for fn in fns if "memory" in fn for l in fn["memory"]["lines"]]
    allocs = sum(l["self_allocs"] for l in lines) + unattributed_allocs
    alloc_bytes = sum(l["self_alloc_bytes"] for l in lines) + unattributed_bytes
    frees = sum(l["frees"] for l in lines) + other_frees
    freed = sum(l["freed_bytes"] for l in lines) + other_freed
    return {"allocs": allocs, "alloc_bytes": alloc_bytes, "frees": frees,
            "freed_bytes": freed, "untracked_frees": untracked,
            "live_bytes": alloc_bytes - freed,
            "peak_live_bytes": peak or MiB + 16384,
            "unattributed_allocs": unattributed_allocs,
            "unattributed_bytes": unattributed_bytes}


def memory_profile(*fns, **totals):
    return lprof.build({"seconds_per_tick": 1e-9, "program": "/bin/buffers",
                        "functions": list(fns), "memory": run_totals(fns, **totals)})


def with_peak(fn, peak):
    return dict(fn, memory=dict(fn["memory"], peak_bytes=peak))


# After the fix: one buffer for the whole loop, kept for later (static).
FILL_NEW = dict(
    FILL,
    source="[[profile]] void fill_buffers() {\n"
           "  static std::vector<char> v(1 << 20);\n"
           "  for (int i = 0; i < 10; ++i) {\n"
           "    v[0] = 1;\n"
           "  }\n"
           "}",
    lines=[[1, 500], [1, 300000], [11, 2000], [10, 400], [0, 0], [0, 0]],
    memory={"peak_bytes": MiB, "lines": [
        NOTHING, line(1, MiB, retained_blocks=1, retained_bytes=MiB), NOTHING,
        NOTHING, NOTHING, NOTHING]})
LEAK_NEW = dict(LEAK, memory={"peak_bytes": 3200, "lines": [
    NOTHING, NOTHING, line(50, 3200, retained_blocks=50, retained_bytes=3200),
    NOTHING]})


def frame(payload, minor=3):
    return lprof.HEADER.pack(lprof.MAGIC, 1, minor, 0, len(payload),
                             lprof.zlib.crc32(payload), 0) + payload


def damaged(kind):
    """A valid memory profile whose MEMF records are broken as kind says."""
    good = lprof.build({"program": "/bin/buffers", "functions": [LEAK],
                        "memory": run_totals([LEAK])})
    records, pos = [], 32
    while pos < len(good):
        tag, _, length = struct.unpack_from("<4sIQ", good, pos)
        records.append((tag, good[pos + 16:pos + 16 + length]))
        pos += 16 + length
    memf = dict(records)[b"MEMF"]
    if kind == "index":
        records[-1] = (b"MEMF", struct.pack("<I", 1) + memf[4:])
    elif kind == "twice":
        records.append((b"MEMF", memf))
    elif kind == "no-memr":
        records = [r for r in records if r[0] != b"MEMR"]
    elif kind == "short":
        records[-1] = (b"MEMF", memf[:12 + 64 * 3 + 20])
    return frame(b"".join(lprof._record(t, b) for t, b in records))


KINDS = {
    # fill_buffers, leak_nodes, join, release and idle, with their heap.
    "memory": lambda: memory_profile(FILL, LEAK, JOIN, RELEASE, IDLE),
    # The same run again but with twice the peak in fill_buffers (and of
    # the run): sums double every count, peaks take the larger.
    "memory-again": lambda: memory_profile(with_peak(FILL, 2 * MiB), LEAK, JOIN,
                                           RELEASE, IDLE, peak=2 * MiB + 16384),
    # After a fix, for --diff: fill_buffers keeps one static buffer,
    # leak_nodes leaks half as much, join and release are gone.
    "memory-new": lambda: memory_profile(FILL_NEW, LEAK_NEW, IDLE),
    # MEMF damage: an index past the functions, a second record for a
    # function, no MEMR record, a record cut inside its lines.
    "memf-index": lambda: damaged("index"),
    "memf-twice": lambda: damaged("twice"),
    "memf-no-memr": lambda: damaged("no-memr"),
    "memf-short": lambda: damaged("short"),
}
