/*
 Macros and C warnings: a statement that is one macro use counts on its line
 whatever the expansion holds (_Pragma, do-while(0)); a body whose braces
 come from a macro pair is profiled; a label made by a macro counts its
 arrivals. The profiled build warns exactly as the plain one under
 -Wdeclaration-after-statement (a loop body starting with a declaration),
 -Wextra-semi-stmt (an empty loop body) and -Wunreachable-code (`break`
 after a block that returns).

 RUN: %plain-clang -std=c99 -O2 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wextra-semi-stmt -Wunreachable-code -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -std=c99 -O2 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wextra-semi-stmt -Wunreachable-code %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -std=c89 -O0 -Wall -Wextra -pedantic -Wno-comment -Wdeclaration-after-statement -Wextra-semi-stmt -Wunreachable-code -Werror %s %rt -o %t.O0
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>
#include <stdlib.h>
#define CHECK(x) _Pragma("clang diagnostic push") check(x) _Pragma("clang diagnostic pop")
#define TWICE(x) do { (x); (x); } while (0)
#define vmcase(l) case l:
#define START_TEST(name) static int name(int n) {
#define END_TEST }
static int checked;
static void check(int x) { checked += x; }
static int f(int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; ++i) {
    int t = i * 2;
    s += t;
  }
  for (i = 0; i < n; ++i)
    ;
  CHECK(n > 0);
  TWICE(s++);
  switch (n) {
  case 1: {
    return s;
  } break;
  vmcase(10)
    s += 1;
    break;
  default:
    break;
  }
  return s;
}
START_TEST(t1)
  int k = n + 1;
  return k;
END_TEST
int main(void) { printf("%d %d %d\n", f(10), t1(3), checked); return 0; }

/*
 OUT: 93 4 1
 CHECK:      Function: check at line 27
 CHECK-NEXT: 27 1 |static void check(int x) { checked += x; }
 CHECK-NEXT: Function: f at line 28
 CHECK-NEXT: 28 - |static int f(int n) {
 CHECK-NEXT: 29 1 |  int s = 0;
 CHECK-NEXT: 30 - |  int i;
 CHECK-NEXT: 31 11 |  for (i = 0; i < n; ++i) {
 CHECK-NEXT: 32 10 |    int t = i * 2;
 CHECK-NEXT: 33 10 |    s += t;
 CHECK-NEXT: 34 - |  }
 CHECK-NEXT: 35 11 |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 36 - |    ;
 CHECK-NEXT: 37 1 |  CHECK(n > 0);
 CHECK-NEXT: 38 1 |  TWICE(s++);
 CHECK-NEXT: 39 1 |  switch (n) {
 CHECK-NEXT: 40 - |  case 1: {
 CHECK-NEXT: 41 - |    return s;
 CHECK-NEXT: 42 - |  } break;
 CHECK-NEXT: 43 1 |  vmcase(10)
 CHECK-NEXT: 44 1 |    s += 1;
 CHECK-NEXT: 45 1 |    break;
 CHECK-NEXT: 46 - |  default:
 CHECK-NEXT: 47 - |    break;
 CHECK-NEXT: 48 - |  }
 CHECK-NEXT: 49 1 |  return s;
 CHECK-NEXT: 50 - |}
 CHECK-NEXT: Function: t1 at line 51
 CHECK-NEXT: 51 - |START_TEST(t1)
 CHECK-NEXT: 52 1 |  int k = n + 1;
 CHECK-NEXT: 53 1 |  return k;
 CHECK-NEXT: 54 - |END_TEST
 CHECK-NEXT: Function: main at line 55
 CHECK-NEXT: 55 1 |int main(void) { printf("%d %d %d\n", f(10), t1(3), checked); return 0; }
 */
