/*
 * snapshot.c - the profile as it is now, as the bytes of a .lprof file.
 *
 * Under the registry lock, each thread's blocks are turned into its THRD
 * record and added into the function totals, so the FUNC records are
 * exactly the sum of the THRD records even while threads keep counting.
 * That is also where sample-mode counts become estimates (per thread, per
 * line: the sampled intervals' mean times the hits) and where the probes'
 * own cost is taken out (net ticks), with the calibrated costs.
 *
 * Its memory is the write's scratch memory (scratch.c), and it uses no
 * stdio: a profile may be written from a signal handler.
 */
#define _GNU_SOURCE /* O_CLOEXEC */

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* A line's figures as written: see docs/lprof-format.md, FUNC and THRD. */
typedef struct line_totals {
  uint64_t hits;
  uint64_t ticks;  /* measured (timing) or estimated (sample) ticks */
  uint64_t net;    /* ticks less the probes' own cost */
  uint64_t probes; /* probes inside the line's intervals */
  uint64_t weight; /* sample mode: intervals the timed ones stand for */
  uint64_t self_ticks; /* less the profiled calls made on the line */
  uint64_t self_net;
} line_totals;

typedef struct part {
  uint64_t calls;
  uint64_t total_ticks; /* outermost activations only (format 1.4) */
  uint64_t total_net;
  line_totals *lines; /* NULL: the function has no counts here */
} part;

typedef struct output_function {
  const __lprof_function *desc; /* the first-registered descriptor */
  uint32_t modes;
  part total;
} output_function;

static uint64_t load(const uint64_t *value) {
  return __atomic_load_n(value, __ATOMIC_RELAXED);
}

/* Nearest whole tick, 0 for negative (no libm: the runtime links without
 * -lm). */
static uint64_t round_ticks(double ticks) {
  return ticks > 0 ? (uint64_t)(ticks + 0.5) : 0;
}

/* ---- grouping descriptors into output functions ----------------------- */

static const char *or_empty(const char *text) { return text ? text : ""; }

/* Whether two descriptors describe the same function, e.g. an inline
 * function from a header compiled into several translation units. */
static int compare_descriptors(const __lprof_function *a,
                               const __lprof_function *b) {
  int order = strcmp(or_empty(a->file), or_empty(b->file));
  if (order == 0)
    order = strcmp(or_empty(a->name), or_empty(b->name));
  if (order != 0)
    return order;
  if (a->first_line != b->first_line)
    return a->first_line < b->first_line ? -1 : 1;
  if (a->num_lines != b->num_lines)
    return a->num_lines < b->num_lines ? -1 : 1;
  return 0;
}

/* qsort has no context argument; the function list is stable while the
 * registry lock is held. */
static int compare_ids(const void *left, const void *right) {
  uint32_t left_id = *(const uint32_t *)left;
  uint32_t right_id = *(const uint32_t *)right;
  int order = compare_descriptors(__lprof_rt_functions[left_id],
                                  __lprof_rt_functions[right_id]);
  if (order != 0)
    return order;
  return left_id < right_id ? -1 : left_id > right_id;
}

/* Maps each id to its output index (UINT32_MAX: not written, because the
 * function has no lines). Output follows the order of first registration.
 * Returns the number of output functions, or -1 if out of memory. */
static int64_t group_functions_locked(uint32_t *index_of) {
  uint32_t count = __lprof_rt_function_count;
  uint32_t *sorted =
      __lprof_rt_scratch_alloc(((size_t)count + 1) * sizeof *sorted);
  uint32_t *first_of =
      __lprof_rt_scratch_alloc(((size_t)count + 1) * sizeof *first_of);
  if (!sorted || !first_of) {
    __lprof_rt_scratch_free(sorted);
    __lprof_rt_scratch_free(first_of);
    return -1;
  }

  size_t sortable = 0;
  for (uint32_t id = 1; id <= count; ++id) {
    first_of[id] = 0;
    if (__lprof_rt_functions[id]->num_lines > 0 &&
        !(__lprof_rt_function_modes[id] & LPROF_MODE_BIT_HIDDEN))
      sorted[sortable++] = id;
  }
  __lprof_rt_sort(sorted, sortable, sizeof *sorted, compare_ids);
  for (size_t i = 0; i < sortable; ++i) {
    int starts_group =
        i == 0 || compare_descriptors(__lprof_rt_functions[sorted[i - 1]],
                                      __lprof_rt_functions[sorted[i]]) != 0;
    first_of[sorted[i]] = starts_group ? sorted[i] : first_of[sorted[i - 1]];
  }

  /* Ids ascend, so a group's first id is numbered before its other ids. */
  int64_t groups = 0;
  index_of[0] = UINT32_MAX;
  for (uint32_t id = 1; id <= count; ++id) {
    if (first_of[id] == 0)
      index_of[id] = UINT32_MAX;
    else if (first_of[id] == id)
      index_of[id] = (uint32_t)groups++;
    else
      index_of[id] = index_of[first_of[id]];
  }
  __lprof_rt_scratch_free(sorted);
  __lprof_rt_scratch_free(first_of);
  return groups;
}

/* ---- one block's counts as written figures ------------------------------ */

/* A line whose probe the instrumenter left out counts with the first line
 * of its straight-line run (__lprof_function.counted_on). */
static void add_count_block(const uint64_t *block, uint32_t num_lines,
                            const uint32_t *counted_on, line_totals *out) {
  for (uint32_t i = 0; i < num_lines; ++i) {
    uint32_t counter = counted_on && counted_on[i] < num_lines ? counted_on[i] : i;
    out[i].hits += load(&block[1 + counter]);
  }
}

/* A line's self figures, which read below 0 (wrapped) between a callee's
 * return and the end of the line's interval that called it. */
static uint64_t not_below_zero(uint64_t value) {
  return (int64_t)value < 0 ? 0 : value;
}

/* Probe units (lineprof_abi.h) are fractions of a line probe. */
static void add_timing_block(const uint64_t *block, uint32_t num_lines,
                             const lprof_rt_calibration *cost, part *into) {
  const __lprof_timed_line *lines = (const __lprof_timed_line *)(block + 1);
  line_totals *out = into->lines;
  for (uint32_t i = 0; i < num_lines; ++i) {
    uint64_t ticks = load(&lines[i].ticks);
    double probes = (double)load(&lines[i].probes) / __LPROF_PROBE_UNITS;
    uint64_t self_ticks = not_below_zero(load(&lines[i].self_ticks));
    double self_probes =
        (double)(int64_t)load(&lines[i].self_probes) / __LPROF_PROBE_UNITS;
    out[i].hits += load(&lines[i].hits);
    out[i].ticks += ticks;
    out[i].probes += round_ticks(probes);
    uint64_t net = round_ticks((double)ticks - probes * cost->timing_probe);
    uint64_t self_net =
        round_ticks((double)self_ticks - self_probes * cost->timing_probe);
    out[i].net += net;
    out[i].self_ticks += self_ticks;
    /* A line's self time is part of its time, net too (the callees'
     * compensation can take out more than they measured). */
    out[i].self_net += self_net < net ? self_net : net;
  }
  const __lprof_function_times *times = __LPROF_TIMES(block);
  uint64_t ticks = load(&times->ticks);
  double probes = (double)load(&times->probes) / __LPROF_PROBE_UNITS;
  into->total_ticks += ticks;
  into->total_net += round_ticks((double)ticks - probes * cost->timing_probe);
}

