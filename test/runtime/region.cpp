// Regions in C++: lineprof::region times its own lifetime (line_profiler's
// Timer as a scope), also when an exception leaves the scope, and shows as
// an entry of its own at the line that declares it. A region around calls
// of profiled functions leaves their probes out of its net time, which
// therefore lands near the work the program measures (within 3%; in
// bursts, whose median keeps other load from deciding), while its raw time
// carries the probes. A burst whose plain work measured slower than the
// profiled step's own line (chain<200> plus a probe) measured a slowed
// plain loop, not the profile, and is left out (check_lines.py, bound).
//
// RUN: %clangxx -std=c++17 -O2 %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t > %t.expect
// RUN: %python %S/Inputs/summary.py --details %t.lprof | FileCheck %s
// RUN: %python %S/Inputs/check_lines.py --attempts 5 regions=%t | FileCheck %s --check-prefix=NET

// CHECK:      FUNC step {{.*}}
// CHECK:      FUNC parse {{/.*}}/region.cpp:[[#LINE:]] lines=1 source=  lineprof::region timer("parse");
// CHECK-NEXT:   hits 3
// CHECK-NEXT:   ticks +
// CHECK-NEXT:   calls=3 modes=8 weighted 0
// CHECK-NEXT: FUNC steps {{/.*}}/region.cpp:[[#]] lines=1 source=  lineprof::region timer("steps");
// CHECK-NEXT:   hits 40
// CHECK-NEXT:   ticks +
// CHECK-NEXT:   calls=40 modes=8 weighted 0

// NET: regions steps "steps": truth {{.*}} within

#include "common.h"

#include <stdexcept>

[[profile]] __attribute__((noinline)) uint64_t step(uint64_t x) {
  return chain<200>(x);
}

__attribute__((noinline)) uint64_t plain_step(uint64_t x) {
  return chain<200>(x);
}

int parse(int input) {
  lineprof::region timer("parse");
  if (input < 0)
    throw std::invalid_argument("negative");
  return input * 2;
}

uint64_t steps(uint64_t x, int n) {
  lineprof::region timer("steps");
  for (int i = 0; i < n; ++i)
    x = step(x);
  return x;
}

int main() {
  int total = parse(1) + parse(2);
  try {
    total += parse(-1);
  } catch (const std::invalid_argument &) {
    total += 100;
  }
  const int n = 250, bursts = 40;
  uint64_t x = 1;
  in_bursts(bursts, [&](int k) {
    std::printf("expect steps \"steps\" %.3f ns 0.03 %d\n",
                plain_ns(plain_step) * n, k);
    // The same work as plain_step, with probes, cannot take less time.
    std::printf("bound steps \"steps\" %d step chain<200> %d\n", n, k);
    x = steps(x, n);
  });
  return total == 42 || x == 42;
}
