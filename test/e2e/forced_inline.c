// Forced-inline functions (always_inline, by any declaration) count calls
// and hits only, with count mode's probes, in timing and sample mode too:
// every inlined copy of a timed activation was probe code the optimizer
// had to chew through (yyjson.c compiled 10.6x slower than plain). Their
// hits stay exact, and so do their callers'; the report says once, on the
// function's Mode: line, that their times are not measured, and --callers
// that their calls are counted but not timed. A plain `static inline`
// function stays timed.
//
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t.o2
// RUN: rm -f %t.o2.lprof && env LPROF_OUTPUT=%t.o2.lprof %t.o2 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.o2.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.o2.lprof | FileCheck %s --check-prefix=REPORT
// RUN: %lprof-report --callers clamp %t.o2.lprof | FileCheck %s --check-prefix=CALLERS
// RUN: %clang -std=c99 -O0 -g -Wall -Wextra -pedantic -Werror %s %rt -o %t.o0
// RUN: rm -f %t.o0.lprof && env LPROF_OUTPUT=%t.o0.lprof %t.o0 | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.o0.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.o0.lprof | FileCheck %s --check-prefix=REPORT
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=sample %s %rt -o %t.sample
// RUN: rm -f %t.sample.lprof && env LPROF_OUTPUT=%t.sample.lprof %t.sample | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.sample.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.sample.lprof | FileCheck %s --check-prefix=REPORT
// In count mode every function counts so: nothing to say about it.
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-mode=count %s %rt -o %t.count
// RUN: rm -f %t.count.lprof && env LPROF_OUTPUT=%t.count.lprof %t.count | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.count.lprof | %python %inputs/hits.py | FileCheck %s
// RUN: %lprof-report %t.count.lprof | FileCheck %s --check-prefix=COUNT
// The probes: count mode's, named so, and no activation to close.
// RUN: lprof-rewrite %s -- -I%S/../../runtime/include | FileCheck %s --check-prefix=REWRITE
#include <stdio.h>

#define PROFILED __attribute__((profile))

/* The attribute on a declaration before the definition counts too. */
static inline __attribute__((always_inline)) int clamp(int v, int lo, int hi);

PROFILED static inline int clamp(int v, int lo, int hi) {
  if (v < lo)
    return lo;
  if (v > hi)
    return hi;
  return v;
}

PROFILED static inline int twice(int v) {
  return 2 * v;
}

PROFILED static int sum_clamped(int n) {
  int sum = 0;
  int i;
  for (i = -n; i < n; ++i)
    sum += clamp(i, -3, 5);
  sum += twice(sum);
  return sum;
}

int main(void) {
  printf("%d\n", sum_clamped(8));
  return 0;
}

// OUT: 12

// CHECK:      Function: clamp at line 37
// CHECK-NEXT: 37 - |PROFILED static inline int clamp(int v, int lo, int hi) {
// CHECK-NEXT: 38 16 |  if (v < lo)
// CHECK-NEXT: 39 5 |    return lo;
// CHECK-NEXT: 40 11 |  if (v > hi)
// CHECK-NEXT: 41 2 |    return hi;
// CHECK-NEXT: 42 9 |  return v;
// CHECK-NEXT: 43 - |}
// CHECK:      Function: twice at line 45
// CHECK-NEXT: 45 - |PROFILED static inline int twice(int v) {
// CHECK-NEXT: 46 1 |  return 2 * v;
// CHECK:      Function: sum_clamped at line 49
// CHECK-NEXT: 49 - |PROFILED static int sum_clamped(int n) {
// CHECK-NEXT: 50 1 |  int sum = 0;
// CHECK-NEXT: 51 - |  int i;
// CHECK-NEXT: 52 17 |  for (i = -n; i < n; ++i)
// CHECK-NEXT: 53 16 |    sum += clamp(i, -3, 5);
// CHECK-NEXT: 54 1 |  sum += twice(sum);
// CHECK-NEXT: 55 1 |  return sum;
// CHECK-NEXT: 56 - |}

// The forced-inline function: hits, no time column, one note why.
// REPORT:      Total hits: 43
// REPORT-NEXT: File: {{.*}}forced_inline.c
// REPORT-NEXT: Function: clamp at line 37
// REPORT-NEXT: Mode: forced inline (calls and hits only: times are not measured for forced-inline functions, whose every inlined copy would carry timing code; their time is in the calling lines)
// REPORT-EMPTY:
// REPORT-NEXT: Line #      Hits   % Hits  Line Contents
// REPORT-NOT:  forced inline
// REPORT:      Function: twice at line 45
// REPORT-NOT:  Mode: forced
// REPORT:      Line #      Hits         Time  Per Hit   % Time  Line Contents
// REPORT-NOT:  forced inline
// REPORT:      Function: sum_clamped at line 49
// REPORT-NOT:  Mode: forced
// REPORT:      Line #      Hits         Time  Per Hit   % Time  Line Contents
// REPORT-NOT:  forced inline

// CALLERS: Callers of clamp
// CALLERS-EMPTY:
// CALLERS-NEXT: no recorded calls to it (forced inline: its 16 calls are counted, not timed, nor recorded by calling line; their time is in the calling lines)

// COUNT:     Function: clamp at line 37
// COUNT-NEXT: Mode: count (hits only, no times)

// REWRITE:      PROFILED static inline int clamp(int v, int lo, int hi) {__lprof_frame_count __lprof_f = __lprof_enter_hits(&__lprof_f, &__lprof_fn_{{[0-9a-f]+}});{{$}}
// REWRITE-NEXT: {{^}}  __lprof_line_count(&__lprof_f,1);if (v < lo)
// REWRITE-NEXT: {{^}}    {__lprof_line_count(&__lprof_f,2);return lo;}
// REWRITE-NEXT: {{^}}  __lprof_line_count(&__lprof_f,3);if (v > hi)
// REWRITE-NEXT: {{^}}    {__lprof_line_count(&__lprof_f,4);return hi;}
// REWRITE-NEXT: {{^}}  __lprof_line_count(&__lprof_f,5);return v;
// REWRITE-NEXT: {{^}}}
// REWRITE:      PROFILED static inline int twice(int v) {__lprof_frame __lprof_f __attribute__((__cleanup__(__lprof_leave))) = __lprof_enter(

// The table of functions without times says why this one has none.
// RUN: %lprof-report --functions %t.o2.lprof | FileCheck %s --check-prefix=FUNCTIONS
// FUNCTIONS: Functions, total time
// FUNCTIONS: sum_clamped at {{.*}}forced_inline.c:49
// FUNCTIONS: Functions with hits only (count mode, and forced-inline functions: their time is in the calling lines), total hits 43
// FUNCTIONS: Calls Hits Hits/Call % Hits Function
// FUNCTIONS: 16 43 2.7 100.0 clamp at {{.*}}forced_inline.c:37
// RUN: %lprof-report --top 2 %t.o2.lprof | FileCheck %s --check-prefix=TOP
// TOP: Hottest lines, of total time
// TOP: Most hits, no times (count mode, and forced-inline functions: their time is in the calling lines), of total hits 43
// TOP: 16 37.2 {{.*}}forced_inline.c:38 clamp if (v < lo)
