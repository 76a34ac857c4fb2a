// Regression test: this failed before the fix described below.
// Found in zlib (inflate.c, `case SYNC: /* fallthrough */ default:`).
// A case label whose only statement is the next label, on another line, is
// not a fall-through for -Wimplicit-fallthrough: plain clang stays quiet.
// The label probe is inserted between the two labels (`case 1:probe;
// default:`), which makes `case 1` a non-empty case falling through, so the
// instrumented build warns (and fails with -Werror). Instrumenter.cpp
// instrumentLabel() only shares the probe of a chain of labels on ONE line;
// a chain over several lines needs the same, or a fallthrough attribute
// after the probe.
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -Wimplicit-fallthrough -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

static int classify(int m) {
  switch (m) {
  case 0:
    return 10;
  case 1:
    /* fallthrough */
  case 2:
    /* fallthrough */
  default:
    return 20;
  }
}

int main(void) {
  printf("%d\n", classify(0) + classify(1) + classify(2) + classify(3));
  return 0;
}

// OUT: 70

// CHECK:      Function: classify at line 17
// CHECK-NEXT: 17 - |static int classify(int m) {
// CHECK-NEXT: 18 4 |  switch (m) {
// CHECK-NEXT: 19 1 |  case 0:
// CHECK-NEXT: 20 1 |    return 10;
// CHECK-NEXT: 21 1 |  case 1:
// CHECK-NEXT: 22 - |    /* fallthrough */
// CHECK-NEXT: 23 2 |  case 2:
// CHECK-NEXT: 24 - |    /* fallthrough */
// CHECK-NEXT: 25 3 |  default:
// CHECK-NEXT: 26 3 |    return 20;
// CHECK-NEXT: 27 - |  }
// CHECK-NEXT: 28 - |}
