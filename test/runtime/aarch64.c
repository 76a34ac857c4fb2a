// The runtime and the probes compile for AArch64 (cntvct_el0 as the
// counter), warning-free, in every probe mode. Compile only: there is no
// AArch64 machine to run on here.
//
// REQUIRES: aarch64-sysroot
// RUN: rm -rf %t.dir && mkdir %t.dir && cd %t.dir && %plain-clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include -std=c11 -O2 -Wall -Wextra -Werror -I%S/../../runtime/src -c %S/../../runtime/src/*.c
// RUN: %plain-clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include -O2 -Wall -Wextra -Werror -D__LPROF_MODE=0 -c %s -o /dev/null
// RUN: %plain-clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include -O2 -Wall -Wextra -Werror -D__LPROF_MODE=1 -c %s -o /dev/null
// RUN: %plain-clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include -O2 -Wall -Wextra -Werror -D__LPROF_MODE=2 -c %s -o /dev/null
// RUN: %plain-clang --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include -O2 -S -D__LPROF_MODE=0 %s -o - | FileCheck %s
// CHECK: mrs {{x[0-9]+}}, CNTVCT_EL0

#include "Inputs/instrumented.h"

static __lprof_function fns[] = {FUNCTION("f", 1, 3)};
REGISTER(fns)

int f(int n);
int f(int n) {
  ENTER(&fns[0]);
  LINE(1);
  int total = 0;
  for (int i = 0; (LINE(2), i < n); ++i)
    total += i;
  return total;
}
