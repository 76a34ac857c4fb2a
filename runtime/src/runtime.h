/*
 * runtime.h - declarations shared by the runtime's source files.
 *
 * Only lineprof_abi.h and lineprof.h are public. The library is built with
 * -fvisibility=hidden, and everything declared here is prefixed "__lprof_rt_"
 * so it cannot collide with the profiled program's own symbols when the
 * archive is linked statically.
 */
#ifndef LINEPROF_RUNTIME_H
#define LINEPROF_RUNTIME_H

#include "lineprof_abi.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Marks the entry points that instrumented code and users call. */
#define LPROF_EXPORT __attribute__((visibility("default")))

/* The x86-64 asm thunks (clock.c, sample.c) preserve every SSE register
 * for the probes that call them: these realign the stack (whose alignment
 * is unknown there), save xmm0-15 below it, and load them back. */
#define LPROF_ASM_SAVE_SSE                                                     \
  "\tandq $-16, %rsp\n"                                                        \
  "\tsubq $256, %rsp\n"                                                        \
  "\tmovdqa %xmm0, 0(%rsp)\n"                                                  \
  "\tmovdqa %xmm1, 16(%rsp)\n"                                                 \
  "\tmovdqa %xmm2, 32(%rsp)\n"                                                 \
  "\tmovdqa %xmm3, 48(%rsp)\n"                                                 \
  "\tmovdqa %xmm4, 64(%rsp)\n"                                                 \
  "\tmovdqa %xmm5, 80(%rsp)\n"                                                 \
  "\tmovdqa %xmm6, 96(%rsp)\n"                                                 \
  "\tmovdqa %xmm7, 112(%rsp)\n"                                                \
  "\tmovdqa %xmm8, 128(%rsp)\n"                                                \
  "\tmovdqa %xmm9, 144(%rsp)\n"                                                \
  "\tmovdqa %xmm10, 160(%rsp)\n"                                               \
  "\tmovdqa %xmm11, 176(%rsp)\n"                                               \
  "\tmovdqa %xmm12, 192(%rsp)\n"                                               \
  "\tmovdqa %xmm13, 208(%rsp)\n"                                               \
  "\tmovdqa %xmm14, 224(%rsp)\n"                                               \
  "\tmovdqa %xmm15, 240(%rsp)\n"
#define LPROF_ASM_RESTORE_SSE                                                  \
  "\tmovdqa 0(%rsp), %xmm0\n"                                                  \
  "\tmovdqa 16(%rsp), %xmm1\n"                                                 \
  "\tmovdqa 32(%rsp), %xmm2\n"                                                 \
  "\tmovdqa 48(%rsp), %xmm3\n"                                                 \
  "\tmovdqa 64(%rsp), %xmm4\n"                                                 \
  "\tmovdqa 80(%rsp), %xmm5\n"                                                 \
  "\tmovdqa 96(%rsp), %xmm6\n"                                                 \
  "\tmovdqa 112(%rsp), %xmm7\n"                                                \
  "\tmovdqa 128(%rsp), %xmm8\n"                                                \
  "\tmovdqa 144(%rsp), %xmm9\n"                                                \
  "\tmovdqa 160(%rsp), %xmm10\n"                                               \
  "\tmovdqa 176(%rsp), %xmm11\n"                                               \
  "\tmovdqa 192(%rsp), %xmm12\n"                                               \
  "\tmovdqa 208(%rsp), %xmm13\n"                                               \
  "\tmovdqa 224(%rsp), %xmm14\n"                                               \
  "\tmovdqa 240(%rsp), %xmm15\n"

enum {
  LPROF_TIMING = __LPROF_MODE_TIMING,
  LPROF_COUNT = __LPROF_MODE_COUNT,
  LPROF_SAMPLE = __LPROF_MODE_SAMPLE,
  LPROF_MODES = __LPROF_MODE_COUNT_OF_MODES,
};

/* Bits of the `modes` fields of the file (docs/lprof-format.md). */
enum {
  LPROF_MODE_BIT_TIMING = 1,
  LPROF_MODE_BIT_COUNT = 2,
  LPROF_MODE_BIT_SAMPLE = 4,
  LPROF_MODE_BIT_REGION = 8,
  LPROF_MODE_BIT_FORCED_INLINE = 16, /* with COUNT: __LPROF_FORCED_INLINE */
  LPROF_MODE_BIT_HIDDEN = 0x80, /* the runtime's own, never written */
};

