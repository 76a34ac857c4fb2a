/*
 * memory.c - memory profiling (LPROF_MEMORY=1): heap use per line.
 *
 * The runtime defines malloc, free, calloc, realloc, aligned_alloc,
 * posix_memalign, memalign, valloc, pvalloc and every standard form of
 * operator new and delete (by their Itanium names), all weak, so that:
 *   - in an ordinary program they are the process's allocator entry points
 *     (the executable comes first in symbol lookup), and forward to the
 *     next definition (the C library's, or jemalloc's or tcmalloc's when
 *     linked as shared libraries), found with dlsym(RTLD_NEXT) on the first
 *     call through a function pointer that starts out at a resolver;
 *   - a program that defines its own malloc or operator new links without
 *     a duplicate symbol, and its definition wins.
 * With memory profiling off, a hook loads one flag, takes a well-predicted
 * branch and tail-calls through the pointer.
 *
 * With it on, each allocation is accounted once, at the outermost hooked
 * call (a thread-local depth counter covers the forwarded call, so
 * operator new -> malloc counts once), to the line in
 * __lprof_tls.memory_line (stored by every timing-mode line probe), and
 * entered into a table of live blocks (pointer -> size, charging record),
 * sharded by pointer hash with a lock per shard and memory from mmap.
 * A free removes the block before forwarding, so no other thread can be
 * handed the address while its old entry is still there.
 *
 * Per thread, a record per charged line (and one per timing-mode function,
 * for its peak) holds the counts; records are found through a per-thread
 * hash keyed by the line's counter address and never move or go away (the
 * live table points at them; exited threads' records still count). The
 * writer adds them up, and computes retained bytes by walking the live
 * table, so the hot path never writes another thread's data.
 *
 * A per-thread shadow stack of timing-mode activations
 * (__lprof_memory_enter/leave) gives a caller its line back when a callee
 * returns, and measures each function's peak: per allocation only the top
 * entry's high-water mark is raised; a popped entry's mark goes into its
 * parent's and into the function's peak. Entries record the runtime
 * function's own frame address, so entries left behind by longjmp (deeper
 * than a later entry or leave) are dropped.
 *
 * The runtime's own allocations are not counted: its slow paths run with
 * the depth counter raised (__lprof_rt_busy_begin).
 */
#define _GNU_SOURCE /* RTLD_NEXT, memalign, valloc, pvalloc */

#include "runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- state shared with the rest of the runtime --------------------------- */

/* Nonzero when LPROF_MEMORY asked for memory profiling (read once, by the
 * constructor below, before main). */
int __lprof_rt_memory_on;

__thread uint32_t __lprof_rt_hook_depth
    __attribute__((tls_model("initial-exec")));
__thread uint32_t __lprof_rt_registry_depth
    __attribute__((tls_model("initial-exec")));

/* What the fast paths test: memory profiling on, or a block of the
 * bootstrap buffer handed out (frees must then look at the pointer). */
static int hook_flags;

/* ---- memory that never comes from malloc --------------------------------- */

static void *map_pages(size_t size) {
  void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return memory == MAP_FAILED ? NULL : memory;
}

static _Noreturn void out_of_memory(void) {
  static const char message[] =
      "lineprof: out of memory for memory profiling\n";
  ssize_t ignored = write(2, message, sizeof message - 1);
  (void)ignored;
  abort();
}

/* The runtime's locks: a signal arriving while this thread holds one waits
 * until it lets go (signals.c). */
static void lock(pthread_mutex_t *mutex) {
  __lprof_rt_critical_begin();
  pthread_mutex_lock(mutex);
}

static void unlock(pthread_mutex_t *mutex) {
  pthread_mutex_unlock(mutex);
  __lprof_rt_critical_end();
}

/* ---- the bootstrap buffer: allocations dlsym makes while we resolve ------ */

#define BOOTSTRAP_SIZE 65536
static unsigned char bootstrap[BOOTSTRAP_SIZE] __attribute__((aligned(64)));
static size_t bootstrap_used; /* atomic */

static int in_bootstrap(const void *p) {
  return (const unsigned char *)p >= bootstrap &&
         (const unsigned char *)p < bootstrap + BOOTSTRAP_SIZE;
}

/* 16-byte header before each block: its size. */
static void *bootstrap_alloc(size_t alignment, size_t size) {
  if (alignment < 16)
    alignment = 16;
  if (size > BOOTSTRAP_SIZE)
    return NULL;
  size_t used = __atomic_load_n(&bootstrap_used, __ATOMIC_RELAXED);
  size_t start;
  do {
    start = (used + 16 + alignment - 1) / alignment * alignment;
    if (start + size > BOOTSTRAP_SIZE)
      return NULL;
  } while (!__atomic_compare_exchange_n(&bootstrap_used, &used, start + size,
                                        1, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED));
  __atomic_or_fetch(&hook_flags, 2, __ATOMIC_RELAXED);
  memcpy(bootstrap + start - sizeof(size_t), &size, sizeof size);
  memset(bootstrap + start, 0, size);
  return bootstrap + start;
}

static size_t bootstrap_size(const void *p) {
  size_t size;
  memcpy(&size, (const unsigned char *)p - sizeof size, sizeof size);
  return size;
}

/* ---- the next allocator -------------------------------------------------- */

typedef void *alloc_fn(size_t);
typedef void free_fn(void *);
typedef void *calloc_fn(size_t, size_t);
typedef void *realloc_fn(void *, size_t);
typedef void *align_fn(size_t, size_t);
typedef int posix_memalign_fn(void **, size_t, size_t);
typedef void *new_nothrow_fn(size_t, const void *);
typedef void *new_align_fn(size_t, size_t);
typedef void *new_align_nothrow_fn(size_t, size_t, const void *);
typedef void delete_sized_fn(void *, size_t);
typedef void delete_nothrow_fn(void *, const void *);
typedef void delete_align_fn(void *, size_t);
typedef void delete_sized_align_fn(void *, size_t, size_t);
typedef void delete_align_nothrow_fn(void *, size_t, const void *);

/* Glibc's own entry points: the fallback when dlsym finds nothing (a
 * static link). With glibc a strong reference: in a static link that is
 * what pulls glibc's malloc.o out of libc.a (nothing else may need it,
 * since these hooks define malloc), whose strong malloc, free and realloc
 * then win over these weak ones; memory profiling is then off (see
 * start_memory). Weak for C libraries without them. */
#ifdef __GLIBC__
#define LPROF_LIBC_ENTRY
#else
#define LPROF_LIBC_ENTRY __attribute__((weak))
#endif
extern void *__libc_malloc(size_t) LPROF_LIBC_ENTRY;
extern void __libc_free(void *) LPROF_LIBC_ENTRY;
extern void *__libc_calloc(size_t, size_t) LPROF_LIBC_ENTRY;
extern void *__libc_realloc(void *, size_t) LPROF_LIBC_ENTRY;
extern void *__libc_memalign(size_t, size_t) LPROF_LIBC_ENTRY;
extern void *__libc_valloc(size_t) LPROF_LIBC_ENTRY;
extern void *__libc_pvalloc(size_t) LPROF_LIBC_ENTRY;

static void resolve_all(void);
static __thread int resolving __attribute__((tls_model("initial-exec")));

/* Each pointer starts at a resolver that looks everything up, then calls
 * through the pointer again. While a thread resolves, the C functions
 * that dlsym may call are served from the bootstrap buffer. */
static alloc_fn resolve_malloc, resolve_valloc, resolve_pvalloc;
static free_fn resolve_free;
static calloc_fn resolve_calloc;
static realloc_fn resolve_realloc;
static align_fn resolve_memalign, resolve_aligned_alloc;
static posix_memalign_fn resolve_posix_memalign;

static alloc_fn *next_malloc = resolve_malloc;
static free_fn *next_free = resolve_free;
static calloc_fn *next_calloc = resolve_calloc;
static realloc_fn *next_realloc = resolve_realloc;
static align_fn *next_memalign = resolve_memalign;
static align_fn *next_aligned_alloc = resolve_aligned_alloc;
static posix_memalign_fn *next_posix_memalign = resolve_posix_memalign;
static alloc_fn *next_valloc = resolve_valloc;
static alloc_fn *next_pvalloc = resolve_pvalloc;

static void *resolve_malloc(size_t n) {
  if (resolving)
    return bootstrap_alloc(16, n);
  resolve_all();
  return next_malloc(n);
}
static void resolve_free(void *p) {
  if (resolving || in_bootstrap(p))
    return;
  resolve_all();
  next_free(p);
}
static void *resolve_calloc(size_t n, size_t size) {
  if (resolving)
    return size && n > BOOTSTRAP_SIZE / size ? NULL
                                             : bootstrap_alloc(16, n * size);
  resolve_all();
  return next_calloc(n, size);
}
static void *resolve_memalign(size_t alignment, size_t n) {
  if (resolving)
    return bootstrap_alloc(alignment, n);
  resolve_all();
  return next_memalign(alignment, n);
}
static void *resolve_aligned_alloc(size_t alignment, size_t n) {
  if (resolving)
    return bootstrap_alloc(alignment, n);
  resolve_all();
  return next_aligned_alloc(alignment, n);
}
static int resolve_posix_memalign(void **out, size_t alignment, size_t n) {
  if (resolving) {
    *out = bootstrap_alloc(alignment, n);
    return *out ? 0 : ENOMEM;
  }
  resolve_all();
  return next_posix_memalign(out, alignment, n);
}
static void *resolve_valloc(size_t n) {
  resolve_all();
  return next_valloc(n);
}
static void *resolve_pvalloc(size_t n) {
  resolve_all();
  return next_pvalloc(n);
}

static void *resolve_realloc(void *p, size_t n) {
  if (resolving || in_bootstrap(p)) {
    void *fresh = resolving ? bootstrap_alloc(16, n) : next_malloc(n);
    if (fresh && p) {
      size_t old = bootstrap_size(p);
      memcpy(fresh, p, old < n ? old : n);
    }
    return fresh;
  }
  resolve_all();
  return next_realloc(p, n);
}

/* ---- C++: operator new and delete, by their Itanium names ---------------- */

/* X(name, type, resolver body) for each form: new, new[] (plain, nothrow,
 * aligned, aligned nothrow); delete, delete[] (plain, sized, nothrow,
 * aligned, sized aligned, aligned nothrow). */
#define LPROF_NEW_FORMS(X)                                                     \
  X(_Znwm, alloc_fn, (size_t n), (n))                                          \
  X(_Znam, alloc_fn, (size_t n), (n))                                          \
  X(_ZnwmRKSt9nothrow_t, new_nothrow_fn, (size_t n, const void *t), (n, t))    \
  X(_ZnamRKSt9nothrow_t, new_nothrow_fn, (size_t n, const void *t), (n, t))    \
  X(_ZnwmSt11align_val_t, new_align_fn, (size_t n, size_t a), (n, a))          \
  X(_ZnamSt11align_val_t, new_align_fn, (size_t n, size_t a), (n, a))          \
  X(_ZnwmSt11align_val_tRKSt9nothrow_t, new_align_nothrow_fn,                  \
    (size_t n, size_t a, const void *t), (n, a, t))                            \
  X(_ZnamSt11align_val_tRKSt9nothrow_t, new_align_nothrow_fn,                  \
    (size_t n, size_t a, const void *t), (n, a, t))

#define LPROF_DELETE_FORMS(X)                                                  \
  X(_ZdlPv, free_fn, (void *p), (p))                                           \
  X(_ZdaPv, free_fn, (void *p), (p))                                           \
  X(_ZdlPvm, delete_sized_fn, (void *p, size_t n), (p, n))                     \
  X(_ZdaPvm, delete_sized_fn, (void *p, size_t n), (p, n))                     \
  X(_ZdlPvRKSt9nothrow_t, delete_nothrow_fn, (void *p, const void *t), (p, t)) \
  X(_ZdaPvRKSt9nothrow_t, delete_nothrow_fn, (void *p, const void *t), (p, t)) \
  X(_ZdlPvSt11align_val_t, delete_align_fn, (void *p, size_t a), (p, a))       \
  X(_ZdaPvSt11align_val_t, delete_align_fn, (void *p, size_t a), (p, a))       \
  X(_ZdlPvmSt11align_val_t, delete_sized_align_fn,                             \
    (void *p, size_t n, size_t a), (p, n, a))                                  \
  X(_ZdaPvmSt11align_val_t, delete_sized_align_fn,                             \
    (void *p, size_t n, size_t a), (p, n, a))                                  \
  X(_ZdlPvSt11align_val_tRKSt9nothrow_t, delete_align_nothrow_fn,              \
    (void *p, size_t a, const void *t), (p, a, t))                             \
  X(_ZdaPvSt11align_val_tRKSt9nothrow_t, delete_align_nothrow_fn,              \
    (void *p, size_t a, const void *t), (p, a, t))

