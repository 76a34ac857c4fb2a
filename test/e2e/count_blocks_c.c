/* Count mode's straight-line runs in C (count_blocks.cpp): a longjmp out of
 * a callee, a setjmp that returns twice, calls of library functions that
 * cannot jump (strlen, memcpy) and of a function of another translation
 * unit (qsort, whose comparator could jump), and declarations after
 * statements.
 *
 * RUN: %clang -std=c11 -O2 -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t
 * RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
 * RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
 * Compared with timing mode in count_blocks.cpp.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf env;

static void check(int i) {
  if (i == 3)
    longjmp(env, 1);
}

static int compare(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

[[profile]] int escapes(int n) {
  volatile int count = 0;
  char text[16];
  int values[4] = {3, 1, 2, 0};
  int jumped = setjmp(env);
  count += jumped;
  if (jumped)
    return count;
  for (int i = 0; i < n; ++i) {
    count += 1;
    count += (int)strlen("abc");
    memcpy(text, "hello", 6);
    check(i);
    count += 2;
    qsort(values, 4, sizeof values[0], compare);
    count += values[0];
  }
  return count;
}

[[profile]] int main(void) {
  printf("%d\n", escapes(10));
  int after = 1;
  after += 2;
  printf("%d\n", after);
  return 0;
}

/* OUT: 23
 * OUT-NEXT: 3
 *
 * CHECK-LABEL: Function: escapes
 * CHECK: 29 1 |  volatile int count = 0;
 * CHECK-NEXT: 30 - |  char text[16];
 * CHECK-NEXT: 31 1 |  int values[4] = {3, 1, 2, 0};
 * CHECK-NEXT: 32 1 |  int jumped = setjmp(env);
 * CHECK-NEXT: 33 2 |  count += jumped;
 * CHECK-NEXT: 34 2 |  if (jumped)
 * CHECK-NEXT: 35 1 |    return count;
 * CHECK-NEXT: 36 4 |  for (int i = 0; i < n; ++i) {
 * CHECK-NEXT: 37 4 |    count += 1;
 * CHECK-NEXT: 38 4 |    count += (int)strlen("abc");
 * CHECK-NEXT: 39 4 |    memcpy(text, "hello", 6);
 * CHECK-NEXT: 40 4 |    check(i);
 * CHECK-NEXT: 41 3 |    count += 2;
 * CHECK-NEXT: 42 3 |    qsort(values, 4, sizeof values[0], compare);
 * CHECK-NEXT: 43 3 |    count += values[0];
 *
 * CHECK-LABEL: Function: main
 * CHECK: 49 1 |  printf("%d\n", escapes(10));
 * CHECK-NEXT: 50 1 |  int after = 1;
 * CHECK-NEXT: 51 1 |  after += 2;
 * CHECK-NEXT: 52 1 |  printf("%d\n", after);
 * CHECK-NEXT: 53 1 |  return 0;
 */
