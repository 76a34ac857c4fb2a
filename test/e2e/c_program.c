// C: the GNU spelling under C11 and C17, and [[profile]] under C23, with
// no new warnings under -Wall -Wextra -pedantic.
//
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t11
// RUN: rm -f %t11.lprof && env LPROF_OUTPUT=%t11.lprof %t11 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t11.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %clang -std=c17 -O0 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t17
// RUN: rm -f %t17.lprof && env LPROF_OUTPUT=%t17.lprof %t17 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t17.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %clang -std=c2x -DUSE_C23 -O2 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t23
// RUN: rm -f %t23.lprof && env LPROF_OUTPUT=%t23.lprof %t23 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t23.lprof | %python %inputs/hits.py | FileCheck %s
#include <stdio.h>

#ifdef USE_C23
#define PROFILED [[profile]]
#else
#define PROFILED __attribute__((profile))
#endif

PROFILED static int sum_odd(int n) {
  int sum = 0;
  int i = 0;
  while (i < n) {
    if (i % 2)
      sum += i;
    i++;
  }
  return sum;
}

int main(void) {
  printf("%d\n", sum_odd(10));
  return 0;
}

// OUT: 25

// CHECK:      Function: sum_odd at line 21
// CHECK-NEXT: 21 - |PROFILED static int sum_odd(int n) {
// CHECK-NEXT: 22 1 |  int sum = 0;
// CHECK-NEXT: 23 1 |  int i = 0;
// CHECK-NEXT: 24 11 |  while (i < n) {
// CHECK-NEXT: 25 10 |    if (i % 2)
// CHECK-NEXT: 26 5 |      sum += i;
// CHECK-NEXT: 27 10 |    i++;
// CHECK-NEXT: 28 - |  }
// CHECK-NEXT: 29 1 |  return sum;
// CHECK-NEXT: 30 - |}
