// Known-cost work for the accuracy tests (not a test itself: lit skips .h).
#ifndef RUNTIME_TEST_COMMON_H
#define RUNTIME_TEST_COMMON_H

#include <lineprof.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

// N dependent multiply-xor steps: about N cycles' worth the compiler
// cannot shorten or overlap.
template <int N> inline __attribute__((always_inline)) uint64_t chain(uint64_t x) {
  for (int i = 0; i < N; ++i) {
    x = (x * 0x9E3779B97F4A7C15ull) ^ (x >> 7);
    __asm__ __volatile__("" : "+r"(x));
  }
  return x;
}

inline uint64_t now_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// The uninstrumented time of f, per call, in a loop like the profiled one,
// measured next to the profiled code so both see the same machine: the
// fastest of a few repetitions (for figures compared burst by burst, where
// medians already leave other load out), or their median (`typical`, for
// sample mode's estimates, which average over whatever the machine did).
template <typename F>
double plain_ns(F f, int repetitions = 10, bool typical = false) {
  double times[200];
  uint64_t x = 1;
  if (repetitions > 200)
    repetitions = 200;
  for (int rep = 0; rep < repetitions; ++rep) {
    uint64_t start = now_ns();
    for (int i = 0; i < 200; ++i)
      x = f(x);
    times[rep] = (double)(now_ns() - start) / 200;
    __asm__ __volatile__("" : "+r"(x));
  }
  std::sort(times, times + repetitions);
  return typical ? times[repetitions / 2] : times[0];
}

inline uint64_t ticks() {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return now_ns();
#endif
}

// Busy-waits `length` ticks of the profile's clock (the TSC here); returns
// how long it took, which a preemption can make longer.
__attribute__((noinline)) inline uint64_t spin_ticks(uint64_t length) {
  uint64_t start = ticks(), now = start;
  while (now - start < length)
    now = ticks();
  return now - start;
}

// Runs burst(k) `bursts` times, each followed by a profile dump to
// "$LPROF_OUTPUT.<k>", and tells check_lines.py how many there are.
template <typename F> void in_bursts(int bursts, F burst) {
  const char *output = std::getenv("LPROF_OUTPUT");
  std::string base = output ? output : "bursts.lprof";
  for (int k = 0; k < bursts; ++k) {
    burst(k);
    setenv("LPROF_OUTPUT", (base + "." + std::to_string(k)).c_str(), 1);
    lprof_dump();
  }
  setenv("LPROF_OUTPUT", base.c_str(), 1);
  std::printf("bursts %d\n", bursts);
}

#endif
