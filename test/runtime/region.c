// Regions in C: lprof_region_begin/lprof_region_end time a stretch of code
// as an entry of its own in the profile (the C form of line_profiler's
// Timer): named as given, at the file and line of the begin call, with
// that line as its source; hits and calls count how often it ran, and its
// time is the time between begin and end (here busy-waits of a known
// length, within the bounds the program measures around them). Regions
// nest, run on several threads, and a region that runs profiled code
// leaves out those functions' probes in its net time.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t > %t.bounds
// RUN: %python %S/Inputs/summary.py --details --threads %t.lprof | FileCheck %s
// RUN: %python %S/Inputs/check_seconds.py %t.lprof %t.bounds | FileCheck %s --check-prefix=TIME

// CHECK:      FUNC outer {{/.*}}/region.c:[[#OUTER:]] lines=1 source=  lprof_region whole = lprof_region_begin("outer");
// CHECK-NEXT:   hits 3
// CHECK-NEXT:   ticks +
// CHECK-NEXT:   calls=3 modes=8 weighted 0
// CHECK-NEXT: FUNC inner {{/.*}}/region.c:[[#OUTER+2]] lines=1 source=    lprof_region part = lprof_region_begin("inner");
// CHECK-NEXT:   hits 6
// CHECK-NEXT:   ticks +
// CHECK-NEXT:   calls=6 modes=8 weighted 0
// CHECK-NEXT: FUNC threaded {{.*}} lines=1
// CHECK-NEXT:   hits 4000
// CHECK:      THRD 0 tid=ok name={{.*}} functions=2
// CHECK-NEXT:   outer hits 3
// CHECK-NEXT:   inner hits 6
// CHECK-COUNT-4: THRD {{[1-4]}} tid=ok name={{.*}} functions=1

// TIME: outer line 0: {{.*}} within
// TIME: inner line 0: {{.*}} within

#define _POSIX_C_SOURCE 200809L
#include "lineprof.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void busy_wait(uint64_t ns) {
  uint64_t deadline = now_ns() + ns;
  while (now_ns() < deadline) {
  }
}

static uint64_t outer_low, outer_high, inner_low, inner_high;

static void phases(void) {
  uint64_t before = now_ns();
  lprof_region whole = lprof_region_begin("outer");
  for (int i = 0; i < 2; ++i) {
    lprof_region part = lprof_region_begin("inner");
    uint64_t part_before = now_ns();
    busy_wait(1000000);
    uint64_t part_after = now_ns();
    lprof_region_end(&part);
    inner_low += 1000000;
    inner_high += part_after - part_before;
  }
  lprof_region_end(&whole);
  outer_high += now_ns() - before;
  outer_low += 2000000;
}

static void *thread_main(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    lprof_region r = lprof_region_begin("threaded");
    lprof_region_end(&r);
  }
  return NULL;
}

int main(void) {
  for (int i = 0; i < 3; ++i)
    phases();
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], NULL, thread_main, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], NULL);
  printf("bounds outer 0 %llu %llu\n", (unsigned long long)outer_low,
         (unsigned long long)outer_high);
  printf("bounds inner 0 %llu %llu\n", (unsigned long long)inner_low,
         (unsigned long long)inner_high);
  return 0;
}
