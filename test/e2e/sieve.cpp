// A sieve with a known loop structure: every hit count below follows from
// n = 30 (10 primes, 19 composites in 2..30).
//
// RUN: %clangxx -O2 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py
#include <cstdio>
#include <vector>

[[profile]] int count_primes(int n) {
  std::vector<bool> composite(n + 1, false);
  int count = 0;
  for (int i = 2; i <= n; ++i) {
    if (composite[i])
      continue;
    ++count;
    for (int j = i * i; j <= n; j += i)
      composite[j] = true;
  }
  return count;
}

int main() {
  std::printf("%d\n", count_primes(30));
  return 0;
}

// OUT: 10

// CHECK:      Function: count_primes at line 11
// CHECK-NEXT: 11 - |{{\[\[}}profile]] int count_primes(int n) {
// CHECK-NEXT: 12 1 |  std::vector<bool> composite(n + 1, false);
// CHECK-NEXT: 13 1 |  int count = 0;
// i = 2..30 runs the body 29 times; the condition is evaluated 30 times.
// CHECK-NEXT: 14 30 |  for (int i = 2; i <= n; ++i) {
// CHECK-NEXT: 15 29 |    if (composite[i])
// CHECK-NEXT: 16 19 |      continue;
// CHECK-NEXT: 17 10 |    ++count;
// Per prime p, (n - p*p) / p + 1 iterations (14, 8, 2 for 2, 3, 5; none
// for the other 7) and one more evaluation each: 24 + 10.
// CHECK-NEXT: 18 34 |    for (int j = i * i; j <= n; j += i)
// CHECK-NEXT: 19 24 |      composite[j] = true;
// CHECK-NEXT: 20 - |  }
// CHECK-NEXT: 21 1 |  return count;
// CHECK-NEXT: 22 - |}
// CHECK-EMPTY:
