// Call edges (format 1.5) in the callgrind export: exact call counts per
// calling line and callee; a recursive call inside a running activation
// carries its count and no time; a lambda's activations (a std::sort
// comparator) are calls of the enclosing function from the std::sort line;
// threads' edges add up. callgrind_annotate --inclusive=yes gives the
// calls from outside profiled code the run's total, and each called
// function the sum of its calls' costs.
//
// RUN: %clangxx -std=c++17 -O1 -g -pthread %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report --format=callgrind --raw -o %t.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | FileCheck %s
// The net variant has the same calls. (Its totals are not checked: net of
// the calibrated probe costs, call-heavy lines are over-compensated and
// clamped at 0 line by line, see docs/report.md.)
// RUN: %lprof-report --format=callgrind -o %t.net.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.net.callgrind > %t.net.annotated
// RUN: %python %inputs/check_calls.py %t.net.callgrind %t.net.annotated | grep '^edge' > %t.net.edges
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | grep '^edge' | diff - %t.net.edges
#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

[[profile]] bool is_odd(unsigned n);
[[profile]] bool is_even(unsigned n) {
  return n == 0 ? true : is_odd(n - 1);
}
[[profile]] bool is_odd(unsigned n) {
  return n == 0 ? false : is_even(n - 1);
}

[[profile]] long square(long x) { return x * x; }
[[profile]] long first_caller(long x) {
  return square(x) + square(x + 1);
}
[[profile]] long second_caller(long x) {
  long sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += square(x + i);
  return sum;
}

[[profile]] int sorter(std::vector<int> v) {
  std::sort(v.begin(), v.end(), [](int a, int b) {
    return a > b;
  });
  return v.front();
}

[[profile]] long work(int n) {
  return fib(n) + square(n);
}

int main() {
  long total = fib(12);
  total += is_even(10);
  total += first_caller(2) + second_caller(3);
  total += sorter({5, 3});
  long a = 0, b = 0;
  std::thread t1([&] { a = work(10); });
  std::thread t2([&] { b = work(10); });
  t1.join();
  t2.join();
  std::printf("%ld %ld %ld\n", total, a, b);
}

// OUT: 213 155 155

// fib(12) makes 464 calls below the outermost, fib(10) 176 in each
// thread; std::sort compares the two elements twice.
// CHECK:      edge (outside profiled code):0 -> fib calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> first_caller calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> is_even calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> second_caller calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> sorter calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> work calls=2
// CHECK-NEXT: edge fib:29 -> fib calls=816
// CHECK-NEXT: edge first_caller:42 -> square calls=2
// CHECK-NEXT: edge is_even:34 -> is_odd calls=5
// CHECK-NEXT: edge is_odd:37 -> is_even calls=5
// CHECK-NEXT: edge second_caller:47 -> square calls=3
// CHECK-NEXT: edge sorter:52 -> sorter calls=2
// CHECK-NEXT: edge work:59 -> fib calls=2
// CHECK-NEXT: edge work:59 -> square calls=2
// CHECK-NEXT: totals ok
