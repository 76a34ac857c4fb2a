// What a profiled call costs: a profiled function called from a profiled
// line, alternating between two calling lines (so that a per-callee cache
// of the last calling line misses on every other call), against the same
// loop built without instrumentation.
//
//   calls N   prints the ns per call of caller(N), the fastest of 40 runs
//
// bench/runtime/calls.sh builds it plain and with lineprof (timing mode)
// and prints the ns a call adds, measured side by side in one run.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#ifndef PROFILE
#define PROFILE
#endif

PROFILE __attribute__((noinline)) uint64_t callee(uint64_t x) {
  return x * 6364136223846793005ull + 1442695040888963407ull;
}

PROFILE __attribute__((noinline)) uint64_t caller(uint64_t n, int alternate) {
  uint64_t x = 1;
  for (uint64_t i = 0; i < n; ++i) {
    if (alternate && (i & 1))
      x = callee(x);
    else
      x = callee(x ^ i);
  }
  return x;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  uint64_t n = std::strtoull(argv[1], nullptr, 10);
  int alternate = std::atoi(argv[2]);
  uint64_t sink = 0;
  double best = 1e30;
  for (int rep = 0; rep < 40; ++rep) {
    auto start = std::chrono::steady_clock::now();
    sink += caller(n, alternate);
    std::chrono::duration<double, std::nano> took =
        std::chrono::steady_clock::now() - start;
    if (took.count() < best)
      best = took.count();
  }
  std::printf("%.3f\n", best / n);
  std::fprintf(stderr, "checksum %llu\n", (unsigned long long)sink);
  return 0;
}
