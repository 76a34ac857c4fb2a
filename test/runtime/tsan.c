// Many threads under ThreadSanitizer, with the runtime built with it too:
// threads counting at once (timing and sample mode), threads exiting early,
// a function whose first calls race to register it, regions, and profiles
// written by another thread while the counting goes on. No race is
// reported, and the hit sums are exact.
//
// RUN: %plain-clang -fsanitize=thread -O1 -g -pthread -I%S/../../runtime/src %S/../../runtime/src/*.c -D__LPROF_MODE=0 %s -o %t.timing
// RUN: %plain-clang -fsanitize=thread -O1 -g -pthread -I%S/../../runtime/src %S/../../runtime/src/*.c -D__LPROF_MODE=2 %s -o %t.sample
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 LPROF_OUTPUT=%t.timing.lprof %t.timing 2>&1 | FileCheck %s --check-prefix=OUT --allow-empty
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 LPROF_OUTPUT=%t.sample.lprof %t.sample 2>&1 | FileCheck %s --check-prefix=OUT --allow-empty
// RUN: %python %S/Inputs/summary.py %t.timing.lprof | FileCheck %s
// RUN: %python %S/Inputs/summary.py %t.sample.lprof | FileCheck %s
// OUT-NOT: ThreadSanitizer
// OUT: dumps done
// OUT-NOT: ThreadSanitizer

// CHECK:      FUNC worker /src/test.c:10 lines=4
// CHECK-NEXT:   hits 0 16000 1616000 1600000
// CHECK-NEXT:   ticks
// CHECK-NEXT: FUNC tick {{.*}} lines=1
// CHECK-NEXT:   hits 16000
// CHECK-NEXT:   ticks +
// CHECK-NEXT: FUNC late /src/test.c:20 lines=2
// CHECK-NEXT:   hits 0 3200

#define _POSIX_C_SOURCE 200809L
#include "Inputs/instrumented.h"
#include "lineprof.h"

#include <pthread.h>
#include <stdio.h>

static __lprof_function fns[] = {FUNCTION("worker", 10, 4)};
REGISTER(fns)

static __lprof_function late_fn = FUNCTION("late", 20, 2);

static int sink;

static void worker(int n) {
  ENTER(&fns[0]);
  LINE(1);
  int total = 0;
  for (int i = 0; (LINE(2), i < n); ++i) {
    LINE(3);
    total += i;
  }
  __atomic_fetch_add(&sink, total, __ATOMIC_RELAXED);
}

static void late(void) {
  ENTER(&late_fn);
  LINE(1);
}

static void *counting_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    lprof_region r = lprof_region_begin("tick");
    worker(100);
    lprof_region_end(&r);
    if (i % 5 == 0)
      late();
  }
  return NULL;
}

static int stop;

static void *dumping_thread(void *arg) {
  (void)arg;
  int dumps = 0;
  while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE) || dumps < 3) {
    lprof_dump();
    ++dumps;
  }
  return NULL;
}

int main(void) {
  enum { threads = 16 };
  pthread_t counting[threads], dumping;
  pthread_create(&dumping, NULL, dumping_thread, NULL);
  for (int i = 0; i < threads; ++i)
    pthread_create(&counting[i], NULL, counting_thread, NULL);
  for (int i = 0; i < threads; ++i)
    pthread_join(counting[i], NULL);
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  pthread_join(dumping, NULL);
  puts("dumps done");
  return 0;
}
