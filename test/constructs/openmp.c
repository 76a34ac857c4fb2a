/*
 OpenMP in a profiled function computes the same and counts exactly, summed
 over the team's threads: the same hits with 1, 2 and 4 threads, in C and
 C++, at -O0 and -O2 (docs/user-guide.md, "OpenMP"). A directive that opens
 a region counts once per encounter; worksharing directives count nothing
 themselves; the `for` lines under an OpenMP loop directive count one hit
 per iteration (collapse(2): each of its lines, 32).

 RUN: %plain-clang -fopenmp -O2 -Wall -Wextra -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-function=work -fopenmp -O2 -Wall -Wextra %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fopenmp -O0 -Wall -Wextra -Werror %s %rt -o %t.O0
 RUN: %clangxx -x c++ -fplugin-arg-lineprof-file='*' -fopenmp -O2 -Wall -Wextra -Werror %s -x none %rt -o %t.cxx
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=4 LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=1 LPROF_OUTPUT=%t.lprof %t.cxx | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env OMP_NUM_THREADS=2 LPROF_OUTPUT=%t.lprof %t.cxx | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>
#include <omp.h>

static long work(int n) {
  long s = 0, t = 0, u = 0;
  int a[64];
#pragma omp parallel for reduction(+ : s) schedule(dynamic, 3)
  for (int i = 0; i < n; ++i) {
    s += i;
  }
#pragma omp parallel for collapse(2) reduction(+ : t)
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j)
      t += i * j;
#pragma omp parallel
  {
#pragma omp for
    for (int i = 0; i < 64; ++i)
      a[i] = i;
#pragma omp single
    {
      u += 1;
#pragma omp task
      u += 2;
#pragma omp taskwait
    }
#pragma omp sections
    {
#pragma omp section
      t += 100;
#pragma omp section
      {
        t += 200;
      }
    }
#pragma omp for
    for (int i = 0; i < 10; ++i) {
#pragma omp critical
      u += 1;
#pragma omp atomic
      s += 1;
    }
  }
#pragma omp simd reduction(+ : u)
  for (int i = 0; i < 16; ++i)
    u += a[i];
  return s + t + u;
}

int main(void) {
  printf("%ld\n", work(100));
  return 0;
}

/*
 OUT: 5561
 CHECK:      Function: work at line 28
 CHECK-NEXT: 28 - |static long work(int n) {
 CHECK-NEXT: 29 1 |  long s = 0, t = 0, u = 0;
 CHECK-NEXT: 30 - |  int a[64];
 CHECK-NEXT: 31 1 |#pragma omp parallel for reduction(+ : s) schedule(dynamic, 3)
 CHECK-NEXT: 32 100 |  for (int i = 0; i < n; ++i) {
 CHECK-NEXT: 33 100 |    s += i;
 CHECK-NEXT: 34 - |  }
 CHECK-NEXT: 35 1 |#pragma omp parallel for collapse(2) reduction(+ : t)
 CHECK-NEXT: 36 32 |  for (int i = 0; i < 8; ++i)
 CHECK-NEXT: 37 32 |    for (int j = 0; j < 4; ++j)
 CHECK-NEXT: 38 32 |      t += i * j;
 CHECK-NEXT: 39 1 |#pragma omp parallel
 CHECK-NEXT: 40 - |  {
 CHECK-NEXT: 41 - |#pragma omp for
 CHECK-NEXT: 42 64 |    for (int i = 0; i < 64; ++i)
 CHECK-NEXT: 43 64 |      a[i] = i;
 CHECK-NEXT: 44 - |#pragma omp single
 CHECK-NEXT: 45 - |    {
 CHECK-NEXT: 46 1 |      u += 1;
 CHECK-NEXT: 47 1 |#pragma omp task
 CHECK-NEXT: 48 1 |      u += 2;
 CHECK-NEXT: 49 - |#pragma omp taskwait
 CHECK-NEXT: 50 - |    }
 CHECK-NEXT: 51 - |#pragma omp sections
 CHECK-NEXT: 52 - |    {
 CHECK-NEXT: 53 - |#pragma omp section
 CHECK-NEXT: 54 1 |      t += 100;
 CHECK-NEXT: 55 - |#pragma omp section
 CHECK-NEXT: 56 - |      {
 CHECK-NEXT: 57 1 |        t += 200;
 CHECK-NEXT: 58 - |      }
 CHECK-NEXT: 59 - |    }
 CHECK-NEXT: 60 - |#pragma omp for
 CHECK-NEXT: 61 10 |    for (int i = 0; i < 10; ++i) {
 CHECK-NEXT: 62 - |#pragma omp critical
 CHECK-NEXT: 63 10 |      u += 1;
 CHECK-NEXT: 64 - |#pragma omp atomic
 CHECK-NEXT: 65 10 |      s += 1;
 CHECK-NEXT: 66 - |    }
 CHECK-NEXT: 67 - |  }
 CHECK-NEXT: 68 - |#pragma omp simd reduction(+ : u)
 CHECK-NEXT: 69 16 |  for (int i = 0; i < 16; ++i)
 CHECK-NEXT: 70 16 |    u += a[i];
 CHECK-NEXT: 71 1 |  return s + t + u;
 CHECK-NEXT: 72 - |}
 */
