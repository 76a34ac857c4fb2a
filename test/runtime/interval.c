// LPROF_INTERVAL=N rewrites the profile every N seconds, atomically like
// the exit write, so a long-running program killed with SIGKILL leaves a
// whole profile at most N seconds old and no temporary file. A value that
// is not a positive decimal number (digits, an optional fraction) is
// ignored with one warning: strtod's hexadecimal, exponents and "inf" are
// not seconds.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %python %S/Inputs/kill_check.py 1 3.5 %t.dir %t | FileCheck %s
// CHECK:      files: ok
// CHECK-NEXT: valid: ok
// CHECK-NEXT: rewritten: ok
// CHECK-NEXT: age: ok
//
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=soon %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=soon
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=0x10 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=0x10
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=1e3 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=1e3
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=inf %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=inf
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=-1 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=-1
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=0 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=0
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=0.0 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=0.0
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=. %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=.
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=1.5.5 %t once 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=1.5.5
// RUN: env LPROF_OUTPUT=%t.bad.lprof "LPROF_INTERVAL= 2" %t once 2>&1 | FileCheck %s --check-prefix=BAD "-DVALUE= 2"
// BAD: lineprof: warning: ignoring LPROF_INTERVAL='[[VALUE]]': not a positive decimal number of seconds
// BAD-NEXT: once
// BAD-EMPTY:
// RUN: env LPROF_OUTPUT=%t.good.lprof LPROF_INTERVAL=.5 %t once 2>&1 | FileCheck %s --check-prefix=GOOD
// RUN: env LPROF_OUTPUT=%t.good.lprof LPROF_INTERVAL=3. %t once 2>&1 | FileCheck %s --check-prefix=GOOD
// RUN: env LPROF_OUTPUT=%t.good.lprof LPROF_INTERVAL=0.25 %t once 2>&1 | FileCheck %s --check-prefix=GOOD
// GOOD:      once
// GOOD-EMPTY:

#include "Inputs/instrumented.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static __lprof_function fns[] = {FUNCTION("serve", 10, 3)};
REGISTER(fns)

static volatile unsigned long requests;

static void serve(void) {
  ENTER(&fns[0]);
  LINE(1);
  ++requests;
  struct timespec pause = {0, 1000000};
  nanosleep(&pause, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "once") == 0) {
    serve();
    puts("once");
    return 0;
  }
  for (;;)
    serve();
}
