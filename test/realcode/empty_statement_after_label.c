// Regression test: this failed before the fix described below.
// Found in zlib (gzlib.c `default: ;`, inflate.c `case 0: Tracev((...));`
// with Tracev defined empty). A null statement that is the statement of a
// label is fine for -Wextra-semi-stmt, as is a `;` right after a macro
// that expands to nothing. The label probe is inserted right before that
// `;` (after the empty macro: `Tracev((...))__lprof_line(...);;`), which
// leaves a stray `;` of its own: new -Wextra-semi-stmt warnings. Root cause:
// Instrumenter.cpp instrumentLabel() inserts at insertionPointBefore(Sub)
// instead of right after the label's colon; the sub-statement here is the
// NullStmt, which starts after the empty macro.
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -Wextra-semi-stmt -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

#define TRACE(x)

static int step(int m) {
  switch (m) {
  case 0:
    TRACE(("zero\n"));
    m = 5;
    break;
  default:
    ;
  }
  return m;
}

int main(void) {
  printf("%d\n", step(0) + step(1));
  return 0;
}

// OUT: 6

// CHECK:      Function: step at line 19
// CHECK-NEXT: 19 - |static int step(int m) {
// CHECK-NEXT: 20 2 |  switch (m) {
// CHECK-NEXT: 21 1 |  case 0:
// CHECK-NEXT: 22 - |    TRACE(("zero\n"));
// CHECK-NEXT: 23 1 |    m = 5;
// CHECK-NEXT: 24 1 |    break;
// CHECK-NEXT: 25 1 |  default:
// CHECK-NEXT: 26 - |    ;
// CHECK-NEXT: 27 - |  }
// CHECK-NEXT: 28 2 |  return m;
// CHECK-NEXT: 29 - |}
