// A program that starts threads without end: the first 1024 threads that
// exit keep a THRD record each; later ones are added into one record
// (thread 0xFFFFFFFF, "exited threads") and their memory is freed. The
// sums stay exact.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: env LPROF_OUTPUT=%t.lprof %t
// RUN: %python %S/Inputs/summary.py --threads %t.lprof > %t.summary
// RUN: FileCheck %s < %t.summary
// RUN: grep -c "^THRD" %t.summary | FileCheck %s --check-prefix=RECORDS
// CHECK:      FUNC worker /src/test.c:10 lines=3
// CHECK-NEXT:   hits 0 1100 3300
// CHECK:      THRD 4294967295 tid=0 name=exited threads functions=1
// CHECK-NEXT:   worker hits 0 76 228
// RECORDS: 1025

#include "Inputs/instrumented.h"

#include <pthread.h>

static __lprof_function fns[] = {FUNCTION("worker", 10, 3)};
REGISTER(fns)

static void *worker(void *arg) {
  (void)arg;
  ENTER(&fns[0]);
  LINE(1);
  for (int i = 0; i < 3; ++i)
    LINE(2);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 1100; ++i) {
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    pthread_join(thread, NULL);
  }
  return 0;
}
