/*
 * lineprof_abi.h - the contract between instrumented code and liblineprof_rt.
 *
 * The plugin (and lprof-rewrite) paste this header verbatim at the top of
 * every instrumented translation unit, so it must be valid C (C99 and later)
 * and C++ (C++11 and later), include nothing, and compile without warnings
 * under -Wall -Wextra -pedantic with Clang and GCC. The runtime includes it
 * too, so both sides always agree on the layout.
 *
 * Everything here is internal: users include <lineprof.h>, never this file.
 * Names start with "__lprof_" (reserved for the implementation) so they cannot
 * collide with user code. Attributes are spelled __x__ so that user macros
 * named like them (`#define unused`) cannot break this header.
 *
 * The instrumenter emits, per profiled function, a descriptor and
 *
 *     __lprof_frame __lprof_f __attribute__((__cleanup__(__lprof_leave))) =
 *         __lprof_enter(&__lprof_f, &descriptor);
 *
 * at the body's `{`, then __lprof_line(&__lprof_f, index) where a line's
 * statement starts and __lprof_move(&__lprof_f, index) where control moves to
 * a line without a hit. What those do depends on __LPROF_MODE; see
 * docs/runtime.md for the measurements behind the choices. The frame types
 * are marked unused: a body with no probe (`{}`) leaves the frame
 * unreferenced, which Clang before 19 reports despite the cleanup.
 */
#ifndef LINEPROF_ABI_H
#define LINEPROF_ABI_H

/* Bumped whenever a layout or a function below changes meaning. */
#define __LPROF_ABI_VERSION 8

/* What the probes measure, chosen per translation unit by the instrumenter
 * (-fplugin-arg-lineprof-mode=): 0 timing (hits, and the ticks of every line
 * interval), 1 count (hits only, no clock reads), 2 sample (hits, and the
 * ticks of a random subset of line intervals). */
#ifndef __LPROF_MODE
#define __LPROF_MODE 0
#endif
#define __LPROF_MODE_TIMING 0
#define __LPROF_MODE_COUNT 1
#define __LPROF_MODE_SAMPLE 2
#define __LPROF_MODE_COUNT_OF_MODES 3

/* Under ThreadSanitizer the counters are written with relaxed atomics, so a
 * profile written while threads run (lprof_dump, LPROF_INTERVAL) is not a
 * reported race. Otherwise plain stores: only the owning thread writes a
 * counter, and an aligned 64-bit store cannot tear on the targets we run on,
 * so the writer's relaxed loads see whole values either way. */
#if defined(__SANITIZE_THREAD__)
#define __LPROF_ATOMIC_COUNTERS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define __LPROF_ATOMIC_COUNTERS 1
#endif
#endif

/* Line and move probes are inlined when optimizing. Without optimization
 * (-O0) they stay calls: inlined, the hundreds of probes of a large
 * function made the unoptimized code generator 4 to 5 times slower
 * (docs/compile-time.md); a call costs a few ns more per line event, which
 * the overhead compensation measures too, timing mode's on the unit's own
 * probe code (__lprof_calibrate_timing: compensation.cpp at -O0, the line
 * calling a profiled function +63 ns on the runtime's probes, +17 ns). */
#ifdef __OPTIMIZE__
#define __LPROF_LINE_PROBE __attribute__((__always_inline__))
#else
#define __LPROF_LINE_PROBE
#endif

/* Timing mode's activation open and finish stay inline when optimizing.
 * As calls they cut an -O2 compile of a unit of many small functions
 * (Lua's lparser.c) from 2.9 to 1.4 times the plain one, but the
 * calibrated entry cost then missed 50 to 60 ns of each call in part of
 * the processes (test/runtime/compensation.cpp; docs/compile-time.md):
 * accurate times come first. */
#define __LPROF_ACTIVATION_PROBE __inline__ __LPROF_LINE_PROBE

/* x86-64 timing probes are written in asm (see __lprof_line_timing), except
 * under ThreadSanitizer, which must see the counters' atomic accesses. */
#if defined(__x86_64__) && !defined(__LPROF_ATOMIC_COUNTERS) &&               \
    !defined(__LPROF_NO_ASM_PROBES)
#define __LPROF_ASM_PROBES 1
#endif

/* The x86-64 timing line and move probes, when optimizing with Clang, are
 * calls too, of one copy per unit of the asm below, which saves and
 * restores every register it uses (`preserve_all`): to the caller a call
 * clobbers nothing, as the inline asm clobbered 4 registers. Inlined into
 * every line of every profiled function, the asm's instruction selection
 * and assembly were a third of an -O2 compile of a unit of small functions
 * (Lua's lparser.c, docs/compile-time.md). The call, the saves and the
 * return cost a few ns of a probe's 27; the calibration runs the same
 * probes (calibrate.c) and takes them out. GCC (lprof-rewrite's output)
 * has no such convention and keeps them inline. */
#if defined(__OPTIMIZE__) && defined(__has_attribute)
#if __has_attribute(__preserve_all__)
#define __LPROF_TIMING_LINE_PROBE __attribute__((__noinline__, __preserve_all__))
#endif
#endif
#ifndef __LPROF_TIMING_LINE_PROBE
#define __LPROF_TIMING_LINE_PROBE __inline__ __LPROF_LINE_PROBE
#endif

#ifdef __LPROF_ATOMIC_COUNTERS
#define __LPROF_GET(lvalue) __atomic_load_n(&(lvalue), __ATOMIC_RELAXED)
#define __LPROF_SET(lvalue, value)                                            \
  __atomic_store_n(&(lvalue), (value), __ATOMIC_RELAXED)
#else
#define __LPROF_GET(lvalue) (lvalue)
#define __LPROF_SET(lvalue, value) ((lvalue) = (value))
#endif
#define __LPROF_ADD(lvalue, value) __LPROF_SET(lvalue, __LPROF_GET(lvalue) + (value))

/* Each translation unit uses the probes of one mode only, and most use no
 * coroutine or member-initializer probes: when the header is pasted into a
 * main file, Clang would call those unused. (Marking them __unused__
 * instead makes every used one a -Wused-but-marked-unused warning.) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One per profiled function, emitted as static data by the instrumenter.
 * Lines are addressed by index = line - first_line, 0 <= index < num_lines.
 */
typedef struct __lprof_function {
  const char *file;   /* absolute path of the file that holds the body */
  const char *name;   /* qualified name, as shown in the report */
  const char *source; /* the num_lines lines as compiled, '\n'-separated */
  __UINT32_TYPE__ first_line;
  __UINT32_TYPE__ num_lines;
  /* Set by the runtime: 0 = not registered yet; bit 31 set while profiling
   * is disabled (lprof_disable), which sends every entry to the slow path. */
  __UINT32_TYPE__ id;
  /* 0, or __LPROF_DESCRIPTOR_FLAGS: tells the runtime the function's mode
   * before it first runs. */
  __UINT32_TYPE__ flags;
  /* Count mode: line i's hits are those counted on line counted_on[i], the
   * first line of the straight-line run it belongs to (its own probe left
   * out, docs/runtime.md "Count mode"); NULL when every line counts its
   * own. Applied when the profile is written. */
  const __UINT32_TYPE__ *counted_on;
  /* Count mode: the lines that call functions (their indices), one call
   * site each in the function's block, after its hits (see
   * __lprof_call_site); NULL and 0 when none does, or when the unit was
   * compiled with -DLPROF_NO_CALL_EDGES. */
  const __UINT32_TYPE__ *call_lines;
  __UINT32_TYPE__ num_call_lines;
} __lprof_function;

#define __LPROF_DESCRIPTOR_FLAGS (0x100u | (__LPROF_MODE))
/* With __LPROF_MODE_COUNT in the flags of a function of a timing- or
 * sample-mode unit: the function is forced inline (always_inline), so it
 * counts calls and hits only, with count mode's probes (__lprof_enter_hits,
 * __lprof_line_count, __lprof_counters_count), whatever the unit's mode.
 * An activation's open and close, inlined into every call site, gave the
 * optimizer thousands of copies of probe code (docs/compile-time.md,
 * yyjson); its time stays in the calling lines'. */
#define __LPROF_FORCED_INLINE 0x200u

/* One line's counters in timing and sample mode (count mode keeps only a
 * __UINT64_TYPE__ of hits per line).
 *   timing: ticks of all intervals, and probe units run inside them (each
 *           interval's closing probe included);
 *   sample: the timed intervals' ticks and line probes, each times the
 *           number of intervals it stands for (its weight); bit 63 of
 *           probes set once the line is slow enough to time every interval.
 *           The weights' sum is the line's u32 in front of the block. */
