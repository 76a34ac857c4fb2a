// A user's compile errors and warnings come out exactly as without the
// plugin.
//
// RUN: not %clangxx -Wall -c %s -o %t.o 2> %t.with
// RUN: not %plain-clangxx -Wall -c %s -o %t.o 2> %t.without
// RUN: diff %t.with %t.without
// RUN: FileCheck %s < %t.with
#include <lineprof.h>

LPROF_PROFILE int warns(int n) {
  int unused;
  return n;
}

LPROF_PROFILE int broken(int n) {
  for (int i = 0; i < n; ++i)
    n += undeclared_name;
  return n;
}

// CHECK: compile_errors.cpp:11:7: warning: unused variable 'unused'
// CHECK: compile_errors.cpp:17:10: error: use of undeclared identifier 'undeclared_name'
