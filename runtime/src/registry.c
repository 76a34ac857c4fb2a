/*
 * registry.c - function ids, and every thread's counters.
 *
 * Each profiled function gets a small id at registration; each thread owns,
 * per mode, a table indexed by id of pointers to its own counter blocks
 * (layouts in lineprof_abi.h). The hot path only reads the calling thread's
 * table and writes blocks no other thread writes; blocks come from the
 * thread's own arena (arena.c), so threads never share a written cache line.
 *
 * A global mutex guards the descriptor list, the thread list and the
 * tables' shape (size, which entries exist). It is taken only on slow
 * paths: registration, a thread's first call of a function, thread exit,
 * enable/disable, and writing a profile. Counter values are written without
 * it by their owning thread; the writer reads them while they may change,
 * which is fine for a profile.
 *
 * A thread's counters outlive it, so the file can break counts down per
 * thread; past LPROF_KEPT_EXITED_THREADS exited threads, the counters of
 * further exiting threads are added into one `folded` record instead, which
 * bounds the memory of programs that start threads forever.
 */
#define _GNU_SOURCE /* gettid, pthread_getname_np */

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LPROF_KEPT_EXITED_THREADS 1024


LPROF_EXPORT __thread __lprof_thread_state __lprof_tls
    __attribute__((tls_model("initial-exec")));

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

__lprof_function **__lprof_rt_functions;
uint32_t __lprof_rt_function_count;
uint8_t *__lprof_rt_function_modes;
lprof_rt_thread *__lprof_rt_threads;
lprof_rt_thread *__lprof_rt_folded;

static uint32_t functions_capacity;
static uint32_t max_num_lines; /* over all registered functions */
static uint32_t next_thread_number;
static uint32_t exited_threads_kept;
static int disabled;

/* The calling thread's record, or NULL before its first profiled call. */
static __thread lprof_rt_thread *this_thread
    __attribute__((tls_model("initial-exec")));

/* Its destructor notes a thread's exit. */
static pthread_key_t thread_exit_key;
static int thread_exit_key_created;
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

/* What the runtime allocates while it holds the lock is its own: the
 * memory hooks do not count it (and never wait for the lock themselves
 * then). */
void __lprof_rt_lock_registry(void) {
  __lprof_rt_critical_begin();
  pthread_mutex_lock(&registry_lock);
  ++__lprof_rt_registry_depth;
  __lprof_rt_busy_begin();
}
int __lprof_rt_lock_registry_for_write(void) {
  __lprof_rt_critical_begin();
  if (__lprof_rt_lock_mutex(&registry_lock) != 0) {
    __lprof_rt_critical_end();
    return -1;
  }
  ++__lprof_rt_registry_depth;
  __lprof_rt_busy_begin();
  return 0;
}
void __lprof_rt_unlock_registry(void) {
  __lprof_rt_busy_end();
  --__lprof_rt_registry_depth;
  pthread_mutex_unlock(&registry_lock);
  __lprof_rt_critical_end();
}

/* The hot path writes through whatever pointer we return, so there is no
 * way to fail gracefully; say why we stop. */
static _Noreturn void out_of_memory(void) {
  fputs("lineprof: out of memory for profile counters\n", stderr);
  abort();
}

static size_t round_up(size_t size, size_t unit) {
  return (size + unit - 1) / unit * unit;
}

/* ---- blocks ------------------------------------------------------------ */

static size_t samples_bytes(uint32_t num_lines) {
  return round_up((size_t)num_lines * sizeof(uint32_t), sizeof(uint64_t));
}

size_t __lprof_rt_block_offset(uint32_t mode, uint32_t num_lines) {
  if (mode == LPROF_COUNT)
    return 0;
  size_t times = sizeof(__lprof_function_times);
  return mode == LPROF_SAMPLE ? samples_bytes(num_lines) + times : times;
}

size_t __lprof_rt_block_size(uint32_t mode, uint32_t num_lines) {
  size_t line_size = mode == LPROF_COUNT ? sizeof(uint64_t)
                                         : sizeof(__lprof_timed_line);
  return __lprof_rt_block_offset(mode, num_lines) + sizeof(uint64_t) +
         (size_t)num_lines * line_size;
}

/* `call_sites`: a count-mode block's, after its hits (lineprof_abi.h,
 * __lprof_call_site); blocks that run nothing (folded threads') have none. */
static void *new_block(lprof_rt_thread *thread, uint32_t mode,
                       uint32_t num_lines, uint32_t call_sites) {
  unsigned char *memory = __lprof_rt_arena_alloc(
      &thread->arena, __lprof_rt_block_size(mode, num_lines) +
                          (size_t)call_sites * sizeof(__lprof_call_site));
  return memory ? memory + __lprof_rt_block_offset(mode, num_lines) : NULL;
}

/* ---- threads ----------------------------------------------------------- */

static void note_thread_exit(void *thread);

static void init_registry(void) {
  if (pthread_key_create(&thread_exit_key, note_thread_exit) == 0)
    thread_exit_key_created = 1;
}

static uint32_t current_tid(void) { return (uint32_t)syscall(SYS_gettid); }

static void free_thread(lprof_rt_thread *thread) {
  __lprof_rt_free_edges(thread);
  for (int mode = 0; mode < LPROF_MODES; ++mode)
    __lprof_rt_free_lines(thread->tables[mode],
               (size_t)thread->capacity[mode] * sizeof(void *));
  __lprof_rt_arena_free(&thread->arena);
  __lprof_rt_free_lines(thread, sizeof *thread);
}

static lprof_rt_thread *new_thread_locked(uint32_t number) {
  lprof_rt_thread *thread = __lprof_rt_alloc_lines(sizeof *thread);
  if (!thread)
    out_of_memory();
  thread->number = number;
  lprof_rt_thread **link = &__lprof_rt_threads;
  while (*link)
    link = &(*link)->next;
  *link = thread;
  return thread;
}

/* Where the main thread's stack begins: glibc's, the stack pointer at
 * start-up, above every frame of the program's. */
extern void *__libc_stack_end;

/* Parses a hexadecimal number at *at, moving past it. */
static uintptr_t parse_hex(const char **at, const char *end) {
  uintptr_t value = 0;
  for (; *at < end; ++*at) {
    char c = **at;
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                       : -1;
    if (digit < 0)
      break;
    value = value * 16 + (uintptr_t)digit;
  }
  return value;
}

/* The mapping of /proc/self/maps that holds `address`, read with open and
 * read only (a write may run in a signal handler: no malloc, no stdio).
 * Returns 0 and sets [*low, *high) if found. */
static int find_mapping(uintptr_t address, uintptr_t *low, uintptr_t *high) {
  int saved_errno = errno;
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  int found = -1;
  if (fd < 0) {
    errno = saved_errno;
    return -1;
  }
  /* Each line starts "low-high "; only those starts are read, and a line
   * split across reads is carried over. */
  char buffer[4096];
  size_t kept = 0;
  for (;;) {
    ssize_t got = read(fd, buffer + kept, sizeof buffer - kept);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    const char *at = buffer, *end = buffer + kept + (size_t)got;
    for (;;) {
      const char *newline = memchr(at, '\n', (size_t)(end - at));
      if (!newline)
        break;
      uintptr_t start = parse_hex(&at, newline);
      uintptr_t stop = 0;
      if (at < newline && *at == '-') {
        ++at;
        stop = parse_hex(&at, newline);
      }
      if (start <= address && address < stop) {
        *low = start;
        *high = stop;
        found = 0;
        break;
      }
      at = newline + 1;
    }
    if (found == 0)
      break;
    kept = (size_t)(end - at);
    if (kept == sizeof buffer) /* no line is this long */
      break;
    memmove(buffer, at, kept);
  }
  close(fd);
  errno = saved_errno;
  return found;
}

/* The main thread's stack is found only when a write needs it (a timing
 * activation still running): glibc's pthread_getattr_np reads all of
 * /proc/self/maps with stdio for it, some 0.1 M instructions every process
 * paid at its first profiled call. Its frames lie in the mapping that
 * holds __libc_stack_end, all of which was mapped when they were
 * written; read again at each such write, since that mapping grows with
 * the stack. */
