// Regression test: this failed before the fix described below.
// Found in fmt (FMT_PEDANTIC builds with -Wzero-as-null-pointer-constant):
// every instrumented file gets warnings that plain clang does not give,
// located in `<lineprof probes>`, the prologue pasted before the source
// (the probe ABI from runtime/include/lineprof_abi*.h and the descriptors),
// and on user lines for the probes' own names:
//  - -Wzero-as-null-pointer-constant: `counters != 0` in __lprof_counters;
//  - -Wold-style-cast: `(void)`, `(__UINT32_TYPE__)` casts in the ABI header
//    (a flag many C++ projects use);
// The prologue is part of the main file, so it is not a system header and
// gets the project's warning flags. Wrapping it in `#pragma clang
// diagnostic push/ignored "-Weverything"/pop` would cover it.
// (-Wreserved-identifier, rare outside -Weverything, also fires on every
// `__lprof_*` name, including the frame `__lprof_f` on the user's lines;
// not checked here: reserved names are lineprof's choice against clashes.)
//
// RUN: %clangxx -std=c++20 -O1 -g -Wall -Wextra -pedantic -Wzero-as-null-pointer-constant -Wold-style-cast -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>

static int next(int x) {
  return x + 1;
}

int main() {
  std::printf("%d\n", next(41));
  return 0;
}

// OUT: 42

// CHECK:      Function: next at line 22
// CHECK-NEXT: 22 - |static int next(int x) {
// CHECK-NEXT: 23 1 |  return x + 1;
// CHECK-NEXT: 24 - |}
