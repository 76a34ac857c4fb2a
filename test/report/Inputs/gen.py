"""Writes the .lprof files lprof-report's tests read.

  gen.py KIND OUT [ARG...]

KIND names a valid profile or a deliberately broken file; see KINDS below.
Everything is built with test/Inputs/lprof.py, the independent writer, or by
hand from its pieces where a file must break the format in a precise way.
"""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402
import mem_kinds  # noqa: E402

# Paths that do not exist, so no test depends on the disk (no warning).
SIEVE = "/nonexistent/lineprof-test/sieve.cpp"
UTIL = "/nonexistent/lineprof-test/util.h"

IS_PRIME = {
    "file": SIEVE, "name": "is_prime", "first_line": 3,
    "source": "[[profile]] static bool is_prime(int n) {\n"
              "  for (int d = 2; d * d <= n; ++d)\n"
              "    if (n % d == 0)\n"
              "      return false;\n"
              "  return true;\n"
              "}",
    "lines": [[0, 0], [98, 41230], [2873, 612345], [73, 9876], [25, 3210], [0, 0]],
}
# Tabs stay, a stray '\r' at a line end goes (as line_profiler strips it).
COUNT_PRIMES = {
    "file": SIEVE, "name": "count_primes", "first_line": 12,
    "source": "[[profile]] int count_primes(int limit) {\r\n"
              "\tint count = 0;\n"
              "\tfor (int n = 2; n < limit; ++n)\n"
              "\t\tcount += is_prime(n);\r\n"
              "\n"
              "\treturn count;\n"
              "}",
    "lines": [[1, 1500], [1, 120], [99, 20400], [98, 1250000], [0, 0], [1, 95], [0, 0]],
}
IDLE = {
    "file": UTIL, "name": "util::idle", "first_line": 1,
    "source": "[[profile]] void idle() {\n}",
    "lines": [[0, 0], [0, 0]],
}


# The same functions counting their calls (format 1.1).
IS_PRIME_CALLS = dict(IS_PRIME, calls=98)
COUNT_PRIMES_CALLS = dict(COUNT_PRIMES, calls=1)
IDLE_CALLS = dict(IDLE, calls=0)

# Two threads share is_prime; count_primes runs on the main thread only.
# Their lines add up to the FUNC totals, as the format requires.
THREADS = [
    {"thread": 0, "tid": 4242, "name": "main", "functions": [
        {"function": 1, "lines": COUNT_PRIMES["lines"]},
        {"function": 0, "lines": [[0, 0], [60, 30000], [2000, 400000],
                                  [50, 6000], [10, 1000], [0, 0]]}]},
    {"thread": 1, "tid": 4243, "name": "worker", "functions": [
        {"function": 0, "lines": [[0, 0], [38, 11230], [873, 212345],
                                  [23, 3876], [15, 2210], [0, 0]]}]},
]

# The sieve after an optimisation: a line added above is_prime (so both
# functions start a line later), even numbers handled up front, the loop
# over odd divisors only; count_primes unchanged but faster for it.
IS_PRIME_NEW = {
    "file": SIEVE, "name": "is_prime", "first_line": 4, "calls": 98,
    "source": "[[profile]] static bool is_prime(int n) {\n"
              "  if (n % 2 == 0) return n == 2;\n"
              "  for (int d = 3; d * d <= n; d += 2)\n"
              "    if (n % d == 0)\n"
              "      return false;\n"
              "  return true;\n"
              "}",
    "lines": [[0, 0], [98, 9000], [49, 20000], [1400, 300000], [24, 3000],
              [25, 3100], [0, 0]],
}
COUNT_PRIMES_NEW = dict(COUNT_PRIMES_CALLS, first_line=13,
                        lines=[[1, 1500], [1, 120], [99, 20400], [98, 700000],
                               [0, 0], [1, 95], [0, 0]])
