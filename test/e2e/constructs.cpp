// Hit counts for loops, branches, switch, goto and several statements on
// one line, each derived by hand from the control flow.
//
// RUN: %clangxx -std=c++17 -O1 -g -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.lprof | %python %inputs/check_report.py
#include <cstdio>
#include <vector>

[[lineprof::profile]] int constructs(const std::vector<int> &v) {
  int a = 0, b = 0;
  for (int x : v)
    a += x;
  int k = 0;
  while (k < 5)
    ++k;
  do {
    --k;
  } while (k > 0);
  a++; b++; a += b;
  for (int i = 0; i < 3; ++i) { a += i; b -= i; }
  for (int i = 0; i < 4; ++i) {
    if (i == 0)
      a += 1;
    else if (i == 1)
      a += 2;
    else
      a += 3;
  }
  for (int i = 0; i < 6; ++i) {
    switch (i % 3) {
    case 0:
      a += 1;
      break;
    case 1:
      a += 2;
      [[fallthrough]];
    default:
      b += 1;
    }
  }
  int g = 0;
again:
  ++g;
  if (g < 3)
    goto again;
  return a + b + g;
}

int main() {
  std::printf("%d\n", constructs({1, 2, 3, 4}));
  return 0;
}

// a = 10 +1 +1 (a++, a += b with b = 1) +3 (0+1+2) +1+2+3+3 +1+2+1+2 = 30;
// b = 1 -3 +4 = 2; g = 3.
// OUT: 35

// CHECK:      Function: constructs at line 11
// CHECK-NEXT: 11 - |{{\[\[}}lineprof::profile]] int constructs(const std::vector<int> &v) {
// CHECK-NEXT: 12 1 |  int a = 0, b = 0;
// CHECK-NEXT: 13 5 |  for (int x : v)
// CHECK-NEXT: 14 4 |    a += x;
// CHECK-NEXT: 15 1 |  int k = 0;
// CHECK-NEXT: 16 6 |  while (k < 5)
// CHECK-NEXT: 17 5 |    ++k;
// CHECK-NEXT: 18 - |  do {
// CHECK-NEXT: 19 5 |    --k;
// CHECK-NEXT: 20 5 |  } while (k > 0);
// Three statements on one line count once.
// CHECK-NEXT: 21 1 |  a++; b++; a += b;
// A loop on one line counts its condition only.
// CHECK-NEXT: 22 4 |  for (int i = 0; i < 3; ++i) { a += i; b -= i; }
// CHECK-NEXT: 23 5 |  for (int i = 0; i < 4; ++i) {
// CHECK-NEXT: 24 4 |    if (i == 0)
// CHECK-NEXT: 25 1 |      a += 1;
// CHECK-NEXT: 26 3 |    else if (i == 1)
// CHECK-NEXT: 27 1 |      a += 2;
// CHECK-NEXT: 28 - |    else
// CHECK-NEXT: 29 2 |      a += 3;
// CHECK-NEXT: 30 - |  }
// CHECK-NEXT: 31 7 |  for (int i = 0; i < 6; ++i) {
// CHECK-NEXT: 32 6 |    switch (i % 3) {
// CHECK-NEXT: 33 2 |    case 0:
// CHECK-NEXT: 34 2 |      a += 1;
// CHECK-NEXT: 35 2 |      break;
// CHECK-NEXT: 36 2 |    case 1:
// CHECK-NEXT: 37 2 |      a += 2;
// CHECK-NEXT: 38 - |      {{\[\[}}fallthrough]];
// Reached by falling through from case 1 (2) and by jumping (2).
// CHECK-NEXT: 39 4 |    default:
// CHECK-NEXT: 40 4 |      b += 1;
// CHECK-NEXT: 41 - |    }
// CHECK-NEXT: 42 - |  }
// CHECK-NEXT: 43 1 |  int g = 0;
// Reached once by falling in and twice by goto.
// CHECK-NEXT: 44 3 |again:
// CHECK-NEXT: 45 3 |  ++g;
// CHECK-NEXT: 46 3 |  if (g < 3)
// CHECK-NEXT: 47 2 |    goto again;
// CHECK-NEXT: 48 1 |  return a + b + g;
// CHECK-NEXT: 49 - |}
// CHECK-EMPTY:
