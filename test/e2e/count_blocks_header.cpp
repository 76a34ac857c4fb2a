// An inline function from a header compiled with different macros in two
// translation units has a different table of runs in each (count mode,
// docs/runtime.md): here `note(y)`, defined in this file and not known
// to return there, ends the run; the second file's body has no call.
// This file's copy is inlined, the second's is not, so both bodies run,
// and each must count with its own table: a descriptor's link name says
// which table it has, so the second's weak descriptor (linked first)
// cannot stand in for this one's. Both modes count the same.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count -DNOTES -I%S/Inputs -c %s -o %t/first.o
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count -I%S/Inputs -c %S/Inputs/count_blocks_second.cpp -o %t/second.o
// RUN: %clangxx %t/second.o %t/first.o %rt -o %t/count
// RUN: env LPROF_OUTPUT=%t/count.lprof %t/count | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t/count.lprof | %python %inputs/hits.py > %t/count.txt
// RUN: FileCheck %s < %t/count.txt
//
// The two descriptors: each table, and link names that differ.
// RUN: nm %t/first.o %t/second.o | FileCheck %s --check-prefix=NM
//
// RUN: %clangxx -std=c++17 -O2 -fplugin-arg-lineprof-mode=timing -DNOTES -I%S/Inputs -c %s -o %t/first.timing.o
// RUN: %clangxx -std=c++17 -O2 -fplugin-arg-lineprof-mode=timing -I%S/Inputs -c %S/Inputs/count_blocks_second.cpp -o %t/second.timing.o
// RUN: %clangxx %t/second.timing.o %t/first.timing.o %rt -o %t/timing
// RUN: env LPROF_OUTPUT=%t/timing.lprof %t/timing
// RUN: %lprof-report %t/timing.lprof | %python %inputs/hits.py | diff %t/count.txt -
#define INLINING __attribute__((always_inline))
#include "count_blocks.h"
#include <cstdio>

void note(int value) {
  if (value == 5)
    throw std::runtime_error("five");
}

int second(int x);

int main() {
  int total = 0;
  for (int i = 0; i < 8; ++i) {
    try {
      total += shared(i) + second(i);
    } catch (const std::exception &) {
      total += 1000;
    }
  }
  std::printf("%d\n", total);
  return 0;
}

// OUT: {{[0-9]+}}
// main's 8 calls run this file's body (`note` throws once, when y is 5,
// which also skips that call of second), second's 7 the other one.
// CHECK-LABEL: Function: shared
// CHECK: 9 15 |  int y = x + 1;
// CHECK-NEXT: 10 - |#ifdef NOTES
// CHECK-NEXT: 11 8 |  note(y);
// CHECK-NEXT: 12 - |#else
// CHECK-NEXT: 13 7 |  y *= 2;
// CHECK-NEXT: 14 - |#endif
// CHECK-NEXT: 15 14 |  y += 3;
// CHECK-NEXT: 16 14 |  return y;
//
// NM-LABEL: first.o:
// NM: V [[FIRST:__lprof_fn_[0-9a-f]+_[0-9a-f]+$]]
// NM-LABEL: second.o:
// NM-NOT: [[FIRST]]
// NM: V __lprof_fn_{{[0-9a-f]+_[0-9a-f]+$}}