/* A region (region.c) times its one line and calls nothing profiled: all
 * of its time is its own. */
static void add_region_block(const uint64_t *block, uint32_t num_lines,
                             const lprof_rt_calibration *cost, part *into) {
  line_totals *out = into->lines;
  line_totals before = out[0];
  add_timing_block(block, num_lines, cost, into);
  out[0].self_ticks = before.self_ticks + (out[0].ticks - before.ticks);
  out[0].self_net = before.self_net + (out[0].net - before.net);
  into->total_ticks += out[0].ticks - before.ticks;
  into->total_net += out[0].net - before.net;
}

/* The ratio estimate: a line's timed intervals are a random sample of its
 * intervals (each weighted by how many it stands for), so its time is their
 * weighted mean times its hits. Each timed interval carries one interval's
 * worth of its own probes; the other probes inside were callees'.
 * The function's time comes from the same samples: each line's estimate
 * times the part of its sampled ticks that ran in outermost activations
 * (sample.c), the compensation shared out in proportion. Where nothing
 * recursed, that part is all: the lines sum to the function's time, and a
 * callee's time is its lines', not a second estimate beside them. */
static void add_sample_block(const uint64_t *block, uint32_t num_lines,
                             const lprof_rt_calibration *cost, part *into) {
  line_totals *out = into->lines;
  const __lprof_timed_line *lines = (const __lprof_timed_line *)(block + 1);
  const uint32_t *weights = (const uint32_t *)__LPROF_TIMES(block) - 1;
  double total_ticks = 0, total_net = 0;
  for (uint32_t i = 0; i < num_lines; ++i) {
    uint64_t hits = load(&lines[i].hits);
    uint64_t ticks = load(&lines[i].ticks);
    uint64_t probes = load(&lines[i].probes) & ~__LPROF_SLOW_LINE;
    uint32_t weight = __atomic_load_n(weights - i, __ATOMIC_RELAXED);
    out[i].hits += hits;
    if (weight == 0)
      continue; /* no interval timed yet */
    double scale = (double)hits / weight;
    double callee_probes = probes > weight ? (double)(probes - weight) : 0;
    double net = (double)ticks - weight * cost->sample_interval -
                 callee_probes * cost->sample_probe;
    uint64_t line_net = round_ticks(net * scale);
    uint64_t outer = lprof_rt_sample_outer_ticks(load(&lines[i].self_probes));
    if (ticks > 0) {
      double outermost = outer < ticks ? (double)outer / ticks : 1;
      total_ticks += (double)ticks * scale * outermost;
      total_net += (double)line_net * outermost;
    }
    out[i].ticks += round_ticks((double)ticks * scale);
    out[i].net += line_net;
    out[i].probes += round_ticks((double)probes * scale);
    out[i].weight += weight == hits ? 0 : weight; /* 0: all timed */
    /* The self figures: the timed intervals less their timed callees, and
     * one interval's worth of its own probes. */
    uint64_t self = load(&lines[i].self_ticks);
    double self_net = (double)self - weight * cost->sample_interval;
    out[i].self_ticks += round_ticks((double)self * scale);
    uint64_t line_self_net = round_ticks(self_net * scale);
    out[i].self_net += line_self_net < line_net ? line_self_net : line_net;
  }
  into->total_ticks += round_ticks(total_ticks);
  into->total_net += round_ticks(total_net);
}

/* ---- activations still running ----------------------------------------- */

/*
 * A profile written while timing-mode activations run (a signal ends the
 * run, exit() is called from inside profiled code, lprof_dump,
 * LPROF_INTERVAL) closes each of them at the write's timestamp, as its
 * leave would have then: the open line interval, the calling line's self
 * time, the function's once-counted total. Closed in copies of the blocks:
 * the running code's counters are never written, so their later closes
 * are not disturbed.
 *
 * The activations are found through the thread's chain (__lprof_tls.open,
 * each frame's prev). A frame is read only where the thread's stack is;
 * frames need not lie further out one by one (a lambda's frame, inlined
 * into its function's, may sit above the function's own), so the walk
 * first checks that the chain ends rather than loops (a frame a longjmp
 * skipped may be reused by a later activation that then links to itself):
 * a chain that loops is walked only while each frame lies further out than
 * the last. A frame's fields must name one of the thread's own timing
 * blocks and lines, or it is passed over. A
 * frame a longjmp skipped stays in the chain until an activation further
 * out returns: one still intact is closed too (best effort). The writing
 * thread's chain, and that of a thread stopped meanwhile, are exact; a
 * thread that runs on during the write may have moved on by the time its
 * frames are read (best effort, never a wrong read: it is still on its
 * stack, and exiting it waits for the registry lock the write holds).
 */

typedef struct known_block {
  uintptr_t lines; /* the block's first line */
  uint32_t id;
} known_block;

static int compare_known(const void *left, const void *right) {
  uintptr_t a = ((const known_block *)left)->lines;
  uintptr_t b = ((const known_block *)right)->lines;
  return a < b ? -1 : a > b;
}

/* The thread's timing block whose lines hold `address` (line-aligned), or
 * NULL; *line gets the line's index. */
static const known_block *find_line(const known_block *known, size_t count,
                                    uintptr_t address, uint32_t *line) {
  size_t low = 0, high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (known[middle].lines <= address)
      low = middle + 1;
    else
      high = middle;
  }
  if (low == 0)
    return NULL;
  const known_block *block = &known[low - 1];
  uintptr_t offset = address - block->lines;
  uint32_t num_lines = __lprof_rt_functions[block->id]->num_lines;
  if (offset % sizeof(__lprof_timed_line) != 0 ||
      offset / sizeof(__lprof_timed_line) >= num_lines)
    return NULL;
  *line = (uint32_t)(offset / sizeof(__lprof_timed_line));
  return block;
}

/* The copy of the thread's block `id` in `mode` (made on first use), as a
 * block pointer. */
static uint64_t *copy_of(const lprof_rt_thread *thread, unsigned char **copies,
                         uint32_t mode, uint32_t id) {
  uint32_t num_lines = __lprof_rt_functions[id]->num_lines;
  size_t offset = __lprof_rt_block_offset(mode, num_lines);
  if (!copies[id]) {
    size_t size = __lprof_rt_block_size(mode, num_lines);
    const unsigned char *block = thread->tables[mode][id];
    copies[id] = __lprof_rt_scratch_alloc(size);
    if (!copies[id])
      return NULL;
    /* Word by word, relaxed: the thread may be counting into it. */
    const uint64_t *from = (const uint64_t *)(block - offset);
    uint64_t *to = (uint64_t *)copies[id];
    for (size_t i = 0; i < size / sizeof(uint64_t); ++i)
      to[i] = load(&from[i]);
  }
  return (uint64_t *)(copies[id] + offset);
}

static uint64_t frame_word(const void *field) {
  return __atomic_load_n((const uint64_t *)field, __ATOMIC_RELAXED);
}

/* What closing a thread's running activations made: copies of its timing
 * blocks with them closed, by id (NULL where nothing ran; `copies` NULL
 * if none runs), and each closed activation's call, keyed as its edge is
 * (calling line, callee block), to be added to the thread's edges. */
typedef struct closed_run {
  unsigned char **copies;
  lprof_rt_edge *calls;
  size_t call_count, call_capacity;
  /* Sample mode: copies of the blocks with the open intervals closed. */
  unsigned char **sample_copies;
} closed_run;

