// A function annotated in a header is profiled in every translation unit
// that includes it; the report has one table per function, with the hits
// of all units and all template instantiations added up.
//
// RUN: %clangxx -std=c++17 -O2 -g -Wall -Wextra -Werror -c %S/Inputs/shapes_a.cpp -o %t.a.o
// RUN: %clangxx -std=c++17 -O2 -g -Wall -Wextra -Werror %s %t.a.o %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include "Inputs/shapes.h"

#include <cstdio>

int from_a();

int main() {
  int here = area(4, 5) + area(1, 1);
  double sum = total(std::vector<double>{0.5, 0.25});
  std::printf("%d %d %g\n", from_a(), here, sum);
  return 0;
}

// OUT: 12 21 0.75

// area: once from shapes_a.cpp, twice from here.
// CHECK:      Function: area at line 4
// CHECK-NEXT: 4 - |{{\[\[}}profile]] inline int area(int w, int h) {
// CHECK-NEXT: 5 3 |  int a = w * h;
// CHECK-NEXT: 6 3 |  return a;
// CHECK-NEXT: 7 - |}
// total<int> in shapes_a.cpp (3 elements), total<double> here (2).
// CHECK:      Function: total at line 9
// CHECK-NEXT: 9 - |template <typename T>
// CHECK-NEXT: 10 - |{{\[\[}}profile]] T total(const std::vector<T> &v) {
// CHECK-NEXT: 11 2 |  T sum = 0;
// CHECK-NEXT: 12 7 |  for (const T &x : v)
// CHECK-NEXT: 13 5 |    sum += x;
// CHECK-NEXT: 14 2 |  return sum;
// CHECK-NEXT: 15 - |}
// CHECK-NOT:  Function:
