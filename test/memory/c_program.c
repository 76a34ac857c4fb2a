// A C program, compiled as C and linked without the C++ library, links
// with the runtime's allocation hooks and is profiled; a longjmp out of
// profiled functions with memory profiling on does not crash, and lines
// run afterwards are still charged exactly.
//
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s --check-prefix=OFF

// OUT: jumps 1000

// Each of the 1000 top() calls: deep(5) recurses 6 levels, allocating 10
// bytes per level, and jumps out of the innermost; top's next line
// allocates 500 bytes.
// CHECK:      version 1.5
// The calling line has them too (inclusive), even when the calls ended
// with a longjmp, but is not their allocation site (self).
// CHECK-NEXT: deep_alloc: allocs 6000 bytes 60000 frees 0 freed 0 net 60000 retained 0/0 self 6000/60000
// CHECK-NEXT: call_deep: allocs 6000 bytes 60000 frees 0 freed 0 net 60000 retained 0/0 self 0/0
// CHECK-NEXT: after_jump: allocs 1000 bytes 500000 frees 0 freed 0 net 500000 retained 0/0 self 1000/500000
// CHECK-NEXT: free_all: allocs 0 bytes 0 frees 7000 freed 560000 net -560000 retained 0/0
// The peak of top: 60 + 500 bytes before freeing.
// CHECK-DAG:  peak top 560
// CHECK:      run: {{.*}} consistent

// OFF: memory: none

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static jmp_buf target;
static void *kept[7];
static int depth_reached;

__attribute__((profile)) static void deep(int n) {
  kept[n] = malloc(10); /* M:deep_alloc */
  if (n == 0)
    longjmp(target, 1);
  deep(n - 1);
  depth_reached = n;
}

__attribute__((profile)) static int top(void) {
  int jumped = 0;
  if (setjmp(target) == 0)
    deep(5); /* M:call_deep */
  else
    jumped = 1;
  kept[6] = malloc(500); /* M:after_jump */
  for (int i = 0; i < 7; ++i)
    free(kept[i]); /* M:free_all */
  return jumped;
}

int main(void) {
  int jumps = 0;
  for (int i = 0; i < 1000; ++i)
    jumps += top();
  printf("jumps %d\n", jumps);
  return depth_reached;
}
