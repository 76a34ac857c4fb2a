// A crash never leaves a half-written profile: the bytes go to an unnamed
// file that gets a name only when complete. Here the process aborts
// halfway through writing (a testing hook); the previous profile stays
// whole and byte for byte the same, and nothing else is left behind.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LPROF_OUTPUT=%t.dir/prof.lprof %t
// RUN: cp %t.dir/prof.lprof %t.before
// RUN: env LPROF_OUTPUT=%t.dir/prof.lprof LPROF_TEST_CRASH_MID_WRITE=1 %python %S/Inputs/exit_code.py %t | FileCheck %s
// CHECK: exit code: -6
// RUN: cmp %t.dir/prof.lprof %t.before
// RUN: ls -a %t.dir | FileCheck %s --check-prefix=LEFT --match-full-lines
// LEFT:      .
// LEFT-NEXT: ..
// LEFT-NEXT: prof.lprof
// LEFT-EMPTY:
//
// No profile yet: a crash while writing the first one leaves none.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LPROF_OUTPUT=%t.dir/prof.lprof LPROF_TEST_CRASH_MID_WRITE=1 %python %S/Inputs/exit_code.py %t | FileCheck %s
// RUN: ls -a %t.dir | FileCheck %s --check-prefix=NONE --match-full-lines
// NONE:      .
// NONE-NEXT: ..
// NONE-EMPTY:

#include "Inputs/instrumented.h"

static __lprof_function fns[] = {FUNCTION("main", 1, 3)};
REGISTER(fns)

int main(void) {
  ENTER(&fns[0]);
  LINE(1);
  return 0;
}
