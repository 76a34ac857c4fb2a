// Exact hits per line, a function that never runs, the PROG record, and a
// program whose stdout and exit status the runtime must leave alone.
//
// RUN: %plain-clang -std=c11 -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof
// RUN: env LPROF_OUTPUT=%t.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s --match-full-lines
// RUN: %lprof-py dump %t.lprof | FileCheck %s --check-prefix=DUMP

#include "Inputs/instrumented.h"

#include <stdio.h>

static __lprof_function fns[] = {
    FUNCTION("sum", 10, 6),
    FUNCTION("never", 20, 3),
    FUNCTION("collatz", 30, 9),
};
REGISTER(fns)

static int sum(int n) {
  ENTER(&fns[0]);
  LINE(1);
  int total = 0;
  for (int i = 0; (LINE(2), i < n); ++i) {
    LINE(3);
    total += i;
  }
  LINE(4);
  return total;
}

static int collatz(int n) {
  ENTER(&fns[2]);
  LINE(1);
  int steps = 0;
  while ((LINE(2), n != 1)) {
    LINE(3);
    if (n % 2) {
      LINE(4);
      n = 3 * n + 1;
    } else {
      LINE(5);
      n /= 2;
    }
    LINE(6);
    ++steps;
  }
  LINE(7);
  return steps;
}

int main(void) {
  printf("sum %d %d\n", sum(100), sum(0));
  printf("collatz %d %d\n", collatz(6), collatz(1));
  return 3;
}

// OUT:      sum 4950 0
// OUT-NEXT: collatz 8 0
// OUT-NEXT: exit code: 3
// OUT-EMPTY:

// CHECK:      PROG clock={{[123]}} pid={{[1-9][0-9]*}} program=basic.c.tmp spt=ok time=ok
// CHECK-NEXT: FUNC sum /src/test.c:10 lines=6 source=sum source
// CHECK-NEXT:   hits 0 2 102 100 2 0
// CHECK-NEXT:   ticks 0 {{[0+]}} + + {{[0+]}} 0
// CHECK-NEXT: FUNC never /src/test.c:20 lines=3 source=never source
// CHECK-NEXT:   hits 0 0 0
// CHECK-NEXT:   ticks 0 0 0
// CHECK-NEXT: FUNC collatz /src/test.c:30 lines=9 source=collatz source
// CHECK-NEXT:   hits 0 2 10 8 2 6 8 2 0
// CHECK-NEXT:   ticks 0 {{[0+]}} + + {{[0+]}} + + {{[0+]}} 0
// CHECK-EMPTY:

// DUMP:      "version": [
// DUMP-NEXT:   1,
// DUMP-NEXT:   5
// DUMP:      "name": "sum",
// DUMP-NEXT: "first_line": 10,
// DUMP:      "seconds_per_tick": {{[0-9.e-]+}},
// DUMP-NEXT: "clock": {{[123]}},
// DUMP:      "program": "{{/.*}}/basic.c.tmp"
