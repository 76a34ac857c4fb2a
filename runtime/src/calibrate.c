/*
 * calibrate.c - what lineprof's own probes cost, in ticks.
 *
 * A line's ticks include the probes that ran inside its intervals: its own
 * (the end of the probe that opened an interval and the start of the one
 * that closed it) and those of profiled callees. The file stores how many
 * ran; these costs turn the counts into time to leave out.
 *
 * Each cost is measured the way it arises: probes between stretches of
 * dependent arithmetic, against the same arithmetic without probes. Back to
 * back, a probe costs more than in real code, where its bookkeeping (done
 * after the timestamp) overlaps the next line's work. Each figure is the
 * difference of the fastest of several repetitions, which leaves out
 * interrupts and preemption. Each mode's costs are measured once, at the
 * first call anywhere in the process of a function or region timed in
 * that mode, from the first-call path (registry.c), before that call's
 * entry counts its units (the entry cost must be known before any probe
 * counts it), with the same probe code the instrumenter inserts. A mode
 * nothing runs in costs nothing: a program that only counts, or whose
 * timed functions never run, never pays for it, and one that times in one
 * mode does not measure the other's probes. That first measurement is
 * short (timing mode's first_repeats, sample mode's first_sample_size:
 * some 0.3 ms each), and writes of a run that has gone on long enough
 * measure the modes used again in full.
 */
#include "fpstate.h"
#include "runtime.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The asm probes of lineprof_abi.h address these fields by offset. */
_Static_assert(offsetof(__lprof_frame_timing, lines) == 0 &&
                   offsetof(__lprof_frame_timing, current) == 8 &&
                   offsetof(__lprof_frame_timing, start) == 16 &&
                   offsetof(__lprof_frame_timing, mark) == 24 &&
                   offsetof(__lprof_frame_timing, first) == 48,
               "timing frame layout");
_Static_assert(offsetof(__lprof_timed_line, hits) == 0 &&
                   offsetof(__lprof_timed_line, ticks) == 8 &&
                   offsetof(__lprof_timed_line, probes) == 16 &&
                   offsetof(__lprof_timed_line, self_ticks) == 24 &&
                   offsetof(__lprof_timed_line, self_probes) == 32 &&
                   offsetof(__lprof_timed_line, active) == 40 &&
                   sizeof(__lprof_timed_line) == 48,
               "timed line layout");

enum {
  probes_per_run = 256, /* probes in one measurement */
  repeats = 25,         /* measurements; the fastest counts */
  /* Timing mode's first measurement's, which every short run pays (about
   * 0.1 ms a repeat): enough to fix the entry units; later writes refine
   * it. */
  first_repeats = 3,
};

/* A write measures again once this long has passed since the last
 * measurement, so the calibration takes at most 0.5% of a run (a
 * measurement of `repeats` takes some 5 ms). */
static const uint64_t remeasure_after_ns = 1000 * 1000 * 1000;

/* Storage for the blocks the measurements write: every run uses at most 3
 * lines (lineprof_abi.h's kernel too), and a sample-mode block of them
 * (its samples before the block pointer) is the larger. Only that much is
 * cleared before each run: clearing a block of probes_per_run lines was
 * 0.2 M instructions of a sample-mode hello world. */
enum { block_lines = 3 };
static uint64_t storage[(block_lines * 4 + 8) / 8 + __LPROF_TIMES_WORDS + 1 +
                        6 * block_lines];

static uint64_t *clear_block(uint32_t mode) {
  memset(storage, 0, sizeof storage);
  return (uint64_t *)((unsigned char *)storage +
                      __lprof_rt_block_offset(mode, block_lines));
}

/* About 20 ns of dependent arithmetic the compiler cannot shorten: more
 * than a probe's bookkeeping, so that overlaps as it does in real code. */
static inline uint64_t work(uint64_t x) {
  for (int i = 0; i < 6; ++i) {
    x = (x * 0x9E3779B97F4A7C15ull) ^ (x >> 7);
    __asm__ __volatile__("" : "+r"(x));
  }
  return x;
}

static uint64_t sink;