void __lprof_rt_find_main_stack_locked(void) {
  for (lprof_rt_thread *thread = __lprof_rt_threads; thread;
       thread = thread->next) {
    if (!thread->main_stack || !thread->tls ||
        !__atomic_load_n(&thread->tls->open, __ATOMIC_ACQUIRE))
      continue;
    uintptr_t low, high;
    if (find_mapping((uintptr_t)__libc_stack_end, &low, &high) == 0) {
      thread->stack_low = low;
      thread->stack_high = high;
    }
  }
}

/* The calling thread's stack, for reading its frames at a write (which
 * must not touch memory that may be unmapped). pthread_getattr_np may
 * allocate: not in a write, only here; the main thread's is found later
 * (above). */
static void find_own_stack(lprof_rt_thread *thread) {
  if ((pid_t)syscall(SYS_gettid) == getpid()) {
    thread->main_stack = 1;
    return;
  }
  pthread_attr_t attr;
  void *low;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  if (pthread_attr_getstack(&attr, &low, &size) == 0) {
    thread->stack_low = (uintptr_t)low;
    thread->stack_high = (uintptr_t)low + size;
  }
  pthread_attr_destroy(&attr);
}

static lprof_rt_thread *current_thread(void) {
  if (this_thread)
    return this_thread;
  pthread_once(&registry_once, init_registry);
  lprof_rt_thread own = {0};
  find_own_stack(&own);
  lprof_rt_load start;
  __lprof_rt_measure_load(&start);
  __lprof_rt_lock_registry();
  lprof_rt_thread *thread = new_thread_locked(next_thread_number++);
  thread->tid = current_tid();
  thread->tls = &__lprof_tls;
  thread->stack_low = own.stack_low;
  thread->stack_high = own.stack_high;
  thread->main_stack = own.main_stack;
  thread->load_start = start; /* writes read it under the lock */
  __lprof_rt_sample_attach(thread); /* and these */
  __lprof_rt_unlock_registry();
  thread->sink = &__lprof_tls.sink;
  this_thread = thread;
  /* Every thread's first entry comes through here before it tests the
   * flag (memory.c sets it before main). */
  __lprof_tls.memory = __lprof_rt_memory_on != 0;
  if (thread_exit_key_created)
    pthread_setspecific(thread_exit_key, thread);
  return thread;
}

/* Makes `thread`'s table for `mode` hold `needed` entries, doubling to keep
 * growth rare. Returns -1 if out of memory (the table is then unchanged). */
static int reserve_table_locked(lprof_rt_thread *thread, uint32_t mode,
                                uint32_t needed) {
  uint32_t old = thread->capacity[mode];
  if (needed <= old)
    return 0;
  uint64_t capacity = old ? (uint64_t)old * 2 : 16;
  while (capacity < needed)
    capacity *= 2;
  if (capacity > LPROF_DISABLED_ID)
    capacity = LPROF_DISABLED_ID;
  void **table = __lprof_rt_alloc_lines((size_t)capacity * sizeof(void *));
  if (!table)
    return -1;
  if (old)
    memcpy(table, thread->tables[mode], old * sizeof(void *));
  __lprof_rt_free_lines(thread->tables[mode], (size_t)old * sizeof(void *));
  thread->tables[mode] = table;
  thread->capacity[mode] = (uint32_t)capacity;
  return 0;
}

/* Grows the calling thread's table to hold `id`, sized for every function
 * registered so far, so that usually one growth per thread is enough. */
static void grow_own_table(lprof_rt_thread *self, uint32_t mode,
                           uint32_t id) {
  __lprof_rt_lock_registry();
  uint32_t needed = __lprof_rt_function_count + 1;
  if (needed < id + 1)
    needed = id + 1;
  if (reserve_table_locked(self, mode, needed) != 0)
    out_of_memory();
  /* Table first, then capacity: the hot path trusts the capacity. */
  __lprof_tls.tables[mode] = self->tables[mode];
  __atomic_store_n(&__lprof_tls.capacity[mode], self->capacity[mode],
                   __ATOMIC_RELEASE);
  __lprof_rt_unlock_registry();
}

/* ---- registration ------------------------------------------------------- */

