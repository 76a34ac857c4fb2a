// LPROF_SIGNAL=SIGUSR1 writes the profile when the signal arrives (a
// runtime thread does the writing), and profiling goes on. Without it,
// SIGUSR1 kills the program as it would without lineprof, and the profile
// is written on the way, as for any signal that ends a run
// (stopped_runs.cpp).
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread %s %rt -o %t
// RUN: rm -f %t.lprof %t.mid.lprof
// RUN: env LPROF_SIGNAL=SIGUSR1 LPROF_OUTPUT=%t.lprof %t %t.mid.lprof | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py %t.mid.lprof | FileCheck %s --check-prefix=MID
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s --check-prefix=END
// OUT:      dumped on signal
// OUT-NEXT: done
// MID:      FUNC work /src/test.c:10 lines=3
// MID-NEXT:   hits 0 5 0
// END:      FUNC work /src/test.c:10 lines=3
// END-NEXT:   hits 0 12 0
//
// RUN: env LPROF_SIGNAL=usr2 LPROF_OUTPUT=%t.lprof %t %t.mid.lprof usr2 | FileCheck %s --check-prefix=OUT
//
// RUN: rm -f %t.lprof
// RUN: env LPROF_OUTPUT=%t.lprof %python %S/Inputs/exit_code.py %t %t.mid.lprof | FileCheck %s --check-prefix=KILLED
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s --check-prefix=MID
// KILLED: exit code: -10

#define _GNU_SOURCE /* nanosleep */
#include "Inputs/instrumented.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static __lprof_function fns[] = {FUNCTION("work", 10, 3)};
REGISTER(fns)

static void work(void) {
  ENTER(&fns[0]);
  LINE(1);
}

int main(int argc, char **argv) {
  const char *output = getenv("LPROF_OUTPUT");
  for (int i = 0; i < 5; ++i)
    work();
  fflush(stdout);
  raise(argc > 2 && strcmp(argv[2], "usr2") == 0 ? SIGUSR2 : SIGUSR1);
  // The writer thread writes soon after; wait up to 20 s for the file.
  for (int tries = 0; access(output, F_OK) != 0 && tries < 2000; ++tries) {
    struct timespec pause = {0, 10000000};
    nanosleep(&pause, NULL);
  }
  if (rename(output, argv[1]) == 0)
    puts("dumped on signal");
  for (int i = 0; i < 7; ++i)
    work();
  puts("done");
  return 0;
}
