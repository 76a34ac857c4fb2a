/*
 * registry.c - function ids, and every thread's counters.
 *
 * Each profiled function gets a small id at registration; each thread owns
 * a table, indexed by id, of pointers to its own counters. The hot path (in
 * lineprof_abi.h) only reads the calling thread's table and writes counters
 * no other thread writes, so threads never share a written cache line.
 *
 * A global mutex guards the descriptor list and the tables' shape (size,
 * which entries exist). It is taken only on slow paths: registration, a
 * thread's first call of a function, thread exit, and writing a profile.
 * Counter values are written without it by their owning thread; the writer
 * reads them while they may change, which is fine for a profile.
 *
 * A thread's counters outlive it: when a thread exits, its counts are moved
 * into `retired`, a table that belongs to no thread.
 */
#define _POSIX_C_SOURCE 200809L

#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counters and tables are padded to whole (pairs of) cache lines so that no
 * line holds data that two threads write. */
#define CACHE_LINE_SIZE 128

/* The tables of one thread (or of all exited threads, for `retired`). */
typedef struct thread_record {
  __lprof_line_counter **tables; /* indexed by id; entry 0 is always NULL */
  uint32_t capacity;
  struct thread_record *next; /* in live_threads */
} thread_record;

LPROF_EXPORT __thread __lprof_thread_tables __lprof_tls
    __attribute__((tls_model("initial-exec"))) = {0, 0};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* Registered descriptors indexed by id; ids 1..function_count are taken. */
static __lprof_function **functions;
static uint32_t function_count;
static uint32_t functions_capacity;

/* Threads that have counters and have not exited, newest first. */
static thread_record *live_threads;

/* Counters of exited threads. */
static thread_record retired;

/* The calling thread's record, or NULL before its first profiled call. */
static __thread thread_record *this_thread
    __attribute__((tls_model("initial-exec")));

/* Its destructor retires a thread's counters when the thread exits. */
static pthread_key_t thread_exit_key;
static int thread_exit_key_created;
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

/* The hot path writes through whatever pointer we return, so there is no
 * way to fail gracefully; say why we stop. */
static _Noreturn void out_of_memory(void) {
  fputs("lineprof: out of memory for profile counters\n", stderr);
  abort();
}

static void *alloc_zeroed_lines(size_t size) {
  size_t rounded = (size + CACHE_LINE_SIZE - 1) / CACHE_LINE_SIZE *
                   CACHE_LINE_SIZE;
  if (rounded < size)
    return NULL;
  void *memory = aligned_alloc(CACHE_LINE_SIZE, rounded);
  if (memory)
    memset(memory, 0, rounded);
  return memory;
}

/* num_lines entries plus the one that absorbs the time before the first
 * probe (see lineprof_abi.h). */
static __lprof_line_counter *alloc_counters(uint32_t num_lines) {
  size_t count = (size_t)num_lines + 1;
  if (count == 0 || count > SIZE_MAX / sizeof(__lprof_line_counter))
    return NULL;
  return alloc_zeroed_lines(count * sizeof(__lprof_line_counter));
}

static void lock_registry(void) { pthread_mutex_lock(&registry_lock); }
static void unlock_registry(void) { pthread_mutex_unlock(&registry_lock); }

static void retire_thread(void *record);

static void init_registry(void) {
  /* A fork while another thread holds the lock must not leave the child
   * with a lock nobody will release: it would hang writing at exit. */
  pthread_atfork(lock_registry, unlock_registry, unlock_registry);
  if (pthread_key_create(&thread_exit_key, retire_thread) == 0)
    thread_exit_key_created = 1;
}

/* Gives `fn` the next id unless it has one. Returns -1 if out of memory. */
static int assign_id_locked(__lprof_function *fn) {
  if (__atomic_load_n(&fn->id, __ATOMIC_RELAXED) != 0)
    return 0;
  if (function_count == UINT32_MAX - 1)
    return -1;
  if (function_count + 1 >= functions_capacity) {
    uint32_t capacity = functions_capacity ? functions_capacity * 2 : 256;
    if (capacity <= functions_capacity)
      capacity = UINT32_MAX;
    __lprof_function **grown =
        realloc(functions, (size_t)capacity * sizeof *functions);
    if (!grown)
      return -1;
    functions = grown;
    functions_capacity = capacity;
    functions[0] = NULL;
  }
  functions[++function_count] = fn;
  __atomic_store_n(&fn->id, function_count, __ATOMIC_RELEASE);
  return 0;
}

LPROF_EXPORT void __lprof_register__link_with_liblineprof_rt(
    __lprof_function *fns, __UINT32_TYPE__ count) {
  if (count == 0)
    return;
  pthread_once(&registry_once, init_registry);
  __lprof_rt_start_session();
  lock_registry();
  for (uint32_t i = 0; i < count; ++i) {
    if (assign_id_locked(&fns[i]) != 0)
      out_of_memory();
  }
  unlock_registry();
}

