// A statically linked program (-static, and -static-pie) runs and is
// profiled like any other: exact hits, its output and exit status its own,
// threads included. Memory profiling cannot hook the malloc that a static
// link brings in whole, and says so in one line; the run and the profile
// are otherwise unchanged.
//
// RUN: %clangxx -O1 -std=c++17 -pthread -static %s %rt -o %t
// RUN: %clangxx -O1 -std=c++17 -pthread -static-pie %s %rt -o %t.pie
// RUN: rm -f %t.lprof %t.pie.lprof
// RUN: env LPROF_OUTPUT=%t.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s
// RUN: env LPROF_OUTPUT=%t.pie.lprof %python %S/Inputs/exit_code.py %t.pie > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
// RUN: %python %S/Inputs/summary.py %t.pie.lprof | FileCheck %s
//
// RUN: rm -f %t.lprof
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_MEMORY=1 %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=MEMORY --match-full-lines < %t.err
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s
//
// OUT:      sum 4950
// OUT-NEXT: exit code: 3
// OUT-EMPTY:
// MEMORY:      lineprof: LPROF_MEMORY is ignored: the program is linked statically, so its malloc is the C library's own, which lineprof cannot see
// MEMORY-EMPTY:
// CHECK: FUNC add {{.*}}static_link.cpp:{{[0-9]+}} lines=3
// CHECK-NEXT: hits 0 200 0
// CHECK: FUNC main {{.*}}static_link.cpp:{{[0-9]+}} lines=8
// CHECK-NEXT: hits 0 1 102 1 101 1 1 0

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

[[profile]] void add(std::vector<int> &values, int i) {
  values.push_back(i);
}

[[profile]] int main() {
  auto values = std::make_unique<std::vector<int>>();
  std::thread other([&] { for (int i = 0; i < 100; ++i) add(*values, i); });
  other.join();
  for (int i = 0; i < 100; ++i) add(*values, i);
  std::printf("sum %d\n", (*values)[99] * 50 + 4950 - 99 * 50);
  return 3;
}