/* Without a C++ library to forward to (a C program, or a static link),
 * new and delete fall back on the C functions: what libstdc++ does, less
 * the new-handler loop. */
static void *fallback_new(size_t n) {
  void *p = next_malloc(n ? n : 1);
  if (!p)
    abort(); /* no way to throw std::bad_alloc from here */
  return p;
}
static void *fallback_new_nothrow(size_t n, const void *t) {
  (void)t;
  return next_malloc(n ? n : 1);
}
static void *fallback_new_align(size_t n, size_t a) {
  void *p = NULL;
  if (next_posix_memalign(&p, a < sizeof(void *) ? sizeof(void *) : a,
                          n ? n : 1) != 0)
    abort();
  return p;
}
static void *fallback_new_align_nothrow(size_t n, size_t a, const void *t) {
  void *p = NULL;
  (void)t;
  if (next_posix_memalign(&p, a < sizeof(void *) ? sizeof(void *) : a,
                          n ? n : 1) != 0)
    return NULL;
  return p;
}
static void fallback_delete(void *p) { next_free(p); }
static void fallback_delete_sized(void *p, size_t n) {
  (void)n;
  next_free(p);
}
static void fallback_delete_nothrow(void *p, const void *t) {
  (void)t;
  next_free(p);
}
static void fallback_delete_sized_align(void *p, size_t n, size_t a) {
  (void)n;
  (void)a;
  next_free(p);
}
static void fallback_delete_align_nothrow(void *p, size_t a, const void *t) {
  (void)a;
  (void)t;
  next_free(p);
}

#define fallback_for_alloc_fn fallback_new
#define fallback_for_new_nothrow_fn fallback_new_nothrow
#define fallback_for_new_align_fn fallback_new_align
#define fallback_for_new_align_nothrow_fn fallback_new_align_nothrow
#define fallback_for_free_fn fallback_delete
#define fallback_for_delete_sized_fn fallback_delete_sized
#define fallback_for_delete_nothrow_fn fallback_delete_nothrow
#define fallback_for_delete_align_fn fallback_delete_sized
#define fallback_for_delete_sized_align_fn fallback_delete_sized_align
#define fallback_for_delete_align_nothrow_fn fallback_delete_align_nothrow

/* The hooks themselves, for the resolvers to call again. */
#define DECLARE_HOOK(name, type, params, args) type name;
LPROF_NEW_FORMS(DECLARE_HOOK)
LPROF_DELETE_FORMS(DECLARE_HOOK)

#define DEFINE_NEXT(name, type, params, args)                                  \
  static type resolve_##name;                                                  \
  static type *next_##name = resolve_##name;
LPROF_NEW_FORMS(DEFINE_NEXT)
LPROF_DELETE_FORMS(DEFINE_NEXT)

#define DEFINE_RESOLVER_NEW(name, type, params, args)                          \
  static void *resolve_##name params {                                         \
    resolve_all();                                                             \
    return next_##name args;                                                   \
  }
#define DEFINE_RESOLVER_DELETE(name, type, params, args)                       \
  static void resolve_##name params {                                          \
    resolve_all();                                                             \
    next_##name args;                                                          \
  }
LPROF_NEW_FORMS(DEFINE_RESOLVER_NEW)
LPROF_DELETE_FORMS(DEFINE_RESOLVER_DELETE)

static void *lookup_next(const char *name) {
  void *found = dlsym(RTLD_NEXT, name);
  return found;
}

/* Nothing to forward to: a static link with a C library that is not glibc. */
static _Noreturn void no_allocator(void) {
  static const char message[] =
      "lineprof: found no malloc to forward to (static link?)\n";
  ssize_t ignored = write(2, message, sizeof message - 1);
  (void)ignored;
  abort();
}
static void *no_malloc(size_t n) {
  (void)n;
  no_allocator();
}
static void *no_memalign(size_t alignment, size_t n) {
  (void)alignment;
  (void)n;
  no_allocator();
}
static void *no_calloc(size_t n, size_t size) {
  (void)n;
  (void)size;
  no_allocator();
}
static void *no_realloc(void *p, size_t n) {
  (void)p;
  (void)n;
  no_allocator();
}
static void no_free(void *p) {
  (void)p;
  no_allocator();
}
static posix_memalign_fn posix_memalign_from_memalign;

