// Constructors: the member initializers the author wrote count on their
// lines (bases, members, braces, several on one line once); the body is
// timed as usual; a throwing initializer leaves nothing broken.
//
// RUN: %clangxx -std=c++17 -O1 -g -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

struct Base {
  explicit Base(int v) : base(v) {}
  int base;
};

static int checked(int v) {
  if (v < 0)
    throw std::invalid_argument("negative");
  return v;
}

struct Widget : Base {
  [[profile]] Widget(int n, const char *name)
      : Base(n),
        size(checked(n)),
        label{name}, items(n, 7), a(1), b(2) {
    total = size * 2;
  }
  int size;
  std::string label;
  std::vector<int> items;
  int a, b, total = 0;
};

int main() {
  Widget w(3, "w"), v(1, "v");
  int thrown = 0;
  try {
    Widget bad(-1, "bad");
  } catch (const std::invalid_argument &) {
    thrown = 1;
  }
  std::printf("%d %d %d\n", w.total + v.total, (int)w.items.size(), thrown);
  return 0;
}

// OUT: 8 3 1

// CHECK:      Function: Widget::Widget at line 25
// CHECK-NEXT: 25 - |  {{\[\[}}profile]] Widget(int n, const char *name)
// CHECK-NEXT: 26 3 |      : Base(n),
// CHECK-NEXT: 27 3 |        size(checked(n)),
// The third object's checked() threw: the rest of it never ran.
// CHECK-NEXT: 28 2 |        label{name}, items(n, 7), a(1), b(2) {
// CHECK-NEXT: 29 2 |    total = size * 2;
// CHECK-NEXT: 30 - |  }
