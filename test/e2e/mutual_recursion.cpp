// Time is charged once on mutual recursion too: is_even and is_odd call each
// other 2,000 levels deep, 50 times from main; each function's total counts
// its outermost activations only, so neither exceeds the line that first
// calls it, and the self times of all lines sum to main's total (timing
// mode, measured times).
//
// RUN: %clangxx -std=c++17 -O1 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report --format=json --raw %t.lprof | %python %inputs/time_invariants.py main is_even:main:32 is_odd:is_even:19 | FileCheck %s --check-prefix=INV
// RUN: %lprof-report --functions %t.lprof | FileCheck %s --check-prefix=CALLS
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>

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

// OUT: 50
[[profile]] int main() {
  int even = 0;
  for (unsigned k = 0; k < 50; ++k)
    even += is_even(2000 + 2 * k);
  std::printf("%d\n", even);
  return 0;
}

// INV: invariants hold
// CALLS-DAG: {{^ +}}51275 {{.*}} is_even at
// CALLS-DAG: {{^ +}}51225 {{.*}} is_odd at
// CHECK: Function: is_even at line 16
// CHECK: 17 51275 | if (n == 0)
// CHECK-NEXT: 18 50 | return true;
// CHECK-NEXT: 19 51225 | return is_odd(n - 1);
// CHECK: Function: is_odd at line 22
// CHECK: 23 51225 | if (n == 0)
// CHECK-NEXT: 24 - | return false;
// CHECK-NEXT: 25 51225 | return is_even(n - 1);
