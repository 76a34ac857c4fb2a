// [[profile]] on a lambda, in each place Clang takes an attribute on one:
// before the parameters (C++23, an extension before), `[[lineprof::profile]]`
// there, and GNU `__attribute__((profile))` after them. A marked lambda in a
// function that is not profiled gets a table of its own, named after where
// it is written; each call is one call of it. In a profiled function its
// lines are in that function's table already.
//
// RUN: %clangxx -std=c++17 -O0 -g -Wall -Wextra -Werror -Wno-c++2b-extensions -fplugin-arg-lineprof-remarks=all %s %rt -o %t0 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: rm -f %t0.lprof && env LPROF_OUTPUT=%t0.lprof %t0 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t0.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t0.lprof | %python %inputs/check_report.py
// RUN: %clangxx -std=c++17 -O2 -g -Wall -Wextra -Werror -Wno-c++2b-extensions %s %rt -o %t2
// RUN: rm -f %t2.lprof && env LPROF_OUTPUT=%t2.lprof %t2 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t2.lprof | %python %inputs/hits.py | FileCheck %s
// From C++20 on the probes step aside during constant evaluation, and the
// constexpr lambda is profiled too.
// RUN: %clangxx -std=c++2b -O2 -g -Wall -Wextra -Werror %s %rt -o %t23
// RUN: rm -f %t23.lprof && env LPROF_OUTPUT=%t23.lprof %t23 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t23.lprof | %python %inputs/hits.py | FileCheck %s --check-prefixes=CHECK,CXX20
//
// After the parameters a [[...]] attribute appertains to the call
// operator's type, and Clang rejects every declaration attribute there
// (its own [[noreturn]] too) before a plugin sees it: write it before the
// parameters, or as __attribute__((profile)) after them.
// RUN: not %clangxx -std=c++17 -fsyntax-only -DTYPE_POSITION %s 2>&1 | FileCheck %s --check-prefix=TYPE
#include <algorithm>
#include <cstdio>
#include <vector>

#ifdef TYPE_POSITION
// TYPE: lambda_attributes.cpp:[[@LINE+1]]:26: error: 'profile' attribute cannot be applied to types
auto typed = [](int x) [[profile]] { return x; };
#endif

auto square = [] [[profile]] (int x) {
  return x * x;
};

long plain(const std::vector<int> &v) {
  long n = std::count_if(v.begin(), v.end(), [] [[profile]] (int x) {
    return x % 3 == 0;
  });
  auto sum = [](int k) __attribute__((profile)) {
    int s = 0;
    for (int i = 0; i < k; ++i)
      s += i;
    return s;
  };
  auto seven = [] [[lineprof::profile]] {
    return 7;
  };
  auto twice = [] [[profile]] (auto x) {
    auto add = [](auto a, auto b) {
      return a + b;
    };
    return add(x, x);
  };
  // REMARK-NOT: remark
  // REMARK: lambda_attributes.cpp:[[@LINE+1]]:16: remark: lineprof: not profiling 'plain::(lambda at line [[@LINE+1]])': a constexpr lambda is profiled from C++20 on
  auto eight = [] [[profile]] () constexpr {
    return 8;
  };
  static_assert(eight() == 8, "still a constant expression");
  return n + sum(4) + seven() + twice(1) + static_cast<long>(twice(0.5)) +
         eight();
}

[[profile]] int profiled(int k) {
  auto inc = [] [[profile]] (int x) {
    return x + 1;
  };
  return inc(k) + inc(k);
}

int main() {
  std::printf("%ld %d %d\n", plain({1, 2, 3, 4, 5, 6, 7, 8, 9}), square(5),
              profiled(1));
  return 0;
}

// 3 multiples of 3 + 6 + 7 + 2 + 1 + 8
// OUT: 27 25 4

// CHECK:      Function: square::(lambda at line 35) at line 35
// CHECK-NEXT: 35 - |auto square = {{\[\] \[\[}}profile]] (int x) {
// CHECK-NEXT: 36 1 |  return x * x;
// CHECK-NEXT: 37 - |};
// CHECK-NEXT: Function: plain::(lambda at line 40) at line 40
// CHECK-NEXT: 40 - |  long n = std::count_if(v.begin(), v.end(), {{\[\] \[\[}}profile]] (int x) {
// CHECK-NEXT: 41 9 |    return x % 3 == 0;
// CHECK-NEXT: 42 - |  });
// CHECK-NEXT: Function: plain::(lambda at line 43) at line 43
// CHECK-NEXT: 43 - |  auto sum = [](int k) __attribute__((profile)) {
// CHECK-NEXT: 44 1 |    int s = 0;
// CHECK-NEXT: 45 5 |    for (int i = 0; i < k; ++i)
// CHECK-NEXT: 46 4 |      s += i;
// CHECK-NEXT: 47 1 |    return s;
// CHECK-NEXT: 48 - |  };
// CHECK-NEXT: Function: plain::(lambda at line 49) at line 49
// CHECK-NEXT: 49 - |  auto seven = {{\[\] \[\[}}lineprof::profile]] {
// CHECK-NEXT: 50 1 |    return 7;
// CHECK-NEXT: 51 - |  };
// A generic lambda's instantiations share its table; the lambda inside it
// is counted there, each call an activation of its own.
// CHECK-NEXT: Function: plain::(lambda at line 52) at line 52
// CHECK-NEXT: 52 - |  auto twice = {{\[\] \[\[}}profile]] (auto x) {
// CHECK-NEXT: 53 2 |    auto add = [](auto a, auto b) {
// CHECK-NEXT: 54 2 |      return a + b;
// CHECK-NEXT: 55 - |    };
// CHECK-NEXT: 56 2 |    return add(x, x);
// CHECK-NEXT: 57 - |  };
// CXX20-NEXT: Function: plain::(lambda at line 60) at line 60
// CXX20-NEXT: 60 - |  auto eight = {{\[\] \[\[}}profile]] () constexpr {
// CXX20-NEXT: 61 1 |    return 8;
// CXX20-NEXT: 62 - |  };
// A marked lambda in a profiled function: in the function's table only.
// CHECK-NEXT: Function: profiled at line 68
// CHECK-NEXT: 68 - |{{\[\[}}profile]] int profiled(int k) {
// CHECK-NEXT: 69 1 |  auto inc = {{\[\] \[\[}}profile]] (int x) {
// CHECK-NEXT: 70 2 |    return x + 1;
// CHECK-NEXT: 71 - |  };
// CHECK-NEXT: 72 1 |  return inc(k) + inc(k);
// CHECK-NEXT: 73 - |}
// CHECK-NOT:  Function:
