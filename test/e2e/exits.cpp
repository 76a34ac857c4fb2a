// Leaving by return, by exception and by falling off the end all close the
// last line; the program's output and exit status are unchanged.
//
// RUN: %clangxx -std=c++17 -O2 -g %s %rt -o %t
// RUN: rm -f %t.lprof
// RUN: env LPROF_OUTPUT=%t.lprof %python -c "import subprocess,sys; sys.exit(subprocess.call(sys.argv[1:]) != 3)" %t > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py
#include <cstdio>
#include <stdexcept>

[[profile]] int checked(int x) {
  if (x > 2)
    throw std::runtime_error("too big");
  return x;
}

[[profile]] void tally(int &count) {
  for (int i = 0; i < 4; ++i) {
    try {
      count += checked(i);
    } catch (const std::exception &e) {
      count += 100;
    }
  }
}

int main() {
  int count = 0;
  tally(count);
  std::printf("count %d\n", count);
  return 3;
}

// OUT: count 103

// CHECK:      Function: checked at line 13
// CHECK-NEXT: 13 - |{{\[\[}}profile]] int checked(int x) {
// CHECK-NEXT: 14 4 |  if (x > 2)
// CHECK-NEXT: 15 1 |    throw std::runtime_error("too big");
// CHECK-NEXT: 16 3 |  return x;
// CHECK-NEXT: 17 - |}
// CHECK:      Function: tally at line 19
// CHECK-NEXT: 19 - |{{\[\[}}profile]] void tally(int &count) {
// CHECK-NEXT: 20 5 |  for (int i = 0; i < 4; ++i) {
// CHECK-NEXT: 21 - |    try {
// CHECK-NEXT: 22 4 |      count += checked(i);
// CHECK-NEXT: 23 1 |    } catch (const std::exception &e) {
// CHECK-NEXT: 24 1 |      count += 100;
// CHECK-NEXT: 25 - |    }
// CHECK-NEXT: 26 - |  }
// CHECK-NEXT: 27 - |}
