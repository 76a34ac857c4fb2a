// What the output path names decides what happens to it: a symlink is
// followed and its target replaced (atomically, in the target's
// directory); a device, FIFO, socket or terminal is never opened, never
// blocks and never replaced (one warning; the exit status and output stay
// the program's), /dev/null discards the profile quietly, and a file that
// is the program's own standard output is left alone. No lock can hang the
// program at exit: not one on the output directory, nor one a program
// holds on its working directory; one on the profile itself is waited for
// a second at most.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %python %S/Inputs/special_outputs.py %t %t.dir | FileCheck %s --match-full-lines
//
// CHECK:      symlink: exit 5; stderr empty; link.lprof symlink -> target.lprof, target profile (main hits 0 1 1)
// CHECK-NEXT: chain: exit 5; stderr empty; chain.lprof symlink, sub/abs.lprof symlink, sub/deep.lprof profile (main hits 0 1 1)
// CHECK-NEXT: dangling: exit 5; stderr empty; dangling.lprof symlink, sub/new.lprof profile (main hits 0 1 1)
// CHECK-NEXT: loop: exit 5; stderr lineprof: warning: cannot write profile to 'DIR/loop1.lprof': Too many levels of symbolic links; loop1.lprof symlink
// CHECK-NEXT: fifo: exit 5; stderr lineprof: warning: not writing profile to 'DIR/fifo': it is a FIFO, not a regular file; fifo FIFO
// CHECK-NEXT: socket: exit 5; stderr lineprof: warning: not writing profile to 'DIR/socket': it is a socket, not a regular file; socket socket
// CHECK-NEXT: device: exit 5; stderr lineprof: warning: not writing profile to '{{.*}}full': it is a character device, not a regular file; full character device
// CHECK-NEXT: null: exit 5; stderr empty; null character device
// CHECK-NEXT: tty: exit 5; stderr lineprof: warning: not writing profile to '/dev/pts/{{[0-9]+}}': it is a character device, not a regular file; tty character device
// CHECK-NEXT: stdout-pipe: exit 5; stderr lineprof: warning: not writing profile to 'DIR/stdout': it is a FIFO, not a regular file; stdout b'before\nafter\n'
// CHECK-NEXT: stdout-file: exit 5; stderr lineprof: warning: not writing profile to 'DIR/stdout': it is the program's standard output, not a regular file; out.txt b'before\nafter\n'
// CHECK-NEXT: stdout-default: exit 5; stderr lineprof: warning: not writing profile to 'DIR/app.lprof': it is the program's standard output, not a regular file; app.lprof b'before\nafter\n'
// CHECK-NEXT: locked-directory: exit 5; stderr empty; prof.lprof profile (main hits 0 1 1)
// CHECK-NEXT: lock-cwd: exit 5; stderr empty; prof.lprof profile (main hits 0 1 1)
// CHECK-NEXT: locked-file: exit 5; stderr empty; held.lprof profile (main hits 0 1 1)
// CHECK-EMPTY:

#define _DEFAULT_SOURCE /* flock */
#include "Inputs/instrumented.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>

static __lprof_function fns[] = {FUNCTION("main", 1, 3)};
REGISTER(fns)

int main(int argc, char **argv) {
  ENTER(&fns[0]);
  LINE(1);
  if (argc > 1 && strcmp(argv[1], "lock-cwd") == 0)
    flock(open(".", O_RDONLY | O_DIRECTORY), LOCK_EX); /* held at exit */
  puts("before");
  LINE(2);
  puts("after");
  return 5;
}
