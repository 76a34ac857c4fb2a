/*
 * clock.c - timestamps, and what one tick of __lprof_now() is worth.
 *
 * Probes read a raw hardware counter (the TSC on x86, cntvct_el0 on
 * AArch64) when it runs at a constant rate, and CLOCK_MONOTONIC otherwise.
 * The counter's rate is measured: one (ticks, ns) pair is read when
 * profiling starts and another when a profile is written, and the ratio of
 * the two intervals gives seconds per tick, to within the pairs' own
 * uncertainty over the interval. Nothing sleeps or spins at start-up, and
 * a write spins only if the run is shorter than a fraction of a
 * millisecond and the hardware does not state the rate itself (AArch64's
 * cntfrq_el0; on x86 CPUID leaf 0x15 or a hypervisor's 0x40000010, which
 * many processors and VMs leave empty).
 *
 * (The kernel's own figure, the time_mult/time_shift of a perf event's
 * mmap page, is not used: where perf events are otherwise unused, opening
 * one cost 10 to 50 ms here, and in VMs the page often has no time.)
 */
#define _GNU_SOURCE /* strcasecmp */

#include "runtime.h"

#include <stdlib.h>
#include <strings.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/* Read by every probe (lineprof_abi.h); set once, before any probe reads
 * the clock, by __lprof_rt_start_clock(). */
LPROF_EXPORT __UINT32_TYPE__ __lprof_clock_fallback;

/* The rate is measured to this relative error at least (the pairs'
 * uncertainty over the interval between them): a few hundred
 * microseconds of run. */
static const double max_rate_error = 5e-4;

typedef struct clock_pair {
  uint64_t ticks;
  uint64_t ns;
  uint64_t width; /* ticks between the reads that bracket `ns` */
} clock_pair;

/* Written once by __lprof_rt_start_clock() (under the session's
 * pthread_once), read only after that. */
static clock_pair start_pair;
/* Ticks per second as the hardware states it; 0 if it does not. */
static double stated_rate;

LPROF_EXPORT __UINT64_TYPE__ __lprof_clock_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

#if defined(__x86_64__)
/* __lprof_clock_thunk: the asm timing probes' fallback clock
 * (lineprof_abi.h). Returns __lprof_clock_ns() in edx:eax, as rdtsc would,
 * and preserves every other register, the SSE ones included: the probe
 * tells the compiler it clobbers only rax and rdx. The probe has stepped
 * over its red zone; the stack's alignment is unknown, so it is realigned
 * here. */
__asm__(".text\n"
        ".globl __lprof_clock_thunk\n"
        ".type __lprof_clock_thunk, @function\n"
        "__lprof_clock_thunk:\n"
        "\t.cfi_startproc\n"
        "\tpushq %rbp\n"
        "\t.cfi_def_cfa_offset 16\n"
        "\t.cfi_offset %rbp, -16\n"
        "\tmovq %rsp, %rbp\n"
        "\t.cfi_def_cfa_register %rbp\n"
        "\tpushq %rcx\n"
        "\tpushq %rsi\n"
        "\tpushq %rdi\n"
        "\tpushq %r8\n"
        "\tpushq %r9\n"
        "\tpushq %r10\n"
        "\tpushq %r11\n"
        LPROF_ASM_SAVE_SSE
        "\tcall __lprof_clock_ns@PLT\n"
        LPROF_ASM_RESTORE_SSE
        "\tleaq -56(%rbp), %rsp\n"
        "\tpopq %r11\n"
        "\tpopq %r10\n"
        "\tpopq %r9\n"
        "\tpopq %r8\n"
        "\tpopq %rdi\n"
        "\tpopq %rsi\n"
        "\tpopq %rcx\n"
        "\tpopq %rbp\n"
        "\t.cfi_def_cfa %rsp, 8\n"
        "\tmovq %rax, %rdx\n"
        "\tshrq $32, %rdx\n"
        "\tmovl %eax, %eax\n"
        "\tret\n"
        "\t.cfi_endproc\n"
        ".size __lprof_clock_thunk, .-__lprof_clock_thunk\n");
#endif

int64_t __lprof_rt_wall_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

uint32_t __lprof_rt_clock_kind(void) {
  if (__lprof_clock_fallback)
    return 3;
#if defined(__x86_64__) || defined(__i386__)
  return 1;
#elif defined(__aarch64__)
  return 2;
#else
  return 3;
#endif
}

