// Coroutines: co_await, co_yield and co_return lines count, and the time
// a coroutine spends suspended (here main busy-waits 5 ms before each
// resumption) is charged to no line: the co_await line stays far below it.
//
// RUN: %clangxx -std=c++20 -O1 -g -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report -u 1e-3 %t.lprof | FileCheck %s --check-prefix=TIME
#include <chrono>
#include <coroutine>
#include <cstdio>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

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

std::coroutine_handle<> Waiting;

struct Pause {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { Waiting = h; }
  void await_resume() const noexcept {}
};

int Sum = 0;

[[profile]] Task worker(int n) {
  for (int i = 0; i < n; ++i) {
    co_await Pause{};
    Sum += i;
  }
  co_return;
}

[[profile]] Generator squares(int n) {
  for (int i = 1; i <= n; ++i)
    co_yield i * i;
}

int main() {
  worker(3);
  while (Waiting) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(5);
    while (std::chrono::steady_clock::now() < until) {
    }
    std::coroutine_handle<> h = Waiting;
    Waiting = nullptr;
    h.resume();
  }
  Generator g = squares(3);
  int total = 0;
  while (!g.handle.done()) {
    g.handle.resume();
    if (!g.handle.done())
      total += g.handle.promise().value;
  }
  g.handle.destroy();
  std::printf("%d %d\n", Sum, total);
  return 0;
}

// OUT: 3 14

// CHECK:      Function: worker at line 51
// CHECK-NEXT: 51 - |{{\[\[}}profile]] Task worker(int n) {
// CHECK-NEXT: 52 4 |  for (int i = 0; i < n; ++i) {
// CHECK-NEXT: 53 3 |    co_await Pause{};
// CHECK-NEXT: 54 3 |    Sum += i;
// CHECK-NEXT: 55 - |  }
// CHECK-NEXT: 56 1 |  co_return;
// CHECK-NEXT: 57 - |}
// CHECK:      Function: squares at line 59
// CHECK-NEXT: 59 - |{{\[\[}}profile]] Generator squares(int n) {
// CHECK-NEXT: 60 4 |  for (int i = 1; i <= n; ++i)
// CHECK-NEXT: 61 3 |    co_yield i * i;
// CHECK-NEXT: 62 - |}

// 15 ms of waiting went by while worker was suspended; in milliseconds, the
// co_await line's time must read 0.x (its own cost is microseconds).
// TIME: Function: worker at line 51
// TIME: {{^}}    53         3          0.{{[0-9]}}      0.{{[0-9]}} {{.*}}co_await Pause{};
