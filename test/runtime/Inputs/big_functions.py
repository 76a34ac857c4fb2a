"""Profiled functions of many sizes, and the check of their profile.

  big_functions.py source OUT.cpp   writes a C++ program with a [[profile]]
                                    function big_N of N statement lines for
                                    each size below; two threads call each
                                    CALLS times, in opposite orders, and the
                                    heap is exercised after every call (a
                                    runtime overflowing its counter blocks
                                    corrupts it)
  big_functions.py check FILE       prints `big_N: N lines, hits ok` per
                                    function whose every statement line has
                                    exactly 2 * CALLS hits, else what is wrong
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

# Around the registry's boundaries in every mode. A function of N
# statement lines has N + 2 lines (its braces'), so blocks of 8 + 8(N + 2)
# bytes in count mode, 8 + 24(N + 2) in timing mode and about 8 + 32(N + 2)
# in sample mode, against chunks of 4 KiB, 8 KiB, 16 KiB... less a 64-byte
# header, and 16 KiB, past which a block gets a chunk of its own; and the
# sizes of the reported overflows (400, 700, 1,100).
SIZES = [1, 2, 123, 124, 165, 166, 251, 252, 336, 337, 400, 500, 501, 502,
         509, 510, 680, 681, 700, 1013, 1014, 1100, 2037, 2045, 2046, 4000]
CALLS = 3


def source(path):
    out = ["#include <cstdlib>", "#include <thread>", "",
           "volatile int sink;", ""]
    for n in SIZES:
        out.append("[[profile]] void big_%d(int i) {" % n)
        out.extend(["  sink = sink + i;"] * n)
        out.append("}")
        out.append("")
    out.append("using function = void (*)(int);")
    out.append("static const function functions[] = {%s};" %
               ", ".join("big_%d" % n for n in SIZES))
    out.append("static const int count = %d;" % len(SIZES))
    out.append("""
// Allocations of many sizes: glibc checks its chunks' headers as it goes.
static void churn() {
  void *blocks[64];
  for (int i = 0; i < 64; ++i)
    blocks[i] = std::malloc(16 + 97 * i);
  for (int i = 0; i < 64; ++i)
    std::free(blocks[i]);
}

static void run(bool reverse) {
  for (int call = 0; call < %d; ++call)
    for (int k = 0; k < count; ++k) {
      functions[reverse ? count - 1 - k : k](call);
      churn();
    }
}

int main() {
  std::thread other(run, true);
  run(false);
  other.join();
  return 0;
}""" % CALLS)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def check(path):
    profile = lprof.read(path)
    by_name = {fn["name"]: fn for fn in profile["functions"]}
    for n in SIZES:
        fn = by_name.get("big_%d" % n)
        if fn is None:
            print("big_%d: missing" % n)
            continue
        hits = [h for h, _ in fn["lines"]]
        body = hits[1:-1]
        if len(body) != n:
            print("big_%d: %d body lines" % (n, len(body)))
        elif any(h != 2 * CALLS for h in body) or hits[0] or hits[-1]:
            wrong = [i for i, h in enumerate(body) if h != 2 * CALLS]
            print("big_%d: wrong hits on %d lines, first %s" %
                  (n, len(wrong), wrong[:5]))
        else:
            print("big_%d: %d lines, hits ok" % (n, n))


if __name__ == "__main__":
    {"source": source, "check": check}[sys.argv[1]](sys.argv[2])