/* Whether the hardware counter ticks at one rate whatever the core's
 * frequency and sleep states: on x86 the "invariant TSC" bit (CPUID
 * 0x80000007 EDX bit 8, same bit on Intel and AMD); the AArch64 generic
 * timer always does. */
static int counter_is_invariant(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(0x80000000u, &eax, &ebx, &ecx, &edx) || eax < 0x80000007u)
    return 0;
  __get_cpuid(0x80000007u, &eax, &ebx, &ecx, &edx);
  return (edx >> 8) & 1;
#elif defined(__aarch64__)
  return 1;
#else
  return 0;
#endif
}

/* LPROF_CLOCK=monotonic forces CLOCK_MONOTONIC; =counter forces the
 * hardware counter even if the CPU does not promise a constant rate. */
static int use_fallback_clock(void) {
  const char *choice = getenv("LPROF_CLOCK");
  if (choice && strcasecmp(choice, "monotonic") == 0)
    return 1;
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
  if (choice && strcasecmp(choice, "counter") == 0)
    return 0;
  return !counter_is_invariant();
#else
  return 1;
#endif
}

/* Reads the tick counter on both sides of the clock, a few times, and keeps
 * the tightest bracket: a preemption between the reads only widens one. */
static clock_pair read_clock_pair(void) {
  clock_pair best = {0, 0, UINT64_MAX};
  for (int attempt = 0; attempt < 5; ++attempt) {
    uint64_t before = __lprof_now();
    uint64_t ns = __lprof_clock_ns();
    uint64_t after = __lprof_now();
    uint64_t width = after - before;
    if (width < best.width) {
      best.width = width;
      best.ticks = before + width / 2;
      best.ns = ns;
    }
  }
  return best;
}

/* The counter's rate in ticks per second as the hardware states it, or 0.
 * x86: CPUID leaf 0x15 (TSC = crystal x ratio, where the crystal is
 * enumerated), else the hypervisor leaf 0x40000010 (TSC kHz; VMware, and
 * KVM or Xen when configured). AArch64: cntfrq_el0, set by firmware. */
static double hardware_rate(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax, ebx, ecx, edx;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) && eax >= 0x15) {
    __cpuid_count(0x15, 0, eax, ebx, ecx, edx);
    if (eax && ebx && ecx)
      return (double)ecx * ebx / eax;
  }
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx >> 31) & 1) {
    __cpuid(0x40000000, eax, ebx, ecx, edx);
    if (eax >= 0x40000010) {
      __cpuid(0x40000010, eax, ebx, ecx, edx);
      if (eax)
        return (double)eax * 1000;
    }
  }
  return 0;
#elif defined(__aarch64__)
  uint64_t frequency;
  __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(frequency));
  return (double)frequency;
#else
  return 0;
#endif
}

void __lprof_rt_start_clock(void) {
  __atomic_store_n(&__lprof_clock_fallback, (uint32_t)use_fallback_clock(),
                   __ATOMIC_RELAXED);
  start_pair = read_clock_pair();
  if (__lprof_rt_clock_kind() != 3)
    stated_rate = hardware_rate();
}

uint64_t __lprof_rt_ticks_to_ns(uint64_t ticks) {
  if (__lprof_rt_clock_kind() == 3)
    return ticks;
  uint64_t elapsed_ticks = __lprof_now() - start_pair.ticks;
  uint64_t elapsed_ns = __lprof_clock_ns() - start_pair.ns;
  if (elapsed_ticks == 0)
    return ticks;
  __extension__ typedef unsigned __int128 wide; /* ticks x ns overflows 64 bits */
  return (uint64_t)((wide)ticks * elapsed_ns / elapsed_ticks);
}

double __lprof_rt_seconds_per_tick(int precise) {
  if (__lprof_rt_clock_kind() == 3)
    return 1e-9; /* the probes read nanoseconds already */
  for (;;) {
    clock_pair end = read_clock_pair();
    uint64_t ticks = end.ticks - start_pair.ticks;
    double error = ticks ? (double)(start_pair.width + end.width) / 2 / ticks
                         : 1;
    if (ticks && (error <= max_rate_error || !precise))
      return (double)(end.ns - start_pair.ns) / (double)ticks * 1e-9;
    if (stated_rate > 0)
      return 1 / stated_rate;
    /* A counter that does not run: any value will do. */
    if (!precise || end.ns - start_pair.ns > 100 * 1000 * 1000)
      return ticks ? (double)(end.ns - start_pair.ns) / (double)ticks * 1e-9
                   : 1e-9;
    /* Spin: the run was too short to measure the rate yet. */
  }
}
