// Coroutines with memory profiling on: a timing-mode coroutine charges its
// own lines while it runs, across suspensions, and the resumer's lines
// after it suspends are charged again; nothing crashes when the frame
// is destroyed.
//
// RUN: %clangxx -std=c++20 -O1 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s

// OUT: sum 3

// CHECK:      version 1.5
// CHECK-NEXT: co_alloc: allocs 3 bytes 300 frees 0 freed 0 net 300 retained 0/0
// CHECK-NEXT: co_free: allocs 0 bytes 0 frees 3 freed 300 net -300 retained 0/0
// CHECK-NEXT: after: allocs 1 bytes 55 frees 0 freed 0 net 55 retained 1/55
// CHECK:      run: {{.*}} consistent
#include <coroutine>
#include <cstdio>
#include <cstdlib>

struct Generator {
  struct promise_type {
    int value = 0;
    Generator get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> handle;
};

static void *volatile kept;

[[profile]] Generator produce() {
  for (int i = 0; i < 3; ++i) {
    kept = std::malloc(100); // M:co_alloc
    co_yield i;
    std::free(kept); // M:co_free
  }
}

[[profile]] int consume() {
  Generator g = produce();
  int sum = 0;
  while (g.handle.resume(), !g.handle.done())
    sum += g.handle.promise().value;
  g.handle.destroy();
  void *after = std::malloc(55); // M:after
  kept = after;
  return sum;
}

int main() {
  std::printf("sum %d\n", consume());
  return 0;
}
