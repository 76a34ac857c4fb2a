/*
 * edges.c - call edges: per thread, per (calling line, callee function),
 * the activations that ended and their time (docs/lprof-format.md, EDGE).
 *
 * Timing mode's leave finds the edge through a one-entry cache in the
 * callee's block (the edge its last activation came from, lineprof_abi.h)
 * and comes here when the calling line differs: to the thread's own index,
 * an open-addressing table keyed by the two pointers (calling line, callee
 * block), and on an edge's first use to make it. The record is linked
 * into the thread's list under the registry lock, which the writer holds
 * while it reads the list; the index is the owning thread's alone. What
 * the pointers stand for (functions, line) is found when the profile is
 * written, from the thread's blocks sorted by address, so the slow path
 * searches nothing.
 *
 * Count mode counts a call at the callee's entry, through a two-entry
 * cache in the calling line's call site (a count-mode block's, after its
 * hits), and comes here when the callee differs; its edges are keyed by
 * (call site, callee block) in the same table, the call site standing for
 * its line (__lprof_function.call_lines). No times.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

/* Counts of activations when no edge can be made (out of memory, or the
 * thread has no record): never written. Its caller is 0, which no
 * activation has, so it never hits the cache. */
static __thread __lprof_call_edge discarded
    __attribute__((tls_model("initial-exec")));

static size_t hash_keys(const void *caller, const void *callee) {
  uint64_t key = (uint64_t)(uintptr_t)caller * 0x9E3779B97F4A7C15ull ^
                 (uint64_t)(uintptr_t)callee;
  key ^= key >> 29;
  key *= 0xBF58476D1CE4E5B9ull;
  return (size_t)(key ^ (key >> 32));
}

static lprof_rt_edge *find_edge(const lprof_rt_thread *thread,
                                const void *caller, const void *callee) {
  if (thread->edge_index_size == 0)
    return NULL;
  size_t mask = thread->edge_index_size - 1;
  for (size_t slot = hash_keys(caller, callee) & mask;;
       slot = (slot + 1) & mask) {
    lprof_rt_edge *edge = thread->edge_index[slot];
    if (!edge || (edge->counts.caller == caller && edge->callee_key == callee))
      return edge;
  }
}

static void insert_edge(lprof_rt_edge **index, uint32_t size,
                        lprof_rt_edge *edge) {
  size_t mask = size - 1;
  size_t slot = hash_keys(edge->counts.caller, edge->callee_key) & mask;
  while (index[slot])
    slot = (slot + 1) & mask;
  index[slot] = edge;
}

/* Keeps the index at most half full. Returns -1 if out of memory. */
static int reserve_index(lprof_rt_thread *thread) {
  if ((uint64_t)(thread->edge_count + 1) * 2 <= thread->edge_index_size)
    return 0;
  uint32_t size = thread->edge_index_size ? thread->edge_index_size * 2 : 64;
  lprof_rt_edge **index = __lprof_rt_alloc_lines(size * sizeof *index);
  if (!index)
    return -1;
  for (lprof_rt_edge *edge = thread->edges; edge; edge = edge->next)
    insert_edge(index, size, edge);
  __lprof_rt_free_lines(thread->edge_index,
                        thread->edge_index_size * sizeof *index);
  thread->edge_index = index;
  thread->edge_index_size = size;
  return 0;
}

static __lprof_call_edge *make_edge(lprof_rt_thread *self, void *block,
                                    const void *caller) {
  if (reserve_index(self) != 0)
    return &discarded;
  lprof_rt_edge *edge = (lprof_rt_edge *)__lprof_rt_arena_alloc(
      &self->arena, sizeof *edge);
  if (!edge)
    return &discarded;
  edge->counts.caller = caller;
  edge->callee_key = block;
  insert_edge(self->edge_index, self->edge_index_size, edge);
  ++self->edge_count;
  __lprof_rt_lock_registry(); /* the writer may be reading the list */
  edge->next = self->edges;
  self->edges = edge;
  __lprof_rt_unlock_registry();
  return &edge->counts;
}

LPROF_EXPORT __lprof_call_edge *
__lprof_edge__link_with_liblineprof_rt(void *block, const void *caller) {
  lprof_rt_thread *self = __lprof_rt_this_thread();
  if (!self)
    return &discarded;
  __lprof_rt_busy_begin();
  lprof_rt_edge *found = find_edge(self, caller, block);
  __lprof_call_edge *edge =
      found ? &found->counts : make_edge(self, block, caller);
  __LPROF_TIMES(block)->edge = edge;
  __lprof_rt_busy_end();
  return edge;
}

_Static_assert(sizeof(__lprof_call_site) == __LPROF_SITE_WORDS * 8,
               "the instrumenter's call site offsets (CallSites::SiteWords)");

/* Count mode: the calls are counted at the callee's entry, from the call
 * site the thread is on (lineprof_abi.h, __lprof_count_call), whose cache
 * missed. A site in scratch memory (its function started while disabled)
 * caches nothing: other functions' hits land there. */
LPROF_EXPORT void
__lprof_call_site_miss__link_with_liblineprof_rt(__lprof_call_site *site,
                                                 const void *block,
                                                 uint32_t id) {
  lprof_rt_thread *self = __lprof_rt_this_thread();
  if (!self || (id & LPROF_DISABLED_ID) || __lprof_rt_in_scratch(self, block))
    return; /* disabled: the callee's block is scratch */
  __lprof_rt_busy_begin();
  lprof_rt_edge *found = find_edge(self, site, block);
  __lprof_call_edge *edge =
      found ? &found->counts : make_edge(self, (void *)block, site);
  if (edge != &discarded && !__lprof_rt_in_scratch(self, site)) {
    site->callee[1] = site->callee[0];
    site->edge[1] = site->edge[0];
    site->callee[0] = id;
    site->edge[0] = edge;
  }
  __LPROF_ADD(edge->calls, 1);
  __lprof_rt_busy_end();
}

/* ---- what the keys stand for ------------------------------------------- */

static int compare_spans(const void *left, const void *right) {
  const unsigned char *a = ((const lprof_rt_block_span *)left)->begin;
  const unsigned char *b = ((const lprof_rt_block_span *)right)->begin;
  return a < b ? -1 : a > b;
}

size_t __lprof_rt_block_span_capacity(const lprof_rt_thread *thread) {
  return (size_t)thread->capacity[LPROF_TIMING] +
         thread->capacity[LPROF_COUNT] + 1;
}

size_t __lprof_rt_block_spans(const lprof_rt_thread *thread,
                              lprof_rt_block_span *blocks) {
  static const uint32_t modes[] = {LPROF_TIMING, LPROF_COUNT};
  size_t count = 0;
  for (size_t m = 0; m < sizeof modes / sizeof *modes; ++m) {
    uint32_t mode = modes[m];
    uint32_t end = thread->capacity[mode];
    if (end > __lprof_rt_function_count + 1)
      end = __lprof_rt_function_count + 1;
    for (uint32_t id = 1; id < end; ++id) {
      const unsigned char *block = thread->tables[mode][id];
      if (!block)
        continue;
      const __lprof_function *fn = __lprof_rt_functions[id];
      blocks[count].begin = block;
      blocks[count].end =
          block + sizeof(uint64_t) +
          (mode == LPROF_COUNT
               ? (size_t)fn->num_lines * sizeof(uint64_t) +
                     (size_t)fn->num_call_lines * sizeof(__lprof_call_site)
               : (size_t)fn->num_lines * sizeof(__lprof_timed_line));
      blocks[count].id = id;
      blocks[count].mode = mode;
      ++count;
    }
  }
  __lprof_rt_sort(blocks, count, sizeof *blocks, compare_spans);
  return count;
}

/* The line index that `at`, in the span of `caller`, stands for: a timed
 * line, or a count-mode block's call site. 0 with *found 0 if neither. */
static uint32_t caller_line(const lprof_rt_block_span *caller,
                            const unsigned char *at, int *found) {
  const __lprof_function *fn = __lprof_rt_functions[caller->id];
  *found = 0;
  if (at < caller->begin + sizeof(uint64_t))
    return 0;
  size_t offset = (size_t)(at - caller->begin - sizeof(uint64_t));
  if (caller->mode != LPROF_COUNT) {
    *found = 1;
    return (uint32_t)(offset / sizeof(__lprof_timed_line));
  }
  size_t sites = (size_t)fn->num_lines * sizeof(uint64_t);
  if (offset < sites || !fn->call_lines)
    return 0;
  size_t site = (offset - sites) / sizeof(__lprof_call_site);
  if (site >= fn->num_call_lines || fn->call_lines[site] >= fn->num_lines)
    return 0;
  *found = 1;
  return fn->call_lines[site];
}

