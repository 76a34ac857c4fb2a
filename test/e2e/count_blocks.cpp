// Count mode counts a straight-line run of statements once, at its first
// line, and reads the hits of the run's other lines from that counter
// (docs/runtime.md, "Count mode"): a run goes on past a statement only if
// it surely completes (no jump out, no label, no exception, no call that
// may not return, such as one through a pointer, a virtual one, or one of
// a function defined in another translation unit). Every count is exact:
// the same as timing mode's, which counts every line on its own.
//
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
//
// Which lines lost their probe: those of the runs, and no other.
// RUN: lprof-rewrite --mode=count %s -- -std=c++17 -I%S/../../runtime/include | FileCheck %s --check-prefix=REWRITE
// Timing and sample mode keep every probe.
// RUN: lprof-rewrite --mode=timing %s -- -std=c++17 -I%S/../../runtime/include | FileCheck %s --check-prefix=TIMING
//
// Same counts as timing mode, here and on the other programs of the suite
// (count_loops.cpp compares more).
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/compare_modes.py %t.dir %s -std=c++17 | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/count_blocks_c.c -std=c11
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/mutual_recursion.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/time_once.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/lambdas.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/constructors.cpp -std=c++17
// (members.cpp writes its profiles itself: it is compared in its own test.)
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/function_try_block.cpp -std=c++17
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/coroutines.cpp -std=c++20
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/c_declarations.c -std=c11 -Wdeclaration-after-statement
// RUN: %python %S/Inputs/compare_modes.py %t.dir %S/../constructs/text_forms.cpp -std=c++17
//
// SAME: count_blocks.cpp: same counts (6 functions), 1 loops in registers, 26 lines counted with their run

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

static int twice(int x) { return 2 * x; }
static int risky(int x) {
  if (x == 3)
    throw std::runtime_error("three");
  return x;
}
struct Shape {
  virtual ~Shape() = default;
  virtual int area() const { return 1; }
};
struct Square : Shape {
  int area() const override { return 4; }
};
int (*volatile through_pointer)(int) = twice;

[[profile]] int runs(int n, const Shape &shape) {
  int total = 0;
  std::vector<int> v(8, 1);
  for (int i = 0; i < n; ++i) {
    int a = twice(i);
    total += a;
    total += v[i % 8];
    total += shape.area();
    total += 1;
    total += through_pointer(i);
    total ^= 5;
  }
  return total;
}

[[profile]] int exceptions(int n) {
  int caught = 0;
  for (int i = 0; i < n; ++i) {
    try {
      int x = i + 1;
      x = risky(i);
      caught += x;
      caught += 2;
    } catch (const std::exception &) {
      caught += 100;
    }
  }
  return caught;
}

[[profile]] int jumps(int n) {
  int total = 0;
  int i = 0;
again:
  total += i;
  ++i;
  if (i < n)
    goto again;
  for (int j = 0; j < n; ++j) {
    total += j;
    if (j == 2)
      continue;
    total += 1;
    if (j == 5)
      break;
    total += 2;
  }
  switch (n) {
  case 7:
    total += 7;
    total *= 2;
    [[fallthrough]];
  case 8:
    total += 8;
    total += 1;
    break;
  default:
    total = 0;
  }
  return total;
}

[[profile]] int operators(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    bool both = i > 2 && twice(i) > 7;
    bool either = i < 1 || risky(i + 10) > 100;
    total += both ? 10 : 1;
    total += either;
    auto add = [&](int k) {
      total += k;
      return total;
    };
    total += add(i);
    if (i == 4)
      return total;
    total += 1;
  }
  return total;
}

[[profile]] void finish(int code) {
  std::printf("finishing\n");
  std::fflush(stdout);
  if (code != 0)
    std::exit(code - 1);
  std::printf("not finished\n");
}

[[profile]] int main(int argc, char **) {
  Square square;
  std::printf("%d\n", runs(10, square));
  std::printf("%d\n", exceptions(6));
  std::printf("%d\n", jumps(7));
  std::printf("%d\n", operators(6));
  finish(0);
  finish(argc);
  std::printf("never\n");
  return 1;
}