OLD_HELPER = {"file": SIEVE, "name": "old_helper", "first_line": 30, "calls": 4,
              "source": "[[profile]] void old_helper() {\n  work();\n}",
              "lines": [[4, 400], [4, 80000], [0, 0]]}
NEW_HELPER = {"file": SIEVE, "name": "new_helper", "first_line": 40, "calls": 2,
              "source": "[[profile]] void new_helper() {\n  work();\n}",
              "lines": [[2, 200], [2, 30000], [0, 0]]}


def profile(*functions, seconds_per_tick=1e-9):
    return {"seconds_per_tick": seconds_per_tick, "program": "/bin/sieve",
            "functions": list(functions)}


def frame(payload, major=1, minor=0, size=None):
    """Header + payload with a correct checksum; size overrides payload_size."""
    return lprof.HEADER.pack(lprof.MAGIC, major, minor, 0,
                             len(payload) if size is None else size,
                             zlib.crc32(payload), 0) + payload


def prog(seconds_per_tick=1e-9):
    return lprof._record(b"PROG", struct.pack("<dIIqq", seconds_per_tick, 3, 1, 0, 0)
                         + lprof._str("/bin/sieve"))


def func_body(file, name, first_line, num_lines, source, lines):
    body = lprof._str(file) + lprof._str(name)
    body += struct.pack("<II", first_line, num_lines) + lprof._str(source)
    return body + b"".join(struct.pack("<QQ", h, t) for h, t in lines)


ONE_FUNC = lprof._record(b"FUNC", func_body("/a.c", "f", 1, 1, "x", [(1, 1)]))


def thrd_body(thread, functions):
    """A THRD body for thread (tid 7, no name): [(index, [(hits, ticks)])]."""
    body = struct.pack("<II", thread, 7) + lprof._str("") + struct.pack("<I", len(functions))
    for index, lines in functions:
        body += struct.pack("<I", index) + b"".join(struct.pack("<QQ", h, t) for h, t in lines)
    return body


def valid():
    return lprof.build(profile(IS_PRIME, COUNT_PRIMES, IDLE))


def broken_kinds():
    good = valid()
    flipped = bytearray(good)
    flipped[100] ^= 0x10
    bad_magic = bytearray(good)
    bad_magic[1] = ord("X")
    return {
        "empty": b"",
        "short-header": good[:5],
        "truncated": good[:-10],
        "trailing": good + b"\0\0\0",
        "flipped": bytes(flipped),
        "bad-magic": bytes(bad_magic),
        "text": b"Timer unit: 1e-06 s\n",
        "version2": lprof.build(profile(IS_PRIME), major=2),
        "no-records": frame(b""),
        "no-prog": frame(lprof._record(b"FUNC", func_body("/a.c", "f", 1, 1, "x", [(1, 1)]))),
        "two-progs": frame(prog() + prog()),
        "bad-tick": frame(prog(seconds_per_tick=0.0)),
        # A record header claiming 4096 body bytes; 8 follow.
        "record-past-payload": frame(prog() + struct.pack("<4sIQ", b"FUNC", 0, 4096) + b"8 bytes!"),
        "cut-record-header": frame(prog() + b"FUNC\0\0"),
        # num_lines says 1000000 (16 MB of counts); one entry follows.
        "num-lines-past-record": frame(prog() + lprof._record(
            b"FUNC", func_body("/a.c", "f", 1, 1000000, "x", [(1, 1)]))),
        # The name claims 0xFFFFFFF0 bytes.
        "string-past-record": frame(prog() + lprof._record(
            b"FUNC", lprof._str("/a.c") + struct.pack("<I", 0xFFFFFFF0) + b"f")),
        # format 1.1's calls field cut short: 3 of its 8 bytes.
        "calls-cut": frame(prog() + lprof._record(
            b"FUNC", func_body("/a.c", "f", 1, 1, "x", [(1, 1)]) + b"\1\2\3")),
        # THRD damage; the THRD record is at offset 152.
        "thread-index": frame(prog() + ONE_FUNC + lprof._record(
            b"THRD", thrd_body(0, [(1, [(1, 1)])]))),
        "thread-count": frame(prog() + ONE_FUNC + lprof._record(
            b"THRD", struct.pack("<II", 0, 7) + lprof._str("") + struct.pack("<I", 3000000000))),
        "thread-sum": frame(prog() + ONE_FUNC + lprof._record(
            b"THRD", thrd_body(0, [(0, [(1, 2)])]))),
        "thread-twice": frame(prog() + ONE_FUNC + lprof._record(
            b"THRD", thrd_body(0, [(0, [(1, 1)])])) + lprof._record(
            b"THRD", thrd_body(0, [(0, [(0, 0)])]))),
        "func-after-thread": frame(prog() + ONE_FUNC + lprof._record(
            b"THRD", thrd_body(0, [(0, [(1, 1)])])) + ONE_FUNC),
        "source-lines-mismatch": frame(prog() + lprof._record(
            b"FUNC", func_body("/a.c", "f", 1, 2, "only one line", [(1, 1), (1, 1)]))),
    }


