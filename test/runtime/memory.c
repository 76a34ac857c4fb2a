// The runtime's memory: at most 64 bytes (a timed line holds its self time and open-interval count since format 1.4) per thread per instrumented line,
// allocated lazily by each thread. 100,000 lines in 10,000 functions of 4
// to 16 lines, every line run by each of 16 threads, in each mode: the
// runtime's own count of its bytes, and the growth of the process's
// resident memory, both per thread per line (the resident figure also
// holds the 16 threads' stacks and C library arenas).
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread -D__LPROF_MODE=0 %s %rt -o %t.timing
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread -D__LPROF_MODE=1 %s %rt -o %t.count
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -pthread -D__LPROF_MODE=2 %s %rt -o %t.sample
// RUN: env LPROF_OUTPUT=%t.lprof %t.timing | FileCheck %s
// RUN: env LPROF_OUTPUT=%t.lprof %t.count | FileCheck %s
// RUN: env LPROF_OUTPUT=%t.lprof %t.sample | FileCheck %s
// RUN: %python %S/Inputs/summary.py %t.lprof | FileCheck %s --check-prefix=HITS
// CHECK: lines 100000 hits 1600000
// CHECK: runtime bytes per thread per line: {{[0-9.]+}} within 64
// CHECK: resident bytes per thread per line: {{[0-9.]+}} within 64
// HITS:      FUNC f0 /src/mem.c:1 lines=4
// HITS-NEXT:   hits 16 16 16 16

#define _GNU_SOURCE /* pthread_barrier */
#include "lineprof_abi.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The runtime's count of what it allocated (internal; linkable because the
// test links the archive statically).
size_t __lprof_rt_memory_bytes(void);

enum { functions = 10000, threads = 16 };

static __lprof_function *fns;
static unsigned long long total_lines;
static pthread_barrier_t done_counting, may_exit;

static void run_function(__lprof_function *fn) {
  __lprof_frame frame __attribute__((cleanup(__lprof_leave))) =
      __lprof_enter(&frame, fn);
  for (unsigned line = 0; line < fn->num_lines; ++line)
    __lprof_line(&frame, line);
}

static void *thread_main(void *arg) {
  (void)arg;
  for (int i = 0; i < functions; ++i)
    run_function(&fns[i]);
  pthread_barrier_wait(&done_counting);
  pthread_barrier_wait(&may_exit); // alive while main measures
  return NULL;
}

static long resident_bytes(void) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (status && fgets(line, sizeof line, status))
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
      break;
  if (status)
    fclose(status);
  return kb * 1024;
}

static void report(const char *what, double bytes) {
  double per_line = bytes / threads / (double)total_lines;
  printf("%s bytes per thread per line: %.2f %s 64\n", what, per_line,
         per_line <= 64 ? "within" : "ABOVE");
}

int main(void) {
  fns = calloc(functions, sizeof *fns);
  static char names[functions][8];
  for (int i = 0; i < functions; ++i) {
    snprintf(names[i], sizeof names[i], "f%d", i);
    fns[i].file = "/src/mem.c";
    fns[i].name = names[i];
    fns[i].source = "";
    fns[i].first_line = 1 + 20 * (unsigned)i;
    fns[i].num_lines = 4 + (unsigned)i % 13; // 4 to 16, 10 on average
    if (i == functions - 1)
      fns[i].num_lines = 100000 - (unsigned)total_lines;
    total_lines += fns[i].num_lines;
  }
  __lprof_register__link_with_liblineprof_rt(fns, functions);
  pthread_barrier_init(&done_counting, NULL, threads + 1);
  pthread_barrier_init(&may_exit, NULL, threads + 1);

  long resident_before = resident_bytes();
  size_t runtime_before = __lprof_rt_memory_bytes();
  pthread_t ids[threads];
  for (int i = 0; i < threads; ++i)
    pthread_create(&ids[i], NULL, thread_main, NULL);
  pthread_barrier_wait(&done_counting);
  double runtime = (double)(__lprof_rt_memory_bytes() - runtime_before);
  double resident = (double)(resident_bytes() - resident_before);
  pthread_barrier_wait(&may_exit);
  for (int i = 0; i < threads; ++i)
    pthread_join(ids[i], NULL);

  unsigned long long hits = total_lines * threads;
  printf("lines %llu hits %llu\n", total_lines, hits);
  report("runtime", runtime);
  report("resident", resident);
  return 0;
}
