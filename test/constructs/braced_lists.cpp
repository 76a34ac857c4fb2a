// Braced lists as arguments of member initializers, calls and in return
// statements compile and count; a statement that is one macro use holding
// a lambda counts on its line.
//
// RUN: %plain-clangxx -std=c++17 -Wall -Wextra -pedantic -c %s -o %t.plain.o 2> %t.plain.txt
// RUN: %clangxx -fplugin-arg-lineprof-function='S::S|mk' -std=c++17 -O2 -Wall -Wextra -pedantic %s %rt -o %t.O2 2> %t.O2.txt
// RUN: diff %t.plain.txt %t.O2.txt
// RUN: %clangxx -fplugin-arg-lineprof-function='S::S|mk' -std=c++17 -O0 -Wall -Wextra -Werror %s %rt -o %t.O0
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>
#include <string>
#include <utility>
#include <vector>
#define RUN(f) [&] { f; }()
struct T {
  T(std::pair<std::string, int> p, int k) : v(p.second + k) {}
  int v;
};
struct S {
  S(const std::string &n, int l) : s({n, l}), t({n, l}, 1) {}
  std::pair<std::string, int> s;
  T t;
};
static int use(std::pair<int, int> p) { return p.first + p.second; }
static std::pair<int, int> mk(int a, int b) {
  int x = use({a, b});
  RUN(x += 1);
  std::vector<int> v{a, b};
  return {a + x, b + (int)v.size()};
}
int main() {
  S s("x", 2);
  auto p = mk(1, 2);
  std::printf("%d %d %d\n", s.t.v, p.first, p.second);
}

// OUT: 3 5 4
// CHECK:      Function: S::S at line 23
// CHECK-NEXT: 23 1 |  S(const std::string &n, int l) : s({n, l}), t({n, l}, 1) {}
// CHECK-NEXT: Function: mk at line 28
// CHECK-NEXT: 28 - |static std::pair<int, int> mk(int a, int b) {
// CHECK-NEXT: 29 1 |  int x = use({a, b});
// CHECK-NEXT: 30 1 |  RUN(x += 1);
// CHECK-NEXT: 31 1 |  std::vector<int> v{a, b};
// CHECK-NEXT: 32 1 |  return {a + x, b + (int)v.size()};
// CHECK-NEXT: 33 - |}