__attribute__((noinline)) static uint64_t run_plain(void) {
  uint64_t x = sink | 1;
  uint64_t start = __lprof_now();
  for (int i = 0; i < probes_per_run; ++i)
    x = work(x);
  uint64_t end = __lprof_now();
  sink = x;
  return end - start;
}

static double min_mean(double best, double mean) {
  return best == 0 || mean < best ? mean : best;
}

/* How long sample mode's runs are, and how many of each the fastest is
 * taken of. */
typedef struct sample_size {
  int repeats;
  /* Sample-mode probes on one line past its first hits, sampled as in a
   * real run: one interval in 64 at random. Longer than the other runs,
   * to catch a few dozen timed intervals. */
  int line_probes;
  /* Calls in one run of each kind of sample-mode call. */
  int calls;
} sample_size;

/* The fastest mean, over a measurement's runs, of a timed interval with
 * nothing in it but its own probes (run_sample); taken, and reset, by
 * take_bare_interval. */
static double bare_interval;

static double take_bare_interval(void) {
  double ticks = bare_interval;
  bare_interval = 0;
  return ticks;
}

__attribute__((noinline)) static uint64_t run_sample(uint64_t *block,
                                                     int probe_count) {
  uint64_t x = sink | 1;
  __lprof_frame_sample frame = __lprof_open_sample(block);
  uint64_t start = __lprof_now();
  for (int i = 0; i < probe_count; ++i) {
    __lprof_line_sample(&frame, 0);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_sample(&frame);
  /* A timed interval's own cost, measured on intervals from line 1's probe
   * to line 2's, with no work between them: beside work() the closing
   * probe's first half (its increments, tests and the thunk's saves) runs
   * while the work's dependent arithmetic does, and the interval came out
   * some 6 ticks cheaper than on the tiny lines of call-heavy code, where
   * nothing hides it (fib's lines read 7 to 11 times its plain run, now 4
   * to 7). A line whose own work hides it is over-compensated by as much
   * (some 2 ns a hit here). */
  __lprof_timed_line *lines = (__lprof_timed_line *)(block + 1);
  lines[1].hits = lines[2].hits = 1000; /* past their first hits */
  __lprof_frame_sample bare = __lprof_open_sample(block);
  for (int i = 0; i < probe_count; i += 2) {
    __lprof_line_sample(&bare, 1);
    __lprof_line_sample(&bare, 2);
    x = work(x);
  }
  __lprof_leave_sample(&bare);
  sink = x;
  uint32_t intervals = *((uint32_t *)__LPROF_TIMES(block) - 2);
  if (intervals > 0)
    bare_interval =
        min_mean(bare_interval, (double)lines[1].ticks / intervals);
  return end - start;
}

/* A profiled function as the instrumenter makes one, registered but never
 * written out: its calls measure what a function entry costs (timing
 * mode's in the kernel of lineprof_abi.h, sample mode's below). */
static __lprof_function callee_descriptor = {
    "", "<lineprof calibration>", "", 1, 1, 0, 0, 0, 0, 0};

/* Sample mode's calls, measured where their cost counts: inside timed
 * intervals (only those are measured), from a line every interval of
 * which is timed, so that nothing but the call hides in them. Sample
 * mode's probes do not fence, and beside the dependent arithmetic of
 * work() they cost next to nothing; a tiny callee has nothing to hide
 * them behind. */
__attribute__((noinline)) static uint64_t sample_callee(uint64_t x) {
  __lprof_frame_sample frame __attribute__((cleanup(__lprof_leave_sample))) =
      __lprof_enter_sample(&frame, &callee_descriptor);
  __lprof_line_sample(&frame, 0);
  return x * 0x9E3779B97F4A7C15ull;
}

__attribute__((noinline)) static uint64_t tiny_callee(uint64_t x) {
  return x * 0x9E3779B97F4A7C15ull;
}

/* The timed interval's callee is timed (__lprof_sample_callee_enter)... */
__attribute__((noinline)) static uint64_t timed_sample_call(uint64_t x) {
  __asm__ __volatile__("" ::: "memory");
  return sample_callee(x);
}

/* ...or not, as a deeper one would not be; against the same without
 * probes. */
__attribute__((noinline)) static uint64_t untimed_sample_call(uint64_t x) {
  __lprof_tls.sample_timed = 0;
  return sample_callee(x);
}

__attribute__((noinline)) static uint64_t untimed_plain_call(uint64_t x) {
  __lprof_tls.sample_timed = 0;
  return tiny_callee(x);
}

static const int64_t never_sampled = (int64_t)1 << 40;

/* The calling line's timed intervals in run_sample_calls, per kind of
 * call: the fastest mean over a measurement's runs of the interval
 * (inclusive) and of its self time (less the timed callee's ticks).
 * Taken, and reset, by take_sample_call_means. */
enum { plain_call_kind, untimed_call_kind, timed_call_kind, call_kinds };
typedef struct sample_call_means {
  double interval[call_kinds], self[call_kinds];
} sample_call_means;
static sample_call_means sample_means;

static int sample_call_kind(uint64_t (*call)(uint64_t)) {
  return call == untimed_plain_call   ? plain_call_kind
         : call == untimed_sample_call ? untimed_call_kind
                                       : timed_call_kind;
}

static sample_call_means take_sample_call_means(void) {
  sample_call_means means = sample_means;
  memset(&sample_means, 0, sizeof sample_means);
  return means;
}

__attribute__((noinline)) static uint64_t
run_sample_calls(uint64_t *block, uint64_t (*call)(uint64_t), int count) {
  uint64_t x = sink | 1;
  __lprof_timed_line *lines = (__lprof_timed_line *)(block + 1);
  lines[0].hits = lines[1].hits = 1000; /* past their first hits */
  int64_t countdown = __lprof_tls.countdown;
  __lprof_tls.countdown = never_sampled;
  __lprof_frame_sample frame = __lprof_open_sample(block);
  /* The frame took it: its callees are never sampled either. */
  __lprof_tls.countdown = never_sampled;
  uint64_t start = __lprof_now();
  for (int i = 0; i < count; ++i) {
    /* Every interval timed: set again each time, since recording one
     * clears the flag of a line whose intervals are short (sample.c). Set
     * once, only the first interval was timed, and the timed callee's
     * cost read about 0. */
    lines[0].probes |= __LPROF_SLOW_LINE;
    __lprof_line_sample(&frame, 0);
    x = call(x);
    __lprof_line_sample(&frame, 1);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_sample(&frame);
  __lprof_tls.countdown = countdown;
  sink = x;
  /* Each of line 0's intervals weighs 1; the measurement records them
   * without compensation (measure). */
  uint32_t intervals = *((uint32_t *)__LPROF_TIMES(block) - 1);
  if (intervals > 0) {
    int kind = sample_call_kind(call);
    sample_means.interval[kind] = min_mean(
        sample_means.interval[kind], (double)lines[0].ticks / intervals);
    sample_means.self[kind] = min_mean(
        sample_means.self[kind], (double)lines[0].self_ticks / intervals);
  }
  return end - start;
}

static double per_probe(uint64_t with, uint64_t without, int count) {
  return with > without ? (double)(with - without) / count : 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

static lprof_rt_calibration calibration;

LPROF_EXPORT __UINT32_TYPE__ __lprof_entry_units;
LPROF_EXPORT __UINT32_TYPE__ __lprof_sample_entry_probes;

/* The fastest run of each kind, interleaved so that a slow patch of the
 * machine hits all kinds alike. */
typedef struct runs {
  uint64_t plain, timing, plain_calls, calls, sampled;
  uint64_t bare; /* timing mode's probes_per_run line probes back to back */
  /* Sample mode's calls: without probes, with the two line probes around
   * a plain callee, and around a sample-mode callee. */
  uint64_t sample_plain_calls, sample_calls, timed_sample_calls;
} runs;

/* Timing mode's kernel: the first an instrumented unit offered, built with
 * its own probes (lineprof_abi.h), or the runtime's copy of it. */
static __lprof_calibration_kernel offered_kernel;

LPROF_EXPORT void __lprof_offer_calibration__link_with_liblineprof_rt(
    __lprof_calibration_kernel kernel) {
  __lprof_calibration_kernel none = 0;
  __atomic_compare_exchange_n(&offered_kernel, &none, kernel, 0,
                              __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

/* The faster of `best` and one run of the kernel's measurement `run`. */
static uint64_t faster_run(uint64_t best, __lprof_calibration_kernel kernel,
                           uint32_t run, uint32_t probe_count) {
  return min_u64(best, kernel(run, clear_block(LPROF_TIMING),
                              &callee_descriptor, probe_count));
}

/* Timing mode's runs. */
static void run_timing_all(runs *best, int repeat_count) {
  __lprof_calibration_kernel kernel =
      __atomic_load_n(&offered_kernel, __ATOMIC_ACQUIRE);
  if (!kernel)
    kernel = __lprof_calibrate_timing;
  best->plain = best->timing = best->plain_calls = best->calls = UINT64_MAX;
  best->bare = UINT64_MAX;
  for (int r = 0; r < repeat_count; ++r) {
    best->plain = faster_run(best->plain, kernel, __LPROF_CALIBRATE_PLAIN,
                             probes_per_run);
    best->timing = faster_run(best->timing, kernel, __LPROF_CALIBRATE_LINES,
                              probes_per_run);
    best->plain_calls = faster_run(best->plain_calls, kernel,
                                   __LPROF_CALIBRATE_PLAIN_CALLS,
                                   probes_per_run);
    best->calls = faster_run(best->calls, kernel, __LPROF_CALIBRATE_CALLS,
                             probes_per_run);
    best->bare = faster_run(best->bare, kernel, __LPROF_CALIBRATE_BARE_LINES,
                            probes_per_run / 2);
  }
}

/* The faster of `best` and one run of sample mode's calls of `call`. */
static uint64_t faster_sample_calls(uint64_t best, uint64_t (*call)(uint64_t),
                                    int count) {
  return min_u64(best,
                 run_sample_calls(clear_block(LPROF_SAMPLE), call, count));
}

/* Sample mode's runs. */
static void run_sample_all(runs *best, sample_size size) {
  best->plain = UINT64_MAX;
  best->sampled = UINT64_MAX;
  best->sample_plain_calls = best->sample_calls = best->timed_sample_calls =
      UINT64_MAX;
  for (int r = 0; r < size.repeats; ++r) {
    best->sample_plain_calls = faster_sample_calls(
        best->sample_plain_calls, untimed_plain_call, size.calls);
    best->sample_calls = faster_sample_calls(best->sample_calls,
                                             untimed_sample_call, size.calls);
    best->timed_sample_calls = faster_sample_calls(
        best->timed_sample_calls, timed_sample_call, size.calls);
    best->plain = min_u64(best->plain, run_plain());

    /* The line probes' cost where timing is rare, as in real runs (so it
     * includes the mispredicted branch into the rare path); run_sample
     * also measures a bare interval's own cost. */
    uint64_t *block = clear_block(LPROF_SAMPLE);
    block[1] = 1000; /* past the line's first hits */
    best->sampled =
        min_u64(best->sampled, run_sample(block, size.line_probes));
  }
}

/* The measurements run probes on this thread; whatever profiled frame
 * called us must not count them as its callees. */
typedef struct thread_counts {
  uint64_t probes, sample_probes, sample_timed;
  int64_t countdown;
} thread_counts;

static thread_counts save_thread_counts(void) {
  thread_counts saved = {__lprof_tls.probes, __lprof_tls.sample_probes,
                         __lprof_tls.sample_timed, __lprof_tls.countdown};
  return saved;
}

static void restore_thread_counts(thread_counts saved) {
  __lprof_tls.probes = saved.probes;
  __lprof_tls.sample_probes = saved.sample_probes;
  __lprof_tls.sample_timed = saved.sample_timed;
  __lprof_tls.countdown = saved.countdown;
}

/* One measurement of timing mode's costs, the fastest of `repeat_count`
 * runs; the other modes' figures 0. */
static lprof_rt_calibration measure_timing(int repeat_count) {
  thread_counts saved = save_thread_counts();
  runs best;
  run_timing_all(&best, repeat_count);
  restore_thread_counts(saved);

  lprof_rt_calibration cost = {0};
  /* A line of a few ns or more hides the probe's bookkeeping after its
   * timestamp (some 25 instructions, 2.5 ns here); a trivial line (`acc +=
   * 3;`, `do {} while (0)`) does not, and the probe costs it that much
   * more: one figure cannot be right for both. A quarter of the way from
   * the one to the other: a trivial line keeps 1.3 ns over its truth, a
   * longer one loses 0.6 ns (bench/runtime/short_lines.cpp). The midpoint
   * took 1.2 ns off every longer line, which with the 1 to 2 ns the probe
   * cost moves from process to process put compensation.cpp's 54 ns line
   * at its 2.5 ns bound in some processes. */
  double hidden = per_probe(best.timing, best.plain, probes_per_run);
  double exposed = per_probe(best.bare, 0, probes_per_run);
  cost.timing_probe =
      exposed > hidden ? hidden + (exposed - hidden) / 4 : hidden;
  /* A call is an entry, a line probe and a leave; the entry units the
   * callee adds are taken back out with the thread's count. */
  double entry = per_probe(best.calls, best.plain_calls, probes_per_run) -
                 2 * cost.timing_probe;
  cost.timing_entry = entry > 0 ? entry : 0;
  return cost;
}

/* The same for sample mode's costs. */
static lprof_rt_calibration measure_sample(sample_size size) {
  thread_counts saved = save_thread_counts();
  __lprof_tls.sample_timed = 0; /* no sample-mode callee is timed here */
  /* The intervals measured are recorded as measured. */
  __lprof_rt_set_timed_callee_cost(0, 0);
  __lprof_rt_set_sample_interval_cost(0);
  runs best;
  run_sample_all(&best, size);
  restore_thread_counts(saved);
  __lprof_rt_set_timed_callee_cost(calibration.timed_callee,
                                   calibration.timed_callee_outside);
  __lprof_rt_set_sample_interval_cost(calibration.sample_interval);

  lprof_rt_calibration cost = {0};
  double sampled = ((double)best.sampled -
                    (double)best.plain * size.line_probes / probes_per_run) /
                   size.line_probes;
  /* Measured with no work between its probes: see run_sample. */
  double own = take_bare_interval();
  cost.sample_gap = __LPROF_SAMPLE_MEAN_GAP;
  /* Per line probe, the timed ones included. */
  cost.sample_probe = sampled > 0 ? sampled : 0;
  cost.sample_interval = own > 0 ? own : 0;
  /* A sample-mode call is an entry, a line probe and a return; a timed
   * one adds the callee's timing (sample.c) to that. */
  double sample_entry =
      per_probe(best.sample_calls, best.sample_plain_calls, size.calls) -
      cost.sample_probe;
  cost.sample_entry = sample_entry > 0 ? sample_entry : 0;
  /* What timing a callee adds to the calling line's interval (its
   * timestamps and their bookkeeping), and the part of that outside the
   * callee's own two timestamps, which the caller's self time sees: the
   * self time of the calling line's interval around a timed callee less
   * the whole interval around a plain call. */
  sample_call_means means = take_sample_call_means();
  double timed_callee =
      means.interval[timed_call_kind] - means.interval[untimed_call_kind];
  double outside = means.self[timed_call_kind] - means.interval[plain_call_kind];
  cost.timed_callee = timed_callee > 0 ? timed_callee : 0;
  cost.timed_callee_outside = outside > 0 ? outside : 0;
  return cost;
}

/* On a shared machine a measurement can catch the core slowed down by
 * other work for its whole millisecond: writes measure again (at most
 * every remeasure_after_ns), and the figures written are the medians of
 * all measurements so far, per mode. */
enum { history_size = 31 };
static lprof_rt_calibration history[LPROF_MODES][history_size];
static int measured[LPROF_MODES];
static uint64_t last_measured_ns;

/* Held while measuring and while reading what was measured: the first
 * measurement of one mode may run on one thread while a write measures
 * the other mode again, and they share `storage`, `history` and
 * `calibration`. Taken before the registry's lock (the measurements
 * register blocks), never under it. */
static pthread_mutex_t measuring = PTHREAD_MUTEX_INITIALIZER;
/* Bit `mode` set, under `measuring`, once that mode's first measurement is
 * complete. */
static unsigned calibrated;
/* Set while this thread calibrates: the calibration's own timed calls
 * come through the first-call path that calibrates. */
static __thread int calibrating __attribute__((tls_model("initial-exec")));

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median_of(uint32_t mode, size_t offset) {
  double values[history_size];
  int count = measured[mode] < history_size ? measured[mode] : history_size;
  for (int i = 0; i < count; ++i)
    memcpy(&values[i], (const char *)&history[mode][i] + offset,
           sizeof(double));
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2]
                   : (values[count / 2 - 1] + values[count / 2]) / 2;
}

#define MEDIAN(mode, field)                                                   \
  calibration.field = median_of(mode, offsetof(lprof_rt_calibration, field))

/* Sample mode's measurements: the first, and a write's. The first, which
 * every short run pays, has runs a quarter as long as a write's (1,024
 * line probes, some 16 timed; 64 calls of each kind, every interval
 * timed), the fastest of 4: 1 M instructions against the 2.9 M of 3 full
 * repeats, whose figures it matches within their spread from process to
 * process (docs/runtime.md, "Fixed cost per process"). */
static const sample_size first_sample_size = {4, 4 * probes_per_run,
                                              probes_per_run / 4};
static const sample_size full_sample_size = {repeats, 16 * probes_per_run,
                                             probes_per_run};

/* Measures `mode`'s costs once more, briefly for the first measurement,
 * and takes the medians (`measuring` held). */
static void add_measurement(uint32_t mode, int first) {
  /* The calibration's probes must not move the line the program's
   * allocations are charged to (memory.c). */
  __lprof_timed_line *memory_line = __lprof_tls.memory_line;
  history[mode][measured[mode] % history_size] =
      mode == LPROF_TIMING
          ? measure_timing(first ? first_repeats : repeats)
          : measure_sample(first ? first_sample_size : full_sample_size);
  last_measured_ns = __lprof_clock_ns();
  __lprof_tls.memory_line = memory_line;
  ++measured[mode];
  if (mode == LPROF_TIMING) {
    MEDIAN(mode, timing_probe);
    MEDIAN(mode, timing_entry);
    return;
  }
  MEDIAN(mode, sample_probe);
  MEDIAN(mode, sample_interval);
  calibration.sample_gap = __LPROF_SAMPLE_MEAN_GAP;
  MEDIAN(mode, sample_entry);
  MEDIAN(mode, timed_callee);
  MEDIAN(mode, timed_callee_outside);
  __lprof_rt_set_timed_callee_cost(calibration.timed_callee,
                                   calibration.timed_callee_outside);
  __lprof_rt_set_sample_interval_cost(calibration.sample_interval);
}

/* A child forked while another thread measured has the lock held by no
 * thread of its own. */
static void unlock_in_child(void) {
  pthread_mutex_init(&measuring, NULL);
}

/* The first measurement of `mode` (`measuring` held). */
static void calibrate_locked(uint32_t mode) {
  static int fork_handled;
  if (!fork_handled) {
    pthread_atfork(NULL, NULL, unlock_in_child);
    fork_handled = 1;
  }
  /* Its arithmetic in doubles must leave no exception flag raised. */
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  if (mode == LPROF_TIMING) {
    __lprof_entry_units = 0;
    add_measurement(mode, 1);
    /* Fixed from now on: the probe units counted must all weigh the
     * same. */
    double units = calibration.timing_probe > 0
                       ? calibration.timing_entry / calibration.timing_probe *
                             __LPROF_PROBE_UNITS
                       : 0;
    __lprof_entry_units = units < 4 * __LPROF_PROBE_UNITS
                              ? (uint32_t)(units + 0.5)
                              : 4 * __LPROF_PROBE_UNITS;
  } else {
    __lprof_sample_entry_probes = 0;
    add_measurement(mode, 1);
    /* Sample mode's, in its line probes (at most 64 of them). */
    double probes = calibration.sample_probe > 0
                        ? calibration.sample_entry / calibration.sample_probe
                        : 0;
    __lprof_sample_entry_probes = probes < 64 ? (uint32_t)(probes + 0.5) : 64;
  }
  __atomic_or_fetch(&calibrated, 1u << mode, __ATOMIC_RELEASE);
  lprof_rt_fp_restore(fp);
}

static unsigned calibrated_modes(void) {
  return __atomic_load_n(&calibrated, __ATOMIC_ACQUIRE);
}

void __lprof_rt_calibrate(uint32_t mode) {
  if (mode == LPROF_COUNT || calibrating || (calibrated_modes() & 1u << mode))
    return;
  calibrating = 1;
  /* Before the lock: registering takes the registry's. */
  __lprof_rt_register_hidden(&callee_descriptor);
  pthread_mutex_lock(&measuring);
  if (!(calibrated & 1u << mode))
    calibrate_locked(mode);
  pthread_mutex_unlock(&measuring);
  calibrating = 0;
}

int __lprof_rt_calibrated(void) { return calibrated_modes() != 0; }

/* The timing probe's spread over its measurements, at the last write. */
static double written_spread;
static uint32_t written_measurements;

static double timing_spread_locked(void) {
  int count = measured[LPROF_TIMING] < history_size ? measured[LPROF_TIMING]
                                                    : history_size;
  double low = 0, high = 0;
  for (int i = 0; i < count; ++i) {
    double probe = history[LPROF_TIMING][i].timing_probe;
    if (i == 0 || probe < low)
      low = probe;
    if (i == 0 || probe > high)
      high = probe;
  }
  return low > 0 ? (high - low) / low : 0;
}

double __lprof_rt_calibration_spread(uint32_t *measurements) {
  *measurements = written_measurements;
  return written_spread;
}

const lprof_rt_calibration *__lprof_rt_recalibrate(void) {
  /* The write's copy (writes take turns): the modes not measured have all
   * their costs 0. */
  static lprof_rt_calibration written;
  memset(&written, 0, sizeof written);
  written_spread = 0;
  written_measurements = 0;
  if (!calibrated_modes())
    return &written;
  /* A signal may have stopped this very thread in a measurement: the
   * figures are then taken as they are. Nor does a write for a signal
   * measure again: the process is ending, and that would only delay it. */
  int for_signal = __lprof_rt_writing_for_signal();
  int locked = for_signal ? pthread_mutex_trylock(&measuring) == 0
                          : pthread_mutex_lock(&measuring) == 0;
  unsigned modes = calibrated_modes();
  if (locked && !for_signal &&
      __lprof_clock_ns() - last_measured_ns >= remeasure_after_ns) {
    /* Only the modes that something was timed in. */
    lprof_rt_fp_state fp = lprof_rt_fp_save();
    for (uint32_t mode = 0; mode < LPROF_MODES; ++mode)
      if (modes & 1u << mode)
        add_measurement(mode, 0);
    lprof_rt_fp_restore(fp);
  }
  if (modes & 1u << LPROF_TIMING) {
    written.timing_probe = calibration.timing_probe;
    /* The entry's cost is counted in probe units fixed at start-up. */
    written.timing_entry = calibration.timing_probe * __lprof_entry_units /
                           __LPROF_PROBE_UNITS;
    written_spread = timing_spread_locked();
    written_measurements = (uint32_t)measured[LPROF_TIMING];
  }
  if (modes & 1u << LPROF_SAMPLE) {
    written.sample_probe = calibration.sample_probe;
    written.sample_interval = calibration.sample_interval;
    written.sample_gap = calibration.sample_gap;
    written.sample_entry =
        calibration.sample_probe * __lprof_sample_entry_probes;
    written.timed_callee = calibration.timed_callee;
    written.timed_callee_outside = calibration.timed_callee_outside;
  }
  if (locked)
    pthread_mutex_unlock(&measuring);
  return &written;
}
