// Call edges in count mode: exact calls per calling line and callee, the
// same as timing mode's (call_edges.cpp), recorded by the callee's entry
// from the call site the thread is on (lineprof_abi.h, __lprof_count_call).
// A line calling two functions gives each its calls (the first callee's
// leave gives the line its site back); recursion, mutual recursion, a
// call through a function pointer, a lambda (a std::sort comparator, a
// call of the enclosing function from the std::sort line), a call made
// through unprofiled code (qsort's comparator: from the profiled line
// below it on the stack), calls from outside profiled code and from
// threads, and a child after fork.
//
// RUN: %clangxx -std=c++17 -O2 -g -pthread -fplugin-arg-lineprof-mode=count %s %rt -o %t
// RUN: rm -rf %t.d && mkdir %t.d && env LPROF_OUTPUT=%t.d/prof.lprof %t fork | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report --format=callgrind -o %t.callgrind %t.d/prof.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py --hits %t.callgrind %t.annotated | FileCheck %s
//
// Without optimization the probes are calls: the same edges.
// RUN: %clangxx -std=c++17 -O0 -g -pthread -fplugin-arg-lineprof-mode=count %s %rt -o %t.O0
// RUN: rm -f %t.O0.lprof && env LPROF_OUTPUT=%t.O0.lprof %t.O0 > /dev/null
// RUN: %lprof-report --format=callgrind -o %t.O0.callgrind %t.O0.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.O0.callgrind > %t.O0.annotated
// RUN: %python %inputs/check_calls.py --hits %t.O0.callgrind %t.O0.annotated | FileCheck %s
//
// Timing mode records the same calls.
// RUN: %clangxx -std=c++17 -O2 -g -pthread %s %rt -o %t.timing
// RUN: rm -f %t.timing.lprof && env LPROF_OUTPUT=%t.timing.lprof %t.timing > /dev/null
// RUN: %lprof-report --format=json %t.d/prof.lprof | %python %s.py > %t.count.edges
// RUN: %lprof-report --format=json %t.timing.lprof | %python %s.py > %t.timing.edges
// RUN: diff %t.count.edges %t.timing.edges
// RUN: FileCheck %s --check-prefix=JSON < %t.count.edges
//
// -DLPROF_NO_CALL_EDGES: count mode without edges, the same hits.
// RUN: %clangxx -std=c++17 -O2 -g -pthread -fplugin-arg-lineprof-mode=count -DLPROF_NO_CALL_EDGES %s %rt -o %t.none
// RUN: rm -f %t.none.lprof && env LPROF_OUTPUT=%t.none.lprof %t.none > /dev/null
// RUN: %lprof-report --format=json %t.none.lprof | %python %s.py | FileCheck %s --check-prefix=NONE
// NONE: no calls
// RUN: %lprof-report %t.none.lprof | %python %inputs/hits.py > %t.none.hits
// RUN: %lprof-report %t.d/prof.lprof | %python %inputs/hits.py | diff - %t.none.hits
//
// The child's profile (prof.<pid>.lprof) has its own calls since the
// fork.
// RUN: %lprof-report --format=json %t.d/prof.*.lprof | %python %s.py | FileCheck %s --check-prefix=CHILD
// CHILD:      (outside):0 -> after_fork calls=1
// CHILD-NEXT: after_fork:109 -> square calls=4
// CHILD-NEXT: total 5
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
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
[[profile]] long cube(long x) { return x * square(x); }
[[profile]] long two_callees(long x) {
  long sum = 0;
  for (int i = 0; i < 3; ++i)
    sum += square(x + i) + cube(x);
  return sum;
}

long (*volatile through_pointer)(long) = square;
[[profile]] long pointer_caller(long x) {
  long sum = through_pointer(x);
  through_pointer = cube;
  sum += through_pointer(x);
  return sum;
}

[[profile]] int sorter(std::vector<int> v) {
  std::sort(v.begin(), v.end(), [](int a, int b) {
    return square(a) > square(b);
  });
  return v.front();
}

[[profile]] int compare_ints(const void *a, const void *b) {
  return *static_cast<const int *>(a) - *static_cast<const int *>(b);
}
[[profile]] int qsorter() {
  int v[3] = {3, 1, 2};
  std::qsort(v, 3, sizeof *v, compare_ints);
  return v[0];
}

[[profile]] long work(int n) {
  return fib(n) + square(n);
}

[[profile]] long after_fork() {
  long sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += square(i);
  return sum;
}

