// Descriptors of the same function from several translation units (an
// inline function in a header) merge into one FUNC record whose counts are
// the sum; descriptors that differ in file, name, first line or number of
// lines stay apart. This file is compiled twice, as two TUs.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -c %s -o %t.first.o
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -DSECOND_TU -c %s -o %t.second.o
// RUN: %plain-clang %t.first.o %t.second.o %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s

// CHECK:      FUNC helper /src/helper.h:5 lines=3 source=first TU's copy
// CHECK-NEXT:   hits 0 5 0
// CHECK:      FUNC first_only /src/test.c:40 lines=2 source=first_only source
// CHECK-NEXT:   hits 0 1
// CHECK:      FUNC second_only /src/test.c:50 lines=2 source=second_only source
// CHECK-NEXT:   hits 0 1
// CHECK:      FUNC helper /src/helper.h:5 lines=4 source=an edited copy
// CHECK-NEXT:   hits 0 7 0 0
// CHECK:      FUNC helper /src/other.h:5 lines=3 source=same name, other file
// CHECK-NEXT:   hits 0 11 0
// CHECK-NOT:  FUNC

#include "Inputs/instrumented.h"

#define HELPER(source) {"/src/helper.h", "helper", source, 5, 3, 0, 0, 0, 0, 0}

#ifndef SECOND_TU

static __lprof_function fns[] = {
    HELPER("first TU's copy"),
    FUNCTION("first_only", 40, 2),
};
REGISTER(fns)

void second_tu(void);

static void helper(void) {
  ENTER(&fns[0]);
  LINE(1);
}

static void first_only(void) {
  ENTER(&fns[1]);
  LINE(1);
}

int main(void) {
  helper();
  helper();
  first_only();
  second_tu();
  return 0;
}

#else

static __lprof_function fns[] = {
    FUNCTION("second_only", 50, 2),
    HELPER("second TU's copy"),
    {"/src/helper.h", "helper", "an edited copy", 5, 4, 0, 0, 0, 0, 0},
    {"/src/other.h", "helper", "same name, other file", 5, 3, 0, 0, 0, 0, 0},
};
REGISTER(fns)

static void call(__lprof_function *fn, int times) {
  for (int i = 0; i < times; ++i) {
    ENTER(fn);
    LINE(1);
  }
}

void second_tu(void) {
  call(&fns[0], 1);
  call(&fns[1], 3);
  call(&fns[2], 7);
  call(&fns[3], 11);
}

#endif
