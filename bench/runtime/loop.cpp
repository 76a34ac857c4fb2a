// The loop every per-event figure of bench/runtime/run.py is measured on:
// four line events per iteration (the loop condition and three statements),
// well under a nanosecond of work each. One statement stores through a
// pointer the compiler knows nothing about, as most loops do: a counter in
// memory that pointer could reach cannot stay in a register across the
// loop. (LLVM promotes -fprofile-instr-generate's counters anyway, knowing
// that nothing else writes them; lineprof's count mode keeps the hits of a
// loop that calls nothing in a local of its own.)
//
//   loop events N   prints the ns per iteration of kernel(N), the fastest
//                   of 40 runs, and the line events per iteration
//   loop whole N    runs kernel(N) once (for whole-program timing)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifndef PROFILE
#define PROFILE
#endif

PROFILE __attribute__((noinline)) uint64_t kernel(uint64_t n,
                                                 uint64_t *table) {
  uint64_t x = 1, y = 2;
  for (uint64_t i = 0; i < n; ++i) {
    x = x * 6364136223846793005ull + i;
    y ^= x >> 29;
    table[i & 1023] = y;
  }
  return x + y;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  uint64_t n = std::strtoull(argv[2], nullptr, 10);
  uint64_t sink = 0;
  uint64_t *table = new uint64_t[1024]();
  if (std::strcmp(argv[1], "whole") == 0) {
    sink = kernel(n, table);
  } else {
    double best = 1e30;
    for (int rep = 0; rep < 40; ++rep) {
      auto start = std::chrono::steady_clock::now();
      sink += kernel(n, table);
      std::chrono::duration<double, std::nano> took =
          std::chrono::steady_clock::now() - start;
      if (took.count() < best)
        best = took.count();
    }
    std::printf("ns_per_iteration %.4f events_per_iteration 4\n", best / n);
  }
  std::fprintf(stderr, "checksum %llu\n", (unsigned long long)sink);
  return 0;
}