/* Closes one activation in the copies at `now`, as __lprof_leave_timing
 * would (the same arithmetic: lineprof_abi.h), and notes its call; -1 if
 * out of memory. */
static int close_activation(const lprof_rt_thread *thread,
                            const known_block *known, size_t count,
                            closed_run *run, const __lprof_frame_timing *frame,
                            uint64_t now, uint64_t probes) {
  uint32_t index;
  const known_block *own =
      find_line(known, count, frame_word(&frame->lines), &index);
  if (!own || index != 0)
    return 0; /* not a frame of this thread's: passed over */
  uintptr_t sink = (uintptr_t)&thread->tls->sink;
  uintptr_t current = frame_word(&frame->current);
  uintptr_t caller = frame_word(&frame->caller);
  uintptr_t times = frame_word(&frame->times);
  uint32_t current_line = 0, caller_line = 0;
  const known_block *caller_block =
      caller == sink ? NULL : find_line(known, count, caller, &caller_line);
  if ((current != 0 && current != sink &&
       find_line(known, count, current, &current_line) != own) ||
      (caller != sink && !caller_block) ||
      (times != 0 &&
       times != (uintptr_t)__LPROF_TIMES((uint64_t *)own->lines - 1)) ||
      run->call_count == run->call_capacity)
    return 0;
  uint64_t *block = copy_of(thread, run->copies, LPROF_TIMING, own->id);
  if (!block)
    return -1;
  /* Before the first probe nothing is timed: the activation is 0 ticks. */
  uint64_t begin = now, begin_mark = probes;
  if (current != 0) {
    begin = frame_word(&frame->first.self_ticks);
    begin_mark = frame_word(&frame->first.self_probes);
    if (current != sink)
      __lprof_add_interval((__lprof_timed_line *)(block + 1) + current_line,
                           now - frame_word(&frame->start),
                           probes - frame_word(&frame->mark));
  }
  /* The sink is the running thread's own: its share goes to a stand-in. */
  __lprof_timed_line outside = {0, 0, 0, 0, 0, 0};
  __lprof_timed_line *calling_line = &outside;
  if (caller_block) {
    uint64_t *of_caller = copy_of(thread, run->copies, LPROF_TIMING, caller_block->id);
    if (!of_caller)
      return -1;
    calling_line = (__lprof_timed_line *)(of_caller + 1) + caller_line;
  }
  uint64_t ticks = now - begin, units = probes - begin_mark;
  uint64_t running = __lprof_account_end(calling_line, __LPROF_TIMES(block),
                                         times != 0, ticks, units);
  lprof_rt_edge *call = &run->calls[run->call_count++];
  memset(call, 0, sizeof *call);
  call->counts.caller = (const void *)caller;
  call->callee_key = (const unsigned char *)own->lines - sizeof(uint64_t);
  __lprof_count_edge(&call->counts, 1, running, ticks, units);
  return 0;
}

/* The ids the thread's table of `mode` holds, and the copies' array. */
static uint32_t table_end(const lprof_rt_thread *thread, uint32_t mode) {
  uint32_t end = thread->capacity[mode];
  return end > __lprof_rt_function_count + 1 ? __lprof_rt_function_count + 1
                                              : end;
}

static uint32_t timing_end(const lprof_rt_thread *thread) {
  return table_end(thread, LPROF_TIMING);
}

/* Whether a frame at `at` can be read: aligned, within the thread's stack. */
static int on_stack(const lprof_rt_thread *thread, uintptr_t at) {
  return at % sizeof(uint64_t) == 0 && at >= thread->stack_low &&
         at + sizeof(__lprof_frame_timing) <= thread->stack_high;
}

static uintptr_t next_on_stack(const lprof_rt_thread *thread, uintptr_t at) {
  if (!on_stack(thread, at))
    return 0;
  return frame_word(&((const __lprof_frame_timing *)at)->prev);
}

/* Whether the chain from `at` comes back to a frame it passed (Floyd's
 * two walkers: the fast one meets the slow one only on a loop). */
static int chain_loops(const lprof_rt_thread *thread, uintptr_t at) {
  uintptr_t slow = at, fast = at;
  for (;;) {
    fast = next_on_stack(thread, next_on_stack(thread, fast));
    slow = next_on_stack(thread, slow);
    if (!on_stack(thread, fast))
      return 0;
    if (fast == slow)
      return 1;
  }
}

static void free_closed_run(const lprof_rt_thread *thread, closed_run *run) {
  for (uint32_t id = 0; run->copies && id < timing_end(thread); ++id)
    __lprof_rt_scratch_free(run->copies[id]);
  __lprof_rt_scratch_free(run->copies);
  for (uint32_t id = 0;
       run->sample_copies && id < table_end(thread, LPROF_SAMPLE); ++id)
    __lprof_rt_scratch_free(run->sample_copies[id]);
  __lprof_rt_scratch_free(run->sample_copies);
  __lprof_rt_scratch_free(run->calls);
  memset(run, 0, sizeof *run);
}

/* The frames the walk from `at` reads (see above). */
static size_t chain_length(const lprof_rt_thread *thread, uintptr_t at,
                           int loops) {
  size_t length = 0;
  for (uintptr_t last = 0; on_stack(thread, at) && (!loops || at > last);
       at = frame_word(&((const __lprof_frame_timing *)at)->prev)) {
    last = at;
    ++length;
  }
  return length;
}

/* Closes the thread's running activations at `now` into `run` (all zero
 * if none runs). */
static int close_running_locked(const lprof_rt_thread *thread, uint64_t now,
                                closed_run *run) {
  memset(run, 0, sizeof *run);
  if (thread->exited || !thread->tls || thread->stack_high == 0)
    return 0;
#ifdef __LPROF_ATOMIC_COUNTERS
  /* Under ThreadSanitizer, only the writing thread's own: another's frames
   * are read while it may write them, a race by design (see above). */
  if (thread->tls != &__lprof_tls)
    return 0;
#endif
  uintptr_t at = (uintptr_t)__atomic_load_n(&thread->tls->open,
                                            __ATOMIC_ACQUIRE);
  if (!at)
    return 0;
  int loops = chain_loops(thread, at);
  /* A thread running on may link more frames meanwhile: those past the
   * count are not closed (best effort, as above). */
  size_t length = chain_length(thread, at, loops);
  uint32_t end = timing_end(thread);
  known_block *known = __lprof_rt_scratch_calloc(end ? end : 1, sizeof *known);
  run->copies = __lprof_rt_scratch_calloc(end ? end : 1, sizeof *run->copies);
  run->calls =
      __lprof_rt_scratch_calloc(length ? length : 1, sizeof *run->calls);
  run->call_capacity = length;
  if (!known || !run->copies || !run->calls) {
    __lprof_rt_scratch_free(known);
    free_closed_run(thread, run);
    return -1;
  }
  size_t count = 0;
  for (uint32_t id = 1; id < end; ++id) {
    const unsigned char *block = thread->tables[LPROF_TIMING][id];
    if (block) {
      known[count].lines = (uintptr_t)(block + sizeof(uint64_t));
      known[count++].id = id;
    }
  }
  __lprof_rt_sort(known, count, sizeof *known, compare_known);
  uint64_t probes = load(&thread->tls->probes);
  int result = 0;
  uintptr_t last = 0;
  while (result == 0 && on_stack(thread, at) && (!loops || at > last)) {
    const __lprof_frame_timing *frame = (const __lprof_frame_timing *)at;
    result = close_activation(thread, known, count, run, frame, now, probes);
    last = at;
    at = frame_word(&frame->prev);
  }
  __lprof_rt_scratch_free(known);
  if (result != 0) {
    free_closed_run(thread, run);
    return -1;
  }
  return 0;
}

