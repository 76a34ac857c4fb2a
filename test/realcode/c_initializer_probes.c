// Regression test: this failed before the fix described below.
// Found in cJSON (cJSON.c, cJSON_Utils.c and its tests: the instrumented
// build stops with errors). In C the line probe of a declaration goes into
// its first initializer, rewritten as `(probe, init)`. That breaks every
// initializer whose form matters, not only its value:
//  - `int *p = 0;` : `(probe, 0)` is no null pointer constant (-Wint-conversion
//    error; the same for `{0, ...}` initializing a pointer member);
//  - `char s[] = "abc";` : an array needs the string literal itself
//    ("array initializer must be an initializer list or string literal");
//  - `int g[2][2] = {{1, 2}, ...}` and arrays of structs: the first element
//    is a braced list, so `(probe, {1, 2})` is a syntax error.
// Root cause: Instrumenter.cpp instrumentDeclaration() -> wrapExpression()
// of the first initializer (one level into an InitListExpr). Wrapping is
// only safe for a scalar, non-null-pointer-constant initializer; otherwise
// a probe that is itself a declaration (e.g. an unused dummy variable
// initialized with `(probe, 0)`) keeps C89 declaration order intact.
//
// RUN: %clang -std=c99 -pedantic -O1 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

struct pair { const char *name; int value; };

static int kinds(int n) {
  int *none = 0;
  char text[] = "abc";
  int grid[2][2] = {{1, 2}, {3, 4}};
  struct pair pairs[1] = {{"x", 5}};
  struct pair p = {0, 6};
  int total = n;
  total += none == 0;
  total += text[1] + grid[1][1] + pairs[0].value + p.value;
  return total;
}

int main(void) {
  printf("%d\n", kinds(1));
  return 0;
}

// 1 + 1 + 'b' (98) + 4 + 5 + 6
// OUT: 115

// CHECK:      Function: kinds at line 25
// CHECK-NEXT: 25 - |static int kinds(int n) {
// CHECK-NEXT: 26 1 |  int *none = 0;
// CHECK-NEXT: 27 1 |  char text[] = "abc";
// CHECK-NEXT: 28 1 |  int grid[2][2] = {{\{\{}}1, 2}, {3, 4}};
// CHECK-NEXT: 29 1 |  struct pair pairs[1] = {{\{\{}}"x", 5}};
// CHECK-NEXT: 30 1 |  struct pair p = {0, 6};
// CHECK-NEXT: 31 1 |  int total = n;
// CHECK-NEXT: 32 1 |  total += none == 0;
// CHECK-NEXT: 33 1 |  total += text[1] + grid[1][1] + pairs[0].value + p.value;
// CHECK-NEXT: 34 1 |  return total;
// CHECK-NEXT: 35 - |}
