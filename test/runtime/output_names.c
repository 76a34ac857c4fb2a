// Output names take LLVM_PROFILE_FILE's patterns: %p the process id, %h
// the host name, %t $TMPDIR, %% a percent sign. And two processes never
// clobber one file: a process does not replace a profile that another
// process wrote while it ran (two runs of a program side by side); it
// writes <name>.<pid>.lprof, and says so once with LPROF_VERBOSE only (a
// program's stderr is compared by test drivers: the profiler prints nothing
// on it by default). A profile from an earlier run is simply replaced.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LPROF_OUTPUT=%t.dir/a-%%p-%%h-%%%%.lprof %t
// RUN: env LPROF_OUTPUT=%%t/a.lprof TMPDIR=%t.dir %t
// RUN: %python %S/Inputs/files.py %t.dir | FileCheck %s --check-prefix=PATTERNS
// PATTERNS:      FILE a-{pid}-{host}-%.lprof
// PATTERNS-NEXT:   {{parent|child}}
// PATTERNS-NEXT:   main hits 0 1 0
// PATTERNS-NEXT: FILE a.lprof
//
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env LPROF_VERBOSE=1 LPROF_REPORT=true %python %S/Inputs/two_processes.py %t.dir %t | FileCheck %s --check-prefix=NOTE
// NOTE: lineprof: note: '{{.*}}/prof.lprof' holds the profile of process {{[0-9]+}}, which ran alongside this one; writing '{{.*}}/prof.{pid}.lprof' instead
// NOTE-NEXT: lineprof: wrote profile results to {{.*}}/prof.{pid}.lprof
// NOTE-NOT: lineprof
// RUN: %python %S/Inputs/files.py %t.dir | FileCheck %s --check-prefix=SIDE
// SIDE:      FILE prof.lprof
// SIDE-NEXT:   child
// SIDE-NEXT:   main hits 0 1 0
// SIDE-NEXT: FILE prof.{pid}.lprof
// SIDE-NEXT:   parent
// SIDE-NEXT:   main hits 0 1 1
// SIDE-EMPTY:
//
// Without LPROF_VERBOSE, the same two runs print nothing on stderr.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %python %S/Inputs/two_processes.py %t.dir %t | count 0
// RUN: %python %S/Inputs/files.py %t.dir | FileCheck %s --check-prefix=SIDE
//
// A later run replaces the profile of an earlier one, without a note.
// RUN: env LPROF_OUTPUT=%t.dir/prof.lprof %t 2>&1 | count 0
// RUN: %python %S/Inputs/files.py %t.dir | FileCheck %s --check-prefix=LATER
// LATER: FILE prof.lprof
// LATER: FILE prof.{pid}.lprof

#define _POSIX_C_SOURCE 200809L
#include "Inputs/instrumented.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static __lprof_function fns[] = {FUNCTION("main", 1, 3)};
REGISTER(fns)

int main(int argc, char **argv) {
  ENTER(&fns[0]);
  LINE(1);
  if (argc > 2 && strcmp(argv[1], "wait") == 0) {
    puts("ready");
    fflush(stdout);
    while (access(argv[2], F_OK) != 0) {
      struct timespec pause = {0, 1000000};
      nanosleep(&pause, NULL);
    }
    LINE(2);
  }
  return 0;
}
