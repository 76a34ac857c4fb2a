// Counts from many threads sum exactly: threads running at the same time,
// threads that exit long before the profile is written, a thread still
// running (blocked) at exit, and a function that no constructor registered,
// so that its first calls race to register it. Each thread's share is kept
// apart (THRD records, with thread names), also for threads that exited.
// The main thread is thread 0: it registers the functions (in the
// constructors) before any other thread exists.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s
// RUN: %python %S/Inputs/summary.py --threads %t.lprof | FileCheck %s --check-prefix=THREADS

// OUT: done

// CHECK:      FUNC worker /src/test.c:10 lines=5
// CHECK-NEXT:   hits 0 29 24065 24036 29
// CHECK-NEXT:   ticks 0 + + + +
// CHECK-NEXT: FUNC late /src/test.c:20 lines=3
// CHECK-NEXT:   hits 0 800 0
// CHECK-NEXT:   ticks 0 + 0
// CHECK-EMPTY:

// THREADS:      THRD 0 tid=ok name=main functions=1
// THREADS-NEXT:   worker hits 0 1 2 1 1
// THREADS-COUNT-8: THRD {{[1-8]}} tid=ok name=concurrent functions=2
// THREADS:      THRD 9 tid=ok name=short functions=1
// THREADS-NEXT:   worker hits 0 1 11 10 1
// THREADS-NEXT: THRD 10 tid=ok name=short functions=1
// THREADS-NEXT:   worker hits 0 1 11 10 1
// THREADS-NEXT: THRD 11 tid=ok name=short functions=1
// THREADS-NEXT:   worker hits 0 1 11 10 1
// THREADS-NEXT: THRD 12 tid=ok name=blocked functions=1
// THREADS-NEXT:   worker hits 0 1 6 5 1
// THREADS-EMPTY:

#define _GNU_SOURCE /* pthread_setname_np */
#include "Inputs/instrumented.h"

#include <pthread.h>
#include <stdio.h>

static __lprof_function fns[] = {FUNCTION("worker", 10, 5)};
REGISTER(fns)

// Registered by its first call, from whichever thread gets there first.
static __lprof_function late_fn = FUNCTION("late", 20, 3);

static int sink;

static void worker(int n) {
  ENTER(&fns[0]);
  LINE(1);
  int total = 0;
  for (int i = 0; (LINE(2), i < n); ++i) {
    LINE(3);
    total += i;
  }
  LINE(4);
  __atomic_fetch_add(&sink, total, __ATOMIC_RELAXED);
}

static void late(void) {
  ENTER(&late_fn);
  LINE(1);
}

static pthread_barrier_t start_together;

static void *concurrent_thread(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "concurrent");
  pthread_barrier_wait(&start_together);
  for (int i = 0; i < 100; ++i)
    late();
  for (int i = 0; i < 3; ++i)
    worker(1000);
  return NULL;
}

static void *short_lived_thread(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "short");
  worker(10);
  return NULL;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int blocked_thread_ready;

// Still alive, blocked forever, when main returns.
static void *blocked_thread(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "blocked");
  worker(5);
  pthread_mutex_lock(&lock);
  blocked_thread_ready = 1;
  pthread_cond_broadcast(&changed);
  for (;;)
    pthread_cond_wait(&changed, &lock);
  return NULL;
}

int main(void) {
  enum { concurrent = 8 };
  pthread_setname_np(pthread_self(), "main");
  pthread_t threads[concurrent];
  pthread_barrier_init(&start_together, NULL, concurrent);
  for (int i = 0; i < concurrent; ++i)
    pthread_create(&threads[i], NULL, concurrent_thread, NULL);
  for (int i = 0; i < concurrent; ++i)
    pthread_join(threads[i], NULL);

  for (int i = 0; i < 3; ++i) {
    pthread_t thread;
    pthread_create(&thread, NULL, short_lived_thread, NULL);
    pthread_join(thread, NULL);
  }

  worker(1);

  pthread_t thread;
  pthread_create(&thread, NULL, blocked_thread, NULL);
  pthread_mutex_lock(&lock);
  while (!blocked_thread_ready)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);

  puts("done");
  return 0;
}
