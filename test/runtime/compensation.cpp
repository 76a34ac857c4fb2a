// Overhead compensation: lines whose cost is known land within 3% of it
// once the probes that ran inside them are taken out (net), while their raw
// times are off by the probes' cost. Known costs: dependent arithmetic whose
// uninstrumented time the program measures itself (50 to 400 multiply-xor
// steps, 55 to 450 ns) and busy-waits the program times itself, within 3%
// or 2.5 ns per hit (a tenth of one probe): what stays after compensation
// is a nanosecond or two per interval, which is 3% of the 54 ns line. A
// call of a profiled function doing such arithmetic, whose probes and
// entry must come out of the calling line, within 5%: what stays is 5 to
// 20 ns per call (the entry's cost depends on the code around it;
// docs/runtime.md). The uninstrumented costs are measured next to each
// burst of profiled work, and medians over short bursts keep the machine's
// other load from deciding; a run that other load slowed down throughout
// is measured again (up to 3 attempts, check_lines.py).
//
// RUN: %clangxx -std=c++17 -O2 %s %rt -o %t
// RUN: %python %S/Inputs/check_lines.py --attempts 3 --floor-ns 2.5 timing=%t | FileCheck %s
//
// CHECK-DAG: timing work L50: {{.*}} within
// CHECK-DAG: timing work L100: {{.*}} within
// CHECK-DAG: timing work L400: {{.*}} within
// CHECK-DAG: timing work CALL: {{.*}} within
// CHECK-DAG: timing work SPIN: {{.*}} within
// CHECK-DAG: timing callee C400: {{.*}} within
#include "common.h"

[[profile]] __attribute__((noinline)) uint64_t callee(uint64_t x) {
  x = chain<400>(x); // C400
  return x;
}

__attribute__((noinline)) uint64_t plain_callee(uint64_t x) {
  return chain<400>(x);
}


[[profile]] uint64_t work(uint64_t x, int n, uint64_t &spent) {
  for (int i = 0; i < n; ++i) {
    x = chain<50>(x); // L50
    x = chain<100>(x); // L100
    x = chain<400>(x); // L400
    x = callee(x); // CALL
    spent += spin_ticks(3000); // SPIN
  }
  return x;
}

int main() {
  const int n = 300, bursts = 40;
  uint64_t sink = 1;
  in_bursts(bursts, [&](int k) {
    std::printf("expect work L50 %.3f ns 0.03 %d\n",
                plain_ns([](uint64_t x) { return chain<50>(x); }), k);
    std::printf("expect work L100 %.3f ns 0.03 %d\n",
                plain_ns([](uint64_t x) { return chain<100>(x); }), k);
    std::printf("expect work L400 %.3f ns 0.03 %d\n",
                plain_ns([](uint64_t x) { return chain<400>(x); }), k);
    std::printf("expect work CALL %.3f ns 0.05 %d\n",
                plain_ns([](uint64_t x) { return plain_callee(x); }), k);
    std::printf("expect callee C400 %.3f ns 0.03 %d\n",
                plain_ns([](uint64_t x) { return chain<400>(x); }), k);
    uint64_t spent = 0; // ticks the busy-waits took
    sink = work(sink, n, spent);
    std::printf("expect work SPIN %.3f ticks 0.03 %d\n", (double)spent / n, k);
  });
  return sink == 42;
}
