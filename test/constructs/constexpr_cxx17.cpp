// Before C++20 a constexpr function cannot hold a frame (closing its time
// needs a constexpr destructor), but a statement can count: in C++14 and
// C++17 its calls and hits are counted (count mode: no times), nothing
// runs during constant evaluation, and static_assert on it passes. A
// lambda inside counts hits too (constexpr_lambdas.cpp), on the line.
// C++11 constexpr functions (one return statement) stay a remark.
//
// RUN: %clangxx -std=c++17 -O1 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | FileCheck %s --check-prefix=MODE
// RUN: %clangxx -std=c++14 -O1 -Wall -Wextra -Werror -DCXX14 %s %rt -o %t.14
// RUN: rm -f %t.14.lprof && env LPROF_OUTPUT=%t.14.lprof %t.14
// RUN: %lprof-report %t.14.lprof | %python %inputs/hits.py | FileCheck %s --check-prefix=CXX14
// RUN: %clangxx -std=c++11 -O1 -Wall -Werror -DCXX11 %s %rt -o %t.11 2> %t.remarks
// RUN: FileCheck %s --check-prefix=CXX11 < %t.remarks

#ifdef CXX11
[[profile]] constexpr int square(int x) { return x * x; }
static_assert(square(3) == 9, "usable in constant expressions");
int main() { return square(2) - 4; }
#elif !defined(CXX14)
[[profile]] constexpr int collatz(int n) {
  int steps = 0;
  while (n != 1) {
    if (n % 2 == 0)
      n /= 2;
    else
      n = 3 * n + 1;
    ++steps;
  }
  auto twice = [](int x) { return 2 * x; };
  return twice(steps) / 2;
}
static_assert(collatz(6) == 8, "usable in constant expressions");

int main(int argc, char **) {
  return collatz(6 + argc - 1) + collatz(1) - 8;
}
#endif

#ifdef CXX14 // no constexpr lambdas yet
[[profile]] constexpr int sum_to(int n) {
  int sum = 0;
  for (int i = 1; i <= n; ++i)
    sum += i;
  return sum;
}
static_assert(sum_to(4) == 10, "usable in constant expressions");

int main(int argc, char **) { return sum_to(3 + argc) - 10; }
#endif

// CHECK:      Function: collatz at line 23
// CHECK-NEXT: 23 - |{{\[\[}}profile]] constexpr int collatz(int n) {
// CHECK-NEXT: 24 2 |  int steps = 0;
// CHECK-NEXT: 25 10 |  while (n != 1) {
// CHECK-NEXT: 26 8 |    if (n % 2 == 0)
// CHECK-NEXT: 27 6 |      n /= 2;
// CHECK-NEXT: 28 - |    else
// CHECK-NEXT: 29 2 |      n = 3 * n + 1;
// CHECK-NEXT: 30 8 |    ++steps;
// CHECK-NEXT: 31 - |  }
// CHECK-NEXT: 32 4 |  auto twice = [](int x) { return 2 * x; };
// CHECK-NEXT: 33 2 |  return twice(steps) / 2;
// CHECK-NEXT: 34 - |}

// MODE: Function: collatz at line 23
// MODE-NEXT: Mode: count (hits only, no times)

// CXX14:      Function: sum_to at line 43
// CXX14-NEXT: 43 - |{{\[\[}}profile]] constexpr int sum_to(int n) {
// CXX14-NEXT: 44 1 |  int sum = 0;
// CXX14-NEXT: 45 5 |  for (int i = 1; i <= n; ++i)
// CXX14-NEXT: 46 4 |    sum += i;
// CXX14-NEXT: 47 1 |  return sum;

// CXX11: constexpr_cxx17.cpp:19:{{[0-9]+}}: remark: lineprof: not profiling 'square': constexpr functions are instrumented from C++14 on (a C++11 constexpr function is one return statement)
