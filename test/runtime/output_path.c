// Where the profile goes: LPROF_OUTPUT if set and non-empty, else
// <program>.lprof; relative paths resolve against the directory the
// program started in, even if it changes directory. The file gets the
// permissions the umask gives new files. A program that registered no
// function writes nothing.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -DNO_FUNCTIONS %s %rt -o %t.none
// RUN: rm -rf %t.dir && mkdir -p %t.dir/sub && cp %t %t.dir/app
//
// Default name, in the working directory.
// RUN: cd %t.dir && ./app > out.txt
// RUN: ls %t.dir | FileCheck %s --check-prefix=DEFAULT --match-full-lines
// DEFAULT:      app
// DEFAULT-NEXT: app.lprof
// DEFAULT-NEXT: out.txt
// DEFAULT-NEXT: sub
// DEFAULT-EMPTY:
// RUN: %python %S/Inputs/summary.py %t.dir/app.lprof | FileCheck %s
// CHECK: PROG clock={{.*}} spt=ok time=ok
// CHECK: FUNC main /src/test.c:1 lines=2
// CHECK-NEXT: hits 0 1
//
// Empty LPROF_OUTPUT is the same as unset.
// RUN: rm %t.dir/app.lprof
// RUN: cd %t.dir && env LPROF_OUTPUT= ./app
// RUN: %python %S/Inputs/summary.py %t.dir/app.lprof | FileCheck %s
//
// Relative paths: against the start directory, though the program moved.
// RUN: rm %t.dir/app.lprof
// RUN: cd %t.dir && env LPROF_OUTPUT=sub/relative.lprof ./app chdir
// RUN: cd %t.dir/sub && ../app chdir
// RUN: ls %t.dir %t.dir/sub | FileCheck %s --check-prefix=RELATIVE --match-full-lines
// RELATIVE:      {{.*}}.dir:
// RELATIVE-NEXT: app
// RELATIVE-NEXT: out.txt
// RELATIVE-NEXT: sub
// RELATIVE-EMPTY:
// RELATIVE-NEXT: {{.*}}.dir/sub:
// RELATIVE-NEXT: app.lprof
// RELATIVE-NEXT: relative.lprof
// RELATIVE-EMPTY:
// RUN: %python %S/Inputs/summary.py %t.dir/sub/relative.lprof | FileCheck %s
//
// Absolute LPROF_OUTPUT, and the umask.
// RUN: rm -f %t.abs.lprof
// RUN: sh -c 'umask 027 && cd / && LPROF_OUTPUT=%t.abs.lprof %t'
// RUN: stat -c %%a %t.abs.lprof | FileCheck %s --check-prefix=MODE
// MODE: 640
// RUN: %python %S/Inputs/summary.py %t.abs.lprof | FileCheck %s
//
// Nothing registered: no file, no message.
// RUN: rm -rf %t.empty && mkdir %t.empty && cp %t.none %t.empty/none
// RUN: cd %t.empty && ./none 2> err.txt
// RUN: ls %t.empty | FileCheck %s --check-prefix=NONE --match-full-lines
// NONE:      err.txt
// NONE-NEXT: none
// NONE-EMPTY:
// RUN: count 0 < %t.empty/err.txt

#include "Inputs/instrumented.h"

#include <string.h>
#include <unistd.h>

#ifndef NO_FUNCTIONS
static __lprof_function fns[] = {FUNCTION("main", 1, 2)};
REGISTER(fns)
#endif

int main(int argc, char **argv) {
#ifndef NO_FUNCTIONS
  ENTER(&fns[0]);
  LINE(1);
#endif
  if (argc > 1 && strcmp(argv[1], "chdir") == 0)
    return chdir("/");
  return 0;
}