/* ---- sample intervals still open ---------------------------------------- */

/* Where a sample block's memory lies (its weights, times, calls and lines). */
typedef struct sample_region {
  uintptr_t begin, end;
  uint32_t id;
} sample_region;

typedef struct sample_copies {
  const lprof_rt_thread *thread;
  unsigned char **copies;
  const sample_region *regions;
  size_t count;
  int failed;
} sample_copies;

static int compare_regions(const void *left, const void *right) {
  uintptr_t a = ((const sample_region *)left)->begin;
  uintptr_t b = ((const sample_region *)right)->begin;
  return a < b ? -1 : a > b;
}

/* lprof_rt_translate for sample.c: the copy of what `pointer` points at. */
static void *translate_sample(void *context, const void *pointer,
                              size_t size) {
  sample_copies *into = context;
  uintptr_t at = (uintptr_t)pointer;
  size_t low = 0, high = into->count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (into->regions[middle].begin <= at)
      low = middle + 1;
    else
      high = middle;
  }
  if (low == 0 || at % sizeof(uint32_t) != 0)
    return NULL;
  const sample_region *region = &into->regions[low - 1];
  if (at + size > region->end || at + size < at)
    return NULL;
  uint64_t *block =
      copy_of(into->thread, into->copies, LPROF_SAMPLE, region->id);
  if (!block) {
    into->failed = 1;
    return NULL;
  }
  uint32_t num_lines = __lprof_rt_functions[region->id]->num_lines;
  return (unsigned char *)block - __lprof_rt_block_offset(LPROF_SAMPLE, num_lines) +
         (at - region->begin);
}

/* Copies of the thread's sample blocks with its open intervals closed at
 * `now` into run->sample_copies (NULL if none is open). */
static int close_sampled_locked(const lprof_rt_thread *thread, uint64_t now,
                                closed_run *run) {
  if (thread->exited || !thread->tls || !thread->sample_open)
    return 0;
#ifdef __LPROF_ATOMIC_COUNTERS
  if (thread->tls != &__lprof_tls)
    return 0; /* as for timing frames (see above) */
#endif
  if (__atomic_load_n(thread->sample_open, __ATOMIC_RELAXED) == 0)
    return 0;
  uint32_t end = table_end(thread, LPROF_SAMPLE);
  sample_region *regions =
      __lprof_rt_scratch_calloc(end ? end : 1, sizeof *regions);
  run->sample_copies =
      __lprof_rt_scratch_calloc(end ? end : 1, sizeof *run->sample_copies);
  if (!regions || !run->sample_copies) {
    __lprof_rt_scratch_free(regions);
    return -1;
  }
  size_t count = 0;
  for (uint32_t id = 1; id < end; ++id) {
    const unsigned char *block = thread->tables[LPROF_SAMPLE][id];
    if (!block)
      continue;
    uint32_t num_lines = __lprof_rt_functions[id]->num_lines;
    regions[count].begin =
        (uintptr_t)(block - __lprof_rt_block_offset(LPROF_SAMPLE, num_lines));
    regions[count].end = regions[count].begin +
                         __lprof_rt_block_size(LPROF_SAMPLE, num_lines);
    regions[count++].id = id;
  }
  __lprof_rt_sort(regions, count, sizeof *regions, compare_regions);
  sample_copies into = {thread, run->sample_copies, regions, count, 0};
  int result = __lprof_rt_sample_close_open(thread, now, translate_sample,
                                            &into);
  __lprof_rt_scratch_free(regions);
  return result != 0 || into.failed ? -1 : 0;
}

static int add_block(uint32_t mode, int region, const unsigned char *block,
                     const __lprof_function *desc,
                     const lprof_rt_calibration *cost, part *into) {
  uint32_t num_lines = desc->num_lines;
  if (!into->lines) {
    into->lines = __lprof_rt_scratch_calloc(num_lines ? num_lines : 1,
                                            sizeof *into->lines);
    if (!into->lines)
      return -1;
  }
  const uint64_t *words = (const uint64_t *)block;
  into->calls += load(&words[0]);
  if (mode == LPROF_COUNT)
    add_count_block(words, num_lines, desc->counted_on, into->lines);
  else if (mode == LPROF_TIMING && region)
    add_region_block(words, num_lines, cost, into);
  else if (mode == LPROF_TIMING)
    add_timing_block(words, num_lines, cost, into);
  else
    add_sample_block(words, num_lines, cost, into);
  return 0;
}

/* ---- records ------------------------------------------------------------ */

static void put_prog(lprof_rt_buffer *out, const lprof_rt_run_info *info,
                     uint32_t modes) {
  size_t record = __lprof_rt_begin_record(out, "PROG");
  __lprof_rt_put_f64(out, info->seconds_per_tick);
  __lprof_rt_put_u32(out, info->clock_kind);
  __lprof_rt_put_u32(out, info->pid);
  __lprof_rt_put_u64(out, (uint64_t)info->start_ns);
  __lprof_rt_put_u64(out, (uint64_t)info->end_ns);
  __lprof_rt_put_str(out, info->program);
  /* 1.2 */
  __lprof_rt_put_u32(out, modes);
  __lprof_rt_put_f64(out, info->calibration->timing_probe);
  __lprof_rt_put_f64(out, info->calibration->timing_entry);
  __lprof_rt_put_f64(out, info->calibration->sample_probe);
  __lprof_rt_put_f64(out, info->calibration->sample_interval);
  __lprof_rt_put_f64(out, info->calibration->sample_gap);
  __lprof_rt_end_record(out, record);
}

/* The 1.2 per-line fields, after a part's 1.0/1.1 fields. */
static void put_line_details(lprof_rt_buffer *out, const line_totals *lines,
                             uint32_t num_lines) {
  for (uint32_t i = 0; i < num_lines; ++i) {
    __lprof_rt_put_u64(out, lines[i].net);
    __lprof_rt_put_u64(out, lines[i].probes);
    __lprof_rt_put_u64(out, lines[i].weight);
  }
}

/* The 1.4 fields of a part: its time counted once, each line's self. */
static void put_times(lprof_rt_buffer *out, const part *part,
                      uint32_t num_lines) {
  static const line_totals none;
  __lprof_rt_put_u64(out, part->total_ticks);
  __lprof_rt_put_u64(out, part->total_net);
  for (uint32_t i = 0; i < num_lines; ++i) {
    const line_totals *line = part->lines ? &part->lines[i] : &none;
    __lprof_rt_put_u64(out, line->self_ticks);
    __lprof_rt_put_u64(out, line->self_net);
  }
}

static void put_hits_and_ticks(lprof_rt_buffer *out, const line_totals *lines,
                               uint32_t num_lines) {
  for (uint32_t i = 0; i < num_lines; ++i) {
    __lprof_rt_put_u64(out, lines[i].hits);
    __lprof_rt_put_u64(out, lines[i].ticks);
  }
}

