// A function-try-block: the try block and each handler are counted.
//
// RUN: %clangxx -std=c++17 -O1 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>
#include <stdexcept>

[[profile]] int parse(int x) try {
  if (x < 0)
    throw std::invalid_argument("negative");
  return x * 2;
} catch (const std::invalid_argument &) {
  return -1;
}

int main() {
  std::printf("%d %d %d\n", parse(1), parse(-5), parse(3));
  return 0;
}

// OUT: 2 -1 6

// CHECK:      Function: parse at line 9
// CHECK-NEXT: 9 - |{{\[\[}}profile]] int parse(int x) try {
// CHECK-NEXT: 10 3 |  if (x < 0)
// CHECK-NEXT: 11 1 |    throw std::invalid_argument("negative");
// CHECK-NEXT: 12 2 |  return x * 2;
// CHECK-NEXT: 13 1 |} catch (const std::invalid_argument &) {
// CHECK-NEXT: 14 1 |  return -1;
// CHECK-NEXT: 15 - |}
