/*
 * Why lineprof's probes fence the timestamp: the same line probes (the
 * bookkeeping of lineprof_abi.h's timing mode, reduced), once with a bare
 * rdtsc and once with lfence; rdtsc; lfence, on a loop of lines whose
 * uninstrumented cost is measured here too (dependent multiply-xor
 * chains). Each variant's probe cost is calibrated the way the runtime
 * does it (probes between stretches of arithmetic, fastest of many runs),
 * and each line's raw and compensated time per hit is printed beside its
 * true cost. x86-64 only. Used by run.py; prints `variant line truth raw
 * net` rows.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct line { uint64_t hits, ticks, probes; } line;
typedef struct frame { line *lines, *current; uint64_t start, mark; } frame;
static uint64_t thread_probes;

static inline __attribute__((always_inline)) uint64_t bare(void) {
  return __builtin_ia32_rdtsc();
}

static inline __attribute__((always_inline)) uint64_t fenced(void) {
  uint32_t low, high;
  __asm__ __volatile__("lfence\n\trdtsc\n\tlfence" : "=a"(low), "=d"(high) : : "memory");
  return ((uint64_t)high << 32) | low;
}

#define PROBE(now_fn)                                                         \
  static inline __attribute__((always_inline)) void probe_##now_fn(          \
      frame *f, uint32_t index) {                                             \
    uint64_t now = now_fn(), probes = ++thread_probes;                        \
    f->current->ticks += now - f->start;                                      \
    f->current->probes += probes - f->mark;                                   \
    f->current = &f->lines[index];                                            \
    f->current->hits += 1;                                                    \
    f->start = now;                                                           \
    f->mark = probes;                                                         \
  }
PROBE(bare)
PROBE(fenced)

#define STEP(x) x = (x * 0x9E3779B97F4A7C15ull) ^ (x >> 7); __asm__ __volatile__("" : "+r"(x));
#define S5(x) STEP(x) STEP(x) STEP(x) STEP(x) STEP(x)
#define S10(x) S5(x) S5(x)
#define S40(x) S10(x) S10(x) S10(x) S10(x)

static uint64_t ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

__attribute__((noinline)) static uint64_t plain_a(int n, uint64_t x) { for (int i = 0; i < n; i++) { S10(x) } return x; }
__attribute__((noinline)) static uint64_t plain_b(int n, uint64_t x) { for (int i = 0; i < n; i++) { S40(x) } return x; }
__attribute__((noinline)) static uint64_t plain_c(int n, uint64_t x) { for (int i = 0; i < n; i++) { S5(x) } return x; }

static line lines[8], sink_line;

#define VARIANT(now_fn)                                                       \
  __attribute__((noinline)) static uint64_t run_##now_fn(int n, uint64_t x) { \
    frame f = {lines, &sink_line, 0, thread_probes};                          \
    for (int i = 0; (probe_##now_fn(&f, 1), i < n); i++) {                    \
      probe_##now_fn(&f, 2); S10(x)                                           \
      probe_##now_fn(&f, 3); S40(x)                                           \
      probe_##now_fn(&f, 4); S5(x)                                            \
    }                                                                         \
    probe_##now_fn(&f, 5);                                                    \
    return x;                                                                 \
  }                                                                           \
  /* the runtime's calibration: probes between 6 steps of arithmetic */      \
  __attribute__((noinline)) static double cost_##now_fn(void) {              \
    double best_with = 1e30, best_without = 1e30;                             \
    uint64_t x = 1;                                                           \
    for (int r = 0; r < 50; r++) {                                            \
      frame f = {lines + 6, &sink_line, 0, thread_probes};                    \
      uint64_t a = now_fn();                                                  \
      for (int i = 0; i < 256; i++) { probe_##now_fn(&f, 0); S5(x) STEP(x) } \
      uint64_t b = now_fn();                                                  \
      for (int i = 0; i < 256; i++) { S5(x) STEP(x) }                         \
      uint64_t c = now_fn();                                                  \
      if (b - a < best_with) best_with = b - a;                               \
      if (c - b < best_without) best_without = c - b;                         \
    }                                                                         \
    return (best_with - best_without) / 256 + (x == 42);                      \
  }
VARIANT(bare)
VARIANT(fenced)

typedef uint64_t (*runner)(int, uint64_t);

static void report(const char *name, runner run, double cost, double ns_per_tick,
                   const double truth[3]) {
  line best[8];
  double best_total = 1e30;
  for (int r = 0; r < 100; r++) {
    memset(lines, 0, sizeof lines);
    uint64_t a = ns();
    run(2000, (uint64_t)r);
    double total = (double)(ns() - a);
    if (total < best_total) {
      best_total = total;
      memcpy(best, lines, sizeof best);
    }
  }
  const char *labels[3] = {"10-steps", "40-steps", "5-steps"};
  for (int l = 2; l <= 4; l++) {
    double raw = best[l].ticks * ns_per_tick / best[l].hits;
    double net = (best[l].ticks - best[l].probes * cost) * ns_per_tick / best[l].hits;
    printf("%s %s %.2f %.2f %.2f\n", name, labels[l - 2], truth[l - 2], raw, net);
  }
}

int main(void) {
  double truth[3] = {1e30, 1e30, 1e30};
  for (int r = 0; r < 200; r++) {
    uint64_t a = ns(); plain_a(2000, r); uint64_t b = ns(); plain_b(2000, r);
    uint64_t c = ns(); plain_c(2000, r); uint64_t d = ns();
    double t[3] = {(b - a) / 2000.0, (c - b) / 2000.0, (d - c) / 2000.0};
    for (int k = 0; k < 3; k++) if (t[k] < truth[k]) truth[k] = t[k];
  }
  uint64_t t0 = fenced(), n0 = ns();
  while (ns() - n0 < 20000000) {
  }
  double ns_per_tick = (double)(ns() - n0) / (double)(fenced() - t0);
  report("rdtsc", run_bare, cost_bare(), ns_per_tick, truth);
  report("fenced", run_fenced, cost_fenced(), ns_per_tick, truth);
  return 0;
}
