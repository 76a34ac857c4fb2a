// Constructs that broke builds profiled with every function selected (a
// loop pragma separated from its loop by a probe, a new warning under
// -Werror): whatever the instrumenter does with them, the build succeeds
// with the plain build's diagnostics, and the program computes the same.
// The safety net leaves a function plain where its instrumented text does
// not compile.
//
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %clang -std=c99 -Wall -Wextra -Wdeclaration-after-statement -Wextra-semi-stmt -Wunreachable-code -Werror -O2 -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=none %s %rt -o with 2> with.txt
// RUN: %plain-clang -std=c99 -Wall -Wextra -Wdeclaration-after-statement -Wextra-semi-stmt -Wunreachable-code -Werror -O2 %s -o without 2> without.txt
// RUN: diff with.txt without.txt
// RUN: ./with > with.out && ./without > without.out && diff with.out without.out
// RUN: FileCheck %s < with.out
#include <stdio.h>

static int sum(const int *a, int n) {
  int s = 0;
#pragma unroll 4
  for (int i = 0; i < n; ++i)
    s += a[i];
  return s;
}

static int declares(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    int twice = 2 * i;
    s += twice;
  }
  return s;
}

static int spins(int n) {
  while (n-- > 0)
    ;
  return n;
}

static int cases(int k) {
  switch (k) {
  case 1: {
    return 10;
  } break;
  default:
    return 0;
  }
}

int main(void) {
  int a[5] = {1, 2, 3, 4, 5};
  printf("%d %d %d %d\n", sum(a, 5), declares(4), spins(3), cases(1));
  return 0;
}

// CHECK: 15 12 -1 10
