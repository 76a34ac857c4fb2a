/*
 The probes header pasted into a C file is C89: -std=c89, -std=c90 and
 -ansi with -pedantic -Werror compile and count exactly (no `inline`, no
 declaration after a statement).
 
 RUN: %clang -std=c89 -O2 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t.89
 RUN: %clang -std=c90 -O0 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t.90
 RUN: %clang -ansi -O1 -Wall -Wextra -pedantic -Werror %s %rt -o %t.ansi
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.89 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.90 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.ansi | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>

__attribute__((profile)) static int sum(int n) {
  int s = 0, i;
  for (i = 0; i < n; ++i) {
    int t = i * 2;
    s += t;
  }
  return s;
}

int main(void) {
  printf("%d\n", sum(10));
  return 0;
}

/*
 OUT: 90
 */

/*
 CHECK:      Function: sum at line 18
 CHECK-NEXT: 18 - |__attribute__((profile)) static int sum(int n) {
 CHECK-NEXT: 19 1 |  int s = 0, i;
 CHECK-NEXT: 20 11 |  for (i = 0; i < n; ++i) {
 CHECK-NEXT: 21 10 |    int t = i * 2;
 CHECK-NEXT: 22 10 |    s += t;
 CHECK-NEXT: 23 - |  }
 CHECK-NEXT: 24 1 |  return s;
 CHECK-NEXT: 25 - |}
 */

