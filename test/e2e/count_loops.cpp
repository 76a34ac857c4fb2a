// Count mode keeps the hits of a loop that calls nothing in registers, added
// when the loop is left (lineprof_abi.h, __lprof_loop): every way out of it
// (its end, break, continue, return, goto) gives timing mode's exact counts;
// a loop that calls anything, that a jump could enter, or of more than 16
// lines counts in memory. Compiled by GCC: no warning (-Wreturn-type).
//
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
//
// Which loops count in registers: the call-free ones only.
// RUN: lprof-rewrite --mode=count %s -- -std=c++17 -I%S/../../runtime/include | FileCheck %s --check-prefix=REWRITE
//
// Same counts as timing mode, here and on the other end-to-end programs.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/compare_modes.py %t.dir %s -std=c++17 | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/constructs.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/sieve.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/exits.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/unbraced_bodies.cpp -std=c++17 -Wno-dangling-else
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/c_program.c -std=c11 -pedantic -Wdeclaration-after-statement
//
// SAME: count_loops.cpp: same counts (2 functions), 8 loops in registers
#include <cstdio>

[[profile]] int loops(int n, int *table) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 0)
      continue;
    sum += i;
    table[i & 7] = sum;
  }
  for (int i = 0; i < n; ++i)
    if (i == 5)
      break;
  int k = 0;
  while (k < n)
    k += 2;
  do {
    --k;
  } while (k > 0);
  int grid = 0;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < a; ++b)
      grid += a * b;
  for (int i = 0; i < n; ++i)
    if (i == 4)
      goto found;
  sum += 1000;
found:
  for (int i = 0; i < n; ++i)
    std::printf("%s", "");
  for (int i = 0; i < n; ++i) {
    if (i == n - 2)
      return sum + grid;
  }
  return sum;
}

[[profile]] int early(int limit) {
  int steps = 0;
  while (true) {
    if (++steps == limit)
      return steps;
  }
}

int main() {
  int table[8] = {};
  std::printf("%d %d\n", loops(10, table), early(7));
  std::printf("%d %d\n", loops(30, table), early(3));
  return 0;
}


// OUT: 38 7
// OUT-NEXT: 311 3

// CHECK:      Function: loops at line 26
// CHECK-NEXT: 26 - |{{\[\[}}profile]] int loops(int n, int *table) {
// CHECK-NEXT: 27 2 |  int sum = 0;
// CHECK-NEXT: 28 42 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 29 40 |    if (i % 3 == 0)
// CHECK-NEXT: 30 14 |      continue;
// CHECK-NEXT: 31 26 |    sum += i;
// CHECK-NEXT: 32 26 |    table[i & 7] = sum;
// CHECK-NEXT: 33 - |  }
// CHECK-NEXT: 34 12 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 35 12 |    if (i == 5)
// CHECK-NEXT: 36 2 |      break;
// CHECK-NEXT: 37 2 |  int k = 0;
// CHECK-NEXT: 38 22 |  while (k < n)
// CHECK-NEXT: 39 20 |    k += 2;
// CHECK-NEXT: 40 - |  do {
// CHECK-NEXT: 41 40 |    --k;
// CHECK-NEXT: 42 40 |  } while (k > 0);
// CHECK-NEXT: 43 2 |  int grid = 0;
// CHECK-NEXT: 44 10 |  for (int a = 0; a < 4; ++a)
// CHECK-NEXT: 45 20 |    for (int b = 0; b < a; ++b)
// CHECK-NEXT: 46 12 |      grid += a * b;
// CHECK-NEXT: 47 10 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 48 10 |    if (i == 4)
// CHECK-NEXT: 49 2 |      goto found;
// CHECK-NEXT: 50 - |  sum += 1000;
// CHECK-NEXT: 51 2 |found:
// CHECK-NEXT: 52 42 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 53 40 |    std::printf("%s", "");
// CHECK-NEXT: 54 38 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 55 38 |    if (i == n - 2)
// CHECK-NEXT: 56 2 |      return sum + grid;
// CHECK-NEXT: 57 - |  }
// CHECK-NEXT: 58 - |  return sum;
// CHECK-NEXT: 59 - |}
// CHECK:      Function: early at line 61
// CHECK:      63 10 |  while (true) {
// CHECK-NEXT: 64 10 |    if (++steps == limit)
// CHECK-NEXT: 65 2 |      return steps;

// The loop of lines 28-33 keeps its six lines' hits in registers; the
// loop that calls printf counts in memory, and its calling line sets its
// call site (word 34, after the 34 lines' hits).
// REWRITE: {__lprof_loop __lprof_l0 __attribute__((__cleanup__(__lprof_loop_close))) = __lprof_loop_open(&__lprof_f,2,6);for (int i = 0; (__lprof_loop_line(&__lprof_l0,0),i < n); ++i) {
// REWRITE-NEXT: __lprof_loop_line(&__lprof_l0,1);if (i % 3 == 0)
// REWRITE:      __lprof_move(&__lprof_f,26);for (int i = 0; (__lprof_line(&__lprof_f,26),i < n); ++i)
// REWRITE-NEXT: {__lprof_line_at(&__lprof_f,27,34);std::printf("%s", "");}

// Unoptimized, where line probes are calls, not inlined:
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/constructs.cpp -std=c++17 -O0
