/*
 OpenMP directives as the unbraced statement of a loop or an `if`, and an
 `atomic` that is directly the statement of a `task` or a `single` (no
 braces): all compile and count. The loop's and the `if`'s statement ends
 where the directive's statement ends (the AST ends it at the `#pragma`
 line); an `atomic` right after another directive counts its statement's
 line from braces opened on its own line, in the task's own activation.
 Same hits with 2 and 4 threads, at -O0 and -O2, in C and C++.

 RUN: %plain-clang -fopenmp -O2 -Wall -Wextra -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fopenmp -O2 -Wall -Wextra %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -fopenmp -O0 -g -Wall -Wextra -Werror %s %rt -o %t.O0 2>&1 | count 0
 RUN: %clangxx -x c++ -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -fopenmp -O2 -Wall -Wextra -Werror %s -x none %rt -o %t.cxx 2>&1 | count 0
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.cxx | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>

static long work(int n) {
  long u = 0, v = 0, w = 0, s = 0;
  int i;
#pragma omp parallel
  {
#pragma omp single
    for (i = 0; i < n; ++i)
#pragma omp task
      {
#pragma omp atomic
        u += 1;
      }
#pragma omp single
    for (i = 0; i < n; ++i)
#pragma omp task
#pragma omp atomic
      v += 2;
#pragma omp single
#pragma omp atomic
    w += 4;
  }
  if (n > 0)
#pragma omp parallel for reduction(+ : s)
    for (int j = 0; j < n; ++j)
      s += j;
  return u + v + w + s;
}

int main(void) {
  printf("%ld\n", work(5));
  return 0;
}

/*
 OUT: 29

 CHECK:      Function: work at line 26
 CHECK-NEXT: 26 - |static long work(int n) {
 CHECK-NEXT: 27 1 |  long u = 0, v = 0, w = 0, s = 0;
 CHECK-NEXT: 28 - |  int i;
 CHECK-NEXT: 29 1 |#pragma omp parallel
 CHECK-NEXT: 30 - |  {
 CHECK-NEXT: 31 - |#pragma omp single
 CHECK-NEXT: 32 6 |    for (i = 0; i < n; ++i)
 CHECK-NEXT: 33 5 |#pragma omp task
 CHECK-NEXT: 34 - |      {
 CHECK-NEXT: 35 - |#pragma omp atomic
 CHECK-NEXT: 36 5 |        u += 1;
 CHECK-NEXT: 37 - |      }
 CHECK-NEXT: 38 - |#pragma omp single
 CHECK-NEXT: 39 6 |    for (i = 0; i < n; ++i)
 CHECK-NEXT: 40 5 |#pragma omp task
 CHECK-NEXT: 41 - |#pragma omp atomic
 CHECK-NEXT: 42 5 |      v += 2;
 CHECK-NEXT: 43 - |#pragma omp single
 CHECK-NEXT: 44 - |#pragma omp atomic
 CHECK-NEXT: 45 1 |    w += 4;
 CHECK-NEXT: 46 - |  }
 CHECK-NEXT: 47 1 |  if (n > 0)
 CHECK-NEXT: 48 1 |#pragma omp parallel for reduction(+ : s)
 CHECK-NEXT: 49 5 |    for (int j = 0; j < n; ++j)
 CHECK-NEXT: 50 5 |      s += j;
 CHECK-NEXT: 51 1 |  return u + v + w + s;
 */
