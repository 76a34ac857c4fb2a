// LPROF_VERBOSE=1 prints where the profile went, then runs lprof-report on
// it with the report's stdout on our stderr. The report tool is found
// through LPROF_REPORT (a path, or a name looked up in PATH), else the
// paths compiled into the runtime. Neither a failing report nor a missing
// one changes the program's stdout or exit status.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -DFAKE_REPORT %s -o %t.fake
// RUN: rm -rf %t.bin && mkdir %t.bin && cp %t.fake %t.bin/my-report
//
// A fake report tool, which fails.
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE=1 LPROF_REPORT=%t.fake %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=FAKE --match-full-lines < %t.err
// FAKE:      lineprof: wrote profile results to {{.*}}verbose.c.tmp.lprof
// FAKE-NEXT: report stdout: argv lprof-report {{.*}}verbose.c.tmp.lprof, file complete
// FAKE-NEXT: report stderr
// FAKE-EMPTY:
//
// Found in PATH.
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE=1 %python %S/Inputs/exit_code.py LPROF_REPORT=my-report PATH=%t.bin %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=FAKE --match-full-lines < %t.err
//
// LPROF_VERBOSE=0 and empty mean off.
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE=0 LPROF_REPORT=%t.fake %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE= LPROF_REPORT=%t.fake %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: count 0 < %t.err
//
// No such report tool: one warning after the usual line.
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE=1 LPROF_REPORT=%t.bin/missing %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=MISSING --match-full-lines < %t.err
// MISSING:      lineprof: wrote profile results to {{.*}}verbose.c.tmp.lprof
// MISSING-NEXT: lineprof: warning: cannot run '{{.*}}.bin/missing' to print the profile: No such file or directory
// MISSING-EMPTY:
//
// No LPROF_REPORT, nothing in PATH: the build tree's lprof-report, whose
// table goes to stderr.
// RUN: env LPROF_OUTPUT=%t.lprof LPROF_VERBOSE=1 %python %S/Inputs/exit_code.py PATH=%t.bin %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=REAL < %t.err
// REAL: lineprof: wrote profile results to {{.*}}verbose.c.tmp.lprof
// REAL: Function: shout at line 1
// REAL: puts("shout");

// OUT:      shout
// OUT-NEXT: exit code: 4
// OUT-EMPTY:

#ifdef FAKE_REPORT

#include <stdio.h>

// Says how it was run, and whether the profile was complete by then.
int main(int argc, char **argv) {
  FILE *profile = argc == 2 ? fopen(argv[1], "rb") : NULL;
  long size = 0;
  if (profile && fseek(profile, 0, SEEK_END) == 0)
    size = ftell(profile);
  printf("report stdout: argv %s %s, file %s\n", argv[0],
         argc == 2 ? argv[1] : "?", size > 32 ? "complete" : "missing");
  fflush(stdout);
  fputs("report stderr\n", stderr);
  return 7;
}

#else

#include "Inputs/instrumented.h"

#include <stdio.h>

static __lprof_function fns[] = {{"/src/verbose.c", "shout",
                                  "void shout(void) {\n  puts(\"shout\");\n}",
                                  1, 3, 0, 0, 0, 0, 0}};
REGISTER(fns)

static void shout(void) {
  ENTER(&fns[0]);
  LINE(1);
  puts("shout");
}

int main(void) {
  shout();
  return 4;
}

#endif
