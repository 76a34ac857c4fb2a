// A function whose body's `{` a macro writes in the middle of its
// expansion (`#define BEGIN_FN(name) static int name(int n) { int total =
// 0;`) opens its frame after that macro use and counts its lines from the
// first statement written after it. Where no frame can open (the whole body
// in one macro use, or a macro use that starts a statement and the file
// finishes it), a remark names the function and says why: never silence.
//
// RUN: %plain-clang -O2 -Wall -Wextra -std=c89 -pedantic -c %s -o %t.plain.o 2> %t.plain.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=none -O2 -Wall -Wextra -std=c89 -pedantic %s %rt -o %t 2> %t.txt
// RUN: diff %t.plain.txt %t.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -O0 -Wall -Wextra -std=c89 -pedantic %s %rt -o %t.O0 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

#define BEGIN_FN(name) static int name(int n) { int total = 0; int i;
#define END_FN return total; }
#define ONE_LINE(name) static int name(int n) { return n + 1; }
#define IF_POSITIVE(name) static int name(int n) { if (n > 0)

BEGIN_FN(sum)
  for (i = 0; i < n; ++i)
    total += i;
END_FN

ONE_LINE(next)

IF_POSITIVE(sign)
    return 1;
  return 0;
}

int main(void) {
  printf("%d %d %d\n", sum(4), next(3), sign(2));
  return 0;
}

// OUT: 6 4 1

// REMARK-NOT: remark:
// REMARK: macro_opening_brace.c:28:1: remark: lineprof: not profiling 'next': its whole body is written in one macro use
// REMARK-NOT: remark:
// REMARK: macro_opening_brace.c:30:1: remark: lineprof: not profiling 'sign': its body's '{' comes from a macro whose use also writes part of a statement after it
// REMARK-NOT: remark:

// CHECK:      Function: sum at line 23
// CHECK-NEXT: 23 - |BEGIN_FN(sum)
// CHECK-NEXT: 24 5 |  for (i = 0; i < n; ++i)
// CHECK-NEXT: 25 4 |    total += i;
// CHECK-NEXT: 26 1 |END_FN
// CHECK-NEXT: Function: main
