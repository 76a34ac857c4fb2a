/* What one timestamp read costs, back to back, the fastest of many runs:
 * the raw TSC, the fenced read lineprof's probes use (__lprof_now() from
 * lineprof_abi.h, compiled in here), and clock_gettime(CLOCK_MONOTONIC).
 * Prints `name ns` lines. */
#define _POSIX_C_SOURCE 200809L
#include "lineprof_abi.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The runtime is not linked: these stand in for its symbols. */
__UINT32_TYPE__ __lprof_clock_fallback;
__UINT64_TYPE__ __lprof_clock_ns(void) { return ns(); }

enum { reads = 10000, runs = 300 };

static uint64_t sink;

__attribute__((noinline)) static double raw_tsc(void) {
  uint64_t start = ns(), s = 0;
  for (int i = 0; i < reads; ++i)
    s += __builtin_ia32_rdtsc();
  sink += s;
  return (double)(ns() - start) / reads;
}

__attribute__((noinline)) static double fenced(void) {
  uint64_t start = ns(), s = 0;
  for (int i = 0; i < reads; ++i)
    s += __lprof_now();
  sink += s;
  return (double)(ns() - start) / reads;
}

__attribute__((noinline)) static double monotonic(void) {
  uint64_t start = ns(), s = 0;
  for (int i = 0; i < reads; ++i)
    s += ns();
  sink += s;
  return (double)(ns() - start) / reads;
}

int main(void) {
  double best[3] = {1e30, 1e30, 1e30};
  for (int r = 0; r < runs; ++r) {
    double t[3] = {raw_tsc(), fenced(), monotonic()};
    for (int k = 0; k < 3; ++k)
      if (t[k] < best[k])
        best[k] = t[k];
  }
  printf("rdtsc %.3f\nfenced %.3f\nclock_gettime %.3f\n", best[0], best[1],
         best[2]);
  return sink == 42;
}