def future_minor():
    # Every 1.2 field (net times equal to the measured ones), then fields
    # of a later minor version.
    calib = struct.pack("<Iddddd", 1, 20.0, 10.0, 5.0, 40.0, 64.0)
    payload = prog() + calib + struct.pack("<Q", 12345)  # an appended PROG field
    payload = lprof._record(b"PROG", payload[16:])
    payload += lprof._record(b"NEW1", b"anything at all")
    fn = IS_PRIME
    body = func_body(fn["file"], fn["name"], fn["first_line"], len(fn["lines"]),
                     fn["source"], fn["lines"])
    details = b"".join(struct.pack("<QQQ", t, h, 0) for h, t in fn["lines"])
    # Format 1.4: the time counted once and each line's self time.
    total = sum(t for h, t in fn["lines"])
    times = struct.pack("<QQ", total, total) + b"".join(
        struct.pack("<QQ", t, t) for h, t in fn["lines"])
    # calls (format 1.1), modes and details (1.2), times (1.4), then a
    # later field.
    payload += lprof._record(b"FUNC", body + struct.pack("<QI", 98, 1) + details
                             + times + b"appended field")
    payload += lprof._record(b"THRD", thrd_body(0, [(0, fn["lines"])])
                             + struct.pack("<Q", 98) + details + times
                             + b"later")
    payload += lprof._record(b"\x01\x02\x03\x04", b"")
    return frame(payload, minor=7)


