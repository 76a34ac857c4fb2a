// Compile-time code stays compile-time: constexpr functions and lambdas
// keep working in constant expressions and count only their run-time calls
// (their probes step aside during constant evaluation), consteval
// functions are left alone with a remark, `if consteval` branches get no
// probes, and a discarded `if constexpr` branch counts nothing.
//
// RUN: %clangxx -std=c++2b -O1 -g -Wall -Wextra -Werror %s %rt -o %t 2> %t.remarks
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>

[[profile]] constexpr int square(int x) { return x * x; }
[[profile]] consteval int cube(int x) { return x * x * x; }
static_assert(square(3) == 9 && cube(2) == 8);

template <typename T> [[profile]] int kind(T value) {
  constexpr auto twice = [](int v) constexpr { return 2 * v; };
  static_assert(twice(4) == 8);
  if constexpr (sizeof(T) == 1)
    return 1;
  else
    return twice(static_cast<int>(value));
}

[[profile]] int when() {
  if consteval {
    return 0;
  } else {
    return 1;
  }
}

int main() {
  std::printf("%d %d %d %d\n", square(4), kind('a'), kind(5), when());
  return 0;
}

// REMARK-NOT: 'square'
// REMARK: compile_time.cpp:14:{{[0-9]+}}: remark: lineprof: not profiling 'cube': consteval functions run only at compile time
// REMARK-NOT: remark:

// OUT: 16 1 10 1

// The static_assert's evaluation counts nothing; main's call counts.
// CHECK:      Function: square at line 13
// CHECK-NEXT: 13 1 |{{\[\[}}profile]] constexpr int square(int x) { return x * x; }
// CHECK-NOT:  Function: cube
// CHECK:      Function: kind at line 17
// CHECK-NEXT: 17 - |template <typename T> {{\[\[}}profile]] int kind(T value) {
// Two declarations, one run-time call of the lambda (kind<int>).
// CHECK-NEXT: 18 3 |  constexpr auto twice = [](int v) constexpr { return 2 * v; };
// CHECK-NEXT: 19 - |  static_assert(twice(4) == 8);
// CHECK-NEXT: 20 2 |  if constexpr (sizeof(T) == 1)
// CHECK-NEXT: 21 1 |    return 1;
// CHECK-NEXT: 22 - |  else
// CHECK-NEXT: 23 1 |    return twice(static_cast<int>(value));
// CHECK-NEXT: 24 - |}
// CHECK:      Function: when at line 26
// CHECK-NEXT: 26 - |{{\[\[}}profile]] int when() {
// CHECK-NEXT: 27 1 |  if consteval {
// CHECK-NEXT: 28 - |    return 0;
// CHECK-NEXT: 29 - |  } else {
// CHECK-NEXT: 30 1 |    return 1;
// CHECK-NEXT: 31 - |  }
// CHECK-NEXT: 32 - |}
