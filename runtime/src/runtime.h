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

#include <stddef.h>
#include <stdint.h>

/* Marks the entry points that instrumented code and users call. */
#define LPROF_EXPORT __attribute__((visibility("default")))

/* ---- registry.c: function ids and per-thread counters ----------------- */

/* One function of the output: every descriptor with the same (file, name,
 * first_line, num_lines), counters summed over descriptors and threads. */
typedef struct lprof_rt_function {
  const __lprof_function *desc; /* the first-registered descriptor */
  __lprof_line_counter *lines;  /* desc->num_lines entries */
} lprof_rt_function;

typedef struct lprof_rt_snapshot {
  lprof_rt_function *functions; /* in order of first registration */
  size_t count;
} lprof_rt_snapshot;

/* Fills `snapshot` with the current counts of every registered function.
 * Returns 0, or -1 with errno set. */
int __lprof_rt_take_snapshot(lprof_rt_snapshot *snapshot);
void __lprof_rt_free_snapshot(lprof_rt_snapshot *snapshot);

/* Whether any function has been registered. */
int __lprof_rt_has_functions(void);

/* ---- clock.c: what a tick is worth ------------------------------------- */

/* Records the first (ticks, nanoseconds) pair of the calibration. */
void __lprof_rt_start_clock(void);

/* Which counter __lprof_now() reads (the PROG record's `clock`). */
uint32_t __lprof_rt_clock_kind(void);

/* Seconds per tick, measured against CLOCK_MONOTONIC since
 * __lprof_rt_start_clock(); spins first if that was too recent. */
double __lprof_rt_seconds_per_tick(void);

/* CLOCK_REALTIME in nanoseconds since the Unix epoch. */
int64_t __lprof_rt_wall_ns(void);

/* ---- output.c: the profiling session ----------------------------------- */

/* Called by every registration; does its work only the first time. */
void __lprof_rt_start_session(void);

/* ---- encode.c: the bytes of a .lprof file ----------------------------- */

typedef struct lprof_rt_run_info {
  double seconds_per_tick;
  uint32_t clock_kind;
  uint32_t pid;
  int64_t start_ns; /* wall clock when profiling started */
  int64_t end_ns;   /* wall clock now */
  const char *program;
} lprof_rt_run_info;

typedef struct lprof_rt_buffer {
  unsigned char *data;
  size_t size;
  size_t capacity;
  int failed; /* an allocation failed, so the contents are incomplete */
} lprof_rt_buffer;

/* Encodes a whole file, header and payload, into `out` (zero-initialized by
 * the caller). Returns 0, or -1 with errno set. */
int __lprof_rt_encode(const lprof_rt_run_info *info,
                      const lprof_rt_snapshot *snapshot, lprof_rt_buffer *out);
void __lprof_rt_free_buffer(lprof_rt_buffer *buffer);

/* ---- crc32.c ----------------------------------------------------------- */

/* zlib's crc32(): start with crc = 0, feed the data in any chunks. */
uint32_t __lprof_rt_crc32(uint32_t crc, const void *data, size_t size);

/* ---- file.c ------------------------------------------------------------ */

/* Replaces `path` with `size` bytes via a temporary file in the same
 * directory and rename(). Returns 0, or -1 with errno set and no temporary
 * file left behind. */
int __lprof_rt_replace_file(const char *path, const void *data, size_t size);

/* ---- report.c ---------------------------------------------------------- */

/* Runs `lprof-report path` with its stdout sent to our stderr, and waits. */
void __lprof_rt_print_report(const char *path);

#endif /* LINEPROF_RUNTIME_H */
