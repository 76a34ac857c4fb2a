// The three probe modes count the same hits exactly: timing (every line
// interval timed), count (hits only: no ticks) and sample (a random subset
// of intervals timed, and every interval of a line's first 16 hits, so
// that rarely run lines get a time too). The FUNC record says which mode
// measured the function and which lines' times are estimates (weighted: the
// lines with more than 16 hits; no hit count here is 16 + 64k, the one
// kind of weight sum that could equal the hits).
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=0 %s %rt -o %t.timing
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=1 %s %rt -o %t.count
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=2 %s %rt -o %t.sample
// RUN: env LPROF_OUTPUT=%t.timing.lprof %t.timing | FileCheck %s --check-prefix=OUT
// RUN: env LPROF_OUTPUT=%t.count.lprof %t.count | FileCheck %s --check-prefix=OUT
// RUN: env LPROF_OUTPUT=%t.sample.lprof %t.sample | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py --details %t.timing.lprof | FileCheck %s --check-prefixes=CHECK,TIMING
// RUN: %python %S/Inputs/summary.py --details %t.count.lprof | FileCheck %s --check-prefixes=CHECK,COUNT
// RUN: %python %S/Inputs/summary.py --details %t.sample.lprof | FileCheck %s --check-prefixes=CHECK,SAMPLE

// OUT: total 666656666700005 steps 111

// TIMING:     PROG {{.*}} modes=1
// COUNT:      PROG {{.*}} modes=2
// SAMPLE:     PROG {{.*}} modes=4
// CHECK:      FUNC sum /src/test.c:10 lines=6 source=sum source
// CHECK-NEXT:   hits 0 3 200006 200003 3 0
// TIMING-NEXT:  ticks 0 + + + + 0
// COUNT-NEXT:   ticks 0 0 0 0 0 0
// SAMPLE-NEXT:  ticks 0 + + + + 0
// TIMING-NEXT:  calls=3 modes=1 weighted 0 0 0 0 0 0
// COUNT-NEXT:   calls=3 modes=2 weighted 0 0 0 0 0 0
// SAMPLE-NEXT:  calls=3 modes=4 weighted 0 0 w w 0 0
// CHECK-NEXT: FUNC collatz /src/test.c:20 lines=9 source=collatz source
// CHECK-NEXT:   hits 0 1 112 111 41 0 70 111 1
// TIMING-NEXT:  ticks 0 + + + + 0 + + +
// COUNT-NEXT:   ticks 0 0 0 0 0 0 0 0 0
// SAMPLE-NEXT:  ticks 0 + + + + 0 + + +
// TIMING-NEXT:  calls=1 modes=1 weighted 0 0 0 0 0 0 0 0 0
// COUNT-NEXT:   calls=1 modes=2 weighted 0 0 0 0 0 0 0 0 0
// SAMPLE-NEXT:  calls=1 modes=4 weighted 0 0 w w w 0 w w 0
// CHECK-NEXT: FUNC never /src/test.c:40 lines=2 source=never source
// CHECK-NEXT:   hits 0 0
// CHECK-NEXT:   ticks 0 0
// CHECK-NEXT:   calls=0 modes=0 weighted 0 0
// CHECK-EMPTY:

#include "Inputs/instrumented.h"

#include <stdio.h>

static __lprof_function fns[] = {
    FUNCTION("sum", 10, 6),
    FUNCTION("collatz", 20, 9),
    FUNCTION("never", 40, 2),
};
REGISTER(fns)

static unsigned long long sum(int n) {
  ENTER(&fns[0]);
  LINE(1);
  unsigned long long total = 0;
  for (int i = 0; (LINE(2), i < n); ++i) {
    LINE(3);
    total += (unsigned long long)i * i;
  }
  LINE(4);
  return total;
}

static int collatz(unsigned n) {
  ENTER(&fns[1]);
  LINE(1);
  int steps = 0;
  while ((LINE(2), n != 1)) {
    LINE(3);
    if (n % 2) {
      LINE(4);
      n = 3 * n + 1;
    } else {
      LINE(6);
      n /= 2;
    }
    LINE(7);
    ++steps;
  }
  LINE(8);
  return steps;
}

int main(void) {
  unsigned long long total = sum(100000) + sum(100000) + sum(3);
  printf("total %llu steps %d\n", total, collatz(27));
  return 0;
}
