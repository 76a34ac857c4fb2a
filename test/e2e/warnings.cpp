// A user's warnings read exactly as without the plugin: same text, same
// columns, no probe code quoted, counted once ("N warnings generated"),
// wherever they are: profiled functions, lambdas in them, template
// instantiations, and a header whose functions are instrumented too.
//
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/warnings.cpp && cp -r %S/Inputs %t/Inputs && cd %t
// RUN: %clangxx -std=c++17 -Wall -Wextra -c warnings.cpp -o with.o 2> with.txt
// RUN: %plain-clangxx -std=c++17 -Wall -Wextra -c warnings.cpp -o without.o 2> without.txt
// RUN: diff with.txt without.txt
// RUN: FileCheck %s < with.txt
// RUN: llvm-nm with.o | FileCheck %s --check-prefix=INSTRUMENTED
#include "Inputs/warns.h"

template <typename T> LPROF_PROFILE T twice(T x) {
  T unused_in_template;
  return x + x;
}

LPROF_PROFILE int f(int n, unsigned u) {
  int unused = 3;
  if (n = 2)
    return n < u;
  auto g = [](int y) {
    int unused_in_lambda;
    return y;
  };
  return g(n) + twice(n) + in_header(n);
}

// CHECK: warns.h:4:7: warning: unused variable 'unused_in_header' [-Wunused-variable]
// CHECK: warnings.cpp:21:9: warning: using the result of an assignment as a condition without parentheses [-Wparentheses]
// CHECK-NEXT: 21 |   if (n = 2)
// CHECK: warnings.cpp:24:9: warning: unused variable 'unused_in_lambda' [-Wunused-variable]
// CHECK: warnings.cpp:20:7: warning: unused variable 'unused' [-Wunused-variable]
// CHECK: warnings.cpp:22:14: warning: comparison of integers of different signs: 'int' and 'unsigned int' [-Wsign-compare]
// CHECK: warnings.cpp:15:5: warning: unused variable 'unused_in_template' [-Wunused-variable]
// CHECK-NOT: __lprof
// CHECK: 6 warnings generated.
// INSTRUMENTED: __lprof_register__link_with_liblineprof_rt