// OUT: 200
// OUT-NEXT: 122
// OUT-NEXT: 121
// OUT-NEXT: 194
// OUT-NEXT: finishing
// OUT-NEXT: not finished
// OUT-NEXT: finishing
// OUT-NOT: never

// CHECK-LABEL: Function: runs at line 55
// CHECK: 56 1 |  int total = 0;
// CHECK-NEXT: 57 1 |  std::vector<int> v(8, 1);
// CHECK-NEXT: 58 11 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 59 10 |    int a = twice(i);
// CHECK-NEXT: 60 10 |    total += a;
// CHECK-NEXT: 61 10 |    total += v[i % 8];
// CHECK-NEXT: 62 10 |    total += shape.area();
// CHECK-NEXT: 63 10 |    total += 1;
// CHECK-NEXT: 64 10 |    total += through_pointer(i);
// CHECK-NEXT: 65 10 |    total ^= 5;
// CHECK-NEXT: 66 - |  }
// CHECK-NEXT: 67 1 |  return total;

// CHECK-LABEL: Function: exceptions at line 70
// CHECK: 71 1 |  int caught = 0;
// CHECK-NEXT: 72 7 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 73 - |    try {
// CHECK-NEXT: 74 6 |      int x = i + 1;
// CHECK-NEXT: 75 6 |      x = risky(i);
// CHECK-NEXT: 76 5 |      caught += x;
// CHECK-NEXT: 77 5 |      caught += 2;
// CHECK-NEXT: 78 1 |    } catch (const std::exception &) {
// CHECK-NEXT: 79 1 |      caught += 100;
// CHECK-NEXT: 80 - |    }
// CHECK-NEXT: 81 - |  }
// CHECK-NEXT: 82 1 |  return caught;

// CHECK-LABEL: Function: jumps at line 85
// CHECK: 86 1 |  int total = 0;
// CHECK-NEXT: 87 1 |  int i = 0;
// CHECK-NEXT: 88 7 |again:
// CHECK-NEXT: 89 7 |  total += i;
// CHECK-NEXT: 90 7 |  ++i;
// CHECK-NEXT: 91 7 |  if (i < n)
// CHECK-NEXT: 92 6 |    goto again;
// CHECK-NEXT: 93 6 |  for (int j = 0; j < n; ++j) {
// CHECK-NEXT: 94 6 |    total += j;
// CHECK-NEXT: 95 6 |    if (j == 2)
// CHECK-NEXT: 96 1 |      continue;
// CHECK-NEXT: 97 5 |    total += 1;
// CHECK-NEXT: 98 5 |    if (j == 5)
// CHECK-NEXT: 99 1 |      break;
// CHECK-NEXT: 100 4 |    total += 2;
// CHECK-NEXT: 101 - |  }
// CHECK-NEXT: 102 1 |  switch (n) {
// CHECK-NEXT: 103 1 |  case 7:
// CHECK-NEXT: 104 1 |    total += 7;
// CHECK-NEXT: 105 1 |    total *= 2;
// CHECK-NEXT: 106 - |    {{\[\[fallthrough\]\]}};
// CHECK-NEXT: 107 1 |  case 8:
// CHECK-NEXT: 108 1 |    total += 8;
// CHECK-NEXT: 109 1 |    total += 1;
// CHECK-NEXT: 110 1 |    break;
// CHECK-NEXT: 111 - |  default:
// CHECK-NEXT: 112 - |    total = 0;
// CHECK-NEXT: 113 - |  }
// CHECK-NEXT: 114 1 |  return total;

