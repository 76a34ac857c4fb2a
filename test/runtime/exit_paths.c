// The profile is written at normal exit however it happens (exit() from
// deep inside a profiled function here), after atexit handlers and other
// destructors, so profiled code they call is counted.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s

// OUT:      main
// OUT-NEXT: atexit handler
// OUT-NEXT: destructor
// OUT-NEXT: exit code: 6
// OUT-EMPTY:

// CHECK:      FUNC work /src/test.c:1 lines=2
// CHECK-NEXT:   hits 0 4
// CHECK:      FUNC leave /src/test.c:10 lines=4
// CHECK-NEXT:   hits 0 1 1 0

#include "Inputs/instrumented.h"

#include <stdio.h>
#include <stdlib.h>

static __lprof_function fns[] = {FUNCTION("work", 1, 2),
                                 FUNCTION("leave", 10, 4)};
REGISTER(fns)

static void work(void) {
  ENTER(&fns[0]);
  LINE(1);
}

static void at_exit(void) {
  puts("atexit handler");
  work();
}

__attribute__((destructor)) static void destructor(void) {
  puts("destructor");
  work();
  work();
}

static void leave(int status) {
  ENTER(&fns[1]);
  LINE(1);
  fflush(stdout);
  LINE(2);
  exit(status);
}

int main(void) {
  atexit(at_exit);
  puts("main");
  work();
  leave(6);
}
