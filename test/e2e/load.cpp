// An unreliable run says so: two busy threads pinned to one CPU each get
// about half of their wall time on it, and are switched out against their
// will; the profile's LOAD record (format 1.5) says so and the report warns,
// naming one of them. A run of one thread writes the record too: only its
// fields are checked there (no threshold a loaded machine could cross).
//
// RUN: %clangxx -std=c++17 -O1 %s %rt -pthread -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t pinned | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN --match-full-lines
// RUN: %python %s.py %t.lprof 3 | FileCheck %s --check-prefix=FIELDS3
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t alone | FileCheck %s --check-prefix=OUT
// RUN: %python %s.py %t.lprof 1 | FileCheck %s --check-prefix=FIELDS1
#include <pthread.h>
#include <sched.h>

#include <cstdio>
#include <cstring>
#include <thread>

[[profile]] unsigned long spin(unsigned long n) {
  unsigned long x = 1;
  for (unsigned long i = 0; i < n; ++i)
    x = x * 6364136223846793005ul + i;
  return x;
}

static pthread_barrier_t start;
static unsigned long results[2];

static void worker(int cpu, int index) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  pthread_barrier_wait(&start);
  results[index] = spin(4000000);
}

// OUT: done
int main(int argc, char **argv) {
  spin(10);
  if (argc > 1 && std::strcmp(argv[1], "pinned") == 0) {
    int cpu = sched_getcpu();
    pthread_barrier_init(&start, nullptr, 2);
    std::thread a(worker, cpu, 0), b(worker, cpu, 1);
    a.join();
    b.join();
  } else {
    results[0] = spin(4000000);
  }
  std::printf("done %d\n", results[0] == results[1]);
  return 0;
}

// WARN: lprof-report: warning: {{.*}}.lprof: thread {{[12]}} ran {{[0-9]+}}% of its wall time on a CPU ({{[0-9,]+}} involuntary context switches): times are likely inflated

// FIELDS3: LOAD measurements=ok spread=ok threads=0,1,2
// FIELDS3-NEXT: thread 0 wall=ok cpu=ok
// FIELDS3-NEXT: thread 1 wall=ok cpu=ok
// FIELDS3-NEXT: thread 2 wall=ok cpu=ok
// FIELDS1: LOAD measurements=ok spread=ok threads=0
// FIELDS1-NEXT: thread 0 wall=ok cpu=ok