/* Makes `record` able to hold `needed` entries, doubling to keep growth
 * rare. Returns -1 if out of memory (the record is then unchanged). */
static int reserve_tables_locked(thread_record *record, uint32_t needed) {
  if (needed <= record->capacity)
    return 0;
  uint64_t capacity = record->capacity ? (uint64_t)record->capacity * 2 : 16;
  while (capacity < needed)
    capacity *= 2;
  if (capacity > UINT32_MAX)
    capacity = UINT32_MAX;
  __lprof_line_counter **tables =
      alloc_zeroed_lines((size_t)capacity * sizeof *tables);
  if (!tables)
    return -1;
  if (record->capacity)
    memcpy(tables, record->tables, record->capacity * sizeof *tables);
  free(record->tables);
  record->tables = tables;
  record->capacity = (uint32_t)capacity;
  return 0;
}

static thread_record *current_thread_record(void) {
  if (this_thread)
    return this_thread;
  pthread_once(&registry_once, init_registry);
  thread_record *record = calloc(1, sizeof *record);
  if (!record)
    out_of_memory();
  lock_registry();
  record->next = live_threads;
  live_threads = record;
  unlock_registry();
  this_thread = record;
  if (thread_exit_key_created)
    pthread_setspecific(thread_exit_key, record);
  return record;
}

/* Grows the calling thread's table to hold `id`, sized for every function
 * registered so far, so that usually one growth per thread is enough. */
static void grow_thread_tables(thread_record *self, uint32_t id) {
  lock_registry();
  uint32_t needed = function_count + 1;
  if (needed < id + 1)
    needed = id + 1;
  if (reserve_tables_locked(self, needed) != 0)
    out_of_memory();
  /* Table first, then capacity: the hot path trusts the capacity. */
  __lprof_tls.tables = self->tables;
  __lprof_tls.capacity = self->capacity;
  unlock_registry();
}

LPROF_EXPORT __lprof_line_counter *
__lprof_attach__link_with_liblineprof_rt(__lprof_function *fn) {
  uint32_t id = __atomic_load_n(&fn->id, __ATOMIC_ACQUIRE);
  if (id == 0) {
    /* Called before its TU's constructor ran (e.g. from another TU's
     * constructor). Register just this function. */
    __lprof_register__link_with_liblineprof_rt(fn, 1);
    id = __atomic_load_n(&fn->id, __ATOMIC_ACQUIRE);
  }

  thread_record *self = current_thread_record();
  if (id >= __lprof_tls.capacity)
    grow_thread_tables(self, id);

  __lprof_line_counter *counters = __lprof_tls.tables[id];
  if (counters)
    return counters;
  counters = alloc_counters(fn->num_lines);
  if (!counters)
    out_of_memory();
  lock_registry(); /* the writer may be reading this table */
  self->tables[id] = counters;
  unlock_registry();
  return counters;
}

/* Adds the first `num_lines` counters of `from` to `to`. `from` may be
 * being written by its thread right now, hence the atomic loads. */
static void add_counts(__lprof_line_counter *to,
                       const __lprof_line_counter *from, uint32_t num_lines) {
  for (uint32_t i = 0; i < num_lines; ++i) {
    to[i].hits += __atomic_load_n(&from[i].hits, __ATOMIC_RELAXED);
    to[i].ticks += __atomic_load_n(&from[i].ticks, __ATOMIC_RELAXED);
  }
}

/* Moves an exiting thread's counters into `retired`: adopts the arrays
 * `retired` lacks, adds and frees the others. */
static int retire_counters_locked(thread_record *self) {
  if (reserve_tables_locked(&retired, self->capacity) != 0)
    return -1;
  for (uint32_t id = 1; id < self->capacity; ++id) {
    __lprof_line_counter *counters = self->tables[id];
    if (!counters)
      continue;
    if (!retired.tables[id]) {
      retired.tables[id] = counters;
      continue;
    }
    add_counts(retired.tables[id], counters, functions[id]->num_lines);
    free(counters);
  }
  return 0;
}

static void unlink_live_thread_locked(thread_record *record) {
  for (thread_record **link = &live_threads; *link; link = &(*link)->next) {
    if (*link == record) {
      *link = record->next;
      return;
    }
  }
}

/* pthread key destructor: runs in the exiting thread. Profiled functions
 * called by later destructors attach again and are retired again (pthread
 * repeats destructors whose key was set anew). */
static void retire_thread(void *arg) {
  thread_record *self = arg;
  lock_registry();
  if (retire_counters_locked(self) != 0) {
    /* Out of memory: keep the record live; its counts still get written. */
    unlock_registry();
    return;
  }
  unlink_live_thread_locked(self);
  unlock_registry();

  /* Capacity first, then table: the hot path trusts the capacity. */
  __lprof_tls.capacity = 0;
  __lprof_tls.tables = NULL;
  this_thread = NULL;
  free(self->tables);
  free(self);
}

