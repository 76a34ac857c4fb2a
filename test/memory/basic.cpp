// Memory per line (LPROF_MEMORY=1): exact allocation, free, net and
// retained figures for each way of allocating, callees' allocations charged
// to the calling line too (inclusive), a caller's line charged again after
// a profiled callee returns, and a function's peak. Without LPROF_MEMORY
// the file has no memory records and the program behaves the same.
//
// RUN: %clangxx -std=c++17 -O2 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t > %t.on.out
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t > %t.off.out
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s --check-prefix=OFF
// RUN: %plain-clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: diff %t.plain.out %t.on.out
// RUN: diff %t.plain.out %t.off.out
// RUN: FileCheck %s --check-prefix=OUT < %t.on.out

// OUT: checksum 4

// CHECK:      version 1.5
// CHECK-NEXT: vector: allocs 10 bytes 10485760 frees 10 freed 10485760 net 0 retained 0/0 self 10/10485760
// CHECK-NEXT: leak: allocs 150 bytes 9600 frees 0 freed 0 net 9600 retained 100/6400 self 150/9600
// CHECK-NEXT: free_some: allocs 0 bytes 0 frees 50 freed 3200 net -3200 retained 0/0
// The callee's line: 1000 + 24 bytes from two calls, its own (self).
// CHECK-NEXT: callee_alloc: allocs 2 bytes 1024 frees 0 freed 0 net 1024 retained 0/0 self 2/1024
// The caller's lines: the callee's allocations too (inclusive), but only
// their own ones as allocation sites (self).
// CHECK-NEXT: call: allocs 1 bytes 24 frees 1 freed 24 net 0 retained 0/0 self 0/0
// CHECK-NEXT: after: allocs 2 bytes 1077 frees 0 freed 0 net 1077 retained 0/0 self 1/77
// CHECK-NEXT: free_after: allocs 0 bytes 0 frees 2 freed 1077 net -1077 retained 0/0
// CHECK-NEXT: r0: allocs 1 bytes 100 frees 0 freed 0 net 100 retained 0/0
// CHECK-NEXT: r1: allocs 1 bytes 1000 frees 1 freed 100 net 900 retained 0/0
// CHECK-NEXT: r2: allocs 1 bytes 100000 frees 1 freed 1000 net 99000 retained 0/0
// CHECK-NEXT: r3: allocs 0 bytes 0 frees 1 freed 100000 net -100000 retained 0/0
// CHECK-NEXT: calloc: allocs 1 bytes 300 frees 0 freed 0 net 300 retained 1/300
// CHECK-NEXT: aligned_alloc: allocs 1 bytes 640 frees 0 freed 0 net 640 retained 0/0
// CHECK-NEXT: posix_memalign: allocs 1 bytes 1280 frees 0 freed 0 net 1280 retained 0/0
// CHECK-NEXT: free_aligned: allocs 0 bytes 0 frees 2 freed 1920 net -1920 retained 0/0
// CHECK-NEXT: new_array: allocs 1 bytes 100 frees 0 freed 0 net 100 retained 0/0
// CHECK-NEXT: new_object: allocs 1 bytes 48 frees 0 freed 0 net 48 retained 0/0
// CHECK-NEXT: new_aligned: allocs 1 bytes 512 frees 0 freed 0 net 512 retained 0/0
// CHECK-NEXT: new_nothrow: allocs 1 bytes 33 frees 0 freed 0 net 33 retained 1/33
// CHECK-NEXT: new_aligned_array: allocs 1 bytes 1024 frees 0 freed 0 net 1024 retained 0/0
// CHECK-NEXT: deletes: allocs 0 bytes 0 frees 4 freed 1684 net -1684 retained 0/0
// CHECK-DAG: peak vectors 1048576
// CHECK-DAG: peak caller 1077
// CHECK-DAG: peak callee 1000
// CHECK: run: {{.*}} consistent

// OFF:      version 1.5
// OFF-NEXT: vector: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// OFF-NOT:  peak
// OFF:      memory: none
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#ifndef __clang_major__
#error
#endif
#if !__has_cpp_attribute(profile)
#define profile maybe_unused
#endif

// Keeps the optimizer from removing allocations whose blocks go unused.
__attribute__((noinline)) static void escape(const void *p) {
  asm volatile("" : : "r"(p) : "memory");
}

[[profile]] void vectors() {
  for (int i = 0; i < 10; ++i) {
    std::vector<char> v(1 << 20); escape(v.data()); // M:vector
  }
}

static void *blocks[150];

[[profile]] void leak() {
  for (int i = 0; i < 150; ++i)
    blocks[i] = std::malloc(64); // M:leak
  for (int i = 0; i < 50; ++i)
    std::free(blocks[i]); // M:free_some
}

[[profile]] void *callee(size_t n) {
  return std::malloc(n); // M:callee_alloc
}

[[profile]] void caller() {
  std::free(callee(24)); // M:call
  void *a;
  void *b = (a = callee(1000), std::malloc(77)); // M:after
  escape(a);
  escape(b);
  std::free(a), std::free(b); // M:free_after
}

struct Object {
  char bytes[48];
};
struct alignas(256) Over {
  char bytes[512];
};
struct alignas(128) OverArray {
  char bytes[128];
};

[[profile]] int allocators() {
  void *p = std::malloc(100); // M:r0
  escape(p);
  p = std::realloc(p, 1000); // M:r1
  escape(p);
  p = std::realloc(p, 100000); // M:r2
  escape(p);
  std::free(p); // M:r3
  void *c = std::calloc(10, 30); // M:calloc
  escape(c);
  void *a = std::aligned_alloc(64, 640); // M:aligned_alloc
  void *m = nullptr;
  int failed = posix_memalign(&m, 128, 1280); // M:posix_memalign
  escape(a);
  escape(m);
  std::free(a), std::free(m); // M:free_aligned
  int *array = new int[25]; // M:new_array
  Object *object = new Object; // M:new_object
  Over *over = new Over; // M:new_aligned
  char *nothrow = new (std::nothrow) char[33]; // M:new_nothrow
  OverArray *over_array = new OverArray[8]; // M:new_aligned_array
  escape(array), escape(object), escape(over), escape(nothrow), escape(over_array);
  delete[] array, delete object, delete over, delete[] over_array; // M:deletes
  return failed + (nothrow != nullptr);
}

int main() {
  vectors();
  leak();
  caller();
  int checksum = allocators();
  std::printf("checksum %d\n", checksum + 3);
  return 0;
}