/* ---- arena.c: the registry's memory ------------------------------------ */

/* An arena's chunks grow from the first size to the last (header
 * included); a block bigger than LPROF_BIG_BLOCK_SIZE gets a chunk of its
 * own, and every chunk is at least as big as the block that made it. */
#define LPROF_FIRST_CHUNK_SIZE 4096
#define LPROF_LAST_CHUNK_SIZE 65536
#define LPROF_BIG_BLOCK_SIZE (LPROF_LAST_CHUNK_SIZE / 4)
/* The header takes a whole cache line so the data starts on one. */
#define LPROF_CHUNK_HEADER_SIZE 64

typedef struct lprof_rt_chunk {
  struct lprof_rt_chunk *next;
  size_t size; /* bytes of data, after the header */
  size_t used;
} lprof_rt_chunk;

typedef struct lprof_rt_arena {
  lprof_rt_chunk *chunks; /* newest first; a big block's goes second */
  size_t next_chunk_size;
} lprof_rt_arena;

/* `size` zeroed bytes, 8-aligned, from `arena`; NULL if out of memory. */
unsigned char *__lprof_rt_arena_alloc(lprof_rt_arena *arena, size_t size);
/* Frees every chunk; the arena is empty (and reusable) afterwards. */
void __lprof_rt_arena_free(lprof_rt_arena *arena);

/* Whole pairs of cache lines, zeroed and aligned to them; NULL if out of
 * memory. Freed with the size they were asked for. */
void *__lprof_rt_alloc_lines(size_t size);
void __lprof_rt_free_lines(void *memory, size_t size);

/* Adds to the bytes __lprof_rt_memory_bytes() reports (memory the registry
 * got elsewhere). */
void __lprof_rt_count_memory(size_t bytes);

/* ---- registry.c: function ids and per-thread counters ----------------- */

/* One call edge of a thread (edges.c): its counters first, so that the
 * hot path's pointer is the record's. Its keys are the thread's own
 * pointers, the calling line (counts.caller) and the callee's block, which
 * the writer turns into functions and lines; in the `folded` record, whose
 * blocks run nothing, they are what they stood for: the callee's id, and
 * the caller's id and line index as (id << 32 | line), 0 for outside. */
typedef struct lprof_rt_edge {
  __lprof_call_edge counts;
  const void *callee_key;
  struct lprof_rt_edge *next; /* the thread's edges, newest first */
} lprof_rt_edge;

/* What a thread's edge keys stand for (edges.c): the callee's id, and
 * the caller's id and line index (id 0: outside any profiled line). */
typedef struct lprof_rt_edge_ends {
  uint32_t caller_id, caller_line, callee_id;
} lprof_rt_edge_ends;
/* A thread's CPU use (load.c): at a moment, or between two. */
typedef struct lprof_rt_load {
  uint64_t wall_ns;     /* CLOCK_MONOTONIC */
  uint64_t cpu_ns;      /* the thread's user + system time */
  uint64_t involuntary; /* its involuntary context switches */
  uint64_t voluntary;   /* and its voluntary ones */
  int known;
} lprof_rt_load;

/* A thread's counters (or, for `folded`, those of exited threads beyond
 * the number kept apart). Blocks come from the thread's own arena, so no
 * cache line holds counters of two threads. */