// CHECK-LABEL: Function: operators at line 117
// CHECK: 118 1 |  int total = 0;
// CHECK-NEXT: 119 5 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 120 5 |    bool both = i > 2 && twice(i) > 7;
// CHECK-NEXT: 121 5 |    bool either = i < 1 || risky(i + 10) > 100;
// CHECK-NEXT: 122 5 |    total += both ? 10 : 1;
// CHECK-NEXT: 123 5 |    total += either;
// CHECK-NEXT: 124 5 |    auto add = [&](int k) {
// CHECK-NEXT: 125 5 |      total += k;
// CHECK-NEXT: 126 5 |      return total;
// CHECK-NEXT: 127 - |    };
// CHECK-NEXT: 128 5 |    total += add(i);
// CHECK-NEXT: 129 5 |    if (i == 4)
// CHECK-NEXT: 130 1 |      return total;
// CHECK-NEXT: 131 4 |    total += 1;
// CHECK-NEXT: 132 - |  }
// CHECK-NEXT: 133 - |  return total;

// CHECK-LABEL: Function: finish at line 136
// CHECK: 137 2 |  std::printf("finishing\n");
// CHECK-NEXT: 138 2 |  std::fflush(stdout);
// CHECK-NEXT: 139 2 |  if (code != 0)
// CHECK-NEXT: 140 1 |    std::exit(code - 1);
// CHECK-NEXT: 141 1 |  std::printf("not finished\n");

// CHECK-LABEL: Function: main at line 144
// CHECK: 145 1 |  Square square;
// CHECK-NEXT: 146 1 |  std::printf("%d\n", runs(10, square));
// CHECK-NEXT: 147 1 |  std::printf("%d\n", exceptions(6));
// CHECK-NEXT: 148 1 |  std::printf("%d\n", jumps(7));
// CHECK-NEXT: 149 1 |  std::printf("%d\n", operators(6));
// CHECK-NEXT: 150 1 |  finish(0);
// CHECK-NEXT: 151 1 |  finish(argc);
// CHECK-NEXT: 152 - |  std::printf("never\n");
// CHECK-NEXT: 153 - |  return 1;

// The descriptor's table: line 57 counts with 56, 60 to 62 with 59, 64 with
// 63.
// Its lines that call (indices 2, 4, 6, 7 and 9) have call sites, the
// first at word 14 (after the 14 lines' hits), three words each.
// REWRITE: {{_lines\[\] = }}{0u,1u,1u,3u,4u,4u,4u,4u,8u,8u,10u,11u,12u,13u,};
// REWRITE-NEXT: {{_sites\[\] = }}{2u,4u,6u,7u,9u,};
// REWRITE-NEXT: {{^}}extern __lprof_function [[RUNS:__lprof_fn_[0-9a-f]+]] __asm__("[[RUNS]]_{{[0-9a-f]+}}");
// The runs of `runs`: twice() and vector's operator[] return, so the run
// from line 59 goes on; it ends after the virtual call (62) and the call
// through a pointer (64). A calling line whose probe a run leaves out
// still sets its call site (__lprof_at), which counts nothing.
// REWRITE-LABEL: {{^\[\[ +\]\]}} int runs(int n, const Shape &shape) {{[{]}}__lprof_frame
// REWRITE-NEXT: {{^}}  __lprof_line(&__lprof_f,1);int total = 0;
// REWRITE-NEXT: {{^}}  __lprof_at(&__lprof_f,14);std::vector<int> v(8, 1);
// REWRITE-NEXT: {{^}}  __lprof_move(&__lprof_f,3);for
// REWRITE-NEXT: {{^}}    __lprof_line_at(&__lprof_f,4,17);int a = twice(i);
// REWRITE-NEXT: {{^}}    total += a;
// REWRITE-NEXT: {{^}}    __lprof_at(&__lprof_f,20);total += v[i % 8];
// REWRITE-NEXT: {{^}}    __lprof_at(&__lprof_f,23);total += shape.area();
// REWRITE-NEXT: {{^}}    __lprof_line(&__lprof_f,8);total += 1;
// REWRITE-NEXT: {{^}}    __lprof_at(&__lprof_f,26);total += through_pointer(i);
// REWRITE-NEXT: {{^}}    __lprof_line(&__lprof_f,10);total ^= 5;
//
// Timing mode keeps every probe, and no table.
// TIMING-NOT: {{_lines\[\] = }}
// TIMING: {{^}}    __lprof_line(&__lprof_f,4);int a = twice(i);
// TIMING-NEXT: {{^}}    __lprof_line(&__lprof_f,5);total += a;
