// C++ static destructors run before the profile is written, so profiled
// code they call counts: a global's, and a function-local static's (which
// registers its destructor only when first used, late in main).
//
// RUN: %plain-clangxx -std=c++17 -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s

// OUT:      main
// OUT-NEXT: ~Local
// OUT-NEXT: ~Global

// CHECK:      FUNC work /src/test.c:1 lines=2
// CHECK-NEXT:   hits 0 6

#include "Inputs/instrumented.h"

#include <cstdio>

static __lprof_function fns[] = {FUNCTION("work", 1, 2)};
REGISTER(fns)

static void work() {
  ENTER(&fns[0]);
  LINE(1);
}

struct Global {
  ~Global() {
    std::puts("~Global");
    work();
    work();
  }
} global;

struct Local {
  ~Local() {
    std::puts("~Local");
    work();
    work();
    work();
  }
};

int main() {
  std::puts("main");
  work();
  static Local local;
  return 0;
}