typedef struct lprof_rt_thread {
  struct lprof_rt_thread *next; /* in order of creation */
  uint32_t number;              /* order of first profiled call, from 0 */
  uint32_t tid;
  int exited;
  char name[16]; /* captured at exit; live threads are asked at write time */
  void **tables[LPROF_MODES]; /* indexed by id, like __lprof_tls.tables */
  uint32_t capacity[LPROF_MODES];
  lprof_rt_arena arena; /* the blocks' memory */
  unsigned char *scratch; /* block for calls made while disabled */
  uint32_t scratch_lines;
  /* The thread's __lprof_tls (its chain of running timing activations),
   * and its stack [stack_low, stack_high), where those frames must lie to
   * be read (0, 0 if unknown): see snapshot.c. */
  __lprof_thread_state *tls;
  uintptr_t stack_low, stack_high;
  /* The process's main thread, whose stack is found at the first write
   * that needs it (__lprof_rt_find_main_stack_locked). */
  int main_stack;
  /* Call edges: the list the writer reads (under the registry lock), and
   * the owning thread's own index into it, by keys (edges.c). */
  lprof_rt_edge *edges;
  const void *sink; /* the thread's __lprof_tls.sink: calls from outside */
  lprof_rt_edge **edge_index;
  uint32_t edge_index_size; /* a power of 2, or 0 */
  uint32_t edge_count;
  /* At its first profiled call and at its exit (load.c). */
  lprof_rt_load load_start, load_end;
  /* Sample mode: the thread's stack of open timed intervals, its count
   * and the thread's timed callees (sample.c's thread-locals), for closing
   * the open ones at a write. */
  void *const *sample_intervals;
  const uint32_t *sample_open;
  const uint64_t *sample_timed_callees;
} lprof_rt_thread;

/* ---- load.c: interference ----------------------------------------------- */

/* The calling thread's figures now. */
void __lprof_rt_measure_load(lprof_rt_load *load);
/* A thread's figures from its first profiled call to its exit, or to now
 * for the calling thread; 0 if not known (another thread still running). */
int __lprof_rt_thread_load(const lprof_rt_thread *thread, lprof_rt_load *out);

/* The number `folded` carries in THRD records. */
#define LPROF_FOLDED_THREAD UINT32_MAX

/* Guarded by the registry lock (__lprof_rt_lock_registry). */
extern __lprof_function **__lprof_rt_functions; /* by id; [0] is NULL */
extern uint32_t __lprof_rt_function_count;       /* ids 1..count taken */
extern uint8_t *__lprof_rt_function_modes;       /* LPROF_MODE_BIT_* by id */
extern lprof_rt_thread *__lprof_rt_threads;      /* every thread kept */
extern lprof_rt_thread *__lprof_rt_folded;       /* NULL until needed */

void __lprof_rt_lock_registry(void);
void __lprof_rt_unlock_registry(void);
/* The same for a write of the profile: bounded when the write is for a
 * signal (see __lprof_rt_lock_mutex); -1 if it gave up. */
int __lprof_rt_lock_registry_for_write(void);

/* Registers one runtime-made descriptor (a region) with extra mode bits. */
void __lprof_rt_register_marked(__lprof_function *fn, uint8_t mode_bits);
/* The same, without starting the session: for the calibration, which runs
 * while the session starts. */
void __lprof_rt_register_hidden(__lprof_function *fn);

/* Whether any function has been registered; -1 if that cannot be known
 * now (the registry stays locked during a write for a signal). */
int __lprof_rt_has_functions(void);

/* Bytes the registry holds for counters, tables and thread records. */
size_t __lprof_rt_memory_bytes(void);

/* The byte size of a block for `num_lines` lines in `mode`, and where its
 * block pointer lies from the start of the allocation. */
size_t __lprof_rt_block_size(uint32_t mode, uint32_t num_lines);
/* Whether `at` lies in a block the thread was given while disabled. */
int __lprof_rt_in_scratch(const lprof_rt_thread *thread, const void *at);
size_t __lprof_rt_block_offset(uint32_t mode, uint32_t num_lines);

/* In a child made by fork(): forget other threads, zero the counters. */
void __lprof_rt_registry_after_fork(void);
/* Finds the main thread's stack if a write needs it (registry lock held). */
void __lprof_rt_find_main_stack_locked(void);

/* Whether profiling is enabled (lprof_enable / lprof_disable). */
int __lprof_rt_enabled(void);

/* Finds the calling thread's timing-mode block that holds `key` (its
 * start, the call count, or one of its lines): the function's id and the
 * block's bounds [begin, end). Returns -1 if none does. Takes the lock. */
int __lprof_rt_find_timing_block(const void *key, uint32_t *id,
                                 const unsigned char **begin,
                                 const unsigned char **end);

/* The calling thread's record; NULL before its first profiled call. */
lprof_rt_thread *__lprof_rt_this_thread(void);

