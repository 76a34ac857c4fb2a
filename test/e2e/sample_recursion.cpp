// Sample mode samples recursive code at the rate its weights claim: each
// activation counts down a countdown no other activation counts (a callee
// whose caller holds the thread's draws a gap of its own). Before, callees
// started from their caller's count and undid each other at every return:
// here fib's lines had weights 16 (their first hits) for 10,945 to 21,891
// hits, and the deep mutual recursion's first lines 2.5 times their hits.
//
// RUN: %clangxx -std=c++17 -O1 -fplugin-arg-lineprof-mode=sample %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %inputs/sample_weights.py %t.lprof fib is_even is_odd | FileCheck %s
#include <cstdio>

[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

bool is_odd(unsigned n);

[[profile]] bool is_even(unsigned n) {
  if (n == 0)
    return true;
  return is_odd(n - 1);
}

[[profile]] bool is_odd(unsigned n) {
  if (n == 0)
    return false;
  return is_even(n - 1);
}

// OUT: 6765 50
int main() {
  int even = 0;
  for (unsigned k = 0; k < 50; ++k)
    even += is_even(2000 + 2 * k);
  std::printf("%ld %d\n", fib(20), even);
  return 0;
}

// CHECK-DAG: fib line 14: hits 21891 weights
// CHECK-DAG: fib line 15: hits 10946 weights
// CHECK-DAG: fib line 16: hits 10945 weights
// CHECK-DAG: is_even line 22: hits 51275 weights
// CHECK-DAG: is_even line 24: hits 51225 weights
// CHECK-DAG: is_odd line 28: hits 51225 weights
// CHECK-DAG: is_odd line 30: hits 51225 weights
// CHECK: weights match hits