int main(int argc, char **) {
  long total = fib(12);
  total += is_even(10);
  total += two_callees(2) + pointer_caller(3);
  total += sorter({5, 3}) + qsorter();
  long a = 0, b = 0;
  std::thread t1([&] { a = work(10); });
  std::thread t2([&] { b = work(10); });
  t1.join();
  t2.join();
  std::printf("%ld %ld %ld\n", total, a, b);
  std::fflush(stdout);
  if (argc > 1) {
    pid_t child = fork();
    if (child == 0) {
      std::printf("child %ld\n", after_fork());
      return 0;
    }
    int status = 0;
    waitpid(child, &status, 0);
  }
}

// OUT: 240 155 155
// OUT: child 14

// fib(12) makes 464 calls below the outermost, fib(10) 176 in each
// thread; two_callees' line calls square and cube 3 times each, cube
// calls square; std::sort compares the two elements twice; qsort's
// comparator is called from the qsort line.
// CHECK:      edge (outside profiled code):0 -> fib calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> is_even calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> pointer_caller calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> qsorter calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> sorter calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> two_callees calls=1
// CHECK-NEXT: edge (outside profiled code):0 -> work calls=2
// CHECK-NEXT: edge cube:70 -> square calls=4
// CHECK-NEXT: edge fib:58 -> fib calls=816
// CHECK-NEXT: edge is_even:63 -> is_odd calls=5
// CHECK-NEXT: edge is_odd:66 -> is_even calls=5
// CHECK-NEXT: edge pointer_caller:80 -> square calls=1
// CHECK-NEXT: edge pointer_caller:82 -> cube calls=1
// CHECK-NEXT: edge qsorter:98 -> compare_ints calls={{[1-9][0-9]*}}
// CHECK-NEXT: edge sorter:87 -> sorter calls=2
// CHECK-NEXT: edge sorter:88 -> square calls=4
// CHECK-NEXT: edge two_callees:74 -> cube calls=3
// CHECK-NEXT: edge two_callees:74 -> square calls=3
// CHECK-NEXT: edge work:103 -> fib calls=2
// CHECK-NEXT: edge work:103 -> square calls=2
// CHECK-NEXT: totals ok

// The same from JSON.
// JSON:      (outside):0 -> fib calls=1
// JSON:      fib:58 -> fib calls=816
// JSON:      two_callees:74 -> cube calls=3
// JSON-NEXT: two_callees:74 -> square calls=3
// JSON:      total {{[0-9]+}}

// --callers and --callees: the calls alone (count mode has no times).
// RUN: %lprof-report --callers 'fib|square' %t.d/prof.lprof | FileCheck %s --check-prefix=CALLERS --match-full-lines
// CALLERS:      Callers of fib at {{.*}}count_edges.cpp:55
// CALLERS-EMPTY:
// CALLERS-NEXT:     Calls  Called from
// CALLERS-NEXT: ======================
// CALLERS-NEXT:         1  (outside profiled code)
// CALLERS-NEXT:       816  fib, line 58: return fib(n - 1) + fib(n - 2);
// CALLERS-NEXT:         2  work, line 103: return fib(n) + square(n);
// CALLERS-NEXT:       819  (total)
// CALLERS-EMPTY:
// CALLERS-NEXT: Callers of square at {{.*}}count_edges.cpp:69
// CALLERS-EMPTY:
// CALLERS-NEXT:     Calls  Called from
// CALLERS-NEXT: ======================
// CALLERS-NEXT:         4  cube, line 70: {{\[\[profile\]\]}} long cube(long x) { return x * square(x); }
// CALLERS-NEXT:         3  two_callees, line 74: sum += square(x + i) + cube(x);
// CALLERS-NEXT:         1  pointer_caller, line 80: long sum = through_pointer(x);
// CALLERS-NEXT:         4  sorter, line 88: return square(a) > square(b);
// CALLERS-NEXT:         2  work, line 103: return fib(n) + square(n);
// CALLERS-NEXT:        14  (total)
// RUN: %lprof-report --callees 'two_callees' %t.d/prof.lprof | FileCheck %s --check-prefix=CALLEES --match-full-lines
// CALLEES:      Callees of two_callees at {{.*}}count_edges.cpp:71
// CALLEES-EMPTY:
// CALLEES-NEXT:     Calls  Calls
// CALLEES-NEXT: ================
// CALLEES-NEXT:         3  line 74: square at {{.*}}count_edges.cpp:69
// CALLEES-NEXT:         3  line 74: cube at {{.*}}count_edges.cpp:70
// CALLEES-NEXT:         6  (total)