int __lprof_rt_has_functions(void) {
  lock_registry();
  int any = function_count > 0;
  unlock_registry();
  return any;
}

/* ---- snapshot --------------------------------------------------------- */

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

/* Orders ids by identity, then by id, so that equal descriptors are adjacent
 * and the first of each run is the first registered. qsort has no context
 * argument; `functions` is stable while the registry lock is held. */
static int compare_ids(const void *left, const void *right) {
  uint32_t left_id = *(const uint32_t *)left;
  uint32_t right_id = *(const uint32_t *)right;
  int order = compare_descriptors(functions[left_id], functions[right_id]);
  if (order != 0)
    return order;
  return left_id < right_id ? -1 : left_id > right_id;
}

/* Maps each id to its output index (UINT32_MAX: not written, because the
 * function has no lines). Output follows the order of first registration.
 * Returns the number of output functions, or -1 if out of memory. */
static int64_t group_functions_locked(uint32_t *index_of) {
  uint32_t *sorted = malloc(((size_t)function_count + 1) * sizeof *sorted);
  uint32_t *first_of = malloc(((size_t)function_count + 1) * sizeof *first_of);
  if (!sorted || !first_of) {
    free(sorted);
    free(first_of);
    return -1;
  }

  size_t count = 0;
  for (uint32_t id = 1; id <= function_count; ++id) {
    first_of[id] = 0;
    if (functions[id]->num_lines > 0)
      sorted[count++] = id;
  }
  qsort(sorted, count, sizeof *sorted, compare_ids);
  for (size_t i = 0; i < count; ++i) {
    int starts_group =
        i == 0 || compare_descriptors(functions[sorted[i - 1]],
                                      functions[sorted[i]]) != 0;
    first_of[sorted[i]] = starts_group ? sorted[i] : first_of[sorted[i - 1]];
  }

  /* Ids ascend, so a group's first id is numbered before its other ids. */
  int64_t groups = 0;
  index_of[0] = UINT32_MAX;
  for (uint32_t id = 1; id <= function_count; ++id) {
    if (first_of[id] == 0)
      index_of[id] = UINT32_MAX;
    else if (first_of[id] == id)
      index_of[id] = (uint32_t)groups++;
    else
      index_of[id] = index_of[first_of[id]];
  }
  free(sorted);
  free(first_of);
  return groups;
}

static void sum_record_locked(const thread_record *record,
                              const uint32_t *index_of,
                              lprof_rt_snapshot *snapshot) {
  uint32_t end = record->capacity;
  if (end > function_count + 1)
    end = function_count + 1;
  for (uint32_t id = 1; id < end; ++id) {
    const __lprof_line_counter *counters = record->tables[id];
    if (!counters || index_of[id] == UINT32_MAX)
      continue;
    lprof_rt_function *out = &snapshot->functions[index_of[id]];
    add_counts(out->lines, counters, out->desc->num_lines);
  }
}

static int fill_snapshot_locked(lprof_rt_snapshot *snapshot,
                                uint32_t *index_of) {
  int64_t groups = group_functions_locked(index_of);
  if (groups < 0)
    return -1;
  snapshot->functions = calloc(groups ? (size_t)groups : 1,
                               sizeof *snapshot->functions);
  if (!snapshot->functions)
    return -1;
  snapshot->count = (size_t)groups;

  for (uint32_t id = 1; id <= function_count; ++id) {
    if (index_of[id] == UINT32_MAX)
      continue;
    lprof_rt_function *out = &snapshot->functions[index_of[id]];
    if (out->desc)
      continue;
    out->desc = functions[id];
    out->lines = calloc(functions[id]->num_lines, sizeof *out->lines);
    if (!out->lines)
      return -1;
  }

  for (const thread_record *record = live_threads; record;
       record = record->next)
    sum_record_locked(record, index_of, snapshot);
  sum_record_locked(&retired, index_of, snapshot);
  return 0;
}

int __lprof_rt_take_snapshot(lprof_rt_snapshot *snapshot) {
  snapshot->functions = NULL;
  snapshot->count = 0;

  lock_registry();
  uint32_t *index_of =
      malloc(((size_t)function_count + 1) * sizeof *index_of);
  int result = index_of ? fill_snapshot_locked(snapshot, index_of) : -1;
  unlock_registry();

  free(index_of);
  if (result != 0) {
    __lprof_rt_free_snapshot(snapshot);
    errno = ENOMEM;
  }
  return result;
}

void __lprof_rt_free_snapshot(lprof_rt_snapshot *snapshot) {
  if (snapshot->functions) {
    for (size_t i = 0; i < snapshot->count; ++i)
      free(snapshot->functions[i].lines);
  }
  free(snapshot->functions);
  snapshot->functions = NULL;
  snapshot->count = 0;
}
