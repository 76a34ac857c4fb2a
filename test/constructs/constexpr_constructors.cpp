// A constexpr constructor's member initializers count on their lines at run
// time (C++20: in the unit's mode; C++17: hits only), and nothing happens
// when the compiler evaluates the constructor: static_assert still passes.
//
// RUN: %clangxx -std=c++20 -O1 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %clangxx -std=c++17 -O1 -Wall -Wextra -Werror %s %rt -o %t.17
// RUN: rm -f %t.17.lprof && env LPROF_OUTPUT=%t.17.lprof %t.17
// RUN: %lprof-report %t.17.lprof | %python %inputs/hits.py | FileCheck %s

struct Point {
  int x, y;
  [[profile]] constexpr Point(int a, int b)
      : x(a * 2),
        y{b + 1} {
    x += y;
  }
};

constexpr Point origin(0, 0);
static_assert(origin.x == 1 && origin.y == 1, "usable in constant expressions");

int main(int argc, char **) {
  Point p(argc, 2), q(3, argc);
  return p.x + q.y == 7 ? 0 : 1;
}

// CHECK:      Function: Point::Point at line 14
// CHECK-NEXT: 14 - |  {{\[\[}}profile]] constexpr Point(int a, int b)
// CHECK-NEXT: 15 2 |      : x(a * 2),
// CHECK-NEXT: 16 2 |        y{b + 1} {
// CHECK-NEXT: 17 2 |    x += y;
// CHECK-NEXT: 18 - |  }
