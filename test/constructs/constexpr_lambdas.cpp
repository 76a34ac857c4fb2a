// Lambdas written in a function that counts hits only with probes that step
// aside during constant evaluation (a forced-inline constexpr function in
// any standard, a constexpr one in C++17) count their lines in its table,
// hits only, at run time; static_assert on the function still passes. A
// lambda called during constant evaluation counts nothing then.
//
// RUN: %clangxx -std=c++20 -O2 -Wall -Wextra -Werror %s %rt -o %t.20
// RUN: rm -f %t.20.lprof && env LPROF_OUTPUT=%t.20.lprof %t.20 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.20.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.20.lprof | FileCheck %s --check-prefixes=MODES,MODES20
// RUN: %clangxx -std=c++17 -O0 -Wall -Wextra -Werror %s %rt -o %t.17
// RUN: rm -f %t.17.lprof && env LPROF_OUTPUT=%t.17.lprof %t.17 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.17.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.17.lprof | FileCheck %s --check-prefixes=MODES,MODES17
// RUN: %clangxx -std=c++20 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t.count
// RUN: rm -f %t.count.lprof && env LPROF_OUTPUT=%t.count.lprof %t.count | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.count.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>

[[profile]] constexpr __attribute__((always_inline)) int scaled_sum(int n) {
  int total = 0;
  auto scale = [](int x) {
    int y = x * 3;
    return y + 1;
  };
  for (int i = 0; i < n; ++i)
    total += scale(i);
  return total;
}
static_assert(scaled_sum(3) == 12, "usable in constant expressions");

[[profile]] constexpr int doubled(int n) {
  auto twice = [](int x) {
    int y = x + x;
    return y;
  };
  auto outer = [twice](int x) {
    auto inner = [](int z) {
      return z - 1;
    };
    return inner(twice(x));
  };
  return twice(n) + outer(1);
}
static_assert(doubled(2) == 5, "usable in constant expressions");

int main(int argc, char **) {
  std::printf("%d %d\n", scaled_sum(argc + 3), doubled(argc));
  return 0;
}

// OUT: 22 3

// CHECK:      Function: scaled_sum at line 20
// CHECK-NEXT: 20 - |{{\[\[}}profile]] constexpr __attribute__((always_inline)) int scaled_sum(int n) {
// CHECK-NEXT: 21 1 |  int total = 0;
// CHECK-NEXT: 22 1 |  auto scale = [](int x) {
// CHECK-NEXT: 23 4 |    int y = x * 3;
// CHECK-NEXT: 24 4 |    return y + 1;
// CHECK-NEXT: 25 - |  };
// CHECK-NEXT: 26 5 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 27 4 |    total += scale(i);
// CHECK-NEXT: 28 1 |  return total;
// CHECK-NEXT: 29 - |}

// CHECK:      Function: doubled at line 32
// CHECK-NEXT: 32 - |{{\[\[}}profile]] constexpr int doubled(int n) {
// CHECK-NEXT: 33 1 |  auto twice = [](int x) {
// CHECK-NEXT: 34 2 |    int y = x + x;
// CHECK-NEXT: 35 2 |    return y;
// CHECK-NEXT: 36 - |  };
// CHECK-NEXT: 37 1 |  auto outer = [twice](int x) {
// CHECK-NEXT: 38 1 |    auto inner = [](int z) {
// CHECK-NEXT: 39 1 |      return z - 1;
// CHECK-NEXT: 40 - |    };
// CHECK-NEXT: 41 1 |    return inner(twice(x));
// CHECK-NEXT: 42 - |  };
// CHECK-NEXT: 43 1 |  return twice(n) + outer(1);
// CHECK-NEXT: 44 - |}

// MODES:      Function: scaled_sum at line 20
// MODES-NEXT: Mode: forced inline
// MODES:      Function: doubled at line 32
// MODES17-NEXT: Mode: count (hits only, no times)
// MODES20-NOT:  Mode:
// MODES20:      Line #      Hits         Time
