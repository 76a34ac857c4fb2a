/*
 Labels written by a macro with token pasting, as an interpreter's
 computed-goto dispatch does (`#define vmcase(l) L_##l:` in Lua), count
 each arrival.

 RUN: %clang -fplugin-arg-lineprof-function=run -std=c99 -O2 -Wall -Wextra -pedantic -Wno-gnu-label-as-value -Werror %s %rt -o %t
 RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
 RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 */
#include <stdio.h>
#define vmcase(l) L_##l:
#define vmdispatch(x) goto *table[x]

static int run(const int *code) {
  static void *const table[] = {&&L_0, &&L_1};
  int acc = 0;
  vmdispatch(*code);
  vmcase(0)
    acc += 1;
    ++code;
    vmdispatch(*code);
  vmcase(1)
    return acc;
}

int main(void) {
  const int code[] = {0, 0, 0, 1};
  printf("%d\n", run(code));
  return 0;
}

/*
 OUT: 3
 CHECK:      Function: run at line 14
 CHECK-NEXT: 14 - |static int run(const int *code) {
 CHECK-NEXT: 15 - |  static void *const table[] = {&&L_0, &&L_1};
 CHECK-NEXT: 16 1 |  int acc = 0;
 CHECK-NEXT: 17 1 |  vmdispatch(*code);
 CHECK-NEXT: 18 3 |  vmcase(0)
 CHECK-NEXT: 19 3 |    acc += 1;
 CHECK-NEXT: 20 3 |    ++code;
 CHECK-NEXT: 21 3 |    vmdispatch(*code);
 CHECK-NEXT: 22 1 |  vmcase(1)
 CHECK-NEXT: 23 1 |    return acc;
 CHECK-NEXT: 24 - |}
 */
