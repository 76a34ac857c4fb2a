// Recursion keeps state per activation, and hits from many threads add up
// exactly.
//
// RUN: %clangxx -std=c++17 -O2 -g -pthread %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py
#include <cstdio>
#include <thread>
#include <vector>

// fib(10) makes 177 calls: 89 reach a leaf, 88 recurse.
[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

[[profile]] long work(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i)
    sum += i % 7;
  return sum;
}

int main() {
  std::printf("fib %ld\n", fib(10));
  // 8 threads x 1000 calls of work(10), plus one call from main.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([] {
      for (int c = 0; c < 1000; ++c)
        work(10);
    });
  for (std::thread &thread : threads)
    thread.join();
  std::printf("work %ld\n", work(10));
  return 0;
}

// OUT: fib 55
// OUT: work 24

// CHECK:      Function: fib at line 13
// CHECK-NEXT: 13 - |{{\[\[}}profile]] long fib(int n) {
// CHECK-NEXT: 14 177 |  if (n < 2)
// CHECK-NEXT: 15 89 |    return n;
// CHECK-NEXT: 16 88 |  return fib(n - 1) + fib(n - 2);
// CHECK-NEXT: 17 - |}
// CHECK:      Function: work at line 19
// CHECK-NEXT: 19 - |{{\[\[}}profile]] long work(int n) {
// CHECK-NEXT: 20 8001 |  long sum = 0;
// CHECK-NEXT: 21 88011 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 22 80010 |    sum += i % 7;
// CHECK-NEXT: 23 8001 |  return sum;