# Format 1.2: net times (a tenth less, overhead taken out) and modes.
def with_details(fn, modes=1, net=lambda h, t: t - t // 10, weight=lambda h: 0):
    return dict(fn, modes=modes,
                details=[[net(h, t), h, weight(h)] for h, t in fn["lines"]])


MODES = "/nonexistent/lineprof-test/modes.cpp"
# Count mode: hits, no times.
TALLY = {"file": MODES, "name": "tally", "first_line": 1, "calls": 1, "modes": 2,
         "source": "void tally(int n) {\n  for (int i = 0; i < n; ++i)\n"
                   "    total += i;\n}",
         "lines": [[0, 0], [11, 0], [10, 0], [0, 0]],
         "details": [[0, 0, 0]] * 4}
# Sample mode: line 7's times are estimates, line 8 was timed exactly.
WALK = {"file": MODES, "name": "walk", "first_line": 6, "calls": 50, "modes": 4,
        "source": "int walk(node *p) {\n  while (p) p = p->next;\n  return 0;\n}",
        "lines": [[0, 0], [5000, 640000], [50, 2100], [0, 0]],
        "details": [[0, 0, 0], [600000, 5000, 4990], [2000, 50, 0], [0, 0, 0]]}
# A region: one line, run three times.
PARSE = {"file": MODES, "name": "parse", "first_line": 12, "calls": 3, "modes": 8,
         "source": '  lineprof::region r("parse");',
         "lines": [[3, 900000]], "details": [[899000, 3, 0]]}
# An inline function from translation units built in timing and count mode.
ADD = {"file": MODES, "name": "add", "first_line": 14, "calls": 20, "modes": 3,
       "source": "inline int add(int a, int b) {\n  return a + b;\n}",
       "lines": [[0, 0], [20, 4000], [0, 0]],
       "details": [[0, 0, 0], [3500, 10, 0], [0, 0, 0]]}


def one_thread(*fns):
    """A single thread (tid 7, "main") that ran every function."""
    return [{"thread": 0, "tid": 7, "name": "main", "functions": [
        {"function": i, "lines": fn["lines"], "calls": fn["calls"],
         "details": fn["details"]} for i, fn in enumerate(fns)]}]


def v12_threads():
    fns = [with_details(IS_PRIME_CALLS), with_details(COUNT_PRIMES_CALLS),
           with_details(IDLE_CALLS, modes=0)]
    threads = [dict(th, functions=[
        dict(part, calls=(60 if th["thread"] == 0 else 38) if part["function"] == 0
             else fns[part["function"]]["calls"],
             details=[[t - t // 10, h, 0] for h, t in part["lines"]])
        for part in th["functions"]]) for th in THREADS]
    return lprof.build(dict(profile(*fns), modes=1, timing_probe_ticks=20.0,
                            timing_entry_ticks=10.0, threads=threads))


def load_profile(args, modes=1):
    """Format 1.5: is_prime with a LOAD record. args: the calibration's
    measurements and spread, then per thread wall_ns,cpu_ns,involuntary,voluntary
    (threads numbered from 0)."""
    fields = ("wall_ns", "cpu_ns", "involuntary", "voluntary")
    threads = [dict(zip(fields, map(int, spec.split(","))), thread=i)
               for i, spec in enumerate(args[2:])]
    load = {"measurements": int(args[0]), "probe_spread": float(args[1]),
            "threads": threads}
    fn = with_details(IS_PRIME_CALLS) if modes != 2 else \
        count_fn("lex", 1, 1000, ["int lex(const char *p) {", "}"], [0, 5])
    return lprof.build(dict(profile(fn), modes=modes, load=load))


def big():
    """A profile whose table is far larger than a pipe's buffer."""
    fns = []
    for i in range(200):
        n = 50
        fns.append({"file": "/nonexistent/big.c", "name": "f%d" % i,
                    "first_line": 1 + i * n,
                    "source": "\n".join("line %d of f%d, padded to be long enough" % (j, i)
                                        for j in range(n)),
                    "lines": [[j + 1, 1000 * j] for j in range(n)]})
    return lprof.build(profile(*fns))


def many_lines(functions=40, lines=600):
    """More lines than the HTML page draws at once (20,000): 40 functions
    of 600 lines, each line run, its time rising along the function; the
    last line of each is its hottest."""
    fns = []
    for i in range(functions):
        fns.append({"file": "/nonexistent/many/f%02d.c" % i, "name": "many_%02d" % i,
                    "first_line": 1, "calls": i + 1,
                    "source": "\n".join("  step(%d, %d);  // line %d of many_%02d" % (i, j, j + 1, i)
                                        for j in range(lines)),
                    "lines": [[j + 1, 1000 * (j + 1) * (i + 1)] for j in range(lines)]})
    return lprof.build(profile(*fns))


def many_functions(functions=450):
    """More functions than the HTML page writes into its function table at
    first (200): 450 of three lines, their times all different; every
    seventh was never called (its calls "-" in the table)."""
    fns = []
    for i in range(functions):
        fn = {"file": "/nonexistent/many/m%03d.c" % (i % 30), "name": "fn_%03d" % i,
              "first_line": 1 + (i // 30) * 3,
              "source": "void fn_%03d() {\n  work(%d);\n}" % (i, i),
              "lines": [[0, 0], [i % 11 + 1, 1000 * ((i * 37) % functions + 1)], [0, 0]]}
        if i % 7:
            fn["calls"] = i % 13 + 1
        fns.append(fn)
    return lprof.build(profile(*fns))


# Lines of milliseconds per hit, and one of 0.3 ms: 90% of the lines read
# 1.0 or more in ms, so that is the report's unit.
SLOW = {"file": "/nonexistent/lineprof-test/slow.cpp", "name": "load_all", "first_line": 1,
        "calls": 2, "source": "\n".join(["void load_all() {"]
                                         + ["  load(%d);" % i for i in range(9)]
                                         + ["  log();", "}"]),
        "lines": [[0, 0]] + [[2, 4000000 * (i + 1)] for i in range(9)] + [[2, 600000], [0, 0]]}


# A program built in count mode throughout: hits, no times. lex's lines run
# millions of times; unused never ran (no mode recorded for it).
LEXER = "/nonexistent/lineprof-test/lexer.c"


def count_fn(name, first, calls, source, hits):
    return {"file": LEXER, "name": name, "first_line": first, "calls": calls,
            "modes": 2 if calls else 0, "source": "\n".join(source),
            "lines": [[h, 0] for h in hits], "details": [[0, 0, 0]] * len(hits)}


def count_only(scale=1):
    fns = [count_fn("lex", 1, 1000, ["int lex(const char *p) {",
                                     "  while (is_space(*p)) ++p;",
                                     "  return classify(*p);", "}"],
                    [0, 5000000 * scale, 1000, 0]),
           count_fn("parse", 10, 1, ["void parse() {", "  for (int i = 0; i < 1000; ++i)",
                                     "    lex(input + i);", "}"],
                    [0, 1001, 1000, 0]),
           count_fn("unused", 20, 0, ["void unused() {", "}"], [0, 0])]
    return lprof.build(dict(profile(*fns), modes=2, threads=one_thread(*fns)))


def main():
    kind, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    kinds = {
        "valid": valid,
        "big": big,
        "many-lines": many_lines,
        "many-functions": many_functions,
        "slow": lambda: lprof.build(profile(SLOW)),
        # Count mode only, and the same program after a change that
        # doubled lex's loop.
        "count-only": count_only,
        "count-only-new": lambda: count_only(2),
        # The same run again: summed with "valid", every count doubles.
        "valid-again": valid,
        # is_prime only, counted with a 0.25 ns tick (a 4 GHz TSC): the same
        # tick counts are a quarter of the seconds they are in "valid".
        "is-prime-tsc": lambda: lprof.build(profile(IS_PRIME, seconds_per_tick=0.25e-9)),
        "idle": lambda: lprof.build(profile(IDLE)),
        # What a later 1.x writer may produce: a newer minor version, fields
        # appended to PROG and FUNC bodies, and record types this reader
        # does not know.
        "future-minor": future_minor,
        # is_prime compiled from an edited file: line 7 differs and the body
        # is one line longer.
        "is-prime-edited": lambda: lprof.build(profile(dict(
            IS_PRIME,
            source=IS_PRIME["source"].replace("return true;", "return n > 1;") + "\n// end",
            lines=IS_PRIME["lines"] + [[0, 0]]))),
        # Format 1.1: the functions of "valid" with their call counts.
        "calls": lambda: lprof.build(profile(IS_PRIME_CALLS, COUNT_PRIMES_CALLS, IDLE_CALLS)),
        # "calls" with a per-thread breakdown in two threads.
        "threads": lambda: lprof.build(dict(
            profile(IS_PRIME_CALLS, COUNT_PRIMES_CALLS, IDLE_CALLS), threads=THREADS)),
        # Format 1.2: "threads" with net times and per-thread calls.
        "v12": v12_threads,
        # Format 1.2 in timing mode, without threads, for sums and --diff
        # against the older "calls" and "sieve-new".
        "v12-calls": lambda: lprof.build(dict(profile(
            with_details(IS_PRIME_CALLS), with_details(COUNT_PRIMES_CALLS),
            with_details(IDLE_CALLS, modes=0)), modes=1)),
        "v12-sieve-new": lambda: lprof.build(dict(profile(
            with_details(IS_PRIME_NEW), with_details(COUNT_PRIMES_NEW),
            NEW_HELPER), modes=1)),
        # Every mode: count, sample, region and a mix, with one thread.
        "v12-modes": lambda: lprof.build(dict(
            profile(TALLY, WALK, PARSE, ADD), modes=15,
            threads=one_thread(TALLY, WALK, PARSE, ADD))),
        # Names and source that HTML must escape.
        "markup": lambda: lprof.build(profile({
            "file": "/src/<tmp>/a&b.h", "name": "less<int>::operator()",
            "first_line": 1, "calls": 3,
            "source": 'bool operator()(int a, int b) {\n'
                      '  return a < b && "<script>" != nullptr; // &amp;\n}',
            "lines": [[3, 100], [3, 900], [0, 0]]})),
        # Source and names that are not UTF-8, which the format allows.
        "latin1": lambda: lprof.build(profile({
            "file": b"/src/caf\xe9.c", "name": b"r\xe9sum\xe9", "first_line": 1,
            "source": b"int r\xe9sum\xe9 = 1; // \xff", "lines": [[1, 10]]})),
        # The two sides of an optimisation, for --diff.
        "sieve-base": lambda: lprof.build(profile(IS_PRIME_CALLS, COUNT_PRIMES_CALLS, OLD_HELPER)),
        "sieve-new": lambda: lprof.build(profile(IS_PRIME_NEW, COUNT_PRIMES_NEW, NEW_HELPER)),
        # "calls" with its sources written to the directory ARG as
        # sieve.cpp and util.h (for tools that read them, like
        # callgrind_annotate); ticks of 1 ns, or of the optional second ARG
        # seconds.
        "sieve-on-disk": lambda: sieve_on_disk(*args),
        # Functions snapshotting real source files as they are now:
        # gen.py source-profile OUT SRC:FIRST_LINE:NUM_LINES...
        "source-profile": lambda: source_profile(args),
        # Format 1.5's LOAD record (see load_profile), in timing and in
        # count mode.
        "load": lambda: load_profile(args),
        "load-count": lambda: load_profile(args, modes=2),
    }
    kinds.update({k: (lambda v=v: v) for k, v in broken_kinds().items()})
    kinds.update(mem_kinds.KINDS)
    if kind not in kinds:
        sys.exit("gen.py: unknown kind %r; known: %s" % (kind, ", ".join(sorted(kinds))))
    with open(out, "wb") as f:
        f.write(kinds[kind]())


def sieve_on_disk(directory, tick="1e-9"):
    files = {}
    for fn in (IS_PRIME_CALLS, COUNT_PRIMES_CALLS, IDLE_CALLS):
        base = os.path.basename(fn["file"])
        lines = files.setdefault(base, [])
        first = fn["first_line"]
        while len(lines) < first - 1:
            lines.append("// line %d" % (len(lines) + 1))
        lines[first - 1:] = fn["source"].replace("\r", "").split("\n")
    for base, lines in files.items():
        with open(os.path.join(directory, base), "w") as f:
            f.write("\n".join(lines) + "\n")
    fns = [dict(fn, file=os.path.join(directory, os.path.basename(fn["file"])),
                source=fn["source"].replace("\r", ""))
           for fn in (IS_PRIME_CALLS, COUNT_PRIMES_CALLS, IDLE_CALLS)]
    return lprof.build(profile(*fns, seconds_per_tick=float(tick)))


def source_profile(specs):
    fns = []
    for spec in specs:
        path, first, n = spec.rsplit(":", 2)
        first, n = int(first), int(n)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        fns.append({"file": path, "name": "fn_at_%d" % first, "first_line": first,
                    "source": "\n".join(lines[first - 1:first - 1 + n]),
                    "lines": [[1, 1000]] * n})
    return lprof.build(profile(*fns))


if __name__ == "__main__":
    main()
