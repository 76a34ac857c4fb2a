// Bodies without braces get braces on the same line; the statement that
// ends a body decides whether a `;` belongs to it (`return {2};` ends in a
// brace but still owns its semicolon). Macros are counted where used.
//
// RUN: %clangxx -std=c++17 -O1 -g -Wall -Wextra -Wno-dangling-else -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>
#include <vector>

#define BUMP(x) ((x) += 1)
#define TWICE(s) do { s; s; } while (0)

[[profile]] std::vector<int> bodies(int n) {
  if (n == 2)
    return {2};
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    if (i % 2)
      if (i % 3)
        out.push_back(i);
      else
        out.push_back(-i);
  int k = 0;
  do BUMP(k); while (k < 3);
  TWICE(BUMP(k));
  while (k < 8)
    k = std::vector<int>{k + 1}[0];
  out.push_back(k);
  return out;
}

int main() {
  std::vector<int> a = bodies(2), b = bodies(6);
  std::printf("%zu:", a.size());
  for (int x : b)
    std::printf(" %d", x);
  std::printf("\n");
  return 0;
}

// OUT: 1: 1 -3 5 8

// CHECK:      Function: bodies at line 14
// CHECK-NEXT: 14 - |{{\[\[}}profile]] std::vector<int> bodies(int n) {
// CHECK-NEXT: 15 2 |  if (n == 2)
// CHECK-NEXT: 16 1 |    return {2};
// CHECK-NEXT: 17 1 |  std::vector<int> out;
// CHECK-NEXT: 18 7 |  for (int i = 0; i < n; ++i)
// CHECK-NEXT: 19 6 |    if (i % 2)
// CHECK-NEXT: 20 3 |      if (i % 3)
// CHECK-NEXT: 21 2 |        out.push_back(i);
// CHECK-NEXT: 22 - |      else
// CHECK-NEXT: 23 1 |        out.push_back(-i);
// CHECK-NEXT: 24 1 |  int k = 0;
// The body and the condition share the line: once per pass.
// CHECK-NEXT: 25 3 |  do BUMP(k); while (k < 3);
// CHECK-NEXT: 26 1 |  TWICE(BUMP(k));
// CHECK-NEXT: 27 4 |  while (k < 8)
// CHECK-NEXT: 28 3 |    k = std::vector<int>{k + 1}[0];
// CHECK-NEXT: 29 1 |  out.push_back(k);
// CHECK-NEXT: 30 1 |  return out;
// CHECK-NEXT: 31 - |}
