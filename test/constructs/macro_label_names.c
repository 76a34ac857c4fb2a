/*
 wren's interpreter (src/vm/wren_vm.c, runInterpreter): labels whose name a
 macro pastes, `CASE_CODE(A):` with `#define CASE_CODE(name) code_##name`
 and the colon written after the use, reached by computed goto through a
 table of `&&code_A`. The probe goes after the colon; it went before it,
 the labels were gone and the whole interpreter loop was left plain.

 RUN: %plain-clang -O2 -Wall -Wextra -c %s -o %t.plain.o 2> %t.plain.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -O2 -g -Wall -Wextra %s %rt -o %t.O2 2> %t.O2.txt
 RUN: diff %t.plain.txt %t.O2.txt
 RUN: %clang -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-remarks=all -O0 -g -Wall -Wextra -Werror %s %rt -o %t.O0 2>&1 | count 0
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O2 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t.O0 | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>

#define CASE_CODE(name) code_##name
#define DISPATCH() goto *table[*code++]

static int run(const unsigned char *code) {
  static void *table[] = {&&code_A, &&code_B, &&code_END};
  int acc = 0;
  DISPATCH();
  CASE_CODE(A):
  CASE_CODE(B):
    acc += 1;
    DISPATCH();
  CASE_CODE(END):
    return acc;
}

int main(void) {
  unsigned char program[] = {0, 1, 0, 2};
  printf("%d\n", run(program));
  return 0;
}

/*
 OUT: 3

 CHECK:      Function: run at line 22
 CHECK-NEXT: 22 - |static int run(const unsigned char *code) {
 CHECK-NEXT: 23 - |  static void *table[] = {&&code_A, &&code_B, &&code_END};
 CHECK-NEXT: 24 1 |  int acc = 0;
 CHECK-NEXT: 25 1 |  DISPATCH();
 Two jumps to A; B: one jump and A's two falling through.
 CHECK-NEXT: 26 2 |  CASE_CODE(A):
 CHECK-NEXT: 27 3 |  CASE_CODE(B):
 CHECK-NEXT: 28 3 |    acc += 1;
 CHECK-NEXT: 29 3 |    DISPATCH();
 CHECK-NEXT: 30 1 |  CASE_CODE(END):
 CHECK-NEXT: 31 1 |    return acc;
 CHECK-NEXT: 32 - |}
 */
