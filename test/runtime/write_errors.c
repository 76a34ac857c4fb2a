// A profile that cannot be written costs one warning line on stderr and
// nothing else: the exit status and stdout stay the program's, and no
// temporary file is left behind.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir -p %t.dir/target.lprof && touch %t.dir/file
//
// The directory does not exist.
// RUN: env LPROF_OUTPUT=%t.dir/missing/out.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=MISSING --match-full-lines < %t.err
// RUN: count 1 < %t.err
// MISSING: lineprof: warning: cannot write profile to '{{.*}}.dir/missing/out.lprof': No such file or directory
//
// A path through a regular file.
// RUN: env LPROF_OUTPUT=%t.dir/file/out.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=NOTDIR --match-full-lines < %t.err
// RUN: count 1 < %t.err
// NOTDIR: lineprof: warning: cannot write profile to '{{.*}}.dir/file/out.lprof': Not a directory
//
// The target is a directory: the temporary file is written, then rename()
// fails, and the temporary file must go.
// RUN: env LPROF_OUTPUT=%t.dir/target.lprof %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=ISDIR --match-full-lines < %t.err
// RUN: count 1 < %t.err
// ISDIR: lineprof: warning: cannot write profile to '{{.*}}.dir/target.lprof': Is a directory
//
// An unwritable working directory (even for root: /proc) and no
// LPROF_OUTPUT: the default name there.
// RUN: cd /proc && %python %S/Inputs/exit_code.py %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
// RUN: FileCheck %s --check-prefix=CWD --match-full-lines < %t.err
// RUN: count 1 < %t.err
// CWD: lineprof: warning: cannot write profile to '/proc/write_errors.c.tmp.lprof': {{.+}}
//
// Nothing was left behind.
// RUN: ls -a %t.dir %t.dir/target.lprof | FileCheck %s --check-prefix=LEFT --match-full-lines
// LEFT:      {{.*}}.dir:
// LEFT-NEXT: .
// LEFT-NEXT: ..
// LEFT-NEXT: file
// LEFT-NEXT: target.lprof
// LEFT-EMPTY:
// LEFT-NEXT: {{.*}}.dir/target.lprof:
// LEFT-NEXT: .
// LEFT-NEXT: ..
// LEFT-EMPTY:

// OUT:      before
// OUT-NEXT: after
// OUT-NEXT: exit code: 5
// OUT-EMPTY:

#include "Inputs/instrumented.h"

#include <stdio.h>

static __lprof_function fns[] = {FUNCTION("main", 1, 3)};
REGISTER(fns)

int main(void) {
  ENTER(&fns[0]);
  LINE(1);
  puts("before");
  LINE(2);
  puts("after");
  return 5;
}