/* Set in a descriptor's id while profiling is disabled: no table is that
 * big, so every entry takes the slow path, which hands out scratch, and no
 * call site's cache holds such an id (lineprof_abi.h). */
#define LPROF_DISABLED_ID 0x80000000u

/* ---- edges.c: call edges ------------------------------------------------ */

/* Adds an exiting thread's edges into `folded` (registry lock held);
 * -1 if out of memory. */
int __lprof_rt_fold_edges_locked(lprof_rt_thread *folded,
                                 const lprof_rt_thread *thread);
/* The thread's timing- and count-mode blocks sorted by address, for
 * __lprof_rt_edge_ends; `blocks` holds __lprof_rt_block_span_capacity
 * entries (registry lock held). */
typedef struct lprof_rt_block_span {
  const unsigned char *begin, *end;
  uint32_t id;
  uint32_t mode; /* LPROF_TIMING, or LPROF_COUNT (its call sites in it) */
} lprof_rt_block_span;
/* Room for the spans of all the thread's blocks. */
size_t __lprof_rt_block_span_capacity(const lprof_rt_thread *thread);
size_t __lprof_rt_block_spans(const lprof_rt_thread *thread,
                              lprof_rt_block_span *blocks);
lprof_rt_edge_ends __lprof_rt_edge_ends(const lprof_rt_thread *thread,
                                        const lprof_rt_edge *edge,
                                        const lprof_rt_block_span *blocks,
                                        size_t count);
/* Zeroes the thread's edge counters (a child after fork). */
void __lprof_rt_zero_edges(lprof_rt_thread *thread);
/* Frees the thread's edge index (its records are in its arena). */
void __lprof_rt_free_edges(lprof_rt_thread *thread);

/* ---- memory.c: memory profiling (LPROF_MEMORY=1) ------------------------ */

/* Nonzero when memory profiling is on; fixed before main. */
extern int __lprof_rt_memory_on;

/* Above 0 while the calling thread is inside an allocation hook or the
 * runtime's own code: allocations are then not counted. */
extern __thread uint32_t __lprof_rt_hook_depth
    __attribute__((tls_model("initial-exec")));
/* Above 0 while the calling thread holds the registry lock. */
extern __thread uint32_t __lprof_rt_registry_depth
    __attribute__((tls_model("initial-exec")));

/* Around runtime code that may allocate: what it allocates is lineprof's,
 * not the program's. */
static inline void __lprof_rt_busy_begin(void) { ++__lprof_rt_hook_depth; }
static inline void __lprof_rt_busy_end(void) { --__lprof_rt_hook_depth; }

/* A line's memory figures as written (docs/lprof-format.md, MEMF). */
typedef struct lprof_rt_memory_line {
  uint64_t allocs, alloc_bytes, frees, freed_bytes;
  uint64_t retained_blocks, retained_bytes;
  uint64_t self_allocs, self_alloc_bytes;
} lprof_rt_memory_line;

/* One output function: the caller fills num_lines and lines (zeroed). */
typedef struct lprof_rt_memory_function {
  uint32_t num_lines;
  uint64_t peak_bytes;
  lprof_rt_memory_line *lines;
} lprof_rt_memory_function;

/* The MEMR record's fields, in file order. */
typedef struct lprof_rt_memory_run {
  uint64_t allocs, alloc_bytes, frees, freed_bytes, untracked_frees;
  uint64_t live_bytes, peak_live_bytes;
  uint64_t unattributed_allocs, unattributed_bytes;
} lprof_rt_memory_run;

/* Adds every thread's figures into `functions` (indexed by output index,
 * index_of[id] for ids below id_count) and `run`. Called by the writer
 * with the registry lock held. */
int __lprof_rt_memory_collect(const uint32_t *index_of, uint32_t id_count,
                              lprof_rt_memory_function *functions,
                              lprof_rt_memory_run *run);

/* ---- calibrate.c: what the probes themselves cost ---------------------- */

typedef struct lprof_rt_calibration {
  double timing_probe;    /* ticks one timing probe adds to an interval */
  double timing_entry;    /* ticks a function entry adds (timing mode) */
  double sample_probe;    /* ticks one sample-mode line probe adds */
  double sample_interval; /* ticks a sampled interval's own probes add */
  double sample_gap;      /* mean number of line probes between samples */
  double sample_entry;    /* ticks a sample-mode entry and return add */
  /* What timing a callee adds to the sampled interval it runs in, and the
   * part of it outside the callee's timestamps, which the interval's self
   * time sees (sample.c). */
  double timed_callee;
  double timed_callee_outside;
} lprof_rt_calibration;

/* Measures the costs of `mode`'s probes (timing: and sets
 * __lprof_entry_units; sample: __lprof_sample_entry_probes); once per
 * mode per process, at the first call of a function or region timed in
 * that mode (the session must have started: the clock is chosen and the
 * sampler seeded). Count mode has nothing to measure. */
void __lprof_rt_calibrate(uint32_t mode);
/* Whether that happened for some mode: whether anything was timed. */
int __lprof_rt_calibrated(void);
/* Measures the modes used again if the last measurement is old enough
 * (each write asks, under the write lock) and returns the medians of all
 * measurements; the costs of a mode nothing was timed in are 0. */
const lprof_rt_calibration *__lprof_rt_recalibrate(void);
/* How much the measured timing-probe cost moved between measurements:
 * (largest - smallest) / smallest, and how many there were (0 if nothing
 * ran in timing mode), as of the last __lprof_rt_recalibrate. */
double __lprof_rt_calibration_spread(uint32_t *measurements);

/* ---- sample.c ----------------------------------------------------------- */

/* A sample-mode line's self_probes word: in its low
 * LPROF_RT_SAMPLE_STATE_BITS how the line is sampled, above them the
 * ticks of its timed intervals in outermost activations (sample.c,
 * record). */
#define LPROF_RT_SAMPLE_STATE_BITS 5
static inline uint64_t lprof_rt_sample_outer_ticks(uint64_t self_probes) {
  return self_probes >> LPROF_RT_SAMPLE_STATE_BITS;
}

/* Frees the calling thread's stack of open sampled intervals (at its
 * exit). */
void __lprof_rt_sample_thread_exit(void);
/* Tells `thread` (the calling thread's record) where its open intervals
 * are. */
void __lprof_rt_sample_attach(lprof_rt_thread *thread);
/* Where a pointer of a thread's into its sample-mode blocks is in the
 * write's copies of them (`size` bytes from it must be in one block), or
 * NULL. */
typedef void *(*lprof_rt_translate)(void *context, const void *pointer,
                                    size_t size);
/* Closes the open timed intervals of `thread` at `now`, as their next
 * probes would, in the copies `translate` gives (snapshot.c); -1 if out
 * of memory. */
int __lprof_rt_sample_close_open(const lprof_rt_thread *thread, uint64_t now,
                                 lprof_rt_translate translate, void *context);

/* The costs every later timed interval is corrected by (sample.c): what
 * timing a sample-mode callee costs the interval it runs in, in ticks, in
 * all and outside the callee's two timestamps. */
void __lprof_rt_set_timed_callee_cost(double total, double outside);
/* The calibrated cost of a timed interval's own probes (sample_interval),
 * which a nested interval's record puts back (sample.c). */
void __lprof_rt_set_sample_interval_cost(double ticks);

/* ---- clock.c: what a tick is worth ------------------------------------- */

/* Chooses the counter (sets __lprof_clock_fallback) and records the first
 * (ticks, nanoseconds) pair of the rate measurement. */
void __lprof_rt_start_clock(void);

/* Which counter __lprof_now() reads (the PROG record's `clock`). */
uint32_t __lprof_rt_clock_kind(void);

/* Seconds per tick, measured against CLOCK_MONOTONIC since
 * __lprof_rt_start_clock(); if `precise`, spins first if that was too
 * recent (a profile with no times has no use for the wait). */
double __lprof_rt_seconds_per_tick(int precise);

/* `ticks` in nanoseconds at the rate measured so far, cheaply (no
 * spinning) and in integers: for decisions while the program runs. */
uint64_t __lprof_rt_ticks_to_ns(uint64_t ticks);

/* CLOCK_REALTIME in nanoseconds since the Unix epoch. */
int64_t __lprof_rt_wall_ns(void);

/* ---- output.c: the profiling session ----------------------------------- */

