// LPROF_INTERVAL=N rewrites the profile every N seconds, atomically like
// the exit write, so a long-running program killed with SIGKILL leaves a
// whole profile at most N seconds old and no temporary file. A value that
// is not a positive number is ignored with one warning.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %python %S/Inputs/kill_check.py 1 3.5 %t.dir %t | FileCheck %s
// CHECK:      files: ok
// CHECK-NEXT: valid: ok
// CHECK-NEXT: rewritten: ok
// CHECK-NEXT: age: ok
//
// RUN: env LPROF_OUTPUT=%t.bad.lprof LPROF_INTERVAL=soon %t once 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: lineprof: warning: ignoring LPROF_INTERVAL='soon': not a positive number of seconds
// BAD-NEXT: once
// BAD-EMPTY:

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
