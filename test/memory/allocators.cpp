// Programs that bring their own allocator link and run correctly with and
// without memory profiling: jemalloc and tcmalloc linked as shared
// libraries (the hooks forward to them, and count exactly), and a program
// with its own operator new and delete (counted through the malloc they
// call, once each).
//
// RUN: %clangxx -std=c++17 -O2 -g %s %rt -ljemalloc -o %t.je
// RUN: %t.je | FileCheck %s --check-prefix=OUT
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t.je 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s
//
// RUN: %clangxx -std=c++17 -O2 -g %s %rt -ltcmalloc -o %t.tc
// RUN: %t.tc | FileCheck %s --check-prefix=OUT
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t.tc 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s
//
// RUN: %clangxx -std=c++17 -O2 -g -DOWN_NEW %s %rt -o %t.own
// RUN: %t.own | FileCheck %s --check-prefixes=OUT,OWN
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t.own 2>&1 | FileCheck %s --check-prefixes=OUT,OWN
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s
//
// Which allocator is in use is visible in nm -D: the executable exports the
// hooks, so that every library's calls reach them.
// RUN: llvm-nm -D --defined-only %t.je | FileCheck %s --check-prefix=EXPORTS
// EXPORTS-DAG: W _Znwm
// EXPORTS-DAG: W _ZdlPv
// EXPORTS-DAG: W free
// EXPORTS-DAG: W malloc
// EXPORTS-DAG: W realloc

// OUT-NOT: lineprof:
// OUT:     sum 523821
// OWN:     own news 10
// OUT-NOT: lineprof:

// CHECK:      version 1.5
// CHECK-NEXT: vector: allocs 10 bytes 10240 frees 10 freed 10240 net 0 retained 0/0
// CHECK-NEXT: malloc: allocs 100 bytes 6400 frees 0 freed 0 net 6400 retained 49/3136
// CHECK-NEXT: free: allocs 0 bytes 0 frees 50 freed 3200 net -3200 retained 0/0
// CHECK-NEXT: realloc: allocs 1 bytes 4096 frees 1 freed 64 net 4032 retained 1/4096
// CHECK:      run: {{.*}} consistent
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#ifdef OWN_NEW
static int news;
void *operator new(std::size_t n) {
  ++news;
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
#endif

__attribute__((noinline)) static void escape(const void *p) {
  asm volatile("" : : "r"(p) : "memory");
}

static void *blocks[100];

[[profile]] long work() {
  long sum = 0;
  for (int i = 0; i < 10; ++i) {
    std::vector<int> v(256, i); escape(v.data()); sum += v[255]; // M:vector
  }
  for (int i = 0; i < 100; ++i)
    blocks[i] = std::malloc(64); // M:malloc
  for (int i = 0; i < 50; ++i)
    std::free(blocks[i]); // M:free
  blocks[50] = std::realloc(blocks[50], 4096); // M:realloc
  for (int i = 0; i < 1024; ++i)
    sum += i;
  return sum;
}

int main() {
  std::printf("sum %ld\n", work());
#ifdef OWN_NEW
  std::printf("own news %d\n", news);
#endif
  return 0;
}