/* Called by every registration; does its work only the first time. */
void __lprof_rt_start_session(void);

/* Absolute form of `path` (relative to the directory the program started
 * in); malloc'd, NULL if out of memory. */
char *__lprof_rt_absolute_path(const char *path);

/* Writes the profile now (the exit write, lprof_dump, the writer thread). */
int __lprof_rt_dump(int verbose);

/* Writes the profile from a signal handler (signals.c), with bounded waits
 * for the locks. `final`: the process is ending, write no more after. */
int __lprof_rt_dump_for_signal(int final);

/* ---- writer.c: LPROF_INTERVAL and LPROF_SIGNAL ------------------------- */

/* Starts the writer thread and the signal handler if asked for. */
void __lprof_rt_start_writer(void);
/* After fork(), in the child: the thread did not survive; start another. */
void __lprof_rt_writer_after_fork(void);

/* ---- signals.c: runs that end by a signal ------------------------------ */

/* Installs the handlers that write the profile when a signal ends the
 * program (once, at the start of the session). */
void __lprof_rt_install_signal_handlers(void);
/* In a child made by fork(): it may write for a signal of its own. */
void __lprof_rt_signals_after_fork(void);

/* How many of the runtime's locks this thread holds or is taking. An
 * asynchronous signal that arrives meanwhile is noted, and handled when
 * the count drops back to 0. */
extern __thread uint32_t __lprof_rt_critical
    __attribute__((tls_model("initial-exec")));
extern __thread int __lprof_rt_pending_signal
    __attribute__((tls_model("initial-exec")));
void __lprof_rt_take_pending_signal(void);

/* Around every hold of the runtime's locks (registry, writes, memory). */
static inline void __lprof_rt_critical_begin(void) {
  ++__lprof_rt_critical;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
static inline void __lprof_rt_critical_end(void) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (--__lprof_rt_critical == 0 &&
      __builtin_expect(__lprof_rt_pending_signal != 0, 0))
    __lprof_rt_take_pending_signal();
}

/* Locks `mutex`: waiting as long as it takes, except while writing for a
 * signal, where the wait is bounded (returns -1 when it gives up). */
int __lprof_rt_lock_mutex(pthread_mutex_t *mutex);
/* Whether this thread is writing the profile for a signal. */
int __lprof_rt_writing_for_signal(void);

/* SIGPIPE and SIGXFSZ blocked around the runtime's own writes, and
 * discarded if those raised them: a write of lineprof's never ends the
 * program. Nests. */
void __lprof_rt_quiet_begin(void);
void __lprof_rt_quiet_end(void);

/* ---- encode.c / snapshot.c: the bytes of a .lprof file ----------------- */

typedef struct lprof_rt_run_info {
  double seconds_per_tick;
  uint32_t clock_kind;
  uint32_t pid;
  int64_t start_ns; /* wall clock when profiling started */
  int64_t end_ns;   /* wall clock now */
  const char *program;
  const lprof_rt_calibration *calibration;
} lprof_rt_run_info;

typedef struct lprof_rt_buffer {
  unsigned char *data;
  size_t size;
  size_t capacity;
  int failed; /* an allocation failed, so the contents are incomplete */
} lprof_rt_buffer;

void __lprof_rt_put_bytes(lprof_rt_buffer *buffer, const void *bytes,
                          size_t size);
void __lprof_rt_put_u32(lprof_rt_buffer *buffer, uint32_t value);
void __lprof_rt_put_u64(lprof_rt_buffer *buffer, uint64_t value);
void __lprof_rt_put_f64(lprof_rt_buffer *buffer, double value);
void __lprof_rt_put_str(lprof_rt_buffer *buffer, const char *text);
/* A record header with a zero length; end_record() fills the length in. */
size_t __lprof_rt_begin_record(lprof_rt_buffer *buffer, const char tag[4]);
void __lprof_rt_end_record(lprof_rt_buffer *buffer, size_t start);
/* The 32-byte header before the payload, and its sizes and checksum. */
void __lprof_rt_put_header(lprof_rt_buffer *buffer, uint16_t minor);
void __lprof_rt_finish_header(lprof_rt_buffer *buffer);
void __lprof_rt_free_buffer(lprof_rt_buffer *buffer);

/* Encodes the whole profile as it is now into `out` (zero-initialized by
 * the caller). Returns 0, or -1 with errno set. */
int __lprof_rt_encode_profile(const lprof_rt_run_info *info,
                              lprof_rt_buffer *out);

/* ---- scratch.c: the write path's memory, text and messages ------------ */

/* Memory for one write of the profile, from mmap (never malloc: see
 * scratch.c), all given back by __lprof_rt_scratch_release(). Zeroed,
 * 16-aligned; NULL with errno ENOMEM on failure. Under the write lock. */
void *__lprof_rt_scratch_alloc(size_t size);
void *__lprof_rt_scratch_calloc(size_t count, size_t size);
void *__lprof_rt_scratch_realloc(void *memory, size_t size);
void __lprof_rt_scratch_free(void *memory);
void __lprof_rt_scratch_release(void);
/* Bytes mapped for scratch memory now. */
size_t __lprof_rt_scratch_bytes(void);

/* A string growing in scratch memory; `failed` once that ran out. */
typedef struct lprof_rt_text {
  char *data;
  size_t size, capacity;
  int failed;
} lprof_rt_text;

void __lprof_rt_text_put(lprof_rt_text *text, const char *bytes, size_t size);
void __lprof_rt_text_str(lprof_rt_text *text, const char *str);
void __lprof_rt_text_u64(lprof_rt_text *text, uint64_t value);
/* The string, or NULL if memory ran out (or nothing was put). */
const char *__lprof_rt_text_get(const lprof_rt_text *text);

/* `value` in decimal, in `digits`; returns where the digits start. */
const char *__lprof_rt_format_u64(char digits[24], uint64_t value);

/* Writes the strings (up to 16, NULL-terminated list) to stderr in one
 * writev: a message from anywhere, a signal handler included. */
void __lprof_rt_say(const char *first, ...) __attribute__((sentinel));

/* strerror's English text, without strerror's locale machinery. */
const char *__lprof_rt_error_text(int error);

/* qsort's contract, without its allocation (a heap sort). */
void __lprof_rt_sort(void *items, size_t count, size_t size,
                     int (*compare)(const void *, const void *));

/* ---- crc32.c ----------------------------------------------------------- */

/* zlib's crc32(): start with crc = 0, feed the data in any chunks. */
uint32_t __lprof_rt_crc32(uint32_t crc, const void *data, size_t size);

/* ---- file.c ------------------------------------------------------------ */

/* What an output path names (see file.c). */
enum {
  LPROF_TARGET_NEW,     /* nothing yet: `path` is where to create it */
  LPROF_TARGET_FILE,    /* a regular file, at `path` (symlinks followed) */
  LPROF_TARGET_DISCARD, /* /dev/null: write nothing, say nothing */
  LPROF_TARGET_SPECIAL, /* anything else: `what` says what; never touched */
};

typedef struct lprof_rt_target {
  int kind;
  const char *path; /* NEW and FILE: the file to write (scratch memory) */
  const char *what; /* SPECIAL: "a FIFO", "the program's standard output" */
} lprof_rt_target;

/* Finds out what `path` names, opening nothing. Returns 0, or -1 with
 * errno set (EISDIR for a directory). */
int __lprof_rt_resolve_target(const char *path, lprof_rt_target *target);

/* Asked, with the file at the path open (read-only) and locked, whether it
 * must stay: nonzero keeps it. */
typedef int lprof_rt_keep_fn(int fd, void *context);

/* Puts `size` bytes at `path` (a NEW or FILE target's) atomically: the
 * bytes go to an unnamed file (O_TMPFILE) that gets a name only once
 * complete, then replaces what is at `path` unless `keep` (may be NULL)
 * says it must stay. A crash at any moment leaves the old file or the new
 * one, never a part. Returns 0, 1 if kept, or -1 with errno set and
 * nothing left behind. */
int __lprof_rt_put_file(const char *path, const void *data, size_t size,
                        lprof_rt_keep_fn *keep, void *context);

/* ---- report.c ---------------------------------------------------------- */

/* Runs `lprof-report path` with its stdout sent to our stderr, and waits. */
void __lprof_rt_print_report(const char *path);

#endif /* LINEPROF_RUNTIME_H */
