/*
 A directive that opens a region written right after another directive,
 whose statement it is (`#pragma omp single` then `#pragma omp task`): no
 probe can go between the two, so the task's statement gets braces that
 open on the task's own line and a `#line` directive that keeps the line
 numbers. The task's line counts once per task made, with 2 and 4 threads
 alike; `parallel` right before `task` makes one task per thread.

 RUN: %plain-clang -fopenmp -O2 -Wall -Wextra -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fopenmp -O2 -Wall -Wextra %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -fopenmp -O0 -g -Wall -Wextra -Werror %s %rt -o %t.O0 2>&1 | count 0
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>

static long work(int n) {
  long u = 0;
  int i;
#pragma omp parallel
  {
#pragma omp single
#pragma omp task
    u += 2;
#pragma omp single
    for (i = 0; i < n; ++i) {
#pragma omp task
      {
#pragma omp atomic
        u += 1;
      }
    }
  }
  return u;
}

int main(void) {
  printf("%ld\n", work(5));
  return 0;
}

/*
 OUT: 7

 CHECK:      Function: work at line 24
 CHECK-NEXT: 24 - |static long work(int n) {
 CHECK-NEXT: 25 1 |  long u = 0;
 CHECK-NEXT: 26 - |  int i;
 CHECK-NEXT: 27 1 |#pragma omp parallel
 CHECK-NEXT: 28 - |  {
 CHECK-NEXT: 29 - |#pragma omp single
 CHECK-NEXT: 30 1 |#pragma omp task
 CHECK-NEXT: 31 1 |    u += 2;
 CHECK-NEXT: 32 - |#pragma omp single
 CHECK-NEXT: 33 6 |    for (i = 0; i < n; ++i) {
 CHECK-NEXT: 34 5 |#pragma omp task
 CHECK-NEXT: 35 - |      {
 CHECK-NEXT: 36 - |#pragma omp atomic
 CHECK-NEXT: 37 5 |        u += 1;
 CHECK-NEXT: 38 - |      }
 CHECK-NEXT: 39 - |    }
 CHECK-NEXT: 40 - |  }
 CHECK-NEXT: 41 1 |  return u;
 CHECK-NEXT: 42 - |}
 */
