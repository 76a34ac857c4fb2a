// Functions still running when a signal ends the run are closed at that
// moment: a profiled callee spends 300 ms on one line (a plain function
// busy-waiting, no probe in between) and then its line is interrupted by
// SIGINT, SIGTERM or abort(); another thread is blocked meanwhile on a line
// of its own. The profile charges the interrupted line with the time it
// ran (at least half the time the program measured itself: generous, as
// the machine may be loaded), the callee's and its caller's totals include
// it, the other thread's open line and function too, and self times still
// sum to the two threads' totals. The exit status and stdout are the
// plain build's. A dump while it runs (lprof_dump from the plain function
// on the line, into another file) closes the activations in that file
// without changing what they count afterwards: the profile written at
// exit, after they returned, holds the same.
//
// RUN: %plain-clang -O1 -pthread -Wno-unknown-attributes %s -o %t.plain
// RUN: %clang -O1 -g -pthread "-DPROFILE=[[profile]]" %s %rt -o %t
// RUN: %python %S/Inputs/exit_code.py %t.plain %t.spin int | FileCheck %s --check-prefixes=OUT,INT
// RUN: rm -f %t.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.lprof %t %t.spin int | FileCheck %s --check-prefixes=OUT,INT
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=CLOSED
// The calls still running are in the EDGE records, with their time so far:
// callgrind_annotate --inclusive=yes gives the run's total to the calls
// from outside, and each callee the time of its calls.
// RUN: %lprof-report --format=callgrind --raw -o %t.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | FileCheck %s --check-prefix=EDGES
// RUN: %lprof-report --format=callgrind -o %t.net.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.net.callgrind > %t.net.annotated
// RUN: %python %inputs/check_calls.py %t.net.callgrind %t.net.annotated | FileCheck %s --check-prefix=EDGES
// RUN: %lprof-report --format=json --raw %t.lprof | %python -c "import json,sys; [print('json', c['caller'] and c['caller']['name'], c['callee']['name'], c['calls'], c['time'] > 0) for c in json.load(sys.stdin)['calls']]" | FileCheck %s --check-prefix=JSON
// RUN: %python %S/Inputs/exit_code.py %t.plain %t.spin term | FileCheck %s --check-prefixes=OUT,TERM
// RUN: rm -f %t.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.lprof %t %t.spin term | FileCheck %s --check-prefixes=OUT,TERM
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=CLOSED
// RUN: rm -f %t.lprof %t.mid.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.mid.lprof %t %t.spin dump %t.lprof | FileCheck %s --check-prefixes=OUT,DUMP
// RUN: %lprof-report --format=json --raw %t.mid.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=CLOSED
// RUN: %lprof-report --format=callgrind --raw -o %t.callgrind %t.mid.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | FileCheck %s --check-prefix=EDGES
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=CLOSED
// RUN: %lprof-report --format=callgrind --raw -o %t.callgrind %t.lprof
// RUN: cd / && callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 %t.callgrind > %t.annotated
// RUN: %python %inputs/check_calls.py %t.callgrind %t.annotated | FileCheck %s --check-prefix=EDGES-AFTER
// RUN: %python %S/Inputs/exit_code.py %t.plain %t.spin abort | FileCheck %s --check-prefixes=OUT,ABRT
// RUN: rm -f %t.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.lprof %t %t.spin abort | FileCheck %s --check-prefixes=OUT,ABRT
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=CLOSED
// Sample mode closes the intervals open at the write the same way (the
// lines here are in their first hits, so every interval is timed): the
// interrupted line and the blocked thread's (another thread's, read while
// it runs) have their time so far, the callers theirs. (Self times are
// not summed: a sample-mode calling line loses its callee's time from the
// entry's timestamp to the return's, which holds the callee's first-call
// registration, where the callee's own time runs from its first probe.)
// RUN: %clang -O1 -g -pthread -fplugin-arg-lineprof-mode=sample "-DPROFILE=[[profile]]" %s %rt -o %t.sample
// RUN: rm -f %t.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.lprof %t.sample %t.spin int | FileCheck %s --check-prefixes=OUT,INT
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=SAMPLED
// RUN: rm -f %t.lprof %t.mid.lprof && %python %S/Inputs/exit_code.py LPROF_OUTPUT=%t.mid.lprof %t.sample %t.spin dump %t.lprof | FileCheck %s --check-prefixes=OUT,DUMP
// RUN: %lprof-report --format=json --raw %t.mid.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=SAMPLED
// RUN: %lprof-report --format=json --raw %t.lprof > %t.json
// RUN: %python %S/Inputs/running_at_signal.py %t.json %t.spin %s | FileCheck %s --check-prefix=SAMPLED
// Sample mode records no call edges yet: --callers says so.
// RUN: %lprof-report --callers callee %t.lprof 2>/dev/null | FileCheck %s --check-prefix=SAMPLE-CALLERS
// SAMPLE-CALLERS: Callers of callee at {{.*}}running_at_signal.c:{{[0-9]+}}
// SAMPLE-CALLERS-EMPTY:
// SAMPLE-CALLERS-NEXT: no recorded calls to it (calls are recorded in timing and count mode only)
//
// OUT:       started
// OUT-NEXT:  waiting
// INT-NEXT:  exit code: -2
// TERM-NEXT: exit code: -15
// ABRT-NEXT: exit code: -6
// DUMP-NEXT: exit code: 0
//
// CLOSED:      interrupted line: at least half the spin
// CLOSED-NEXT: callee total: at least the line
// CLOSED-NEXT: caller's calling line: at least callee's total
// CLOSED-NEXT: caller total: at least its line
// CLOSED-NEXT: main total: at least caller's
// CLOSED-NEXT: blocked thread's line: at least half the spin
// CLOSED-NEXT: blocked thread's function total: at least its line
// CLOSED-NEXT: self times sum to the threads' totals
//
// SAMPLED:      interrupted line: at least half the spin
// SAMPLED-NEXT: callee total: at least the line
// SAMPLED-NEXT: caller's calling line: at least callee's total
// SAMPLED-NEXT: caller total: at least its line
// SAMPLED-NEXT: main total: at least caller's
// SAMPLED-NEXT: blocked thread's line: at least half the spin
// SAMPLED-NEXT: blocked thread's function total: at least its line
//
// EDGES:      edge (outside profiled code):0 -> blocked calls=1
// EDGES-NEXT: edge (outside profiled code):0 -> main calls=1
// (the calls from the lines, and `totals ok`, below main)
// After the calls returned (the exit's profile of the dump run), the same
// calls; the blocked thread is still running.
// EDGES-AFTER:      edge (outside profiled code):0 -> blocked calls=1
// EDGES-AFTER-NEXT: edge (outside profiled code):0 -> main calls=1
// JSON-DAG: json None blocked 1 True
// JSON-DAG: json None main 1 True
// JSON-DAG: json main caller 1 True
// JSON-DAG: json caller callee 1 True
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef PROFILE
#define PROFILE
#endif

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + now.tv_nsec * 1e-9;
}

