/*
 * sample.c - sample mode's out-of-line parts: the gaps between timed line
 * intervals, and recording a timed interval.
 *
 * Sample mode times a line interval when the thread's countdown of line
 * probes runs out. The gaps are random, geometric with mean 64 (to 1/4096
 * in probability): close to "every line probe is sampled with probability
 * 1/64, independently", so no loop structure can line up with the
 * sampling, and each line's sampled intervals are a fair sample of all of
 * its intervals.
 * Drawing a gap is a table lookup: no floating point (the program's
 * exception flags are its own) and no libm (the runtime links without
 * -lm).
 */
#define _GNU_SOURCE /* gettid, CLOCK_THREAD_CPUTIME_ID */

#include "runtime.h"

#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

_Static_assert(__LPROF_SAMPLE_MEAN_GAP == 64, "log_keep is for a mean of 64");

/* ln(1 - 1/64): the geometric distribution's log of failure probability. */
static const double log_keep = -0.015748356968139112;

/* Natural log of x > 0, to about 1e-7 relative: x = m 2^e with m in
 * [1, 2), ln m = 2 atanh((m - 1) / (m + 1)) as a short odd series. */
static double natural_log(double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
  double mantissa;
  memcpy(&mantissa, &bits, sizeof mantissa);
  double s = (mantissa - 1) / (mantissa + 1);
  double s2 = s * s;
  double series =
      s * (1 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 / 9))));
  return exponent * 0.6931471805599453 + 2 * series;
}

/* The geometric distribution's quantiles at the midpoints of `gaps`
 * equally likely strata, adjusted so that their mean is exactly
 * __LPROF_SAMPLE_MEAN_GAP: drawing a gap is then a table lookup, with no
 * floating point while the program runs, and in the long run exactly one
 * line probe in 64 is sampled, which the weights assume. */
enum { gaps = 4096 };
static uint32_t gap_table[gaps];

void __lprof_rt_init_sampling(void) {
  int64_t sum = 0;
  for (int i = 0; i < gaps; ++i) {
    double u = ((double)i + 0.5) / gaps;
    gap_table[i] = 1 + (uint32_t)(natural_log(u) / log_keep);
    sum += gap_table[i];
  }
  /* Spread the rounding over the table, longest gaps first. */
  int64_t excess = sum - (int64_t)gaps * __LPROF_SAMPLE_MEAN_GAP;
  for (int i = 0; excess != 0; i = (i + 1) % gaps) {
    if (excess > 0 && gap_table[i] > 1) {
      --gap_table[i];
      --excess;
    } else if (excess < 0) {
      ++gap_table[i];
      ++excess;
    }
  }
}

/* splitmix64: seeds the generator from whatever differs between threads. */
static uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/* xorshift64*: fast, and plenty random for spacing samples. */
static uint64_t next_random(void) {
  uint64_t x = __lprof_tls.random;
  if (x == 0) {
    x = mix(__lprof_clock_ns() ^ ((uint64_t)syscall(SYS_gettid) << 32) ^
            (uint64_t)(uintptr_t)&__lprof_tls);
    if (x == 0)
      x = 1;
  }
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  __lprof_tls.random = x;
  return x * 0x2545F4914F6CDD1Dull;
}

/* When this thread last looked at its CPU time (wall and CPU ns). */
static __thread uint64_t checked_wall_ns, checked_cpu_ns;

static uint64_t thread_cpu_ns(void) {
  struct timespec now;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

LPROF_EXPORT __INT64_TYPE__ __lprof_sample_gap(void) {
  if (checked_wall_ns == 0) { /* the thread's first sample */
    checked_wall_ns = __lprof_clock_ns();
    checked_cpu_ns = thread_cpu_ns();
  }
  return gap_table[next_random() >> 52];
}

/* A timed interval this many times longer than the line's mean so far,
 * and at least this many ticks (about a microsecond), is suspect: scaled
 * up by its weight it would stand for 63 more like it. That is right for a
 * line's rare slow path, wrong for a one-off such as the thread being
 * preempted or an interrupt storm. */
#define SUSPECT_RATIO 64
#define SUSPECT_MIN_TICKS 2048
/* A line whose intervals take this long (1.5 to 4 us) pays well under 2%
 * for a timestamp pair, so from then on every interval of it is timed. */
#define SLOW_LINE_TICKS 4096

/* Whether the thread was kept from running for at least half of a suspect
 * interval of `ticks`: wall time passed since the last look, less CPU time
 * used, is time the thread did not run (preempted, or stalled by the
 * hypervisor where the guest sees it). Reading the thread's CPU time is a
 * system call, so only suspect intervals pay for it. */
static int was_kept_from_running(uint64_t ticks) {
  uint64_t wall = __lprof_clock_ns(), cpu = thread_cpu_ns();
  uint64_t wall_passed = wall - checked_wall_ns;
  uint64_t cpu_used = cpu - checked_cpu_ns;
  checked_wall_ns = wall;
  checked_cpu_ns = cpu;
  if (cpu == 0 || cpu_used > wall_passed)
    return 0;
  return 2 * (wall_passed - cpu_used) >= __lprof_rt_ticks_to_ns(ticks);
}

LPROF_EXPORT void __lprof_sample_record(__lprof_timed_line *line,
                                        __UINT32_TYPE__ *weights,
                                        __UINT64_TYPE__ ticks,
                                        __UINT64_TYPE__ probes,
                                        __UINT32_TYPE__ weight) {
  uint64_t sum_ticks = __LPROF_GET(line->ticks);
  uint64_t flagged = __LPROF_GET(line->probes);
  uint64_t slow = flagged & __LPROF_SLOW_LINE;
  uint64_t sum_probes = flagged & ~__LPROF_SLOW_LINE;
  uint32_t total = __LPROF_GET(*weights);

  int one_off = weight > 1 && ticks > SUSPECT_MIN_TICKS && total > 0 &&
                ticks / SUSPECT_RATIO > sum_ticks / total &&
                was_kept_from_running(ticks);
  if (one_off)
    weight = 1; /* counted once, as timing mode would */
  /* Past 2^32 intervals' worth, halve: the mean is unchanged, and later
   * intervals weigh a little more than older ones. */
  if (total > UINT32_MAX - weight) {
    sum_ticks /= 2;
    sum_probes /= 2;
    total /= 2;
  }
  sum_ticks += ticks * weight;
  sum_probes += probes * weight;
  total += weight;
  if (!one_off && ticks > SLOW_LINE_TICKS && sum_ticks / total > SLOW_LINE_TICKS)
    slow = __LPROF_SLOW_LINE;

  __LPROF_SET(line->ticks, sum_ticks);
  __LPROF_SET(line->probes, sum_probes | slow);
  __LPROF_SET(*weights, total);
}
