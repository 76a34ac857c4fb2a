// Regression test: this failed before the fix described below.
// Found in zlib and every other project built with
// -Wmissing-variable-declarations (common in hardened warning sets). The
// prologue defines one weak descriptor per profiled function
// (`__attribute__((__weak__)) __lprof_function __lprof_fn_<hash> = {...};`)
// without a previous `extern` declaration, so each profiled function adds a
// warning located in `<lineprof probes>`. The prologue (rewriter/lib/
// Prologue.cpp) should declare each descriptor `extern` first, or wrap
// itself in `#pragma clang diagnostic ignored`.
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -Wmissing-variable-declarations -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %clangxx -x c++ -std=c++17 -O1 -Wall -Wextra -Wmissing-variable-declarations -Werror -fplugin-arg-lineprof-file='*' -c %s -o %t.o
#include <stdio.h>

static int twice(int x) {
  return 2 * x;
}

int main(void) {
  printf("%d\n", twice(21));
  return 0;
}

// OUT: 42

// CHECK:      Function: twice at line 17
// CHECK-NEXT: 17 - |static int twice(int x) {
// CHECK-NEXT: 18 1 |  return 2 * x;
// CHECK-NEXT: 19 - |}
// CHECK:      Function: main at line 21
// CHECK-NEXT: 21 - |int main(void) {
// CHECK-NEXT: 22 1 |  printf("%d\n", twice(21));
// CHECK-NEXT: 23 1 |  return 0;
// CHECK-NEXT: 24 - |}
