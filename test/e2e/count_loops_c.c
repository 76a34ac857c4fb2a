// Count mode in C: a loop that calls nothing counts in registers without a
// new warning (the block it opens starts with its declaration); a loop
// whose variable has a cleanup function (a call at every iteration's end)
// counts in memory. Same counts as timing mode.
//
// RUN: %clang -std=c11 -O2 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: lprof-rewrite --mode=count %s -- -std=c11 | FileCheck %s --check-prefix=REWRITE
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %python %S/Inputs/compare_modes.py %t.dir %s -std=c11 -pedantic -Wdeclaration-after-statement | FileCheck %s --check-prefix=SAME
static void done(int *p) { (void)p; }

__attribute__((profile)) int sums(int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; ++i) {
    int t __attribute__((cleanup(done))) = i;
    s += t;
  }
  for (i = 0; i < n; ++i)
    s += i;
  return s;
}

int main(void) { return sums(3) + sums(4) == 18 ? 0 : 1; }

// CHECK:      Function: sums at line 14
// CHECK-NEXT: 14 - |__attribute__((profile)) int sums(int n) {
// CHECK-NEXT: 15 2 |  int s = 0;
// CHECK-NEXT: 16 - |  int i;
// CHECK-NEXT: 17 9 |  for (i = 0; i < n; ++i) {
// CHECK-NEXT: 18 7 |    int t __attribute__((cleanup(done))) = i;
// CHECK-NEXT: 19 7 |    s += t;
// CHECK-NEXT: 20 - |  }
// CHECK-NEXT: 21 9 |  for (i = 0; i < n; ++i)
// CHECK-NEXT: 22 7 |    s += i;
// CHECK-NEXT: 23 2 |  return s;

// REWRITE:     (__lprof_line(&__lprof_f,3),i < n); ++i) {
// REWRITE:     {__lprof_loop __lprof_l{{[0-9]+}} __attribute__((__cleanup__(__lprof_loop_close))) = __lprof_loop_open(&__lprof_f,7,2);for (i = 0; (__lprof_loop_line(&__lprof_l{{[0-9]+}},0),i < n); ++i)

// SAME: count_loops_c.c: same counts (1 functions), 1 loops in registers