static uint8_t mode_bits_of_flags(uint32_t flags) {
  if (!(flags & 0x100u))
    return 0;
  switch (flags & 0xFFu) {
  case LPROF_TIMING: return LPROF_MODE_BIT_TIMING;
  case LPROF_COUNT:
    return flags & __LPROF_FORCED_INLINE
               ? LPROF_MODE_BIT_COUNT | LPROF_MODE_BIT_FORCED_INLINE
               : LPROF_MODE_BIT_COUNT;
  case LPROF_SAMPLE: return LPROF_MODE_BIT_SAMPLE;
  default: return 0;
  }
}

/* Gives `fn` the next id unless it has one. Returns -1 if out of memory. */
static int assign_id_locked(__lprof_function *fn, uint8_t mode_bits) {
  if (__atomic_load_n(&fn->id, __ATOMIC_RELAXED) != 0)
    return 0;
  uint32_t count = __lprof_rt_function_count;
  if (count == LPROF_DISABLED_ID - 2)
    return -1;
  if (count + 1 >= functions_capacity) {
    uint32_t capacity = functions_capacity ? functions_capacity * 2 : 256;
    __lprof_function **grown = realloc(
        __lprof_rt_functions, (size_t)capacity * sizeof *__lprof_rt_functions);
    if (!grown)
      return -1;
    __lprof_rt_functions = grown;
    uint8_t *modes = realloc(__lprof_rt_function_modes, capacity);
    if (!modes)
      return -1;
    __lprof_rt_function_modes = modes;
    __lprof_rt_count_memory((size_t)(capacity - functions_capacity) *
                            (sizeof *grown + 1));
    functions_capacity = capacity;
    __lprof_rt_functions[0] = NULL;
  }
  uint32_t id = count + 1;
  __lprof_rt_functions[id] = fn;
  __lprof_rt_function_modes[id] = mode_bits | mode_bits_of_flags(fn->flags);
  __lprof_rt_function_count = id;
  if (fn->num_lines > max_num_lines)
    max_num_lines = fn->num_lines;
  __atomic_store_n(&fn->id, disabled ? id | LPROF_DISABLED_ID : id,
                   __ATOMIC_RELEASE);
  return 0;
}

static void register_functions(__lprof_function *fns, uint32_t count,
                               uint8_t mode_bits) {
  pthread_once(&registry_once, init_registry);
  __lprof_rt_start_session();
  /* Threads are numbered in order of their first profiled call or
   * registration: the one that registers first (the main thread, when
   * the constructors run) is thread 0. */
  (void)current_thread();
  __lprof_rt_lock_registry();
  for (uint32_t i = 0; i < count; ++i) {
    if (assign_id_locked(&fns[i], mode_bits) != 0)
      out_of_memory();
  }
  __lprof_rt_unlock_registry();
}

LPROF_EXPORT void __lprof_register__link_with_liblineprof_rt(
    __lprof_function *fns, __UINT32_TYPE__ count) {
  __lprof_rt_busy_begin();
  if (count != 0)
    register_functions(fns, count, 0);
  __lprof_rt_busy_end();
}

void __lprof_rt_register_marked(__lprof_function *fn, uint8_t mode_bits) {
  register_functions(fn, 1, mode_bits);
}

void __lprof_rt_register_hidden(__lprof_function *fn) {
  pthread_once(&registry_once, init_registry);
  __lprof_rt_lock_registry();
  if (assign_id_locked(fn, LPROF_MODE_BIT_HIDDEN) != 0)
    out_of_memory();
  __lprof_rt_unlock_registry();
}

/* ---- the slow path of every function entry ------------------------------ */

/* A block that swallows the counts of calls made while disabled; big enough
 * for any registered function in any mode (a count-mode block's call sites
 * included: at most one per line). Stays allocated, since frames that
 * started while disabled may still be writing to an old one; each starts
 * with the one it replaced and its size, for __lprof_rt_in_scratch. */
typedef struct scratch_header {
  const unsigned char *previous;
  size_t size;
} scratch_header;