static void put_func(lprof_rt_buffer *out, const output_function *function) {
  const __lprof_function *desc = function->desc;
  static const line_totals none;
  size_t record = __lprof_rt_begin_record(out, "FUNC");
  __lprof_rt_put_str(out, desc->file);
  __lprof_rt_put_str(out, desc->name);
  __lprof_rt_put_u32(out, desc->first_line);
  __lprof_rt_put_u32(out, desc->num_lines);
  __lprof_rt_put_str(out, desc->source);
  if (function->total.lines) {
    put_hits_and_ticks(out, function->total.lines, desc->num_lines);
  } else {
    for (uint32_t i = 0; i < desc->num_lines; ++i)
      put_hits_and_ticks(out, &none, 1);
  }
  __lprof_rt_put_u64(out, function->total.calls); /* 1.1 */
  __lprof_rt_put_u32(out, function->modes);       /* 1.2 */
  if (function->total.lines) {
    put_line_details(out, function->total.lines, desc->num_lines);
  } else {
    for (uint32_t i = 0; i < desc->num_lines; ++i)
      put_line_details(out, &none, 1);
  }
  put_times(out, &function->total, desc->num_lines); /* 1.4 */
  __lprof_rt_end_record(out, record);
}

/* A live thread's name, from /proc (it may be another thread). */
static void live_thread_name(uint32_t tid, char name[16]) {
  char path[64] = "/proc/self/task/", digits[24];
  strcat(path, __lprof_rt_format_u64(digits, tid));
  strcat(path, "/comm");
  name[0] = '\0';
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  ssize_t got = read(fd, name, 15);
  close(fd);
  name[got > 0 ? got : 0] = '\0';
  name[strcspn(name, "\n")] = '\0';
}

static void put_thrd(lprof_rt_buffer *out, const lprof_rt_thread *thread,
                     const output_function *functions, const part *parts,
                     size_t groups) {
  char name[16];
  uint32_t count = 0;
  for (size_t g = 0; g < groups; ++g)
    count += parts[g].lines != NULL;
  if (thread->exited || thread->number == LPROF_FOLDED_THREAD)
    memcpy(name, thread->name, sizeof name);
  else
    live_thread_name(thread->tid, name);
  name[sizeof name - 1] = '\0';

  size_t record = __lprof_rt_begin_record(out, "THRD");
  __lprof_rt_put_u32(out, thread->number);
  __lprof_rt_put_u32(out, thread->tid);
  __lprof_rt_put_str(out, name);
  __lprof_rt_put_u32(out, count);
  for (size_t g = 0; g < groups; ++g) {
    if (!parts[g].lines)
      continue;
    __lprof_rt_put_u32(out, (uint32_t)g);
    put_hits_and_ticks(out, parts[g].lines, functions[g].desc->num_lines);
  }
  /* 1.2: per function, in the same order */
  for (size_t g = 0; g < groups; ++g) {
    if (!parts[g].lines)
      continue;
    __lprof_rt_put_u64(out, parts[g].calls);
    put_line_details(out, parts[g].lines, functions[g].desc->num_lines);
  }
  /* 1.4: per function, in the same order */
  for (size_t g = 0; g < groups; ++g)
    if (parts[g].lines)
      put_times(out, &parts[g], functions[g].desc->num_lines);
  __lprof_rt_end_record(out, record);
}

/* ---- call edges (format 1.5) ---------------------------------------------- */

static int compare_edge_keys(const void *left, const void *right) {
  const lprof_rt_edge *a = left, *b = right;
  uintptr_t a_caller = (uintptr_t)a->counts.caller;
  uintptr_t b_caller = (uintptr_t)b->counts.caller;
  if (a_caller != b_caller)
    return a_caller < b_caller ? -1 : 1;
  uintptr_t a_callee = (uintptr_t)a->callee_key;
  uintptr_t b_callee = (uintptr_t)b->callee_key;
  return a_callee < b_callee ? -1 : a_callee > b_callee;
}

static void add_edge_counts(__lprof_call_edge *to,
                            const __lprof_call_edge *from) {
  to->calls += from->calls;
  to->ticks += from->ticks;
  to->probes += from->probes;
}

/* Sorts the calls of the closed activations by key and sums those of one
 * key (a recursion's); returns how many keys remain. */
static size_t merge_running_calls(closed_run *run) {
  if (run->call_count == 0)
    return 0;
  __lprof_rt_sort(run->calls, run->call_count, sizeof *run->calls,
                  compare_edge_keys);
  size_t kept = 0;
  for (size_t i = 1; i < run->call_count; ++i) {
    if (compare_edge_keys(&run->calls[kept], &run->calls[i]) == 0)
      add_edge_counts(&run->calls[kept].counts, &run->calls[i].counts);
    else
      run->calls[++kept] = run->calls[i];
  }
  return run->call_count = kept + 1;
}

/* The index of the running calls' entry with `edge`'s key, or SIZE_MAX. */
static size_t find_running_call(const closed_run *run,
                                const lprof_rt_edge *edge) {
  size_t low = 0, high = run->call_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    int order = compare_edge_keys(&run->calls[middle], edge);
    if (order == 0)
      return middle;
    if (order < 0)
      low = middle + 1;
    else
      high = middle;
  }
  return SIZE_MAX;
}

/* One edge as written: what its keys stand for, its counts, and its net
 * ticks (with the indexes of its ends among the output functions). */
typedef struct edge_row {
  lprof_rt_edge_ends ends;
  __lprof_call_edge counts;
  uint32_t caller, callee; /* output indexes; caller UINT32_MAX: outside */
  uint64_t net;
} edge_row;

/* A thread's edges as written, before they are. */
typedef struct edge_rows {
  edge_row *rows;
  size_t count;
} edge_rows;

/* One thread's edges, with the calls of the activations closed at the
 * write (`run`) added, those that counted something and whose callee is
 * written. A caller that is not written (the runtime's own, or outside any
 * profiled line) is outside. */
static int collect_edges(const lprof_rt_thread *thread, closed_run *run,
                         const uint32_t *index_of,
                         const lprof_rt_calibration *cost, edge_rows *into) {
  into->rows = NULL;
  into->count = 0;
  size_t listed = 0;
  for (const lprof_rt_edge *edge = thread->edges; edge; edge = edge->next)
    ++listed;
  size_t running = merge_running_calls(run);
  if (listed + running == 0)
    return 0;
  lprof_rt_block_span *blocks = __lprof_rt_scratch_alloc(
      __lprof_rt_block_span_capacity(thread) * sizeof *blocks);
  edge_row *rows = __lprof_rt_scratch_calloc(listed + running, sizeof *rows);
  unsigned char *matched = __lprof_rt_scratch_calloc(running + 1, 1);
  if (!blocks || !rows || !matched) {
    __lprof_rt_scratch_free(blocks);
    __lprof_rt_scratch_free(rows);
    __lprof_rt_scratch_free(matched);
    return -1;
  }
  size_t spans = __lprof_rt_block_spans(thread, blocks);
  size_t count = 0;
  for (const lprof_rt_edge *edge = thread->edges; edge && count < listed;
       edge = edge->next) {
    edge_row *row = &rows[count++];
    row->ends = __lprof_rt_edge_ends(thread, edge, blocks, spans);
    /* Relaxed: the thread may be counting into it. */
    row->counts.calls = load(&edge->counts.calls);
    row->counts.ticks = load(&edge->counts.ticks);
    row->counts.probes = load(&edge->counts.probes);
    size_t call = find_running_call(run, edge);
    if (call != SIZE_MAX) {
      add_edge_counts(&row->counts, &run->calls[call].counts);
      matched[call] = 1;
    }
  }
  for (size_t i = 0; i < running; ++i) {
    if (matched[i])
      continue; /* the call's first: its edge is made at its leave */
    edge_row *row = &rows[count++];
    row->ends = __lprof_rt_edge_ends(thread, &run->calls[i], blocks, spans);
    row->counts = run->calls[i].counts;
  }
  size_t kept = 0;
  for (size_t i = 0; i < count; ++i) {
    edge_row row = rows[i];
    if (index_of[row.ends.callee_id] == UINT32_MAX ||
        (row.counts.calls == 0 && row.counts.ticks == 0))
      continue;
    row.caller = index_of[row.ends.caller_id];
    row.callee = index_of[row.ends.callee_id];
    double probes = (double)row.counts.probes / __LPROF_PROBE_UNITS;
    row.net = round_ticks((double)row.counts.ticks -
                          probes * cost->timing_probe);
    rows[kept++] = row;
  }
  __lprof_rt_scratch_free(blocks);
  __lprof_rt_scratch_free(matched);
  into->rows = rows;
  into->count = kept;
  return 0;
}

