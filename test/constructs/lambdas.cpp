// Lambdas written in a profiled function show their lines in its table,
// each call an activation of its own, so a predicate passed to an
// algorithm is counted; generic and nested lambdas too.
//
// RUN: %clangxx -std=c++17 -O2 -g -Wall -Wextra -Wshadow -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py
#include <algorithm>
#include <cstdio>
#include <vector>

[[profile]] long evens(const std::vector<int> &v) {
  long n = std::count_if(v.begin(), v.end(), [](int x) {
    return x % 2 == 0;
  });
  auto twice = [](auto x) { return x + x; };
  auto outer = [&](int k) {
    auto inner = [k](int j) {
      return j * k;
    };
    return inner(k) + 1;
  };
  return n + twice(1) + twice(0.5) + outer(3);
}

int main() {
  std::printf("%ld\n", evens({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  return 0;
}

// 5 evens + 2 + 1 + (9 + 1)
// OUT: 18

// CHECK:      Function: evens at line 13
// CHECK-NEXT: 13 - |{{\[\[}}profile]] long evens(const std::vector<int> &v) {
// CHECK-NEXT: 14 1 |  long n = std::count_if(v.begin(), v.end(), [](int x) {
// The predicate runs once per element.
// CHECK-NEXT: 15 10 |    return x % 2 == 0;
// CHECK-NEXT: 16 - |  });
// A lambda written on one line counts its calls there (twice: int, double).
// CHECK-NEXT: 17 3 |  auto twice = [](auto x) { return x + x; };
// CHECK-NEXT: 18 1 |  auto outer = [&](int k) {
// CHECK-NEXT: 19 1 |    auto inner = [k](int j) {
// CHECK-NEXT: 20 1 |      return j * k;
// CHECK-NEXT: 21 - |    };
// CHECK-NEXT: 22 1 |    return inner(k) + 1;
// CHECK-NEXT: 23 - |  };
// CHECK-NEXT: 24 1 |  return n + twice(1) + twice(0.5) + outer(3);
// CHECK-NEXT: 25 - |}