static int never_written[2];
static const char *dump_then = "";
int lprof_dump(void) __attribute__((weak)); /* the runtime's, if linked */

// Not profiled: what the profiled lines below spend their time in.
static void block_forever(void) {
  char byte;
  (void)!read(never_written[0], &byte, 1);
}

static void spin_then_end(const char *record, const char *how) {
  double start = seconds();
  while (seconds() - start < 0.3) {
  }
  FILE *out = fopen(record, "w");
  fprintf(out, "%.6f\n", seconds() - start);
  fclose(out);
  if (strcmp(how, "dump") == 0 && lprof_dump) {
    lprof_dump();
    setenv("LPROF_OUTPUT", dump_then, 1); /* the exit's profile goes there */
  } else if (strcmp(how, "int") == 0)
    raise(SIGINT);
  else if (strcmp(how, "term") == 0)
    raise(SIGTERM);
  else if (strcmp(how, "dump") != 0)
    abort();
}

PROFILE void *blocked(void *arg) {
  (void)arg;
  block_forever(); // blocked line
  return NULL;
}

PROFILE void callee(const char *record, const char *how) {
  volatile int before = 1;
  spin_then_end(record, how); // interrupted line
  before = 2;
}

PROFILE void caller(const char *record, const char *how) {
  callee(record, how); // calls callee
  // EDGES-NEXT: edge caller:[[#@LINE-1]] -> callee calls=1
  // EDGES-AFTER-NEXT: edge caller:[[#@LINE-2]] -> callee calls=1
}

static pthread_t other;

PROFILE int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  if (argc > 3)
    dump_then = argv[3];
  if (pipe(never_written) != 0)
    return 2;
  printf("started\n");
  pthread_create(&other, NULL, blocked, NULL);
  printf("waiting\n");
  fflush(stdout);
  caller(argv[1], argv[2]); // calls caller
  // EDGES-NEXT: edge main:[[#@LINE-1]] -> caller calls=1
  // EDGES-AFTER-NEXT: edge main:[[#@LINE-2]] -> caller calls=1
  // EDGES-NEXT: totals ok
  // EDGES-AFTER-NEXT: totals ok
  return 0;
}
