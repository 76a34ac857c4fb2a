// Forced-inline C++ functions count calls and hits only in timing and
// sample mode (forced_inline.c): [[gnu::always_inline]] members and
// templates, a constructor's member initializers, a lambda written in one
// (its activations are no calls), a constexpr one (from C++20 too, with the
// probes that step aside during constant evaluation), and __forceinline
// with -fms-extensions. Their callers stay timed.
//
// RUN: %clangxx -std=c++17 -O2 -g -Wall -Wextra -Werror %s %rt -o %t.17
// RUN: rm -f %t.17.lprof && env LPROF_OUTPUT=%t.17.lprof %t.17 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.17.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.17.lprof | FileCheck %s --check-prefix=MODES
// RUN: %clangxx -std=c++20 -O0 -g -Wall -Wextra -Werror %s %rt -o %t.20
// RUN: rm -f %t.20.lprof && env LPROF_OUTPUT=%t.20.lprof %t.20 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.20.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.20.lprof | FileCheck %s --check-prefix=MODES
// RUN: %clangxx -std=c++20 -O2 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=sample -fms-extensions -DFORCEINLINE=__forceinline %s %rt -o %t.ms
// RUN: rm -f %t.ms.lprof && env LPROF_OUTPUT=%t.ms.lprof %t.ms | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.ms.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.ms.lprof | FileCheck %s --check-prefix=MODES
#include <cstdio>

#ifndef FORCEINLINE
#define FORCEINLINE [[gnu::always_inline]] inline
#endif

struct Point {
  int x, y;
  [[profile]] __attribute__((always_inline)) Point(int a, int b)
      : x(a),
        y(b) {
    if (x > y)
      x = y;
  }
  [[profile]] FORCEINLINE int manhattan() const {
    return (x < 0 ? -x : x) +
           (y < 0 ? -y : y);
  }
};

template <typename T> [[profile]] FORCEINLINE T largest(T a, T b) {
  auto pick = [](T u, T v) { return u < v ? v : u; };
  return pick(a, b);
}

[[profile]] constexpr __attribute__((always_inline)) int cube(int v) {
  int r = v * v;
  return r * v;
}
static_assert(cube(3) == 27, "usable in constant expressions");

[[profile]] int walk(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    Point p(i, 1);
    total += p.manhattan();
  }
  total += largest(total, cube(n));
  return total + largest(1.5, 0.5) > 0;
}

int main() {
  std::printf("%d\n", walk(4));
  return 0;
}

// OUT: 1

// CHECK:      Function: Point::Point at line 28
// CHECK-NEXT: 28 - |  {{\[\[}}profile]] __attribute__((always_inline)) Point(int a, int b)
// CHECK-NEXT: 29 4 |      : x(a),
// CHECK-NEXT: 30 4 |        y(b) {
// CHECK-NEXT: 31 4 |    if (x > y)
// CHECK-NEXT: 32 2 |      x = y;
// CHECK-NEXT: 33 - |  }
// CHECK:      Function: Point::manhattan at line 34
// CHECK-NEXT: 34 - |  {{\[\[}}profile]] FORCEINLINE int manhattan() const {
// CHECK-NEXT: 35 4 |    return (x < 0 ? -x : x) +
// CHECK-NEXT: 36 - |           (y < 0 ? -y : y);
// CHECK:      Function: largest at line 40
// CHECK-NEXT: 40 - |template <typename T> {{\[\[}}profile]] FORCEINLINE T largest(T a, T b) {
// CHECK-NEXT: 41 4 |  auto pick = [](T u, T v) { return u < v ? v : u; };
// CHECK-NEXT: 42 2 |  return pick(a, b);
// CHECK:      Function: cube at line 45
// CHECK-NEXT: 45 - |{{\[\[}}profile]] constexpr __attribute__((always_inline)) int cube(int v) {
// CHECK-NEXT: 46 1 |  int r = v * v;
// CHECK-NEXT: 47 1 |  return r * v;
// CHECK:      Function: walk at line 51
// CHECK-NEXT: 51 - |{{\[\[}}profile]] int walk(int n) {
// CHECK-NEXT: 52 1 |  int total = 0;
// CHECK-NEXT: 53 5 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 54 4 |    Point p(i, 1);
// CHECK-NEXT: 55 4 |    total += p.manhattan();
// CHECK-NEXT: 56 - |  }
// CHECK-NEXT: 57 1 |  total += largest(total, cube(n));
// CHECK-NEXT: 58 1 |  return total + largest(1.5, 0.5) > 0;

// Calls are counted: the lambda's activations are not the template's.
// MODES:      Function: Point::Point at line 28
// MODES-NEXT: Mode: forced inline (calls and hits only: {{.*}})
// MODES:      Function: Point::manhattan at line 34
// MODES-NEXT: Mode: forced inline
// MODES:      Function: largest at line 40
// MODES-NEXT: Mode: forced inline
// MODES:      Function: cube at line 45
// MODES-NEXT: Mode: forced inline
// MODES:      Function: walk at line 51
// MODES-NOT:  forced inline
// MODES:      Line #      Hits         Time  Per Hit   % Time  Line Contents