static void put_edge(lprof_rt_buffer *out, uint32_t thread_number,
                     const edge_rows *edges, const output_function *functions) {
  if (edges->count == 0)
    return;
  size_t record = __lprof_rt_begin_record(out, "EDGE");
  __lprof_rt_put_u32(out, thread_number);
  __lprof_rt_put_u32(out, (uint32_t)edges->count);
  for (size_t i = 0; i < edges->count; ++i) {
    const edge_row *row = &edges->rows[i];
    uint32_t line = row->caller == UINT32_MAX
                        ? 0
                        : functions[row->caller].desc->first_line +
                              row->ends.caller_line;
    __lprof_rt_put_u32(out, row->caller);
    __lprof_rt_put_u32(out, line);
    __lprof_rt_put_u32(out, row->callee);
    __lprof_rt_put_u64(out, row->counts.calls);
    __lprof_rt_put_u64(out, row->counts.ticks);
    __lprof_rt_put_u64(out, row->net);
  }
  __lprof_rt_end_record(out, record);
}

/* ---- timing mode's net figures, consistent ------------------------------ */

/*
 * Each net figure is its measured ticks less the calibrated cost of the
 * probes counted inside it, clamped at 0 on its own. The probe units are
 * exact, but the calibrated cost is not that of every probe: on call-heavy
 * code (a recursion of tiny calls) it takes out more than some figures
 * measured, and the clamp then makes a part read more than its whole (a
 * line more than its function's total, a callee's total more than its
 * calling line, self times summing to more than the root's total). The
 * measured times nest exactly:
 *   - a line's intervals lie inside its function's outermost activations
 *     (a lambda's inside the activations of its function's text);
 *   - a callee's outermost activations are the calls that carry time
 *     (edges), each inside an interval of its calling line;
 *   - the self times of all lines partition the calls from outside.
 * So, per thread, on the net figures of functions timed in timing mode
 * only, each whole is raised to at least its parts (never a part lowered:
 * what the compensation over-subtracted is put back where it shows), in
 * whole ticks, until nothing moves: a total to its largest line, its self
 * times' sum and its calls from outside; a callee's calls that carry time
 * to its total (the shortfall shared in proportion to their measured
 * ticks); a calling line to each of its calls; and the calls from outside
 * to the sum of all self times, or, where those are short, the self times
 * of the lines of the functions called from outside up to their lines'
 * inclusive time and their function's total. The raw figures stay as
 * measured (docs/runtime.md, "Overhead compensation").
 */

static int timed_only(const output_function *function) {
  return (function->modes & LPROF_MODE_BIT_TIMING) &&
         !(function->modes & (LPROF_MODE_BIT_SAMPLE | LPROF_MODE_BIT_REGION));
}

/* Whether the edge carries time between functions timed so. */
static int timed_call(const edge_row *row, const output_function *functions,
                      const part *parts) {
  return row->counts.ticks != 0 && timed_only(&functions[row->callee]) &&
         parts[row->callee].lines != NULL;
}

static int from_timed_line(const edge_row *row,
                           const output_function *functions,
                           const part *parts) {
  return row->caller != UINT32_MAX && timed_only(&functions[row->caller]) &&
         parts[row->caller].lines != NULL;
}

static uint64_t raise_to(uint64_t *value, uint64_t floor) {
  if (*value >= floor)
    return 0;
  *value = floor;
  return 1;
}

/* Whether `row` is one of the calls that carry time to `callee`, or, when
 * callee is UINT32_MAX, one of the timed calls from outside. */
static int shares_in(const edge_row *row, uint32_t callee,
                     const output_function *functions, const part *parts) {
  int picked = callee == UINT32_MAX ? !from_timed_line(row, functions, parts)
                                    : row->callee == callee;
  return picked && timed_call(row, functions, parts);
}

/* Adds `missing` to the edges shares_in picks in proportion to their
 * measured ticks, the rounding's rest to the largest. */
static void share_out(edge_rows *edges, const output_function *functions,
                      const part *parts, uint32_t callee, uint64_t missing) {
  double measured = 0;
  edge_row *largest = NULL;
  for (size_t i = 0; i < edges->count; ++i) {
    edge_row *row = &edges->rows[i];
    if (!shares_in(row, callee, functions, parts))
      continue;
    measured += (double)row->counts.ticks;
    if (!largest || row->counts.ticks > largest->counts.ticks)
      largest = row;
  }
  if (!largest)
    return;
  uint64_t given = 0;
  for (size_t i = 0; i < edges->count; ++i) {
    edge_row *row = &edges->rows[i];
    if (row == largest || !shares_in(row, callee, functions, parts))
      continue;
    uint64_t share =
        (uint64_t)((double)missing * (double)row->counts.ticks / measured);
    if (share > missing - given)
      share = missing - given;
    row->net += share;
    given += share;
  }
  largest->net += missing - given;
}

static uint64_t self_sum(const part *part, uint32_t num_lines) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < num_lines; ++i)
    sum += part->lines[i].self_net;
  return sum;
}

/* One round of raising; returns whether anything moved. `into` and
 * `outside` are scratch, a figure per output function. */
static int raise_once(part *parts, const output_function *functions,
                      size_t groups, edge_rows *edges, uint64_t *into,
                      uint64_t *outside) {
  int moved = 0;
  for (size_t g = 0; g < groups; ++g)
    into[g] = outside[g] = 0;
  for (size_t i = 0; i < edges->count; ++i) {
    const edge_row *row = &edges->rows[i];
    if (!timed_call(row, functions, parts))
      continue;
    into[row->callee] += row->net;
    if (!from_timed_line(row, functions, parts))
      outside[row->callee] += row->net;
  }
  for (size_t g = 0; g < groups; ++g) {
    part *function = &parts[g];
    if (!function->lines || !timed_only(&functions[g]))
      continue;
    uint32_t num_lines = functions[g].desc->num_lines;
    for (uint32_t i = 0; i < num_lines; ++i)
      moved |= raise_to(&function->total_net, function->lines[i].net);
    moved |= raise_to(&function->total_net, self_sum(function, num_lines));
    moved |= raise_to(&function->total_net, outside[g]);
    if (into[g] < function->total_net) {
      share_out(edges, functions, parts, (uint32_t)g,
                function->total_net - into[g]);
      moved = 1;
    }
  }
  for (size_t i = 0; i < edges->count; ++i) {
    const edge_row *row = &edges->rows[i];
    if (timed_call(row, functions, parts) &&
        from_timed_line(row, functions, parts))
      moved |= raise_to(&parts[row->caller].lines[row->ends.caller_line].net,
                        row->net);
  }
  return moved;
}

