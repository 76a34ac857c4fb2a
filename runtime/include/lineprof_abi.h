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
 * collide with user code.
 */
#ifndef LINEPROF_ABI_H
#define LINEPROF_ABI_H

/* Bumped whenever a layout or a function below changes meaning. */
#define __LPROF_ABI_VERSION 1

/* What the probes measure, chosen per translation unit by the instrumenter
 * (-fplugin-arg-lineprof-mode=): 0 timing (hits and ticks), 1 count (hits
 * only, no clock reads), 2 sample (hits, and ticks of a random subset of
 * line intervals). Attributes are spelled __x__ so that user macros named
 * like them (`#define unused`) cannot break this header. */
#ifndef __LPROF_MODE
#define __LPROF_MODE 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Per thread, per profiled function, per source line. */
typedef struct __lprof_line_counter {
  __UINT64_TYPE__ hits;
  __UINT64_TYPE__ ticks;
} __lprof_line_counter;

/*
 * One per profiled function, emitted as static data by the instrumenter.
 * Lines are addressed by index = line - first_line, so counters[] holds
 * num_lines entries plus one more (index num_lines) that absorbs the time
 * between function entry and the first probe.
 */
typedef struct __lprof_function {
  const char *file;   /* absolute path of the file that holds the body */
  const char *name;   /* qualified name, as shown in the report */
  const char *source; /* the num_lines lines as compiled, '\n'-separated */
  __UINT32_TYPE__ first_line;
  __UINT32_TYPE__ num_lines;
  __UINT32_TYPE__ id; /* set by the runtime on registration; 0 = not yet */
  __UINT32_TYPE__ reserved;
} __lprof_function;

/* The calling thread's counter tables, indexed by __lprof_function.id.
 * tables[0] is always null, so an unregistered function (id 0) takes the
 * slow path. */
typedef struct __lprof_thread_tables {
  __lprof_line_counter **tables;
  __UINT32_TYPE__ capacity;
} __lprof_thread_tables;

extern __thread __lprof_thread_tables __lprof_tls
    __attribute__((__tls_model__("initial-exec")));

/*
 * Out-of-line slow path: registers the function if needed and returns the
 * calling thread's counters for it, allocating them on first use. The name
 * says what to do when the linker cannot find it.
 */
__lprof_line_counter *
__lprof_attach__link_with_liblineprof_rt(__lprof_function *fn);

/* Registers a translation unit's functions at start-up, so that functions
 * that never run still appear in the report. */
void __lprof_register__link_with_liblineprof_rt(__lprof_function *fns,
                                                __UINT32_TYPE__ count);

/* CLOCK_MONOTONIC in nanoseconds; the timestamp of last resort. */
__UINT64_TYPE__ __lprof_clock_ns(void);

/* The timestamp every probe reads. Its rate is measured by the runtime. */
static inline __attribute__((__unused__)) __UINT64_TYPE__ __lprof_now(void) {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
  __UINT64_TYPE__ ticks;
  __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(ticks));
  return ticks;
#else
  return __lprof_clock_ns();
#endif
}

/* State of one activation of a profiled function (lives on its stack). */
typedef struct __lprof_frame {
  __lprof_line_counter *counters;
  __UINT64_TYPE__ start; /* timestamp of the current line's probe */
  __UINT32_TYPE__ line;  /* index of the current line */
} __lprof_frame;

static inline __attribute__((__unused__)) __lprof_line_counter *__lprof_counters(__lprof_function *fn) {
  __UINT32_TYPE__ id = __atomic_load_n(&fn->id, __ATOMIC_RELAXED);
  if (__builtin_expect(id < __lprof_tls.capacity, 1)) {
    __lprof_line_counter *counters = __lprof_tls.tables[id];
    if (__builtin_expect(counters != 0, 1))
      return counters;
  }
  return __lprof_attach__link_with_liblineprof_rt(fn);
}

static inline __attribute__((__unused__)) __lprof_frame __lprof_enter(__lprof_function *fn) {
  __lprof_frame frame;
  frame.counters = __lprof_counters(fn);
  frame.line = fn->num_lines;
  frame.start = __lprof_now();
  return frame;
}

/* Runs as the frame's cleanup: closes the time of the last line. */
static inline __attribute__((__unused__)) void __lprof_leave(__lprof_frame *frame) {
  __UINT64_TYPE__ now = __lprof_now();
  frame->counters[frame->line].ticks += now - frame->start;
}

/* A line starts executing: close the previous line's time, count a hit. */
static inline __attribute__((__unused__)) void __lprof_line(__lprof_frame *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ now = __lprof_now();
  frame->counters[frame->line].ticks += now - frame->start;
  frame->counters[line].hits += 1;
  frame->line = line;
  frame->start = now;
}

/* Control moves to a line without a new hit (a loop's init-statement runs
 * on its header line before the condition, which counts the hits). */
static inline __attribute__((__unused__)) void __lprof_move(__lprof_frame *frame, __UINT32_TYPE__ line) {
  __UINT64_TYPE__ now = __lprof_now();
  frame->counters[frame->line].ticks += now - frame->start;
  frame->line = line;
  frame->start = now;
}

#ifdef __cplusplus
}
#endif

#endif /* LINEPROF_ABI_H */
