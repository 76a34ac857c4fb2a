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
 * interrupts and preemption. It runs once, at the first call anywhere in
 * the process of a function or region that is timed (timing or sample
 * mode), from the first-call path (registry.c), before that call's entry
 * counts its units (the entry cost must be known before any probe counts
 * it), with the same probe code the instrumenter inserts. A program that
 * only counts, or whose timed functions never run, never pays for it;
 * that first measurement is short (first_repeats, some 0.6 ms), and writes
 * of a run that has gone on long enough measure again in full.
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
  /* The first measurement's, which every short run pays (about 0.2 ms a
   * repeat): enough to fix the entry units; later writes refine it. */
  first_repeats = 3,
};

/* A write measures again once this long has passed since the last
 * measurement, so the calibration takes at most 0.5% of a run (a
 * measurement of `repeats` takes some 5 ms). */
static const uint64_t remeasure_after_ns = 1000 * 1000 * 1000;

/* Storage for the blocks the measurements write: a sample-mode block of
 * probes_per_run lines (samples before the block pointer), the largest. */
static uint64_t storage[(probes_per_run * 4 + 8) / 8 + __LPROF_TIMES_WORDS +
                        1 + 6 * probes_per_run];

static uint64_t *clear_block(uint32_t mode) {
  memset(storage, 0, sizeof storage);
  return (uint64_t *)((unsigned char *)storage +
                      __lprof_rt_block_offset(mode, probes_per_run));
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

/* A timing frame over a calibration block, as __lprof_enter_timing opens
 * one, but counting no call and no entry units. */
static __lprof_timed_line calibration_caller;

static __lprof_frame_timing timing_frame_on(uint64_t *block) {
  __lprof_frame_timing frame;
  frame.lines = (__lprof_timed_line *)(block + 1);
  frame.current = 0;
  frame.start = 0;
  frame.mark = 0;
  /* Not the program's line that may be running the calibration. */
  frame.caller = &calibration_caller;
  frame.times = 0;
  frame.first.self_ticks = frame.first.self_probes = frame.first.active = 0;
  /* Never linked (__lprof_tls.open): its leave leaves the chain as is. */
  frame.prev = __lprof_tls.open;
  return frame;
}

__attribute__((noinline)) static uint64_t run_timing(uint64_t *block) {
  uint64_t x = sink | 1;
  __lprof_frame_timing frame = timing_frame_on(block);
  uint64_t start = __lprof_now();
  for (int i = 0; i < probes_per_run; ++i) {
    __lprof_line_timing(&frame, 0);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_timing(&frame);
  sink = x;
  return end - start;
}

/* Sample-mode probes on one line past its first hits, sampled as in a
 * real run: one interval in 64 at random. Longer than the other runs, to
 * catch a few dozen timed intervals. */
enum { sample_probes_per_run = 16 * probes_per_run };

__attribute__((noinline)) static uint64_t run_sample(uint64_t *block) {
  uint64_t x = sink | 1;
  __lprof_frame_sample frame = __lprof_open_sample(block);
  uint64_t start = __lprof_now();
  for (int i = 0; i < sample_probes_per_run; ++i) {
    __lprof_line_sample(&frame, 0);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_sample(&frame);
  sink = x;
  return end - start;
}

/* A profiled function as the instrumenter makes one, registered but never
 * written out: its calls measure what a function entry costs. */
static __lprof_function callee_descriptor = {
    "", "<lineprof calibration>", "", 1, 1, 0, 0, 0, 0, 0};

__attribute__((noinline)) static uint64_t callee(uint64_t x) {
  __lprof_frame_timing frame __attribute__((cleanup(__lprof_leave_timing))) =
      __lprof_enter_timing(&frame, &callee_descriptor);
  __lprof_line_timing(&frame, 0);
  return work(x);
}

__attribute__((noinline)) static uint64_t plain_callee(uint64_t x) {
  return work(x);
}

/* Calls made from a profiled line, as they usually are: the caller's
 * probes fence the call in, so the entry's work cannot hide behind them. */
__attribute__((noinline)) static uint64_t run_calls(uint64_t *block,
                                                    uint64_t (*call)(uint64_t)) {
  uint64_t x = sink | 1;
  __lprof_frame_timing frame = timing_frame_on(block);
  uint64_t start = __lprof_now();
  for (int i = 0; i < probes_per_run; ++i) {
    __lprof_line_timing(&frame, 0);
    x = call(x);
    __lprof_line_timing(&frame, 1);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_timing(&frame);
  sink = x;
  return end - start;
}

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

__attribute__((noinline)) static uint64_t
run_sample_calls(uint64_t *block, uint64_t (*call)(uint64_t)) {
  uint64_t x = sink | 1;
  __lprof_timed_line *lines = (__lprof_timed_line *)(block + 1);
  lines[0].hits = lines[1].hits = 1000; /* past their first hits */
  lines[0].probes = __LPROF_SLOW_LINE;  /* every interval timed */
  int64_t countdown = __lprof_tls.countdown;
  __lprof_tls.countdown = never_sampled;
  __lprof_frame_sample frame = __lprof_open_sample(block);
  /* The frame took it: its callees are never sampled either. */
  __lprof_tls.countdown = never_sampled;
  uint64_t start = __lprof_now();
  for (int i = 0; i < probes_per_run; ++i) {
    __lprof_line_sample(&frame, 0);
    x = call(x);
    __lprof_line_sample(&frame, 1);
    x = work(x);
  }
  uint64_t end = __lprof_now();
  __lprof_leave_sample(&frame);
  __lprof_tls.countdown = countdown;
  sink = x;
  return end - start;
}

static double per_probe(uint64_t with, uint64_t without) {
  return with > without ? (double)(with - without) / probes_per_run : 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

static lprof_rt_calibration calibration;

LPROF_EXPORT __UINT32_TYPE__ __lprof_entry_units;
LPROF_EXPORT __UINT32_TYPE__ __lprof_sample_entry_probes;

/* The fastest run of each kind, interleaved so that a slow patch of the
 * machine hits all kinds alike. */
typedef struct runs {
  uint64_t plain, timing, plain_calls, calls, sampled;
  double sampled_mean; /* the timed intervals' mean in the `sampled` run */
  /* Sample mode's calls: without probes, with the two line probes around
   * a plain callee, and around a sample-mode callee. */
  uint64_t sample_plain_calls, sample_calls, timed_sample_calls;
} runs;

static void run_all(runs *best, int repeat_count) {
  best->plain = best->timing = best->plain_calls = best->calls = UINT64_MAX;
  best->sampled = UINT64_MAX;
  best->sampled_mean = 0;
  best->sample_plain_calls = best->sample_calls = best->timed_sample_calls =
      UINT64_MAX;
  for (int r = 0; r < repeat_count; ++r) {
    best->sample_plain_calls =
        min_u64(best->sample_plain_calls, run_sample_calls(clear_block(LPROF_SAMPLE),
                                                           untimed_plain_call));
    best->sample_calls =
        min_u64(best->sample_calls, run_sample_calls(clear_block(LPROF_SAMPLE),
                                                     untimed_sample_call));
    best->timed_sample_calls =
        min_u64(best->timed_sample_calls,
                run_sample_calls(clear_block(LPROF_SAMPLE), timed_sample_call));
    best->plain = min_u64(best->plain, run_plain());
    best->timing = min_u64(best->timing, run_timing(clear_block(LPROF_TIMING)));
    best->plain_calls = min_u64(
        best->plain_calls, run_calls(clear_block(LPROF_TIMING), plain_callee));
    best->calls =
        min_u64(best->calls, run_calls(clear_block(LPROF_TIMING), callee));

    /* What a timed interval's own probes add is its recorded time less
     * the work: measured where timing is rare, as in real runs, so that it
     * includes the mispredicted branch into the rare path. */
    uint64_t *block = clear_block(LPROF_SAMPLE);
    block[1] = 1000; /* past the line's first hits */
    uint64_t ticks = run_sample(block);
    uint32_t weights = *((uint32_t *)__LPROF_TIMES(block) - 1);
    if (ticks < best->sampled && weights > 0) {
      best->sampled = ticks;
      best->sampled_mean = (double)block[2] / weights;
    }
  }
}

/* One measurement of every cost, the fastest of `repeat_count` runs. */
static lprof_rt_calibration measure(int repeat_count) {
  /* The measurements run probes on this thread; whatever profiled frame
   * called us must not count them as its callees. */
  uint64_t probes = __lprof_tls.probes;
  uint64_t sample_probes = __lprof_tls.sample_probes;
  int64_t countdown = __lprof_tls.countdown;
  uint64_t sample_timed = __lprof_tls.sample_timed;
  __lprof_tls.sample_timed = 0; /* no sample-mode callee is timed here */
  /* The intervals measured are recorded as measured. */
  __lprof_rt_set_timed_callee_cost(0, 0);
  __lprof_rt_set_sample_interval_cost(0);
  runs best;
  run_all(&best, repeat_count);
  __lprof_tls.probes = probes;
  __lprof_tls.sample_probes = sample_probes;
  __lprof_tls.countdown = countdown;
  __lprof_tls.sample_timed = sample_timed;
  __lprof_rt_set_timed_callee_cost(calibration.timed_callee,
                                   calibration.timed_callee_inside);
  __lprof_rt_set_sample_interval_cost(calibration.sample_interval);

  lprof_rt_calibration cost;
  double work_ticks = (double)best.plain / probes_per_run;
  double sampled = ((double)best.sampled -
                    (double)best.plain * (sample_probes_per_run / probes_per_run)) /
                   sample_probes_per_run;
  double own = best.sampled_mean - work_ticks;
  cost.timing_probe = per_probe(best.timing, best.plain);
  /* A call is an entry, a line probe and a leave; the entry units the
   * callee adds are taken back out with the thread's count. */
  double entry = per_probe(best.calls, best.plain_calls) -
                 2 * cost.timing_probe;
  cost.timing_entry = entry > 0 ? entry : 0;
  cost.sample_gap = __LPROF_SAMPLE_MEAN_GAP;
  /* Per line probe, the timed ones included. */
  cost.sample_probe = sampled > 0 ? sampled : 0;
  cost.sample_interval = own > 0 ? own : 0;
  /* A sample-mode call is an entry, a line probe and a return; a timed
   * one adds the callee's timing (sample.c) to that. */
  double sample_entry =
      per_probe(best.sample_calls, best.sample_plain_calls) - cost.sample_probe;
  cost.sample_entry = sample_entry > 0 ? sample_entry : 0;
  double inside;
  __lprof_rt_measure_timed_callee(repeat_count, &cost.timed_callee, &inside);
  cost.timed_callee_inside = inside;
  /* What timing a callee adds: its timestamps and their bookkeeping. */
  cost.timed_callee = per_probe(best.timed_sample_calls, best.sample_calls);
  return cost;
}

/* On a shared machine a measurement can catch the core slowed down by
 * other work for its whole millisecond: writes measure again (at most
 * every remeasure_after_ns), and the figures written are the medians of
 * all measurements so far. */
enum { history_size = 31 };
static lprof_rt_calibration history[history_size];
static int measured;

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median_of(size_t offset) {
  double values[history_size];
  int count = measured < history_size ? measured : history_size;
  for (int i = 0; i < count; ++i)
    memcpy(&values[i], (const char *)&history[i] + offset, sizeof(double));
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2]
                   : (values[count / 2 - 1] + values[count / 2]) / 2;
}

double __lprof_rt_calibration_spread(uint32_t *measurements) {
  /* Not until the first measurement is complete (another thread may be
   * making it); later ones are made by writes, as this is. */
  *measurements = 0;
  if (!__lprof_rt_calibrated())
    return 0;
  int count = measured < history_size ? measured : history_size;
  *measurements = (uint32_t)measured;
  double low = 0, high = 0;
  for (int i = 0; i < count; ++i) {
    double probe = history[i].timing_probe;
    if (i == 0 || probe < low)
      low = probe;
    if (i == 0 || probe > high)
      high = probe;
  }
  return low > 0 ? (high - low) / low : 0;
}

static uint64_t last_measured_ns;

static void add_measurement(int repeat_count) {
  /* The calibration's probes must not move the line the program's
   * allocations are charged to (memory.c). */
  __lprof_timed_line *memory_line = __lprof_tls.memory_line;
  history[measured % history_size] = measure(repeat_count);
  last_measured_ns = __lprof_clock_ns();
  __lprof_tls.memory_line = memory_line;
  ++measured;
  calibration.timing_probe =
      median_of(offsetof(lprof_rt_calibration, timing_probe));
  calibration.timing_entry =
      median_of(offsetof(lprof_rt_calibration, timing_entry));
  calibration.sample_probe =
      median_of(offsetof(lprof_rt_calibration, sample_probe));
  calibration.sample_interval =
      median_of(offsetof(lprof_rt_calibration, sample_interval));
  calibration.sample_gap = __LPROF_SAMPLE_MEAN_GAP;
  calibration.sample_entry =
      median_of(offsetof(lprof_rt_calibration, sample_entry));
  calibration.timed_callee =
      median_of(offsetof(lprof_rt_calibration, timed_callee));
  calibration.timed_callee_inside =
      median_of(offsetof(lprof_rt_calibration, timed_callee_inside));
  __lprof_rt_set_timed_callee_cost(calibration.timed_callee,
                                   calibration.timed_callee_inside);
  __lprof_rt_set_sample_interval_cost(calibration.sample_interval);
}

static pthread_once_t calibration_once = PTHREAD_ONCE_INIT;
static int calibrated;
/* Set while this thread calibrates: the calibration's own timed calls
 * come through the first-call path that calibrates. */
static __thread int calibrating __attribute__((tls_model("initial-exec")));

static void calibrate(void) {
  calibrating = 1;
  /* Its arithmetic in doubles must leave no exception flag raised. */
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  __lprof_rt_register_hidden(&callee_descriptor);
  __lprof_entry_units = 0;
  __lprof_sample_entry_probes = 0;
  add_measurement(first_repeats);
  /* Fixed from now on: the probe units counted must all weigh the same. */
  double units = calibration.timing_probe > 0
                     ? calibration.timing_entry / calibration.timing_probe *
                           __LPROF_PROBE_UNITS
                     : 0;
  __lprof_entry_units = units < 4 * __LPROF_PROBE_UNITS
                            ? (uint32_t)(units + 0.5)
                            : 4 * __LPROF_PROBE_UNITS;
  /* Sample mode's, in its line probes (at most 64 of them). */
  double probes = calibration.sample_probe > 0
                      ? calibration.sample_entry / calibration.sample_probe
                      : 0;
  __lprof_sample_entry_probes = probes < 64 ? (uint32_t)(probes + 0.5) : 64;
  __atomic_store_n(&calibrated, 1, __ATOMIC_RELEASE);
  lprof_rt_fp_restore(fp);
  calibrating = 0;
}

void __lprof_rt_calibrate(void) {
  if (!calibrating && !__lprof_rt_calibrated())
    pthread_once(&calibration_once, calibrate);
}

int __lprof_rt_calibrated(void) {
  return __atomic_load_n(&calibrated, __ATOMIC_ACQUIRE);
}

const lprof_rt_calibration *__lprof_rt_recalibrate(void) {
  /* Nothing timed yet: all costs 0 (not `calibration`, which the first
   * timed call may be filling in on another thread right now). */
  static const lprof_rt_calibration nothing_timed;
  if (!__lprof_rt_calibrated())
    return &nothing_timed;
  /* Not from a signal handler: the process is ending, and the
   * measurement would only delay that. */
  if (__lprof_clock_ns() - last_measured_ns >= remeasure_after_ns &&
      !__lprof_rt_writing_for_signal())
    add_measurement(repeats);
  /* The entry's cost is counted in probe units fixed at start-up. */
  calibration.timing_entry = calibration.timing_probe * __lprof_entry_units /
                             __LPROF_PROBE_UNITS;
  calibration.sample_entry =
      calibration.sample_probe * __lprof_sample_entry_probes;
  return &calibration;
}
