// lprof_disable() / lprof_enable(), like line_profiler's profile.disable()
// and enable(): calls of profiled functions that start while profiling is
// disabled are not recorded (nor are regions), in any mode; an activation
// already running when it is disabled records until it returns; enabling
// again records again. Functions registered while disabled start disabled.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=0 %s %rt -o %t.timing
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=1 %s %rt -o %t.count
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=2 %s %rt -o %t.sample
// RUN: env LPROF_OUTPUT=%t.timing.lprof %t.timing
// RUN: env LPROF_OUTPUT=%t.count.lprof %t.count
// RUN: env LPROF_OUTPUT=%t.sample.lprof %t.sample
// RUN: %python %S/Inputs/summary.py --details %t.timing.lprof | FileCheck %s
// RUN: %python %S/Inputs/summary.py --details %t.count.lprof | FileCheck %s
// RUN: %python %S/Inputs/summary.py --details %t.sample.lprof | FileCheck %s

// CHECK:      FUNC work /src/test.c:10 lines=3
// CHECK-NEXT:   hits 0 10 0
// CHECK-NEXT:   ticks
// CHECK-NEXT:   calls=10
// CHECK-NEXT: FUNC outer /src/test.c:20 lines=4
// CHECK-NEXT:   hits 0 1 1 1
// CHECK-NEXT:   ticks
// CHECK-NEXT:   calls=1
// CHECK-NEXT: FUNC phase {{.*}}enable.c:{{[0-9]+}} lines=1 source= lprof_region r = lprof_region_begin("phase");
// CHECK-NEXT:   hits 1
// CHECK-NEXT:   ticks +
// CHECK-NEXT:   calls=1 modes=8
// CHECK-NEXT: FUNC late /src/test.c:30 lines=2
// CHECK-NEXT:   hits 0 1
// CHECK-NEXT:   ticks
// CHECK-NEXT:   calls=1
// CHECK-EMPTY:

#include "Inputs/instrumented.h"
#include "lineprof.h"

static __lprof_function fns[] = {
    FUNCTION("work", 10, 3),
    FUNCTION("outer", 20, 4),
};
REGISTER(fns)

// Registered by its first call, which happens while disabled.
static __lprof_function late_fn = FUNCTION("late", 30, 2);

static void work(int n) {
  for (int i = 0; i < n; ++i) {
    ENTER(&fns[0]);
    LINE(1);
  }
}

static void late(void) {
  ENTER(&late_fn);
  LINE(1);
}

static void region(void) {
  lprof_region r = lprof_region_begin("phase");
  work(0);
  lprof_region_end(&r);
}

// Disables profiling halfway: its own remaining lines still count, the
// calls it makes afterwards do not.
static void outer(void) {
  ENTER(&fns[1]);
  LINE(1);
  lprof_disable();
  LINE(2);
  work(100);
  LINE(3);
}

int main(void) {
  work(3);
  region();
  outer();
  work(5);
  late();
  region();
  lprof_enable();
  work(7);
  late();
  return 0;
}
