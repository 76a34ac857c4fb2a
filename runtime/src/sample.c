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

#include "fpstate.h"
#include "runtime.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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

static void fill_gap_table(void) {
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

static int64_t sample_gap(void);

/* Not counted into __lprof_tls.sample_probes: the activation's base is
 * this gap, and what it goes down by is counted at its return. */
LPROF_EXPORT __INT64_TYPE__ __lprof_sample_fresh_countdown(void) {
  return sample_gap();
}

/* When this thread last looked at its CPU time (wall and CPU ns). */
static __thread uint64_t checked_wall_ns, checked_cpu_ns;

static uint64_t thread_cpu_ns(void) {
  struct timespec now;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* The table is made at the process's first sample, not at start-up: a
 * process that samples nothing does not pay for it. */
static pthread_once_t gap_table_once = PTHREAD_ONCE_INIT;

static void make_gap_table(void) {
  /* Its arithmetic in doubles must leave no exception flag raised. */
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  fill_gap_table();
  lprof_rt_fp_restore(fp);
}

static int64_t sample_gap(void) {
  if (checked_wall_ns == 0) { /* the thread's first sample */
    pthread_once(&gap_table_once, make_gap_table);
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
 * for a timestamp pair, so from then on every interval of it is timed.
 * Judged on the self time of intervals timed at random: that many in a
 * row must be slow. Not on a mean: a line's first hits hold its callees'
 * first calls (their registration, maybe the calibration), and one
 * preempted interval is a thousand ordinary ones. Not on the inclusive
 * time: a line is not slow because the profiled functions it calls take
 * long, and timing every interval of a recursive parser's lines (and so
 * every call they make) made it 30 times slower. */
#define SLOW_LINE_TICKS 4096
#define SLOW_LINE_SAMPLES 4

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

/* A timed interval, open from a line probe of an activation to its next
 * probe: see below. */
typedef struct open_interval {
  __lprof_timed_line *line;
  uint32_t *weights; /* the line's weight sum */
  uint64_t start;    /* timestamp that opened it */
  uint64_t mark;     /* __lprof_tls.sample_probes when it opened */
  int64_t countdown; /* the activation's, while the marker stands in for it */
  uint64_t callees;  /* ticks of the timed callees it has run */
  /* timed_callees when it opened, and how many of them it timed itself
   * (the others were timed by intervals nested in its callees). */
  uint64_t callee_mark;
  uint32_t direct_callees;
  uint32_t weight;   /* intervals it stands for */
  /* Inside another activation's interval on the same line (recursion): it
   * adds no inclusive time to the line, as in timing mode. */
  uint8_t nested;
  /* In the outermost activation of its function on the thread: its time
   * is part of the function's (see record). */
  uint8_t outermost;
  uint8_t callee_running; /* a timed callee's activation is running */
  /* Its entry's timestamp, for a write while it runs. */
  uint64_t callee_entered;
} open_interval;

/* The timed callees this thread has run (__lprof_sample_callee_enter), and
 * what timing one adds to the interval it runs in: in all, and outside its
 * two timestamps (calibrate.c measures both). */
static __thread uint64_t timed_callees __attribute__((tls_model("initial-exec")));
/* In 256ths of a tick: record() runs while the program does, and must
 * not raise the program's floating-point exception flags. */
static uint64_t timed_callee_cost, timed_callee_outside_cost;

/* Called with the floating-point state saved (calibrate.c). */
void __lprof_rt_set_timed_callee_cost(double total, double outside) {
  if (total < 0)
    total = 0;
  outside = outside < 0 ? 0 : outside > total ? total : outside;
  timed_callee_cost = (uint64_t)(total * 256 + 0.5);
  timed_callee_outside_cost = (uint64_t)(outside * 256 + 0.5);
}

/* In 256ths of a tick, as above. */
static uint64_t sample_interval_cost;

void __lprof_rt_set_sample_interval_cost(double ticks) {
  sample_interval_cost = ticks > 0 ? (uint64_t)(ticks * 256 + 0.5) : 0;
}

/*
 * Sample mode's self_probes word holds the line's sampling state in its
 * low LPROF_RT_SAMPLE_STATE_BITS, and above them the inclusive ticks (each
 * times its weight) of the line's timed intervals that ran in the
 * outermost activation of its function on the thread. The function's time
 * is estimated from its lines' own samples (snapshot.c): each line's
 * estimate times the part of its sampled ticks that was outermost, so
 * that its lines sum to it when nothing recursed (a lambda's lines, whose
 * activations run inside their function's, are never outermost: their
 * time is the calling line's). The state's sum over folded threads
 * (registry.c adds the words) carries at most a few ticks into the ticks.
 *
 * The state: how many intervals timed at random in a row were slow (at
 * most SLOW_LINE_SAMPLES); whether the line is slow (every interval
 * timed); whether it recursed (an interval of it was timed inside
 * another activation's on the same line). A recursive line's inclusive
 * time is all in its few intervals that are not nested, one per entry
 * into the recursion (fib(20): 1 of 10,945); sampled one in 64, the
 * estimate rested on about none of them (issue 10: 45% of timing mode's
 * figure on a line of 10,606 hits). So each of those is timed (while they
are much longer than the line's mean, see record): the line's
 * probes word has __LPROF_SLOW_LINE (which sends every probe of the line
 * to the slow path) while no activation of the thread is on the line, the
 * next one to arrive opens its interval, standing for itself, and clears
 * it, so that the nested intervals inside are sampled as usual; its
 * record sets it again.
 */
#define RECURSIVE_RATIO 16
#define SLOW_RUN_MASK 7u
#define SLOW_FLAG 8u
#define RECURSIVE_FLAG 16u
_Static_assert(SLOW_LINE_SAMPLES <= SLOW_RUN_MASK, "slow runs fit their bits");
_Static_assert(RECURSIVE_FLAG < (1u << LPROF_RT_SAMPLE_STATE_BITS),
               "the state fits its bits");

/* Adds one timed interval of `ticks` (`callees` of it in timed callees),
 * with `probes` line probes inside, standing for `weight` intervals, to a
 * line and its weight sum. */
static void record(const open_interval *open, uint64_t ticks,
                   uint64_t probes) {
  __lprof_timed_line *line = open->line;
  uint32_t *weights = open->weights;
  uint32_t weight = open->weight;
  /* Timing a callee costs its caller's interval what the intervals it
   * stands for do not pay: take it out here, where it is known. */
  uint64_t timing_cost =
      ((timed_callees - open->callee_mark) * timed_callee_cost + 128) >> 8;
  uint64_t outside_cost =
      (open->direct_callees * timed_callee_outside_cost + 128) >> 8;
  uint64_t callees = open->callees + outside_cost;
  uint64_t self = ticks > callees ? ticks - callees : 0;
  ticks = ticks > timing_cost ? ticks - timing_cost : 0;
  if (self > ticks)
    self = ticks;
  uint64_t sum_self = __LPROF_GET(line->self_ticks);
  uint64_t packed = __LPROF_GET(line->self_probes);
  uint64_t slow_run = packed & SLOW_RUN_MASK;
  uint64_t slow = packed & SLOW_FLAG;
  uint64_t recursive = open->nested ? RECURSIVE_FLAG : packed & RECURSIVE_FLAG;
  uint64_t outer_ticks = lprof_rt_sample_outer_ticks(packed);
  uint64_t sum_ticks = __LPROF_GET(line->ticks);
  uint64_t sum_probes = __LPROF_GET(line->probes) & ~__LPROF_SLOW_LINE;
  uint32_t total = __LPROF_GET(*weights);
  /* A recursive line's interval that is not nested is timed in full next
   * time only if this one was far longer than the line's mean: where the
   * recursion is shallow and entered often (a recursive-descent parser),
   * its intervals that are not nested are most of its intervals, of
   * ordinary length, and timing them all (and every callee in them) made
   * bench/calls' recursive.cpp 4 times slower and no more accurate. */
  int long_outer = total == 0 || ticks / RECURSIVE_RATIO > sum_ticks / total;

  /* A nested interval adds no inclusive time, so the line's mean of it
   * says nothing about the interval's: nested ones are judged on their
   * self time, against the line's mean self time. */
  uint64_t judged = open->nested ? self : ticks;
  uint64_t judged_sum = open->nested ? sum_self : sum_ticks;
  int one_off = weight > 1 && judged > SUSPECT_MIN_TICKS && total > 0 &&
                judged / SUSPECT_RATIO > judged_sum / total &&
                was_kept_from_running(ticks);
  if (one_off)
    weight = 1; /* counted once, as timing mode would */
  /* Past 2^32 intervals' worth, halve: the mean is unchanged, and later
   * intervals weigh a little more than older ones. */
  if (total > UINT32_MAX - weight) {
    sum_ticks /= 2;
    sum_probes /= 2;
    sum_self /= 2;
    outer_ticks /= 2;
    total /= 2;
  }
  /* A nested interval adds no inclusive time, but its weight counts in
   * the line's, and the compensation takes one interval's own cost and
   * probe out per weight (snapshot.c): it adds those, so that its net is
   * 0 (taken out unmatched, they read a lambda's std::sort line, and the
   * line of a deep mutual recursion, 0 net). */
  uint64_t counted = open->nested ? (sample_interval_cost + 128) >> 8 : ticks;
  sum_ticks += counted * weight;
  sum_probes += (open->nested ? 1 : probes) * weight;
  sum_self += self * weight;
  total += weight;
  if (open->outermost)
    outer_ticks += ticks * weight;
  if (weight == __LPROF_SAMPLE_MEAN_GAP) {
    /* Counted up to the mark only: it has three bits. */
    if (self <= SLOW_LINE_TICKS)
      slow_run = 0;
    else if (slow_run < SLOW_LINE_SAMPLES)
      slow_run += 1;
    if (slow_run >= SLOW_LINE_SAMPLES)
      slow = SLOW_FLAG;
  }
  /* Not for good: a line flagged while its callees' fully timed lines were
   * inside its intervals, say, goes back to being sampled once its mean
   * self time falls well below the mark (a cheap line timed in full cost
   * Lua's interpreter 6.6 ns per line event, docs/performance.md). Each
   * interval stands for its expected count either way. */
  if (slow && total > 0 && sum_self / total < SLOW_LINE_TICKS / 2)
    slow = 0;

  /* Every interval timed on a slow line; on a recursive one the next that
   * is not nested (this one was not: none is open on the line now). */
  int timed_next = slow || (recursive && !open->nested && long_outer);

  __LPROF_SET(line->ticks, sum_ticks);
  __LPROF_SET(line->probes, sum_probes | (timed_next ? __LPROF_SLOW_LINE : 0));
  __LPROF_SET(line->self_ticks, sum_self);
  __LPROF_SET(line->self_probes,
              outer_ticks << LPROF_RT_SAMPLE_STATE_BITS | recursive | slow |
                  slow_run);
  __LPROF_SET(*weights, total);
}

/* ---- the probes' slow path ---------------------------------------------- */

/* A timed interval, open from a line probe of an activation to its next
 * probe. Everything a callee does in between is nested inside it, so a
 * thread's open intervals form a stack: slot i is named in the owning
 * activation's countdown by a marker, open_marker(i), far below anything
 * a countdown reaches otherwise (0 and up). A line probe decrements the
 * marker once before it calls the slow path, so the slot is read back
 * from either. A longjmp out of activations with open intervals leaves
 * their slots behind; the next close of an outer slot drops them. */
#define MARKER_BASE (-((int64_t)1 << 62))

static int64_t open_marker(uint32_t slot) {
  return MARKER_BASE - 2 * (int64_t)slot;
}

static uint64_t marker_slot(int64_t countdown) {
  return (uint64_t)(MARKER_BASE - countdown) >> 1;
}

/* The stack, from mmap (no allocator runs inside a probe: it may be
 * hooked, and the probe's caller holds vector registers the thunk does
 * not save beyond xmm0-15). */
static __thread open_interval *intervals
    __attribute__((tls_model("initial-exec")));
static __thread uint32_t intervals_open
    __attribute__((tls_model("initial-exec")));
static __thread uint32_t intervals_capacity
    __attribute__((tls_model("initial-exec")));

static int grow_intervals(void) {
  size_t old = (size_t)intervals_capacity * sizeof(open_interval);
  size_t size = old ? 2 * old : 4096;
  void *memory = old ? mremap(intervals, old, size, MREMAP_MAYMOVE)
                     : mmap(NULL, size, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED)
    return 0;
  intervals = memory;
  intervals_capacity = (uint32_t)(size / sizeof(open_interval));
  return 1;
}

/* Whether a sample-mode entry is to time its activation now: while the
 * innermost open interval has no timed callee running. */
static void note_innermost(void) {
  __lprof_tls.sample_timed =
      intervals_open > 0 && !intervals[intervals_open - 1].callee_running;
}

LPROF_EXPORT __UINT64_TYPE__ __lprof_sample_callee_enter(void) {
  if (intervals_open == 0)
    return 0;
  intervals[intervals_open - 1].callee_running = 1;
  intervals[intervals_open - 1].direct_callees += 1;
  timed_callees += 1;
  __lprof_tls.sample_timed = 0;
  uint64_t now = __lprof_now();
  now = now ? now : 1;
  intervals[intervals_open - 1].callee_entered = now;
  return now;
}

/* Its own intervals have closed (or were dropped by a longjmp): the
 * innermost open one is the one it ran in. */
LPROF_EXPORT void __lprof_sample_callee_leave(__UINT64_TYPE__ entered) {
  uint64_t now = __lprof_now();
  if (intervals_open == 0)
    return;
  open_interval *open = &intervals[intervals_open - 1];
  if (open->callee_running) {
    open->callees += now - entered;
    open->callee_running = 0;
  }
  note_innermost();
}

void __lprof_rt_sample_thread_exit(void) {
  if (intervals)
    munmap(intervals, (size_t)intervals_capacity * sizeof(open_interval));
  intervals = NULL;
  intervals_open = intervals_capacity = 0;
}

/* What the slow path returns: the new countdown, and where the opened
 * interval's start goes if the caller is to read the clock (the thunk
 * does, as late as it can). */
typedef struct slow_result {
  int64_t countdown;
  uint64_t *start;
} slow_result;

/* `now`: the timestamp the caller read for a close (0: read it here). */
static inline __attribute__((always_inline)) slow_result
slow_path(__lprof_timed_line *lines, uint32_t line, int64_t countdown,
          uint64_t now, int caller_reads_start) {
  slow_result result = {countdown, NULL};
  if (countdown < 0) {
    /* This activation's interval ends: the line probes of callees and
     * this closing probe are inside it. */
    if (now == 0)
      now = __lprof_now();
    uint64_t slot = marker_slot(countdown);
    if (slot < intervals_open) {
      open_interval *open = &intervals[slot];
      record(open, now - open->start,
             __lprof_tls.sample_probes - open->mark + 1);
      countdown = open->countdown;
      intervals_open = (uint32_t)slot;
      note_innermost();
    } else {
      countdown = 0; /* cannot happen: draw a new gap */
    }
    if (line != __LPROF_SAMPLE_NO_LINE)
      countdown -= 1; /* the decrement the marker took */
    result.countdown = countdown;
  }
  if (line == __LPROF_SAMPLE_NO_LINE)
    return result;

  /* Open one: standing for itself in the line's first hits, on slow lines
   * and the next interval of a recursive line that is not nested (see
   * record), for the mean gap's worth of intervals when the countdown ran
   * out. */
  __lprof_timed_line *counter = &lines[line];
  uint64_t hits = __LPROF_GET(counter->hits);
  uint64_t flagged = __LPROF_GET(counter->probes);
  int slow = (flagged & __LPROF_SLOW_LINE) != 0;
  int nested = __LPROF_GET(counter->active) > 1;
  if (slow && !nested &&
      (__LPROF_GET(counter->self_probes) & (RECURSIVE_FLAG | SLOW_FLAG)) ==
          RECURSIVE_FLAG)
    __LPROF_SET(counter->probes, flagged & ~__LPROF_SLOW_LINE);
  if (countdown > 0 && hits > __LPROF_SAMPLE_FIRST_HITS && !slow)
    return result; /* a slow path taken for a close alone */
  uint32_t weight = __LPROF_SAMPLE_MEAN_GAP;
  if (hits <= __LPROF_SAMPLE_FIRST_HITS || slow)
    weight = 1;
  if (countdown <= 0) {
    int64_t gap = sample_gap();
    countdown += gap;
    __lprof_tls.sample_probes += (uint64_t)gap;
    result.countdown = countdown;
  }
  if (intervals_open == intervals_capacity && !grow_intervals())
    return result; /* not timed */
  uint32_t slot = intervals_open++;
  open_interval *open = &intervals[slot];
  __lprof_function_times *times = __LPROF_TIMES((uint64_t *)lines - 1);
  open->line = counter;
  open->weights = (uint32_t *)times - 1 - line;
  open->weight = weight;
  open->callees = 0;
  open->callee_mark = timed_callees;
  open->direct_callees = 0;
  open->callee_running = 0;
  open->nested = (uint8_t)nested;
  open->outermost = __LPROF_GET(times->depth) == 1;
  __lprof_tls.sample_timed = 1;
  open->countdown = countdown;
  open->mark = __lprof_tls.sample_probes;
  result.countdown = open_marker(slot);
  if (caller_reads_start && !__lprof_clock_fallback)
    result.start = &open->start;
  else
    open->start = __lprof_now();
  return result;
}

/* The C probes' slow path (lineprof_abi.h). */
LPROF_EXPORT __INT64_TYPE__ __lprof_sample_slow(__lprof_timed_line *lines,
                                                __UINT32_TYPE__ line,
                                                __INT64_TYPE__ countdown) {
  return slow_path(lines, line, countdown, 0, 0).countdown;
}

#if defined(__x86_64__)
/* The asm probes' (through the thunk below): `now` is the closing
 * timestamp the thunk read on entry, or 0; the thunk reads the opened
 * interval's start when this returns where it goes. So the interval's own
 * share of the slow path is the thunk's register saves and restores. */
__attribute__((used)) static slow_result
sample_slow_x86(__lprof_timed_line *lines, uint32_t line, int64_t countdown,
                uint64_t now) {
  return slow_path(lines, line, countdown, now, 1);
}

/* __lprof_sample_thunk: the asm sample probes' call into
 * __lprof_sample_slow (lineprof_abi.h). The probe has stepped over its red
 * zone and pushed lines, line (sign-extended) and countdown; the new
 * countdown goes back in the countdown's slot. The timestamps are read
 * here, closest to the probe: a close's first, an open's last. Every register is
 * preserved, the SSE ones included: the probe tells the compiler it
 * clobbers only the flags. The stack's alignment is unknown, so it is
 * realigned here. */
__asm__(".text\n"
        ".globl __lprof_sample_thunk\n"
        ".type __lprof_sample_thunk, @function\n"
        "__lprof_sample_thunk:\n"
        "\t.cfi_startproc\n"
        "\tpushq %rbp\n"
        "\t.cfi_def_cfa_offset 16\n"
        "\t.cfi_offset %rbp, -16\n"
        "\tmovq %rsp, %rbp\n"
        "\t.cfi_def_cfa_register %rbp\n"
        "\tpushq %rax\n"
        "\tpushq %rcx\n"
        "\tpushq %rdx\n"
        "\tpushq %rsi\n"
        "\tpushq %rdi\n"
        "\tpushq %r8\n"
        "\tpushq %r9\n"
        "\tpushq %r10\n"
        "\tpushq %r11\n"
        /* A close: the timestamp first (unless the clock falls back). */
        "\txorl %ecx, %ecx\n"
        "\tcmpq $0, 16(%rbp)\n"
        "\tjns 1f\n"
        "\tmovq __lprof_clock_fallback@GOTPCREL(%rip), %rax\n"
        "\tcmpl $0, (%rax)\n"
        "\tjne 1f\n"
        "\tlfence\n\trdtsc\n\tlfence\n"
        "\tshlq $32, %rdx\n"
        "\torq %rdx, %rax\n"
        "\tmovq %rax, %rcx\n"
        "1:\n"
        LPROF_ASM_SAVE_SSE
        "\tmovq 32(%rbp), %rdi\n" /* lines */
        "\tmovl 24(%rbp), %esi\n" /* line */
        "\tmovq 16(%rbp), %rdx\n" /* countdown */
        "\tcall sample_slow_x86\n"
        "\tmovq %rax, 16(%rbp)\n"
        "\tmovq %rdx, %rdi\n"
        LPROF_ASM_RESTORE_SSE
        /* An open: the timestamp last. */
        "\ttestq %rdi, %rdi\n"
        "\tjz 2f\n"
        "\tlfence\n\trdtsc\n\tlfence\n"
        "\tshlq $32, %rdx\n"
        "\torq %rdx, %rax\n"
        "\tmovq %rax, (%rdi)\n"
        "2:\n"
        "\tleaq -72(%rbp), %rsp\n"
        "\tpopq %r11\n"
        "\tpopq %r10\n"
        "\tpopq %r9\n"
        "\tpopq %r8\n"
        "\tpopq %rdi\n"
        "\tpopq %rsi\n"
        "\tpopq %rdx\n"
        "\tpopq %rcx\n"
        "\tpopq %rax\n"
        "\tpopq %rbp\n"
        "\t.cfi_def_cfa %rsp, 8\n"
        "\tret\n"
        "\t.cfi_endproc\n"
        ".size __lprof_sample_thunk, .-__lprof_sample_thunk\n");
#endif

/* ---- open intervals at a write (snapshot.c) ---------------------------- */

void __lprof_rt_sample_attach(lprof_rt_thread *thread) {
  thread->sample_intervals = (void *const *)&intervals;
  thread->sample_open = &intervals_open;
  thread->sample_timed_callees = &timed_callees;
}

/*
 * A profile written while a sampled interval is open (a signal, exit from
 * a timed line, lprof_dump, LPROF_INTERVAL) closes it at the write's
 * moment, as its next probe would, with record() itself, in the copies of
 * the blocks: the running code's counters are not touched. Innermost
 * first, the order their probes would close them. Another thread's stack
 * is read with process_vm_readv, which fails rather than faults should
 * the thread be moving it meanwhile (grow_intervals); its pointers must
 * name its own sample blocks (translate), or the interval is passed over.
 * A timed callee still running inside an interval has its time so far
 * taken out of the interval's self time, as its return would. What the
 * write cannot know: the line probes of activations still running (in
 * their registers), which the compensation then misses.
 */
int __lprof_rt_sample_close_open(const lprof_rt_thread *thread, uint64_t now,
                                 lprof_rt_translate translate, void *context) {
  if (!thread->sample_open || !thread->tls)
    return 0;
  int own = thread->tls == &__lprof_tls;
  uint32_t count = __atomic_load_n(thread->sample_open, __ATOMIC_RELAXED);
  const open_interval *stack = (const open_interval *)__atomic_load_n(
      thread->sample_intervals, __ATOMIC_RELAXED);
  if (count == 0 || !stack)
    return 0;
  size_t bytes = (size_t)count * sizeof(open_interval);
  open_interval *copy = __lprof_rt_scratch_alloc(bytes);
  if (!copy)
    return -1;
  uint64_t callees = timed_callees;
  if (own) {
    memcpy(copy, stack, bytes);
  } else {
    struct iovec to = {copy, bytes}, from = {(void *)stack, bytes};
    if (process_vm_readv(getpid(), &to, 1, &from, 1, 0) != (ssize_t)bytes) {
      __lprof_rt_scratch_free(copy);
      return 0;
    }
    callees = __atomic_load_n(thread->sample_timed_callees, __ATOMIC_RELAXED);
  }
  uint64_t probes = __atomic_load_n(&thread->tls->sample_probes,
                                    __ATOMIC_RELAXED);
  for (uint32_t slot = count; slot-- > 0;) {
    open_interval open = copy[slot];
    open.line = translate(context, open.line, sizeof *open.line);
    open.weights = translate(context, open.weights, sizeof *open.weights);
    if (!open.line || !open.weights || now < open.start)
      continue;
    /* A timed callee still running: its time so far, as its return would
     * add it. */
    if (open.callee_running && open.callee_entered != 0 &&
        now > open.callee_entered)
      open.callees += now - open.callee_entered;
    /* record() counts the timed callees on the writing thread's count. */
    open.callee_mark = timed_callees - (callees - open.callee_mark);
    record(&open, now - open.start, probes - open.mark + 1);
  }
  __lprof_rt_scratch_free(copy);
  return 0;
}
