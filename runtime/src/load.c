/*
 * load.c - what a run can cheaply learn about interference, for the LOAD
 * record (docs/lprof-format.md): per thread, its wall time, the CPU time
 * it got and its context switches, from its first profiled call to its
 * exit or the write. A thread that was kept off the CPU against its will
 * (involuntary switches: preempted, its core shared) saw every interval it
 * had open then grow, which no compensation takes out; the report says so.
 *
 * One getrusage(RUSAGE_THREAD) and one clock read at a thread's first
 * profiled call, again at its exit; no stdio (a write may run in a signal
 * handler).
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */

#include "runtime.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t timeval_ns(struct timeval t) {
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_usec * 1000u;
}

void __lprof_rt_measure_load(lprof_rt_load *load) {
  struct rusage usage;
  load->known = 0;
  if (getrusage(RUSAGE_THREAD, &usage) != 0)
    return;
  load->wall_ns = __lprof_clock_ns();
  load->cpu_ns = timeval_ns(usage.ru_utime) + timeval_ns(usage.ru_stime);
  load->involuntary = (uint64_t)usage.ru_nivcsw;
  load->voluntary = (uint64_t)usage.ru_nvcsw;
  load->known = 1;
}

static uint64_t since(uint64_t now, uint64_t then) {
  return now > then ? now - then : 0;
}

int __lprof_rt_thread_load(const lprof_rt_thread *thread, lprof_rt_load *out) {
  lprof_rt_load end;
  if (!thread->load_start.known)
    return 0;
  if (thread->exited)
    end = thread->load_end;
  else if (thread->tid == (uint32_t)syscall(SYS_gettid))
    __lprof_rt_measure_load(&end);
  else
    return 0; /* another live thread: not asked */
  if (!end.known)
    return 0;
  const lprof_rt_load *start = &thread->load_start;
  out->wall_ns = since(end.wall_ns, start->wall_ns);
  out->cpu_ns = since(end.cpu_ns, start->cpu_ns);
  out->involuntary = since(end.involuntary, start->involuntary);
  out->voluntary = since(end.voluntary, start->voluntary);
  out->known = 1;
  return 1;
}