/* The calls from outside against the sum of all self times: the calls are
 * raised to it, or the self times of the lines of the functions called
 * from outside (within their room) to them. */
static void balance_self(part *parts, const output_function *functions,
                         size_t groups, edge_rows *edges,
                         const uint64_t *outside) {
  uint64_t self = 0, called = 0;
  for (size_t g = 0; g < groups; ++g)
    if (parts[g].lines && timed_only(&functions[g])) {
      self += self_sum(&parts[g], functions[g].desc->num_lines);
      called += outside[g];
    }
  if (self > called) {
    share_out(edges, functions, parts, UINT32_MAX, self - called);
    return;
  }
  uint64_t missing = called - self;
  for (size_t g = 0; g < groups && missing; ++g) {
    part *function = &parts[g];
    if (!function->lines || !timed_only(&functions[g]) || !outside[g])
      continue;
    uint32_t num_lines = functions[g].desc->num_lines;
    uint64_t own = self_sum(function, num_lines);
    uint64_t room = function->total_net > own ? function->total_net - own : 0;
    for (uint32_t i = 0; i < num_lines && missing && room; ++i) {
      line_totals *line = &function->lines[i];
      uint64_t add = line->net - line->self_net;
      if (add > missing)
        add = missing;
      if (add > room)
        add = room;
      line->self_net += add;
      missing -= add;
      room -= add;
    }
  }
}

/* A bound on the rounds, which only a cycle of calls carrying time (f
 * calls g at one moment, g calls f at another) makes more than a few. */
#define LPROF_RAISE_ROUNDS 64

static int make_nets_consistent(part *parts, const output_function *functions,
                                size_t groups, edge_rows *edges) {
  uint64_t *into = __lprof_rt_scratch_calloc(groups ? groups : 1, sizeof *into);
  uint64_t *outside =
      __lprof_rt_scratch_calloc(groups ? groups : 1, sizeof *outside);
  if (!into || !outside) {
    __lprof_rt_scratch_free(into);
    __lprof_rt_scratch_free(outside);
    return -1;
  }
  for (int round = 0; round < LPROF_RAISE_ROUNDS; ++round)
    if (!raise_once(parts, functions, groups, edges, into, outside))
      break;
  balance_self(parts, functions, groups, edges, outside);
  for (int round = 0; round < LPROF_RAISE_ROUNDS; ++round)
    if (!raise_once(parts, functions, groups, edges, into, outside))
      break;
  __lprof_rt_scratch_free(into);
  __lprof_rt_scratch_free(outside);
  return 0;
}

/* ---- memory (format 1.3) -------------------------------------------------- */

static void put_memr(lprof_rt_buffer *out, const lprof_rt_memory_run *run) {
  size_t record = __lprof_rt_begin_record(out, "MEMR");
  __lprof_rt_put_u64(out, run->allocs);
  __lprof_rt_put_u64(out, run->alloc_bytes);
  __lprof_rt_put_u64(out, run->frees);
  __lprof_rt_put_u64(out, run->freed_bytes);
  __lprof_rt_put_u64(out, run->untracked_frees);
  __lprof_rt_put_u64(out, run->live_bytes);
  __lprof_rt_put_u64(out, run->peak_live_bytes);
  __lprof_rt_put_u64(out, run->unattributed_allocs);
  __lprof_rt_put_u64(out, run->unattributed_bytes);
  __lprof_rt_end_record(out, record);
}

static int memory_nonzero(const lprof_rt_memory_function *function) {
  if (function->peak_bytes)
    return 1;
  for (uint32_t i = 0; i < function->num_lines; ++i) {
    const lprof_rt_memory_line *line = &function->lines[i];
    if (line->allocs || line->frees || line->retained_blocks)
      return 1;
  }
  return 0;
}

static void put_memf(lprof_rt_buffer *out, uint32_t index,
                     const lprof_rt_memory_function *function) {
  size_t record = __lprof_rt_begin_record(out, "MEMF");
  __lprof_rt_put_u32(out, index);
  __lprof_rt_put_u64(out, function->peak_bytes);
  for (uint32_t i = 0; i < function->num_lines; ++i) {
    const lprof_rt_memory_line *line = &function->lines[i];
    __lprof_rt_put_u64(out, line->allocs);
    __lprof_rt_put_u64(out, line->alloc_bytes);
    __lprof_rt_put_u64(out, line->frees);
    __lprof_rt_put_u64(out, line->freed_bytes);
    __lprof_rt_put_u64(out, line->retained_blocks);
    __lprof_rt_put_u64(out, line->retained_bytes);
    __lprof_rt_put_u64(out, line->self_allocs);
    __lprof_rt_put_u64(out, line->self_alloc_bytes);
  }
  __lprof_rt_end_record(out, record);
}

/* MEMR, then a MEMF per function with any nonzero figure. */
static int put_memory_locked(lprof_rt_buffer *out, const uint32_t *index_of,
                             const output_function *functions,
                             size_t count) {
  lprof_rt_memory_function *memory =
      __lprof_rt_scratch_calloc(count ? count : 1, sizeof *memory);
  int result = memory ? 0 : -1;
  for (size_t g = 0; result == 0 && g < count; ++g) {
    memory[g].num_lines = functions[g].desc->num_lines;
    memory[g].lines = __lprof_rt_scratch_calloc(
        memory[g].num_lines ? memory[g].num_lines : 1, sizeof *memory[g].lines);
    if (!memory[g].lines)
      result = -1;
  }
  lprof_rt_memory_run run;
  if (result == 0)
    result = __lprof_rt_memory_collect(index_of,
                                       __lprof_rt_function_count + 1, memory,
                                       &run);
  if (result == 0) {
    put_memr(out, &run);
    for (size_t g = 0; g < count; ++g)
      if (memory_nonzero(&memory[g]))
        put_memf(out, (uint32_t)g, &memory[g]);
  }
  for (size_t g = 0; memory && g < count; ++g)
    __lprof_rt_scratch_free(memory[g].lines);
  __lprof_rt_scratch_free(memory);
  return result;
}

static void add_part(part *total, const part *from, uint32_t num_lines) {
  total->calls += from->calls;
  total->total_ticks += from->total_ticks;
  total->total_net += from->total_net;
  for (uint32_t i = 0; i < num_lines; ++i) {
    total->lines[i].hits += from->lines[i].hits;
    total->lines[i].ticks += from->lines[i].ticks;
    total->lines[i].net += from->lines[i].net;
    total->lines[i].probes += from->lines[i].probes;
    total->lines[i].weight += from->lines[i].weight;
    total->lines[i].self_ticks += from->lines[i].self_ticks;
    total->lines[i].self_net += from->lines[i].self_net;
  }
}

/* 1.5: the LOAD record, what the run learnt about interference: the
 * calibration's spread, and per thread whose figures are known (exited,
 * or the writing thread) its wall and CPU time and context switches. */
