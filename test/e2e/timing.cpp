// Times: a line that busy-waits shows the time the wait really took (the
// program measures it itself, so a preempted wait still compares) within
// 3%, a profiled callee's time is included in the calling line, recursion
// is timed per activation, and each table's arithmetic adds up.
//
// RUN: %clangxx -std=c++17 -O2 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t > %t.expect
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py --expect-file %t.expect
#include <chrono>
#include <cstdio>

using Clock = std::chrono::steady_clock;

// Not profiled: busy-waits and adds the time it really took to *Spent.
static void spin_for(double seconds, double *spent) {
  Clock::time_point start = Clock::now();
  Clock::time_point now = start;
  while (now - start < std::chrono::duration<double>(seconds))
    now = Clock::now();
  *spent += std::chrono::duration<double>(now - start).count();
}

double InnerSpin, OuterSpin, LoopSpin, DepthSpin[5];

[[profile]] void inner() {
  spin_for(0.010, &InnerSpin);
}

[[profile]] void outer() {
  spin_for(0.020, &OuterSpin);
  inner();
  for (int i = 0; i < 5; ++i)
    spin_for(0.002, &LoopSpin);
}

// Five activations each spin 1 ms; the call line is charged once, for the
// outermost activation's call: the spins of the four levels below it.
[[profile]] void depth(int n) {
  spin_for(0.001, &DepthSpin[n]);
  if (n > 0)
    depth(n - 1);
}

int main() {
  outer();
  depth(4);
  double AllDepth = 0, DepthCalls = 0;
  for (int n = 0; n <= 4; ++n) {
    AllDepth += DepthSpin[n];
    if (n < 4)
      DepthCalls += DepthSpin[n];
  }
  std::printf("inner:27:%.9f:0.03\n", InnerSpin);
  std::printf("outer:31:%.9f:0.03\n", OuterSpin);
  std::printf("outer:32:%.9f:0.03\n", InnerSpin);
  std::printf("outer:34:%.9f:0.03\n", LoopSpin);
  std::printf("depth:40:%.9f:0.03\n", AllDepth);
  std::printf("depth:42:%.9f:0.03\n", DepthCalls);
  return 0;
}

// CHECK:      Function: inner at line 26
// CHECK-NEXT: 26 - |{{\[\[}}profile]] void inner() {
// CHECK-NEXT: 27 1 |  spin_for(0.010, &InnerSpin);
// CHECK:      Function: outer at line 30
// CHECK-NEXT: 30 - |{{\[\[}}profile]] void outer() {
// CHECK-NEXT: 31 1 |  spin_for(0.020, &OuterSpin);
// CHECK-NEXT: 32 1 |  inner();
// CHECK-NEXT: 33 6 |  for (int i = 0; i < 5; ++i)
// CHECK-NEXT: 34 5 |    spin_for(0.002, &LoopSpin);
// CHECK:      Function: depth at line 39
// CHECK-NEXT: 39 - |{{\[\[}}profile]] void depth(int n) {
// CHECK-NEXT: 40 5 |  spin_for(0.001, &DepthSpin[n]);
// CHECK-NEXT: 41 5 |  if (n > 0)
// CHECK-NEXT: 42 4 |    depth(n - 1);
