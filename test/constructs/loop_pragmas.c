/*
 Loop pragmas stay attached to their loops, in every form (a #pragma line,
 _Pragma, _Pragma from a macro), and the loops count exactly: probes that
 run before a loop go before its pragma, never between the two. The same
 warnings as the plain build (GCC ivdep is unknown to Clang in both), and
 no -Wpass-failed from a loop that asks to be vectorized and cannot be
 because of its probes.

 RUN: %plain-clang -O2 -Wall -Wextra -pedantic -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -O2 -Wall -Wextra -pedantic %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -O0 -g -Wall -Wextra %s %rt -o %t.O0
 RUN: %clangxx -x c++ -fplugin-arg-lineprof-file='*' -O2 -g -Wall -Wextra -pedantic %s -x none %rt -o %t.cxx 2> %t.cxx.txt
 RUN: %plain-clangxx -x c++ -O2 -g -Wall -Wextra -pedantic -c %s -o %t.plaincxx.o 2> %t.plaincxx.txt
 RUN: diff %t.plaincxx.txt %t.cxx.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fopenmp-simd -O2 -Werror -Wno-unknown-pragmas %s %rt -o %t.simd
 RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-mode=count -O2 -Wno-unknown-pragmas %s %rt -o %t.count
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.cxx | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.simd | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.count | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>
#define NOUNROLL _Pragma("clang loop unroll(disable)")

static int sum(int n) {
  int s = 0;
  int i;
#pragma unroll 4
  for (i = 0; i < n; ++i)
    s += i;
#pragma nounroll
  for (i = 0; i < n; ++i) {
    s += i;
  }
  // comment lines between the statement before and the pragma
#pragma clang loop vectorize(enable) interleave(enable)
  for (i = 0; i < n; ++i)
    s += i;
#pragma GCC unroll 2
#pragma GCC ivdep
  for (i = 0; i < n; ++i)
    s += i;
  _Pragma("clang loop unroll(disable)")
  for (i = 0; i < n; ++i)
    s += i;
  NOUNROLL
  while (i > 0)
    --i;
#pragma unroll
  do { ++i; } while (i < n);
#pragma omp simd reduction(+ : s)
  for (i = 0; i < n; ++i)
    s += i;
  if (n > 0)
#pragma unroll 2
    for (i = 0; i < n; ++i)
      s += i;
  NOUNROLL for (i = 0; i < n; ++i) s += i;
  return s;
}

int main(void) {
  printf("%d\n", sum(10));
  return 0;
}

/*
 OUT: 360
 CHECK:      Function: sum at line 32
 CHECK-NEXT: 32 - |static int sum(int n) {
 CHECK-NEXT: 33 1 |  int s = 0;
 CHECK-NEXT: 34 - |  int i;
 CHECK-NEXT: 35 - |#pragma unroll 4
 CHECK-NEXT: 36 11 |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 37 10 |    s += i;
 CHECK-NEXT: 38 - |#pragma nounroll
 CHECK-NEXT: 39 11 |  for (i = 0; i < n; ++i) {
 CHECK-NEXT: 40 10 |    s += i;
 CHECK-NEXT: 41 - |  }
 CHECK-NEXT: 42 - |  // comment lines between the statement before and the pragma
 CHECK-NEXT: 43 - |#pragma clang loop vectorize(enable) interleave(enable)
 CHECK-NEXT: 44 11 |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 45 10 |    s += i;
 CHECK-NEXT: 46 - |#pragma GCC unroll 2
 CHECK-NEXT: 47 - |#pragma GCC ivdep
 CHECK-NEXT: 48 11 |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 49 10 |    s += i;
 CHECK-NEXT: 50 - |  _Pragma("clang loop unroll(disable)")
 CHECK-NEXT: 51 11 |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 52 10 |    s += i;
 CHECK-NEXT: 53 - |  NOUNROLL
 CHECK-NEXT: 54 11 |  while (i > 0)
 CHECK-NEXT: 55 10 |    --i;
 CHECK-NEXT: 56 - |#pragma unroll
 CHECK-NEXT: 57 10 |  do { ++i; } while (i < n);
 CHECK-NEXT: 58 - |#pragma omp simd reduction(+ : s)
 CHECK-NEXT: 59 {{1[01]}} |  for (i = 0; i < n; ++i)
 CHECK-NEXT: 60 10 |    s += i;
 CHECK-NEXT: 61 1 |  if (n > 0)
 CHECK-NEXT: 62 - |#pragma unroll 2
 CHECK-NEXT: 63 11 |    for (i = 0; i < n; ++i)
 CHECK-NEXT: 64 10 |      s += i;
 CHECK-NEXT: 65 11 |  NOUNROLL for (i = 0; i < n; ++i) s += i;
 CHECK-NEXT: 66 1 |  return s;
 CHECK-NEXT: 67 - |}
 */