typedef struct __lprof_timed_line {
  __UINT64_TYPE__ hits;   /* statements starting on the line */
  /* Inclusive: timing mode adds an interval here only if no other
   * activation of this thread has the line's interval open (the outermost
   * one counts, recursion inside it is not added again). */
  __UINT64_TYPE__ ticks;
  __UINT64_TYPE__ probes;
  /* Exclusive (timing mode): every interval of the line, less the
   * activations of the profiled functions called from it (which their
   * leave subtracts here, so the figures may wrap below 0 while the line's
   * interval is still open). Sample mode: the timed intervals' self
   * ticks, each times its weight, and in self_probes the ticks of those
   * that ran in outermost activations with, in its low bits, how many
   * intervals timed at random in a row were slow (sample.c). */
  __UINT64_TYPE__ self_ticks;
  __UINT64_TYPE__ self_probes;
  /* Timing mode: this thread's activations with an interval open on the
   * line; an interval closing with it back at 0 is an outermost one. */
  __UINT64_TYPE__ active;
} __lprof_timed_line;

/* A timing probe's cost in the units of __lprof_tls.probes; a function
 * entry's, measured at start-up against it, is __lprof_entry_units. Fine
 * enough that rounding the entry to a unit is off by about a tick (with
 * 16 units a call's compensation was off by up to 1 ns, which on a tiny
 * function's calling line is more than its work). */
#define __LPROF_PROBE_UNITS 64u
/* Sample mode: a line probe opens a timed interval with probability
 * 1/__LPROF_SAMPLE_MEAN_GAP, and always in a line's first
 * __LPROF_SAMPLE_FIRST_HITS hits in a thread. */
#define __LPROF_SAMPLE_MEAN_GAP 64
#define __LPROF_SAMPLE_FIRST_HITS 16u
#define __LPROF_SLOW_LINE (1ull << 63)

/*
 * Per thread, per mode, per function: one block of counters, found through
 * the thread's table by __lprof_function.id. A block pointer points at the
 * function's call count, followed by its lines:
 *   count:  u64 calls, u64 hits[num_lines]
 *   timing: u64 calls, __lprof_timed_line lines[num_lines], preceded by the
 *           function's __lprof_function_times at __LPROF_TIMES(block)
 *   sample: like timing, with u32 samples[] stored downwards from the
 *           times (line i's at ((u32 *)__LPROF_TIMES(block))[-1 - i]).
 */

/* In front of a timing- or sample-mode block: the function's time counted
 * once per outermost activation on the thread (a recursive call inside an
 * activation adds nothing), and how many activations are running. */
typedef struct __lprof_function_times {
  __UINT64_TYPE__ ticks;
  __UINT64_TYPE__ probes; /* probe units inside those activations */
  /* Unused. Sample mode leaves ticks, probes and this at 0: it estimates
   * the function's time from its lines' samples (self_probes, sample.c). */
  __UINT64_TYPE__ weight;
  /* Activations of the function running now; in timing mode, those of
   * bodies nested in its text (lambdas) in the upper half. */
  __UINT64_TYPE__ depth;
  /* Timing mode: the edge the last activation that ended came from (a
   * one-entry cache in front of the runtime's table, edges.c), or 0. */
  struct __lprof_call_edge *edge;
} __lprof_function_times;
#define __LPROF_TIMES_WORDS 5
#define __LPROF_NESTED_DEPTH (1ull << 32)
#define __LPROF_TIMES(block)                                                  \
  ((__lprof_function_times *)((__UINT64_TYPE__ *)(block) - __LPROF_TIMES_WORDS))
/* Count mode: a line that calls functions has a call site in its
 * function's block (after the hits, __lprof_function.call_lines), a
 * two-entry cache of its edges: the ids of the last two functions it
 * called (0: none) and those edges' counters. A line mostly calls one
 * function, or two (`f(g(x))`), so a callee's entry finds its edge with a
 * compare or two; any other callee takes the slow path
 * (__lprof_call_site_miss), which the edges' table answers and which makes
 * it entry 0, entry 0 becoming entry 1. While profiling is disabled an id
 * has bit 31 set, which matches no entry. */
typedef struct __lprof_call_site {
  __UINT32_TYPE__ callee[2];
  struct __lprof_call_edge *edge[2];
} __lprof_call_site;
/* A call site's size in the block's words: __lprof_at's `site` argument
 * is the lines' count plus this times the site's number. */
#define __LPROF_SITE_WORDS 3

typedef struct __lprof_thread_state {
  void **tables[__LPROF_MODE_COUNT_OF_MODES]; /* tables[mode][id]; [0] is null */
  __UINT32_TYPE__ capacity[__LPROF_MODE_COUNT_OF_MODES];
  /* Nonzero when memory profiling is on (LPROF_MEMORY=1): timing-mode
   * entries and leaves then call __lprof_memory_enter/_leave. Set by the
   * runtime in the thread's first call of __lprof_attach, which every
   * thread's first entry makes before it tests this. */
  __UINT32_TYPE__ memory;
  /* Timing-mode probe cost run by this thread, in units: each line, move,
   * leave and region end adds __LPROF_PROBE_UNITS, each entry
   * __lprof_entry_units. A line's probes are the difference across its
   * interval. */
  __UINT64_TYPE__ probes;
  /* The line the innermost timing-mode activation is on: every timing line
   * and move probe stores it (one store, no branch), so that the runtime's
   * allocation hooks know which line to charge. Restored by
   * __lprof_memory_leave when a callee returns. */
  struct __lprof_timed_line *memory_line;
  /* Sample mode: line probes left before the next sampled interval, between
   * activations (each keeps its own copy in a register meanwhile), and the
   * line probes of every activation that has returned (counted as the
   * gaps drawn, as they are drawn, less what is left of them at return:
   * an activation's sum is exact once it returns), and at each return
   * __lprof_sample_entry_probes for its entry and return. */
  __INT64_TYPE__ countdown;
  __UINT64_TYPE__ sample_probes;
  __UINT64_TYPE__ random; /* the sampler's generator state (runtime) */
  /* Sample mode: nonzero while the innermost timed interval of the thread
   * has no timed callee running; a sample-mode entry then times its
   * activation, which the interval's self time leaves out (sample.c). */
  __UINT64_TYPE__ sample_timed;
  /* Absorbs the interval between a function's entry and its first probe,
   * which holds nothing but the probes themselves. */
  __lprof_timed_line sink;
  /* The innermost running timing-mode activation's frame, or 0: each
   * frame's `prev` leads to the one it runs in, so that a profile written
   * while they run (a signal, exit, lprof_dump) can close them at that
   * moment (snapshot.c). One store at entry, one at leave. */
  struct __lprof_frame_timing *open;
  /* Count mode: the call site of the line this thread is running that
   * calls (set before its statement by __lprof_at, given back by each
   * callee's leave), or `outside` when no count-mode line below on the
   * stack calls; 0 until the thread's first profiled call, whose slow
   * path (__lprof_attach) sets it before the entry reads it. */
  __lprof_call_site *at;
  __lprof_call_site outside;
} __lprof_thread_state;

extern __thread __lprof_thread_state __lprof_tls
    __attribute__((__tls_model__("initial-exec")));

/*
 * Out-of-line slow path: registers the function if needed and returns the
 * calling thread's block for it in `mode`, allocating it on first use (or a
 * scratch block while profiling is disabled). The name says what to do when
 * the linker cannot find it.
 */
void *__lprof_attach__link_with_liblineprof_rt(__lprof_function *fn,
                                               __UINT32_TYPE__ mode);

/* Registers a translation unit's functions at start-up, so that functions
 * that never run still appear in the report. */
void __lprof_register__link_with_liblineprof_rt(__lprof_function *fns,
                                                __UINT32_TYPE__ count);

/* One (calling line, callee) pair's counters on a thread, timing mode:
 * the activations that ended, and the time of those during which no other
 * activation of the callee's text (the function or a lambda in it) was
 * running on the thread, and their probe units (docs/lprof-format.md,
 * EDGE). */
typedef struct __lprof_call_edge {
  const void *caller; /* the calling line, or the thread's sink */
  __UINT64_TYPE__ calls;
  __UINT64_TYPE__ ticks;
  __UINT64_TYPE__ probes;
} __lprof_call_edge;

/* The slow path of an activation's end: the edge from `caller` (a timed
 * line, or the thread's sink) to the function of `block`, made on first
 * use and cached in the block's times. */
__lprof_call_edge *__lprof_edge__link_with_liblineprof_rt(void *block,
                                                         const void *caller);

/* Count mode's slow path of a call: counts one call from `site` (a call
 * site, or the thread's `outside`) to the function of `block`, whose id is
 * `id`, and makes that the site's first cached edge. Counts nothing while
 * profiling is disabled. */
void __lprof_call_site_miss__link_with_liblineprof_rt(__lprof_call_site *site,
                                                      const void *block,
                                                      __UINT32_TYPE__ id);

/* CLOCK_MONOTONIC in nanoseconds; the timestamp of last resort. */
__UINT64_TYPE__ __lprof_clock_ns(void);

/* Nonzero when the runtime found no invariant hardware counter (or
 * LPROF_CLOCK=monotonic): probes then read CLOCK_MONOTONIC. Fixed before
 * the first probe reads the clock. */
extern __UINT32_TYPE__ __lprof_clock_fallback;

