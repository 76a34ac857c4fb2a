// fork(): the child starts with empty counters and writes its own profile,
// named after it (".<pid>" before ".lprof") unless the output pattern
// already names the process (%p); the parent's file is never touched by
// the child. The child here forks from inside a profiled function, whose
// frame goes on counting in the child.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir -p %t.dir/plain %t.dir/pattern
// RUN: env LPROF_OUTPUT=%t.dir/plain/prof.lprof %t > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: %python %S/Inputs/files.py %t.dir/plain | FileCheck %s --check-prefix=PLAIN
// RUN: env LPROF_OUTPUT=%t.dir/pattern/p-%%p.lprof %t > %t.out
// RUN: %python %S/Inputs/files.py %t.dir/pattern | FileCheck %s --check-prefix=PATTERN

// OUT:      child done
// OUT-NEXT: parent file untouched by the child: yes
// OUT-NEXT: parent done

// PLAIN:      FILE prof.lprof
// PLAIN-NEXT:   parent
// PLAIN-NEXT:   work hits 0 2 18 16 2
// PLAIN-NEXT:   forker hits 0 1 1 1
// PLAIN-NEXT: FILE prof.{pid}.lprof
// PLAIN-NEXT:   child
// PLAIN-NEXT:   work hits 0 1 8 7 1
// PLAIN-NEXT:   forker hits 0 0 0 1
// PLAIN-EMPTY:

// PATTERN:      FILE p-{pid}.lprof
// PATTERN-NEXT:   child
// PATTERN:      FILE p-{pid}.lprof
// PATTERN-NEXT:   parent
// PATTERN-NOT:  FILE

#define _GNU_SOURCE /* fork */
#include "Inputs/instrumented.h"
#include "lineprof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static __lprof_function fns[] = {
    FUNCTION("work", 10, 5),
    FUNCTION("forker", 20, 4),
};
REGISTER(fns)

static int sink;

static void work(int n) {
  ENTER(&fns[0]);
  LINE(1);
  int total = 0;
  for (int i = 0; (LINE(2), i < n); ++i) {
    LINE(3);
    total += i;
  }
  LINE(4);
  sink += total;
}

static char *read_file(const char *path, long *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  fseek(file, 0, SEEK_END);
  *size = ftell(file);
  rewind(file);
  char *data = malloc(*size);
  if (fread(data, 1, *size, file) != (size_t)*size)
    *size = -1;
  fclose(file);
  return data;
}

// Forks on its line 2; the child goes on to line 3 of this activation.
static pid_t forker(void) {
  ENTER(&fns[1]);
  LINE(1);
  fflush(stdout);
  LINE(2);
  pid_t child = fork();
  LINE(3);
  return child;
}

int main(void) {
  const char *output = getenv("LPROF_OUTPUT");
  work(5);
  lprof_dump();
  long before_size = 0, after_size = 0;
  char *before = read_file(output, &before_size);

  if (forker() == 0) {
    work(7);
    printf("child done\n");
    free(before);
    exit(0); // a normal exit: the child writes its profile
  }
  int status;
  wait(&status);
  char *after = read_file(output, &after_size);
  int same = before && after && before_size == after_size &&
             memcmp(before, after, before_size) == 0;
  printf("parent file untouched by the child: %s\n", same ? "yes" : "no");
  free(before);
  free(after);
  work(11);
  printf("parent done\n");
  return 0;
}
