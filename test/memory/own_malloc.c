// A program with its own malloc, free, calloc and realloc links (the
// runtime's are weak) and runs correctly; with LPROF_MEMORY=1 the runtime
// says once that it cannot see the program's allocations, and writes a
// profile anyway.
//
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra %s %rt -o %t
// RUN: %t | FileCheck %s --check-prefix=OUT
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t 2> %t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s

// OUT: own mallocs 100, frees 100, sum 4950

// ERR:     lineprof: LPROF_MEMORY: the program brings its own malloc
// ERR-NOT: lineprof:

// CHECK: version 1.5
// CHECK: alloc: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// CHECK: run: allocs 0 bytes 0 frees 0 freed 0
#include <stddef.h>
#include <stdio.h>
#include <string.h>

void *__libc_malloc(size_t);
void __libc_free(void *);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);

static int mallocs, frees;

void *malloc(size_t n) {
  ++mallocs;
  return __libc_malloc(n);
}
void free(void *p) {
  if (p)
    ++frees;
  __libc_free(p);
}
void *calloc(size_t n, size_t size) { return __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { return __libc_realloc(p, n); }

static int *blocks[100];

__attribute__((profile)) static long work(void) {
  long sum = 0;
  int before = mallocs, before_frees = frees;
  for (int i = 0; i < 100; ++i)
    blocks[i] = malloc(sizeof(int)); /* M:alloc */
  for (int i = 0; i < 100; ++i) {
    *blocks[i] = i;
    sum += *blocks[i];
    free(blocks[i]);
  }
  mallocs -= before;
  frees -= before_frees;
  return sum;
}

int main(void) {
  long sum = work();
  printf("own mallocs %d, frees %d, sum %ld\n", mallocs, frees, sum);
  return 0;
}
