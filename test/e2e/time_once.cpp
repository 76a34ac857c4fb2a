// Time is charged once: a recursive function's total is its outermost
// activations' time, never more than the line that called it; a lambda's
// activations are its own (the enclosing function's Calls stay 3) and its
// time is part of the std::sort line; self times sum to the run.
//
// RUN: %clangxx -std=c++17 -O1 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report --functions %t.lprof | FileCheck %s --check-prefix=CALLS
// RUN: %lprof-report --format=json --raw %t.lprof | %python %inputs/time_invariants.py main fib:main:31 sorter:main:33 | FileCheck %s --check-prefix=INV
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <algorithm>
#include <cstdio>
#include <vector>

[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

[[profile]] long sorter(int seed) {
  std::vector<int> v;
  for (int i = 0; i < 300; ++i)
    v.push_back((i * 7919 + seed) % 1000);
  std::sort(v.begin(), v.end(), [](int a, int b) { return a < b; });
  return v[0] + v[299];
}

// OUT: 5578
[[profile]] int main() {
  long s = fib(18);
  for (int k = 0; k < 3; ++k)
    s += sorter(k);
  std::printf("%ld\n", s);
  return 0;
}

// CALLS-DAG: {{^ +}}8361 {{.*}} fib at
// CALLS-DAG: {{^ +}}3 {{.*}} sorter at
// CALLS-DAG: {{^ +}}1 {{.*}} main at
// INV: invariants hold
// CHECK: Function: fib at line 15
// CHECK: 16 8361 | if (n < 2)
// CHECK-NEXT: 17 4181 | return n;
// CHECK-NEXT: 18 4180 | return fib(n - 1) + fib(n - 2);
// CHECK: Function: sorter at line 21
// CHECK: 25 9375 | std::sort
