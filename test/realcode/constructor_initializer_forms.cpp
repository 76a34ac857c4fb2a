// Regression test: this failed before the fix described below.
// Found in fmt (include/fmt/os.h `ostream_params(T... params, int) :
// ostream_params(params...)`) and googletest/googlemock
// (`begin_(std::get<I>(generators).begin()...)`): the instrumented build
// stops with "expected ')'" and "initializer contains unexpanded parameter
// pack". The probe of a member initializer is put around its first
// argument as `(probe, arg)`; that is wrong whenever the argument's form
// matters, not only its value:
//  - a pack expansion `args...` cannot be an operand of a comma;
//  - `ptr(0)` / `ptr(NULL)`: `(probe, 0)` is no null pointer constant;
//  - `text("abc")` for a char array member needs the string literal itself;
//  - `small{1}`: `(probe, 1)` is no constant expression, so the braced
//    initializer becomes a narrowing error.
// Root cause: Instrumenter.cpp instrumentInitializers()/firstArgument()
// wraps any first argument that is not a braced list. It should skip (or
// count differently) pack expansions, null pointer constants, string
// literals and braced initializers, e.g. by putting the hit in an extra
// argument-free place such as a comma before a non-pack, non-constant
// argument only.
//
// RUN: %clangxx -std=c++17 -O1 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-file='*' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstddef>
#include <cstdio>

struct Base {
  int v;
  Base(int a, int b) : v(a + b) {}
};

template <typename... T> struct Forms : Base {
  int *ptr;
  const int *other;
  char text[4];
  unsigned char small;
  Forms(T... args)
      : Base(args...),
        ptr(0),
        other(NULL),
        text("abc"),
        small{1} {}
};

int main() {
  Forms<int, int> f(20, 22);
  std::printf("%d %d %s %d\n", f.v, f.ptr == f.other, f.text, f.small);
  return 0;
}

// OUT: 42 1 abc 1

// CHECK:      Function: Base::Base at line 29
// CHECK-NEXT: 29 1 |  Base(int a, int b) : v(a + b) {}
// CHECK:      Function: Forms::Forms<T...> at line 37
// CHECK-NEXT: 37 - |  Forms(T... args)
// CHECK-NEXT: 38 1 |      : Base(args...),
// CHECK-NEXT: 39 1 |        ptr(0),
// CHECK-NEXT: 40 1 |        other(NULL),
// CHECK-NEXT: 41 1 |        text("abc"),
// CHECK-NEXT: 42 1 |        small{1} {}