static void put_load_locked(lprof_rt_buffer *out) {
  uint32_t measurements;
  double spread = __lprof_rt_calibration_spread(&measurements);
  lprof_rt_load loads[64];
  uint32_t numbers[64];
  uint32_t count = 0;
  for (const lprof_rt_thread *thread = __lprof_rt_threads;
       thread && count < 64; thread = thread->next)
    if (__lprof_rt_thread_load(thread, &loads[count]))
      numbers[count++] = thread->number;
  size_t record = __lprof_rt_begin_record(out, "LOAD");
  __lprof_rt_put_u32(out, measurements);
  __lprof_rt_put_f64(out, spread);
  __lprof_rt_put_u32(out, count);
  for (uint32_t i = 0; i < count; ++i) {
    __lprof_rt_put_u32(out, numbers[i]);
    __lprof_rt_put_u64(out, loads[i].wall_ns);
    __lprof_rt_put_u64(out, loads[i].cpu_ns);
    __lprof_rt_put_u64(out, loads[i].involuntary);
    __lprof_rt_put_u64(out, loads[i].voluntary);
  }
  __lprof_rt_end_record(out, record);
}

/* One thread: its blocks into `parts`, its THRD record into `thrd`, its
 * EDGE record into `edges`, its figures into the totals. */
static int take_thread_locked(const lprof_rt_thread *thread,
                              const uint32_t *index_of,
                              output_function *functions, size_t groups,
                              part *parts, const lprof_rt_calibration *cost,
                              uint64_t now, lprof_rt_buffer *thrd,
                              lprof_rt_buffer *edges) {
  int any = 0;
  closed_run closed;
  if (close_running_locked(thread, now, &closed) != 0)
    return -1;
  if (close_sampled_locked(thread, now, &closed) != 0) {
    free_closed_run(thread, &closed);
    return -1;
  }
  for (uint32_t mode = 0; mode < LPROF_MODES; ++mode) {
    uint32_t end = thread->capacity[mode];
    if (end > __lprof_rt_function_count + 1)
      end = __lprof_rt_function_count + 1;
    for (uint32_t id = 1; id < end; ++id) {
      const unsigned char *block = thread->tables[mode][id];
      uint32_t g = index_of[id];
      if (!block || g == UINT32_MAX)
        continue;
      uint32_t num_lines = functions[g].desc->num_lines;
      unsigned char **copies =
          mode == LPROF_TIMING   ? closed.copies
          : mode == LPROF_SAMPLE ? closed.sample_copies
                                 : NULL;
      if (copies && copies[id])
        block = copies[id] + __lprof_rt_block_offset(mode, num_lines);
      int region = (functions[g].modes & LPROF_MODE_BIT_REGION) != 0;
      if (add_block(mode, region, block, __lprof_rt_functions[id], cost,
                    &parts[g]) != 0) {
        free_closed_run(thread, &closed);
        return -1;
      }
      any = 1;
    }
  }
  edge_rows calls;
  int collected = collect_edges(thread, &closed, index_of, cost, &calls);
  free_closed_run(thread, &closed);
  if (collected != 0 ||
      make_nets_consistent(parts, functions, groups, &calls) != 0) {
    __lprof_rt_scratch_free(calls.rows);
    return -1;
  }
  put_edge(edges, thread->number, &calls, functions);
  __lprof_rt_scratch_free(calls.rows);
  if (!any)
    return 0;
  put_thrd(thrd, thread, functions, parts, groups);
  for (size_t g = 0; g < groups; ++g) {
    if (!parts[g].lines)
      continue;
    if (!functions[g].total.lines) {
      functions[g].total.lines = __lprof_rt_scratch_calloc(
          functions[g].desc->num_lines, sizeof(line_totals));
      if (!functions[g].total.lines)
        return -1;
    }
    add_part(&functions[g].total, &parts[g], functions[g].desc->num_lines);
    __lprof_rt_scratch_free(parts[g].lines);
    parts[g].lines = NULL;
    parts[g].calls = 0;
    parts[g].total_ticks = parts[g].total_net = 0;
  }
  return 0;
}

static int encode_locked(const lprof_rt_run_info *info, uint32_t *index_of,
                         lprof_rt_buffer *out) {
  int64_t groups = group_functions_locked(index_of);
  if (groups < 0)
    return -1;
  size_t count = (size_t)groups;
  output_function *functions =
      __lprof_rt_scratch_calloc(count ? count : 1, sizeof *functions);
  part *parts = __lprof_rt_scratch_calloc(count ? count : 1, sizeof *parts);
  lprof_rt_buffer thrd = {0};
  int result = functions && parts ? 0 : -1;

  uint32_t modes = 0;
  for (uint32_t id = 1; result == 0 && id <= __lprof_rt_function_count;
       ++id) {
    uint32_t g = index_of[id];
    if (g == UINT32_MAX)
      continue;
    if (!functions[g].desc)
      functions[g].desc = __lprof_rt_functions[id];
    functions[g].modes |= __lprof_rt_function_modes[id];
  }
  /* A region is timed with timing-mode blocks, but is written as what it
   * is: a region (docs/lprof-format.md). */
  for (size_t g = 0; g < count; ++g) {
    if (functions[g].modes & LPROF_MODE_BIT_REGION)
      functions[g].modes = LPROF_MODE_BIT_REGION;
    modes |= functions[g].modes;
  }

  __lprof_rt_find_main_stack_locked();
  /* The moment the activations still running are closed at. */
  uint64_t now = __lprof_now();
  lprof_rt_buffer edges = {0};
  for (const lprof_rt_thread *thread = __lprof_rt_threads;
       result == 0 && thread; thread = thread->next)
    result = take_thread_locked(thread, index_of, functions, count, parts,
                                info->calibration, now, &thrd, &edges);
  if (result == 0 && __lprof_rt_folded)
    result = take_thread_locked(__lprof_rt_folded, index_of, functions, count,
                                parts, info->calibration, now, &thrd, &edges);

  if (result == 0) {
    __lprof_rt_put_header(out, 5);
    put_prog(out, info, modes);
    for (size_t g = 0; g < count; ++g)
      put_func(out, &functions[g]);
    __lprof_rt_put_bytes(out, thrd.data, thrd.size);
    __lprof_rt_put_bytes(out, edges.data, edges.size);
    put_load_locked(out);
    if (__lprof_rt_memory_on)
      result = put_memory_locked(out, index_of, functions, count);
    __lprof_rt_finish_header(out);
    if (out->failed || thrd.failed || edges.failed)
      result = -1;
  }

  for (size_t g = 0; functions && g < count; ++g)
    __lprof_rt_scratch_free(functions[g].total.lines);
  for (size_t g = 0; parts && g < count; ++g)
    __lprof_rt_scratch_free(parts[g].lines);
  __lprof_rt_scratch_free(functions);
  __lprof_rt_scratch_free(parts);
  __lprof_rt_free_buffer(&thrd);
  __lprof_rt_free_buffer(&edges);
  return result;
}

int __lprof_rt_encode_profile(const lprof_rt_run_info *info,
                              lprof_rt_buffer *out) {
  if (__lprof_rt_lock_registry_for_write() != 0) {
    errno = EDEADLK;
    return -1;
  }
  uint32_t *index_of = __lprof_rt_scratch_alloc(
      ((size_t)__lprof_rt_function_count + 1) * sizeof *index_of);
  int result = index_of ? encode_locked(info, index_of, out) : -1;
  __lprof_rt_unlock_registry();
  __lprof_rt_scratch_free(index_of);
  if (result != 0) {
    __lprof_rt_free_buffer(out);
    errno = ENOMEM;
  }
  return result;
}
