// The safety net: a function whose instrumented text does not compile is
// left plain, with a remark naming it and the first error, and the rest of
// the unit is still profiled; a warning that only the instrumented text
// gets is not shown; the program computes the same.
// (test-break=/test-warn= spoil the instrumented text of a function.)
//
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %clang -Wall -O1 -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-test-warn=warned %s %rt -o broken 2> broken.txt
// RUN: FileCheck %s --check-prefix=BROKEN < broken.txt
// RUN: ./broken | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report broken.lprof | FileCheck %s --check-prefix=REPORT
//
// -Werror: a new warning would fail the build, so its function is left plain.
// RUN: %clang -Wall -Werror -O1 -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-warn=warned -fplugin-arg-lineprof-remarks=all %s %rt -o werror 2> werror.txt
// RUN: FileCheck %s --check-prefix=WERROR < werror.txt
// RUN: ./werror | FileCheck %s --check-prefix=OUT
//
// Several functions left plain: one summary line by default, one each with
// remarks=all, none with remarks=none, -w or -Rno-remark-backend-plugin.
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-test-break=twice -c %s -o s.o 2> summary.txt
// RUN: FileCheck %s --check-prefix=SUMMARY < summary.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-test-break=twice -fplugin-arg-lineprof-remarks=all -c %s -o s.o 2> all.txt
// RUN: FileCheck %s --check-prefix=ALL < all.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-remarks=none -c %s -o s.o 2> none.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -w -c %s -o s.o 2>> none.txt
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -Rno-remark-backend-plugin -c %s -o s.o 2>> none.txt
// RUN: count 0 < none.txt
//
// Every function broken: the unit compiles plain, nothing is profiled.
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-test-break=twice -fplugin-arg-lineprof-test-break=warned -fplugin-arg-lineprof-test-break=main %s %rt -o plain 2> plain.txt
// RUN: FileCheck %s --check-prefix=PLAIN < plain.txt
// RUN: ./plain | FileCheck %s --check-prefix=OUT
// RUN: llvm-nm plain | FileCheck %s --check-prefix=NO-DESCRIPTORS
//
// The re-check writes the compile's own output, whatever its kind; the
// dependency file is the plain build's.
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-remarks=none -S -o - %s | FileCheck %s --check-prefix=ASM
// RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-test-break=broken -fplugin-arg-lineprof-remarks=none -fno-temp-file -MD -MF with.d -c %s -o notemp.o
// RUN: llvm-nm notemp.o | FileCheck %s --check-prefix=ASM
// RUN: %plain-clang -MD -MF without.d -c %s -o notemp.o
// RUN: diff with.d without.d
#include <stdio.h>

static int broken(int n) {
  return n + 1;
}

static int twice(int n) {
  return 2 * n;
}

static int warned(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += i;
  return s;
}

int main(void) {
  printf("%d %d %d\n", broken(1), twice(2), warned(4));
  return 0;
}

// BROKEN: safety_net.c:44:12: remark: lineprof: not profiling 'broken': its instrumented text does not compile: use of undeclared identifier '__lprof_broken_for_testing' [-Rremark-backend-plugin]
// BROKEN-NOT: warning
// BROKEN-NOT: remark:

// OUT: 2 4 6

// REPORT: Function: twice
// REPORT: Function: warned
// REPORT: 54 {{ *}}5 {{.*}}for (int i = 0; i < n; ++i)
// REPORT: Function: main
// REPORT-NOT: Function: broken

// WERROR: safety_net.c:52:12: remark: lineprof: not profiling 'warned': its instrumented text does not compile: unused variable '__lprof_unused_for_testing' [-Rremark-backend-plugin]
// WERROR-NOT: error
// WERROR-NOT: warning

// SUMMARY: safety_net.c:44:12: remark: lineprof: 2 functions left plain, -fplugin-arg-lineprof-remarks=all for each (here 'broken': its instrumented text does not compile: use of undeclared identifier '__lprof_broken_for_testing') [-Rremark-backend-plugin]
// SUMMARY-NOT: remark:

// ALL: safety_net.c:44:12: remark: lineprof: not profiling 'broken'
// ALL: safety_net.c:48:12: remark: lineprof: not profiling 'twice'
// ALL-NOT: remark:

// PLAIN: remark: lineprof: 4 functions left plain
// PLAIN-NOT: error

// NO-DESCRIPTORS-NOT: __lprof_fn_

// ASM: __lprof_fn_
