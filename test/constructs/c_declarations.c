// C: a line with a declaration counts through its initializer, so no
// statement precedes a declaration (-Wdeclaration-after-statement stays
// quiet, and C89-style code keeps compiling).
//
// RUN: %clang -std=c11 -O1 -g -Wall -Wextra -pedantic -Wdeclaration-after-statement -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

struct point { int x, y; };

__attribute__((profile)) static int walk(int n) {
  int total = 0;
  int steps;
  struct point p = {n, 2 * n};
  static int calls = 0;
  int i;
  calls++;
  steps = 0;
  for (i = 0; i < n; i++) {
    int sq = i * i;
    total += sq + p.y;
    steps++;
  }
  return total + steps + calls;
}

int main(void) {
  printf("%d\n", walk(3));
  return 0;
}

// 0+1+4 + 3*6 + 3 + 1
// OUT: 27

// CHECK:      Function: walk at line 12
// CHECK-NEXT: 12 - |__attribute__((profile)) static int walk(int n) {
// CHECK-NEXT: 13 1 |  int total = 0;
// No initializer: nothing runs on these lines.
// CHECK-NEXT: 14 - |  int steps;
// CHECK-NEXT: 15 1 |  struct point p = {n, 2 * n};
// CHECK-NEXT: 16 - |  static int calls = 0;
// CHECK-NEXT: 17 - |  int i;
// CHECK-NEXT: 18 1 |  calls++;
// CHECK-NEXT: 19 1 |  steps = 0;
// CHECK-NEXT: 20 4 |  for (i = 0; i < n; i++) {
// CHECK-NEXT: 21 3 |    int sq = i * i;
// CHECK-NEXT: 22 3 |    total += sq + p.y;
// CHECK-NEXT: 23 3 |    steps++;
// CHECK-NEXT: 24 - |  }
// CHECK-NEXT: 25 1 |  return total + steps + calls;
// CHECK-NEXT: 26 - |}