static void resolve_all(void) {
  resolving = 1;
  void *found;
#define RESOLVE_C(name, fallback, last_resort)                                 \
  found = lookup_next(#name);                                                  \
  if (!found)                                                                  \
    found = (void *)(fallback);                                                \
  if (!found)                                                                  \
    found = (void *)(last_resort);                                             \
  __atomic_store_n((void **)&next_##name, found, __ATOMIC_RELEASE);
  RESOLVE_C(malloc, __libc_malloc, no_malloc)
  RESOLVE_C(free, __libc_free, no_free)
  RESOLVE_C(calloc, __libc_calloc, no_calloc)
  RESOLVE_C(realloc, __libc_realloc, no_realloc)
  RESOLVE_C(memalign, __libc_memalign, no_memalign)
  RESOLVE_C(aligned_alloc, __libc_memalign, no_memalign)
  RESOLVE_C(posix_memalign, posix_memalign_from_memalign,
            posix_memalign_from_memalign)
  RESOLVE_C(valloc, __libc_valloc, no_malloc)
  RESOLVE_C(pvalloc, __libc_pvalloc, no_malloc)
#undef RESOLVE_C
#define RESOLVE_CXX(name, type, params, args)                                  \
  found = lookup_next(#name);                                                  \
  if (!found)                                                                  \
    found = (void *)fallback_for_##type;                                       \
  __atomic_store_n((void **)&next_##name, found, __ATOMIC_RELEASE);
  LPROF_NEW_FORMS(RESOLVE_CXX)
  LPROF_DELETE_FORMS(RESOLVE_CXX)
#undef RESOLVE_CXX
  resolving = 0;
}

/* A static link without dlsym's help and without __libc_* (not glibc)
 * cannot work: there is nothing to forward to. posix_memalign has no
 * __libc_ twin; built on memalign then. */
static int posix_memalign_from_memalign(void **out, size_t alignment,
                                        size_t n) {
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
    return EINVAL;
  void *p = next_memalign(alignment, n);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

/* ---- per-thread records -------------------------------------------------- */

/* One line's (or, with index FUNCTION_RECORD, one function's) figures in
 * one thread. Written only by the owning thread, except the retained
 * fields, which only the writer touches (under the write lock).
 *
 * allocs .. freed_bytes are inclusive: the events charged to the line
 * directly (it was the innermost timing-mode line), and those of the
 * profiled calls made on it, added when each call returns. own_* are the
 * direct allocations alone: the line's self figures (MEMF's self_allocs
 * and self_alloc_bytes), and for the record of no line, the run's
 * unattributed figures. */
typedef struct mem_record {
  const void *key; /* the line's counters, the function's block, or NULL */
  struct mem_record *next; /* the thread's list, newest first */
  uint32_t id;             /* function id; 0: unattributed */
  uint32_t index;          /* line index, or FUNCTION_RECORD */
  uint32_t resolved;
  uint64_t allocs, alloc_bytes, frees, freed_bytes;
  uint64_t own_allocs, own_bytes;
  uint64_t peak; /* function records */
  uint64_t retained_blocks, retained_bytes;
} mem_record;

#define FUNCTION_RECORD UINT32_MAX

typedef struct shadow_entry {
  uintptr_t frame; /* __builtin_frame_address(0) of __lprof_memory_enter */
  const void *block;
  mem_record *function;
  __lprof_timed_line *saved_line;
  int64_t entry_level, high;
  /* The activation's events so far, its finished calls' included: added
   * to the calling line when it returns. */
  uint64_t allocs, alloc_bytes, frees, freed_bytes;
} shadow_entry;

typedef struct mem_thread {
  struct mem_thread *next; /* every thread's, newest first */
  mem_record *records;     /* published with release stores */
  mem_record **slots;      /* the hash, owner only */
  size_t slot_mask, slot_used;
  unsigned char *arena; /* record storage */
  size_t arena_left;
  mem_record *last;         /* the last record looked up */
  mem_record *unattributed; /* key NULL */
  shadow_entry *stack;
  size_t depth, capacity;
  int64_t level; /* bytes allocated minus bytes freed by this thread */
  uint64_t untracked_frees;
  uint64_t allocs, alloc_bytes, frees, freed_bytes; /* the thread's totals */
  /* The last block a key was resolved in: lines of one function come in
   * runs. */
  const unsigned char *resolved_begin, *resolved_end;
  uint32_t resolved_id;
} mem_thread;

static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static mem_thread *all_threads;
static __thread mem_thread *self_state
    __attribute__((tls_model("initial-exec")));

/* Bytes live now and at most, all threads together. */
static int64_t live_now, live_peak;

#define ARENA_CHUNK 65536

static mem_record *new_record(mem_thread *t, const void *key) {
  if (t->arena_left < sizeof(mem_record)) {
    t->arena = map_pages(ARENA_CHUNK);
    if (!t->arena)
      out_of_memory();
    t->arena_left = ARENA_CHUNK;
  }
  mem_record *record = (mem_record *)t->arena;
  t->arena += sizeof(mem_record);
  t->arena_left -= sizeof(mem_record);
  record->key = key;
  record->next = t->records;
  __atomic_store_n(&t->records, record, __ATOMIC_RELEASE);
  return record;
}

static size_t hash_pointer(const void *key) {
  uint64_t h = (uint64_t)(uintptr_t)key;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (size_t)h;
}

static void hash_insert(mem_record **slots, size_t mask, mem_record *record) {
  size_t i = hash_pointer(record->key) & mask;
  while (slots[i])
    i = (i + 1) & mask;
  slots[i] = record;
}

static void grow_hash(mem_thread *t) {
  size_t count = t->slot_mask ? (t->slot_mask + 1) * 2 : 256;
  mem_record **slots = map_pages(count * sizeof *slots);
  if (!slots)
    out_of_memory();
  if (t->slots) {
    for (size_t i = 0; i <= t->slot_mask; ++i)
      if (t->slots[i])
        hash_insert(slots, count - 1, t->slots[i]);
    munmap(t->slots, (t->slot_mask + 1) * sizeof *slots);
  }
  t->slots = slots;
  t->slot_mask = count - 1;
}

/* Which function and line `key` is, from the calling thread's timing
 * blocks (registry.c). Not while this thread holds the registry lock. */
static void resolve_record(mem_thread *t, mem_record *record) {
  const unsigned char *key = record->key;
  if (!key) {
    record->resolved = 1;
    return;
  }
  if (__lprof_rt_registry_depth != 0)
    return; /* try again at the next use */
  uint32_t id = 0;
  if (!(key >= t->resolved_begin && key < t->resolved_end)) {
    const unsigned char *begin, *end;
    if (__lprof_rt_find_timing_block(key, &id, &begin, &end) == 0) {
      t->resolved_begin = begin;
      t->resolved_end = end;
      t->resolved_id = id;
    } else {
      record->id = 0; /* not a line of a block we know: unattributed */
      record->resolved = 1;
      return;
    }
  }
  /* A block starts with the call count, then the lines. */
  record->id = t->resolved_id;
  if (key == t->resolved_begin)
    record->index = FUNCTION_RECORD;
  else
    record->index = (uint32_t)((size_t)(key - t->resolved_begin - 8) /
                               sizeof(__lprof_timed_line));
  record->resolved = 1;
}

static mem_record *find_record(mem_thread *t, const void *key) {
  mem_record *last = t->last;
  if (last && last->key == key && last->resolved)
    return last;
  if (!key)
    return t->unattributed;
  size_t i = hash_pointer(key) & t->slot_mask;
  mem_record *record;
  while ((record = t->slots[i]) != NULL && record->key != key)
    i = (i + 1) & t->slot_mask;
  if (!record) {
    if (2 * (t->slot_used + 1) > t->slot_mask + 1)
      grow_hash(t);
    record = new_record(t, key);
    hash_insert(t->slots, t->slot_mask, record);
    ++t->slot_used;
  }
  if (!record->resolved)
    resolve_record(t, record);
  t->last = record;
  return record;
}

static mem_thread *new_thread_state(void) {
  mem_thread *t = map_pages(sizeof *t);
  if (!t)
    out_of_memory();
  grow_hash(t);
  t->unattributed = new_record(t, NULL);
  t->unattributed->resolved = 1;
  lock(&threads_lock);
  t->next = all_threads;
  all_threads = t;
  unlock(&threads_lock);
  self_state = t;
  return t;
}

static inline mem_thread *self(void) {
  mem_thread *t = self_state;
  return t ? t : new_thread_state();
}

/* The record charged for the calling thread's current line. */
static mem_record *current_record(mem_thread *t) {
  const void *line = __lprof_tls.memory_line;
  if (line == &__lprof_tls.sink)
    line = NULL;
  return find_record(t, line);
}

/* ---- the live blocks ----------------------------------------------------- */

#define SHARD_BITS 6
#define SHARDS (1u << SHARD_BITS)

typedef struct live_entry {
  uintptr_t pointer; /* 0: empty */
  uint64_t size;
  mem_record *record; /* the allocating line's */
} live_entry;

typedef struct shard {
  pthread_mutex_t lock;
  live_entry *slots;
  size_t mask, count;
} __attribute__((aligned(128))) shard;

static shard shards[SHARDS];

static void shards_init(void) {
  for (unsigned s = 0; s < SHARDS; ++s)
    pthread_mutex_init(&shards[s].lock, NULL);
}

static void shard_grow(shard *sh) {
  size_t count = sh->mask ? (sh->mask + 1) * 2 : 1024;
  live_entry *slots = map_pages(count * sizeof *slots);
  if (!slots)
    out_of_memory();
  for (size_t i = 0; sh->slots && i <= sh->mask; ++i) {
    if (!sh->slots[i].pointer)
      continue;
    size_t j = (hash_pointer((void *)sh->slots[i].pointer) >> SHARD_BITS) &
               (count - 1);
    while (slots[j].pointer)
      j = (j + 1) & (count - 1);
    slots[j] = sh->slots[i];
  }
  if (sh->slots)
    munmap(sh->slots, (sh->mask + 1) * sizeof *slots);
  sh->slots = slots;
  sh->mask = count - 1;
}

/* Enters a block; returns the size of an entry it replaced (a block whose
 * free we missed), or 0. */
static uint64_t live_insert(void *pointer, uint64_t size, mem_record *record) {
  size_t h = hash_pointer(pointer);
  shard *sh = &shards[h & (SHARDS - 1)];
  uint64_t replaced = 0;
  lock(&sh->lock);
  if (2 * (sh->count + 1) > sh->mask + 1)
    shard_grow(sh);
  size_t i = (h >> SHARD_BITS) & sh->mask;
  while (sh->slots[i].pointer && sh->slots[i].pointer != (uintptr_t)pointer)
    i = (i + 1) & sh->mask;
  if (sh->slots[i].pointer)
    replaced = sh->slots[i].size;
  else
    ++sh->count;
  sh->slots[i].pointer = (uintptr_t)pointer;
  sh->slots[i].size = size;
  sh->slots[i].record = record;
  unlock(&sh->lock);
  return replaced;
}

/* Removes a block; returns 1 and its entry if it was there. */
static int live_remove(void *pointer, live_entry *out) {
  size_t h = hash_pointer(pointer);
  shard *sh = &shards[h & (SHARDS - 1)];
  int found = 0;
  lock(&sh->lock);
  if (sh->slots) {
    size_t i = (h >> SHARD_BITS) & sh->mask;
    while (sh->slots[i].pointer && sh->slots[i].pointer != (uintptr_t)pointer)
      i = (i + 1) & sh->mask;
    if (sh->slots[i].pointer) {
      found = 1;
      *out = sh->slots[i];
      /* Backward-shift deletion keeps linear probing's chains whole. */
      size_t hole = i;
      for (size_t j = (i + 1) & sh->mask; sh->slots[j].pointer;
           j = (j + 1) & sh->mask) {
        size_t home =
            (hash_pointer((void *)sh->slots[j].pointer) >> SHARD_BITS) &
            sh->mask;
        /* Move j into the hole unless its home lies in (hole, j]. */
        int stays = hole <= j ? (home > hole && home <= j)
                              : (home > hole || home <= j);
        if (!stays) {
          sh->slots[hole] = sh->slots[j];
          hole = j;
        }
      }
      sh->slots[hole].pointer = 0;
      --sh->count;
    }
  }
  unlock(&sh->lock);
  return found;
}

/* ---- accounting ---------------------------------------------------------- */

static void drop_deeper(mem_thread *t, uintptr_t frame);

/* The innermost activations may be ones that longjmp skipped: those whose
 * entries lie deeper on the stack than the hook's caller. `frame` is the
 * outermost hook's frame address (slow paths are tail-called, so about
 * the caller's stack pointer). */
static inline void drop_skipped(mem_thread *t, uintptr_t frame) {
  if (t->depth && t->stack[t->depth - 1].frame < frame)
    drop_deeper(t, frame);
}

static void raise_peak(int64_t live) {
  int64_t peak = __atomic_load_n(&live_peak, __ATOMIC_RELAXED);
  while (live > peak &&
         !__atomic_compare_exchange_n(&live_peak, &peak, live, 1,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}

static void on_alloc(void *p, size_t size, uintptr_t frame) {
  mem_thread *t = self();
  drop_skipped(t, frame);
  mem_record *record = current_record(t);
  record->allocs += 1;
  record->alloc_bytes += size;
  record->own_allocs += 1;
  record->own_bytes += size;
  t->allocs += 1;
  t->alloc_bytes += size;
  t->level += (int64_t)size;
  if (t->depth) {
    shadow_entry *top = &t->stack[t->depth - 1];
    top->allocs += 1;
    top->alloc_bytes += size;
    if (t->level > top->high)
      top->high = t->level;
  }
  uint64_t replaced = live_insert(p, size, record);
  raise_peak(__atomic_add_fetch(&live_now, (int64_t)size - (int64_t)replaced,
                                __ATOMIC_RELAXED));
}

static void on_free_of(mem_thread *t, const live_entry *entry) {
  mem_record *record = current_record(t);
  record->frees += 1;
  record->freed_bytes += entry->size;
  t->frees += 1;
  t->freed_bytes += entry->size;
  t->level -= (int64_t)entry->size;
  if (t->depth) {
    shadow_entry *top = &t->stack[t->depth - 1];
    top->frees += 1;
    top->freed_bytes += entry->size;
  }
  __atomic_sub_fetch(&live_now, (int64_t)entry->size, __ATOMIC_RELAXED);
}

static void on_free(void *p, uintptr_t frame) {
  live_entry entry;
  mem_thread *t = self();
  drop_skipped(t, frame);
  if (live_remove(p, &entry))
    on_free_of(t, &entry);
  else
    t->untracked_frees += 1;
}

/* Whether this call is the outermost hooked one of an accounted thread. */
static inline int counting(void) {
  return (hook_flags & 1) && __lprof_rt_hook_depth == 0;
}

static inline void depth_up(void) { ++__lprof_rt_hook_depth; }
static void depth_down(int *unused) {
  (void)unused;
  --__lprof_rt_hook_depth;
}
/* Lowers the depth again even when the forwarded call throws. */
#define SCOPED_DEPTH                                                           \
  uintptr_t frame = (uintptr_t)__builtin_frame_address(0);                     \
  depth_up();                                                                  \
  int depth_guard __attribute__((cleanup(depth_down), unused)) = 0

/* ---- the C hooks --------------------------------------------------------- */

#define HOOK __attribute__((visibility("default")))
#define LIKELY_OFF __builtin_expect(hook_flags != 0, 0)
#define SLOW __attribute__((noinline, cold))

SLOW static void *slow_malloc(size_t n) {
  if (!counting())
    return next_malloc(n);
  SCOPED_DEPTH;
  void *p = next_malloc(n);
  if (p)
    on_alloc(p, n, frame);
  return p;
}

HOOK void *__lprof_rt_hook_malloc(size_t n) {
  if (LIKELY_OFF)
    return slow_malloc(n);
  return next_malloc(n);
}

SLOW static void slow_free(void *p) {
  if (in_bootstrap(p))
    return;
  if (!p || !counting()) {
    next_free(p);
    return;
  }
  SCOPED_DEPTH;
  on_free(p, frame);
  next_free(p);
}

HOOK void __lprof_rt_hook_free(void *p) {
  if (LIKELY_OFF) {
    slow_free(p);
    return;
  }
  next_free(p);
}

SLOW static void *slow_calloc(size_t n, size_t size) {
  if (!counting())
    return next_calloc(n, size);
  SCOPED_DEPTH;
  void *p = next_calloc(n, size);
  if (p)
    on_alloc(p, n * size, frame);
  return p;
}

HOOK void *__lprof_rt_hook_calloc(size_t n, size_t size) {
  if (LIKELY_OFF)
    return slow_calloc(n, size);
  return next_calloc(n, size);
}

SLOW static void *slow_realloc(void *p, size_t n) {
  if (in_bootstrap(p))
    return resolve_realloc(p, n);
  if (!counting())
    return next_realloc(p, n);
  SCOPED_DEPTH;
  if (!p) {
    void *fresh = next_realloc(p, n);
    if (fresh)
      on_alloc(fresh, n, frame);
    return fresh;
  }
  mem_thread *t = self();
  drop_skipped(t, frame);
  live_entry old;
  int had = live_remove(p, &old);
  void *fresh = next_realloc(p, n);
  if (fresh || n == 0) {
    if (had)
      on_free_of(t, &old);
    else
      t->untracked_frees += 1;
    if (fresh)
      on_alloc(fresh, n, frame);
  } else if (had) {
    live_insert(p, old.size, old.record); /* failed: p is still live */
  }
  return fresh;
}

HOOK void *__lprof_rt_hook_realloc(void *p, size_t n) {
  if (LIKELY_OFF)
    return slow_realloc(p, n);
  return next_realloc(p, n);
}

#define ALIGNED_HOOK(name)                                                     \
  SLOW static void *slow_##name(size_t alignment, size_t n) {                  \
    if (!counting())                                                           \
      return next_##name(alignment, n);                                        \
    SCOPED_DEPTH;                                                              \
    void *p = next_##name(alignment, n);                                       \
    if (p)                                                                     \
      on_alloc(p, n, frame);                                                   \
    return p;                                                                  \
  }                                                                            \
  HOOK void *__lprof_rt_hook_##name(size_t alignment, size_t n) {              \
    if (LIKELY_OFF)                                                            \
      return slow_##name(alignment, n);                                        \
    return next_##name(alignment, n);                                          \
  }
ALIGNED_HOOK(aligned_alloc)
ALIGNED_HOOK(memalign)

SLOW static int slow_posix_memalign(void **out, size_t alignment, size_t n) {
  if (!counting())
    return next_posix_memalign(out, alignment, n);
  SCOPED_DEPTH;
  int result = next_posix_memalign(out, alignment, n);
  if (result == 0 && *out)
    on_alloc(*out, n, frame);
  return result;
}

HOOK int __lprof_rt_hook_posix_memalign(void **out, size_t alignment,
                                        size_t n) {
  if (LIKELY_OFF)
    return slow_posix_memalign(out, alignment, n);
  return next_posix_memalign(out, alignment, n);
}

#define PAGE_HOOK(name)                                                        \
  SLOW static void *slow_##name(size_t n) {                                    \
    if (!counting())                                                           \
      return next_##name(n);                                                   \
    SCOPED_DEPTH;                                                              \
    void *p = next_##name(n);                                                  \
    if (p)                                                                     \
      on_alloc(p, n, frame);                                                   \
    return p;                                                                  \
  }                                                                            \
  HOOK void *__lprof_rt_hook_##name(size_t n) {                                \
    if (LIKELY_OFF)                                                            \
      return slow_##name(n);                                                   \
    return next_##name(n);                                                     \
  }
PAGE_HOOK(valloc)
PAGE_HOOK(pvalloc)

/* The public names: weak aliases, so a program's own definitions win. */
#define PUBLIC(name)                                                           \
  extern __typeof__(__lprof_rt_hook_##name) name                               \
      __attribute__((weak, alias("__lprof_rt_hook_" #name),                    \
                     visibility("default")));
PUBLIC(malloc)
PUBLIC(free)
PUBLIC(calloc)
PUBLIC(realloc)
PUBLIC(aligned_alloc)
PUBLIC(memalign)
PUBLIC(posix_memalign)
PUBLIC(valloc)
PUBLIC(pvalloc)

/* ---- the C++ hooks ------------------------------------------------------- */

/* n: the size to account; p: the block. */
#define NEW_HOOK(name, type, params, args, size)                               \
  SLOW static void *slow_##name params {                                       \
    if (!counting())                                                           \
      return next_##name args;                                                 \
    SCOPED_DEPTH;                                                              \
    void *p = next_##name args;                                                \
    if (p)                                                                     \
      on_alloc(p, size, frame);                                                \
    return p;                                                                  \
  }                                                                            \
  __attribute__((weak, visibility("default"))) void *name params {             \
    if (LIKELY_OFF)                                                            \
      return slow_##name args;                                                 \
    return next_##name args;                                                   \
  }

#define NEW_HOOK_X(name, type, params, args)                                  \
  NEW_HOOK(name, type, params, args, n)
LPROF_NEW_FORMS(NEW_HOOK_X)

#define DELETE_HOOK(name, type, params, args)                                  \
  SLOW static void slow_##name params {                                        \
    if (!p || !counting()) {                                                   \
      next_##name args;                                                        \
      return;                                                                  \
    }                                                                          \
    SCOPED_DEPTH;                                                              \
    on_free(p, frame);                                                         \
    next_##name args;                                                          \
  }                                                                            \
  __attribute__((weak, visibility("default"))) void name params {              \
    if (LIKELY_OFF) {                                                          \
      slow_##name args;                                                        \
      return;                                                                  \
    }                                                                          \
    next_##name args;                                                          \
  }
LPROF_DELETE_FORMS(DELETE_HOOK)

/* ---- the shadow stack ---------------------------------------------------- */

static void push_entry(mem_thread *t, const shadow_entry *entry) {
  if (t->depth == t->capacity) {
    size_t capacity = t->capacity ? t->capacity * 2 : 256;
    shadow_entry *stack = map_pages(capacity * sizeof *stack);
    if (!stack)
      out_of_memory();
    if (t->stack) {
      memcpy(stack, t->stack, t->depth * sizeof *stack);
      munmap(t->stack, t->capacity * sizeof *stack);
    }
    t->stack = stack;
    t->capacity = capacity;
  }
  t->stack[t->depth++] = *entry;
}

/* Pops the top entry: its events go to the line that called it (and to
 * its parent's, for the lines further out), its rise above its entry level
 * into its function's peak, its high-water mark into its parent's. */
static void pop_entry(mem_thread *t) {
  shadow_entry *top = &t->stack[--t->depth];
  int64_t rise = top->high - top->entry_level;
  if (top->function && rise > 0 && (uint64_t)rise > top->function->peak)
    top->function->peak = (uint64_t)rise;
  const void *caller_line = top->saved_line;
  if ((top->allocs | top->frees) != 0 && caller_line &&
      caller_line != &__lprof_tls.sink) {
    mem_record *caller = find_record(t, caller_line);
    caller->allocs += top->allocs;
    caller->alloc_bytes += top->alloc_bytes;
    caller->frees += top->frees;
    caller->freed_bytes += top->freed_bytes;
  }
  if (t->depth) {
    shadow_entry *parent = &t->stack[t->depth - 1];
    if (top->high > parent->high)
      parent->high = top->high;
    parent->allocs += top->allocs;
    parent->alloc_bytes += top->alloc_bytes;
    parent->frees += top->frees;
    parent->freed_bytes += top->freed_bytes;
  }
}

/* Entries deeper on the stack than `frame` belong to activations that
 * longjmp skipped: they cannot be running any more. */
static void drop_deeper(mem_thread *t, uintptr_t frame) {
  while (t->depth && t->stack[t->depth - 1].frame < frame)
    pop_entry(t);
}

LPROF_EXPORT __attribute__((noinline)) void __lprof_memory_enter(void *block) {
  uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
  mem_thread *t = self();
  ++__lprof_rt_hook_depth;
  drop_deeper(t, frame);
  shadow_entry entry;
  entry.frame = frame;
  entry.block = block;
  entry.function = find_record(t, block);
  entry.saved_line = __lprof_tls.memory_line;
  entry.entry_level = entry.high = t->level;
  entry.allocs = entry.alloc_bytes = entry.frees = entry.freed_bytes = 0;
  push_entry(t, &entry);
  --__lprof_rt_hook_depth;
}

/* How far down the stack a leave looks for its own entry (above it: those
 * of inlined callees that longjmp skipped). */
#define LEAVE_SEARCH 16

LPROF_EXPORT __attribute__((noinline)) void __lprof_memory_leave(void *block) {
  uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
  mem_thread *t = self();
  drop_deeper(t, frame);
  size_t limit = t->depth > LEAVE_SEARCH ? t->depth - LEAVE_SEARCH : 0;
  for (size_t i = t->depth; i > limit; --i) {
    if (t->stack[i - 1].block != block)
      continue;
    while (t->depth > i)
      pop_entry(t);
    __lprof_tls.memory_line = t->stack[i - 1].saved_line;
    pop_entry(t);
    return;
  }
  /* Not ours (a coroutine finishing on another thread): leave it be. */
}

/* ---- start-up, fork ------------------------------------------------------ */

static void before_fork(void) {
  lock(&threads_lock);
  for (unsigned s = 0; s < SHARDS; ++s)
    pthread_mutex_lock(&shards[s].lock);
}

static void after_fork_in_parent(void) {
  for (unsigned s = SHARDS; s-- > 0;)
    pthread_mutex_unlock(&shards[s].lock);
  unlock(&threads_lock);
}

static void zero_record(mem_record *record) {
  record->allocs = record->alloc_bytes = 0;
  record->frees = record->freed_bytes = 0;
  record->own_allocs = record->own_bytes = 0;
  record->peak = 0;
}

/* The child starts with empty figures, like its empty counters: other
 * threads' records go, this thread's are zeroed (its active frames and
 * the hash still point at them), the live table empties. */
static void after_fork_in_child(void) {
  for (unsigned s = 0; s < SHARDS; ++s) {
    if (shards[s].slots)
      munmap(shards[s].slots, (shards[s].mask + 1) * sizeof(live_entry));
    shards[s].slots = NULL;
    shards[s].mask = shards[s].count = 0;
    pthread_mutex_init(&shards[s].lock, NULL);
  }
  mem_thread *mine = self_state;
  all_threads = mine;
  if (mine) {
    mine->next = NULL;
    for (mem_record *r = mine->records; r; r = r->next)
      zero_record(r);
    mine->level = 0;
    mine->untracked_frees = 0;
    mine->allocs = mine->alloc_bytes = mine->frees = mine->freed_bytes = 0;
    for (size_t i = 0; i < mine->depth; ++i) {
      shadow_entry *e = &mine->stack[i];
      e->entry_level = e->high = 0;
      e->allocs = e->alloc_bytes = e->frees = e->freed_bytes = 0;
    }
  }
  live_now = live_peak = 0;
  pthread_mutex_init(&threads_lock, NULL);
  __lprof_rt_critical_end(); /* before_fork's */
}

static int env_on(const char *name) {
  const char *value = getenv(name);
  return value && *value && strcmp(value, "0") != 0;
}

/* Early, so that most of the program's allocations are seen: blocks
 * allocated before this ran are counted only in untracked_frees when
 * freed. */
__attribute__((constructor(101))) static void start_memory(void) {
  shards_init();
  if (!env_on("LPROF_MEMORY"))
    return;
  /* No dynamic loader: a static link, where the C library's malloc is
   * linked in whole and cannot be hooked. */
  if (getauxval(AT_BASE) == 0) {
    __lprof_rt_say("lineprof: LPROF_MEMORY is ignored: the program is "
                   "linked statically, so its malloc is the C library's "
                   "own, which lineprof cannot see\n",
                   NULL);
    return;
  }
  ++__lprof_rt_hook_depth;
  pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
  /* Are these hooks the process's malloc? Not if the program defines its
   * own (ours are weak), or links an allocator statically. */
  void *(*volatile ours)(size_t) = __lprof_rt_hook_malloc;
  void *(*volatile theirs)(size_t) = malloc;
  void *global = dlsym(RTLD_DEFAULT, "malloc");
  if (theirs != ours || (global && global != (void *)ours))
    fputs("lineprof: LPROF_MEMORY: the program brings its own malloc, so "
          "lineprof sees only the allocations made through operator new\n",
          stderr);
  --__lprof_rt_hook_depth;
  __lprof_rt_memory_on = 1;
  __atomic_or_fetch(&hook_flags, 1, __ATOMIC_RELEASE);
  __lprof_tls.memory = 1;
}

/* ---- what the writer asks ------------------------------------------------ */

int __lprof_rt_memory_enabled(void) { return __lprof_rt_memory_on; }

static uint64_t load(const uint64_t *value) {
  return __atomic_load_n(value, __ATOMIC_RELAXED);
}

int __lprof_rt_memory_collect(const uint32_t *index_of, uint32_t id_count,
                              lprof_rt_memory_function *functions,
                              lprof_rt_memory_run *run) {
  memset(run, 0, sizeof *run);
  /* Bounded waits in a write for a signal (signals.c). */
  __lprof_rt_critical_begin();
  if (__lprof_rt_lock_mutex(&threads_lock) != 0) {
    __lprof_rt_critical_end();
    return -1;
  }
  for (mem_thread *t = all_threads; t; t = t->next)
    for (mem_record *r = __atomic_load_n(&t->records, __ATOMIC_ACQUIRE); r;
         r = r->next)
      r->retained_blocks = r->retained_bytes = 0;
  for (unsigned s = 0; s < SHARDS; ++s) {
    shard *sh = &shards[s];
    if (__lprof_rt_lock_mutex(&sh->lock) != 0) {
      unlock(&threads_lock);
      return -1;
    }
    for (size_t i = 0; sh->slots && i <= sh->mask; ++i) {
      live_entry *e = &sh->slots[i];
      if (!e->pointer)
        continue;
      e->record->retained_blocks += 1;
      e->record->retained_bytes += e->size;
    }
    pthread_mutex_unlock(&sh->lock);
  }
  for (mem_thread *t = all_threads; t; t = t->next) {
    run->untracked_frees += load(&t->untracked_frees);
    run->allocs += load(&t->allocs);
    run->alloc_bytes += load(&t->alloc_bytes);
    run->frees += load(&t->frees);
    run->freed_bytes += load(&t->freed_bytes);
    for (mem_record *r = __atomic_load_n(&t->records, __ATOMIC_ACQUIRE); r;
         r = r->next) {
      uint64_t allocs = load(&r->allocs), alloc_bytes = load(&r->alloc_bytes);
      uint64_t frees = load(&r->frees), freed_bytes = load(&r->freed_bytes);
      uint32_t resolved = __atomic_load_n(&r->resolved, __ATOMIC_ACQUIRE);
      uint32_t g = resolved && r->id != 0 && r->id < id_count
                       ? index_of[r->id]
                       : UINT32_MAX;
      if (g == UINT32_MAX || (r->index != FUNCTION_RECORD &&
                              r->index >= functions[g].num_lines)) {
        run->unattributed_allocs += load(&r->own_allocs);
        run->unattributed_bytes += load(&r->own_bytes);
        continue;
      }
      lprof_rt_memory_function *f = &functions[g];
      if (r->index == FUNCTION_RECORD) {
        uint64_t peak = load(&r->peak);
        if (peak > f->peak_bytes)
          f->peak_bytes = peak;
        continue;
      }
      lprof_rt_memory_line *line = &f->lines[r->index];
      line->allocs += allocs;
      line->alloc_bytes += alloc_bytes;
      line->frees += frees;
      line->freed_bytes += freed_bytes;
      line->retained_blocks += r->retained_blocks;
      line->retained_bytes += r->retained_bytes;
      line->self_allocs += load(&r->own_allocs);
      line->self_alloc_bytes += load(&r->own_bytes);
    }
  }
  run->live_bytes = run->alloc_bytes - run->freed_bytes;
  int64_t peak = __atomic_load_n(&live_peak, __ATOMIC_RELAXED);
  run->peak_live_bytes = peak > 0 ? (uint64_t)peak : 0;
  if (run->peak_live_bytes < run->live_bytes)
    run->peak_live_bytes = run->live_bytes;
  unlock(&threads_lock);
  return 0;
}