static void *scratch_block(lprof_rt_thread *self, uint32_t num_lines,
                           uint32_t mode) {
  if (!self->scratch || self->scratch_lines < num_lines) {
    __lprof_rt_lock_registry();
    uint32_t lines = max_num_lines > num_lines ? max_num_lines : num_lines;
    __lprof_rt_unlock_registry();
    size_t size = __lprof_rt_block_size(LPROF_SAMPLE, lines);
    unsigned char *memory =
        __lprof_rt_arena_alloc(&self->arena, sizeof(scratch_header) + size);
    if (!memory)
      out_of_memory();
    scratch_header header = {self->scratch, size};
    memcpy(memory, &header, sizeof header);
    self->scratch = memory + sizeof header;
    self->scratch_lines = lines;
  }
  (void)mode;
  return self->scratch +
         __lprof_rt_block_offset(LPROF_SAMPLE, self->scratch_lines);
}

int __lprof_rt_in_scratch(const lprof_rt_thread *thread, const void *at) {
  const unsigned char *byte = at;
  for (const unsigned char *block = thread->scratch; block;) {
    scratch_header header;
    memcpy(&header, block - sizeof header, sizeof header);
    if (byte >= block && byte < block + header.size)
      return 1;
    block = header.previous;
  }
  return 0;
}

static void *attach(__lprof_function *fn, uint32_t mode);

LPROF_EXPORT void *
__lprof_attach__link_with_liblineprof_rt(__lprof_function *fn,
                                         __UINT32_TYPE__ mode) {
  __lprof_rt_busy_begin();
  void *block = attach(fn, mode);
  __lprof_rt_busy_end();
  return block;
}

static void *attach(__lprof_function *fn, uint32_t mode) {
  if (mode >= LPROF_MODES)
    mode = LPROF_TIMING;
  uint32_t id = __atomic_load_n(&fn->id, __ATOMIC_ACQUIRE);
  if (id == 0) {
    /* Called before its TU's constructor ran (e.g. from another TU's
     * constructor). Register just this function. */
    __lprof_register__link_with_liblineprof_rt(fn, 1);
    id = __atomic_load_n(&fn->id, __ATOMIC_ACQUIRE);
  }

  lprof_rt_thread *self = current_thread();
  /* Every thread's first profiled call comes here before its entry reads
   * the thread's call site (lineprof_abi.h, __lprof_count_call). */
  if (!__lprof_tls.at)
    __lprof_tls.at = &__lprof_tls.outside;
  if (id & LPROF_DISABLED_ID)
    return scratch_block(self, fn->num_lines, mode);
  /* The first call in the process timed in a mode measures what that
   * mode's probes cost, before its entry counts them; not under the
   * registry's lock, which the calibration takes to register its own
   * function. */
  __lprof_rt_calibrate(mode);

  if (id >= __lprof_tls.capacity[mode])
    grow_own_table(self, mode, id);
  void *block = __lprof_tls.tables[mode][id];
  if (block)
    return block;
  block = new_block(self, mode, fn->num_lines,
                    mode == LPROF_COUNT ? fn->num_call_lines : 0);
  if (!block)
    out_of_memory();
  __lprof_rt_lock_registry(); /* the writer may be reading this table */
  self->tables[mode][id] = block;
  __lprof_rt_function_modes[id] |= (uint8_t)(1u << mode);
  __lprof_rt_unlock_registry();
  return block;
}

/* ---- enable / disable ----------------------------------------------------- */

static void set_enabled(int enable) {
  __lprof_rt_busy_begin();
  pthread_once(&registry_once, init_registry);
  __lprof_rt_lock_registry();
  disabled = !enable;
  for (uint32_t id = 1; id <= __lprof_rt_function_count; ++id)
    __atomic_store_n(&__lprof_rt_functions[id]->id,
                     enable ? id : id | LPROF_DISABLED_ID, __ATOMIC_RELEASE);
  __lprof_rt_unlock_registry();
  __lprof_rt_busy_end();
}

LPROF_EXPORT void lprof_enable(void) { set_enabled(1); }
LPROF_EXPORT void lprof_disable(void) { set_enabled(0); }

