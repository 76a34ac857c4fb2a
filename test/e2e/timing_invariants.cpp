// Timing mode's net times are consistent by construction (snapshot.c, the
// net figures raised to their parts): on recursion (fib), deep mutual
// recursion (is_even/is_odd), a std::sort lambda comparator, a call-heavy
// loop of tiny functions (tokens) and examples/primes.cpp, every line is at
// most its function's total, every callee's total at most the lines whose
// calls to it carry time, and the self times sum to the calls from
// outside, in every run, loaded or not (each program runs 5 times; the
// compensation takes more than they measured out of fib's and the tiny
// functions' lines, which before read more than their calling lines).
// Hits are exact.
//
// RUN: %clangxx -std=c++17 -O1 -g %s %rt -o %t
// RUN: %python %inputs/time_invariants.py --runs 5 %lprof-report %t | FileCheck %s --check-prefix=INV
// RUN: %clangxx -std=c++17 -O2 -g %source-dir/examples/primes.cpp %rt -o %t.primes
// RUN: %python %inputs/time_invariants.py --runs 5 %lprof-report %t.primes | FileCheck %s --check-prefix=INV
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <algorithm>
#include <cstdio>
#include <vector>

[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

bool is_odd(unsigned n);

[[profile]] bool is_even(unsigned n) {
  if (n == 0)
    return true;
  return is_odd(n - 1);
}

[[profile]] bool is_odd(unsigned n) {
  if (n == 0)
    return false;
  return is_even(n - 1);
}

[[profile]] long sorter(std::vector<int> v) {
  std::sort(v.begin(), v.end(), [](int a, int b) {
    return a < b;
  });
  return v[v.size() / 2];
}

[[profile]] static bool is_space(char c) { return c == ' '; }
[[profile]] static bool is_word(char c) { return c >= 'a' && c <= 'z'; }

[[profile]] long tokens(const std::vector<char> &text) {
  long words = 0;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && is_space(text[i]))
      ++i;
    if (i < text.size() && is_word(text[i])) {
      while (i < text.size() && is_word(text[i]))
        ++i;
      ++words;
    }
  }
  return words;
}

// OUT: 10946 50 25000 {{[0-9]+}}
[[profile]] int main() {
  long f = fib(21);
  int even = 0;
  for (unsigned k = 0; k < 50; ++k)
    even += is_even(1000 + 2 * k);
  std::vector<int> v(100);
  unsigned x = 12345;
  for (int &e : v)
    e = (int)((x = x * 1103515245u + 12345u) >> 8);
  long median = 0;
  for (int k = 0; k < 30; ++k)
    median += sorter(v);
  std::vector<char> text;
  for (int k = 0; k < 2000; ++k)
    text.push_back(k % 8 == 7 ? ' ' : (char)('a' + k % 26));
  long words = 0;
  for (int k = 0; k < 100; ++k)
    words += tokens(text);
  std::printf("%ld %d %ld %ld\n", f, even, words, median / 30);
  return 0;
}

// INV: invariants hold in 5 runs
// CHECK: Function: fib at line 22
// CHECK: 23 35421 | if (n < 2)
// CHECK-NEXT: 24 17711 | return n;
// CHECK-NEXT: 25 17710 | return fib(n - 1) + fib(n - 2);
// CHECK: Function: is_even at line 30
// CHECK: 31 26275 | if (n == 0)
// CHECK-NEXT: 32 50 | return true;
// CHECK-NEXT: 33 26225 | return is_odd(n - 1);
// CHECK: Function: is_odd at line 36
// CHECK: 37 26225 | if (n == 0)
// CHECK-NEXT: 38 - | return false;
// CHECK-NEXT: 39 26225 | return is_even(n - 1);
// CHECK: Function: sorter at line 42
// CHECK: 43 30 | std::sort(v.begin(), v.end(), [](int a, int b) {
// CHECK-NEXT: 44 23610 | return a < b;
// CHECK: 46 30 | return v[v.size() / 2];
// CHECK: Function: is_space at line 49
// CHECK: 49 50000 |
// CHECK: Function: is_word at line 50
// CHECK: 50 225000 |
// CHECK: Function: tokens at line 52
// CHECK: 54 25200 | for (size_t i = 0; i < text.size();) {
// CHECK-NEXT: 55 50100 | while (i < text.size() && is_space(text[i]))
// CHECK-NEXT: 56 25000 | ++i;
// CHECK-NEXT: 57 25100 | if (i < text.size() && is_word(text[i])) {
// CHECK-NEXT: 58 200000 | while (i < text.size() && is_word(text[i]))
// CHECK-NEXT: 59 175000 | ++i;
// CHECK-NEXT: 60 25000 | ++words;
// CHECK: Function: main at line 67
// CHECK: 68 1 | long f = fib(21);
// CHECK: 71 50 | even += is_even(1000 + 2 * k);
// CHECK: 78 30 | median += sorter(v);
// CHECK: 84 100 | words += tokens(text);
