// Regression test: this failed before the fix described below.
// Warnings that instrumentation adds to C code, with flags real C projects
// use (cJSON's list has carried -Wunused-macros and
// -Wused-but-marked-unused): the prologue `<lineprof probes>` defines macros
// it never uses (-Wunused-macros), and its probe functions are declared
// `__attribute__((__unused__))` but are called on the user's lines
// (-Wused-but-marked-unused, one warning per probe call).
// The prologue should silence its own diagnostics (pragmas), define only
// what it uses (or #undef), and not mark called functions unused (e.g.
// `static inline` alone does not warn in C).
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -pedantic -Wunused-macros -Wused-but-marked-unused -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

static int next(int x) {
  return x + 1;
}

int main(void) {
  printf("%d\n", next(41));
  return 0;
}

// OUT: 42

// CHECK:      Function: next at line 17
// CHECK-NEXT: 17 - |static int next(int x) {
// CHECK-NEXT: 18 1 |  return x + 1;
// CHECK-NEXT: 19 - |}
