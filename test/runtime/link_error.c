// Instrumented code linked without the runtime fails to link, and the
// linker's message names the library to add.
//
// RUN: not %plain-clang %s -o %t 2>&1 | FileCheck %s
// CHECK: undefined reference to {{.*}}__lprof_register__link_with_liblineprof_rt
// CHECK: undefined reference to {{.*}}__lprof_attach__link_with_liblineprof_rt

#include "Inputs/instrumented.h"

static __lprof_function fns[] = {FUNCTION("main", 1, 2)};
REGISTER(fns)

int main(void) {
  ENTER(&fns[0]);
  LINE(1);
  return 0;
}
