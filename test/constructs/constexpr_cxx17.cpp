// Before C++20 a constexpr function's probes cannot step aside during
// constant evaluation (that needs a constexpr destructor): the function is
// compiled as written, with a remark, and still works in static_assert.
//
// RUN: %clangxx -std=c++17 -O1 -Wall -Werror %s %rt -o %t 2> %t.remarks
// RUN: FileCheck %s < %t.remarks
// RUN: %t

[[profile]] constexpr int square(int x) { return x * x; }
static_assert(square(3) == 9, "usable in constant expressions");

int main() { return square(2) - 4; }

// CHECK: remark: lineprof: not profiling 'square' ({{.*}}constexpr_cxx17.cpp:9): constexpr functions are instrumented from C++20 on (their probes need a constexpr destructor)