/* See __LPROF_PROBE_UNITS; set at start-up, before any probe runs. */
extern __UINT32_TYPE__ __lprof_entry_units;
/* Sample mode: what an activation's entry and return cost, in sample-mode
 * line probes, measured at start-up: each return counts them into
 * __lprof_tls.sample_probes with its line probes, so that a timed interval
 * that calls profiled functions has their cost taken out too. */
extern __UINT32_TYPE__ __lprof_sample_entry_probes;

/* Memory profiling (only called when __lprof_tls.memory is set): a
 * timing-mode activation with counter block `block` starts or ends. The
 * runtime keeps a per-thread shadow stack of activations for the
 * functions' peak heap use and to give the caller its memory_line back. */
void __lprof_memory_enter(void *block);
void __lprof_memory_leave(void *block);

/*
 * The timestamp every probe reads. Fenced on both sides: the read waits
 * until the previous line's instructions have completed, and the next
 * line's wait for the read. An unfenced rdtsc executes out of order, up to
 * a reorder buffer's worth of instructions early, which moves time between
 * neighbouring lines (measured in docs/performance.md); the "memory"
 * clobber keeps the compiler from moving memory accesses across it.
 */
static __inline__ __attribute__((__always_inline__)) __UINT64_TYPE__
__lprof_now(void) {
#if defined(__x86_64__) || defined(__i386__)
  __UINT32_TYPE__ low, high;
  if (__builtin_expect(__lprof_clock_fallback != 0, 0))
    return __lprof_clock_ns();
  __asm__ __volatile__("lfence\n\trdtsc\n\tlfence"
                       : "=a"(low), "=d"(high)
                       :
                       : "memory");
  return ((__UINT64_TYPE__)high << 32) | low;
#elif defined(__aarch64__)
  __UINT64_TYPE__ ticks;
  if (__builtin_expect(__lprof_clock_fallback != 0, 0))
    return __lprof_clock_ns();
  __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0\n\tisb"
                       : "=r"(ticks)
                       :
                       : "memory");
  return ticks;
#else
  return __lprof_clock_ns();
#endif
}

/* The calling thread's block for `fn` in `mode` (see above). */
static __inline__ __attribute__((__always_inline__)) __UINT64_TYPE__ *
__lprof_block(__lprof_function *fn, __UINT32_TYPE__ mode) {
  __UINT32_TYPE__ id = __atomic_load_n(&fn->id, __ATOMIC_RELAXED);
  if (__builtin_expect(id < __lprof_tls.capacity[mode], 1)) {
    void *block = __lprof_tls.tables[mode][id];
    if (__builtin_expect(block != 0, 1))
      return (__UINT64_TYPE__ *)block;
  }
  return (__UINT64_TYPE__ *)__lprof_attach__link_with_liblineprof_rt(fn, mode);
}

/* ---- count mode: one increment per line event ------------------------- */

/* Count mode records call edges too (which calling line called which
 * function, how often), unless the unit is compiled with
 * -DLPROF_NO_CALL_EDGES, for count mode's cost without them. */
#ifndef LPROF_NO_CALL_EDGES
#define __LPROF_CALL_EDGES 1
#define __LPROF_CALL_SITES(count) (count)
#else
#define __LPROF_CALL_SITES(count) 0
#endif

typedef struct __lprof_counted_line {
  __UINT64_TYPE__ hits;
} __lprof_counted_line;

typedef struct __attribute__((__unused__)) __lprof_frame_count {
  __lprof_counted_line *lines;
  /* The call site the activation was called from (__lprof_tls.at at
   * entry), given back to the thread at its leave. */
  __lprof_call_site *caller;
} __lprof_frame_count;

/* A miss of a call site's cache, out of line: a call of one copy per
 * unit that preserves every register (see __LPROF_TIMING_LINE_PROBE), so
 * that each entry's inlined code stays a load, a compare and an add. */
static __LPROF_TIMING_LINE_PROBE void
__lprof_site_miss(__lprof_call_site *site, const void *block,
                  __UINT32_TYPE__ id) {
  __lprof_call_site_miss__link_with_liblineprof_rt(site, block, id);
}

/*
 * An activation starts: one call on the edge from the thread's calling
 * line to the function of `block`. The caller's call site stays the
 * thread's while the activation runs, up to its first statement that
 * calls (__lprof_at), and is given back at its leave: after a call
 * returns, the calling line's site is the thread's again, for the line's
 * next call (`f() + g()`, `fib(n - 1) + fib(n - 2)`). Code that calls
 * through unprofiled functions (a qsort comparator) is called from the
 * profiled line below them on the stack, as in timing mode.
 */
static __inline__ __attribute__((__always_inline__)) void
__lprof_count_call(__lprof_frame_count *frame, __lprof_function *fn,
                   __UINT64_TYPE__ *block) {
#ifdef __LPROF_CALL_EDGES
  __lprof_call_site *site = __lprof_tls.at;
  __UINT32_TYPE__ id = __atomic_load_n(&fn->id, __ATOMIC_RELAXED);
  frame->caller = site;
  if (__builtin_expect(site->callee[0] == id, 1))
    __LPROF_ADD(site->edge[0]->calls, 1);
  else if (__builtin_expect(site->callee[1] == id, 1))
    __LPROF_ADD(site->edge[1]->calls, 1);
  else
    __lprof_site_miss(site, block, id);
#else
  (void)frame;
  (void)fn;
  (void)block;
#endif
}

/* The frame of an activation of the function of `block`, no call site
 * taken yet. */
static __inline__ __attribute__((__always_inline__)) __lprof_frame_count
__lprof_counted_frame(__UINT64_TYPE__ *block) {
  __lprof_frame_count frame;
  frame.lines = (__lprof_counted_line *)(block + 1);
  frame.caller = 0;
  return frame;
}

static __inline__ __LPROF_LINE_PROBE __lprof_frame_count
__lprof_enter_count(__lprof_frame_count *self, __lprof_function *fn) {
  (void)self;
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_COUNT);
  __LPROF_ADD(block[0], 1);
  __lprof_frame_count frame = __lprof_counted_frame(block);
  __lprof_count_call(&frame, fn, block);
  return frame;
}