int __lprof_rt_find_timing_block(const void *key, uint32_t *id_out,
                                 const unsigned char **begin,
                                 const unsigned char **end) {
  const unsigned char *at = key;
  int found = -1;
  __lprof_rt_lock_registry();
  lprof_rt_thread *self = this_thread;
  uint32_t limit = self ? self->capacity[LPROF_TIMING] : 0;
  if (limit > __lprof_rt_function_count + 1)
    limit = __lprof_rt_function_count + 1;
  for (uint32_t id = 1; id < limit && found != 0; ++id) {
    const unsigned char *block = self->tables[LPROF_TIMING][id];
    if (!block)
      continue;
    const unsigned char *last =
        block + sizeof(uint64_t) +
        (size_t)__lprof_rt_functions[id]->num_lines * sizeof(__lprof_timed_line);
    if (at >= block && at < last) {
      *id_out = id;
      *begin = block;
      *end = last;
      found = 0;
    }
  }
  __lprof_rt_unlock_registry();
  return found;
}

lprof_rt_thread *__lprof_rt_this_thread(void) { return this_thread; }

int __lprof_rt_enabled(void) {
  __lprof_rt_lock_registry();
  int enabled = !disabled;
  __lprof_rt_unlock_registry();
  return enabled;
}

/* ---- thread exit ----------------------------------------------------------- */

static void add_u64s(uint64_t *to, const uint64_t *from, size_t count) {
  for (size_t i = 0; i < count; ++i)
    to[i] += __atomic_load_n(&from[i], __ATOMIC_RELAXED);
}

/* Adds one block into another of the same mode and size. */
static void add_block(uint32_t mode, uint32_t num_lines, void *to,
                      const void *from) {
  if (mode == LPROF_COUNT) {
    add_u64s(to, from, 1 + (size_t)num_lines);
    return;
  }
  add_u64s(to, from, 1);
  __lprof_timed_line *to_lines = (__lprof_timed_line *)((uint64_t *)to + 1);
  const __lprof_timed_line *from_lines =
      (const __lprof_timed_line *)((const uint64_t *)from + 1);
  for (uint32_t i = 0; i < num_lines; ++i) /* not `active`: it has exited */
    add_u64s(&to_lines[i].hits, &from_lines[i].hits, 5);
  /* Its times but their depth. */
  add_u64s(&__LPROF_TIMES(to)->ticks, &__LPROF_TIMES(from)->ticks, 3);
  if (mode != LPROF_SAMPLE)
    return;
  uint32_t *to_samples = (uint32_t *)__LPROF_TIMES(to) - num_lines;
  const uint32_t *from_samples =
      (const uint32_t *)__LPROF_TIMES(from) - num_lines;
  for (uint32_t i = 0; i < num_lines; ++i) {
    uint64_t sum = (uint64_t)to_samples[i] + from_samples[i];
    to_samples[i] = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
  }
}

/* Adds an exiting thread's counters into `folded`. */
static int fold_thread_locked(lprof_rt_thread *thread) {
  if (!__lprof_rt_folded) {
    __lprof_rt_folded = __lprof_rt_alloc_lines(sizeof *__lprof_rt_folded);
    if (!__lprof_rt_folded)
      return -1;
    __lprof_rt_folded->number = LPROF_FOLDED_THREAD;
    __lprof_rt_folded->exited = 1;
    strcpy(__lprof_rt_folded->name, "exited threads");
  }
  lprof_rt_thread *folded = __lprof_rt_folded;
  for (uint32_t mode = 0; mode < LPROF_MODES; ++mode) {
    if (reserve_table_locked(folded, mode, thread->capacity[mode]) != 0)
      return -1;
    for (uint32_t id = 1; id < thread->capacity[mode]; ++id) {
      void *from = thread->tables[mode][id];
      if (!from)
        continue;
      uint32_t num_lines = __lprof_rt_functions[id]->num_lines;
      if (!folded->tables[mode][id]) {
        folded->tables[mode][id] = new_block(folded, mode, num_lines, 0);
        if (!folded->tables[mode][id])
          return -1;
      }
      add_block(mode, num_lines, folded->tables[mode][id], from);
    }
  }
  return __lprof_rt_fold_edges_locked(folded, thread);
}

static void unlink_thread_locked(lprof_rt_thread *thread) {
  for (lprof_rt_thread **link = &__lprof_rt_threads; *link;
       link = &(*link)->next) {
    if (*link == thread) {
      *link = thread->next;
      return;
    }
  }
}

/* pthread key destructor: runs in the exiting thread. The thread's record
 * stays, so profiled functions called by later destructors still count. */
static void note_thread_exit(void *arg) {
  __lprof_rt_sample_thread_exit();
  __lprof_rt_busy_begin();
  lprof_rt_thread *self = arg;
  lprof_rt_load end;
  __lprof_rt_measure_load(&end);
  char name[sizeof self->name] = "";
  pthread_getname_np(pthread_self(), name, sizeof name);
  __lprof_rt_lock_registry();
  memcpy(self->name, name, sizeof name);
  self->load_end = end;
  self->exited = 1;
  int fold = exited_threads_kept >= LPROF_KEPT_EXITED_THREADS &&
             fold_thread_locked(self) == 0;
  if (fold)
    unlink_thread_locked(self);
  else
    ++exited_threads_kept;
  __lprof_rt_unlock_registry();
  if (!fold) {
    __lprof_rt_busy_end();
    return;
  }

  /* Capacity first, then tables: the hot path trusts the capacity. */
  for (int mode = 0; mode < LPROF_MODES; ++mode) {
    __atomic_store_n(&__lprof_tls.capacity[mode], 0, __ATOMIC_RELEASE);
    __lprof_tls.tables[mode] = NULL;
  }
  this_thread = NULL;
  free_thread(self);
  __lprof_rt_busy_end();
}

/* Whether the program registered any function (the runtime's own hidden
 * one does not count); -1 if the registry stayed locked (in a write for a
 * signal). */
int __lprof_rt_has_functions(void) {
  if (__lprof_rt_lock_registry_for_write() != 0)
    return -1;
  int any = 0;
  for (uint32_t id = 1; id <= __lprof_rt_function_count && !any; ++id)
    any = !(__lprof_rt_function_modes[id] & LPROF_MODE_BIT_HIDDEN);
  __lprof_rt_unlock_registry();
  return any;
}

/* ---- fork --------------------------------------------------------------------- */

static void zero_blocks(lprof_rt_thread *thread) {
  for (uint32_t mode = 0; mode < LPROF_MODES; ++mode) {
    for (uint32_t id = 1; id < thread->capacity[mode]; ++id) {
      unsigned char *block = thread->tables[mode][id];
      if (!block)
        continue;
      uint32_t num_lines = __lprof_rt_functions[id]->num_lines;
      size_t offset = __lprof_rt_block_offset(mode, num_lines);
      if (mode == LPROF_COUNT) {
        memset(block - offset, 0, __lprof_rt_block_size(mode, num_lines));
        continue;
      }
      /* The activations still running keep their depth and open lines. */
      __lprof_function_times *times = __LPROF_TIMES(block);
      uint64_t depth = times->depth;
      __lprof_timed_line *lines = (__lprof_timed_line *)(block + 8);
      for (uint32_t i = 0; i < num_lines; ++i) {
        uint64_t active = lines[i].active;
        memset(&lines[i], 0, sizeof lines[i]);
        lines[i].active = active;
      }
      memset(block - offset, 0, offset + 8);
      times->depth = depth;
    }
  }
}

/* Runs in the child with the registry lock held (see output.c). Only the
 * forking thread exists here: its counters are zeroed but kept, because
 * its active frames still point at them; every other record goes. */
void __lprof_rt_registry_after_fork(void) {
  lprof_rt_thread *thread = __lprof_rt_threads;
  __lprof_rt_threads = NULL;
  while (thread) {
    lprof_rt_thread *next = thread->next;
    if (thread == this_thread) {
      thread->next = NULL;
      __lprof_rt_threads = thread;
    } else {
      free_thread(thread);
    }
    thread = next;
  }
  if (__lprof_rt_folded) {
    free_thread(__lprof_rt_folded);
    __lprof_rt_folded = NULL;
  }
  exited_threads_kept = 0;
  next_thread_number = 0;
  if (this_thread) {
    zero_blocks(this_thread);
    __lprof_rt_zero_edges(this_thread);
    this_thread->number = next_thread_number++;
    this_thread->tid = current_tid();
    __lprof_rt_measure_load(&this_thread->load_start);
  }
}
