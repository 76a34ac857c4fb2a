// Call edges (format 1.5) in the callgrind export: exact call counts per
// calling line and callee; a recursive call inside a running activation
// carries its count and no time; a lambda's activations (a std::sort
// comparator) are calls of the enclosing function from the std::sort line;
// threads' edges add up. callgrind_annotate --inclusive=yes gives the
// calls from outside profiled code the run's total, and each called
// function the sum of its calls' costs.
//
// RUN: %clangxx -std=c++17 -O1 -g -pthread %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report --format=callgrind --raw -o %t.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | FileCheck %s
// The net variant has the same calls, and its totals add up too: each
// call's net cost is its share of the callee's lines' net self costs and
// calls (docs/report.md; totals checked at the end of this file).
// RUN: %lprof-report --format=callgrind -o %t.net.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.net.callgrind > %t.net.annotated
// RUN: %python %inputs/check_calls.py %t.net.callgrind %t.net.annotated > %t.net.checked && grep '^edge' %t.net.checked > %t.net.edges
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | grep '^edge' | diff - %t.net.edges
#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

[[profile]] long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

[[profile]] bool is_odd(unsigned n);
[[profile]] bool is_even(unsigned n) {
  return n == 0 ? true : is_odd(n - 1);
}
[[profile]] bool is_odd(unsigned n) {
  return n == 0 ? false : is_even(n - 1);
}

[[profile]] long square(long x) { return x * x; }
[[profile]] long first_caller(long x) {
  return square(x) + square(x + 1);
}
[[profile]] long second_caller(long x) {
  long sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += square(x + i);
  return sum;
}

[[profile]] int sorter(std::vector<int> v) {
  std::sort(v.begin(), v.end(), [](int a, int b) {
    return a > b;
  });
  return v.front();
}

[[profile]] long work(int n) {
  return fib(n) + square(n);
}

int main() {
  long total = fib(12);
  total += is_even(10);
  total += first_caller(2) + second_caller(3);
  total += sorter({5, 3});
  long a = 0, b = 0;
  std::thread t1([&] { a = work(10); });
  std::thread t2([&] { b = work(10); });
  t1.join();
  t2.join();
  std::printf("%ld %ld %ld\n", total, a, b);
}

// OUT: 213 155 155

// fib(12) makes 464 calls below the outermost, fib(10) 176 in each
// thread; std::sort compares the two elements twice.
// CHECK:      edge (outside profiled code):0 -> fib calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> first_caller calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> is_even calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> second_caller calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> sorter calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> work calls=2
// CHECK-NEXT: edge fib:29 -> fib calls=816
// CHECK-NEXT: edge first_caller:42 -> square calls=2
// CHECK-NEXT: edge is_even:34 -> is_odd calls=5
// CHECK-NEXT: edge is_odd:37 -> is_even calls=5
// CHECK-NEXT: edge second_caller:47 -> square calls=3
// CHECK-NEXT: edge sorter:52 -> sorter calls=2
// CHECK-NEXT: edge work:59 -> fib calls=2
// CHECK-NEXT: edge work:59 -> square calls=2
// CHECK-NEXT: totals ok

// A damaged edge is one line of error; without its EDGE records (a 1.4
// reader's view) the file reads, with no calls.
// RUN: rm -rf %t.bad && mkdir %t.bad && %python %inputs/edge_cases.py %t.lprof %t.bad
// RUN: not %lprof-report %t.bad/callee.lprof 2>&1 | FileCheck %s --check-prefix=CALLEE --match-full-lines
// CALLEE: lprof-report: error: {{.*}}callee.lprof: EDGE record at offset {{[0-9]+}}: edge 0: callee index 8 is out of range (the file has 8 functions)
// RUN: not %lprof-report %t.bad/caller.lprof 2>&1 | FileCheck %s --check-prefix=CALLER --match-full-lines
// CALLER: lprof-report: error: {{.*}}caller.lprof: EDGE record at offset {{[0-9]+}}: edge 0: caller index 13 is out of range (the file has 8 functions)
// RUN: not %lprof-report %t.bad/line.lprof 2>&1 | FileCheck %s --check-prefix=LINE --match-full-lines
// LINE: lprof-report: error: {{.*}}line.lprof: EDGE record at offset {{[0-9]+}}: edge 0: line 2147483649 is not a line of {{[a-z_]+}} (lines {{[0-9]+}} to {{[0-9]+}})
// RUN: not %lprof-report %t.bad/outside-line.lprof 2>&1 | FileCheck %s --check-prefix=OUTSIDE --match-full-lines
// OUTSIDE: lprof-report: error: {{.*}}outside-line.lprof: EDGE record at offset {{[0-9]+}}: edge 0: line 7 for a call from outside any profiled line (must be 0)
// RUN: not %lprof-report %t.bad/count.lprof 2>&1 | FileCheck %s --check-prefix=COUNT --match-full-lines
// COUNT: lprof-report: error: {{.*}}count.lprof: EDGE record at offset {{[0-9]+}}: count 268435456 needs 9663676416 bytes of edges, but only {{[0-9]+}} remain in the record
// RUN: %lprof-report --format=callgrind %t.bad/no-edges.lprof | FileCheck %s --check-prefix=NO-EDGES
// NO-EDGES: events: ns Hits
// NO-EDGES-NOT: calls=
// NO-EDGES: totals:

// JSON has the same edges.
// RUN: %lprof-report --format=json %t.lprof | %python -c "import json,sys; [print('json', c['caller'] and c['caller']['name'], c['line'], c['callee']['name'], c['calls']) for c in json.load(sys.stdin)['calls']]" | FileCheck %s --check-prefix=JSON
// JSON: json None 0 fib 1
// JSON: json fib 29 fib 816
// JSON: json sorter 52 sorter 2
// JSON: json work 59 square 2

// The callers and callees views (pstats' print_callers, print_callees):
// per function matched, each calling line or callee with its exact calls,
// and a total row; a recursive call carries no time of its own.
// RUN: %lprof-report --raw --callers 'fib|square' %t.lprof | FileCheck %s --check-prefix=CALLERS --match-full-lines
// CALLERS:      Callers of fib at {{.*}}call_edges.cpp:26
// CALLERS-EMPTY:
// CALLERS-NEXT:     Calls         Time     Per Call  Called from
// CALLERS-NEXT: ================================================
// CALLERS-NEXT:         1 {{ *[0-9.]+ +[0-9.]+}}  (outside profiled code)
// CALLERS-NEXT:       816          0.0          0.0  fib, line 29: return fib(n - 1) + fib(n - 2);
// CALLERS-NEXT:         2 {{ *[0-9.]+ +[0-9.]+}}  work, line 59: return fib(n) + square(n);
// CALLERS-NEXT:       819 {{ *[0-9.]+ +[0-9.]+}}  (total)
// CALLERS-EMPTY:
// CALLERS-NEXT: Callers of square at {{.*}}call_edges.cpp:40
// CALLERS-EMPTY:
// CALLERS-NEXT:     Calls         Time     Per Call  Called from
// CALLERS-NEXT: ================================================
// CALLERS-NEXT:         2 {{ *[0-9.]+ +[0-9.]+}}  first_caller, line 42: return square(x) + square(x + 1);
// CALLERS-NEXT:         3 {{ *[0-9.]+ +[0-9.]+}}  second_caller, line 47: sum += square(x + i);
// CALLERS-NEXT:         2 {{ *[0-9.]+ +[0-9.]+}}  work, line 59: return fib(n) + square(n);
// CALLERS-NEXT:         7 {{ *[0-9.]+ +[0-9.]+}}  (total)
// RUN: %lprof-report --callees 'work|is_.*|first_caller' %t.lprof | FileCheck %s --check-prefix=CALLEES --match-full-lines
// CALLEES:      Callees of is_even at {{.*}}call_edges.cpp:33
// CALLEES:      {{ +}}5 {{ *[0-9.]+ +[0-9.]+}}  line 34: is_odd at {{.*}}call_edges.cpp:36
// CALLEES-NEXT: {{ +}}5 {{ *[0-9.]+ +[0-9.]+}}  (total)
// CALLEES:      Callees of is_odd at {{.*}}call_edges.cpp:36
// CALLEES:      {{ +}}5 {{ *[0-9.]+ +[0-9.]+}}  line 37: is_even at {{.*}}call_edges.cpp:33
// CALLEES:      Callees of first_caller at {{.*}}call_edges.cpp:41
// CALLEES:      {{ +}}2 {{ *[0-9.]+ +[0-9.]+}}  line 42: square at {{.*}}call_edges.cpp:40
// CALLEES:      Callees of work at {{.*}}call_edges.cpp:58
// CALLEES-EMPTY:
// CALLEES-NEXT:     Calls         Time     Per Call  Calls
// CALLEES-NEXT: ==========================================
// CALLEES-NEXT:         2 {{ *[0-9.]+ +[0-9.]+}}  line 59: fib at {{.*}}call_edges.cpp:26
// CALLEES-NEXT:         2 {{ *[0-9.]+ +[0-9.]+}}  line 59: square at {{.*}}call_edges.cpp:40
// CALLEES-NEXT:         4 {{ *[0-9.]+ +[0-9.]+}}  (total)
// A function that calls nothing profiled says so; a name that matches
// nothing, or a bad expression, is one line of error.
// RUN: %lprof-report --callees square %t.lprof | FileCheck %s --check-prefix=NO-CALLS --match-full-lines
// NO-CALLS:      Callees of square at {{.*}}call_edges.cpp:40
// NO-CALLS-EMPTY:
// NO-CALLS-NEXT:   no recorded calls
// RUN: not %lprof-report --callers nope %t.lprof 2>&1 | FileCheck %s --check-prefix=NO-MATCH --match-full-lines
// NO-MATCH: lprof-report: error: no function matches --callers 'nope' (the pattern must match the whole qualified name, like 'ns::Class::method' or '.*parse.*')
// RUN: not %lprof-report --callees '(' %t.lprof 2>&1 | FileCheck %s --check-prefix=BAD-REGEX --match-full-lines
// BAD-REGEX: lprof-report: error: invalid --callees regular expression '(': parentheses not balanced
// RUN: not %lprof-report --callers fib --format=json %t.lprof 2>&1 | FileCheck %s --check-prefix=NOT-TEXT --match-full-lines
// NOT-TEXT: lprof-report: error: --callers is a view of --format=text
// RUN: FileCheck %s --check-prefix=NET-TOTALS < %t.net.checked
// NET-TOTALS: totals ok