static __inline__ __LPROF_LINE_PROBE __lprof_frame_count
__lprof_enter_nested_count(__lprof_frame_count *self, __lprof_function *fn) {
  (void)self;
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_COUNT);
  __lprof_frame_count frame = __lprof_counted_frame(block);
  __lprof_count_call(&frame, fn, block);
  return frame;
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_count(__lprof_frame_count *frame, __UINT32_TYPE__ line) {
  __LPROF_ADD(frame->lines[line].hits, 1);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_move_count(__lprof_frame_count *frame, __UINT32_TYPE__ line) {
  (void)frame;
  (void)line;
}

/* Before a statement that calls: the thread is on call site `site` (the
 * word index, from the lines, of the line's site in the block), one
 * thread-local store. __lprof_line_at and __lprof_move_at are the line's
 * probe and this in one. The `_many` forms, for a function with many
 * calling lines, compute the site's address at the store: the optimizer
 * hoists the addresses of a function's sites out of its loops, and in a
 * big one (an interpreter's dispatch loop, with a hundred calling lines)
 * spills them all at every entry and reloads one at each store (Lua:
 * 7.78e9 instructions with them hoisted, 6.78e9 without, 5.25e9 with no
 * edges). In a small function the plain store is better: the optimizer
 * drops or sinks it where nothing is called after all (an inlined
 * `v[i]`), which it cannot do once the address is hidden from it
 * (bench/runtime's workload: 0.86e9 instructions, 1.12e9 hidden). */
static __inline__ __LPROF_LINE_PROBE void
__lprof_at_count(__lprof_frame_count *frame, __UINT32_TYPE__ site) {
#ifdef __LPROF_CALL_EDGES
  __lprof_tls.at = (__lprof_call_site *)(void *)(frame->lines + site);
#else
  (void)frame;
  (void)site;
#endif
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_at_many_count(__lprof_frame_count *frame, __UINT32_TYPE__ site) {
#ifdef __LPROF_CALL_EDGES
  __lprof_counted_line *lines = frame->lines;
  __asm__ __volatile__("" : "+r"(lines));
  __lprof_tls.at = (__lprof_call_site *)(void *)(lines + site);
#else
  (void)frame;
  (void)site;
#endif
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_at_count(__lprof_frame_count *frame, __UINT32_TYPE__ line,
                      __UINT32_TYPE__ site) {
  __LPROF_ADD(frame->lines[line].hits, 1);
  __lprof_at_count(frame, site);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_move_at_count(__lprof_frame_count *frame, __UINT32_TYPE__ line,
                      __UINT32_TYPE__ site) {
  (void)line;
  __lprof_at_count(frame, site);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_at_many_count(__lprof_frame_count *frame, __UINT32_TYPE__ line,
                           __UINT32_TYPE__ site) {
  __LPROF_ADD(frame->lines[line].hits, 1);
  __lprof_at_many_count(frame, site);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_move_at_many_count(__lprof_frame_count *frame, __UINT32_TYPE__ line,
                           __UINT32_TYPE__ site) {
  (void)line;
  __lprof_at_many_count(frame, site);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_leave_count(__lprof_frame_count *frame) {
#ifdef __LPROF_CALL_EDGES
  __lprof_tls.at = frame->caller;
#else
  (void)frame;
#endif
}

/* The leave of a function none of whose lines calls (the instrumenter
 * knows): it moved no call site, so it has none to give back, and the
 * caller's site need not stay live across its body. */
static __inline__ __LPROF_LINE_PROBE void
__lprof_leave_leaf_count(__lprof_frame_count *frame) {
  (void)frame;
}

/* A coroutine's suspension gives the resumer its call site back; its
 * resumption takes the resumer's (the call itself counted at entry). */
static __inline__ __attribute__((__always_inline__)) void
__lprof_suspend_count(__lprof_frame_count *frame) {
  __lprof_leave_count(frame);
}

static __inline__ __attribute__((__always_inline__)) void
__lprof_resume_count(__lprof_frame_count *frame, __lprof_function *fn) {
  frame->lines = (__lprof_counted_line *)(__lprof_block(fn, __LPROF_MODE_COUNT) + 1);
#ifdef __LPROF_CALL_EDGES
  frame->caller = __lprof_tls.at;
#endif
}

/* Count mode, in a loop that calls nothing (the instrumenter checks): the
 * loop's hits are kept in a local the compiler holds in registers, and
 * added to the thread's counters when the loop ends, by the cleanup of
 *
 *     __lprof_loop __lprof_lN __attribute__((__cleanup__(__lprof_loop_close)))
 *         = __lprof_loop_open(&__lprof_f, first, count);
 *
 * declared in a block around the loop. Counters in memory would chain
 * every iteration through a load and a store (and the compiler cannot keep
 * them in registers while the loop also stores through a pointer); a loop
 * that calls nothing can only be left through that block's end, so the
 * hits arrive exactly, though a profile written by another thread while
 * the loop runs has them only up to its start. */
#define __LPROF_LOOP_LINES 16

#ifdef __OPTIMIZE__

typedef struct __lprof_loop {
  __lprof_counted_line *lines; /* the function's, from the loop's first line */
  __UINT32_TYPE__ count;       /* lines the loop spans, <= __LPROF_LOOP_LINES */
  __UINT64_TYPE__ hits[__LPROF_LOOP_LINES];
} __lprof_loop;

static __inline__ __attribute__((__always_inline__)) __lprof_loop
__lprof_loop_open(__lprof_frame_count *frame, __UINT32_TYPE__ first,
                  __UINT32_TYPE__ count) {
  __lprof_loop loop;
  __UINT32_TYPE__ i;
  loop.lines = frame->lines + first;
  loop.count = count;
  for (i = 0; i < __LPROF_LOOP_LINES; ++i)
    loop.hits[i] = 0;
  return loop;
}

static __inline__ __attribute__((__always_inline__)) void
__lprof_loop_line(__lprof_loop *loop, __UINT32_TYPE__ line) {
  loop->hits[line] += 1;
}

static __inline__ __attribute__((__always_inline__)) void
__lprof_loop_close(__lprof_loop *loop) {
  __UINT32_TYPE__ i;
  for (i = 0; i < loop->count; ++i)
    if (loop->hits[i])
      __LPROF_ADD(loop->lines[i].hits, loop->hits[i]);
}

#else /* !__OPTIMIZE__ */

/* Without optimization no local stays in a register: the loop's hits go
 * straight to the counters (they arrive at once), and the loop costs its
 * function's frame one pointer, where 16 local hits made every call-free
 * loop 144 bytes of stack. */
typedef struct __lprof_loop {
  __lprof_counted_line *lines;
} __lprof_loop;

static __inline__ __lprof_loop __lprof_loop_open(__lprof_frame_count *frame,
                                                 __UINT32_TYPE__ first,
                                                 __UINT32_TYPE__ count) {
  __lprof_loop loop;
  loop.lines = frame->lines + first;
  (void)count;
  return loop;
}

static __inline__ void __lprof_loop_line(__lprof_loop *loop,
                                         __UINT32_TYPE__ line) {
  __LPROF_ADD(loop->lines[line].hits, 1);
}

static __inline__ void __lprof_loop_close(__lprof_loop *loop) { (void)loop; }

#endif /* __OPTIMIZE__ */

/* ---- timing mode: every line interval timed --------------------------- */

typedef struct __attribute__((__unused__)) __lprof_frame_timing {
  __lprof_timed_line *lines;
  /* The open interval's line; 0 before the activation's first probe,
   * whose close then goes to `first`. */
  __lprof_timed_line *current;
  __UINT64_TYPE__ start;       /* timestamp that opened it */
  __UINT64_TYPE__ mark;        /* __lprof_tls.probes when it opened */
  /* The line that called this activation (the innermost timing-mode line
   * executing at entry, or the sink): its self time loses this
   * activation's when it ends. */
  __lprof_timed_line *caller;
  /* The function's times, or 0 for a body nested in the function's text
   * (a lambda), whose activations are their own. */
  __lprof_function_times *times;
  /* The first close adds its timestamp and probe units to first's self
   * fields (start and mark are 0 until then): the activation's own time is
   * the last close's timestamp less that one. */
  __lprof_timed_line first;
  /* The activation this one runs in (__lprof_tls.open at entry). */
  struct __lprof_frame_timing *prev;
} __lprof_frame_timing;

/* Opens the activation whose frame is `self` (a call, so that its
 * temporaries are not the profiled function's at -O0, see __lprof_enter,
 * and its code not in every function: __LPROF_ACTIVATION_PROBE), and
 * links it into the thread's chain once it is whole: a signal handler
 * may read it from then on. `nested`: a body nested in the function's
 * text (a lambda), whose lines are the function's and whose activations
 * are its own (no call, no function time). */
static __LPROF_ACTIVATION_PROBE void
__lprof_open_timing(__lprof_frame_timing *self, __lprof_function *fn,
                    int nested) {
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_TIMING);
  __lprof_timed_line *caller = __lprof_tls.memory_line;
  __lprof_tls.probes += __lprof_entry_units;
  self->lines = (__lprof_timed_line *)(block + 1);
  /* Nothing but probes runs before the first line's probe, so entry reads
   * no clock: the first probe's timestamp starts the activation. */
  self->current = 0;
  self->start = 0;
  self->mark = 0;
  self->caller = caller ? caller : &__lprof_tls.sink;
  self->times = 0;
  if (!nested) {
    __LPROF_ADD(block[0], 1);
    self->times = __LPROF_TIMES(block);
    __LPROF_ADD(self->times->depth, 1);
  } else {
    __LPROF_ADD(__LPROF_TIMES(block)->depth, __LPROF_NESTED_DEPTH);
  }
  self->first.self_ticks = 0;
  self->first.self_probes = 0;
  self->first.active = 0;
  self->prev = __lprof_tls.open;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  __lprof_tls.open = self;
}

/* With memory profiling on, the runtime learns of the activation from the
 * profiled function's own frame (memory.c matches entries and leaves by
 * the frame address their calls get), so that call stays inline. The
 * frame is built in place: the value returned is `*self` itself. */
static __inline__ __attribute__((__always_inline__)) __lprof_frame_timing
__lprof_enter_timing(__lprof_frame_timing *self, __lprof_function *fn) {
  __lprof_open_timing(self, fn, 0);
  if (__builtin_expect(__lprof_tls.memory != 0, 0))
    __lprof_memory_enter((__UINT64_TYPE__ *)self->lines - 1);
  return *self;
}

static __inline__ __attribute__((__always_inline__)) __lprof_frame_timing
__lprof_enter_nested_timing(__lprof_frame_timing *self, __lprof_function *fn) {
  __lprof_open_timing(self, fn, 1);
  if (__builtin_expect(__lprof_tls.memory != 0, 0))
    __lprof_memory_enter((__UINT64_TYPE__ *)self->lines - 1);
  return *self;
}

/*
 * The arithmetic of a line interval's close and of an activation's end,
 * in one place: the probes below use it, and so does the runtime when it
 * closes the activations still running at a write (snapshot.c, on copies
 * of the blocks), so that a profile written mid-call counts exactly what
 * the leaves would have. (The x86-64 asm close, __LPROF_ASM_CLOSE, is the
 * interval close's one other spelling.)
 */

/* One interval of `ticks` (`units` of probes) on `line` closes: all of it
 * is the line's own time for now (its callees' leaves take theirs out),
 * and its inclusive time if it was the line's outermost open interval. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_add_interval(__lprof_timed_line *line, __UINT64_TYPE__ ticks,
                     __UINT64_TYPE__ units) {
  __LPROF_ADD(line->self_ticks, ticks);
  __LPROF_ADD(line->self_probes, units);
  __LPROF_SET(line->active, __LPROF_GET(line->active) - 1);
  if (__LPROF_GET(line->active) == 0) {
    __LPROF_ADD(line->ticks, ticks);
    __LPROF_ADD(line->probes, units);
  }
}

/* An activation of `ticks` (`units`) ends: the calling line's self time
 * loses it; one activation fewer runs (the function's own if `outermost`,
 * else a body nested in its text, counted in the depth's upper half), and
 * the function's time gains it if no activation of the function itself
 * runs any more. Returns the activations of the function's text still
 * running (0: this one was the outermost of them all). */
static __inline__ __attribute__((__always_inline__)) __UINT64_TYPE__
__lprof_account_end(__lprof_timed_line *caller, __lprof_function_times *own,
                    int outermost, __UINT64_TYPE__ ticks,
                    __UINT64_TYPE__ units) {
  __UINT64_TYPE__ running;
  __LPROF_SET(caller->self_ticks, __LPROF_GET(caller->self_ticks) - ticks);
  __LPROF_SET(caller->self_probes, __LPROF_GET(caller->self_probes) - units);
  if (outermost) {
    running = __LPROF_GET(own->depth) - 1;
    __LPROF_SET(own->depth, running);
    if ((__UINT32_TYPE__)running == 0) {
      __LPROF_ADD(own->ticks, ticks);
      __LPROF_ADD(own->probes, units);
    }
  } else {
    running = __LPROF_GET(own->depth) - __LPROF_NESTED_DEPTH;
    __LPROF_SET(own->depth, running);
  }
  return running;
}

/* The edge of an activation that ends counts `calls` (1 at a leave, 0 at
 * a coroutine's suspension) and gains its time if nothing of the callee's
 * text runs any more (`running`, from __lprof_account_end). */
static __inline__ __attribute__((__always_inline__)) void
__lprof_count_edge(__lprof_call_edge *edge, __UINT64_TYPE__ calls,
                   __UINT64_TYPE__ running, __UINT64_TYPE__ ticks,
                   __UINT64_TYPE__ units) {
  __LPROF_ADD(edge->calls, calls);
  if (running == 0) {
    __LPROF_ADD(edge->ticks, ticks);
    __LPROF_ADD(edge->probes, units);
  }
}

/* Closes the open interval at `now`; returns the thread's probe units. */
static __inline__ __attribute__((__always_inline__)) __UINT64_TYPE__
__lprof_close_timing(__lprof_frame_timing *frame, __UINT64_TYPE__ now) {
  __UINT64_TYPE__ probes = __lprof_tls.probes += __LPROF_PROBE_UNITS;
  __lprof_timed_line *current = frame->current ? frame->current : &frame->first;
  __lprof_add_interval(current, now - frame->start, probes - frame->mark);
  return probes;
}

#ifdef __LPROF_ASM_PROBES
/*
 * x86-64: each timing probe is one asm statement, with the same fenced read
 * and the same bookkeeping as the C version below. To the optimizer it is
 * a single opaque instruction with a memory clobber, where the C version is
 * a dozen loads and stores, a phi for each frame field at every join and a
 * branch to the fallback clock: in functions of hundreds of lines that made
 * -O2 compiles 4 to 6 times slower (docs/compile-time.md). The frame stays
 * in memory (the asm gets its address). Layouts it relies on:
 * __lprof_frame_timing {lines 0, current 8, start 16, mark 24, first 48},
 * __lprof_timed_line {hits 0, ticks 8, probes 16, self_ticks 24,
 * self_probes 32, active 40} (checked in calibrate.c).
 *
 * The clock fallback is tested inside the asm: __lprof_clock_thunk (in the
 * runtime) returns __lprof_clock_ns() in edx:eax, as rdtsc does, and
 * preserves every other register; the call first steps over the red zone.
 */
void __lprof_clock_thunk(void);

#define __LPROF_ASM_CLOSE                                                     \
  "cmpl $0, %[fallback]\n\t"                                                 \
  "jne 1f\n\t"                                                               \
  "lfence\n\trdtsc\n\tlfence\n\t"                                            \
  "jmp 2f\n"                                                                 \
  "1:\n\t"                                                                   \
  "leaq -128(%%rsp), %%rsp\n\t"                                              \
  "call __lprof_clock_thunk@PLT\n\t"                                         \
  "leaq 128(%%rsp), %%rsp\n"                                                 \
  "2:\n\t"                                                                   \
  "shlq $32, %%rdx\n\t"                                                      \
  "orq %%rdx, %%rax\n\t"        /* rax = now */                              \
  "movq 8(%[frame]), %[t1]\n\t" /* t1 = current, or &first */                \
  "leaq 48(%[frame]), %[t2]\n\t"                                             \
  "testq %[t1], %[t1]\n\t"                                                   \
  "cmovzq %[t2], %[t1]\n\t"                                                  \
  "movq %%rax, %%rdx\n\t"                                                    \
  "subq 16(%[frame]), %%rdx\n\t" /* rdx = now - start */                     \
  "addq %%rdx, 24(%[t1])\n\t"   /* current->self_ticks += rdx */             \
  "movq %%rax, 16(%[frame])\n\t" /* start = now */                           \
  "movq %[probes], %%rax\n\t"                                                \
  "addq %[units], %%rax\n\t"                                                 \
  "movq %%rax, %[probes]\n\t"   /* __lprof_tls.probes += units */            \
  "movq %%rax, %[t2]\n\t"                                                    \
  "subq 24(%[frame]), %[t2]\n\t" /* t2 = probes - mark */                    \
  "addq %[t2], 32(%[t1])\n\t"   /* current->self_probes += t2 */             \
  "movq %%rax, 24(%[frame])\n\t" /* mark = probes */                         \
  "subq $1, 40(%[t1])\n\t"      /* the outermost interval on the line: */    \
  "jnz 3f\n\t"                                                               \
  "addq %%rdx, 8(%[t1])\n\t"    /* current->ticks += rdx */                  \
  "addq %[t2], 16(%[t1])\n"     /* current->probes += t2 */                  \
  "3:\n\t"

#define __LPROF_ASM_OPERANDS(frame)                                           \
  [t1] "=&r"(__t1), [t2] "=&r"(__t2), "=&a"(__a), "=&d"(__d)                 \
      : [frame] "r"(frame), [probes] "m"(__lprof_tls.probes),                \
        [fallback] "m"(__lprof_clock_fallback),                              \
        [units] "n"(__LPROF_PROBE_UNITS)

static __LPROF_TIMING_LINE_PROBE void
__lprof_line_timing(__lprof_frame_timing *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ __t1, __t2, __a, __d;
  __asm__ __volatile__(__LPROF_ASM_CLOSE
                       "movq (%[frame]), %[t1]\n\t"
                       "addq %[offset], %[t1]\n\t"
                       "addq $1, (%[t1])\n\t" /* lines[line].hits += 1 */
                       "addq $1, 40(%[t1])\n\t" /* lines[line].active += 1 */
                       "movq %[t1], 8(%[frame])\n\t" /* current = &lines[line] */
                       "movq %[t1], %[memory_line]"
                       : [memory_line] "=m"(__lprof_tls.memory_line),
                         __LPROF_ASM_OPERANDS(frame),
                         [offset] "er"((__UINT64_TYPE__)line *
                                       sizeof(__lprof_timed_line))
                       : "memory", "cc");
}

/* Control moves to a line without a new hit (a loop's init-statement runs
 * on its header line before the condition, which counts the hits). */
static __LPROF_TIMING_LINE_PROBE void
__lprof_move_timing(__lprof_frame_timing *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ __t1, __t2, __a, __d;
  __asm__ __volatile__(__LPROF_ASM_CLOSE
                       "movq (%[frame]), %[t1]\n\t"
                       "addq %[offset], %[t1]\n\t"
                       "addq $1, 40(%[t1])\n\t" /* lines[line].active += 1 */
                       "movq %[t1], 8(%[frame])\n\t"
                       "movq %[t1], %[memory_line]"
                       : [memory_line] "=m"(__lprof_tls.memory_line),
                         __LPROF_ASM_OPERANDS(frame),
                         [offset] "er"((__UINT64_TYPE__)line *
                                       sizeof(__lprof_timed_line))
                       : "memory", "cc");
}

/* Closes the open interval now. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_close_now_timing(__lprof_frame_timing *frame) {
  __UINT64_TYPE__ __t1, __t2, __a, __d;
  __asm__ __volatile__(__LPROF_ASM_CLOSE
                       : __LPROF_ASM_OPERANDS(frame)
                       : "memory", "cc");
}

#else /* !__LPROF_ASM_PROBES */

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_timing(__lprof_frame_timing *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ now = __lprof_now();
  __UINT64_TYPE__ probes = __lprof_close_timing(frame, now);
  __lprof_timed_line *next = &frame->lines[line];
  __LPROF_ADD(next->hits, 1);
  __LPROF_ADD(next->active, 1);
  frame->current = next;
  frame->start = now;
  frame->mark = probes;
  __lprof_tls.memory_line = next;
}

/* Control moves to a line without a new hit (a loop's init-statement runs
 * on its header line before the condition, which counts the hits). */
static __inline__ __LPROF_LINE_PROBE void
__lprof_move_timing(__lprof_frame_timing *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ now = __lprof_now();
  __UINT64_TYPE__ probes = __lprof_close_timing(frame, now);
  __lprof_timed_line *next = &frame->lines[line];
  __LPROF_ADD(next->active, 1);
  frame->current = next;
  frame->start = now;
  frame->mark = probes;
  __lprof_tls.memory_line = next;
}

/* Closes the open interval now. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_close_now_timing(__lprof_frame_timing *frame) {
  __UINT64_TYPE__ now = __lprof_now();
  __UINT64_TYPE__ probes = __lprof_close_timing(frame, now);
  frame->start = now;
  frame->mark = probes;
}

#endif /* __LPROF_ASM_PROBES */

/* Ends the activation's share of time (at its leave, or a coroutine's
 * suspension), its interval closed: the calling line's self time loses
 * it, the function's time gains it if no other activation of the function
 * is running on the thread, and the caller gets its line back. The edge
 * from the calling line counts `calls` (1 at a leave, 0 at a suspension)
 * and gains the time if nothing of the function's text runs any more. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_end_activation_timing(__lprof_frame_timing *frame,
                              __UINT64_TYPE__ calls) {
  __UINT64_TYPE__ ticks = frame->start - frame->first.self_ticks;
  __UINT64_TYPE__ units = frame->mark - frame->first.self_probes;
  __lprof_timed_line *caller = frame->caller;
  __UINT64_TYPE__ *block = (__UINT64_TYPE__ *)frame->lines - 1;
  __lprof_function_times *own = __LPROF_TIMES(block);
  __lprof_call_edge *edge;
  __UINT64_TYPE__ running =
      __lprof_account_end(caller, own, frame->times != 0, ticks, units);
  __lprof_tls.memory_line = caller;
  edge = own->edge;
  if (__builtin_expect(edge == 0 || edge->caller != caller, 0))
    edge = __lprof_edge__link_with_liblineprof_rt(block, caller);
  __lprof_count_edge(edge, calls, running, ticks, units);
}

/* Unlinks the activation, closes its last line's interval and ends it (a
 * call, like __lprof_open_timing). */
static __LPROF_ACTIVATION_PROBE void
__lprof_finish_timing(__lprof_frame_timing *frame, __UINT64_TYPE__ calls) {
  /* Out of the chain first: a signal handler then never closes it twice
   * (it may miss the last interval). */
  __lprof_tls.open = frame->prev;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  __lprof_close_now_timing(frame);
  __lprof_end_activation_timing(frame, calls);
}

/* Runs as the frame's cleanup: closes the time of the last line, and with
 * memory profiling on gives the caller its line back (memory.c). */
static __inline__ __attribute__((__always_inline__)) void
__lprof_leave_timing(__lprof_frame_timing *frame) {
  __lprof_finish_timing(frame, 1);
  if (__builtin_expect(__lprof_tls.memory != 0, 0)) {
    __lprof_memory_leave((__UINT64_TYPE__ *)frame->lines - 1);
    /* Not a tail call: the runtime tells its entries apart by the frame
     * address the call gets, which must be the one the entry got. */
    __asm__ __volatile__("");
  }
}

/* A coroutine suspends: its line's time stops here, and its activation's
 * share so far is charged as if it returned... */
static __inline__ __attribute__((__always_inline__)) void
__lprof_suspend_timing(__lprof_frame_timing *frame) {
  __lprof_finish_timing(frame, 0);
}

/* ...and goes on when it resumes, maybe on another thread, whose counters
 * it then uses, as a new activation of the line that resumed it. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_resume_timing(__lprof_frame_timing *frame, __lprof_function *fn) {
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_TIMING);
  __lprof_timed_line *lines = (__lprof_timed_line *)(block + 1);
  __lprof_timed_line *caller = __lprof_tls.memory_line;
  if (frame->current != 0 && frame->current != &__lprof_tls.sink &&
      frame->current >= frame->lines)
    frame->current = lines + (frame->current - frame->lines);
  else
    frame->current = &__lprof_tls.sink;
  __LPROF_ADD(frame->current->active, 1);
  frame->lines = lines;
  frame->caller = caller ? caller : &__lprof_tls.sink;
  if (frame->times) {
    frame->times = __LPROF_TIMES(block);
    __LPROF_ADD(frame->times->depth, 1);
  } else {
    __LPROF_ADD(__LPROF_TIMES(block)->depth, __LPROF_NESTED_DEPTH);
  }
  frame->mark = __lprof_tls.probes;
  frame->start = __lprof_now();
  frame->first.self_ticks = frame->start;
  frame->first.self_probes = frame->mark;
  frame->prev = __lprof_tls.open;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  __lprof_tls.open = frame;
}

/* ---- timing mode's calibration, on the unit's own probes -------------- */

/*
 * The runtime takes the probes' own cost out of every line (calibrate.c)
 * with figures it measures: timing probes between stretches of dependent
 * arithmetic, against the arithmetic alone. What a probe costs depends on
 * the code the unit's compiler made of it (a call of the unit's
 * preserve_all copy or inline asm, the activation's open and finish
 * inlined into the function, the flags): the runtime's own copy, built by
 * another compiler, cost about 5 ns less per profiled call than a Clang
 * -O2 unit's, which every calling line kept after compensation. So each
 * timing-mode unit offers the runtime these loops built with its own
 * probes (__lprof_offer_calibration, from its registration), and the
 * runtime measures with the first offer, or with its own copy when no unit
 * made one (units of an older plugin).
 *
 * __lprof_calibrate_timing(run, block, callee, count) runs `count` rounds
 * of one kind and returns the ticks between its first and last timestamp:
 */
#define __LPROF_CALIBRATE_PLAIN 0u       /* the arithmetic alone */
#define __LPROF_CALIBRATE_LINES 1u       /* a line probe before each stretch */
#define __LPROF_CALIBRATE_PLAIN_CALLS 2u /* two lines a round, the first */
                                         /* calling a plain function */
                                         /* doing a stretch */
#define __LPROF_CALIBRATE_CALLS 3u       /* the same, calling the timing- */
                                         /* mode function `callee` */
#define __LPROF_CALIBRATE_BARE_LINES 4u  /* two line probes back to back */
/* in a timing frame over `block` (a zeroed timing block of 3 lines or
 * more), which counts no call and is never linked into the thread's chain
 * (__lprof_tls.open): the runtime keeps what it counts out of the profile. */
typedef __UINT64_TYPE__ (*__lprof_calibration_kernel)(
    __UINT32_TYPE__ run, __UINT64_TYPE__ *block, __lprof_function *callee,
    __UINT32_TYPE__ count);

/* The runtime keeps the first kernel offered (calibrate.c). */
void __lprof_offer_calibration__link_with_liblineprof_rt(
    __lprof_calibration_kernel kernel);

/* About 20 ns of dependent arithmetic the compiler cannot shorten: more
 * than a probe's bookkeeping, so that overlaps as it does in real code. */
static __inline__ __attribute__((__always_inline__)) __UINT64_TYPE__
__lprof_calibration_work(__UINT64_TYPE__ x) {
  int i;
  for (i = 0; i < 6; ++i) {
    x = (x * 0x9E3779B97F4A7C15ull) ^ (x >> 7);
    __asm__ __volatile__("" : "+r"(x));
  }
  return x;
}

/* A profiled function as the instrumenter makes one... */
static __attribute__((__noinline__)) __UINT64_TYPE__
__lprof_calibration_callee(__lprof_function *fn, __UINT64_TYPE__ x) {
  __lprof_frame_timing frame
      __attribute__((__cleanup__(__lprof_leave_timing))) =
          __lprof_enter_timing(&frame, fn);
  __lprof_line_timing(&frame, 0);
  return __lprof_calibration_work(x);
}

/* ...and the same without probes. */
static __attribute__((__noinline__)) __UINT64_TYPE__
__lprof_calibration_plain_callee(__lprof_function *fn, __UINT64_TYPE__ x) {
  (void)fn;
  return __lprof_calibration_work(x);
}

static __attribute__((__noinline__)) __UINT64_TYPE__
__lprof_calibrate_timing(__UINT32_TYPE__ run, __UINT64_TYPE__ *block,
                         __lprof_function *callee, __UINT32_TYPE__ count) {
  __lprof_frame_timing frame;
  __UINT64_TYPE__ x = block[0] | 1, start, end;
  __UINT32_TYPE__ i;
  frame.lines = (__lprof_timed_line *)(block + 1);
  frame.current = 0;
  frame.start = 0;
  frame.mark = 0;
  frame.caller = &frame.lines[2];
  frame.times = 0;
  frame.first.self_ticks = frame.first.self_probes = frame.first.active = 0;
  frame.prev = __lprof_tls.open;
  start = __lprof_now();
  switch (run) {
  case __LPROF_CALIBRATE_PLAIN:
    for (i = 0; i < count; ++i)
      x = __lprof_calibration_work(x);
    break;
  case __LPROF_CALIBRATE_LINES:
    for (i = 0; i < count; ++i) {
      __lprof_line_timing(&frame, 0);
      x = __lprof_calibration_work(x);
    }
    break;
  /* Calls made from a profiled line, as they usually are: the caller's
   * probes fence the call in, so the entry's work cannot hide behind
   * them. */
  case __LPROF_CALIBRATE_PLAIN_CALLS:
    for (i = 0; i < count; ++i) {
      __lprof_line_timing(&frame, 0);
      x = __lprof_calibration_plain_callee(callee, x);
      __lprof_line_timing(&frame, 1);
      x = __lprof_calibration_work(x);
    }
    break;
  case __LPROF_CALIBRATE_CALLS:
    for (i = 0; i < count; ++i) {
      __lprof_line_timing(&frame, 0);
      x = __lprof_calibration_callee(callee, x);
      __lprof_line_timing(&frame, 1);
      x = __lprof_calibration_work(x);
    }
    break;
  /* Lines with nothing to hide the probes' bookkeeping behind. */
  default:
    for (i = 0; i < count; ++i) {
      __lprof_line_timing(&frame, 0);
      __lprof_line_timing(&frame, 1);
    }
    break;
  }
  end = __lprof_now();
  block[0] = x;
  return end - start;
}

/* What a unit's registration calls: a timing-mode unit offers its
 * kernel; the other modes' have none to offer. */
static __inline__ void __lprof_offer_calibration(void) {
#if __LPROF_MODE == __LPROF_MODE_TIMING
  __lprof_offer_calibration__link_with_liblineprof_rt(__lprof_calibrate_timing);
#endif
}

/* ---- sample mode: exact hits, a random subset of intervals timed ------ */

/*
 * The frame is three values the compiler keeps in registers (or spills):
 * the counters, this activation's copy of the thread's countdown (a
 * register, where a thread-local one would chain every probe to the last
 * through memory), and the countdown at entry. Everything about a timed
 * interval lives in the runtime (sample.c), on a per-thread stack: an
 * activation's interval is closed at its next probe, so intervals open and
 * close in LIFO order. While one is open the activation's countdown holds a
 * negative marker (naming its slot), which sends the next probe to the
 * slow path; the fast path is then one increment, one decrement and the
 * tests, with one rarely taken branch:
 *
 *   hits += 1; if (--countdown <= 0 || hits <= 16 || line is slow) slow;
 *
 * Measured in docs/compile-time.md: with the open interval's five fields
 * in the frame, every probe's two inline rare paths made -O2 compiles of
 * zlib 6 to 7 times slower.
 */
typedef struct __attribute__((__unused__)) __lprof_frame_sample {
  __lprof_timed_line *lines;
  /* The line the activation is on (its `active` counts it), or the sink. */
  __lprof_timed_line *current;
  /* The entry's timestamp when the activation is timed as a callee of a
   * timed interval, else 0. */
  __UINT64_TYPE__ entered;
  /* Line probes left before the next sampled interval; negative while an
   * interval of this activation is open (see above). */
  __INT64_TYPE__ countdown;
  /* The countdown at entry (or at resume): what it went down by since is
   * this activation's line probes, less the gaps it drew (which the
   * runtime adds to __lprof_tls.sample_probes as it draws them). */
  __INT64_TYPE__ base;
} __lprof_frame_sample;

/* Sample mode's slow path, in the runtime: closes this activation's open
 * interval if `countdown` is negative, then, for a line probe (`line`
 * other than __LPROF_SAMPLE_NO_LINE; its hit already counted and the
 * countdown decremented), opens one if the countdown ran out, the line is
 * in its first hits, or is slow. Returns the new countdown. */
#define __LPROF_SAMPLE_NO_LINE 0xFFFFFFFFu
__INT64_TYPE__ __lprof_sample_slow(__lprof_timed_line *lines,
                                   __UINT32_TYPE__ line,
                                   __INT64_TYPE__ countdown);

/* A timed callee's entry (returns its timestamp) and return (sample.c). */
__UINT64_TYPE__ __lprof_sample_callee_enter(void);
void __lprof_sample_callee_leave(__UINT64_TYPE__ entered);

/* A countdown of its own for an activation whose caller holds the thread's
 * (sample.c): a fresh gap. */
__INT64_TYPE__ __lprof_sample_fresh_countdown(void);

/* An activation takes the thread's countdown, and leaves 0 there: each
 * countdown is counted down by one activation at a time, so that every
 * line probe is sampled with the same probability 1/64, independently.
 * The caller goes on counting its copy while its callee runs, so a callee
 * that found the countdown taken draws a gap of its own (by the gaps'
 * lack of memory, what is left of a gap is another gap: a callee's
 * leftover, handed back at its return, serves its next sibling). Callees
 * that started from the caller's own count undid each other at every
 * return: in recursion, lines below the top levels were almost never
 * sampled (fib(18): none of 4,180 intervals of its recursive line, whose
 * estimate then came from its first 16 hits alone). */
static __inline__ __attribute__((__always_inline__)) __INT64_TYPE__
__lprof_sample_take_countdown(void) {
  __INT64_TYPE__ countdown = __lprof_tls.countdown;
  __lprof_tls.countdown = 0;
  if (__builtin_expect(countdown <= 0, 0))
    countdown = __lprof_sample_fresh_countdown();
  return countdown;
}

/* Sample mode counts the activations running in the function's depth, a
 * nested body's (a lambda's) with the function's: a timed interval adds to
 * the function's time only in its outermost activation. */
static __inline__ __attribute__((__always_inline__)) __lprof_frame_sample
__lprof_open_sample(__UINT64_TYPE__ *block) {
  __lprof_frame_sample frame;
  __LPROF_ADD(__LPROF_TIMES(block)->depth, 1);
  frame.lines = (__lprof_timed_line *)(block + 1);
  frame.current = &__lprof_tls.sink;
  frame.entered = 0;
  if (__builtin_expect(__lprof_tls.sample_timed != 0, 0))
    frame.entered = __lprof_sample_callee_enter();
  frame.countdown = __lprof_sample_take_countdown();
  frame.base = frame.countdown;
  return frame;
}

static __inline__ __LPROF_LINE_PROBE __lprof_frame_sample
__lprof_enter_sample(__lprof_frame_sample *self, __lprof_function *fn) {
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_SAMPLE);
  (void)self;
  __LPROF_ADD(block[0], 1);
  return __lprof_open_sample(block);
}

static __inline__ __LPROF_LINE_PROBE __lprof_frame_sample
__lprof_enter_nested_sample(__lprof_frame_sample *self, __lprof_function *fn) {
  (void)self;
  return __lprof_open_sample(__lprof_block(fn, __LPROF_MODE_SAMPLE));
}

static __inline__ __attribute__((__always_inline__)) void
__lprof_close_activation_sample(__lprof_frame_sample *frame) {
  __lprof_function_times *times =
      __LPROF_TIMES((__UINT64_TYPE__ *)frame->lines - 1);
  __LPROF_SET(times->depth, __LPROF_GET(times->depth) - 1);
  __LPROF_SET(frame->current->active, __LPROF_GET(frame->current->active) - 1);
  frame->current = &__lprof_tls.sink;
  if (__builtin_expect(frame->entered != 0, 0))
    __lprof_sample_callee_leave(frame->entered);
}

#ifdef __LPROF_ASM_PROBES
/*
 * x86-64: each line probe is one asm statement (as in timing mode, for the
 * optimizer's sake). The slow path goes through __lprof_sample_thunk
 * (sample.c), which takes its arguments on the stack, returns the
 * countdown there, and preserves every register: the probe clobbers
 * nothing but the flags. The call first steps over the red zone.
 */
void __lprof_sample_thunk(void);

#define __LPROF_SAMPLE_ASM_CALL                                               \
  "leaq -128(%%rsp), %%rsp\n\t"                                              \
  "pushq %[lines]\n\t"                                                       \
  "pushq %[line]\n\t"                                                        \
  "pushq %[countdown]\n\t"                                                   \
  "call __lprof_sample_thunk@PLT\n\t"                                        \
  "popq %[countdown]\n\t"                                                    \
  "leaq 144(%%rsp), %%rsp\n"

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_sample(__lprof_frame_sample *frame, __UINT32_TYPE__ line) {
  __asm__ __volatile__("subq $1, 40(%[current])\n\t" /* active */
                       "leaq %[slot], %[current]\n\t"
                       "addq $1, 40(%[current])\n\t"
                       "addq $1, (%[current])\n\t" /* hits */
                       "subq $1, %[countdown]\n\t"
                       "jle 1f\n\t"
                       "cmpq %[first], (%[current])\n\t"
                       "jbe 1f\n\t"
                       "cmpq $0, 16(%[current])\n\t" /* slow line */
                       "jns 2f\n"
                       "1:\n\t" __LPROF_SAMPLE_ASM_CALL "2:"
                       : [countdown] "+r"(frame->countdown),
                         [current] "+r"(frame->current)
                       : [lines] "r"(frame->lines),
                         [line] "er"((__INT64_TYPE__)line),
                         [slot] "m"(frame->lines[line]),
                         [first] "n"(__LPROF_SAMPLE_FIRST_HITS)
                       : "memory", "cc");
}

/* Closes this activation's interval if one is open. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_sample_close(__lprof_frame_sample *frame) {
  __asm__ __volatile__("testq %[countdown], %[countdown]\n\t"
                       "jns 2f\n\t" __LPROF_SAMPLE_ASM_CALL "2:"
                       : [countdown] "+r"(frame->countdown)
                       : [lines] "r"(frame->lines),
                         [line] "n"(-1)
                       : "memory", "cc");
}

#else /* !__LPROF_ASM_PROBES */

static __inline__ __LPROF_LINE_PROBE void
__lprof_line_sample(__lprof_frame_sample *frame, __UINT32_TYPE__ line) {
  __lprof_timed_line *counter = &frame->lines[line];
  __UINT64_TYPE__ hits = __LPROF_GET(counter->hits) + 1;
  __LPROF_SET(frame->current->active, __LPROF_GET(frame->current->active) - 1);
  __LPROF_ADD(counter->active, 1);
  frame->current = counter;
  __LPROF_SET(counter->hits, hits);
  if (__builtin_expect(--frame->countdown <= 0, 0) ||
      __builtin_expect(hits <= __LPROF_SAMPLE_FIRST_HITS, 0) ||
      __builtin_expect((__INT64_TYPE__)__LPROF_GET(counter->probes) < 0, 0))
    frame->countdown = __lprof_sample_slow(frame->lines, line, frame->countdown);
}

/* Closes this activation's interval if one is open. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_sample_close(__lprof_frame_sample *frame) {
  if (__builtin_expect(frame->countdown < 0, 0))
    frame->countdown = __lprof_sample_slow(frame->lines, __LPROF_SAMPLE_NO_LINE,
                                           frame->countdown);
}

#endif /* __LPROF_ASM_PROBES */

/* Hands the countdown back, and this activation's line probes (its entry
 * and return as __lprof_sample_entry_probes of them) to the callers'
 * counts. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_sample_publish(__lprof_frame_sample *frame) {
  __lprof_tls.countdown = frame->countdown;
  __lprof_tls.sample_probes += (__UINT64_TYPE__)(frame->base - frame->countdown) +
                               __lprof_sample_entry_probes;
  frame->base = frame->countdown;
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_move_sample(__lprof_frame_sample *frame, __UINT32_TYPE__ line) {
  __lprof_sample_close(frame);
  __LPROF_SET(frame->current->active, __LPROF_GET(frame->current->active) - 1);
  frame->current = &frame->lines[line];
  __LPROF_ADD(frame->current->active, 1);
}

static __inline__ __LPROF_LINE_PROBE void
__lprof_leave_sample(__lprof_frame_sample *frame) {
  __lprof_sample_close(frame);
  __lprof_sample_publish(frame);
  __lprof_close_activation_sample(frame);
}

static __inline__ __attribute__((__always_inline__)) void
__lprof_suspend_sample(__lprof_frame_sample *frame) {
  __lprof_sample_close(frame);
  __lprof_sample_publish(frame);
  __lprof_close_activation_sample(frame);
}

/* Resumes maybe on another thread: its countdown and counters. */
static __inline__ __attribute__((__always_inline__)) void
__lprof_resume_sample(__lprof_frame_sample *frame, __lprof_function *fn) {
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_SAMPLE);
  __LPROF_ADD(__LPROF_TIMES(block)->depth, 1);
  frame->lines = (__lprof_timed_line *)(block + 1);
  frame->current = &__lprof_tls.sink;
  frame->entered = 0;
  frame->countdown = __lprof_sample_take_countdown();
  frame->base = frame->countdown;
}

/* A forced-inline function's entry (see __LPROF_FORCED_INLINE): count
 * mode's, but a call. Inlined into every inlined copy of the function, the
 * block lookup and its rare path kept yyjson.c's -O2 compile at 3.4 times
 * the plain one; as a call, 1.5 times (docs/compile-time.md). A call costs
 * the entry a few ns; its lines' probes stay one inline increment each. */
static __attribute__((__noinline__)) __lprof_frame_count
__lprof_enter_hits(__lprof_frame_count *self, __lprof_function *fn) {
  (void)self;
  __UINT64_TYPE__ *block = __lprof_block(fn, __LPROF_MODE_COUNT);
  __LPROF_ADD(block[0], 1);
  /* No call edge: the function has no leave to give a call site back, and
   * the report says its calls are not recorded by calling line. */
  return __lprof_counted_frame(block);
}

/* The same for a lambda written in one: no call counted. */
static __attribute__((__noinline__)) __lprof_frame_count
__lprof_enter_nested_hits(__lprof_frame_count *self, __lprof_function *fn) {
  (void)self;
  return __lprof_counted_frame(__lprof_block(fn, __LPROF_MODE_COUNT));
}

/* A forced-inline function's counters in any unit, as __lprof_counters
 * below. */
static __inline__ __LPROF_LINE_PROBE __lprof_counted_line *
__lprof_counters_count(__lprof_function *fn) {
  return (__lprof_counted_line *)(__lprof_block(fn, __LPROF_MODE_COUNT) + 1);
}

/* ---- what the instrumenter calls: the functions of __LPROF_MODE ------- */

#if __LPROF_MODE == __LPROF_MODE_COUNT
#define __LPROF_SELECT(name) name##_count
#elif __LPROF_MODE == __LPROF_MODE_SAMPLE
#define __LPROF_SELECT(name) name##_sample
#else
#define __LPROF_SELECT(name) name##_timing
#endif

typedef __LPROF_SELECT(__lprof_frame) __lprof_frame;
#if __LPROF_MODE == __LPROF_MODE_COUNT
typedef __lprof_counted_line __lprof_line_counter;
#else
typedef __lprof_timed_line __lprof_line_counter;
#endif

/* The calling thread's counters of `fn`, indexed by line, for counting a
 * hit where no frame exists yet (a constructor's member initializers):
 * `__lprof_counters(&fn)[index].hits += 1`. A call without optimization,
 * like the line probes (see __lprof_enter below). */
static __inline__ __LPROF_LINE_PROBE __lprof_line_counter *
__lprof_counters(__lprof_function *fn) {
  return (__lprof_line_counter *)(__lprof_block(fn, __LPROF_MODE) + 1);
}

/*
 * The names the instrumenter emits are the probes of __LPROF_MODE itself,
 * by macro, not wrappers: without optimization, every inlined call keeps
 * its own stack slots for its arguments, so an always-inline wrapper per
 * line probe made a function's frame grow by 16 bytes per line (a
 * 50-line recursive function's frame from 80 to 960 bytes at -O0:
 * docs/runtime.md, "Stack"). Probes that run once per line are plain
 * calls at -O0 (__LPROF_LINE_PROBE) for the same reason.
 *
 *   __lprof_enter(frame, fn)     the activation's frame, at the body's `{`:
 *                                `__lprof_frame __lprof_f = __lprof_enter(
 *                                &__lprof_f, &fn)` (the frame's own address:
 *                                timing mode chains running activations)
 *   __lprof_enter_nested(frame, fn)  the frame of a body nested in the
 *                                function's text (a lambda), or of code
 *                                OpenMP outlines into a region and runs on
 *                                the threads of a team (a `parallel`
 *                                block, a `parallel for` iteration, a
 *                                task): the thread's own counters and
 *                                clock, no call counted, nothing added to
 *                                the function's total
 *   __lprof_line(frame, line)    a statement starts on the line
 *   __lprof_move(frame, line)    control moves to the line without a hit
 *   __lprof_leave(frame)         the frame's cleanup
 *   __lprof_leave_leaf(frame)    count mode, the cleanup of a function no
 *                                line of which calls
 *   __lprof_at(frame, site)      count mode, before a statement that calls:
 *                                the thread is on the line's call site
 *                                (`site`: its word index from the lines);
 *                                __lprof_line_at(frame, line, site) and
 *                                __lprof_move_at(frame, line, site) are
 *                                the line's probe and that in one; their
 *                                `_many` forms in a function of many
 *                                calling lines
 *   __lprof_suspend(frame), __lprof_resume(frame, fn)
 *                                around a coroutine's suspension
 *                                (lineprof_abi_cxx20.h): the time it spends
 *                                suspended belongs to no line
 */
#define __lprof_enter __LPROF_SELECT(__lprof_enter)
#define __lprof_enter_nested __LPROF_SELECT(__lprof_enter_nested)
#define __lprof_line __LPROF_SELECT(__lprof_line)
#define __lprof_move __LPROF_SELECT(__lprof_move)
#define __lprof_leave __LPROF_SELECT(__lprof_leave)
#define __lprof_leave_leaf __lprof_leave_leaf_count
#define __lprof_at __lprof_at_count
#define __lprof_line_at __lprof_line_at_count
#define __lprof_move_at __lprof_move_at_count
#define __lprof_at_many __lprof_at_many_count
#define __lprof_line_at_many __lprof_line_at_many_count
#define __lprof_move_at_many __lprof_move_at_many_count
#define __lprof_suspend __LPROF_SELECT(__lprof_suspend)
#define __lprof_resume __LPROF_SELECT(__lprof_resume)

#ifdef __cplusplus
}
#endif

#pragma GCC diagnostic pop

#endif /* LINEPROF_ABI_H */
