/*
 * clock.c - timestamps, and what one tick of __lprof_now() is worth.
 *
 * Probes read a raw hardware counter (the TSC on x86, cntvct_el0 on
 * AArch64) when it runs at a constant rate, and CLOCK_MONOTONIC otherwise.
 * The counter's rate is measured rather than assumed: one (ticks, ns) pair
 * is read when profiling starts and another when a profile is written, and
 * the ratio of the two intervals gives seconds per tick. Nothing sleeps at
 * start-up; only a write that comes very soon after the start spins until
 * the interval is long enough to measure the rate to well under 0.1%.
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

/* A pair read 10 ms apart, each to within ~100 ns, bounds the rate's error
 * to a few parts in 100,000. */
static const uint64_t min_calibration_ns = 10 * 1000 * 1000;

typedef struct clock_pair {
  uint64_t ticks;
  uint64_t ns;
} clock_pair;

/* Written once by __lprof_rt_start_clock() (under the session's
 * pthread_once), read only after that. */
static clock_pair start_pair;

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
  clock_pair best = {0, 0};
  uint64_t best_width = UINT64_MAX;
  for (int attempt = 0; attempt < 5; ++attempt) {
    uint64_t before = __lprof_now();
    uint64_t ns = __lprof_clock_ns();
    uint64_t after = __lprof_now();
    uint64_t width = after - before;
    if (width < best_width) {
      best_width = width;
      best.ticks = before + width / 2;
      best.ns = ns;
    }
  }
  return best;
}

void __lprof_rt_start_clock(void) {
  __atomic_store_n(&__lprof_clock_fallback, (uint32_t)use_fallback_clock(),
                   __ATOMIC_RELAXED);
  start_pair = read_clock_pair();
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

  while (precise && __lprof_clock_ns() - start_pair.ns < min_calibration_ns) {
    /* Spin: the run was too short to measure the rate yet. */
  }
  clock_pair end = read_clock_pair();
  uint64_t ticks = end.ticks - start_pair.ticks;
  if (ticks == 0)
    return 1e-9; /* a counter that does not run; any positive value will do */
  return (double)(end.ns - start_pair.ns) / (double)ticks * 1e-9;
}