/* The span that holds `at`, or NULL. */
static const lprof_rt_block_span *
find_span(const void *at, const lprof_rt_block_span *blocks, size_t count) {
  const unsigned char *key = at;
  size_t low = 0, high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (key < blocks[middle].begin)
      high = middle;
    else if (key >= blocks[middle].end)
      low = middle + 1;
    else
      return &blocks[middle];
  }
  return NULL;
}

lprof_rt_edge_ends __lprof_rt_edge_ends(const lprof_rt_thread *thread,
                                        const lprof_rt_edge *edge,
                                        const lprof_rt_block_span *blocks,
                                        size_t count) {
  lprof_rt_edge_ends ends = {0, 0, 0};
  if (thread->number == LPROF_FOLDED_THREAD) {
    uint64_t caller = (uint64_t)(uintptr_t)edge->counts.caller;
    ends.caller_id = (uint32_t)(caller >> 32);
    ends.caller_line = (uint32_t)caller;
    ends.callee_id = (uint32_t)(uintptr_t)edge->callee_key;
    return ends;
  }
  /* A block's key is its start: the one span it begins. */
  const lprof_rt_block_span *callee = find_span(edge->callee_key, blocks, count);
  if (!callee || callee->begin != (const unsigned char *)edge->callee_key)
    return ends; /* scratch memory: calls made while disabled */
  ends.callee_id = callee->id;
  const lprof_rt_block_span *caller =
      edge->counts.caller == thread->sink
          ? NULL
          : find_span(edge->counts.caller, blocks, count);
  int found = 0;
  uint32_t line =
      caller ? caller_line(caller, edge->counts.caller, &found) : 0;
  if (found) {
    ends.caller_id = caller->id;
    ends.caller_line = line;
  }
  return ends;
}

/* ---- thread exit and fork ------------------------------------------------ */

static void add_counts(__lprof_call_edge *to, const __lprof_call_edge *from) {
  to->calls += __atomic_load_n(&from->calls, __ATOMIC_RELAXED);
  to->ticks += __atomic_load_n(&from->ticks, __ATOMIC_RELAXED);
  to->probes += __atomic_load_n(&from->probes, __ATOMIC_RELAXED);
}

/* At the exit of a thread (not in a signal handler): malloc is fine. */
int __lprof_rt_fold_edges_locked(lprof_rt_thread *folded,
                                 const lprof_rt_thread *thread) {
  if (!thread->edges)
    return 0;
  lprof_rt_block_span *blocks =
      malloc(__lprof_rt_block_span_capacity(thread) * sizeof *blocks);
  if (!blocks)
    return -1;
  size_t count = __lprof_rt_block_spans(thread, blocks);
  int result = 0;
  for (const lprof_rt_edge *from = thread->edges; from && result == 0;
       from = from->next) {
    lprof_rt_edge_ends ends = __lprof_rt_edge_ends(thread, from, blocks, count);
    if (ends.callee_id == 0)
      continue;
    const void *caller =
        (const void *)(uintptr_t)((uint64_t)ends.caller_id << 32 |
                                  ends.caller_line);
    const void *callee = (const void *)(uintptr_t)ends.callee_id;
    lprof_rt_edge *to = folded->edges;
    while (to && (to->counts.caller != caller || to->callee_key != callee))
      to = to->next;
    if (!to) {
      to = (lprof_rt_edge *)__lprof_rt_arena_alloc(&folded->arena, sizeof *to);
      if (!to) {
        result = -1;
        break;
      }
      to->counts.caller = caller;
      to->callee_key = callee;
      to->next = folded->edges;
      folded->edges = to;
      ++folded->edge_count;
    }
    add_counts(&to->counts, &from->counts);
  }
  free(blocks);
  return result;
}

void __lprof_rt_zero_edges(lprof_rt_thread *thread) {
  for (lprof_rt_edge *edge = thread->edges; edge; edge = edge->next)
    edge->counts.calls = edge->counts.ticks = edge->counts.probes = 0;
}

void __lprof_rt_free_edges(lprof_rt_thread *thread) {
  __lprof_rt_free_lines(thread->edge_index,
                        thread->edge_index_size * sizeof *thread->edge_index);
  thread->edge_index = NULL;
  thread->edge_index_size = 0;
  thread->edges = NULL;
  thread->edge_count = 0;
}
