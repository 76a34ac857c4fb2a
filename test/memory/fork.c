// fork(): the child starts with empty memory figures (like its empty
// counters) and writes them to its own file; frees of the parent's blocks
// in the child are untracked there, and the parent's figures are its own.
//
// RUN: %clang -std=c11 -O2 -g -Wall -Wextra -Werror %s %rt -o %t
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: env LPROF_MEMORY=1 LPROF_OUTPUT=%t.dir/prof.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.dir/prof.lprof %s | FileCheck %s --check-prefix=PARENT
// RUN: %python %S/Inputs/mem.py %t.dir/prof.[0-9]*.lprof %s | FileCheck %s --check-prefix=CHILD

// OUT:      child status 0
// OUT-NEXT: parent done

// PARENT:      version 1.5
// PARENT-NEXT: before: allocs 10 bytes 1000 frees 0 freed 0 net 1000 retained 0/0
// PARENT-NEXT: child_alloc: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// PARENT-NEXT: child_free: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// PARENT-NEXT: parent_free: allocs 0 bytes 0 frees 10 freed 1000 net -1000 retained 0/0
// PARENT:      run: {{.*}} untracked 0 {{.*}} consistent

// CHILD:      version 1.5
// CHILD-NEXT: before: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// CHILD-NEXT: child_alloc: allocs 3 bytes 300 frees 0 freed 0 net 300 retained 3/300
// CHILD-NEXT: child_free: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// CHILD-NEXT: parent_free: allocs 0 bytes 0 frees 0 freed 0 net 0 retained 0/0
// CHILD:      run: {{.*}} untracked {{[1-9][0-9]*}} {{.*}} consistent

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *parents[10];
static void *volatile childs[3]; /* read by nobody: volatile keeps the calls */

__attribute__((profile)) static int work(void) {
  for (int i = 0; i < 10; ++i)
    parents[i] = malloc(100); /* M:before */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 3; ++i)
      childs[i] = malloc(100); /* M:child_alloc */
    for (int i = 0; i < 10; ++i)
      free(parents[i]); /* M:child_free */
    return -1;
  }
  int status = 1;
  waitpid(pid, &status, 0);
  for (int i = 0; i < 10; ++i)
    free(parents[i]); /* M:parent_free */
  return status;
}

int main(void) {
  int status = work();
  if (status == -1)
    return 0; /* the child: writes its profile at exit */
  printf("child status %d\nparent done\n", status);
  return 0;
}
