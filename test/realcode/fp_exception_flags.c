// Regression test: this failed before the fix described below.
// Found in fmt (test/format-test.cc, float_test.isnan): the test reads the
// floating-point exception flags with fegetexceptflag() and expects none
// to be raised ("Sanity check: make sure no error has occurred before we
// start"); instrumented, the check fails because FE_INEXACT (0x20) is
// already set when main() starts. The program itself never touches
// floating point. The flags are observable program state: the profiler
// must leave them as it found them.
// Root-cause guess: not the rewriter but the runtime's start-up. The flag
// is set before main even when only another, never-called translation
// unit is instrumented, and probes run after feclearexcept() raise
// nothing; the double arithmetic of the overhead calibration
// (runtime/src/calibrate.c, also clock.c __lprof_rt_seconds_per_tick)
// leaves FE_INEXACT behind. It should save the environment with
// fegetenv()/feholdexcept() and restore it with fesetenv() around its
// floating-point work (at start-up and wherever else the runtime computes
// with doubles while the program runs, e.g. sample mode, LPROF_INTERVAL
// snapshots).
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-file='*' %s %rt -lm -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// The same in sample mode (random gaps drawn with doubles while the program
// runs) and with periodic writes (LPROF_INTERVAL parsed with strtod).
// RUN: %clang -std=c11 -O1 -fplugin-arg-lineprof-mode=sample -fplugin-arg-lineprof-file='*' %s %rt -lm -o %t.sample
// RUN: env LPROF_OUTPUT=%t.sample.lprof LPROF_INTERVAL=0.5 %t.sample | FileCheck %s --check-prefix=OUT
#include <fenv.h>
#include <stdio.h>

static int twice(int x) {
  return 2 * x;
}

int main(void) {
  int at_start = fetestexcept(FE_ALL_EXCEPT);
  int r = twice(21);
  printf("flags at start %d, after a call %d, result %d\n", at_start,
         fetestexcept(FE_ALL_EXCEPT), r);
  return 0;
}

// OUT: flags at start 0, after a call 0, result 42

// CHECK:      Function: twice at line 30
// CHECK-NEXT: 30 - |static int twice(int x) {
// CHECK-NEXT: 31 1 |  return 2 * x;
// CHECK-NEXT: 32 - |}
// CHECK:      Function: main at line 34
// CHECK-NEXT: 34 - |int main(void) {
// CHECK-NEXT: 35 1 |  int at_start = fetestexcept(FE_ALL_EXCEPT);
// CHECK-NEXT: 36 1 |  int r = twice(21);
// CHECK-NEXT: 37 1 |  printf("flags at start %d, after a call %d, result %d\n", at_start,
// CHECK-NEXT: 38 - |         fetestexcept(FE_ALL_EXCEPT), r);
// CHECK-NEXT: 39 1 |  return 0;
// CHECK-NEXT: 40 - |}
