// Ticks convert to seconds with the file's seconds_per_tick: lines that
// busy-wait for a known time report that time (to 1%), both in a run long
// enough to measure the tick rate and in one so short (~2 ms) that the
// runtime has to spin at exit to measure it. The rate is measured without
// sleeping, from the counter and CLOCK_MONOTONIC read at start and at exit.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t 20000000 > %t.bounds
// RUN: %python %S/Inputs/check_seconds.py %t.lprof %t.bounds | FileCheck %s
// RUN: env LPROF_OUTPUT=%t.short.lprof %t 1000000 > %t.short.bounds
// RUN: %python %S/Inputs/check_seconds.py %t.short.lprof %t.short.bounds | FileCheck %s
//
// Where the CPU has no constant-rate counter the probes read
// CLOCK_MONOTONIC instead (forced here with LPROF_CLOCK): the file says so
// (clock 3, nanosecond ticks) and the times are as right.
// RUN: env LPROF_CLOCK=monotonic LPROF_OUTPUT=%t.mono.lprof %t 20000000 > %t.mono.bounds
// RUN: %python %S/Inputs/check_seconds.py %t.mono.lprof %t.mono.bounds | FileCheck %s
// RUN: %python %S/Inputs/summary.py %t.mono.lprof | FileCheck %s --check-prefix=MONO
// MONO: PROG clock=3 {{.*}} spt=ok

// CHECK: spinner line 1: {{.*}} within
// CHECK: spinner line 3: {{.*}} within

#define _POSIX_C_SOURCE 200809L
#include "Inputs/instrumented.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static __lprof_function fns[] = {FUNCTION("spinner", 1, 6)};
REGISTER(fns)

static uint64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void busy_wait(uint64_t ns) {
  uint64_t deadline = now_ns() + ns;
  while (now_ns() < deadline) {
  }
}

// Each busy line's time runs from its probe to the next one. Those lie
// between `before` and `after`, and `ns` of busy-waiting separate them, so
// the line's time is in [ns, after - before] however the thread is
// scheduled.
static void spinner(uint64_t ns, uint64_t bounds[2][2]) {
  ENTER(&fns[0]);
  uint64_t before = now_ns();
  LINE(1);
  busy_wait(ns);
  LINE(2);
  uint64_t after = now_ns();
  bounds[0][0] += ns;
  bounds[0][1] += after - before;

  for (int i = 0; (LINE(2), i < 4); ++i) {
    before = now_ns();
    LINE(3);
    busy_wait(ns / 4);
    LINE(4);
    after = now_ns();
    bounds[1][0] += ns / 4;
    bounds[1][1] += after - before;
  }
  LINE(5);
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  uint64_t bounds[2][2] = {{0, 0}, {0, 0}};
  spinner(strtoull(argv[1], NULL, 10), bounds);
  printf("bounds spinner 1 %llu %llu\n", (unsigned long long)bounds[0][0],
         (unsigned long long)bounds[0][1]);
  printf("bounds spinner 3 %llu %llu\n", (unsigned long long)bounds[1][0],
         (unsigned long long)bounds[1][1]);
  return 0;
}
