// Source text in all its forms: CRLF line endings (the same file converted
// at test time), non-ASCII text, an #include inside a function body (its
// statements stay uncounted but compile), and statements from macros,
// counted where the macro is used, never breaking a macro argument.
//
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(); open(sys.argv[2], 'wb').write(d.replace(b'\n', b'\r\n'))" %s %t.crlf.cpp
// RUN: %clangxx -std=c++17 -O1 -g -I%S %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %clangxx -std=c++17 -O1 -g -I%S %t.crlf.cpp %rt -o %t.crlf
// RUN: rm -f %t.crlf.lprof && env LPROF_OUTPUT=%t.crlf.lprof %t.crlf | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.crlf.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>

#define SQUARE(x) ((x) * (x))
#define TWO_STATEMENTS(v) v += 1; v += 2
#define CHECKED(expr) do { if (!(expr)) return -1; } while (0)

[[profile]] int forms(int n) {
  const char *greeting = "grüße, 世界";  // non-ASCII: ✓
  int total = SQUARE(n);
  TWO_STATEMENTS(total);
  CHECKED(total > 0);
#include "Inputs/body.inc"
  for (int i = 0; i < SQUARE(2); ++i)
    total += greeting[0] == 'g';
  return total;
}

int main() {
  std::printf("%d\n", forms(3));
  return 0;
}

// 9 + 3 + 300 + 4
// OUT: 316

// CHECK:      Function: forms at line 19
// CHECK-NEXT: 19 - |{{\[\[}}profile]] int forms(int n) {
// CHECK-NEXT: 20 1 |  const char *greeting = "grüße, 世界";  // non-ASCII: ✓
// CHECK-NEXT: 21 1 |  int total = SQUARE(n);
// CHECK-NEXT: 22 1 |  TWO_STATEMENTS(total);
// CHECK-NEXT: 23 1 |  CHECKED(total > 0);
// CHECK-NEXT: 24 - |#include "Inputs/body.inc"
// CHECK-NEXT: 25 5 |  for (int i = 0; i < SQUARE(2); ++i)
// CHECK-NEXT: 26 4 |    total += greeting[0] == 'g';
// CHECK-NEXT: 27 1 |  return total;
// CHECK-NEXT: 28 - |}
