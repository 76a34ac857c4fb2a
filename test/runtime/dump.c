// lprof_dump() writes the profile so far, mid-run, to the usual path; the
// exit write still happens and has everything. A dump that fails returns
// -1 with errno set and prints the one warning. Dumping with no function
// registered writes a profile with no functions.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -f %t.lprof %t.mid.lprof
// RUN: env LPROF_OUTPUT=%t.lprof %t %t.mid.lprof > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=ERR --match-full-lines < %t.err
// RUN: count 1 < %t.err
// RUN: %python %S/Inputs/summary.py %t.mid.lprof | FileCheck %s --check-prefix=MID
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s --check-prefix=FINAL
//
// OUT:      first dump: 0
// OUT-NEXT: failed dump: -1 ENOENT
// OUT-NEXT: second dump: 0
// ERR: lineprof: warning: cannot write profile to '/nonexistent-dir/x.lprof': No such file or directory
// MID:      FUNC work /src/test.c:1 lines=3
// MID-NEXT:   hits 0 3 0
// FINAL:      FUNC work /src/test.c:1 lines=3
// FINAL-NEXT:   hits 0 7 0
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -DNO_FUNCTIONS %s %rt -o %t.none
// RUN: rm -f %t.none.lprof
// RUN: env LPROF_OUTPUT=%t.none.lprof %t.none %t.none.mid.lprof 2>&1 | count 0
// RUN: %python %S/Inputs/summary.py %t.none.mid.lprof | FileCheck %s --check-prefix=NONE --match-full-lines
// NONE:      PROG clock={{[123]}} pid={{[0-9]+}} program=dump.c.tmp.none spt=ok time=ok
// NONE-EMPTY:

#define _POSIX_C_SOURCE 200809L
#include "Inputs/instrumented.h"
#include "lineprof.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef NO_FUNCTIONS
static __lprof_function fns[] = {FUNCTION("work", 1, 3)};
REGISTER(fns)

static void work(void) {
  ENTER(&fns[0]);
  LINE(1);
}
#else
static void work(void) {}
#endif

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  const char *output = getenv("LPROF_OUTPUT");

  for (int i = 0; i < 3; ++i)
    work();
  int result = lprof_dump();
  if (rename(output, argv[1]) != 0)
    return 1;
#ifdef NO_FUNCTIONS
  return result;
#endif
  printf("first dump: %d\n", result);

  for (int i = 0; i < 4; ++i)
    work();
  setenv("LPROF_OUTPUT", "/nonexistent-dir/x.lprof", 1);
  errno = 0;
  result = lprof_dump();
  printf("failed dump: %d %s\n", result, errno == ENOENT ? "ENOENT" : "?");
  setenv("LPROF_OUTPUT", output, 1); // the original string stays valid

  printf("second dump: %d\n", lprof_dump());
  return 0;
}
