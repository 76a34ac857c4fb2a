// Compile-time code stays compile-time: an explicitly constexpr lambda and
// constexpr/consteval functions keep working in constant expressions (the
// functions are left alone, with a remark), `if consteval` branches get no
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

// REMARK: remark: lineprof: not profiling 'square' ({{.*}}compile_time.cpp:12): constexpr functions are not instrumented yet
// REMARK: remark: lineprof: not profiling 'cube' ({{.*}}compile_time.cpp:13): consteval functions run only at compile time

// OUT: 16 1 10 1

// CHECK-NOT:  Function: square
// CHECK:      Function: kind at line 16
// CHECK-NEXT: 16 - |template <typename T> {{\[\[}}profile]] int kind(T value) {
// CHECK-NEXT: 17 2 |  constexpr auto twice = [](int v) constexpr { return 2 * v; };
// CHECK-NEXT: 18 - |  static_assert(twice(4) == 8);
// CHECK-NEXT: 19 2 |  if constexpr (sizeof(T) == 1)
// CHECK-NEXT: 20 1 |    return 1;
// CHECK-NEXT: 21 - |  else
// CHECK-NEXT: 22 1 |    return twice(static_cast<int>(value));
// CHECK-NEXT: 23 - |}
// CHECK:      Function: when at line 25
// CHECK-NEXT: 25 - |{{\[\[}}profile]] int when() {
// CHECK-NEXT: 26 1 |  if consteval {
// CHECK-NEXT: 27 - |    return 0;
// CHECK-NEXT: 28 - |  } else {
// CHECK-NEXT: 29 1 |    return 1;
// CHECK-NEXT: 30 - |  }
// CHECK-NEXT: 31 - |}
